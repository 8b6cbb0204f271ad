import { Alert, Anchor, Button, Card, Checkbox, Group, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconRestore, IconSearch, IconTrashX } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { roleAtLeast } from '../../../domain/role';
import { defaultClientSettings, useClientSettings } from '../../api/clientMeta';
import type { Client } from '../../api/clientTypes';
import { clientsKey, useClientList, useDeleteClient, useRestoreClient } from '../../api/clients';
import { BulkBar } from '../../components/clients/BulkBar';
import { ClientAvatar, clientsWord, numberFormat, showPhone, StatusBadge } from '../../components/clients/ClientBits';
import { noSelection, type Selection } from '../../components/clients/selection';
import { ConfirmModal } from '../../components/ConfirmModal';
import { formatRelative } from '../../components/format';
import { showApiError } from '../../components/formErrors';
import { PageHeader } from '../../components/PageHeader';
import { useSession } from '../../components/RequireAuth';

/** Deleted clients: restore them, or (owners and admins) delete them for good. */
export function ClientTrashPage() {
  const me = useSession();
  const settings = useClientSettings();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 250);
  const list = useClientList({ q, deleted: 'only', sort: '-updatedAt' }, 50);
  const restore = useRestoreClient();
  const purge = useDeleteClient();
  const [purging, setPurging] = useState<Client | null>(null);
  const canWrite = roleAtLeast(me.role, 'member');
  const admin = roleAtLeast(me.role, 'admin');
  const days = settings.data?.trashDays ?? defaultClientSettings.trashDays;
  const clients = list.data?.pages.flatMap((p) => p.data) ?? [];
  const total = list.data?.pages[0]?.total ?? undefined;
  const [selection, setSelection] = useState<Selection>(noSelection);
  const everything = selection.mode === 'all';
  // The count "all" meant when chosen: restoring them empties the Trash, and the bulk bar (with
  // its progress and result) must stay up until it is closed.
  const [allCount, setAllCount] = useState(0);
  const picked = selection.mode === 'ids' ? selection.ids : new Set<string>();
  // A new search is a new set of clients: what was picked no longer means the same.
  const [selectionFor, setSelectionFor] = useState(q);
  if (selectionFor !== q) {
    setSelectionFor(q);
    setSelection(noSelection);
  }
  const togglePick = (id: string) => {
    // Unpicking one row of "all in Trash" leaves the loaded rows but that one.
    const ids = everything ? new Set(clients.map((c) => c.id)) : new Set(picked);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    setSelection({ mode: 'ids', ids });
  };
  const loadedPicked = clients.length > 0 && clients.every((c) => picked.has(c.id));
  const allPicked = everything || loadedPicked;
  const isPicked = (id: string) => everything || picked.has(id);

  const qc = useQueryClient();
  // A restore by filter may run as a background job that finishes after the request: read the Trash again.
  const clearAndRefresh = () => {
    setSelection(noSelection);
    void qc.invalidateQueries({ queryKey: clientsKey });
  };

  const doRestore = (c: Client) =>
    restore.mutate(c.id, {
      onSuccess: () =>
        notifications.show({
          color: 'teal',
          title: 'Restored',
          // Notifications render outside the router: plain text, no links.
          message: `${c.displayName} is back in the client list.`,
        }),
      onError: (e) => showApiError(e, undefined, `Could not restore ${c.displayName}`),
    });

  return (
    <>
      <Anchor component={Link} to="/clients" size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden /> Clients
      </Anchor>
      <PageHeader title="Trash" description={`Deleted clients stay here for ${days} days, then they are purged. ${total !== undefined ? `${clientsWord(total)} in the Trash.` : ''}`} />
      <TextInput aria-label="Search the Trash" placeholder="Search deleted clients" leftSection={<IconSearch size={16} />} value={search} onChange={(e) => setSearch(e.currentTarget.value)} mb="sm" type="search" maw={420} />
      {canWrite && clients.length > 0 && (
        <Group gap="sm" mb="xs">
          <Checkbox
            label={allPicked ? 'Unselect all' : `Select all ${clients.length} shown`}
            checked={allPicked}
            indeterminate={!everything && picked.size > 0 && !allPicked}
            onChange={() => setSelection(allPicked ? noSelection : { mode: 'ids', ids: new Set(clients.map((c) => c.id)) })}
            size="sm"
          />
        </Group>
      )}
      {canWrite && allPicked && total !== undefined && total > clients.length && (
        <Alert variant="light" color="indigo" mb="xs" p="xs">
          <Group gap="xs" wrap="wrap">
            {everything ? (
              <>
                <Text size="sm">All {clientsWord(total)} {q ? 'matching' : 'in the Trash'} are selected.</Text>
                <Anchor component="button" size="sm" onClick={() => setSelection(noSelection)}>
                  Clear selection
                </Anchor>
              </>
            ) : (
              <>
                <Text size="sm">The {numberFormat.format(clients.length)} loaded clients are selected.</Text>
                <Anchor
                  component="button"
                  size="sm"
                  fw={600}
                  onClick={() => {
                    setAllCount(total);
                    setSelection({ mode: 'all' });
                  }}
                >
                  Select all {clientsWord(total)} {q ? 'matching' : 'in the Trash'}
                </Anchor>
              </>
            )}
          </Group>
        </Alert>
      )}
      {canWrite && (
        <BulkBar selection={selection} count={everything ? allCount : picked.size} query={{ q, deleted: 'only' }} onClear={clearAndRefresh} tagOptions={[]} ownerOptions={[]} trash canDelete={false} />
      )}
      {list.isPending && <Stack>{[0, 1, 2].map((i) => <Skeleton key={i} h={60} />)}</Stack>}
      {list.isError && <Alert color="red">{list.error.message}</Alert>}
      {list.isSuccess && clients.length === 0 && <Text c="dimmed">{q ? 'No deleted client matches.' : 'The Trash is empty. Deleted clients appear here and can be restored.'}</Text>}
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Deleted clients">
        {clients.map((c) => (
          <Card key={c.id} withBorder padding="sm" component="li">
            <Group justify="space-between" wrap="wrap" gap="sm">
              <Group gap="sm" wrap="nowrap" style={{ minWidth: 0, flex: '1 1 260px' }}>
                {canWrite && <Checkbox aria-label={`Select ${c.displayName}`} checked={isPicked(c.id)} onChange={() => togglePick(c.id)} />}
                <ClientAvatar client={c} />
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Group gap="xs" wrap="nowrap">
                    <Anchor component={Link} to={`/clients/${c.id}`} fw={600} truncate="end">
                      {c.displayName}
                    </Anchor>
                    <StatusBadge status={c.status} size="xs" />
                  </Group>
                  <Text size="xs" c="dimmed" truncate="end">
                    {[c.email, showPhone(c.phone)].filter(Boolean).join(' · ')}
                  </Text>
                  <Text size="xs" c="dimmed">
                    Deleted {formatRelative(c.deletedAt)}
                  </Text>
                </Stack>
              </Group>
              {canWrite && (
                <Group gap="xs">
                  <Button size="xs" variant="light" leftSection={<IconRestore size={14} />} onClick={() => doRestore(c)} loading={restore.isPending && restore.variables === c.id} aria-label={`Restore ${c.displayName}`}>
                    Restore
                  </Button>
                  {admin && (
                    <Button size="xs" variant="subtle" color="red" leftSection={<IconTrashX size={14} />} onClick={() => setPurging(c)} aria-label={`Delete ${c.displayName} permanently`}>
                      Delete permanently
                    </Button>
                  )}
                </Group>
              )}
            </Group>
          </Card>
        ))}
      </Stack>
      {list.hasNextPage && (
        <Group justify="center" mt="md">
          <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            Load more
          </Button>
        </Group>
      )}
      <ConfirmModal
        opened={purging !== null}
        onClose={() => setPurging(null)}
        title={`Delete ${purging?.displayName ?? ''} permanently?`}
        confirmLabel="Delete permanently"
        loading={purge.isPending}
        onConfirm={() =>
          purge.mutate(
            { id: purging!.id, permanent: true },
            {
              onSuccess: () => {
                notifications.show({ color: 'teal', message: `${purging!.displayName} was deleted for good.` });
                setPurging(null);
              },
              onError: (e) => {
                setPurging(null);
                showApiError(e, undefined, 'Could not delete');
              },
            },
          )
        }
      >
        The client and their contacts are removed for good; this cannot be undone. The audit trail keeps a record that it happened.
      </ConfirmModal>
    </>
  );
}

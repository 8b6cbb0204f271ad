import { Alert, Anchor, Button, Group, Skeleton, Stack, Tabs } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAddressBook, IconAlertTriangle, IconArrowLeft, IconHistory, IconId, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { roleAtLeast } from '../../../domain/role';
import { isApiError } from '../../api/api';
import type { ClientWarning } from '../../api/clientTypes';
import { useClient, useDeleteClient, useReloadClient, useRestoreClient, useUpdateClient, type ClientInput } from '../../api/clients';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ClientHeader } from '../../components/clients/detail/ClientHeader';
import { ContactsTab } from '../../components/clients/detail/ContactsTab';
import { HistoryTab } from '../../components/clients/detail/HistoryTab';
import { OverviewTab } from '../../components/clients/detail/OverviewTab';
import { ClientActions } from '../../components/activity/ClientActions';
import { ClientActivityPanels, ClientActivityTabList } from '../../components/activity/ClientTabs';
import { QuickStats } from '../../components/activity/QuickStats';
import { showApiError } from '../../components/formErrors';
import { useSession } from '../../components/RequireAuth';
import { MergedRedirect, PossibleDuplicates } from '../duplicates/PossibleDuplicates';

/** Saves a change with the version the page shows; resolves to a message for the field, or null. */
export type SaveClient = (changes: ClientInput) => Promise<string | null>;

export function ClientDetailPage() {
  const { id = '' } = useParams();
  const me = useSession();
  const client = useClient(id);
  const update = useUpdateClient(id);
  const reload = useReloadClient(id);
  const remove = useDeleteClient();
  const restore = useRestoreClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [conflict, setConflict] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [tab, setTab] = useState<string | null>('overview');
  const warnings = ((location.state as { warnings?: ClientWarning[] } | null)?.warnings ?? []).filter((w) => w.clientId !== id);
  const canWrite = roleAtLeast(me.role, 'member');
  useDocumentTitle(`${client.data?.displayName ?? 'Client'} · Rapport`);

  const save: SaveClient = async (changes) => {
    if (!client.data) return null;
    try {
      await update.mutateAsync({ ...changes, version: client.data.version });
      setConflict(false);
      return null;
    } catch (error) {
      if (isApiError(error, 412)) {
        setConflict(true);
        return 'Not saved: this client was changed by someone else. Reload to see their changes.';
      }
      if (isApiError(error) && error.fieldErrors.length) return error.fieldErrors.map((e) => cap(e.message)).join('; ');
      showApiError(error, undefined, 'Could not save');
      return isApiError(error) ? error.detail : 'Could not save';
    }
  };

  if (client.isPending) {
    return (
      <Stack>
        <Skeleton h={80} />
        <Skeleton h={300} />
      </Stack>
    );
  }
  if (client.isError) {
    return (
      <Stack align="flex-start">
        <Alert color={isApiError(client.error, 404) ? 'gray' : 'red'} title={isApiError(client.error, 404) ? 'Client not found' : 'Could not load the client'}>
          {isApiError(client.error, 404) ? 'It may have been deleted for good, or it belongs to another workspace.' : client.error.message}
        </Alert>
        <Button component={Link} to="/clients" variant="default" leftSection={<IconArrowLeft size={16} />}>
          Back to clients
        </Button>
      </Stack>
    );
  }

  const c = client.data;
  const moveToTrash = () =>
    remove.mutate(
      { id },
      {
        onSuccess: () => {
          setDeleting(false);
          notifications.show({ color: 'teal', title: 'Moved to Trash', message: `${c.displayName} is in the Trash; restore it from there if needed.` });
          void navigate('/clients');
        },
        onError: (e) => {
          setDeleting(false);
          showApiError(e, undefined, 'Could not delete');
        },
      },
    );

  return (
    <>
      <Anchor component={Link} to="/clients" size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden /> Clients
      </Anchor>
      {c.deletedAt && (
        <Alert color="orange" mb="md" title="This client is in the Trash">
          <Group gap="xs">
            <span>It is hidden from lists and will be purged after the workspace&apos;s Trash period.</span>
            {canWrite && (
              <Button size="xs" loading={restore.isPending} onClick={() => restore.mutate(id, { onError: (e) => showApiError(e, undefined, 'Could not restore') })}>
                Restore
              </Button>
            )}
          </Group>
        </Alert>
      )}
      {conflict && (
        <Alert color="orange" mb="md" icon={<IconAlertTriangle size={18} />} title="This client was changed by someone else" role="alert">
          <Group gap="xs" justify="space-between">
            <span>Your last change was not saved. Reload to see the latest version, then make your change again.</span>
            <Button
              size="xs"
              leftSection={<IconRefresh size={14} />}
              onClick={() => {
                void reload();
                setConflict(false);
              }}
            >
              Reload
            </Button>
          </Group>
        </Alert>
      )}
      {warnings.map((w) => (
        <Alert key={w.clientId} color="yellow" mb="md" icon={<IconAlertTriangle size={18} />} title="Possible duplicate">
          {w.message}{' '}
          <Anchor component={Link} to={`/clients/${w.clientId}`}>
            Open the existing client
          </Anchor>
        </Alert>
      ))}
      <MergedRedirect requestedId={id} clientId={c.id} name={c.displayName} />
      {!c.deletedAt && <PossibleDuplicates clientId={c.id} />}
      <ClientHeader client={c} canWrite={canWrite && !c.deletedAt} onSave={save} onDelete={() => setDeleting(true)} />
      {canWrite && !c.deletedAt && (
        <Stack mt="sm">
          <ClientActions clientId={c.id} />
        </Stack>
      )}
      <Tabs value={tab} onChange={setTab} mt="md" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="overview" leftSection={<IconId size={16} />}>
            Overview
          </Tabs.Tab>
          <ClientActivityTabList />
          <Tabs.Tab value="contacts" leftSection={<IconAddressBook size={16} />}>
            Contacts
          </Tabs.Tab>
          <Tabs.Tab value="history" leftSection={<IconHistory size={16} />}>
            History
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview" pt="md">
          <Stack gap="md">
            <QuickStats clientId={c.id} />
            <OverviewTab client={c} canWrite={canWrite && !c.deletedAt} onSave={save} />
          </Stack>
        </Tabs.Panel>
        <ClientActivityPanels clientId={c.id} canWrite={canWrite && !c.deletedAt} />
        <Tabs.Panel value="contacts" pt="md">
          <ContactsTab client={c} canWrite={canWrite && !c.deletedAt} />
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <HistoryTab clientId={c.id} />
        </Tabs.Panel>
      </Tabs>
      <ConfirmModal opened={deleting} onClose={() => setDeleting(false)} title={`Delete ${c.displayName}?`} confirmLabel="Move to Trash" loading={remove.isPending} onConfirm={moveToTrash}>
        The client moves to the Trash: hidden from lists, kept for reports, and restorable until the Trash is purged.
      </ConfirmModal>
    </>
  );
}

const cap = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

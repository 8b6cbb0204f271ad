import { Anchor, Badge, Button, Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconArrowMerge } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { roleAtLeast } from '../../../domain/role';
import { useMergeHistory, useUndoMerge, type Merge } from '../../api/duplicates';
import { useTeam } from '../../api/team';
import { ConfirmModal } from '../../components/ConfirmModal';
import { formatDateTime, formatRelative } from '../../components/format';
import { showApiError } from '../../components/formErrors';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState } from '../../components/EmptyState';
import { useSession } from '../../components/RequireAuth';
import { DuplicatesTabs } from './DuplicatesTabs';
import { movedText, plural } from './duplicateWords';

/** Recent merges, newest first: who merged what into whom, what moved, and Undo while the window is open. */
export function MergeHistoryPage() {
  const me = useSession();
  const canUndo = roleAtLeast(me.role, 'manager');
  const history = useMergeHistory();
  const merges = history.data?.pages.flatMap((p) => p.data) ?? [];
  const team = useTeam();
  const undo = useUndoMerge();
  const [undoing, setUndoing] = useState<Merge | null>(null);
  const people = useMemo(() => new Map((team.data?.data ?? []).map((m) => [m.id, m.name])), [team.data]);
  const nameIn = (m: Merge, id: string) => m.clientNames[id] ?? 'a client deleted for good';
  const survivorName = (m: Merge) => nameIn(m, m.survivorId);

  const confirmUndo = () =>
    undoing &&
    undo.mutate(undoing.id, {
      onSuccess: (r) => notifications.show({ color: 'teal', title: 'Merge undone', message: `${plural(r.restoredIds.length, 'client')} back, with the records that moved.` }),
      onError: (e) => showApiError(e, undefined, 'Could not undo the merge'),
      onSettled: () => setUndoing(null),
    });

  return (
    <>
      <PageHeader title="Duplicates" description="Every merge of this workspace. A merge can be undone for 30 days, as long as the surviving record was not edited since." />
      <DuplicatesTabs />
      {history.isPending ? (
        <Stack gap="xs" aria-label="Loading the merges">
          <Skeleton h={64} />
          <Skeleton h={64} />
        </Stack>
      ) : merges.length === 0 ? (
        <EmptyState
          icon={<IconArrowMerge size={30} />}
          title="No merges yet"
          width={480}
          actions={
            <Button component={Link} to="/duplicates" variant="default">
              Open the review queue
            </Button>
          }
        >
          Merges made from the review queue or a client’s page show up here, with what moved and a way to undo them.
        </EmptyState>
      ) : (
        <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Merges">
          {merges.map((m) => (
            <Paper key={m.id} component="li" withBorder radius="md" p="sm">
              <Group justify="space-between" align="flex-start" gap="sm">
                <Stack gap={2} style={{ flex: '1 1 280px', minWidth: 0 }}>
                  <Text size="sm">
                    {m.sourceIds.length > 3 ? plural(m.sourceIds.length, 'client') : m.sourceIds.map((id) => nameIn(m, id)).join(', ')} merged into{' '}
                    <Anchor component={Link} to={`/clients/${m.survivorId}`} fw={600}>
                      {survivorName(m)}
                    </Anchor>
                  </Text>
                  <Text size="xs" c="dimmed">
                    Moved: {movedText(m.moved)}
                    {Object.keys(m.fields).length ? ` · ${plural(Object.keys(m.fields).length, 'field')} chosen` : ''}
                  </Text>
                  <Text size="xs" c="dimmed">
                    <span title={formatDateTime(m.createdAt)}>{formatRelative(m.createdAt)}</span> by {m.createdBy ? (people.get(m.createdBy) ?? 'a former member') : 'the API'}
                  </Text>
                </Stack>
                <Stack gap={4} align="flex-end">
                  {m.undoneAt ? (
                    <Badge color="gray" variant="light">
                      Undone {formatRelative(m.undoneAt).toLowerCase()}
                    </Badge>
                  ) : m.canUndo ? (
                    <>
                      {canUndo && (
                        <Button size="xs" variant="light" leftSection={<IconArrowBackUp size={14} />} onClick={() => setUndoing(m)} aria-label={`Undo the merge into ${survivorName(m)}`}>
                          Undo
                        </Button>
                      )}
                      <Text size="xs" c="dimmed">
                        Undo possible until {formatDateTime(m.undoUntil)}
                      </Text>
                    </>
                  ) : (
                    <Badge color="gray" variant="outline">
                      {Date.parse(m.undoUntil) <= Date.now() ? 'Undo window over' : 'Can no longer be undone'}
                    </Badge>
                  )}
                </Stack>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      {history.hasNextPage && (
        <Group justify="center" mt="md">
          <Button variant="default" onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage}>
            Show older merges
          </Button>
        </Group>
      )}
      <ConfirmModal opened={!!undoing} title="Undo this merge?" confirmLabel="Undo merge" loading={undo.isPending} onConfirm={confirmUndo} onClose={() => setUndoing(null)}>
        {undoing && (
          <>
            The {plural(undoing.sourceIds.length, 'client')} merged into <b>{survivorName(undoing)}</b> ({undoing.sourceIds.map((id) => nameIn(undoing, id)).join(', ')}) come back, and what moved from them ({movedText(undoing.moved)}) goes back to them.{' '}
            {survivorName(undoing)} gets the profile it had before the merge.
          </>
        )}
      </ConfirmModal>
    </>
  );
}

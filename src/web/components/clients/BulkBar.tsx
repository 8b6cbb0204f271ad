import { Alert, Button, Group, Modal, Paper, Progress, Select, Stack, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconDownload, IconRestore, IconTag, IconTagOff, IconTrash, IconUserCheck, IconUsersGroup, IconUsersMinus, IconX } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { groups as groupsApi, useGroupMembers } from '../../api/clientMeta';
import { useState } from 'react';
import { useBulk, useJob, type BulkBody, type BulkTarget, type ClientQuery } from '../../api/clients';
import { clientStatuses, type BulkAction, type BulkResult, type ClientStatus } from '../../api/clientTypes';
import { isApiError } from '../../api/api';
import { clientsWord, needsReason, numberFormat, statusLabels } from './ClientBits';
import type { Selection } from './selection';

type Option = { value: string; label: string };
type Props = {
  selection: Selection;
  count: number;
  query: ClientQuery;
  onClear: () => void;
  tagOptions: string[];
  ownerOptions: Option[];
  trash?: boolean;
  canDelete: boolean;
  /** The static group the list shows: picked clients can be taken out of it. */
  group?: { id: string; name: string } | null;
  /** Opens the export dialog for the selection (absent: no Export button). */
  onExport?: (target: BulkTarget) => void;
};

const titles: Record<BulkAction, string> = {
  setStatus: 'Set status',
  addTags: 'Add tags',
  removeTags: 'Remove tags',
  assignOwner: 'Assign owner',
  delete: 'Move to Trash',
  restore: 'Restore',
};

/** The actions for the selected clients — picked rows or "all N matching". */
export function BulkBar({ selection, count, query, onClear, tagOptions, ownerOptions, trash, canDelete, group, onExport }: Props) {
  const [action, setAction] = useState<BulkAction | null>(null);
  if (count === 0) return null;
  const target: BulkTarget = selection.mode === 'all' ? { query } : { ids: [...selection.ids] };
  return (
    <Paper withBorder p="xs" mb="sm" shadow="xs" role="region" aria-label="Bulk actions">
      <Group gap="xs" justify="space-between" wrap="wrap">
        <Text size="sm" fw={600}>
          {clientsWord(count)} selected
        </Text>
        <Group gap="xs" wrap="wrap">
          {trash ? (
            <Button size="xs" leftSection={<IconRestore size={14} />} onClick={() => setAction('restore')}>
              Restore
            </Button>
          ) : (
            <>
              <Button size="xs" variant="default" leftSection={<IconCheck size={14} />} onClick={() => setAction('setStatus')}>
                Set status
              </Button>
              <Button size="xs" variant="default" leftSection={<IconTag size={14} />} onClick={() => setAction('addTags')}>
                Add tags
              </Button>
              <Button size="xs" variant="default" leftSection={<IconTagOff size={14} />} onClick={() => setAction('removeTags')}>
                Remove tags
              </Button>
              <Button size="xs" variant="default" leftSection={<IconUserCheck size={14} />} onClick={() => setAction('assignOwner')}>
                Assign owner
              </Button>
              {onExport && (
                <Button size="xs" variant="default" leftSection={<IconDownload size={14} />} onClick={() => onExport(target)}>
                  Export
                </Button>
              )}
              {selection.mode === 'ids' && <AddToGroupButton ids={[...selection.ids]} />}
              {selection.mode === 'ids' && group && <RemoveFromGroupButton ids={[...selection.ids]} group={group} onDone={onClear} />}
              {canDelete && (
                <Button size="xs" variant="light" color="red" leftSection={<IconTrash size={14} />} onClick={() => setAction('delete')}>
                  Delete
                </Button>
              )}
            </>
          )}
          <Button size="xs" variant="subtle" color="gray" leftSection={<IconX size={14} />} onClick={onClear}>
            Clear selection
          </Button>
        </Group>
      </Group>
      {action && (
        <BulkModal
          action={action}
          count={count}
          target={target}
          tagOptions={tagOptions}
          ownerOptions={ownerOptions}
          onClose={(done) => {
            setAction(null);
            if (done) onClear();
          }}
        />
      )}
    </Paper>
  );
}

type ModalProps = { action: BulkAction; count: number; target: BulkTarget; tagOptions: string[]; ownerOptions: Option[]; onClose: (done: boolean) => void };

function BulkModal({ action, count, target, tagOptions, ownerOptions, onClose }: ModalProps) {
  const bulk = useBulk();
  const [status, setStatus] = useState<ClientStatus | null>(null);
  const [reason, setReason] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [result, setResult] = useState<BulkResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const job = useJob(jobId);

  const jobResult = job.data?.status === 'completed' ? (job.data.result as BulkResult | null) : null;
  const finalResult = result ?? jobResult;
  const running = bulk.isPending || (jobId !== null && !finalResult && job.data?.status !== 'failed' && job.data?.status !== 'cancelled');
  const jobFailed = job.data?.status === 'failed' || job.data?.status === 'cancelled';

  const ready =
    (action === 'setStatus' && status && (!needsReason(status) || reason.trim())) ||
    ((action === 'addTags' || action === 'removeTags') && tags.length > 0) ||
    (action === 'assignOwner' && ownerId) ||
    action === 'delete' ||
    action === 'restore';

  const run = () => {
    setError(null);
    const body: BulkBody = { action };
    if (action === 'setStatus') Object.assign(body, { status, ...(needsReason(status!) ? { statusReason: reason.trim() } : {}) });
    if (action === 'addTags' || action === 'removeTags') body.tags = tags;
    if (action === 'assignOwner') body.ownerId = ownerId === '__none' ? null : ownerId;
    bulk.mutate(
      { ...body, target },
      {
        onSuccess: (answer) => {
          if ('jobId' in answer) setJobId(answer.jobId);
          else setResult(answer);
        },
        onError: (e) => setError(isApiError(e) && e.fieldErrors.length ? e.fieldErrors.map((f) => `${f.path}: ${f.message}`).join('; ') : e.message),
      },
    );
  };

  const started = bulk.isSuccess || jobId !== null;
  const progress = job.data?.total ? Math.round((100 * job.data.done) / job.data.total) : 0;

  return (
    <Modal opened onClose={() => !bulk.isPending && onClose(started)} title={`${titles[action]} — ${clientsWord(count)}`} centered>
      <Stack>
        {!started && (
          <>
            {action === 'setStatus' && (
              <>
                <Select
                  label="New status"
                  data={clientStatuses.map((s) => ({ value: s, label: statusLabels[s] }))}
                  value={status}
                  onChange={(v) => setStatus(v as ClientStatus | null)}
                  comboboxProps={{ withinPortal: true }}
                  data-autofocus
                />
                {status && needsReason(status) && <Textarea label="Reason" required description="Churned and blacklisted clients need a reason." value={reason} onChange={(e) => setReason(e.currentTarget.value)} />}
              </>
            )}
            {(action === 'addTags' || action === 'removeTags') && (
              <TagsInput
                label={action === 'addTags' ? 'Tags to add' : 'Tags to remove'}
                description={action === 'addTags' ? 'Pick tags or type a new one and press Enter.' : undefined}
                data={tagOptions}
                value={tags}
                onChange={setTags}
                comboboxProps={{ withinPortal: true }}
                data-autofocus
              />
            )}
            {action === 'assignOwner' && (
              <Select
                label="Owner"
                data={[{ value: '__none', label: 'Nobody (unassign)' }, ...ownerOptions]}
                value={ownerId}
                onChange={setOwnerId}
                searchable
                comboboxProps={{ withinPortal: true }}
                data-autofocus
              />
            )}
            {action === 'delete' && (
              <Text size="sm">
                {clientsWord(count)} will move to the Trash. You can restore them from there until they are purged.
              </Text>
            )}
            {action === 'restore' && <Text size="sm">{clientsWord(count)} will come back to the client list.</Text>}
            {error && <Alert color="red">{error}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => onClose(false)}>
                Cancel
              </Button>
              <Button onClick={run} disabled={!ready} loading={bulk.isPending} color={action === 'delete' ? 'red' : undefined}>
                {action === 'delete' ? `Delete ${clientsWord(count)}` : `Apply to ${clientsWord(count)}`}
              </Button>
            </Group>
          </>
        )}
        {jobId && !finalResult && !jobFailed && (
          <Stack gap={4}>
            <Text size="sm">Working in the background. You can close this: the job carries on, and the list shows the changes as they land.</Text>
            <Progress value={progress} animated aria-label="Bulk action progress" />
            <Text size="xs" c="dimmed">
              {numberFormat.format(job.data?.done ?? 0)} of {job.data?.total ? numberFormat.format(job.data.total) : '…'} done
            </Text>
          </Stack>
        )}
        {jobFailed && <Alert color="red">The background job {job.data?.status === 'cancelled' ? 'was cancelled' : `failed: ${job.data?.error ?? 'unknown error'}`}.</Alert>}
        {finalResult && (
          <Alert color="teal" title="Done" role="status">
            {numberFormat.format(finalResult.changed)} changed of {numberFormat.format(finalResult.matched)} matched
            {finalResult.skipped ? `, ${numberFormat.format(finalResult.skipped)} skipped (already so or not allowed)` : ''}.
          </Alert>
        )}
        {started && (
          <Group justify="flex-end">
            <Button onClick={() => onClose(true)} variant={running ? 'default' : 'filled'}>
              Close
            </Button>
          </Group>
        )}
      </Stack>
    </Modal>
  );
}

/** Puts hand-picked clients into a static group, a new one or an existing one. */
function AddToGroupButton({ ids }: { ids: string[] }) {
  const [open, setOpen] = useState(false);
  const list = groupsApi.useList(open);
  const create = groupsApi.useCreate();
  const members = useGroupMembers();
  const [groupId, setGroupId] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const close = () => {
    setOpen(false);
    setDone(null);
    setGroupId(null);
    setName('');
  };
  const add = async () => {
    try {
      const id = groupId ?? (await create.mutateAsync({ name: name.trim() })).id;
      const r = (await members.mutateAsync({ groupId: id, ids })) as { changed: number; memberCount: number };
      setDone(`${numberFormat.format(r.changed)} added; the group now has ${clientsWord(r.memberCount)}.`);
    } catch (e) {
      setDone(null);
      notifications.show({ color: 'red', title: 'Could not add to the group', message: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <>
      <Button size="xs" variant="default" leftSection={<IconUsersGroup size={14} />} onClick={() => setOpen(true)}>
        Add to group
      </Button>
      <Modal opened={open} onClose={close} title={`Add ${clientsWord(ids.length)} to a group`} centered>
        <Stack>
          {done ? (
            <Alert color="teal" role="status">
              {done}
            </Alert>
          ) : (
            <>
              <Select
                label="Existing group"
                data={(list.data ?? []).map((g) => ({ value: g.id, label: `${g.name} (${g.memberCount})` }))}
                value={groupId}
                onChange={setGroupId}
                clearable
                searchable
                placeholder={list.data?.length ? 'Choose a group' : 'No groups yet'}
                comboboxProps={{ withinPortal: true }}
              />
              {!groupId && <TextInput label="Or a new group" placeholder="e.g. Spring open day guests" value={name} onChange={(e) => setName(e.currentTarget.value)} />}
            </>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {done ? 'Close' : 'Cancel'}
            </Button>
            {!done && (
              <Button onClick={() => void add()} disabled={!groupId && !name.trim()} loading={create.isPending || members.isPending}>
                Add to group
              </Button>
            )}
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** Takes hand-picked clients out of the group the list shows (the clients themselves stay). */
function RemoveFromGroupButton({ ids, group, onDone }: { ids: string[]; group: { id: string; name: string }; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const members = useGroupMembers();
  const qc = useQueryClient();
  return (
    <>
      <Button size="xs" variant="default" leftSection={<IconUsersMinus size={14} />} onClick={() => setOpen(true)}>
        Remove from group
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={`Remove ${clientsWord(ids.length)} from “${group.name}”?`} centered>
        <Stack>
          <Text size="sm">They leave the group only; the clients and their records stay as they are.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              loading={members.isPending}
              onClick={() =>
                members.mutate(
                  { groupId: group.id, ids, remove: true },
                  {
                    onSuccess: (r) => {
                      const changed = (r as { changed?: number } | undefined)?.changed ?? ids.length;
                      notifications.show({ color: 'teal', message: `${clientsWord(changed)} removed from ${group.name}.` });
                      setOpen(false);
                      onDone();
                      void qc.invalidateQueries({ queryKey: ['clients'] });
                    },
                    onError: (e) => notifications.show({ color: 'red', title: 'Could not remove from the group', message: e instanceof Error ? e.message : String(e) }),
                  },
                )
              }
            >
              Remove from group
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

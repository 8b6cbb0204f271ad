import { Alert, Button, Group, List, Loader, Modal, Stack, Table, Text } from '@mantine/core';
import { IconArrowMerge } from '@tabler/icons-react';
import type { Client } from '../../api/clientTypes';
import type { MergeResult } from '../../api/duplicates';
import { showPhone } from '../../components/clients/ClientBits';
import { compareRows, type RowContext } from './compareRows';
import { movedLabel, plural } from './duplicateWords';

type Props = {
  opened: boolean;
  survivor: Client | undefined;
  sources: Client[];
  preview: MergeResult | null;
  loading: boolean;
  merging: boolean;
  error: string | null;
  ctx: RowContext;
  onMerge: () => void;
  onClose: () => void;
};

/**
 * The dry run's outcome before anything is written: which record stays, which go, what
 * moves per kind of record, and the survivor as it will read. Merging is one more click.
 */
export function MergePreviewModal({ opened, survivor, sources, preview, loading, merging, error, ctx, onMerge, onClose }: Props) {
  const moved = Object.entries(preview?.moved ?? {}).filter(([, n]) => n > 0);
  const after = preview?.survivor;
  // The survivor's own values that the merge replaces, as the dry run answered them.
  const changes = after && survivor ? compareRows.filter((r) => r.field).map((r) => ({ label: r.label, before: r.text(survivor, ctx), after: r.text(after, ctx) })).filter((c) => c.before !== c.after) : [];
  const count = sources.length + 1;
  return (
    <Modal opened={opened} onClose={onClose} title={`Merge ${plural(count, 'client')}?`} size="lg" centered>
      {loading ? (
        <Group gap="sm" py="lg" justify="center" role="status">
          <Loader size="sm" />
          <Text size="sm">Working out what the merge would do…</Text>
        </Group>
      ) : error ? (
        <Alert color="red" title="The merge cannot be done as it is" role="alert">
          {error}
        </Alert>
      ) : (
        preview &&
        survivor && (
          <Stack gap="md">
            <Text size="sm">
              <b>{survivor.displayName}</b> stays; {sources.map((s) => s.displayName).join(', ')} {sources.length === 1 ? 'is merged into it and leaves' : 'are merged into it and leave'} the lists. Links to{' '}
              {sources.length === 1 ? 'its' : 'their'} pages lead to {survivor.displayName} from now on. You can undo the merge for 30 days.
            </Text>
            <div>
              <Text size="sm" fw={600} mb={4}>
                What moves to {survivor.displayName}
              </Text>
              {moved.length ? (
                <Table withTableBorder verticalSpacing={4} aria-label="What moves, per kind of record">
                  <Table.Tbody>
                    {moved.map(([table, n]) => (
                      <Table.Tr key={table}>
                        <Table.Td>{movedLabel(table)[0]!.toUpperCase() + movedLabel(table).slice(1)}</Table.Td>
                        <Table.Td ta="right">{n}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              ) : (
                <Text size="sm" c="dimmed">
                  No related records: only the profile values merge.
                </Text>
              )}
            </div>
            <div>
              <Text size="sm" fw={600} mb={4}>
                Values {survivor.displayName} takes from the others
              </Text>
              {changes.length ? (
                <List size="sm" spacing={2} aria-label="Values the survivor takes">
                  {changes.map((c) => (
                    <List.Item key={c.label}>
                      {c.label}: {c.before || '—'} → <b>{c.after || '—'}</b>
                    </List.Item>
                  ))}
                </List>
              ) : (
                <Text size="sm" c="dimmed">
                  None: it keeps its own profile values.
                </Text>
              )}
            </div>
            {after && (
              <div>
                <Text size="sm" fw={600} mb={4}>
                  The surviving record
                </Text>
                <List size="sm" spacing={2} aria-label="The surviving record">
                  <List.Item>Name: {after.displayName}</List.Item>
                  <List.Item>E-mails: {after.emails.map((e) => e.value + (e.primary ? ' (primary)' : '')).join(', ') || '—'}</List.Item>
                  <List.Item>Phones: {after.phones.map((p) => showPhone(p.value) + (p.primary ? ' (primary)' : '')).join(', ') || '—'}</List.Item>
                  {after.tags.length > 0 && <List.Item>Tags: {after.tags.join(', ')}</List.Item>}
                </List>
              </div>
            )}
          </Stack>
        )
      )}
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose} data-autofocus>
          Cancel
        </Button>
        <Button leftSection={<IconArrowMerge size={16} />} disabled={!preview || loading || !!error} loading={merging} onClick={onMerge}>
          Merge {plural(count, 'client')}
        </Button>
      </Group>
    </Modal>
  );
}

import { Alert, Anchor, Badge, Button, Group, Paper, Progress, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAddressBook, IconArrowBackUp, IconDownload, IconPlayerStop } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { ImportBuiltinTarget } from '../../../domain/import';
import { importTargetLabels } from '../../../domain/importFields';
import { isSettled, rejectedRowsUrl, useCancelImport, useUndoImport, type Import } from '../../api/imports';
import { roleAtLeast } from '../../../domain/role';
import { ConfirmModal } from '../../components/ConfirmModal';
import { useSession } from '../../components/RequireAuth';
import { showApiError } from '../../components/formErrors';
import { count, duration, num, statusWords } from './importWords';

const fieldLabel = (field: string | null) => {
  if (!field) return 'Whole row';
  if (field.startsWith('custom.')) return field.slice(7);
  return importTargetLabels[field as ImportBuiltinTarget] ?? field;
};

export function StatusBadge({ status, dryRun }: { status: Import['status']; dryRun?: boolean }) {
  const w = statusWords[status];
  return (
    <Badge color={w.color} variant="light">
      {dryRun && status === 'completed' ? 'Checked' : w.label}
    </Badge>
  );
}

/** Created, updated, skipped and rejected, as the run counted them (or, for a check, would). */
export function ImportCounts({ imp }: { imp: Import }) {
  const dry = imp.dryRun;
  const items = [
    { label: dry ? 'Would be created' : 'Created', value: imp.created, color: 'teal' },
    { label: dry ? 'Would be updated' : 'Updated', value: imp.updated, color: 'blue' },
    { label: dry ? 'Would be skipped' : 'Skipped', value: imp.skipped, color: 'gray' },
    { label: dry ? 'Would be rejected' : 'Rejected', value: imp.failed, color: 'red' },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" role="group" aria-label={dry ? 'What the import would do' : 'What the import did'}>
      {items.map((i) => (
        <Paper key={i.label} withBorder p="sm" radius="md" aria-label={`${i.label}: ${i.value}`}>
          <Text size="xs" c="dimmed">
            {i.label}
          </Text>
          <Text fz={24} fw={700} c={i.value ? i.color : undefined}>
            {num(i.value)}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

/** The first rejected rows: row number (as in a spreadsheet), field and reason; all of them download as CSV. */
export function ImportErrors({ imp }: { imp: Import }) {
  const phone = useMediaQuery('(max-width: 36em)');
  if (imp.failed === 0) return null;
  const more = imp.failed - new Set(imp.errors.map((e) => e.row)).size;
  return (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-end" gap="xs" wrap="wrap">
        <Text fw={600} size="sm">
          {imp.dryRun ? 'Rows that would be rejected' : 'Rejected rows'}
        </Text>
        <Button component="a" href={rejectedRowsUrl(imp.id)} download size="xs" variant="light" leftSection={<IconDownload size={14} />}>
          Download rejected rows
        </Button>
      </Group>
      {phone ? (
        <Stack gap={6} component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Errors">
          {imp.errors.map((e, i) => (
            <li key={i}>
              <Text size="sm">
                <b>Row {e.row}</b> · {fieldLabel(e.field)}
              </Text>
              <Text size="xs" c="dimmed">
                {e.message}
              </Text>
            </li>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={480} maxHeight={320}>
          <Table striped withTableBorder fz="sm" aria-label="Errors" stickyHeader>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Row</Table.Th>
                <Table.Th scope="col">Field</Table.Th>
                <Table.Th scope="col">Reason</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {imp.errors.map((e, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{e.row}</Table.Td>
                  <Table.Td>{fieldLabel(e.field)}</Table.Td>
                  <Table.Td>{e.message}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {more > 0 && (
        <Text size="xs" c="dimmed">
          And {count(more, 'more row')}: the download has every rejected row with its reasons in an extra “Error” column. Fix them there and import that file.
        </Text>
      )}
    </Stack>
  );
}

/** While rows are being read: a bar, rows done of the total, the rate and the time left. */
export function ImportProgressBar({ imp }: { imp: Import }) {
  const total = imp.totalRows;
  const pct = total ? Math.min(100, (100 * imp.processedRows) / Math.max(1, total)) : null;
  const label = imp.status === 'undoing' ? 'Undo progress' : imp.dryRun ? 'Check progress' : 'Import progress';
  return (
    <Stack gap={4} role="status" aria-live="polite">
      <Progress value={pct ?? 100} animated striped={pct === null} aria-label={label} size="lg" />
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm">
          {imp.status === 'queued'
            ? 'Waiting to start…'
            : imp.status === 'undoing'
              ? 'Undoing: removing the clients it created and restoring what it changed…'
              : `${num(imp.processedRows)}${total ? ` of ${num(total)}` : ''} rows${imp.dryRun ? ' checked' : ''}`}
        </Text>
        {imp.status === 'running' && (
          <Text size="sm" c="dimmed">
            {imp.rowsPerSecond ? `${num(imp.rowsPerSecond)} rows/s` : ''}
            {imp.etaSeconds !== null ? ` · ${duration(imp.etaSeconds)} left` : ''}
          </Text>
        )}
      </Group>
    </Stack>
  );
}

/**
 * A real import from start to end: live progress with Cancel; then the counts, the rejected rows,
 * a way to the clients, and Undo (after a confirm).
 */
export function ImportPanel({ imp }: { imp: Import }) {
  const cancel = useCancelImport();
  const undo = useUndoImport();
  const [confirming, setConfirming] = useState(false);
  const moving = !isSettled(imp.status);
  const qc = useQueryClient();
  // The list and counts elsewhere were read before these clients came (or went).
  useEffect(() => {
    if (!moving && !imp.dryRun) void qc.invalidateQueries({ queryKey: ['clients'] });
  }, [moving, imp.dryRun, imp.status, qc]);
  const role = useSession().role;
  const canWrite = roleAtLeast(role, 'member');
  // Undo removes many clients at once: the server asks for a manager, as for a bulk delete.
  const canUndo = roleAtLeast(role, 'manager') && !imp.dryRun && (imp.status === 'completed' || imp.status === 'cancelled' || imp.status === 'failed') && imp.created + imp.updated > 0;

  const doUndo = () =>
    undo.mutate(imp.id, {
      onSuccess: () => setConfirming(false),
      onError: (e) => {
        setConfirming(false);
        showApiError(e, undefined, 'Could not undo the import');
      },
    });
  const doCancel = () =>
    cancel.mutate(imp.id, {
      onSuccess: () => notifications.show({ color: 'orange', title: 'Import stopped', message: 'The rows imported so far stay; undo the import to remove them.' }),
      onError: (e) => showApiError(e, undefined, 'Could not stop the import'),
    });

  return (
    <Stack gap="md">
      {moving && <ImportProgressBar imp={imp} />}
      {canWrite && (imp.status === 'running' || imp.status === 'queued') ? (
        <Group>
          <Button variant="default" color="red" leftSection={<IconPlayerStop size={16} />} onClick={doCancel} loading={cancel.isPending}>
            Cancel import
          </Button>
        </Group>
      ) : null}
      {imp.status === 'completed' && (
        <Alert color="teal" title="Import finished" role="status">
          {count(imp.created, 'client')} created, {num(imp.updated)} updated, {num(imp.skipped)} skipped, {count(imp.failed, 'row')} rejected.
        </Alert>
      )}
      {imp.status === 'cancelled' && (
        <Alert color="orange" title="Import cancelled" role="status">
          It stopped after {count(imp.processedRows, 'row')}. What was imported until then stays; undo it to remove it.
        </Alert>
      )}
      {imp.status === 'failed' && (
        <Alert color="red" title="The import failed" role="alert">
          {imp.error ?? 'It stopped on an error.'} The rows imported before it stay; undo it to remove them.
        </Alert>
      )}
      {imp.status === 'undone' && (
        <Alert color="gray" title="This import was undone" role="status">
          The clients it created were removed and the fields it changed were restored (except where someone edited them since).
        </Alert>
      )}
      <ImportCounts imp={imp} />
      <ImportErrors imp={imp} />
      {!moving && (
        <Group gap="xs" wrap="wrap">
          {imp.status !== 'undone' && (
            <Button component={Link} to="/clients" leftSection={<IconAddressBook size={16} />}>
              Open the clients list
            </Button>
          )}
          {canUndo && (
            <Button variant="default" color="red" leftSection={<IconArrowBackUp size={16} />} onClick={() => setConfirming(true)}>
              Undo this import
            </Button>
          )}
          <Anchor component={Link} to="/imports" size="sm">
            Import history
          </Anchor>
        </Group>
      )}
      <ConfirmModal opened={confirming} title="Undo this import?" confirmLabel="Undo import" loading={undo.isPending} onConfirm={doUndo} onClose={() => setConfirming(false)}>
        {imp.created > 0 && <p style={{ marginTop: 0 }}>The {count(imp.created, 'client')} it created will be deleted for good.</p>}
        {imp.updated > 0 && <p>The {count(imp.updated, 'client')} it updated get their previous values back, except fields someone changed after the import.</p>}
      </ConfirmModal>
    </Stack>
  );
}

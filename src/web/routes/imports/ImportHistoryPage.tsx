import { Anchor, Button, Group, Paper, Skeleton, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowBackUp, IconDatabaseImport, IconFileImport } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { roleAtLeast } from '../../../domain/role';
import { useImportList, useUndoImport, type Import } from '../../api/imports';
import { useTeam } from '../../api/team';
import { ConfirmModal } from '../../components/ConfirmModal';
import { formatDateTime, formatRelative } from '../../components/format';
import { showApiError } from '../../components/formErrors';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState } from '../../components/EmptyState';
import { useSession } from '../../components/RequireAuth';
import { StatusBadge } from './ImportPanel';
import { count, fileSize, num } from './importWords';

/** Where an import's row leads: a draft back into the wizard, a check to its result, a run to its progress. */
export const importHref = (imp: Import) =>
  imp.status === 'draft' ? `/imports/new?id=${imp.id}&step=map` : imp.dryRun ? `/imports/new?id=${imp.id}&step=check` : `/imports/${imp.id}`;

const canUndo = (imp: Import) => !imp.dryRun && ['completed', 'cancelled', 'failed'].includes(imp.status) && imp.created + imp.updated > 0;

const countsText = (imp: Import) =>
  imp.status === 'draft' ? 'Not started' : `${num(imp.created)} ${imp.dryRun ? 'to create' : 'created'} · ${num(imp.updated)} ${imp.dryRun ? 'to update' : 'updated'} · ${num(imp.skipped)} skipped · ${num(imp.failed)} rejected`;

/** Past imports, newest first: file, status, counts, who and when; finished ones can be undone from here. */
export function ImportHistoryPage() {
  const me = useSession();
  const canWrite = roleAtLeast(me.role, 'member');
  const phone = useMediaQuery('(max-width: 48em)');
  const list = useImportList();
  const team = useTeam();
  const undo = useUndoImport();
  const [undoing, setUndoing] = useState<Import | null>(null);
  const names = useMemo(() => new Map((team.data?.data ?? []).map((m) => [m.id, m.name])), [team.data]);
  const who = (id: string | null) => (id ? (names.get(id) ?? 'Former member') : 'API');
  const imports = list.data?.pages.flatMap((p) => p.data) ?? [];

  const confirmUndo = () =>
    undoing &&
    undo.mutate(undoing.id, {
      onSuccess: () => setUndoing(null),
      onError: (e) => {
        setUndoing(null);
        showApiError(e, undefined, 'Could not undo the import');
      },
    });

  const undoButton = (imp: Import) =>
    // Undo removes many clients at once: the server asks for a manager, as for a bulk delete.
    roleAtLeast(me.role, 'manager') && canUndo(imp) ? (
      <Button size="xs" variant="subtle" color="red" leftSection={<IconArrowBackUp size={14} />} onClick={() => setUndoing(imp)} aria-label={`Undo the import of ${imp.fileName}`}>
        Undo
      </Button>
    ) : null;

  return (
    <>
      <PageHeader
        title="Imports"
        description="Every file imported into this workspace, with what it did. Undo removes what an import created and restores what it changed."
        action={
          canWrite && (
            <Button component={Link} to="/imports/new" leftSection={<IconDatabaseImport size={16} />}>
              New import
            </Button>
          )
        }
      />
      {list.isPending ? (
        <Stack gap="xs" aria-label="Loading the imports">
          <Skeleton h={48} />
          <Skeleton h={48} />
          <Skeleton h={48} />
        </Stack>
      ) : imports.length === 0 ? (
        <EmptyState
          icon={<IconFileImport size={30} />}
          title="No imports yet"
          width={480}
          actions={
            canWrite && (
              <Button component={Link} to="/imports/new" leftSection={<IconDatabaseImport size={16} />}>
                Import clients
              </Button>
            )
          }
        >
          {canWrite
            ? 'Import a CSV, TSV or Excel file of your clients — an export from another CRM, an address book or a spreadsheet. You check what it would do before anything is written.'
            : 'Nobody has imported clients into this workspace yet. Members, managers and admins can.'}
        </EmptyState>
      ) : phone ? (
        <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label="Imports">
          {imports.map((imp) => (
            <Paper key={imp.id} component="li" withBorder p="sm" radius="md">
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Anchor component={Link} to={importHref(imp)} fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {imp.fileName}
                </Anchor>
                <StatusBadge status={imp.status} dryRun={imp.dryRun} />
              </Group>
              <Text size="xs" c="dimmed">
                {imp.dryRun ? 'Check · ' : ''}
                {countsText(imp)}
                {imp.fileDeletedAt ? ' · file deleted' : ''}
              </Text>
              <Group justify="space-between" gap="xs">
                <Text size="xs" c="dimmed">
                  {who(imp.createdBy)} · {formatRelative(imp.createdAt)}
                </Text>
                {undoButton(imp)}
              </Group>
            </Paper>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" highlightOnHover aria-label="Imports">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">File</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Rows</Table.Th>
                <Table.Th scope="col">By</Table.Th>
                <Table.Th scope="col">When</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {imports.map((imp) => (
                <Table.Tr key={imp.id}>
                  <Table.Td>
                    <Anchor component={Link} to={importHref(imp)} fw={600} size="sm">
                      {imp.fileName}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {imp.dryRun ? 'Check (dry run) · ' : ''}
                      {fileSize(imp.fileSize)}
                      {imp.totalRows !== null ? ` · ${count(imp.totalRows, 'row')}` : ''}
                      {imp.fileDeletedAt ? ' · file deleted' : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={imp.status} dryRun={imp.dryRun} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{countsText(imp)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{who(imp.createdBy)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" title={formatDateTime(imp.createdAt)}>
                      {formatRelative(imp.createdAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{undoButton(imp)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.hasNextPage && (
        <Group justify="center" mt="md">
          <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            Show older imports
          </Button>
        </Group>
      )}
      <ConfirmModal opened={!!undoing} title="Undo this import?" confirmLabel="Undo import" loading={undo.isPending} onConfirm={confirmUndo} onClose={() => setUndoing(null)}>
        {undoing && (
          <>
            <p style={{ marginTop: 0 }}>
              <b>{undoing.fileName}</b>, imported {formatRelative(undoing.createdAt)}.
            </p>
            {undoing.created > 0 && <p>The {count(undoing.created, 'client')} it created will be deleted for good.</p>}
            {undoing.updated > 0 && <p>The {count(undoing.updated, 'client')} it updated get their previous values back, except fields someone changed after the import.</p>}
          </>
        )}
      </ConfirmModal>
    </>
  );
}

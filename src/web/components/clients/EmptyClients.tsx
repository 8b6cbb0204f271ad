import { Button, Group } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAddressBook, IconDatabaseImport, IconFileImport, IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { roleAtLeast, type Role } from '../../../domain/role';
import { useLoadSampleData } from '../../api/clients';
import { EmptyState } from '../EmptyState';
import { showApiError } from '../formErrors';
import { useQuickAdd } from './QuickAdd';

const SAMPLE_SIZE = 200;

/** An empty workspace says what to do: add the first client, or explore with sample clients. */
export function EmptyClients({ canWrite, role }: { canWrite: boolean; role: Role }) {
  const sample = useLoadSampleData();
  const quickAdd = useQuickAdd();
  const admin = roleAtLeast(role, 'admin');
  const load = () =>
    sample.mutate(SAMPLE_SIZE, {
      onSuccess: () => notifications.show({ color: 'teal', title: 'Sample clients loaded', message: `${SAMPLE_SIZE} made-up clients are ready to explore. Delete them when you are done.` }),
      onError: (e) => showApiError(e, undefined, 'Could not load the sample clients'),
    });
  return (
    <EmptyState
      icon={<IconAddressBook size={30} />}
      title="No clients yet"
      actions={
        canWrite && (
          <Group justify="center" gap="xs">
            <Button leftSection={<IconPlus size={16} />} component={Link} to="/clients/new">
              Add client
            </Button>
            <Button variant="default" onClick={quickAdd.open}>
              Quick add (N)
            </Button>
            <Button variant="default" leftSection={<IconFileImport size={16} />} component={Link} to="/imports/new">
              Import a file
            </Button>
            {admin && (
              <Button variant="light" leftSection={<IconDatabaseImport size={16} />} loading={sample.isPending} onClick={load}>
                Load sample clients
              </Button>
            )}
          </Group>
        )
      }
    >
      {canWrite
        ? 'Add your first client with their name and an e-mail or phone — the rest can wait. Import a CSV or Excel file from another tool, or load realistic sample clients to see how lists, filters and bulk actions work.'
        : 'Nobody has added a client to this workspace yet. Members, managers and admins can add them.'}
    </EmptyState>
  );
}

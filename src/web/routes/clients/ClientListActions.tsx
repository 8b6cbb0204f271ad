import { Badge, Button, Group } from '@mantine/core';
import { IconDatabaseImport, IconDownload, IconPlus, IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useQuickAdd } from '../../components/clients/QuickAdd';

type Props = { canWrite: boolean; canExport: boolean; compact: boolean; onExport: () => void };

/** The client list's header actions: Trash, Import, Export, Quick add (not on a phone) and Add client. */
export function ClientListActions({ canWrite, canExport, compact, onExport }: Props) {
  return (
    <Group gap="xs">
      <Button component={Link} to="/clients/trash" variant="subtle" color="gray" leftSection={<IconTrash size={16} />}>
        Trash
      </Button>
      {canWrite && (
        <Button component={Link} to="/imports/new" variant="default" leftSection={<IconDatabaseImport size={16} />}>
          Import
        </Button>
      )}
      {canExport && (
        <Button variant="default" leftSection={<IconDownload size={16} />} onClick={onExport}>
          Export
        </Button>
      )}
      {canWrite && !compact && <QuickAddButton />}
      {canWrite && (
        <Button component={Link} to="/clients/new" leftSection={<IconPlus size={16} />}>
          Add client
        </Button>
      )}
    </Group>
  );
}

function QuickAddButton() {
  const quickAdd = useQuickAdd();
  return (
    <Button variant="default" onClick={quickAdd.open} rightSection={<Badge size="xs" variant="outline" color="gray" visibleFrom="sm">N</Badge>}>
      Quick add
    </Button>
  );
}

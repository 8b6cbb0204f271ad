import { Button, Group, Kbd, Menu, Modal, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChecklist, IconMessage, IconPlus, IconShoppingBagPlus, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useClientSearch } from '../../api/activity';
import { useOrderWord } from '../../api/orders';
import { useQuickAdd } from '../clients/QuickAdd';
import { InteractionModal } from './InteractionModal';
import { OrderModal } from './OrderModal';
import { TaskModal } from './TaskModal';

type What = 'task' | 'interaction' | 'order';

/** The header's "+ New" menu: a client (Quick Add), a task, an interaction or an order (pick the client first). */
export function NewMenu() {
  const quickAdd = useQuickAdd();
  const { word } = useOrderWord();
  const [picking, setPicking] = useState<What | null>(null);
  const [target, setTarget] = useState<{ what: What; clientId: string | null } | null>(null);
  const close = () => setTarget(null);
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="light" size="compact-md" px={8} aria-label="New…">
            <IconPlus size={18} aria-hidden />
            <Text span size="sm" fw={600} visibleFrom="sm" ml={4} inherit>
              New
            </Text>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconUserPlus size={16} />} rightSection={<Kbd size="xs">N</Kbd>} onClick={quickAdd.open}>
            Client
          </Menu.Item>
          <Menu.Item leftSection={<IconChecklist size={16} />} onClick={() => setPicking('task')}>
            Task
          </Menu.Item>
          <Menu.Item leftSection={<IconMessage size={16} />} onClick={() => setPicking('interaction')}>
            Interaction
          </Menu.Item>
          <Menu.Item leftSection={<IconShoppingBagPlus size={16} />} onClick={() => setPicking('order')}>
            {word.charAt(0).toUpperCase() + word.slice(1)}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <ClientPicker
        what={picking}
        optional={picking === 'task'}
        onClose={() => setPicking(null)}
        onPick={(clientId) => {
          if (picking) setTarget({ what: picking, clientId });
          setPicking(null);
        }}
      />
      <TaskModal clientId={target?.clientId ?? null} opened={target?.what === 'task'} onClose={close} />
      {target?.clientId && <InteractionModal clientId={target.clientId} kind="call" opened={target.what === 'interaction'} onClose={close} />}
      {target?.clientId && <OrderModal clientId={target.clientId} opened={target.what === 'order'} onClose={close} />}
    </>
  );
}

/** Pick the client a new record is for (a task may have none). */
function ClientPicker({ what, optional, onClose, onPick }: { what: What | null; optional: boolean; onClose: () => void; onPick: (clientId: string | null) => void }) {
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 200);
  const [value, setValue] = useState<string | null>(null);
  const clients = useClientSearch(debounced);
  const { word } = useOrderWord();
  const label = what === 'order' ? word : what === 'interaction' ? 'interaction' : 'task';
  const finish = (id: string | null) => {
    onPick(id);
    setValue(null);
    setQ('');
  };
  return (
    <Modal opened={what !== null} onClose={onClose} title={`New ${label}: which client?`}>
      <Stack gap="sm">
        {optional && (
          <Button variant="light" onClick={() => finish(null)}>
            No client: a task of my own
          </Button>
        )}
        <Select
          label="Client"
          placeholder="Type a name, e-mail or phone"
          searchable
          data-autofocus
          searchValue={q}
          onSearchChange={setQ}
          filter={({ options }) => options}
          data={(clients.data?.data ?? []).map((c) => ({ value: c.id, label: c.displayName }))}
          nothingFoundMessage={clients.isFetching ? 'Searching…' : 'No client matches'}
          value={value}
          onChange={(id) => {
            setValue(id);
            if (id) finish(id);
          }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

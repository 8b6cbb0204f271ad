import { Button, Group } from '@mantine/core';
import { IconChecklist, IconNote, IconPhone, IconShoppingBagPlus, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useOrderWord } from '../../api/orders';
import { InteractionModal } from './InteractionModal';
import { OrderModal } from './OrderModal';
import { TaskModal } from './TaskModal';
import { UploadModal } from './UploadModal';

type Open = 'call' | 'note' | 'task' | 'order' | 'document' | null;

/** The one-click actions of the client page: each opens a compact form. */
export function ClientActions({ clientId }: { clientId: string }) {
  const [open, setOpen] = useState<Open>(null);
  const { Word } = useOrderWord();
  const close = () => setOpen(null);
  return (
    <>
      <Group gap="xs" role="toolbar" aria-label="Record something for this client">
        <Button size="xs" leftSection={<IconPhone size={14} />} onClick={() => setOpen('call')}>
          Log a call
        </Button>
        <Button size="xs" variant="light" leftSection={<IconNote size={14} />} onClick={() => setOpen('note')}>
          Add note
        </Button>
        <Button size="xs" variant="light" leftSection={<IconChecklist size={14} />} onClick={() => setOpen('task')}>
          New task
        </Button>
        <Button size="xs" variant="light" leftSection={<IconShoppingBagPlus size={14} />} onClick={() => setOpen('order')}>
          New {Word.toLowerCase()}
        </Button>
        <Button size="xs" variant="light" leftSection={<IconUpload size={14} />} onClick={() => setOpen('document')}>
          Upload document
        </Button>
      </Group>
      <InteractionModal clientId={clientId} opened={open === 'call' || open === 'note'} kind={open === 'note' ? 'note' : 'call'} onClose={close} />
      <TaskModal clientId={clientId} opened={open === 'task'} onClose={close} />
      <OrderModal clientId={clientId} opened={open === 'order'} onClose={close} />
      <UploadModal clientId={clientId} opened={open === 'document'} onClose={close} />
    </>
  );
}

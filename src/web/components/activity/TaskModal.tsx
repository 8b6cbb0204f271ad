import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { taskPriorities, type TaskPriority } from '../../../domain/task';
import { useCreateTask } from '../../api/tasks';
import { useTeam } from '../../api/team';
import { usePhoneModal } from '../clients/ClientBits';
import { showApiError } from '../formErrors';
import { useSession } from '../RequireAuth';
import { fromInput, tomorrow } from './dates';
import { humanize } from './labels';

type Props = { clientId: string | null; opened: boolean; onClose: () => void };

/** A new task, for a client or on its own. */
export function TaskModal({ clientId, opened, onClose }: Props) {
  const phone = usePhoneModal();
  return (
    <Modal opened={opened} onClose={onClose} title="New task" fullScreen={phone}>
      {opened && <TaskForm clientId={clientId} onDone={onClose} />}
    </Modal>
  );
}

function TaskForm({ clientId, onDone }: { clientId: string | null; onDone: () => void }) {
  const create = useCreateTask();
  const team = useTeam();
  const me = useSession();
  const form = useForm({
    initialValues: { title: '', dueAt: tomorrow(), priority: 'normal', assigneeId: (me.user?.id ?? null) as string | null, notes: '' },
    validate: { title: (v) => (v.trim() ? null : 'Title is required') },
  });
  const submit = form.onSubmit((values) =>
    create.mutate(
      { clientId, title: values.title.trim(), dueAt: fromInput(values.dueAt), priority: values.priority as TaskPriority, assigneeId: values.assigneeId, notes: values.notes.trim() || null },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: 'Task added.' });
          onDone();
        },
        onError: (e) => showApiError(e, form, 'Could not add the task'),
      },
    ),
  );
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <TextInput label="Title" required maxLength={300} data-autofocus {...form.getInputProps('title')} />
        <Group grow align="flex-start" wrap="wrap">
          <TextInput type="date" label="Due" {...form.getInputProps('dueAt')} />
          <Select label="Priority" data={taskPriorities.map((p) => ({ value: p, label: humanize(p) }))} allowDeselect={false} {...form.getInputProps('priority')} />
        </Group>
        <Select label="Assignee" data={(team.data?.data ?? []).map((m) => ({ value: m.id, label: m.name }))} searchable {...form.getInputProps('assigneeId')} />
        <Textarea label="Notes" autosize minRows={2} {...form.getInputProps('notes')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Add task
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

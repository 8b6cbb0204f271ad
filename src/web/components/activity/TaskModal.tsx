import { Checkbox, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { taskPriorities, type Task, type TaskPriority } from '../../../domain/task';
import { useCreateTask } from '../../api/tasks';
import { useTeam } from '../../api/team';
import { usePhoneModal } from '../clients/ClientBits';
import { showApiError } from '../formErrors';
import { useSession } from '../RequireAuth';
import { fromInput, toDateInput, tomorrow } from './dates';
import { humanize } from './labels';
import { changedOnly, ConflictAlert, FormFooter, RecordFields, useEditTitle, useRecordEdit } from './recordEdit';

type Props = { clientId: string | null; opened: boolean; onClose: () => void; task?: Task };

/** A new task, for a client or on its own; with `task`, edit, complete or delete it. */
export function TaskModal({ clientId, opened, onClose, task }: Props) {
  const phone = usePhoneModal();
  const title = useEditTitle(task ? 'Edit task' : 'New task', 'Task');
  return (
    <Modal opened={opened} onClose={onClose} title={title} fullScreen={phone}>
      {opened && <TaskForm key={task?.version} clientId={clientId} task={task} onDone={onClose} />}
    </Modal>
  );
}

function TaskForm({ clientId, task: rec, onDone }: { clientId: string | null; task?: Task; onDone: () => void }) {
  const create = useCreateTask();
  // A task without a client refreshes nothing client-side but My tasks, which refreshClient always does.
  const edit = useRecordEdit<Task>(clientId ?? '', 'tasks', rec, 'task');
  const team = useTeam();
  const me = useSession();
  const form = useForm({
    initialValues: {
      title: rec?.title ?? '',
      dueAt: rec ? (rec.dueAt ? toDateInput(new Date(rec.dueAt)) : '') : tomorrow(),
      priority: (rec?.priority ?? 'normal') as string,
      assigneeId: (rec ? rec.assigneeId : (me.user?.id ?? null)) as string | null,
      notes: rec?.notes ?? '',
      done: rec?.status === 'done',
    },
    validate: { title: (v) => (v.trim() ? null : 'Title is required') },
  });
  const toBody = (v: typeof form.values) => ({ title: v.title.trim(), dueAt: fromInput(v.dueAt), priority: v.priority as TaskPriority, assigneeId: v.assigneeId, notes: v.notes.trim() || null });
  const submit = form.onSubmit((values) => {
    if (rec) {
      const status = values.done ? 'done' : 'open';
      const body = { ...changedOnly(toBody(values), toBody(form.getInitialValues())), ...(status !== rec.status ? { status } : {}) };
      return edit.save(body, form, () => {
        notifications.show({ color: 'teal', message: 'Task saved.' });
        onDone();
      });
    }
    create.mutate(
      { clientId, ...toBody(values) },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: 'Task added.' });
          onDone();
        },
        onError: (e) => showApiError(e, form, 'Could not add the task'),
      },
    );
  });
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <ConflictAlert edit={edit} what="task" />
        <RecordFields>
          <TextInput label="Title" required maxLength={300} data-autofocus {...form.getInputProps('title')} />
          <Group grow align="flex-start" wrap="wrap">
            <TextInput type="date" label="Due" {...form.getInputProps('dueAt')} />
            <Select label="Priority" data={taskPriorities.map((p) => ({ value: p, label: humanize(p) }))} allowDeselect={false} {...form.getInputProps('priority')} />
          </Group>
          <Select label="Assignee" data={(team.data?.data ?? []).map((m) => ({ value: m.id, label: m.name }))} searchable {...form.getInputProps('assigneeId')} />
          <Textarea label="Notes" autosize minRows={2} {...form.getInputProps('notes')} />
          {rec && <Checkbox label="Done" {...form.getInputProps('done', { type: 'checkbox' })} />}
        </RecordFields>
        <FormFooter edit={edit} what="task" submitLabel="Add task" creating={create.isPending} onCancel={onDone} onDeleted={onDone} />
      </Stack>
    </form>
  );
}

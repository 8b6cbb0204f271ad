import { Alert, Anchor, Badge, Button, Checkbox, Group, Paper, Skeleton, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { roleAtLeast } from '../../../domain/role';
import type { TaskDueFilter } from '../../../domain/task';
import { useCompleteTask, useMyTasks, type Task } from '../../api/tasks';
import { TaskModal } from '../../components/activity/TaskModal';
import { humanize } from '../../components/activity/labels';
import classes from '../../components/activity/open.module.css';
import { RecordModal } from '../../components/activity/RecordModal';
import { showApiError } from '../../components/formErrors';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { useSession } from '../../components/RequireAuth';

const sections: { due: TaskDueFilter; title: string; empty: string; color?: string }[] = [
  { due: 'overdue', title: 'Overdue', empty: 'Nothing overdue.', color: 'red' },
  { due: 'today', title: 'Today', empty: 'Nothing else due today.' },
  { due: 'upcoming', title: 'Upcoming', empty: 'Nothing scheduled later. Follow-up dates on calls and notes land here.' },
];

/** My open tasks: overdue, due today, upcoming; tick one to complete it, or open it to edit or delete it. */
export function MyTasksPage() {
  useDocumentTitle('My tasks · Rapport');
  const [adding, setAdding] = useState(false);
  const [open, setOpen] = useState<Task | null>(null);
  const me = useSession();
  return (
    <Stack gap="lg">
      <PageHeader
        title="My tasks"
        description="Your open tasks, soonest first. Tick one to mark it done; open one to change or delete it."
        action={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
            New task
          </Button>
        }
      />
      {sections.map((s) => (
        <TaskSection key={s.due} {...s} onOpen={setOpen} />
      ))}
      <TaskModal clientId={null} opened={adding} onClose={() => setAdding(false)} />
      <RecordModal clientId={open?.clientId ?? ''} target={open ? { path: 'tasks', id: open.id } : null} onClose={() => setOpen(null)} canWrite={roleAtLeast(me.role, 'member')} />
    </Stack>
  );
}

function TaskSection({ due, title, empty, color, onOpen }: { due: TaskDueFilter; title: string; empty: string; color?: string; onOpen: (task: Task) => void }) {
  const tasks = useMyTasks(due);
  const count = tasks.data?.total;
  return (
    <Stack gap="xs" component="section" aria-labelledby={`tasks-${due}`}>
      <Group gap="xs">
        <Title order={3} size="h4" id={`tasks-${due}`} c={color && count ? color : undefined}>
          {title}
        </Title>
        {count !== undefined && count > 0 && (
          <Badge variant="light" color={color ?? 'gray'}>
            {count}
          </Badge>
        )}
      </Group>
      {tasks.isPending ? (
        <Skeleton h={48} />
      ) : tasks.isError ? (
        <Alert color="red">{tasks.error.message}</Alert>
      ) : tasks.data.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <Paper withBorder>
          <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {tasks.data.data.map((t) => (
              <TaskRow key={t.id} task={t} onOpen={() => onOpen(t)} />
            ))}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}

function TaskRow({ task: t, onOpen }: { task: Task; onOpen: () => void }) {
  const complete = useCompleteTask();
  const [done, setDone] = useState(false);
  return (
    <Group component="li" gap="sm" wrap="nowrap" align="flex-start" px="sm" py="xs" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
      <Checkbox
        mt={2}
        checked={done}
        aria-label={`Mark “${t.title}” done`}
        disabled={complete.isPending}
        onChange={() => {
          setDone(true);
          complete.mutate({ task: t, done: true }, { onError: (e) => (setDone(false), showApiError(e, undefined, 'Could not complete the task')) });
        }}
      />
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <UnstyledButton onClick={onOpen} aria-label={`Open task ${t.title}`} className={classes.open}>
          <Text size="sm" fw={600} td={done ? 'line-through' : undefined} style={{ overflowWrap: 'anywhere' }}>
            {t.title}
          </Text>
        </UnstyledButton>
        <Group gap="xs">
          <Text size="xs" c={t.overdue ? 'red' : 'dimmed'}>
            {t.dueAt ? `Due ${formatDateTime(t.dueAt)}` : 'No due date'}
          </Text>
          {t.clientId && (
            <Anchor component={Link} to={`/clients/${t.clientId}`} size="xs">
              {t.clientName ?? 'Client'}
            </Anchor>
          )}
          {t.priority !== 'normal' && (
            <Badge size="xs" variant="light" color={t.priority === 'urgent' ? 'red' : t.priority === 'high' ? 'orange' : 'gray'}>
              {humanize(t.priority)}
            </Badge>
          )}
          {t.source === 'follow_up' && (
            <Badge size="xs" variant="outline" color="gray">
              Follow-up
            </Badge>
          )}
        </Group>
      </Stack>
    </Group>
  );
}

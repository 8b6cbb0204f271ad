import { Anchor, Badge, Button, Group, Paper, Popover, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlarmSnooze, IconCheck, IconChecklist, IconEye, IconRotate } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { BandRef } from '../../../domain/healthExplanation';
import { isApiError } from '../../api/api';
import { useAlertAction, type Alert, type AlertAction } from '../../api/alerts';
import { formatDate, toDateInput } from '../activity/dates';
import { formatRelative } from '../format';
import { showApiError } from '../formErrors';
import { BandBadge } from '../health/HealthBadge';
import { kindLabels, severityColors, statusLabels } from './labels';

type Member = { value: string; label: string };

const done: Record<AlertAction['kind'], string> = {
  assign: 'Alert assigned.',
  acknowledge: 'Alert acknowledged.',
  snooze: 'Alert snoozed.',
  resolve: 'Alert resolved.',
  reopen: 'Alert reopened.',
  task: 'Task created: it is in the assignee’s My tasks.',
};

/** One alert: who, why, what to do, and the inbox actions. */
export function AlertCard({ alert, band, members, canAct, showAction = true }: { alert: Alert; band: BandRef | null; members: Member[]; canAct: boolean; showAction?: boolean }) {
  const act = useAlertAction();
  const [snoozing, setSnoozing] = useState(false);
  const [until, setUntil] = useState(toDateInput(new Date(Date.now() + 7 * 86_400_000)));
  const [snoozeError, setSnoozeError] = useState<string | null>(null);
  const run = (action: AlertAction, after?: () => void) =>
    act.mutate(
      { alert, action },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: done[action.kind] });
          after?.();
        },
        onError: (e) => {
          if (isApiError(e, 412)) notifications.show({ color: 'orange', title: 'Changed by someone else', message: 'The list is refreshed; check the alert and try again.' });
          else if (action.kind === 'snooze' && isApiError(e) && e.fieldErrors.length) setSnoozeError(e.fieldErrors.map((f) => f.message).join('; '));
          else showApiError(e, undefined, 'That did not work');
        },
      },
    );
  const resolved = alert.status === 'resolved';
  const titleId = `alert-${alert.id}`;
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={titleId} style={{ borderLeft: `4px solid var(--mantine-color-${severityColors[alert.severity]}-6)` }}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" align="flex-start">
          <Group gap="xs">
            <Badge color={severityColors[alert.severity]} variant="light">
              {alert.severity}
            </Badge>
            <Text size="xs" c="dimmed">
              {kindLabels[alert.kind]} · opened {formatRelative(alert.openedAt)}
              {alert.fireCount > 1 ? ` · fired ${alert.fireCount}×` : ''}
            </Text>
          </Group>
          <Badge variant="outline" color={resolved ? 'gray' : alert.status === 'open' ? 'red' : 'blue'}>
            {statusLabels[alert.status]}
            {alert.status === 'snoozed' && alert.snoozedUntil ? ` until ${formatDate(alert.snoozedUntil)}` : ''}
          </Badge>
        </Group>
        <Text id={titleId} fw={600}>
          {alert.title}
        </Text>
        <Group gap="xs">
          <Anchor component={Link} to={`/clients/${alert.client.id}`} fw={500} size="sm">
            {alert.client.displayName}
          </Anchor>
          <BandBadge band={band} score={alert.client.healthScore} size="sm" />
        </Group>
        <Text size="sm">{alert.reason}</Text>
        {showAction && alert.recommendedAction && !resolved && (
          <Text size="sm" c="dimmed">
            Recommended: {alert.recommendedAction.action}
          </Text>
        )}
        {alert.resolution && (
          <Text size="sm" c="dimmed">
            Resolution: {alert.resolution}
          </Text>
        )}
        <Group gap="xs" mt={4} wrap="wrap">
          <Select
            size="xs"
            w={190}
            aria-label={`Assignee of “${alert.title}”`}
            data={[{ value: '', label: 'Unassigned' }, ...members]}
            value={alert.assigneeId ?? ''}
            allowDeselect={false}
            disabled={!canAct || resolved || act.isPending}
            onChange={(v) => run({ kind: 'assign', assigneeId: v || null })}
          />
          {canAct && alert.status === 'open' && (
            <Button size="xs" variant="light" leftSection={<IconEye size={14} />} loading={act.isPending && act.variables?.action.kind === 'acknowledge'} onClick={() => run({ kind: 'acknowledge' })}>
              Acknowledge
            </Button>
          )}
          {canAct && !resolved && (
            <Popover opened={snoozing} onChange={setSnoozing} trapFocus position="bottom-start" withArrow>
              <Popover.Target>
                <Button size="xs" variant="default" leftSection={<IconAlarmSnooze size={14} />} onClick={() => setSnoozing((o) => !o)}>
                  Snooze…
                </Button>
              </Popover.Target>
              <Popover.Dropdown>
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    setSnoozeError(null);
                    run({ kind: 'snooze', until: new Date(`${until}T08:00:00`).toISOString() }, () => setSnoozing(false));
                  }}
                >
                  <Stack gap="xs">
                    <TextInput type="date" size="xs" label="Snooze until" description="It opens again that morning (at most 90 days)" value={until} onChange={(e) => setUntil(e.currentTarget.value)} error={snoozeError} />
                    <Button size="xs" type="submit" loading={act.isPending}>
                      Snooze
                    </Button>
                  </Stack>
                </form>
              </Popover.Dropdown>
            </Popover>
          )}
          {canAct && !alert.taskId && !resolved && (
            <Button size="xs" variant="default" leftSection={<IconChecklist size={14} />} onClick={() => run({ kind: 'task' })}>
              Create task
            </Button>
          )}
          {alert.taskId && (
            <Anchor component={Link} to="/tasks" size="sm">
              Task created — see My tasks
            </Anchor>
          )}
          {canAct && !resolved && (
            <Button size="xs" variant="default" color="teal" leftSection={<IconCheck size={14} />} onClick={() => run({ kind: 'resolve' })}>
              Resolve
            </Button>
          )}
          {canAct && resolved && (
            <Button size="xs" variant="default" leftSection={<IconRotate size={14} />} onClick={() => run({ kind: 'reopen' })}>
              Reopen
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

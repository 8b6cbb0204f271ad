import { Alert, Button, Group, Paper, SegmentedControl, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowDownRight, IconArrowRight, IconArrowUpRight, IconChecklist, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { roleAtLeast } from '../../../domain/role';
import { useClientHealth, useHealthSettings, useRecomputeHealth } from '../../api/health';
import { useCreateTask } from '../../api/tasks';
import { ClientAlerts } from '../alerts/ClientAlerts';
import { formatRelative } from '../format';
import { showApiError } from '../formErrors';
import { useSession } from '../RequireAuth';
import { FactorTable } from './FactorTable';
import { HealthChart } from './HealthChart';
import { BandBadge } from './HealthBadge';
import { OverrideForm, OverrideNotice } from './OverrideForm';

const ranges = [
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: '730', label: '2 years' },
];

/** The client's health: score and band, what to do, why (factors, what changed), the history, and a manager's override. */
export function HealthTab({ clientId, canWrite }: { clientId: string; canWrite: boolean }) {
  const me = useSession();
  const canManage = roleAtLeast(me.role, 'manager') && canWrite;
  const [days, setDays] = useState(365);
  const health = useClientHealth(clientId, days);
  const settings = useHealthSettings();
  const recompute = useRecomputeHealth(clientId);
  const createTask = useCreateTask();
  const [overriding, setOverriding] = useState(false);
  const bands = settings.data?.settings.bands ?? [];

  if (health.isPending) return <Skeleton h={320} />;
  if (health.isError) return <Alert color="red" title="Could not load the health score">{health.error.message}</Alert>;
  const h = health.data;
  const t = h.trend;
  const TrendIcon = t.direction === 'up' ? IconArrowUpRight : t.direction === 'down' ? IconArrowDownRight : IconArrowRight;
  const trendText =
    t.direction === 'unknown' ? 'Not enough history for a 30-day trend yet' : t.direction === 'flat' ? `Steady over ${t.days} days (${t.to})` : `${t.change! > 0 ? '+' : '−'}${Math.abs(t.change!)} points in ${t.days} days (${t.from} → ${t.to})`;

  const makeTask = () => {
    const action = h.recommendedAction!;
    createTask.mutate(
      { clientId, title: action.action.slice(0, 300), dueAt: action.dueHours ? new Date(Date.now() + action.dueHours * 3_600_000).toISOString() : null, priority: action.dueHours && action.dueHours <= 48 ? 'high' : 'normal' },
      { onSuccess: () => notifications.show({ color: 'teal', message: 'Task created: it is in My tasks.' }), onError: (e) => showApiError(e, undefined, 'Could not create the task') },
    );
  };

  return (
    <Stack gap="md">
      <Paper withBorder p="md">
        <Group justify="space-between" align="flex-start" gap="md">
          <Group gap="md" align="center" wrap="nowrap">
            <Text fz={44} fw={700} lh={1} aria-label={`Health score ${h.score ?? 'none'}`} c={h.band?.color}>
              {h.score ?? '—'}
            </Text>
            <Stack gap={4}>
              <BandBadge band={h.band} size="lg" />
              <Group gap={4} wrap="nowrap" align="flex-start" c={t.direction === 'down' ? 'red' : t.direction === 'up' ? 'teal' : 'dimmed'}>
                <TrendIcon size={16} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
                <Text size="sm">{trendText}</Text>
              </Group>
            </Stack>
          </Group>
          {canWrite && (
            <Button variant="default" size="xs" leftSection={<IconRefresh size={14} />} loading={recompute.isPending} onClick={() => recompute.mutate(undefined, { onError: (e) => showApiError(e, undefined, 'Could not recompute') })}>
              Recompute now
            </Button>
          )}
        </Group>
        <Text size="sm" mt="sm">
          {h.summary}
        </Text>
        <Text size="xs" c="dimmed">
          {h.computedAt ? `Computed ${formatRelative(h.computedAt)}` : 'Not computed yet'}
          {h.profile ? ` · weights of the “${h.profile.name}” profile` : ''}
          {h.cadence ? ` · expected contact ${h.cadence}` : ''}
          {h.override?.state === 'active' && h.computedScore !== h.score ? ` · computed score ${h.computedScore ?? '—'}` : ''}
        </Text>
      </Paper>

      {h.recommendedAction && (
        <Alert color={h.band?.color ?? 'blue'} variant="light" title="Recommended action">
          <Group justify="space-between" gap="sm" align="flex-end">
            <Text size="sm" style={{ flex: 1, minWidth: 200 }}>
              {h.recommendedAction.action}
              {h.recommendedAction.dueHours ? ` (within ${h.recommendedAction.dueHours} h)` : ''}
            </Text>
            {canWrite && (
              <Button size="xs" leftSection={<IconChecklist size={14} />} loading={createTask.isPending} onClick={makeTask}>
                Create task
              </Button>
            )}
          </Group>
        </Alert>
      )}

      <ClientAlerts clientId={clientId} band={h.band} canAct={canWrite} />

      {h.override && <OverrideNotice override={h.override} bands={bands} clientId={clientId} canManage={canManage} />}
      {canManage && !overriding && h.override?.state !== 'active' && (
        <Group>
          <Button variant="subtle" size="xs" onClick={() => setOverriding(true)}>
            Override score or band…
          </Button>
        </Group>
      )}
      {canManage && overriding && (
        <Paper withBorder p="md" maw={520}>
          <Title order={4} mb="sm">
            Override the score
          </Title>
          <OverrideForm clientId={clientId} bands={bands} onDone={() => setOverriding(false)} />
        </Paper>
      )}

      <Paper withBorder p="md">
        <Title order={4} mb="xs">
          Why this score
        </Title>
        <FactorTable factors={h.factors} />
      </Paper>

      <Paper withBorder p="md">
        <Title order={4}>What changed</Title>
        {h.changes && h.changes.changes.length > 0 ? (
          <>
            <Text size="xs" c="dimmed" mb="xs">
              {h.changedAt ? formatRelative(h.changedAt) : ''} · {h.changes.summary}
            </Text>
            <Stack gap={4} component="ul" m={0} pl="md">
              {h.changes.changes.map((c) => (
                <Text key={c.factor} component="li" size="sm" c={c.points < 0 ? 'red' : c.points > 0 ? 'teal' : undefined}>
                  {c.text}
                </Text>
              ))}
            </Stack>
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {h.changes?.summary ?? 'Nothing has moved since the first score. Changes show here with the factor and the raw values behind them.'}
          </Text>
        )}
      </Paper>

      <Paper withBorder p="md">
        <Group justify="space-between" mb="xs" gap="xs">
          <Title order={4}>History</Title>
          <SegmentedControl size="xs" aria-label="History range" data={ranges} value={String(days)} onChange={(v) => setDays(Number(v))} />
        </Group>
        <HealthChart history={h.history} bands={bands} />
      </Paper>
    </Stack>
  );
}

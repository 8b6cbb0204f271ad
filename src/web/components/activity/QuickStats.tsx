import { Group, Paper, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatMoney, formatTotals } from '../../../domain/money';
import { useClientSummary, useClientUsage } from '../../api/activity';
import { useOrderWord } from '../../api/orders';
import { formatRelative } from '../format';
import { Sparkline } from './Sparkline';

/** Quick stats of the Overview: orders, total value, balance, NPS, last activity; usage when the client has any. */
export function QuickStats({ clientId }: { clientId: string }) {
  const summary = useClientSummary(clientId);
  const usage = useClientUsage(clientId);
  const { Words } = useOrderWord();
  if (summary.isPending) return <Skeleton h={72} />;
  if (!summary.data) return null;
  const s = summary.data;
  const loyalty = s.extra.loyalty as { balance?: number; tier?: string | null } | undefined;
  const metrics = usage.data?.metrics.filter((m) => m.count > 0) ?? [];
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 2, xs: 3, md: 5 }} spacing="xs" aria-label="Quick stats">
        <Stat label={Words} value={String(s.ordersCount)} hint={s.completedOrders ? `${s.completedOrders} completed` : undefined} />
        <Stat label="Total value" value={s.totalValueByCurrency.length > 1 ? formatTotals(s.totalValueByCurrency) : formatMoney(s.totalValue)} />
        <Stat
          label="Balance"
          value={formatMoney(s.outstandingBalance)}
          hint={s.overdueAmount.amount > 0 ? `${formatMoney(s.overdueAmount)} overdue` : undefined}
          danger={s.overdueAmount.amount > 0}
        />
        <Stat label="NPS" value={s.nps === null ? '—' : String(s.nps)} hint={loyalty?.tier ? `${loyalty.tier} · ${loyalty.balance ?? 0} pts` : undefined} />
        <Stat label="Last activity" value={formatRelative(s.lastActivityAt, 'None yet')} />
      </SimpleGrid>
      {metrics.map((m) => (
        <Paper key={m.metric} withBorder p="xs">
          <Group justify="space-between" wrap="nowrap">
            <Stack gap={0}>
              <Text size="xs" c="dimmed">
                Usage · {m.metric} · last {m.series.length} days
              </Text>
              <Text fw={700}>{new Intl.NumberFormat().format(m.total)}</Text>
            </Stack>
            <Sparkline values={m.series.map((p) => p.sum)} label={`${m.metric} per day over ${m.series.length} days, total ${m.total}`} />
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

function Stat({ label, value, hint, danger }: { label: string; value: ReactNode; hint?: string; danger?: boolean }) {
  return (
    <Paper withBorder p="xs">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={700} size="lg" c={danger ? 'red' : undefined} style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c={danger ? 'red' : 'dimmed'}>
          {hint}
        </Text>
      )}
    </Paper>
  );
}

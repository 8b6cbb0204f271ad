import { Alert as Notice, Anchor, Button, Center, Checkbox, Group, SegmentedControl, Select, Skeleton, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconBellCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { alertRuleKinds, alertSeverities, type AlertRuleKind, type AlertSeverity } from '../../../domain/alert';
import { roleAtLeast } from '../../../domain/role';
import { useAlertRules, useAlerts, type AlertFilters } from '../../api/alerts';
import { useHealthSettings } from '../../api/health';
import { useTeam } from '../../api/team';
import { AlertCard } from '../../components/alerts/AlertCard';
import { kindLabels } from '../../components/alerts/labels';
import { PageHeader } from '../../components/PageHeader';
import { useSession } from '../../components/RequireAuth';

const statusFilters = [
  { value: 'active', label: 'Active' },
  { value: 'open', label: 'Open' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: 'snoozed', label: 'Snoozed' },
  { value: 'resolved', label: 'Resolved' },
];

/** The alert inbox: which clients need attention and why, with assign, acknowledge, snooze, resolve and create task. */
export function AlertsPage() {
  useDocumentTitle('Alerts · Rapport');
  const me = useSession();
  const [filters, setFilters] = useState<AlertFilters>({ status: 'active', assignee: null, severity: null, kind: null });
  const alerts = useAlerts(filters);
  const rules = useAlertRules();
  const notInApp = (rules.data ?? []).filter((r) => !r.deliver.inApp);
  const team = useTeam();
  const health = useHealthSettings();
  const canAct = roleAtLeast(me.role, 'member');
  const members = (team.data?.data ?? []).map((m) => ({ value: m.id, label: m.id === me.user?.id ? `${m.name} (me)` : m.name }));
  const bands = health.data?.settings.bands ?? [];
  const bandOf = (key: string | null) => {
    const b = bands.find((x) => x.key === key);
    return b ? { key: b.key, name: b.name, color: b.color } : null;
  };
  const set = (patch: Partial<AlertFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const items = alerts.data?.pages.flatMap((p) => p.data) ?? [];
  const total = alerts.data?.pages[0]?.total ?? 0;
  const filtered = filters.assignee || filters.severity || filters.kind || filters.status !== 'active' || filters.delivery === 'all';

  return (
    <>
      <PageHeader
        title="Alerts"
        description="Clients that need attention, and why. Alerts open from the rules in Alert rules; each rule opens at most one alert per client at a time."
        action={
          roleAtLeast(me.role, 'manager') ? (
            <Button component={Link} to="/settings/alerts" variant="default" size="xs">
              Alert rules
            </Button>
          ) : undefined
        }
      />
      <Stack gap="sm">
        <SegmentedControl aria-label="Status" data={statusFilters} value={filters.status} onChange={(v) => set({ status: v })} style={{ alignSelf: 'flex-start', maxWidth: '100%', overflowX: 'auto' }} />
        <Group gap="xs" wrap="wrap">
          <Select
            size="xs"
            w={170}
            aria-label="Assigned to"
            data={[{ value: '', label: 'Anyone' }, { value: 'me', label: 'Assigned to me' }, { value: 'none', label: 'Unassigned' }]}
            value={filters.assignee ?? ''}
            allowDeselect={false}
            onChange={(v) => set({ assignee: v || null })}
          />
          <Select size="xs" w={150} aria-label="Severity" placeholder="Any severity" clearable data={alertSeverities.map((s) => ({ value: s, label: s }))} value={filters.severity} onChange={(v) => set({ severity: v as AlertSeverity | null })} />
          <Select size="xs" w={200} aria-label="Kind" placeholder="Any kind" clearable data={alertRuleKinds.map((k) => ({ value: k, label: kindLabels[k] }))} value={filters.kind} onChange={(v) => set({ kind: v as AlertRuleKind | null })} />
          {(notInApp.length > 0 || filters.delivery === 'all') && (
            <Checkbox
              size="xs"
              label="All deliveries"
              title={`Also the alerts of rules delivered by digest or webhook only: ${notInApp.map((r) => r.name).join(', ')}`}
              checked={filters.delivery === 'all'}
              onChange={(e) => set({ delivery: e.currentTarget.checked ? 'all' : undefined })}
            />
          )}
          {alerts.isSuccess && (
            <Text size="sm" c="dimmed" aria-live="polite">
              {total} alert{total === 1 ? '' : 's'}
            </Text>
          )}
        </Group>
        {alerts.isPending && <Skeleton h={200} />}
        {alerts.isError && <Notice color="red">{alerts.error.message}</Notice>}
        {alerts.isSuccess && items.length === 0 && (
          <Center py="xl">
            <Stack align="center" gap="xs" maw={460}>
              <IconBellCheck size={40} stroke={1.5} color="var(--mantine-color-teal-6)" aria-hidden />
              <Text fw={600}>{filtered ? 'No alerts match these filters' : 'Nothing needs attention'}</Text>
              <Text size="sm" c="dimmed" ta="center">
                {filtered ? (
                  'Clear a filter or pick another status to see more.'
                ) : (
                  <>
                    Alerts open here when a rule fires — a client drops to a lower health band, an invoice goes overdue, a message waits past its response target. Check which rules are on in{' '}
                    <Anchor component={Link} to="/settings/alerts">
                      Alert rules
                    </Anchor>
                    .
                  </>
                )}
              </Text>
            </Stack>
          </Center>
        )}
        <Stack gap="sm" role="feed" aria-busy={alerts.isFetching} aria-label="Alerts">
          {items.map((a) => (
            <AlertCard key={a.id} alert={a} band={bandOf(a.client.healthBand)} members={members} canAct={canAct} />
          ))}
        </Stack>
        {alerts.hasNextPage && (
          <Group justify="center">
            <Button variant="default" loading={alerts.isFetchingNextPage} onClick={() => void alerts.fetchNextPage()}>
              Show more
            </Button>
          </Group>
        )}
      </Stack>
    </>
  );
}

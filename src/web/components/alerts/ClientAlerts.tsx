import { Stack, Title } from '@mantine/core';
import type { BandRef } from '../../../domain/healthExplanation';
import { useClientAlerts } from '../../api/alerts';
import { useTeam } from '../../api/team';
import { useSession } from '../RequireAuth';
import { AlertCard } from './AlertCard';

/** The client's active alerts, actionable where they are read (nothing when there are none); the band's action is shown once, above them. */
export function ClientAlerts({ clientId, band, canAct }: { clientId: string; band: BandRef | null; canAct: boolean }) {
  const alerts = useClientAlerts(clientId);
  const team = useTeam();
  const me = useSession();
  const items = alerts.data?.data ?? [];
  if (!items.length) return null;
  const members = (team.data?.data ?? []).map((m) => ({ value: m.id, label: m.id === me.user?.id ? `${m.name} (me)` : m.name }));
  return (
    <Stack gap="xs" component="section" aria-label="Open alerts">
      <Title order={4}>Open alerts ({alerts.data?.total ?? items.length})</Title>
      {items.map((a) => (
        <AlertCard key={a.id} alert={a} band={band} members={members} canAct={canAct} showAction={false} />
      ))}
    </Stack>
  );
}

import { useClientHealth } from '../../api/health';
import { BandBadge } from './HealthBadge';

/** The client's band beside its name in the header (the same query as the Health tab opens with). */
export function ClientHealthBadge({ clientId }: { clientId: string }) {
  const health = useClientHealth(clientId);
  if (!health.data) return null;
  const h = health.data;
  return <BandBadge band={h.band} score={h.score} tooltip={h.override?.state === 'active' ? `Overridden: ${h.override.reason}` : h.summary} />;
}

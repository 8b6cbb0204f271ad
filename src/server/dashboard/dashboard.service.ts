import type { Dashboard } from '../../domain/dashboard';
import type { ClientFigures } from '../../domain/billing';
import type { HealthBand } from '../../domain/healthSettings';
import { healthSettingsFrom } from '../../domain/healthSettings';
import type { HealthDiff, HealthExplanation, HealthOverride } from '../../domain/healthExplanation';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import type { Db } from '../db/database';
import { fromJson } from '../db/dialect';
import { orderSettingsOf } from '../orders/order-settings.service';
import { assertTimeZone, endOfLocalDay } from '../tasks/task.time';
import * as repo from './dashboard.repository';
import { computeHealth, type HealthInputs } from '../../domain/health';
import { healthWorkspaceOf } from '../health/health.service';

const DAY = 86_400_000;
const TOP = 20;
const clientsHref = (query: Record<string, string>) => `/clients?${new URLSearchParams(query)}`;

/**
 * The bands that need attention: those whose recommended action comes with a due time (the
 * presets' At-Risk and Critical, Fair and At Risk); a custom scheme without any: all but the top band.
 */
export function attentionBands(bands: HealthBand[]): HealthBand[] {
  const urgent = bands.filter((b) => b.actionDueHours !== null);
  if (urgent.length) return urgent;
  const top = Math.max(...bands.map((b) => b.min));
  return bands.filter((b) => b.min < top);
}

/**
 * Why the client is here: a manager's override (their reason), else what moved the score last,
 * else the lowest-scoring factor's note, else the explanation's summary.
 */
export function reasonOf(why: { lastChange: unknown; explanation: unknown; override: unknown; overrideExpiresAt: string | null } | undefined, now: string): string {
  if (!why) return '';
  const override = why.override as HealthOverride | null;
  if (override && why.overrideExpiresAt && why.overrideExpiresAt > now) return `Set by hand: ${override.reason}`;
  const change = why.lastChange as HealthDiff | null;
  if (change?.summary && (change.bandChanged || (change.scoreChange ?? 0) !== 0)) return change.summary;
  const explanation = why.explanation as HealthExplanation | null;
  const lowest = explanation?.factors?.filter((f) => f.status === 'scored' && f.score !== null).sort((a, b) => a.score! - b.score!)[0];
  return lowest?.note ?? explanation?.summary ?? '';
}

export async function getDashboard(db: Db, actor: Actor, query: { tz: string }): Promise<Dashboard> {
  authorize(actor, 'client.read');
  assertTimeZone(query.tz);
  const ws = actor.workspaceId;
  const row = await db.selectFrom('workspaces').select('settings').where('id', '=', ws).executeTakeFirst();
  const health = healthSettingsFrom(fromJson<Record<string, unknown> | null>(row?.settings)?.health);
  const { currency } = await orderSettingsOf(db, ws);
  const nowMs = Date.now();
  const now = new Date(nowMs).toISOString();
  const until = new Date(nowMs + 30 * DAY).toISOString();

  const watch = attentionBands(health.bands);
  const maxScore = Math.max(-1, ...watch.map((b) => b.max));
  const [counts, low, tasks, responses, renewing, alerts] = await Promise.all([
    repo.bandCounts(db, ws),
    maxScore >= 0 ? repo.lowScores(db, ws, maxScore) : Promise.resolve([]),
    actor.userId ? repo.tasksDue(db, ws, actor.userId, endOfLocalDay(nowMs, query.tz)) : Promise.resolve({ count: 0, items: [] }),
    repo.overdueResponses(db, ws, now),
    repo.renewals(db, ws, now, until),
    repo.openAlerts(db, ws),
  ]);

  const byKey = new Map(health.bands.map((b) => [b.key, b]));
  const watched = new Set(watch.map((b) => b.key));
  const ranked = low
    .filter((c) => c.health_band && watched.has(c.health_band))
    .map((c) => {
      const figures = fromJson<ClientFigures | null>(c.figures);
      const value = Math.max(Number(c.total_value ?? 0), figures?.contractValue?.[currency] ?? 0);
      return { c, value, weight: (100 - c.health_score!) * value };
    })
    .sort((a, b) => b.weight - a.weight || a.c.health_score! - b.c.health_score! || a.c.id.localeCompare(b.c.id))
    .slice(0, TOP);
  const stored = await repo.healthReasons(db, ws, ranked.map((r) => r.c.id));
  // Twenty explanations rebuilt from their stored inputs (the score rows keep no explanation).
  const hw = stored.size ? await healthWorkspaceOf(db, ws) : null;
  const reasons = new Map([...stored].map(([id, r]) => [id, { ...r, explanation: hw ? computeHealth(r.inputs as HealthInputs, hw.settings, hw.context) : null }]));
  const countOf = new Map(counts.map((r) => [r.band, Number(r.count)]));

  return {
    bands: health.bands.map((b) => ({ key: b.key, name: b.name, color: b.color, count: countOf.get(b.key) ?? 0, href: clientsHref({ healthBand: b.key }) })),
    unscored: countOf.get('') ?? 0,
    attention: ranked.map(({ c, value }) => {
      const band = byKey.get(c.health_band!);
      const why = reasons.get(c.id);
      return {
        client: { id: c.id, displayName: c.display_name },
        score: c.health_score!,
        band: band ? { key: band.key, name: band.name, color: band.color } : null,
        value: { amount: value, currency },
        reason: reasonOf(why, now),
        recommendedAction: band?.action ?? '',
        href: `/clients/${c.id}`,
      };
    }),
    tasksToday: {
      count: tasks.count,
      href: '/tasks',
      items: tasks.items.map((t) => ({ id: t.id, title: t.title, dueAt: t.due_at, overdue: !!t.due_at && t.due_at < now, clientId: t.client_id, clientName: t.display_name ?? null })),
    },
    overdueResponses: {
      count: responses.count,
      href: '/tasks',
      items: responses.items.map((i) => ({ id: i.id, clientId: i.client_id, clientName: i.display_name, subject: i.subject, priority: i.priority, responseDueAt: i.response_due_at! })),
    },
    renewals: {
      count: renewing.count,
      href: clientsHref({ filter: JSON.stringify({ and: [{ field: 'nextRenewalAt', op: 'between', value: [now.slice(0, 10), until.slice(0, 10)] }] }) }),
      items: renewing.items.map((c) => ({ clientId: c.id, clientName: c.display_name, nextRenewalAt: c.next_renewal_at! })),
    },
    newAlerts: {
      count: alerts.count,
      href: '/alerts',
      items: alerts.items.map((a) => ({ id: a.id, clientId: a.client_id, clientName: a.display_name ?? null, title: a.title, severity: a.severity, openedAt: a.opened_at })),
    },
  };
}

import type { Kysely } from 'kysely';
import { usageEventSchema, type UsageBatchResult, type UsageEvent, type UsageSeries } from '../../domain/usage';
import { touchClientActivity } from '../activity/timeline';
import { actorForAudit, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { assertClientExists } from '../clients/client.service';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { usageRepository } from './usage.repository';
import { queueHealthClients } from '../health/health.service';

type Db = Kysely<Database>;
const DAY = 86_400_000;
/** Events may be stamped a little ahead (clock skew), not days ahead. */
const FUTURE_SLACK = DAY;

type RowError = UsageBatchResult['errors'][number];

const eventIdOf = (raw: unknown): string | null => {
  const id = (raw as { eventId?: unknown } | null)?.eventId;
  return typeof id === 'string' ? id : null;
};

/**
 * Takes a batch of usage events: each is checked on its own (a bad row is rejected with its
 * index and field, the rest go in); an eventId seen before changes nothing (a duplicate);
 * the daily aggregates and the clients' last activity move in the same transaction.
 */
export async function ingestUsage(db: Db, actor: Actor, events: unknown[]): Promise<UsageBatchResult> {
  authorize(actor, 'usage.write');
  const errors: RowError[] = [];
  const valid: { index: number; event: UsageEvent }[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  const latest = Date.now() + FUTURE_SLACK;
  events.forEach((raw, index) => {
    const parsed = usageEventSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      errors.push({ index, eventId: eventIdOf(raw), path: issue.path.join('.') || 'event', message: issue.message });
      return;
    }
    const event = parsed.data;
    if (Date.parse(event.at) > latest) {
      errors.push({ index, eventId: event.eventId, path: 'at', message: 'must not be more than a day in the future' });
      return;
    }
    if (seen.has(event.eventId)) {
      duplicates++;
      return;
    }
    seen.add(event.eventId);
    valid.push({ index, event });
  });

  return db.transaction().execute(async (trx) => {
    const ids = [...new Set(valid.flatMap((v) => (v.event.clientId ? [v.event.clientId] : [])))];
    const externalIds = [...new Set(valid.flatMap((v) => (v.event.externalId ? [v.event.externalId] : [])))];
    const [byId, byExternal] = await Promise.all([
      usageRepository.findClientsById(trx, actor.workspaceId, ids),
      usageRepository.findClientsByExternalId(trx, actor.workspaceId, externalIds),
    ]);
    const clients = new Map(byId.map((c) => [c.id, c]));
    const external = new Map(byExternal.map((c) => [c.external_id!, c]));
    const receivedAt = nowIso();
    const rows = [];
    for (const { index, event } of valid) {
      const client = event.clientId ? clients.get(event.clientId) : external.get(event.externalId!);
      const path = event.clientId ? 'clientId' : 'externalId';
      if (!client) errors.push({ index, eventId: event.eventId, path, message: 'is not a client of this workspace' });
      else if (client.deleted_at) errors.push({ index, eventId: event.eventId, path, message: 'is a client in Trash' });
      else rows.push({ workspace_id: actor.workspaceId, event_id: event.eventId, client_id: client.id, metric: event.metric, value: event.value, at: event.at, received_at: receivedAt });
    }
    // A fixed order (event id, then aggregate key) keeps two concurrent batches from deadlocking on PostgreSQL.
    rows.sort((a, b) => (a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0));
    const inserted = await usageRepository.insertNewEvents(trx, rows);
    duplicates += rows.length - inserted.size;

    const daily = new Map<string, { workspace_id: string; client_id: string; metric: string; day: string; sum: number; count: number }>();
    const lastAt = new Map<string, string>();
    for (const row of rows) {
      if (!inserted.has(row.event_id)) continue;
      const day = row.at.slice(0, 10);
      const key = `${row.client_id}\u0000${row.metric}\u0000${day}`;
      const agg = daily.get(key) ?? { workspace_id: actor.workspaceId, client_id: row.client_id, metric: row.metric, day, sum: 0, count: 0 };
      agg.sum += row.value;
      agg.count += 1;
      daily.set(key, agg);
      if (!lastAt.has(row.client_id) || lastAt.get(row.client_id)! < row.at) lastAt.set(row.client_id, row.at);
    }
    await usageRepository.addToDaily(trx, [...daily.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, agg]) => agg));
    for (const [clientId, at] of [...lastAt].sort(([a], [b]) => (a < b ? -1 : 1))) await touchClientActivity(trx, actor.workspaceId, clientId, at);
    // Usage is a health input; a batch of events touches many clients, so they always wait for the queue job.
    await queueHealthClients(trx, actor.workspaceId, [...lastAt.keys()]);
    errors.sort((a, b) => a.index - b.index);
    const result = { accepted: inserted.size, duplicates, rejected: errors.length, errors };
    // One audit event per batch (not per event): who pushed how much, and to how many clients.
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId,
      action: 'usage.received',
      entityType: 'workspace',
      entityId: actor.workspaceId,
      changes: { accepted: { before: null, after: result.accepted }, duplicates: { before: null, after: duplicates }, rejected: { before: null, after: result.rejected }, clients: { before: null, after: lastAt.size } },
    });
    return result;
  });
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A client's daily usage for the last `days` days (UTC, today included), zero days filled in: a sparkline per metric. */
export async function getUsageSeries(db: Db, actor: Actor, clientId: string, query: { metric?: string; days: number }): Promise<UsageSeries> {
  authorize(actor, 'client.read');
  await assertClientExists(db, actor.workspaceId, clientId);
  const today = Date.parse(`${dayOf(Date.now())}T00:00:00Z`);
  const days = Array.from({ length: query.days }, (_, i) => dayOf(today - (query.days - 1 - i) * DAY));
  const from = days[0]!;
  const to = days[days.length - 1]!;
  const rows = await usageRepository.selectDaily(db, actor.workspaceId, clientId, from, to, query.metric);
  const byMetric = new Map<string, Map<string, { sum: number; count: number }>>();
  for (const r of rows) {
    const m = byMetric.get(r.metric) ?? new Map();
    m.set(r.day, { sum: Number(r.sum), count: Number(r.count) });
    byMetric.set(r.metric, m);
  }
  if (query.metric && !byMetric.has(query.metric)) byMetric.set(query.metric, new Map());
  return {
    from,
    to,
    metrics: [...byMetric.entries()].map(([metric, points]) => {
      const series = days.map((day) => ({ day, sum: points.get(day)?.sum ?? 0, count: points.get(day)?.count ?? 0 }));
      return { metric, total: series.reduce((s, p) => s + p.sum, 0), count: series.reduce((s, p) => s + p.count, 0), series };
    }),
  };
}

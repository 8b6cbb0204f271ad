import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { HealthInputs } from '../../domain/health';
import { engagementValues } from '../../domain/healthFactors';
import type { HealthSettings } from '../../domain/healthSettings';
import type { Actor } from '../auth/actor';
import { compileFilter, prepareSelection } from '../clients/client.query';
import { fromJson } from '../db/dialect';
import type { Database } from '../db/schema';

type Db = Kysely<Database>;

/** Which clients to gather for: a list of ids (one client, the queue) or a keyset range of ids (the nightly batches). */
export type HealthScope = { ids: readonly string[] } | { fromId: string; toId: string };

const DAY = 86_400_000;
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const daysBetween = (from: string, to: string) => Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / DAY));
const ago = (now: string, days: number) => new Date(Date.parse(now) - days * DAY).toISOString();

/** `<column> IN (…)` or `<column> BETWEEN first AND last`: every query below is one index range per batch. */
function inScope(column: string, scope: HealthScope): RawBuilder<SqlBool> {
  const col = sql.ref(column);
  if ('ids' in scope) return scope.ids.length ? sql<SqlBool>`${col} IN (${sql.join(scope.ids.map((id) => sql`${id}`))})` : sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`${col} BETWEEN ${scope.fromId} AND ${scope.toId}`;
}

/**
 * Every input of the health score for a set of clients (docs/dev/health-plan.md §2): one
 * query per source for the whole set, never one per client. Only live clients are returned.
 */
export async function gatherHealthInputs(db: Db, workspaceId: string, scope: HealthScope, settings: HealthSettings, now: string): Promise<Map<string, HealthInputs>> {
  const w = settings.windows;
  const clients = await db
    .selectFrom('clients')
    .select(['id', 'status', 'created_at', 'figures'])
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .where(inScope('id', scope))
    .execute();
  const out = new Map<string, HealthInputs>();
  if (!clients.length) return out;
  const ids = clients.map((c) => c.id);
  // A range holds only the live clients' ids once the batch is known; a list stays as given.
  const s: HealthScope = 'ids' in scope ? { ids } : scope;
  for (const c of clients) {
    const figures = c.figures ? fromJson<{ onTimePaymentRate?: number | null }>(c.figures) : null;
    const rate = figures?.onTimePaymentRate;
    out.set(c.id, {
      status: c.status,
      segmentIds: [],
      usage: null,
      daysSinceContact: daysBetween(c.created_at, now),
      onTimePaymentRate: typeof rate === 'number' ? Math.round(rate * 1000) / 10 : null,
      overdueDays: null,
    });
  }
  // A range also holds rows of clients in the Trash: their values go to a sink and are dropped.
  const at = (id: string): HealthInputs => out.get(id) ?? ({ status: '' } as HealthInputs);
  const ws = sql<SqlBool>`workspace_id = ${workspaceId}`;

  // Usage: the last window against the one before; null when the client never sent usage.
  const today = now.slice(0, 10);
  const split = ago(`${today}T00:00:00.000Z`, w.usageDays - 1).slice(0, 10);
  const start = ago(`${today}T00:00:00.000Z`, 2 * w.usageDays - 1).slice(0, 10);
  const usage = await sql<{ client_id: string; recent: unknown; previous: unknown }>`
    SELECT client_id, sum(CASE WHEN day >= ${split} THEN sum ELSE 0 END) AS recent, sum(CASE WHEN day < ${split} THEN sum ELSE 0 END) AS previous
    FROM usage_daily WHERE ${ws} AND ${inScope('client_id', s)} AND day >= ${start} GROUP BY client_id`.execute(db);
  for (const r of usage.rows) at(r.client_id).usage = { recent: Number(r.recent), previous: Number(r.previous) };
  const noUsage = ids.filter((id) => !at(id).usage);
  if (noUsage.length) {
    const older = await sql<{ client_id: string }>`SELECT DISTINCT client_id FROM usage_daily WHERE ${ws} AND ${inScope('client_id', { ids: noUsage })}`.execute(db);
    for (const r of older.rows) at(r.client_id).usage = { recent: 0, previous: 0 };
  }

  // Interactions: last contact, support tickets, response-time compliance — one pass.
  const supportSince = ago(now, w.supportDays);
  const responseSince = ago(now, w.responseDays);
  const inter = await sql<{ client_id: string; last_contact: string | null; open_tickets: unknown; recent_tickets: unknown; met: unknown; breached: unknown }>`
    SELECT client_id,
      max(CASE WHEN kind NOT IN ('note', 'automated') THEN occurred_at END) AS last_contact,
      sum(CASE WHEN kind = 'ticket' AND direction = 'inbound' AND responded_at IS NULL THEN 1 ELSE 0 END) AS open_tickets,
      sum(CASE WHEN kind = 'ticket' AND direction = 'inbound' AND occurred_at >= ${supportSince} THEN 1 ELSE 0 END) AS recent_tickets,
      sum(CASE WHEN direction = 'inbound' AND response_due_at IS NOT NULL AND occurred_at >= ${responseSince} AND responded_at IS NOT NULL AND responded_at <= response_due_at THEN 1 ELSE 0 END) AS met,
      sum(CASE WHEN direction = 'inbound' AND response_due_at IS NOT NULL AND occurred_at >= ${responseSince}
        AND ((responded_at IS NOT NULL AND responded_at > response_due_at) OR (responded_at IS NULL AND response_due_at < ${now})) THEN 1 ELSE 0 END) AS breached
    FROM interactions WHERE ${ws} AND ${inScope('client_id', s)} GROUP BY client_id`.execute(db);
  // A workspace that never logged a ticket must not score every client 100 on support.
  const tickets = await sql<{ one: number }>`SELECT 1 AS one FROM interactions WHERE ${ws} AND kind = 'ticket' LIMIT 1`.execute(db);
  const usesTickets = tickets.rows.length > 0;
  for (const c of clients) {
    const i = at(c.id);
    if (usesTickets) Object.assign(i, { openTickets: 0, recentTickets: 0 });
  }
  for (const r of inter.rows) {
    const i = at(r.client_id);
    if (r.last_contact) i.daysSinceContact = daysBetween(new Date(r.last_contact).toISOString(), now);
    if (usesTickets) Object.assign(i, { openTickets: Number(r.open_tickets), recentTickets: Number(r.recent_tickets) });
    const met = Number(r.met);
    const breached = Number(r.breached);
    if (met + breached > 0) i.responseCompliance = Math.round((met / (met + breached)) * 1000) / 10;
  }

  // Invoices: days the oldest unpaid invoice is past due; 0 when invoices with a due date exist but none is overdue.
  const inv = await sql<{ client_id: string; oldest_due: string | null; with_due: unknown }>`
    SELECT client_id, min(CASE WHEN status = 'sent' AND due_at < ${now} AND total > paid_amount THEN due_at END) AS oldest_due,
      sum(CASE WHEN status IN ('sent', 'paid') AND due_at IS NOT NULL THEN 1 ELSE 0 END) AS with_due
    FROM invoices WHERE ${ws} AND ${inScope('client_id', s)} GROUP BY client_id`.execute(db);
  for (const r of inv.rows) {
    if (r.oldest_due) at(r.client_id).overdueDays = Math.max(1, daysBetween(new Date(r.oldest_due).toISOString(), now));
    else if (Number(r.with_due) > 0) at(r.client_id).overdueDays = 0;
  }

  // Feedback: latest NPS, NPS trend between two windows, CSAT mean in the window.
  const W = w.satisfactionDays;
  const fb = await sql<{ client_id: string; kind: string; score: unknown; received_at: string }>`
    SELECT client_id, kind, score, received_at FROM feedback
    WHERE ${ws} AND ${inScope('client_id', s)} AND kind IN ('nps', 'csat') AND score IS NOT NULL ORDER BY client_id, received_at`.execute(db);
  const sat = new Map<string, { latest: number | null; cur: number[]; prev: number[]; csat: number[] }>();
  const winFrom = Date.parse(ago(now, W));
  const prevFrom = Date.parse(ago(now, 2 * W));
  for (const r of fb.rows) {
    const e = sat.get(r.client_id) ?? { latest: null, cur: [], prev: [], csat: [] };
    sat.set(r.client_id, e);
    const t = Date.parse(new Date(r.received_at).toISOString());
    const score = Number(r.score);
    if (r.kind === 'nps') {
      e.latest = score;
      if (t >= winFrom) e.cur.push(score);
      else if (t >= prevFrom) e.prev.push(score);
    } else if (t >= winFrom) e.csat.push(score);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  for (const [id, e] of sat) {
    const i = at(id);
    i.npsLatest = e.latest;
    if (e.cur.length && e.prev.length) i.npsTrend = Math.round((mean(e.cur) - mean(e.prev)) * 10) / 10;
    if (e.csat.length) i.csatAverage = Math.round(mean(e.csat) * 100) / 100;
  }

  // Orders completed in the window: on-time rate and mean rating.
  const ord = await sql<{ client_id: string; on_time: unknown; known: unknown; rating: unknown }>`
    SELECT client_id, sum(CASE WHEN on_time = 1 THEN 1 ELSE 0 END) AS on_time, sum(CASE WHEN on_time IS NULL THEN 0 ELSE 1 END) AS known, avg(rating) AS rating
    FROM orders WHERE ${ws} AND ${inScope('client_id', s)} AND status = 'completed' AND completed_at >= ${ago(now, w.ordersDays)} GROUP BY client_id`.execute(db);
  for (const r of ord.rows) {
    const i = at(r.client_id);
    if (Number(r.known) > 0) i.orderOnTimeRate = Math.round((Number(r.on_time) / Number(r.known)) * 1000) / 10;
    const rating = num(r.rating);
    if (rating !== null) i.orderRating = Math.round(rating * 100) / 100;
  }

  // Referrals the client made (not declined) in the window; none is a value too (0).
  const ref = await sql<{ client_id: string; n: unknown }>`
    SELECT referrer_client_id AS client_id, count(*) AS n FROM referrals
    WHERE ${ws} AND ${inScope('referrer_client_id', s)} AND referred_at >= ${ago(now, w.referralsDays)} AND status <> 'declined' GROUP BY referrer_client_id`.execute(db);
  for (const c of clients) at(c.id).referrals = 0;
  for (const r of ref.rows) at(r.client_id).referrals = Number(r.n);

  // Contacts' engagement: mean of the levels of the contacts that have one.
  const level = sql.raw(`CASE engagement ${Object.entries(engagementValues).map(([k, v]) => `WHEN '${k}' THEN ${v}`).join(' ')} END`);
  const con = await sql<{ client_id: string; v: unknown }>`
    SELECT client_id, avg(${level}) AS v FROM contacts WHERE ${ws} AND ${inScope('client_id', s)} AND engagement IS NOT NULL GROUP BY client_id`.execute(db);
  for (const r of con.rows) {
    const v = num(r.v);
    if (v !== null) at(r.client_id).contactEngagement = Math.round(v * 10) / 10;
  }

  await addSegments(db, workspaceId, s, settings, out);
  return out;
}

/** The profiles' segments holding each client: each profile's filter compiled once and run over the scope. */
async function addSegments(db: Db, workspaceId: string, scope: HealthScope, settings: HealthSettings, out: Map<string, HealthInputs>): Promise<void> {
  if (!settings.profiles.length) return;
  const system: Actor = { workspaceId, workspaceName: '', role: 'owner', userId: null, userName: null, userEmail: null, apiKeyId: null, apiKeyName: null, sessionId: null, ip: '' };
  for (const profile of settings.profiles) {
    try {
      const p = await prepareSelection(db, system, { filter: { field: 'segmentId', op: 'eq', value: profile.segmentId } });
      const { rows } = await sql<{ id: string }>`SELECT c.id FROM clients c WHERE c.workspace_id = ${workspaceId} AND ${inScope('c.id', scope)} AND ${compileFilter(p, p.filter!)}`.execute(db);
      for (const r of rows) (out.get(r.id)?.segmentIds as string[] | undefined)?.push(profile.segmentId);
    } catch {
      // A segment deleted (or made private) since the profile was saved holds nobody.
    }
  }
}

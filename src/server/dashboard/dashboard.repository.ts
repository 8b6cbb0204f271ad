import { sql } from 'kysely';
import type { Db } from '../db/database';
import { alertRepository } from '../alerts/alert.repository';
import { fromJson } from '../db/dialect';

const ITEMS = 10;
const count = sql<number>`count(*)`.as('n');

/** The lowest scores up to `maxScore`, walking clients_live_health_idx (at most 5,000 rows). */
export const lowScores = (db: Db, ws: string, maxScore: number) =>
  db.selectFrom('clients')
    .select(['id', 'display_name', 'health_score', 'health_band', 'total_value', 'figures'])
    .where('workspace_id', '=', ws).where('deleted_at', 'is', null)
    .where('health_score', 'is not', null).where('health_score', '<=', maxScore)
    .orderBy('health_score').orderBy('id').limit(5000).execute();

export async function healthReasons(db: Db, ws: string, ids: string[]) {
  if (!ids.length) return new Map<string, { lastChange: unknown; inputs: unknown; override: unknown; overrideExpiresAt: string | null }>();
  const rows = await db.selectFrom('health_scores').select(['client_id', 'last_change', 'inputs', 'override', 'override_expires_at'])
    .where('workspace_id', '=', ws).where('client_id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.client_id, {
    lastChange: fromJson(r.last_change), inputs: fromJson(r.inputs), override: fromJson(r.override), overrideExpiresAt: r.override_expires_at,
  }]));
}

export const bandCounts = (db: Db, ws: string) =>
  db.selectFrom('health_band_counts').select(['band', 'count']).where('workspace_id', '=', ws).execute();

/** My open tasks due before the end of today (overdue included): tasks_assignee_idx range. */
export async function tasksDue(db: Db, ws: string, userId: string, before: string) {
  const base = db.selectFrom('tasks as t').where('t.workspace_id', '=', ws).where('t.assignee_id', '=', userId)
    .where('t.status', '=', 'open').where('t.due_at', 'is not', null).where('t.due_at', '<', before);
  const [total, items] = await Promise.all([
    base.select(count).executeTakeFirst(),
    base.leftJoin('clients as c', (j) => j.onRef('c.workspace_id', '=', 't.workspace_id').onRef('c.id', '=', 't.client_id'))
      .select(['t.id', 't.title', 't.due_at', 't.client_id', 'c.display_name'])
      .orderBy('t.due_at').orderBy('t.id').limit(ITEMS).execute(),
  ]);
  return { count: Number(total?.n ?? 0), items };
}

/** Inbound interactions still waiting for an answer past their due time: interactions_due_idx range. */
export async function overdueResponses(db: Db, ws: string, now: string) {
  const base = db.selectFrom('interactions as i').where('i.workspace_id', '=', ws).where('i.direction', '=', 'inbound')
    .where('i.responded_at', 'is', null).where('i.response_due_at', 'is not', null).where('i.response_due_at', '<', now);
  const [total, items] = await Promise.all([
    base.select(count).executeTakeFirst(),
    base.innerJoin('clients as c', (j) => j.onRef('c.workspace_id', '=', 'i.workspace_id').onRef('c.id', '=', 'i.client_id'))
      .select(['i.id', 'i.client_id', 'c.display_name', 'i.subject', 'i.priority', 'i.response_due_at'])
      .orderBy('i.response_due_at').orderBy('i.id').limit(ITEMS).execute(),
  ]);
  return { count: Number(total?.n ?? 0), items };
}

/** Live clients renewing between now and `until`: clients_live_renewal_idx range. */
export async function renewals(db: Db, ws: string, now: string, until: string) {
  const base = db.selectFrom('clients').where('workspace_id', '=', ws).where('deleted_at', 'is', null)
    .where('next_renewal_at', '>=', now).where('next_renewal_at', '<', until);
  const [total, items] = await Promise.all([
    base.select(count).executeTakeFirst(),
    base.select(['id', 'display_name', 'next_renewal_at']).orderBy('next_renewal_at').orderBy('id').limit(ITEMS).execute(),
  ]);
  return { count: Number(total?.n ?? 0), items };
}

/** Open (not yet acknowledged) alerts of rules delivered in the app, newest first: alerts_status_idx range. */
export async function openAlerts(db: Db, ws: string) {
  const except = await alertRepository.notInAppRuleIds(db, ws);
  let base = db.selectFrom('alerts as a').where('a.workspace_id', '=', ws).where('a.status', '=', 'open');
  if (except.length) base = base.where('a.rule_id', 'not in', except);
  const [total, items] = await Promise.all([
    base.select(count).executeTakeFirst(),
    base.leftJoin('clients as c', (j) => j.onRef('c.workspace_id', '=', 'a.workspace_id').onRef('c.id', '=', 'a.client_id'))
      .select(['a.id', 'a.client_id', 'c.display_name', 'a.title', 'a.severity', 'a.opened_at'])
      .orderBy('a.opened_at', 'desc').orderBy('a.id', 'desc').limit(ITEMS).execute(),
  ]);
  return { count: Number(total?.n ?? 0), items };
}

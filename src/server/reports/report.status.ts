import { sql } from 'kysely';
import type { Db } from '../db/database';
import { dialectOf } from '../db/dialect';

/** A status move of a client, read from its audit event (every writer records status.before/after). */
export type StatusMove = { clientId: string; at: string; before: string; after: string };

/** Status moves of live clients at or after `since`, oldest first: the audit_events_ws_at_idx range. */
export async function statusMovesSince(db: Db, workspaceId: string, since: string, clientIds?: string[]): Promise<StatusMove[]> {
  const pg = dialectOf(db) === 'postgres';
  const before = pg ? sql<string>`a.changes->'status'->>'before'` : sql<string>`json_extract(a.changes, '$.status.before')`;
  const after = pg ? sql<string>`a.changes->'status'->>'after'` : sql<string>`json_extract(a.changes, '$.status.after')`;
  let q = db
    .selectFrom('audit_events as a')
    .innerJoin('clients as c', (j) => j.onRef('c.workspace_id', '=', 'a.workspace_id').onRef('c.id', '=', 'a.entity_id'))
    .select(['a.entity_id as clientId', 'a.at', before.as('before'), after.as('after')])
    .where('a.workspace_id', '=', workspaceId)
    .where('a.at', '>=', since)
    .where('a.entity_type', '=', 'client')
    .where('a.action', 'in', ['client.updated', 'client.status_changed'])
    .where('c.deleted_at', 'is', null)
    .where(after, 'is not', null);
  if (clientIds) q = q.where('a.entity_id', 'in', clientIds);
  const rows = await q.orderBy('a.at').orderBy('a.id').execute();
  return rows.filter((r): r is StatusMove => !!r.clientId && !!r.before && !!r.after && r.before !== r.after);
}

/**
 * Live client counts per status at each instant of `ats` (ascending), replayed backwards from
 * today: a move after t is undone (after −1, before +1) and a client created after t leaves
 * the count with the status it had then. Reads only what happened since the first instant.
 */
export async function statusCountsAt(db: Db, workspaceId: string, ats: string[]): Promise<Map<string, Record<string, number>>> {
  const first = ats[0]!;
  const now = await db
    .selectFrom('clients')
    .select(['status', sql<number>`count(*)`.as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .groupBy('status')
    .execute();
  const counts: Record<string, number> = {};
  for (const r of now) counts[r.status] = Number(r.n);
  const created = await db
    .selectFrom('clients')
    .select(['id', 'status', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .where('created_at', '>=', first)
    .execute();
  const moves = await statusMovesSince(db, workspaceId, first);
  type Ev = { at: string; order: number; apply: (status: Map<string, string>) => void };
  const current = new Map<string, string>();
  const statusOf = (id: string, fallback: string) => current.get(id) ?? fallback;
  const events: Ev[] = [
    ...moves.map((m) => ({ at: m.at, order: 0, apply: () => {
      const was = statusOf(m.clientId, m.after);
      counts[was] = (counts[was] ?? 0) - 1;
      counts[m.before] = (counts[m.before] ?? 0) + 1;
      current.set(m.clientId, m.before);
    } })),
    ...created.map((c) => ({ at: c.created_at, order: 1, apply: () => {
      const was = statusOf(c.id, c.status);
      counts[was] = (counts[was] ?? 0) - 1;
      current.set(c.id, '');
    } })),
  ];
  // Newest first; at the same instant undo the moves before the creation.
  events.sort((a, b) => (a.at === b.at ? a.order - b.order : a.at < b.at ? 1 : -1));
  const result = new Map<string, Record<string, number>>();
  let i = 0;
  for (const t of [...ats].reverse()) {
    while (i < events.length && events[i]!.at >= t) events[i++]!.apply(current);
    result.set(t, { ...counts });
  }
  return result;
}

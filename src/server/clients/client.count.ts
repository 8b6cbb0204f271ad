import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/schema';
import { and, baseWhere, matchesFrom, shortTermsSqlite, TRUE, whereOf, type PreparedSelection } from './client.query';

// Counting a selection of clients and walking it in id order: what the list's total, segment
// member counts and bulk jobs need, beside the page queries of client.query.ts.

type Db = Kysely<Database>;

/** Totals of searches and filters by (workspace, data version, selection): exact while the version holds. */
const countCache = new Map<string, number>();
const COUNT_CACHE_SIZE = 2000;

/**
 * The exact number of clients in a selection. Without filter or search it is one row of
 * client_counts (kept by triggers). Otherwise a count over the same condition as the list,
 * remembered for the workspace's current data version (client_counts.version, bumped by
 * every write to its clients): paging through a search or repeating it does not count its
 * matches again, and any write makes the next request count afresh. Group selections are
 * not remembered (membership changes do not bump the version).
 */
export async function countSelection(db: Db, p: PreparedSelection): Promise<number> {
  const { rows: counts } = await sql<{ live: number; deleted: number; version: number }>`SELECT live, deleted, version FROM client_counts WHERE workspace_id = ${p.workspaceId}`.execute(db);
  const row = counts[0] ?? { live: 0, deleted: 0, version: 0 };
  // The counters hold live and deleted; the Trash leaves merged clients out, so only "live" is one row.
  if (!p.filter && !p.terms.length && p.deleted === 'live') return Number(row.live);
  const key = p.groups.size ? null : JSON.stringify([p.workspaceId, row.version, p.deleted, p.terms, p.filter, [...p.segments], [...p.tagIds], p.newSince.slice(0, 16)]);
  const cached = key === null ? undefined : countCache.get(key);
  if (cached !== undefined) return cached;
  const where = !p.pg && p.terms.some((t) => t.length >= 3) ? sql`${matchesFrom(p)} WHERE ${and([baseWhere(p), shortTermsSqlite(p)])}` : sql`clients c WHERE ${whereOf(p)}`;
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${where}`.execute(db);
  const total = Number(rows[0]?.n ?? 0);
  if (key !== null) {
    if (countCache.size >= COUNT_CACHE_SIZE) countCache.delete(countCache.keys().next().value!);
    countCache.set(key, total);
  }
  return total;
}

/**
 * The ids of a selection in id order, `size` at a time after `afterId` (keyset over the
 * primary key): bulk jobs walk a large set without holding it in memory.
 */
export async function selectIdChunk(db: Db, p: PreparedSelection, afterId: string | null, size: number): Promise<string[]> {
  const after = afterId === null ? TRUE : sql<SqlBool>`c.id > ${afterId}`;
  // SQLite would rather take a filter's index (status…) and sort all its rows by id for every
  // chunk; walking the primary key keeps each chunk to the rows after the last one.
  const from = p.pg ? sql`clients c` : sql`clients c INDEXED BY sqlite_autoindex_clients_1`;
  const { rows } = await sql<{ id: string }>`SELECT c.id FROM ${from} WHERE ${whereOf(p)} AND ${after} ORDER BY c.id LIMIT ${size}`.execute(db);
  return rows.map((r) => r.id);
}

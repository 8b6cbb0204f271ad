import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { isInvalidValue } from '../db/dialect';
import type { Database } from '../db/schema';
import { decodeCursor, encodeCursor } from '../http/pagination';
import { badRequest } from '../http/problem';
import { afterCursor, orderBy, passesFrom, passSql } from './client.keyset';
import { and, baseWhere, isSelectiveSearch, likeEscape, matchesFrom, searchSqlScan, shortTermsSqlite, TRUE, whereOf, type ClientSort, type PreparedSelection } from './client.query';
import type { ClientRow } from './client.repository';

type Db = Kysely<Database>;

export type ClientPage = { rows: ClientRow[]; nextCursor: string | null };

const sortIndexes: Record<string, string> = {
  name: 'clients_live_name_idx',
  createdAt: 'clients_live_created_idx',
  updatedAt: 'clients_live_updated_idx',
  lastActivityAt: 'clients_live_activity_idx',
  lastOrderAt: 'clients_live_order_idx',
  healthScore: 'clients_live_health_idx',
  ordersCount: 'clients_live_orders_count_idx',
  totalValue: 'clients_live_total_value_idx',
  outstandingBalance: 'clients_live_outstanding_idx',
  nextRenewalAt: 'clients_live_renewal_idx',
};

/**
 * SQLite, a common search term: walk the sort's own index and test each row. SQLite's planner
 * has no estimate for a LIKE and, without fresh statistics, may pick any partial index of
 * live clients and sort them all; naming the index keeps the plan the one intended.
 */
function sortWalkFrom(p: PreparedSelection, sort: ClientSort) {
  const index = sortIndexes[sort.key];
  if (p.pg || p.deleted !== 'live' || !index) return sql`clients c`;
  return sql`clients c INDEXED BY ${sql.raw(index)}`;
}

/** Decodes a cursor and makes it fit the sort's value type (PostgreSQL numeric comes back as text). */
function cursorOf(cursor: string | undefined): [unknown, string] | null {
  if (!cursor) return null;
  const [value, id] = decodeCursor(cursor, 2);
  if (typeof id !== 'string') throw badRequest('cursor is not a cursor this list returned', [{ path: 'cursor', message: 'is invalid or expired' }]);
  return [value, id];
}

/**
 * One keyset page of clients. A selective search computes its matches first (MATERIALIZED)
 * and sorts only them; otherwise the query walks the sort's index.
 */
export async function selectClientPage(db: Db, p: PreparedSelection, sort: ClientSort, limit: number, cursor?: string): Promise<ClientPage> {
  const after = cursorOf(cursor);
  let rows: (ClientRow & { sort_key: unknown })[];
  try {
    if (p.terms.length && (await isSelectiveSearch(db, p))) {
      // The CTE keeps only (id, sort key) of the matches; sorting happens outside it, on
      // m.sort_key, so no index of clients can drive it; the page's rows are read last.
      const mExpr = sql.ref('m.sort_key');
      const mId = sql.ref('m.id');
      const cond = after ? afterCursor(sort, mExpr, mId, after[0], after[1]) : TRUE;
      const result = await sql<ClientRow & { sort_key: unknown }>`
        WITH m AS MATERIALIZED (SELECT c.id, ${sort.expr} AS sort_key FROM ${matchesFrom(p)} WHERE ${p.pg ? whereOf(p) : and([baseWhere(p), shortTermsSqlite(p)])}),
        page AS (SELECT m.id, m.sort_key FROM m WHERE ${cond} ORDER BY ${orderBy(p, sort, mExpr, mId)} LIMIT ${limit + 1})
        SELECT c.*, page.sort_key FROM page JOIN clients c ON c.workspace_id = ${p.workspaceId} AND c.id = page.id
        ORDER BY ${orderBy(p, sort, sql.ref('page.sort_key'), sql.ref('page.id'))}`.execute(db);
      rows = result.rows;
    } else {
      const search = p.terms.length ? (p.pg ? searchSqlScan(p) : searchSqlScanSqlite(p)) : TRUE;
      // A nullable sort reads its NULLs and its values in separate passes, each an index seek
      // (client.keyset.ts); a page that crosses from one to the other reads both.
      rows = [];
      for (const step of passesFrom(sort, after ? { value: after[0], id: after[1] } : null)) {
        const { cond, order } = passSql(p, sort, step.pass, step.after);
        const result = await sql<ClientRow & { sort_key: unknown }>`
          SELECT c.*, ${sort.expr} AS sort_key FROM ${p.terms.length ? sortWalkFrom(p, sort) : sql`clients c`}
          WHERE ${baseWhere(p)} AND ${search} AND ${cond}
          ORDER BY ${order} LIMIT ${limit + 1 - rows.length}`.execute(db);
        rows.push(...result.rows);
        if (rows.length > limit) break;
      }
    }
  } catch (error) {
    // A forged cursor can hold a value of the wrong type for the sort (PostgreSQL refuses it).
    if (after && isInvalidValue(error)) throw badRequest('cursor is not a cursor this list returned', [{ path: 'cursor', message: 'is invalid or expired' }]);
    throw error;
  }
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    rows: page.map(({ sort_key: _sortKey, ...row }) => row as ClientRow),
    nextCursor: hasMore && last ? encodeCursor([cursorValue(last.sort_key), last.id]) : null,
  };
}

// A cursor holds strings, numbers and nulls only (pagination.ts refuses anything else).
const cursorValue = (v: unknown) => (typeof v === 'boolean' ? (v ? 'true' : 'false') : v instanceof Date ? v.toISOString() : v);

/** SQLite, common terms: test search_text row by row along the sort index (no FTS look-up). */
function searchSqlScanSqlite(p: PreparedSelection): RawBuilder<SqlBool> {
  return and(p.terms.map((t) => sql<SqlBool>`c.search_text LIKE ${`%${likeEscape(t)}%`} ESCAPE '\\'`));
}

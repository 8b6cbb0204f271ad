import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { and, TRUE, type ClientSort, type PreparedSelection } from './client.query';

/**
 * Keyset walks of the client list in a sort order: the list's pages, exports, anything that
 * reads clients a chunk at a time after a (sort value, id) position.
 *
 * A nullable sort (custom fields, health score, last activity…) is walked in two passes: the
 * NULLs (the lowest values: first ascending, last descending) and the values. Each pass has a
 * condition the sort's index can seek to. The one-query form (`… OR value IS NULL`) cannot: at
 * 1M a deep page of -custom.budget took 20 s on PostgreSQL and the NULL pages 5 s on SQLite.
 */

/** ORDER BY for a sort with the id tie-break; NULL is the lowest value on both databases (exports walk the same order). */
export function orderBy(p: PreparedSelection, sort: ClientSort, expr: RawBuilder<unknown>, id: RawBuilder<unknown>) {
  const dir = sql.raw(sort.direction.toUpperCase());
  const nulls = p.pg && sort.nullable ? sql.raw(sort.direction === 'asc' ? ' NULLS FIRST' : ' NULLS LAST') : sql``;
  return sql`${expr} ${dir}${nulls}, ${id} ${dir}`;
}

/** Rows after the cursor's (value, id) in the sort order. */
export function afterCursor(sort: ClientSort, expr: RawBuilder<unknown>, id: RawBuilder<unknown>, value: unknown, lastId: unknown): RawBuilder<SqlBool> {
  const asc = sort.direction === 'asc';
  const op = sql.raw(asc ? '>' : '<');
  if (!sort.nullable) return sql<SqlBool>`(${expr}, ${id}) ${op} (${value}, ${lastId})`;
  if (value === null) {
    return asc ? sql<SqlBool>`((${expr} IS NULL AND ${id} > ${lastId}) OR ${expr} IS NOT NULL)` : sql<SqlBool>`(${expr} IS NULL AND ${id} < ${lastId})`;
  }
  const after = sql<SqlBool>`(${expr} ${op} ${value} OR (${expr} = ${value} AND ${id} ${op} ${lastId}))`;
  return asc ? after : sql<SqlBool>`(${after} OR ${expr} IS NULL)`;
}

export type SortPass = 'any' | 'only' | 'none';
export type SortPosition = { value: unknown; id: string };

/** The passes a walk from `after` takes, in order, each with the position it starts after. */
export function passesFrom(sort: ClientSort, after: SortPosition | null): { pass: SortPass; after: SortPosition | null }[] {
  if (!sort.nullable) return [{ pass: 'any', after }];
  const inNulls = after !== null && after.value === null;
  if (sort.direction === 'asc') return inNulls ? [{ pass: 'only', after }, { pass: 'none', after: null }] : after ? [{ pass: 'none', after }] : [{ pass: 'only', after: null }, { pass: 'none', after: null }];
  return inNulls ? [{ pass: 'only', after }] : [{ pass: 'none', after }, { pass: 'only', after: null }];
}

/** The condition and ORDER BY of one pass after `after` (`id` is the client id column). */
export function passSql(p: PreparedSelection, sort: ClientSort, pass: SortPass, after: SortPosition | null, id: RawBuilder<unknown> = sql.ref('c.id')): { cond: RawBuilder<SqlBool>; order: RawBuilder<unknown> } {
  const op = sql.raw(sort.direction === 'asc' ? '>' : '<');
  const order = orderBy(p, sort, sort.expr, id);
  if (pass === 'any') return { cond: after ? afterCursor(sort, sort.expr, id, after.value, after.id) : TRUE, order };
  if (pass === 'none') {
    // Each database seeks its index on a different form: PostgreSQL on a row comparison, SQLite on a plain bound.
    const past = !after
      ? TRUE
      : p.pg
        ? sql<SqlBool>`(${sort.expr}, ${id}) ${op} (${after.value}, ${after.id})`
        : // The first, redundant bound is the range SQLite seeks to: from the OR alone its planner
          // (3.51) takes no bound on that side and walks every value before the cursor.
          sql<SqlBool>`${sort.expr} ${sql.raw(sort.direction === 'asc' ? '>=' : '<=')} ${after.value} AND (${sort.expr} ${op} ${after.value} OR (${sort.expr} = ${after.value} AND ${id} ${op} ${after.id}))`;
    // SQLite's planner does not seek on IS NOT NULL: an ascending walk would step over every NULL
    // (400k at 1M for a custom field: 0.6 s). `>= -9e999` (minus infinity) holds for every value
    // that is not NULL — numbers, and text and blobs, which SQLite orders above all numbers — and is a range.
    // After a value, the bound of `past` already leaves the NULLs out (and a second lower bound
    // could be the one SQLite seeks to).
    if (!p.pg && after) return { cond: past, order };
    const notNull = p.pg ? sql<SqlBool>`${sort.expr} IS NOT NULL` : sql<SqlBool>`${sort.expr} >= -9e999`;
    return { cond: and([notNull, past]), order };
  }
  return {
    cond: and([sql<SqlBool>`${sort.expr} IS NULL`, after ? sql<SqlBool>`${id} ${op} ${after.id}` : TRUE]),
    // SQLite sorts the NULLs again unless told the order is the id's alone (they all share the value).
    order: p.pg ? order : sql`${id} ${sql.raw(sort.direction.toUpperCase())}`,
  };
}

import { sql, type SelectQueryBuilder } from 'kysely';
import { isInvalidValue } from '../db/dialect';
import { badRequest } from './problem';

/**
 * Keyset pagination: the cursor carries the sort key and id of the last row of the page,
 * so the next page is an index seek, not an OFFSET scan, however deep the user scrolls.
 */
export type SortSpec = { column: string; direction: 'asc' | 'desc' };

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

const invalidCursor = () => badRequest('cursor is not a cursor this list returned', [{ path: 'cursor', message: 'is invalid or expired' }]);

// A cursor only ever holds column values: strings, numbers, nulls. Anything else is forged,
// and better-sqlite3 would throw on binding it (a 500 instead of a 400).
const isCursorValue = (v: unknown) => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

export function decodeCursor(cursor: string, length: number): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === length && values.every(isCursorValue)) return values;
  } catch {
    // fall through to the error below
  }
  throw invalidCursor();
}

/** Parses `sort=field` / `sort=-field` against the columns a list allows. */
export function parseSort(sort: string | undefined, allowed: Record<string, string>, fallback: string): SortSpec {
  const raw = sort ?? fallback;
  const direction = raw.startsWith('-') ? 'desc' : 'asc';
  const field = raw.replace(/^-/, '');
  const column = allowed[field];
  if (!column) {
    throw badRequest(`sort must be one of ${Object.keys(allowed).join(', ')}`, [
      { path: 'sort', message: `must be one of ${Object.keys(allowed).join(', ')} (prefix - for descending)` },
    ]);
  }
  return { column, direction };
}

/**
 * Applies a keyset page to a query ordered by (sort column, id). Fetches one row more than
 * the limit to know whether a next page exists.
 */
export async function keysetPage<DB, TB extends keyof DB, O extends Record<string, unknown>>(
  query: SelectQueryBuilder<DB, TB, O>,
  options: { sort: SortSpec; idColumn: string; limit: number; cursor?: string },
): Promise<{ rows: O[]; nextCursor: string | null }> {
  const { sort, idColumn, limit } = options;
  let q = query;
  if (options.cursor) {
    const [value, id] = decodeCursor(options.cursor, 2);
    const op = sort.direction === 'asc' ? '>' : '<';
    const col = sql.ref(sort.column);
    const idRef = sql.ref(idColumn);
    q = value === null
      ? q.where(sql<boolean>`(${col} is null and ${idRef} ${sql.raw(op)} ${id})`)
      : q.where(sql<boolean>`(${col} ${sql.raw(op)} ${value} or (${col} = ${value} and ${idRef} ${sql.raw(op)} ${id}))`);
  }
  let rows: O[];
  try {
    rows = (await q
      .orderBy(sql.ref(sort.column), sort.direction)
      .orderBy(sql.ref(idColumn), sort.direction)
      .limit(limit + 1)
      .execute()) as O[];
  } catch (error) {
    // A forged cursor can hold a value of the wrong type for the sort column ('abc' for a
    // timestamp): PostgreSQL refuses it, and that is the caller's mistake, not ours.
    if (options.cursor && isInvalidValue(error)) throw invalidCursor();
    throw error;
  }
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1] as Record<string, unknown> | undefined;
  const key = (column: string) => last?.[column.split('.').pop()!];
  return { rows: page, nextCursor: hasMore && last ? encodeCursor([key(sort.column), key(idColumn)]) : null };
}

import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { customFieldSpec, customKeyOf, filterFields, type Filter, type FilterLeaf } from '../../domain/filter';
import { normalizeSearch } from '../../domain/searchText';
import type { Database } from '../db/schema';
import { customValueSql } from '../custom-fields/custom-field.index';
import { badRequest } from '../http/problem';
import { SEGMENT_NESTING, SELECTIVE_SEARCH_LIMIT, columns, leafIds, type CustomDef, type PreparedSelection } from './client.selection';

/**
 * The one place where a set of clients is chosen in SQL: the filter language, the list's
 * query fields, the search `q`, the Trash switch, sorting and keyset paging. Every value is a
 * bound parameter; identifiers come from the fixed maps below or from custom field keys that
 * were checked against the workspace's definitions (and a slug pattern).
 *
 * Search: `q` is normalised like search_text (accents, case) and split into terms that must
 * all occur as substrings; digits and phone punctuation search digits. SQLite answers terms
 * of three or more characters from the FTS5 trigram index, PostgreSQL from the pg_trgm GIN
 * index. When the terms are selective (few matches) the matches are computed first, in a
 * MATERIALIZED CTE, and only they are sorted — so no planner walks the whole name index
 * looking for the rare rows that match (480 ms at 1M; ~ms this way). When they are common,
 * the list walks the sort index and tests each row, which finds a page in a few hundred rows.
 */

type Db = Kysely<Database>;

export { prepareSelection, searchTerms, type ClientSelection, type PreparedSelection } from './client.selection';
// ---------------------------------------------------------------------------------------
// Compiling
// ---------------------------------------------------------------------------------------

export const TRUE = sql<SqlBool>`1 = 1`;
const FALSE = sql<SqlBool>`1 = 0`;
const col = (name: string) => sql.ref(`c.${name}`);
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);
export const and = (parts: RawBuilder<SqlBool>[]) => (parts.length === 0 ? TRUE : parts.length === 1 ? parts[0]! : sql<SqlBool>`(${sql.join(parts, sql` AND `)})`);
const or = (parts: RawBuilder<SqlBool>[]) => (parts.length === 0 ? FALSE : parts.length === 1 ? parts[0]! : sql<SqlBool>`(${sql.join(parts, sql` OR `)})`);
const not = (p: RawBuilder<SqlBool>) => sql<SqlBool>`NOT (${p})`;

/** A nullable comparison that is true when the value differs, NULL included. */
const distinct = (p: PreparedSelection, expr: RawBuilder<unknown>, value: unknown) =>
  p.pg ? sql<SqlBool>`${expr} IS DISTINCT FROM ${value}` : sql<SqlBool>`${expr} IS NOT ${value}`;

/** The value of a custom field as SQL, typed for comparison and sorting (the expression its sort index holds). */
const customExpr = (p: PreparedSelection, def: CustomDef, forSort = false): RawBuilder<unknown> => customValueSql(p.pg, col('custom_fields'), def.key, def.type, forSort);

function compare(expr: RawBuilder<unknown>, op: string, value: unknown): RawBuilder<SqlBool> {
  switch (op) {
    case 'gt':
      return sql<SqlBool>`${expr} > ${value}`;
    case 'gte':
      return sql<SqlBool>`${expr} >= ${value}`;
    case 'lt':
      return sql<SqlBool>`${expr} < ${value}`;
    case 'lte':
      return sql<SqlBool>`${expr} <= ${value}`;
    default:
      throw new Error(`not a comparison: ${op}`);
  }
}

/** A scalar (one value per client) condition over an expression. */
function scalarLeaf(p: PreparedSelection, expr: RawBuilder<unknown>, leaf: FilterLeaf, kind: string): RawBuilder<SqlBool> {
  const v = leaf.value;
  const isText = kind === 'text';
  switch (leaf.op) {
    case 'eq':
      return sql<SqlBool>`${expr} = ${v}`;
    case 'neq':
      return distinct(p, expr, v);
    case 'in':
      return sql<SqlBool>`${expr} IN (${sql.join(v as unknown[])})`;
    case 'contains':
      return p.pg ? sql<SqlBool>`${expr} ILIKE ${`%${likeEscape(String(v))}%`}` : sql<SqlBool>`${expr} LIKE ${`%${likeEscape(String(v))}%`} ESCAPE '\\'`;
    case 'startsWith':
      return p.pg ? sql<SqlBool>`${expr} ILIKE ${`${likeEscape(String(v))}%`}` : sql<SqlBool>`${expr} LIKE ${`${likeEscape(String(v))}%`} ESCAPE '\\'`;
    case 'between': {
      const [a, b] = v as [unknown, unknown];
      return sql<SqlBool>`(${expr} >= ${a} AND ${expr} <= ${b})`;
    }
    case 'isEmpty':
      return isText ? sql<SqlBool>`(${expr} IS NULL OR ${expr} = '')` : sql<SqlBool>`${expr} IS NULL`;
    case 'isNotEmpty':
      return isText ? sql<SqlBool>`(${expr} IS NOT NULL AND ${expr} <> '')` : sql<SqlBool>`${expr} IS NOT NULL`;
    default:
      return compare(expr, leaf.op, v);
  }
}

/**
 * Clients having any of these tag ids. EXISTS, not IN: the list then walks its sort index and
 * probes client_tags' primary key per row, instead of fetching every client of a popular tag
 * and sorting them (2.8 s for a 10% tag at 1M on SQLite; ~30 ms this way).
 */
function withTags(tagIds: string[]): RawBuilder<SqlBool> {
  if (!tagIds.length) return FALSE;
  return sql<SqlBool>`EXISTS (SELECT 1 FROM client_tags ct WHERE ct.workspace_id = c.workspace_id AND ct.tag_id IN (${sql.join(tagIds)}) AND ct.client_id = c.id)`;
}

function tagsLeaf(p: PreparedSelection, leaf: FilterLeaf): RawBuilder<SqlBool> {
  const ids = (values: unknown[]) => values.map((v) => p.tagIds.get(normalizeSearch(String(v)))).filter((id): id is string => !!id);
  switch (leaf.op) {
    case 'contains':
      return withTags(ids([leaf.value]));
    case 'in':
      return withTags(ids(leaf.value as unknown[]));
    case 'neq':
      return not(withTags(ids([leaf.value])));
    case 'isEmpty':
      return sql<SqlBool>`NOT EXISTS (SELECT 1 FROM client_tags ct WHERE ct.workspace_id = c.workspace_id AND ct.client_id = c.id)`;
    default:
      return sql<SqlBool>`EXISTS (SELECT 1 FROM client_tags ct WHERE ct.workspace_id = c.workspace_id AND ct.client_id = c.id)`;
  }
}

/** A multi-select custom field (a JSON array) holding any of the values. */
function multiHasAny(p: PreparedSelection, key: string, values: unknown[]): RawBuilder<SqlBool> {
  if (p.pg) return or(values.map((v) => sql<SqlBool>`(c.custom_fields -> ${key}::text) @> ${JSON.stringify([v])}::jsonb`));
  return sql<SqlBool>`EXISTS (SELECT 1 FROM json_each(c.custom_fields, ${`$.${key}`}) j WHERE j.value IN (${sql.join(values)}))`;
}

function multiLeaf(p: PreparedSelection, key: string, leaf: FilterLeaf): RawBuilder<SqlBool> {
  const hasAny = p.pg
    ? sql<SqlBool>`jsonb_array_length(CASE WHEN jsonb_typeof(c.custom_fields -> ${key}::text) = 'array' THEN c.custom_fields -> ${key}::text ELSE '[]'::jsonb END) > 0`
    : sql<SqlBool>`coalesce(json_array_length(c.custom_fields, ${`$.${key}`}), 0) > 0`;
  switch (leaf.op) {
    case 'contains':
      return multiHasAny(p, key, [leaf.value]);
    case 'in':
      return multiHasAny(p, key, leaf.value as unknown[]);
    case 'neq':
      return not(multiHasAny(p, key, [leaf.value]));
    case 'isEmpty':
      return not(hasAny);
    default:
      return hasAny;
  }
}

function leafSql(p: PreparedSelection, leaf: FilterLeaf, depth: number): RawBuilder<SqlBool> {
  const key = customKeyOf(leaf.field);
  if (key !== null) {
    const def = p.customFields.get(key)!;
    const spec = customFieldSpec(def);
    if (spec.kind === 'multi') return multiLeaf(p, key, leaf);
    let value = leaf.value;
    // SQLite's json_extract gives booleans as 1/0.
    if (!p.pg && spec.kind === 'boolean' && typeof value === 'boolean') value = value ? 1 : 0;
    return scalarLeaf(p, customExpr(p, def), { ...leaf, value }, spec.kind === 'text' ? 'text' : spec.kind);
  }
  switch (leaf.field) {
    case 'tags':
      return tagsLeaf(p, leaf);
    case 'isGuest': {
      const is = leaf.op === 'eq' ? leaf.value === true : leaf.op === 'neq' ? leaf.value !== true : null;
      if (is === null) return leaf.op === 'isEmpty' ? FALSE : TRUE;
      return sql<SqlBool>`c.is_guest = ${is ? 1 : 0}`;
    }
    case 'isNew': {
      const is = leaf.op === 'eq' ? leaf.value === true : leaf.op === 'neq' ? leaf.value !== true : null;
      if (is === null) return leaf.op === 'isEmpty' ? FALSE : TRUE;
      return is ? sql<SqlBool>`c.created_at >= ${p.newSince}` : sql<SqlBool>`c.created_at < ${p.newSince}`;
    }
    case 'segmentId': {
      const ids = leafIds(leaf);
      if (depth > SEGMENT_NESTING * 10) return FALSE;
      const inner = or(ids.map((id) => compileFilter(p, p.segments.get(id)!, depth + 1)));
      return leaf.op === 'neq' ? not(inner) : inner;
    }
    case 'groupId': {
      const inner = sql<SqlBool>`c.id IN (SELECT gm.client_id FROM group_members gm WHERE gm.workspace_id = ${p.workspaceId} AND gm.group_id IN (${sql.join(leafIds(leaf))}))`;
      return leaf.op === 'neq' ? not(inner) : inner;
    }
  }
  const column = columns[leaf.field];
  if (!column) throw new Error(`unmapped filter field ${leaf.field}`);
  const kind = (filterFields as Record<string, { kind: string }>)[leaf.field]!.kind;
  return scalarLeaf(p, col(column), leaf, kind);
}

/** Compiles a (checked) filter tree to one parameterised SQL condition over `clients c`. */
export function compileFilter(p: PreparedSelection, filter: Filter, depth = 0): RawBuilder<SqlBool> {
  if ('and' in filter) return and(filter.and.map((f) => compileFilter(p, f, depth + 1)));
  if ('or' in filter) return or(filter.or.map((f) => compileFilter(p, f, depth + 1)));
  if ('not' in filter) return not(compileFilter(p, filter.not, depth + 1));
  return leafSql(p, filter, depth);
}

/** The search condition: every term a substring of search_text (index-backed; see top). */
function searchSql(p: PreparedSelection): RawBuilder<SqlBool> {
  const long = p.terms.filter((t) => t.length >= 3);
  const short = p.terms.filter((t) => t.length < 3);
  const likes = (terms: string[]) => terms.map((t) => sql<SqlBool>`c.search_text LIKE ${`%${likeEscape(t)}%`} ESCAPE '\\'`);
  if (p.pg) return and(likes(p.terms));
  const parts = likes(short);
  if (long.length) parts.unshift(sql<SqlBool>`c.rowid IN (SELECT rowid FROM clients_fts WHERE clients_fts MATCH ${ftsQuery(long)})`);
  return and(parts);
}

/** An FTS5 query: each term a quoted phrase (quotes doubled), all required. */
const ftsQuery = (terms: string[]) => terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ');

/** Terms that no index can narrow (search in the sort order instead): PostgreSQL's LIKE without the GIN index. */
export function searchSqlScan(p: PreparedSelection): RawBuilder<SqlBool> {
  return and(p.terms.map((t) => sql<SqlBool>`(c.search_text || '') LIKE ${`%${likeEscape(t)}%`} ESCAPE '\\'`));
}

/**
 * Whether the search terms match few clients. SQLite counts up to SELECTIVE_SEARCH_LIMIT
 * FTS matches (a few ms). PostgreSQL cannot stop a trigram bitmap scan early (probing a
 * common term costs as much as counting it), so there the longest term decides: five or more
 * characters (a name, an e-mail or phone fragment) is treated as selective.
 */
export async function isSelectiveSearch(db: Db, p: PreparedSelection): Promise<boolean> {
  const long = p.terms.filter((t) => t.length >= 3);
  if (!long.length) return false; // one- and two-letter terms match too much to matter
  if (p.pg) return Math.max(...long.map((t) => t.length)) >= 5;
  const probe = sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT rowid FROM clients_fts WHERE clients_fts MATCH ${ftsQuery(long)} LIMIT ${SELECTIVE_SEARCH_LIMIT + 1})`;
  const { rows } = await probe.execute(db);
  return Number(rows[0]?.n ?? 0) <= SELECTIVE_SEARCH_LIMIT;
}

/** Everything but the search: workspace, Trash mode, filter. */
export function baseWhere(p: PreparedSelection): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [sql<SqlBool>`c.workspace_id = ${p.workspaceId}`];
  if (p.deleted === 'live') parts.push(sql<SqlBool>`c.deleted_at IS NULL`);
  if (p.deleted === 'only') parts.push(sql<SqlBool>`c.deleted_at IS NOT NULL`);
  // A client merged into another is not in the Trash: its id answers with the survivor, and its merge is undone from the merge.
  if (p.deleted !== 'live') parts.push(sql<SqlBool>`c.merged_into IS NULL`);
  if (p.filter) parts.push(compileFilter(p, p.filter));
  return and(parts);
}

/** The full condition of a selection, with the search answered from its index. */
export const whereOf = (p: PreparedSelection) => (p.terms.length ? and([baseWhere(p), searchSql(p)]) : baseWhere(p));

// ---------------------------------------------------------------------------------------
// Sorting and paging
// ---------------------------------------------------------------------------------------

export type ClientSort = { key: string; direction: 'asc' | 'desc'; expr: RawBuilder<unknown>; nullable: boolean };

const sortColumns: Record<string, { column: string; nullable: boolean }> = {
  name: { column: 'sort_name', nullable: false },
  createdAt: { column: 'created_at', nullable: false },
  updatedAt: { column: 'updated_at', nullable: false },
  lastActivityAt: { column: 'last_activity_at', nullable: true },
  lastOrderAt: { column: 'last_order_at', nullable: true },
  healthScore: { column: 'health_score', nullable: true },
  ordersCount: { column: 'orders_count', nullable: false },
  totalValue: { column: 'total_value', nullable: false },
  outstandingBalance: { column: 'outstanding_balance', nullable: false },
  nextRenewalAt: { column: 'next_renewal_at', nullable: true },
};

/** Parses `sort` (`name`, `-createdAt`, `custom.budget`…); 400 naming `sort` otherwise. */
export function parseClientSort(p: PreparedSelection, raw: string | undefined): ClientSort {
  const value = raw ?? 'name';
  const direction = value.startsWith('-') ? 'desc' : 'asc';
  const key = value.replace(/^-/, '');
  const custom = customKeyOf(key);
  if (custom !== null) {
    const def = p.customFields.get(custom);
    if (!def || def.type === 'multiselect') {
      throw badRequest(`sort: ${def ? 'a multi-select field cannot be sorted' : `no custom field "${custom}"`}`, [{ path: 'sort', message: def ? 'cannot sort by a multi-select field' : `names no custom field of this workspace (${custom})` }]);
    }
    return { key, direction, expr: customExpr(p, def, true), nullable: true };
  }
  const known = sortColumns[key];
  if (!known) {
    throw badRequest(`sort must be one of ${Object.keys(sortColumns).join(', ')} or custom.<key>`, [{ path: 'sort', message: `must be one of ${Object.keys(sortColumns).join(', ')} or custom.<key> (prefix - for descending)` }]);
  }
  // Byte order on PostgreSQL too (the index is COLLATE "C"): the same order as SQLite's.
  const expr = key === 'name' && p.pg ? sql`c.sort_name COLLATE "C"` : col(known.column);
  return { key, direction, expr, nullable: known.nullable };
}

/** SQLite: the terms the trigram index cannot answer (one or two characters), as LIKE. */
export const shortTermsSqlite = (p: PreparedSelection) =>
  and(p.terms.filter((t) => t.length < 3).map((t) => sql<SqlBool>`c.search_text LIKE ${`%${likeEscape(t)}%`} ESCAPE '\\'`));

/** SQLite, a selective search: start from the FTS matches (CROSS JOIN keeps that order) and look each client up by rowid. */
export function matchesFrom(p: PreparedSelection) {
  if (p.pg) return sql`clients c`;
  const long = p.terms.filter((t) => t.length >= 3);
  if (!long.length) return sql`clients c`;
  return sql`(SELECT rowid AS r FROM clients_fts WHERE clients_fts MATCH ${ftsQuery(long)}) f CROSS JOIN clients c ON c.rowid = f.r`;
}


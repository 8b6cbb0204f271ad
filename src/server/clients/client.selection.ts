import type { Kysely } from 'kysely';
import {
  checkFilter,
  fieldsOf,
  type Filter,
  type FilterCustomField,
  type FilterLeaf,
  type ParsedClientQueryFields,
} from '../../domain/filter';
import type { FieldError } from '../../domain/problem';
import { isPhoneQuery, normalizeSearch, phoneQueryDigits } from '../../domain/searchText';
import type { Actor } from '../auth/actor';
import { dialectOf, fromJson } from '../db/dialect';
import type { Database } from '../db/schema';
import { badRequest } from '../http/problem';
import { clientSettingsOf } from './client-settings.service';

/**
 * A list selection made ready for SQL: the query fields and the filter tree checked against
 * the workspace (custom fields, tags, segments, groups) and resolved to ids. Compiling it is
 * client.query.ts's job.
 */

type Db = Kysely<Database>;

/** A set of clients as the list, the count and bulk actions receive it. */
export type ClientSelection = Omit<ParsedClientQueryFields, 'filter' | 'tag'> & {
  tag?: string[];
  /** The filter tree, unchecked (a parsed JSON value). */
  filter?: unknown;
};

type DeletedMode = 'live' | 'all' | 'only';
export type CustomDef = FilterCustomField & { key: string };

/** A selection validated and resolved (tags, segments, groups, custom fields) for compiling. */
export type PreparedSelection = {
  workspaceId: string;
  pg: boolean;
  filter: Filter | null;
  terms: string[];
  deleted: DeletedMode;
  tagIds: Map<string, string>;
  segments: Map<string, Filter>;
  groups: Set<string>;
  customFields: Map<string, CustomDef>;
  newSince: string;
};

export const columns: Record<string, string> = {
  status: 'status',
  type: 'type',
  ownerId: 'owner_id',
  lifecycleStage: 'lifecycle_stage',
  firstName: 'first_name',
  lastName: 'last_name',
  companyName: 'company_name',
  displayName: 'display_name',
  email: 'email',
  phone: 'phone',
  city: 'city',
  country: 'country',
  industry: 'industry',
  occupation: 'occupation',
  companySize: 'company_size',
  referralSource: 'referral_source',
  preferredLanguage: 'preferred_language',
  externalId: 'external_id',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  lastActivityAt: 'last_activity_at',
  lastOrderAt: 'last_order_at',
  ordersCount: 'orders_count',
  totalValue: 'total_value',
  outstandingBalance: 'outstanding_balance',
  nextRenewalAt: 'next_renewal_at',
  healthScore: 'health_score',
  healthBand: 'health_band',
};

const DAY = 86_400_000;
/** A search whose terms match at most this many clients (all workspaces) sorts only the matches. */
export const SELECTIVE_SEARCH_LIMIT = 20_000;

// ---------------------------------------------------------------------------------------
// Preparing: validation with paths, then one round of look-ups
// ---------------------------------------------------------------------------------------

/** The query fields as filter-language conditions, each checked under its parameter's name. */
function queryFieldConditions(sel: ClientSelection): { path: string; filter: unknown }[] {
  const out: { path: string; filter: unknown }[] = [];
  if (sel.status?.length) out.push({ path: 'status', filter: { field: 'status', op: 'in', value: sel.status } });
  if (sel.type !== undefined) out.push({ path: 'type', filter: { field: 'type', op: 'eq', value: sel.type } });
  for (const tag of sel.tag ?? []) out.push({ path: 'tag', filter: { field: 'tags', op: 'contains', value: tag } });
  if (sel.ownerId !== undefined) out.push({ path: 'ownerId', filter: { field: 'ownerId', op: 'eq', value: sel.ownerId } });
  if (sel.healthBand !== undefined) out.push({ path: 'healthBand', filter: { field: 'healthBand', op: 'eq', value: sel.healthBand } });
  if (sel.isGuest !== undefined) out.push({ path: 'isGuest', filter: { field: 'isGuest', op: 'eq', value: sel.isGuest } });
  if (sel.isNew !== undefined) out.push({ path: 'isNew', filter: { field: 'isNew', op: 'eq', value: sel.isNew } });
  if (sel.createdAfter !== undefined) out.push({ path: 'createdAfter', filter: { field: 'createdAt', op: 'gte', value: sel.createdAfter } });
  if (sel.createdBefore !== undefined) out.push({ path: 'createdBefore', filter: { field: 'createdAt', op: 'lt', value: sel.createdBefore } });
  if (sel.segmentId !== undefined) out.push({ path: 'segmentId', filter: { field: 'segmentId', op: 'eq', value: sel.segmentId } });
  if (sel.groupId !== undefined) out.push({ path: 'groupId', filter: { field: 'groupId', op: 'eq', value: sel.groupId } });
  return out;
}

/** Parses `filter` given as a query-string JSON text or as a JSON value. */
function filterInput(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    throw badRequest('filter is not valid JSON', [{ path: 'filter', message: 'is not valid JSON' }]);
  }
}

/** The workspace's custom field definitions, by key. */
async function customFieldsOf(db: Db, workspaceId: string): Promise<Map<string, CustomDef>> {
  const rows = await db.selectFrom('custom_fields').select(['key', 'type', 'options']).where('workspace_id', '=', workspaceId).execute();
  return new Map(rows.map((r) => [r.key, { key: r.key, type: r.type, options: fromJson<string[]>(r.options) ?? [] }]));
}

export const SEGMENT_NESTING = 5;

/** Segments the actor may use: shared ones and their own. */
async function loadSegments(db: Db, actor: Actor, ids: string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('segments')
    .select(['id', 'filter', 'shared', 'owner_user_id'])
    .where('workspace_id', '=', actor.workspaceId)
    .where('id', 'in', ids)
    .where((eb) => eb.or([eb('shared', '=', 1), eb('owner_user_id', '=', actor.userId ?? '')]))
    .execute();
}

/**
 * Validates a selection (400 naming each bad parameter or filter path) and loads what
 * compiling needs: tag ids, the filters of the segments it names, which groups exist,
 * custom field definitions, the "new client" cut-off.
 */
export async function prepareSelection(db: Db, actor: Actor, sel: ClientSelection, now = Date.now()): Promise<PreparedSelection> {
  const customFields = await customFieldsOf(db, actor.workspaceId);
  const ctx = { customFields: [...customFields.values()] };
  const errors: FieldError[] = [];
  const parts: Filter[] = [];
  for (const { path, filter } of queryFieldConditions(sel)) {
    const r = checkFilter(filter, ctx, path);
    if (r.ok) parts.push(r.filter);
    else errors.push({ path, message: r.errors[0]!.message });
  }
  if (sel.filter !== undefined && sel.filter !== null && sel.filter !== '') {
    const r = checkFilter(filterInput(sel.filter), ctx, 'filter');
    if (r.ok) parts.push(r.filter);
    else errors.push(...r.errors);
  }
  if (errors.length) throw badRequest(`${errors[0]!.path} ${errors[0]!.message}`, errors);

  const filter: Filter | null = parts.length === 0 ? null : parts.length === 1 ? parts[0]! : { and: parts };
  const prepared: PreparedSelection = {
    workspaceId: actor.workspaceId,
    pg: dialectOf(db) === 'postgres',
    filter,
    terms: searchTerms(sel.q),
    deleted: sel.deleted === 'only' ? 'only' : sel.includeDeleted ? 'all' : 'live',
    tagIds: new Map(),
    segments: new Map(),
    groups: new Set(),
    customFields,
    newSince: new Date(now - (await clientSettingsOf(db, actor.workspaceId)).newClientDays * DAY).toISOString(),
  };

  // Segments may name segments: load level by level, refusing cycles and deep chains.
  let leaves = filter ? fieldsOf(filter) : [];
  for (let level = 0; leaves.length; level++) {
    const wanted = [...new Set(leaves.filter((l) => l.field === 'segmentId').flatMap(leafIds))].filter((id) => !prepared.segments.has(id));
    if (!wanted.length) break;
    if (level >= SEGMENT_NESTING) throw badRequest('segments refer to each other too deeply (or in a circle)', [{ path: 'segmentId', message: 'segments nest too deeply or refer to each other in a circle' }]);
    const rows = await loadSegments(db, actor, wanted);
    const missing = wanted.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length) throw badRequest(`No segment ${missing[0]} in this workspace.`, [{ path: pathOfId(sel, 'segmentId', missing[0]!), message: `names no segment you can use (${missing[0]})` }]);
    leaves = [];
    for (const row of rows) {
      const r = checkFilter(fromJson(row.filter), ctx, 'filter');
      if (!r.ok) throw badRequest(`The segment's filter is no longer valid: ${r.errors[0]!.path} ${r.errors[0]!.message}`, [{ path: pathOfId(sel, 'segmentId', row.id), message: `segment ${row.id} has a filter that is no longer valid (${r.errors[0]!.message})` }]);
      prepared.segments.set(row.id, r.filter);
      leaves.push(...fieldsOf(r.filter));
    }
  }
  const all = [...(filter ? fieldsOf(filter) : []), ...[...prepared.segments.values()].flatMap((f) => fieldsOf(f))];

  const groupIds = [...new Set(all.filter((l) => l.field === 'groupId').flatMap(leafIds))];
  if (groupIds.length) {
    const rows = await db.selectFrom('groups').select('id').where('workspace_id', '=', actor.workspaceId).where('id', 'in', groupIds).execute();
    rows.forEach((r) => prepared.groups.add(r.id));
    const missing = groupIds.find((id) => !prepared.groups.has(id));
    if (missing) throw badRequest(`No group ${missing} in this workspace.`, [{ path: pathOfId(sel, 'groupId', missing), message: `names no group of this workspace (${missing})` }]);
  }

  const tagKeys = [...new Set(all.filter((l) => l.field === 'tags' && l.value !== undefined).flatMap((l) => (Array.isArray(l.value) ? l.value : [l.value])).map((v) => normalizeSearch(String(v))))];
  if (tagKeys.length) {
    const rows = await db.selectFrom('tags').select(['id', 'name_key']).where('workspace_id', '=', actor.workspaceId).where('name_key', 'in', tagKeys).execute();
    rows.forEach((r) => prepared.tagIds.set(r.name_key, r.id));
  }
  return prepared;
}

export const leafIds = (l: FilterLeaf): string[] => (Array.isArray(l.value) ? (l.value as string[]) : [String(l.value)]);
const pathOfId = (sel: ClientSelection, param: 'segmentId' | 'groupId', id: string) => (sel[param] === id ? param : 'filter');

/** `q` as the substrings to find: normalised words, or the digits of a phone fragment. */
export function searchTerms(q: string | undefined): string[] {
  if (!q || !q.trim()) return [];
  if (isPhoneQuery(q)) return [phoneQueryDigits(q)];
  return [...new Set(normalizeSearch(q).split(' ').filter(Boolean))].slice(0, 8);
}

import { z } from 'zod';
import { clientStatuses, clientTypes, lifecycleStages } from './client';
import type { FieldError } from './problem';

/**
 * The filter language: one JSON tree that chooses a set of clients, used by the list, saved
 * segments, bulk actions (and later exports, campaigns, reports). It is validated here — pure,
 * no I/O, shared with the web app's filter builder — and compiled to SQL in one place
 * (src/server/clients/client.query.ts).
 *
 *   Filter = {and: Filter[]} | {or: Filter[]} | {not: Filter} | {field, op, value?}
 */
export const filterOps = ['eq', 'neq', 'in', 'contains', 'startsWith', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty'] as const;
export type FilterOp = (typeof filterOps)[number];

export type FilterLeaf = { field: string; op: FilterOp; value?: unknown };
export type Filter = { and: Filter[] } | { or: Filter[] } | { not: Filter } | FilterLeaf;

/** Deepest nesting of and/or/not allowed, and most conditions in one filter. */
export const FILTER_MAX_DEPTH = 8;
export const FILTER_MAX_LEAVES = 100;
/** Most values in one `in` list. */
export const FILTER_MAX_IN = 500;

/** What kind of value a field holds; decides its ops and the type of its value. */
export type FieldKind = 'text' | 'enum' | 'id' | 'time' | 'date' | 'number' | 'boolean' | 'tags' | 'multi' | 'segment' | 'group';

const opsByKind: Record<FieldKind, readonly FilterOp[]> = {
  text: ['eq', 'neq', 'in', 'contains', 'startsWith', 'isEmpty', 'isNotEmpty'],
  enum: ['eq', 'neq', 'in', 'isEmpty', 'isNotEmpty'],
  id: ['eq', 'neq', 'in', 'isEmpty', 'isNotEmpty'],
  time: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty'],
  date: ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty'],
  number: ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty'],
  boolean: ['eq', 'neq', 'isEmpty', 'isNotEmpty'],
  // tags / multi-select: contains = has this value, neq = lacks it, in = has any of these.
  tags: ['contains', 'neq', 'in', 'isEmpty', 'isNotEmpty'],
  multi: ['contains', 'neq', 'in', 'isEmpty', 'isNotEmpty'],
  segment: ['eq', 'neq', 'in'],
  group: ['eq', 'neq', 'in'],
};

export type FieldSpec = { kind: FieldKind; values?: readonly string[] };


/** The built-in fields a filter may name (custom fields are `custom.<key>`). */
export const filterFields = {
  status: { kind: 'enum', values: clientStatuses },
  type: { kind: 'enum', values: clientTypes },
  tags: { kind: 'tags' },
  ownerId: { kind: 'id' },
  lifecycleStage: { kind: 'enum', values: lifecycleStages },
  firstName: { kind: 'text' },
  lastName: { kind: 'text' },
  companyName: { kind: 'text' },
  displayName: { kind: 'text' },
  email: { kind: 'text' },
  phone: { kind: 'text' },
  city: { kind: 'text' },
  country: { kind: 'text' },
  industry: { kind: 'text' },
  occupation: { kind: 'text' },
  companySize: { kind: 'text' },
  referralSource: { kind: 'text' },
  preferredLanguage: { kind: 'text' },
  externalId: { kind: 'text' },
  createdAt: { kind: 'time' },
  updatedAt: { kind: 'time' },
  lastActivityAt: { kind: 'time' },
  lastOrderAt: { kind: 'time' },
  ordersCount: { kind: 'number' },
  /** Minor units of the workspace currency (12345 = 123.45 USD). */
  totalValue: { kind: 'number' },
  /** Minor units of the workspace currency; negative when the client is in credit. */
  outstandingBalance: { kind: 'number' },
  nextRenewalAt: { kind: 'time' },
  healthScore: { kind: 'number' },
  healthBand: { kind: 'id' },
  isGuest: { kind: 'boolean' },
  isNew: { kind: 'boolean' },
  segmentId: { kind: 'segment' },
  groupId: { kind: 'group' },
} as const satisfies Record<string, FieldSpec>;
export type BuiltInFilterField = keyof typeof filterFields;

/** The part of a custom field definition the filter needs (see src/domain/customField.ts). */
export type FilterCustomField = { key: string; type: string; options?: readonly (string | { value: string })[] | null };

/** Ops each field kind accepts, for the filter builder's op menu. */
export const opsFor = (kind: FieldKind): readonly FilterOp[] => opsByKind[kind];

const CUSTOM_PREFIX = 'custom.';
const customKeyPattern = /^[a-z][a-z0-9_]{0,62}$/;

/** The custom field key of `custom.<key>`, or null for a built-in field. */
export const customKeyOf = (field: string): string | null => (field.startsWith(CUSTOM_PREFIX) ? field.slice(CUSTOM_PREFIX.length) : null);

/** The spec of a custom field by its definition's type. */
export function customFieldSpec(def: FilterCustomField): FieldSpec {
  switch (def.type) {
    case 'number':
      return { kind: 'number' };
    case 'date':
      return { kind: 'date' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'select':
      return { kind: 'enum', values: optionValues(def) };
    case 'multiselect':
      return { kind: 'multi', values: optionValues(def) };
    default:
      return { kind: 'text' };
  }
}

const optionValues = (def: FilterCustomField) => (def.options ?? []).map((o) => (typeof o === 'string' ? o : o.value));

export type FilterContext = {
  /** The workspace's custom field definitions; undefined = check `custom.<key>` by shape only. */
  customFields?: readonly FilterCustomField[];
};

type Check = { errors: FieldError[]; leaves: number; ctx: FilterContext };

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
const isoDateTime = z.iso.datetime({ offset: true });

/** A valid YYYY-MM-DD calendar date. */
function isCalendarDate(s: string): boolean {
  if (!dateOnly.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/**
 * Checks and normalises one scalar value for a field kind. Returns the normalised value, or
 * an error message. Times become ISO-8601 UTC instants (a bare date means its midnight UTC).
 */
function scalar(spec: FieldSpec, value: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  switch (spec.kind) {
    case 'text':
      if (typeof value !== 'string') return { ok: false, message: 'must be a string' };
      if (value.length > 500) return { ok: false, message: 'must be at most 500 characters' };
      return { ok: true, value };
    case 'id':
    case 'segment':
    case 'group':
      if (typeof value !== 'string' || value.length === 0) return { ok: false, message: 'must be an id (a non-empty string)' };
      if (value.length > 64) return { ok: false, message: 'must be at most 64 characters' };
      return { ok: true, value };
    case 'enum':
    case 'tags':
    case 'multi':
      if (typeof value !== 'string' || value.length === 0) return { ok: false, message: 'must be a non-empty string' };
      if (value.length > 200) return { ok: false, message: 'must be at most 200 characters' };
      if (spec.kind !== 'tags' && spec.values && !spec.values.includes(value)) {
        return { ok: false, message: `must be one of ${spec.values.join(', ') || '(no options defined)'}` };
      }
      return { ok: true, value };
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return { ok: false, message: 'must be a number' };
      return { ok: true, value };
    case 'boolean':
      if (typeof value !== 'boolean') return { ok: false, message: 'must be true or false' };
      return { ok: true, value };
    case 'date':
      if (typeof value !== 'string' || !isCalendarDate(value)) return { ok: false, message: 'must be a date (YYYY-MM-DD)' };
      return { ok: true, value };
    case 'time':
      if (typeof value === 'string' && isCalendarDate(value)) return { ok: true, value: `${value}T00:00:00.000Z` };
      if (typeof value === 'string' && isoDateTime.safeParse(value).success) return { ok: true, value: new Date(value).toISOString() };
      return { ok: false, message: 'must be an ISO-8601 date or date-time (2026-01-31 or 2026-01-31T09:00:00Z)' };
  }
}

const compare = (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)));

function specOf(field: string, path: string, check: Check): FieldSpec | null {
  const key = customKeyOf(field);
  if (key === null) {
    const spec = (filterFields as Record<string, FieldSpec>)[field];
    if (!spec || !Object.hasOwn(filterFields, field)) {
      check.errors.push({ path, message: `is not a field you can filter on (use one of ${Object.keys(filterFields).join(', ')} or custom.<key>)` });
      return null;
    }
    return spec;
  }
  if (!customKeyPattern.test(key)) {
    check.errors.push({ path, message: 'custom.<key> needs a custom field key (lower-case letters, digits and _)' });
    return null;
  }
  const defs = check.ctx.customFields;
  if (!defs) return null; // shape-only check: the definitions are checked when the filter is used
  const def = defs.find((d) => d.key === key);
  if (!def) {
    check.errors.push({ path, message: `names no custom field of this workspace (no field with key "${key}")` });
    return null;
  }
  return customFieldSpec(def);
}

function leaf(node: Record<string, unknown>, path: string, check: Check): FilterLeaf | null {
  check.leaves++;
  for (const k of Object.keys(node)) {
    if (k !== 'field' && k !== 'op' && k !== 'value') check.errors.push({ path: `${path}.${k}`, message: 'is not allowed in a condition (use field, op, value)' });
  }
  const { field, op, value } = node;
  if (typeof field !== 'string' || field.length === 0 || field.length > 100) {
    check.errors.push({ path: `${path}.field`, message: 'is required: the field to test' });
    return null;
  }
  if (typeof op !== 'string' || !(filterOps as readonly string[]).includes(op)) {
    check.errors.push({ path: `${path}.op`, message: `must be one of ${filterOps.join(', ')}` });
    return null;
  }
  const spec = specOf(field, `${path}.field`, check);
  if (!spec) return { field, op: op as FilterOp, value };
  const allowed = opsByKind[spec.kind];
  if (!allowed.includes(op as FilterOp)) {
    check.errors.push({ path: `${path}.op`, message: `${op} does not apply to ${field}; use one of ${allowed.join(', ')}` });
    return null;
  }
  const at = `${path}.value`;
  const fail = (where: string, message: string) => {
    check.errors.push({ path: where, message });
    return null;
  };
  switch (op as FilterOp) {
    case 'isEmpty':
    case 'isNotEmpty':
      if (value !== undefined && value !== null) return fail(at, `must be left out for ${op}`);
      return { field, op: op as FilterOp };
    case 'in': {
      if (!Array.isArray(value) || value.length === 0) return fail(at, 'must be a non-empty array');
      if (value.length > FILTER_MAX_IN) return fail(at, `must have at most ${FILTER_MAX_IN} values`);
      const out: unknown[] = [];
      value.forEach((v, i) => {
        const r = scalar(spec, v);
        if (r.ok) out.push(r.value);
        else check.errors.push({ path: `${at}[${i}]`, message: r.message });
      });
      return out.length === value.length ? { field, op: 'in', value: out } : null;
    }
    case 'between': {
      if (!Array.isArray(value) || value.length !== 2) return fail(at, 'must be an array of two values [from, to]');
      const a = scalar(spec, value[0]);
      const b = scalar(spec, value[1]);
      if (!a.ok) return fail(`${at}[0]`, a.message);
      if (!b.ok) return fail(`${at}[1]`, b.message);
      if (compare(a.value, b.value) > 0) return fail(at, 'must be [from, to] with from ≤ to');
      return { field, op: 'between', value: [a.value, b.value] };
    }
    case 'contains':
    case 'startsWith': {
      if (spec.kind === 'text' && (typeof value !== 'string' || value.length === 0)) return fail(at, 'must be a non-empty string');
      const r = scalar(spec, value);
      if (!r.ok) return fail(at, r.message);
      return { field, op: op as FilterOp, value: r.value };
    }
    default: {
      if (value === undefined || value === null) return fail(at, `is required for ${op} (use isEmpty to test for no value)`);
      const r = scalar(spec, value);
      if (!r.ok) return fail(at, r.message);
      return { field, op: op as FilterOp, value: r.value };
    }
  }
}

function node(input: unknown, path: string, depth: number, check: Check): Filter | null {
  if (!isPlainObject(input)) {
    check.errors.push({ path, message: 'must be an object: {and: [...]}, {or: [...]}, {not: {...}} or {field, op, value}' });
    return null;
  }
  if (depth > FILTER_MAX_DEPTH) {
    check.errors.push({ path, message: `nests too deep (at most ${FILTER_MAX_DEPTH} levels)` });
    return null;
  }
  const keys = Object.keys(input);
  const group = keys.find((k) => k === 'and' || k === 'or' || k === 'not');
  if (!group) return leaf(input, path, check);
  if (keys.length !== 1) {
    const extra = keys.find((k) => k !== group)!;
    check.errors.push({ path: `${path}.${extra}`, message: `is not allowed beside ${group}` });
    return null;
  }
  if (group === 'not') {
    const inner = node(input.not, `${path}.not`, depth + 1, check);
    return inner ? { not: inner } : null;
  }
  const list = input[group];
  if (!Array.isArray(list) || list.length === 0) {
    check.errors.push({ path: `${path}.${group}`, message: 'must be a non-empty array of conditions' });
    return null;
  }
  if (list.length > FILTER_MAX_LEAVES) {
    check.errors.push({ path: `${path}.${group}`, message: `must have at most ${FILTER_MAX_LEAVES} conditions` });
    return null;
  }
  const children = list.map((child, i) => node(child, `${path}.${group}[${i}]`, depth + 1, check));
  if (children.some((c) => c === null)) return null;
  return group === 'and' ? { and: children as Filter[] } : { or: children as Filter[] };
}

export type FilterResult = { ok: true; filter: Filter } | { ok: false; errors: FieldError[] };

/**
 * Validates a filter tree and normalises its values. Errors name the path from `root`
 * (`filter.and[1].op`). With `ctx.customFields`, `custom.<key>` fields are checked against
 * the workspace's definitions and their values against the field's type.
 */
export function checkFilter(input: unknown, ctx: FilterContext = {}, root = 'filter'): FilterResult {
  const check: Check = { errors: [], leaves: 0, ctx };
  const filter = node(input, root, 1, check);
  if (check.leaves > FILTER_MAX_LEAVES) check.errors.unshift({ path: root, message: `has ${check.leaves} conditions; at most ${FILTER_MAX_LEAVES} are allowed` });
  if (check.errors.length || !filter) return { ok: false, errors: check.errors.length ? check.errors : [{ path: root, message: 'is invalid' }] };
  return { ok: true, filter };
}

/** Every field a filter names (for loading the segments and groups it refers to). */
export function fieldsOf(filter: Filter, out: FilterLeaf[] = []): FilterLeaf[] {
  if ('and' in filter) filter.and.forEach((f) => fieldsOf(f, out));
  else if ('or' in filter) filter.or.forEach((f) => fieldsOf(f, out));
  else if ('not' in filter) fieldsOf(filter.not, out);
  else out.push(filter);
  return out;
}

/**
 * The zod schema of a filter in a request or response body: any JSON object here; the service
 * runs `checkFilter` with the workspace's custom fields, so errors name `filter.and[1].op`.
 */
export const filterSchema = z
  .record(z.string(), z.unknown())
  .describe(
    'Filter-language JSON: {and: [...]}, {or: [...]}, {not: {...}} or {field, op, value}; ops eq, neq, in, contains, startsWith, gt, gte, lt, lte, between, isEmpty, isNotEmpty; fields as in the client list plus custom.<key>',
  );

const repeatable = (item: z.ZodString) => z.union([item, z.array(item).max(100)]).transform((v) => (Array.isArray(v) ? v : [v]));
export const queryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');
const queryTime = z.string().max(40).describe('ISO-8601 date or date-time');

/**
 * The client list's query fields (GET /clients, /clients/count, and bulk actions by filter):
 * each narrows the set; `filter` adds a filter-language tree (JSON).
 */
export const clientQueryFieldsSchema = z.object({
  q: z.string().max(200).optional().describe('Substring of a name, company, e-mail or phone (digits in any format); case- and accent-insensitive'),
  status: repeatable(z.string().max(40)).optional().describe('One or more statuses (repeat the parameter)'),
  type: z.string().max(40).optional().describe('individual or business'),
  tag: repeatable(z.string().max(100)).optional().describe('Clients having every tag named (repeat the parameter)'),
  ownerId: z.string().max(64).optional(),
  healthBand: z.string().max(40).optional(),
  isGuest: queryBoolean.optional(),
  isNew: queryBoolean.optional(),
  createdAfter: queryTime.optional(),
  createdBefore: queryTime.optional(),
  segmentId: z.string().max(64).optional().describe('Clients matching a saved segment'),
  groupId: z.string().max(64).optional().describe('Members of a static group'),
  filter: z.string().max(20_000).optional().describe('Filter-language JSON, e.g. {"and":[{"field":"status","op":"eq","value":"active"}]}'),
  includeDeleted: queryBoolean.optional().describe('Include clients in Trash'),
  deleted: z.enum(['only']).optional().describe('only: the Trash'),
});
export type ClientQueryFields = z.input<typeof clientQueryFieldsSchema>;
export type ParsedClientQueryFields = z.output<typeof clientQueryFieldsSchema>;

/** Sort keys of the client list (prefix - for descending; custom.<key> too). */
export const clientSortFields = ['name', 'createdAt', 'updatedAt', 'lastActivityAt', 'lastOrderAt', 'healthScore', 'ordersCount', 'totalValue', 'outstandingBalance', 'nextRenewalAt'] as const;

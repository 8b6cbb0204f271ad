import { customFieldSpec, filterFields, opsFor as domainOpsFor, type FieldKind as DomainKind } from '../../../domain/filter';
import type { CustomField, Filter, FilterLeaf, FilterOp } from '../../api/clientTypes';
import { lifecycleLabels, statusLabels } from './ClientBits';

/** How a field's value is entered: the domain's kind, with owners picked from the team. */
export type FieldKind = DomainKind | 'owner';

export type FieldDef = { key: string; label: string; kind: FieldKind; options?: { value: string; label: string }[]; group: string };

type BuiltIn = keyof typeof filterFields;
const labels: Partial<Record<BuiltIn, [string, string]>> = {
  status: ['Status', 'Client'],
  type: ['Type', 'Client'],
  tags: ['Tags', 'Client'],
  ownerId: ['Owner', 'Client'],
  lifecycleStage: ['Lifecycle stage', 'Client'],
  isNew: ['New client', 'Client'],
  isGuest: ['Guest (no orders yet)', 'Client'],
  displayName: ['Name', 'Identity'],
  firstName: ['First name', 'Identity'],
  lastName: ['Last name', 'Identity'],
  companyName: ['Company name', 'Identity'],
  email: ['Email', 'Contact details'],
  phone: ['Phone', 'Contact details'],
  city: ['City', 'Contact details'],
  country: ['Country', 'Contact details'],
  industry: ['Industry', 'Profile'],
  occupation: ['Occupation', 'Profile'],
  companySize: ['Company size', 'Profile'],
  referralSource: ['Referral source', 'Profile'],
  preferredLanguage: ['Preferred language', 'Profile'],
  externalId: ['External ID', 'Profile'],
  healthScore: ['Health score', 'Health'],
  healthBand: ['Health band', 'Health'],
  createdAt: ['Added', 'Dates'],
  updatedAt: ['Updated', 'Dates'],
  lastActivityAt: ['Last activity', 'Dates'],
  lastOrderAt: ['Last order', 'Dates'],
};

const valueLabels: Record<string, Record<string, string>> = {
  status: statusLabels,
  lifecycleStage: lifecycleLabels,
  type: { individual: 'Individual', business: 'Business' },
};

const opt = (values: readonly string[] | undefined, names?: Record<string, string>) => values?.map((v) => ({ value: v, label: names?.[v] ?? v }));

/** The filter language's built-in fields (segments and groups have their own picker). */
export const builtInFields: FieldDef[] = (Object.keys(labels) as BuiltIn[]).map((key) => {
  const spec = filterFields[key] as { kind: DomainKind; values?: readonly string[] };
  const [label, group] = labels[key]!;
  return { key, label, group, kind: key === 'ownerId' ? 'owner' : spec.kind, options: opt(spec.values, valueLabels[key]) };
});

export function fieldDefs(custom: CustomField[] | undefined): FieldDef[] {
  return [
    ...builtInFields,
    ...(custom ?? []).map((f): FieldDef => {
      const spec = customFieldSpec({ key: f.key, type: f.type, options: f.options });
      return { key: `custom.${f.key}`, label: f.label, kind: spec.kind, options: opt(spec.values), group: 'Custom fields' };
    }),
  ];
}

const opLabels: Record<FilterOp, string> = {
  eq: 'is',
  neq: 'is not',
  in: 'is any of',
  contains: 'contains',
  startsWith: 'starts with',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  between: 'is between',
  isEmpty: 'is empty',
  isNotEmpty: 'is not empty',
};
const timeOpLabels: Partial<Record<FilterOp, string>> = { eq: 'is on', neq: 'is not on', gt: 'is after', gte: 'is on or after', lt: 'is before', lte: 'is on or before' };
const tagOpLabels: Partial<Record<FilterOp, string>> = { contains: 'has', in: 'has any of', neq: 'does not have', isEmpty: 'has none', isNotEmpty: 'has some' };

// The op a new rule starts with comes first; `in` is offered only where the value input is a list.
const preferred: FilterOp[] = ['contains', 'eq', 'neq', 'in', 'startsWith', 'gt', 'gte', 'lt', 'lte', 'between', 'isEmpty', 'isNotEmpty'];
const listKinds = new Set<FieldKind>(['enum', 'id', 'owner', 'tags', 'multi', 'segment', 'group']);

export const opsFor = (kind: FieldKind): readonly FilterOp[] => {
  const allowed = domainOpsFor(kind === 'owner' ? 'id' : kind);
  return preferred.filter((op) => {
    if (!allowed.includes(op)) return false;
    if (op === 'in' && !listKinds.has(kind)) return false;
    // "Is on" an instant is not a whole day: offer ranges only for times.
    if (kind === 'time' && (op === 'eq' || op === 'neq')) return false;
    return true;
  });
};

export function opLabel(kind: FieldKind, op: FilterOp): string {
  if (kind === 'tags' || kind === 'multi') return tagOpLabels[op] ?? opLabels[op];
  if (kind === 'time' || kind === 'date') return timeOpLabels[op] ?? opLabels[op];
  return opLabels[op];
}

export const needsValue = (op: FilterOp) => op !== 'isEmpty' && op !== 'isNotEmpty';

/** The builder's editable tree: one level of rules and groups under an and/or. */
export type Rule = { id: string; field: string; op: FilterOp; value: unknown };
export type RuleGroup = { id: string; conj: 'and' | 'or'; items: (Rule | RuleGroup)[] };
export const isGroup = (x: Rule | RuleGroup): x is RuleGroup => 'items' in x;

let seq = 0;
export const newId = () => `r${Date.now().toString(36)}${(seq++).toString(36)}`;

export const emptyGroup = (conj: 'and' | 'or' = 'and'): RuleGroup => ({ id: newId(), conj, items: [] });

/** A rule is only sent when it is complete; half-typed ones wait. */
function ruleComplete(r: Rule): boolean {
  if (!needsValue(r.op)) return true;
  const v = r.value;
  if (r.op === 'between') return Array.isArray(v) && v.length === 2 && v.every((x) => x !== '' && x !== null && x !== undefined);
  if (Array.isArray(v)) return v.length > 0;
  return v !== '' && v !== null && v !== undefined;
}

export function toFilter(node: Rule | RuleGroup): Filter | null {
  if (!isGroup(node)) return ruleComplete(node) ? leafOf(node) : null;
  const parts = node.items.map(toFilter).filter((f): f is Filter => f !== null);
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0]!;
  return node.conj === 'and' ? { and: parts } : { or: parts };
}

function leafOf(r: Rule): FilterLeaf {
  return needsValue(r.op) ? { field: r.field, op: r.op, value: r.value } : { field: r.field, op: r.op };
}

/** The builder's tree for a saved filter, or null when it uses what the builder cannot show (not). */
export function fromFilter(f: Filter): RuleGroup | null {
  const node = (x: Filter): Rule | RuleGroup | null => {
    if ('and' in x || 'or' in x) {
      const parts = ('and' in x ? x.and : x.or).map(node);
      if (parts.some((p) => p === null)) return null;
      return { id: newId(), conj: 'and' in x ? 'and' : 'or', items: parts as (Rule | RuleGroup)[] };
    }
    if ('not' in x) return null;
    return { id: newId(), field: x.field, op: x.op, value: 'value' in x ? x.value : undefined };
  };
  const root = node(f);
  if (!root) return null;
  return isGroup(root) ? root : { id: newId(), conj: 'and', items: [root] };
}

export function countRules(g: RuleGroup): number {
  return g.items.reduce((n, x) => n + (isGroup(x) ? countRules(x) : 1), 0);
}

/** All parts and-ed together, dropping the empty ones. */
export function allOf(...parts: (Filter | null | undefined)[]): Filter | null {
  const present = parts.filter((p): p is Filter => !!p);
  if (present.length === 0) return null;
  if (present.length === 1) return present[0]!;
  return { and: present };
}

export function defaultValue(kind: FieldKind, op: FilterOp): unknown {
  if (op === 'between') return ['', ''];
  if (op === 'in') return [];
  if (kind === 'boolean') return true;
  return '';
}

/** The filter a link put in the URL, as the builder's rules will hold it (null: none or unreadable). */
export function urlFilter(params: URLSearchParams): Filter | null {
  const parts: (Filter | null)[] = [];
  const statuses = params.getAll('status').filter(Boolean);
  if (statuses.length) parts.push({ field: 'status', op: 'in', value: statuses });
  const tags = params.getAll('tag').filter(Boolean);
  if (tags.length) parts.push({ field: 'tags', op: 'in', value: tags });
  const band = params.get('healthBand');
  if (band) parts.push({ field: 'healthBand', op: 'eq', value: band });
  const raw = params.get('filter');
  if (raw) {
    try {
      parts.push(JSON.parse(raw) as Filter);
    } catch {
      // A mangled link: show the whole list rather than nothing.
    }
  }
  return allOf(...parts);
}

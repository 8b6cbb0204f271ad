import { clientExportColumns, defaultClientExportColumns, type ClientExportColumn, type ExportColumnInfo } from '../../domain/export';
import { customKeyOf } from '../../domain/filter';
import { minorDigits } from '../../domain/money';
import type { FieldError } from '../../domain/problem';
import { fromJson } from '../db/dialect';
import { badRequest } from '../http/problem';
import type { ExportableClientColumn, ExportClientRow } from './export.repository';

/**
 * What each export column holds, compiled once per export into a list of getters over a
 * client row. JSON columns (e-mails, addresses, custom fields, figures) are parsed only when a
 * chosen column needs them, once per row.
 */

/** A cell as the writers receive it: lists are joined by CSV/XLSX and kept as arrays in JSON. */
export type Cell = string | number | boolean | null | string[];

type Item = { value?: string; primary?: boolean; label?: string };
type Addr = { kind?: string; line1?: string | null; line2?: string | null; city?: string | null; region?: string | null; postalCode?: string | null; country?: string | null };
type Figures = { currency?: string; lifetimeValue?: Record<string, number>; onTimePaymentRate?: number | null };

/** A client row with its JSON columns parsed as needed. */
export type RowView = {
  row: ExportClientRow;
  emails: Item[];
  phones: Item[];
  address: Addr | null;
  tags: string[];
  custom: Record<string, unknown>;
  figures: Figures | null;
};

type Needs = { emails?: boolean; phones?: boolean; address?: boolean; tags?: boolean; custom?: boolean; figures?: boolean };
export type PlannedColumn = { key: string; header: string; needs: Needs; get: (v: RowView) => Cell };

/** The stored columns each built-in export column reads (JSON ones through `needs`). */
const sqlColumns: Record<ClientExportColumn, ExportableClientColumn[]> = {
  id: ['id'], displayName: ['display_name'], type: ['type'], firstName: ['first_name'], lastName: ['last_name'], companyName: ['company_name'],
  email: ['email'], emails: [], phone: ['phone'], phones: [], status: ['status'], statusReason: ['status_reason'], lifecycleStage: ['lifecycle_stage'],
  owner: ['owner_id'], tags: [], dateOfBirth: ['date_of_birth'], industry: ['industry'], occupation: ['occupation'], companySize: ['company_size'],
  referralSource: ['referral_source'], preferredLanguage: ['preferred_language'], specialRequirements: ['special_requirements'], notes: ['notes'],
  externalId: ['external_id'], addressLine1: [], addressLine2: [], city: ['city'], region: [], postalCode: [], country: ['country'],
  healthScore: ['health_score'], healthBand: ['health_band'], isGuest: ['is_guest'], ordersCount: ['orders_count'], totalValue: ['total_value'],
  outstandingBalance: ['outstanding_balance'], overdueAmount: ['overdue_amount'], revenue: ['revenue'], lifetimeValue: [], onTimePaymentRate: [],
  lastActivityAt: ['last_activity_at'], lastOrderAt: ['last_order_at'], nextRenewalAt: ['next_renewal_at'], createdAt: ['created_at'], updatedAt: ['updated_at'],
};
const needColumns: Record<keyof Needs, ExportableClientColumn> = { emails: 'emails', phones: 'phones', address: 'addresses', tags: 'tags', custom: 'custom_fields', figures: 'figures' };

/** The stored columns a plan reads. */
export function readColumnsOf(plan: PlannedColumn[], extra: ExportableClientColumn[] = []): ExportableClientColumn[] {
  const out = new Set<ExportableClientColumn>(['id', ...extra]);
  for (const c of plan) {
    for (const col of sqlColumns[c.key as ClientExportColumn] ?? []) out.add(col);
    for (const [need, on] of Object.entries(c.needs)) if (on) out.add(needColumns[need as keyof Needs]);
  }
  return [...out];
}

export type ExportContext = { currency: string; owners: Map<string, string>; customFields: { key: string; label: string; type: string }[] };

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const values = (items: Item[]) => items.map((i) => i.value ?? '').filter(Boolean);

function builtIn(key: ClientExportColumn, ctx: ExportContext): Omit<PlannedColumn, 'key' | 'header'> {
  const money = (amount: number) => amount / 10 ** minorDigits(ctx.currency);
  const r = (get: (row: ExportClientRow) => Cell) => ({ needs: {}, get: (v: RowView) => get(v.row) });
  switch (key) {
    case 'id': return r((x) => x.id);
    case 'displayName': return r((x) => x.display_name);
    case 'type': return r((x) => x.type);
    case 'firstName': return r((x) => x.first_name);
    case 'lastName': return r((x) => x.last_name);
    case 'companyName': return r((x) => x.company_name);
    case 'email': return r((x) => x.email);
    case 'emails': return { needs: { emails: true }, get: (v) => values(v.emails) };
    case 'phone': return r((x) => x.phone);
    case 'phones': return { needs: { phones: true }, get: (v) => values(v.phones) };
    case 'status': return r((x) => x.status);
    case 'statusReason': return r((x) => x.status_reason);
    case 'lifecycleStage': return r((x) => x.lifecycle_stage);
    case 'owner': return r((x) => (x.owner_id ? (ctx.owners.get(x.owner_id) ?? x.owner_id) : null));
    case 'tags': return { needs: { tags: true }, get: (v) => v.tags };
    case 'dateOfBirth': return r((x) => x.date_of_birth);
    case 'industry': return r((x) => x.industry);
    case 'occupation': return r((x) => x.occupation);
    case 'companySize': return r((x) => x.company_size);
    case 'referralSource': return r((x) => x.referral_source);
    case 'preferredLanguage': return r((x) => x.preferred_language);
    case 'specialRequirements': return r((x) => x.special_requirements);
    case 'notes': return r((x) => x.notes);
    case 'externalId': return r((x) => x.external_id);
    case 'addressLine1': return { needs: { address: true }, get: (v) => v.address?.line1 ?? null };
    case 'addressLine2': return { needs: { address: true }, get: (v) => v.address?.line2 ?? null };
    case 'city': return r((x) => x.city);
    case 'region': return { needs: { address: true }, get: (v) => v.address?.region ?? null };
    case 'postalCode': return { needs: { address: true }, get: (v) => v.address?.postalCode ?? null };
    case 'country': return r((x) => x.country);
    case 'healthScore': return r((x) => (x.health_score === null ? null : Number(x.health_score)));
    case 'healthBand': return r((x) => x.health_band);
    case 'isGuest': return r((x) => Number(x.is_guest) === 1);
    case 'ordersCount': return r((x) => num(x.orders_count));
    case 'totalValue': return r((x) => money(num(x.total_value)));
    case 'outstandingBalance': return r((x) => money(num(x.outstanding_balance)));
    case 'overdueAmount': return r((x) => money(num(x.overdue_amount)));
    case 'revenue': return r((x) => money(num(x.revenue)));
    case 'lifetimeValue': return { needs: { figures: true }, get: (v) => money(num(v.figures?.lifetimeValue?.[ctx.currency])) };
    case 'onTimePaymentRate': return { needs: { figures: true }, get: (v) => v.figures?.onTimePaymentRate ?? null };
    case 'lastActivityAt': return r((x) => x.last_activity_at);
    case 'lastOrderAt': return r((x) => x.last_order_at);
    case 'nextRenewalAt': return r((x) => x.next_renewal_at);
    case 'createdAt': return r((x) => x.created_at);
    case 'updatedAt': return r((x) => x.updated_at);
  }
}

const moneyColumns = new Set<string>(['totalValue', 'outstandingBalance', 'overdueAmount', 'revenue', 'lifetimeValue']);
const labels = new Map<string, string>(clientExportColumns.map((c) => [c.key, c.label]));

function customCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** The workspace's column catalogue: built-ins, then custom fields. */
export function columnCatalogue(ctx: ExportContext): ExportColumnInfo[] {
  const defaults = new Set<string>(defaultClientExportColumns);
  return [
    ...clientExportColumns.map((c) => ({ key: c.key, label: moneyColumns.has(c.key) ? `${c.label} (${ctx.currency})` : c.label, group: c.group, default: defaults.has(c.key) })),
    ...ctx.customFields.map((f) => ({ key: `custom.${f.key}`, label: f.label, group: 'custom' as const, default: true })),
  ];
}

/**
 * The columns to write, in the order asked (duplicates dropped); 400 naming `columns` for a
 * key that is neither built in nor a custom field of the workspace.
 */
export function planColumns(requested: string[] | undefined, ctx: ExportContext, path = 'columns'): PlannedColumn[] {
  const keys = requested?.length ? [...new Set(requested)] : [...defaultClientExportColumns, ...ctx.customFields.map((f) => `custom.${f.key}`)];
  const customs = new Map(ctx.customFields.map((f) => [f.key, f]));
  const errors: FieldError[] = [];
  const plan: PlannedColumn[] = [];
  for (const key of keys) {
    const custom = customKeyOf(key);
    if (custom !== null) {
      const def = customs.get(custom);
      if (!def) errors.push({ path, message: `names no custom field of this workspace (${custom})` });
      else plan.push({ key, header: def.label, needs: { custom: true }, get: (v) => customCell(v.custom[custom]) });
    } else if (labels.has(key)) {
      const header = moneyColumns.has(key) ? `${labels.get(key)} (${ctx.currency})` : labels.get(key)!;
      plan.push({ key, header, ...builtIn(key as ClientExportColumn, ctx) });
    } else {
      errors.push({ path, message: `has an unknown column: ${key.slice(0, 80)}` });
    }
  }
  if (errors.length) throw badRequest(`${errors[0]!.path} ${errors[0]!.message}`, errors);
  return plan;
}

/** What the whole export needs parsed per row (vCards need names, e-mails, phones and the address). */
export function needsOf(plan: PlannedColumn[], extra: Needs = {}): Needs {
  return plan.reduce<Needs>((all, c) => ({ ...all, ...Object.fromEntries(Object.entries(c.needs).filter(([, v]) => v)) }), { ...extra });
}

// Most clients have no tags, custom values or addresses: skip JSON.parse for the empty texts.
const parse = <T>(v: unknown, fallback: T): T => (v === null || v === undefined || v === '[]' || v === '{}' ? fallback : (fromJson<T>(v) ?? fallback));

/**
 * Tag lists repeat from client to client (the same few tags in a few combinations), and
 * JSON.parse is a large part of an export's time: a short list is parsed once and the (never
 * mutated) result reused. Bounded, and cleared when full.
 */
const parsedTexts = new Map<string, unknown>();
function parseShared<T>(v: unknown, fallback: T): T {
  if (typeof v !== 'string' || v.length > 400) return parse(v, fallback);
  const hit = parsedTexts.get(v);
  if (hit !== undefined) return hit as T;
  const value = parse(v, fallback);
  if (parsedTexts.size >= 20_000) parsedTexts.clear();
  parsedTexts.set(v, value);
  return value;
}

/** A row with the JSON columns the export needs parsed. */
export function viewOf(row: ExportClientRow, needs: Needs): RowView {
  let address: Addr | null = null;
  if (needs.address) {
    const all = parse<Addr[]>(row.addresses, []);
    address = all.find((a) => a.kind === 'primary') ?? all[0] ?? null;
  }
  return {
    row,
    emails: needs.emails ? parse<Item[]>(row.emails, []) : [],
    phones: needs.phones ? parse<Item[]>(row.phones, []) : [],
    address,
    tags: needs.tags ? parseShared<string[]>(row.tags, []) : [],
    custom: needs.custom ? parse<Record<string, unknown>>(row.custom_fields, {}) : {},
    figures: needs.figures ? parse<Figures | null>(row.figures, null) : null,
  };
}

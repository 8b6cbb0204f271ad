import type { MergeField } from '../../../domain/merge';
import type { Client } from '../../api/clientTypes';
import { lifecycleLabels, showPhone, statusLabels } from '../../components/clients/ClientBits';
import { formatDateTime } from '../../components/format';

/** What the rows need beyond the clients: names of team members and custom fields. */
export type RowContext = { ownerName: (id: string) => string; customFieldLabel: (key: string) => string };

/**
 * One row of the side-by-side view. `field` rows are the profile fields a merge lets you choose
 * (the value of one client wins); the others show what is united or kept, for information.
 */
export type CompareRow = {
  key: string;
  label: string;
  field?: MergeField;
  /** Shown under the label: how the merge treats the row. */
  hint?: string;
  text: (c: Client, ctx: RowContext) => string;
};

const t = (v: string | null | undefined) => v ?? '';
const addressText = (a: Client['addresses'][number]) => [a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(' '), a.region, a.country].filter(Boolean).join(', ');
const customText = (c: Client, ctx: RowContext) =>
  Object.entries(c.customFields)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${ctx.customFieldLabel(k)}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join('\n');

export const compareRows: CompareRow[] = [
  { key: 'type', label: 'Type', field: 'type', text: (c) => (c.type === 'business' ? 'Business' : 'Individual') },
  { key: 'firstName', label: 'First name', field: 'firstName', text: (c) => t(c.firstName) },
  { key: 'lastName', label: 'Last name', field: 'lastName', text: (c) => t(c.lastName) },
  { key: 'companyName', label: 'Company', field: 'companyName', text: (c) => t(c.companyName) },
  { key: 'email', label: 'Primary e-mail', field: 'email', hint: 'Every e-mail of every client is kept; this one becomes the primary.', text: (c) => t(c.email) },
  { key: 'emails', label: 'All e-mails', hint: 'United on the survivor.', text: (c) => c.emails.map((e) => e.value).join('\n') },
  { key: 'phone', label: 'Primary phone', field: 'phone', hint: 'Every phone number is kept; this one becomes the primary.', text: (c) => showPhone(c.phone) },
  { key: 'phones', label: 'All phones', hint: 'United on the survivor.', text: (c) => c.phones.map((p) => showPhone(p.value)).join('\n') },
  { key: 'addresses', label: 'Addresses', field: 'addresses', text: (c) => c.addresses.map(addressText).filter(Boolean).join('\n') },
  { key: 'status', label: 'Status', field: 'status', text: (c) => statusLabels[c.status] + (c.statusReason ? ` (${c.statusReason})` : '') },
  { key: 'lifecycleStage', label: 'Lifecycle stage', field: 'lifecycleStage', text: (c) => (c.lifecycleStage ? lifecycleLabels[c.lifecycleStage] : '') },
  { key: 'ownerId', label: 'Owner', field: 'ownerId', text: (c, ctx) => (c.ownerId ? ctx.ownerName(c.ownerId) : '') },
  { key: 'dateOfBirth', label: 'Date of birth', field: 'dateOfBirth', text: (c) => t(c.dateOfBirth) },
  { key: 'occupation', label: 'Occupation', field: 'occupation', text: (c) => t(c.occupation) },
  { key: 'industry', label: 'Industry', field: 'industry', text: (c) => t(c.industry) },
  { key: 'companySize', label: 'Company size', field: 'companySize', text: (c) => t(c.companySize) },
  { key: 'referralSource', label: 'Referral source', field: 'referralSource', text: (c) => t(c.referralSource) },
  { key: 'preferredLanguage', label: 'Preferred language', field: 'preferredLanguage', text: (c) => t(c.preferredLanguage) },
  { key: 'specialRequirements', label: 'Special requirements', field: 'specialRequirements', text: (c) => t(c.specialRequirements) },
  { key: 'notes', label: 'Notes', field: 'notes', text: (c) => t(c.notes) },
  { key: 'customFields', label: 'Custom fields', field: 'customFields', hint: 'The chosen client’s custom fields, all together.', text: customText },
  { key: 'tags', label: 'Tags', hint: 'Every tag is added to the survivor.', text: (c) => c.tags.join(', ') },
  { key: 'ordersCount', label: 'Orders', hint: 'Orders, tasks, timeline and every other record move to the survivor.', text: (c) => String(c.ordersCount) },
  { key: 'lastActivityAt', label: 'Last activity', text: (c) => (c.lastActivityAt ? formatDateTime(c.lastActivityAt) : '') },
  { key: 'createdAt', label: 'Created', text: (c) => formatDateTime(c.createdAt) },
];

const isBlank = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length) || (typeof v === 'object' && v !== null && !Array.isArray(v) && !Object.keys(v).length);

/**
 * The client whose value the server would take for a field nobody chose: the survivor's own,
 * else the first source that has one (the same rule as the merge service).
 */
export function defaultChoice(field: MergeField, survivor: Client, sources: Client[]): string {
  if (!isBlank(survivor[field])) return survivor.id;
  return sources.find((s) => !isBlank(s[field]))?.id ?? survivor.id;
}

/** The suggested survivor: the most complete record, the oldest on a tie (its id is the one others link to longest). */
export function suggestedSurvivor(clients: Client[]): Client | undefined {
  const filled = (c: Client) => compareRows.filter((r) => r.field && !isBlank(c[r.field])).length + c.ordersCount * 2;
  return [...clients].sort((a, b) => filled(b) - filled(a) || a.createdAt.localeCompare(b.createdAt))[0];
}

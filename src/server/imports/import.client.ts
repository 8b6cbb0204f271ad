import type { Address, Client, ClientEmail, ClientPhone } from '../../domain/client';
import { normalizeEmail } from '../../domain/email';
import { clientSearchText, normalizeSearch } from '../../domain/searchText';
import { deriveDisplayName, primaryAddress } from '../clients/client.input';
import { toJson } from '../db/dialect';
import type { RowDraft } from './import.rows';

/**
 * A client's editable state as an import reads and writes it, and its stored columns. The
 * columns follow client.service's rowValues (display, sort and search columns derived the
 * same way), so an imported client is indistinguishable from one made through the API.
 */

export const editableKeys = [
  'type', 'firstName', 'lastName', 'companyName', 'email', 'phone', 'emails', 'phones', 'dateOfBirth', 'addresses', 'occupation',
  'industry', 'companySize', 'referralSource', 'preferredLanguage', 'specialRequirements', 'ownerId', 'lifecycleStage', 'status',
  'statusReason', 'notes', 'tags', 'customFields', 'directoryCompanyId', 'externalId',
] as const;
export type Editable = Pick<Client, (typeof editableKeys)[number]>;
export const editableOf = (c: Editable): Editable => Object.fromEntries(editableKeys.map((k) => [k, c[k]])) as Editable;

export const emptyEditable = (): Editable => ({
  type: 'individual', firstName: null, lastName: null, companyName: null, email: null, phone: null, emails: [], phones: [],
  dateOfBirth: null, addresses: [], occupation: null, industry: null, companySize: null, referralSource: null, preferredLanguage: null,
  specialRequirements: null, ownerId: null, lifecycleStage: null, status: 'prospect', statusReason: null, notes: null, tags: [],
  customFields: {}, directoryCompanyId: null, externalId: null,
});

/** The stored columns of an editable state; `nationals` as for clientSearchText. */
export function columnValues(c: Editable, nationals?: ReadonlyMap<string, string>) {
  const displayName = deriveDisplayName(c) ?? '';
  const address = primaryAddress(c.addresses);
  return {
    type: c.type, first_name: c.firstName, last_name: c.lastName, company_name: c.companyName, display_name: displayName,
    sort_name: normalizeSearch(displayName), email: c.email, phone: c.phone, emails: toJson(c.emails), phones: toJson(c.phones),
    date_of_birth: c.dateOfBirth, addresses: toJson(c.addresses), city: address?.city ?? null, country: address?.country ?? null,
    occupation: c.occupation, industry: c.industry, company_size: c.companySize, referral_source: c.referralSource,
    preferred_language: c.preferredLanguage, special_requirements: c.specialRequirements, owner_id: c.ownerId,
    lifecycle_stage: c.lifecycleStage, status: c.status, status_reason: c.statusReason, notes: c.notes, tags: toJson(c.tags),
    custom_fields: toJson(c.customFields), directory_company_id: c.directoryCompanyId, external_id: c.externalId,
    search_text: clientSearchText({ ...c, displayName }, nationals),
  };
}
export type ColumnValues = ReturnType<typeof columnValues>;

/** The primary value of a list set to `value`: made primary if listed, else it replaces the primary (or is added first). */
function withPrimary<T extends { value: string; primary: boolean }>(list: T[], value: string, make: (v: string) => T, same: (a: string, b: string) => boolean): T[] {
  const items = list.map((e) => ({ ...e }));
  const match = items.findIndex((e) => same(e.value, value));
  if (match >= 0) items.forEach((e, i) => (e.primary = i === match));
  else {
    const at = items.findIndex((e) => e.primary);
    if (at >= 0) items[at] = { ...items[at]!, value };
    else items.unshift({ ...make(value), primary: true });
  }
  if (items.length && !items.some((e) => e.primary)) items[0]!.primary = true;
  return items;
}

function withOthers<T extends { value: string; primary: boolean }>(list: T[], values: string[], make: (v: string) => T, same: (a: string, b: string) => boolean): T[] {
  const items = [...list];
  for (const v of values) if (!items.some((e) => same(e.value, v))) items.push(make(v));
  if (items.length && !items.some((e) => e.primary)) items[0] = { ...items[0]!, primary: true };
  return items.slice(0, 20);
}

const sameEmail = (a: string, b: string) => normalizeEmail(a) === normalizeEmail(b);
const samePhone = (a: string, b: string) => a === b;

/** The state after a row: what the row sets over `cur`; e-mails, phones and tags are added to, never removed. */
export function applyDraft(cur: Editable, d: RowDraft): Editable {
  const f = d.fields;
  let emails: ClientEmail[] = cur.emails;
  const otherEmails = d.primaryEmail ? d.emails.slice(1) : d.emails;
  if (d.primaryEmail) emails = withPrimary(emails, d.emails[0]!, (value) => ({ value, label: 'other', primary: true }), sameEmail);
  emails = withOthers(emails, otherEmails, (value) => ({ value, label: 'other', primary: false }), sameEmail);
  let phones: ClientPhone[] = cur.phones;
  const otherPhones = d.primaryPhone ? d.phones.slice(1) : d.phones;
  if (d.primaryPhone) phones = withPrimary(phones, d.phones[0]!, (value) => ({ value, label: 'mobile', primary: true }), samePhone);
  phones = withOthers(phones, otherPhones, (value) => ({ value, label: 'mobile', primary: false }), samePhone);
  let addresses: Address[] = cur.addresses;
  if (d.address) {
    const at = addresses.findIndex((a) => a.kind === 'primary');
    addresses = at >= 0 ? addresses.map((a, i) => (i === at ? { ...a, ...d.address } : a)) : [{ kind: 'primary', ...d.address }, ...addresses];
  }
  const tagKeys = new Set(cur.tags.map((t) => normalizeSearch(t)));
  const tags = [...cur.tags];
  for (const t of d.tags) if (!tagKeys.has(normalizeSearch(t))) (tagKeys.add(normalizeSearch(t)), tags.push(t));
  const status = (f.status ?? cur.status) as Editable['status'];
  const statusChanged = status !== cur.status;
  return {
    ...cur,
    type: (f.type ?? cur.type) as Editable['type'],
    firstName: f.firstName ?? cur.firstName,
    lastName: f.lastName ?? cur.lastName,
    companyName: f.companyName ?? cur.companyName,
    emails,
    email: emails.find((e) => e.primary)?.value ?? null,
    phones,
    phone: phones.find((p) => p.primary)?.value ?? null,
    dateOfBirth: f.dateOfBirth ?? cur.dateOfBirth,
    addresses,
    occupation: f.occupation ?? cur.occupation,
    industry: f.industry ?? cur.industry,
    companySize: f.companySize ?? cur.companySize,
    referralSource: f.referralSource ?? cur.referralSource,
    preferredLanguage: f.preferredLanguage ?? cur.preferredLanguage,
    specialRequirements: f.specialRequirements ?? cur.specialRequirements,
    lifecycleStage: (f.lifecycleStage ?? cur.lifecycleStage) as Editable['lifecycleStage'],
    status,
    statusReason: f.statusReason ?? (statusChanged ? null : cur.statusReason),
    notes: f.notes ?? cur.notes,
    tags,
    ownerId: f.ownerId ?? cur.ownerId,
    customFields: { ...cur.customFields, ...d.custom },
    externalId: f.externalId ?? cur.externalId,
  };
}

/** Per-field before/after of what differs. */
export function changedFields(before: Editable, after: Editable): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of editableKeys) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
      b[k] = before[k];
      a[k] = after[k];
    }
  }
  return { before: b, after: a };
}

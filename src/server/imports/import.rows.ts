import type { Address } from '../../domain/client';
import { clientStatuses, clientTypes, lifecycleStages, statusesNeedingReason } from '../../domain/client';
import { checkCustomFieldValue, type CustomFieldDefinition } from '../../domain/customField';
import { emailProblem, normalizeEmail } from '../../domain/email';
import type { ImportDateFormat, ImportMapping, ImportMatchOn, ImportTransform } from '../../domain/import';
import { normalizePhone } from '../../domain/phone';
import type { FieldError } from '../../domain/problem';
import { normalizeSearch } from '../../domain/searchText';
import { readContact, type ContactDraft } from './import.contact';

/**
 * One row of a file → the client fields it sets, or the reasons it cannot be imported. Pure:
 * no database. Empty cells set nothing (an update never clears a value).
 */

export const MAX_CELL_CHARS = 10_000;
export const MAX_COLUMNS = 500;

type TextField =
  | 'firstName' | 'lastName' | 'companyName' | 'occupation' | 'industry' | 'companySize' | 'referralSource'
  | 'preferredLanguage' | 'specialRequirements' | 'statusReason' | 'notes' | 'externalId';
const textLimits: Record<TextField, number> = {
  firstName: 100, lastName: 100, companyName: 200, occupation: 120, industry: 120, companySize: 40, referralSource: 120,
  preferredLanguage: 40, specialRequirements: 2000, statusReason: 500, notes: 10000, externalId: 128,
};

/** What a row sets; absent keys are left as they are. */
export type RowDraft = {
  fields: Partial<Record<TextField, string>> & { type?: string; status?: string; lifecycleStage?: string; dateOfBirth?: string; ownerId?: string };
  /** Validated, as typed (trimmed); the first is the primary column's. */
  emails: string[];
  primaryEmail: boolean;
  /** E.164. */
  phones: string[];
  primaryPhone: boolean;
  /** E.164 → national digits, from the one parse of each phone (search text needs both). */
  nationals: Record<string, string>;
  address: Partial<Omit<Address, 'kind'>> | null;
  tags: string[];
  custom: Record<string, unknown>;
  /** The row's contact (contact.* columns). */
  contact: ContactDraft | null;
};

export type RowContext = {
  headers: string[];
  mapping: ImportMapping;
  transforms: Record<string, ImportTransform>;
  customFields: Map<string, CustomFieldDefinition>;
  defaultCountry: string;
  tagSeparator?: string;
  /** Team members by normalised e-mail and by normalised name → user id (for an `owner` column). */
  owners?: ReadonlyMap<string, string>;
};

export type RowResult = { ok: true; draft: RowDraft } | { ok: false; errors: FieldError[] };

/** A cell a spreadsheet would run as a formula (=, @, or +/- before a letter or bracket): refused, not stored. */
export const looksLikeFormula = (v: string) => /^[=@]/.test(v) || /^[+\-]\s*[A-Za-z(]/.test(v);

const dateParts: Record<ImportDateFormat, RegExp> = {
  'YYYY-MM-DD': /^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})$/,
  'YYYY/MM/DD': /^(?<y>\d{4})\/(?<m>\d{1,2})\/(?<d>\d{1,2})$/,
  'DD/MM/YYYY': /^(?<d>\d{1,2})\/(?<m>\d{1,2})\/(?<y>\d{4})$/,
  'MM/DD/YYYY': /^(?<m>\d{1,2})\/(?<d>\d{1,2})\/(?<y>\d{4})$/,
  'DD.MM.YYYY': /^(?<d>\d{1,2})\.(?<m>\d{1,2})\.(?<y>\d{4})$/,
  'DD-MM-YYYY': /^(?<d>\d{1,2})-(?<m>\d{1,2})-(?<y>\d{4})$/,
};

/** A date cell as YYYY-MM-DD, read in the column's format (ISO when none is given; ISO date-times are cut to the date). */
export function parseDate(value: string, format: ImportDateFormat | undefined): string | null {
  const v = format ? value : value.replace(/T.*$/, '');
  // XLSX date cells arrive as ISO dates whatever the column's chosen text format.
  const m = dateParts[format ?? 'YYYY-MM-DD'].exec(v) ?? (format ? /^(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})$/.exec(v) : null);
  if (!m?.groups) return null;
  const iso = `${m.groups.y}-${m.groups.m!.padStart(2, '0')}-${m.groups.d!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? iso : null;
}

/** "Last, First" or "First Middle Last" → first and last name. */
export function splitFullName(value: string): { firstName: string | null; lastName: string | null } {
  const comma = value.indexOf(',');
  if (comma > 0) return { firstName: value.slice(comma + 1).trim() || null, lastName: value.slice(0, comma).trim() || null };
  const parts = value.split(/\s+/).filter(Boolean);
  if (parts.length === 1) return { firstName: parts[0]!, lastName: null };
  return { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1]! };
}

const enumValue = (v: string, values: readonly string[]) => values.find((x) => x === v.toLowerCase()) ?? null;

/** Reads one row; `cells` are the record's raw cells in header order. */
export function readRow(cells: string[], ctx: RowContext): RowResult {
  const errors: FieldError[] = [];
  const draft: RowDraft = { fields: {}, emails: [], primaryEmail: false, phones: [], primaryPhone: false, nationals: {}, address: null, tags: [], custom: {}, contact: null };
  if (cells.length > ctx.headers.length && cells.slice(ctx.headers.length).some((c) => c.trim())) {
    errors.push({ path: 'row', message: `has ${cells.length} cells; the header has ${ctx.headers.length} columns` });
  }
  let phoneCountry: string | null = null;
  const phoneCells: { value: string; path: string; primary: boolean }[] = [];
  const emailCells: { value: string; path: string; primary: boolean }[] = [];
  const address: Record<string, string> = {};
  const contactCells: Record<string, string> = {};
  ctx.headers.forEach((header, i) => {
    const target = ctx.mapping[header];
    if (!target) return;
    const t = ctx.transforms[header];
    let value = cells[i] ?? '';
    if (value.length > MAX_CELL_CHARS) {
      errors.push({ path: target, message: `has ${value.length} characters; a cell may have at most ${MAX_CELL_CHARS}` });
      return;
    }
    if (value.includes('\uFFFD')) {
      errors.push({ path: target, message: 'has bytes that are not valid in the file’s encoding (mixed encodings?)' });
      return;
    }
    if (t?.trim !== false) value = value.trim().replace(/[ \t]+/g, ' ');
    if (!value) return;
    if (t?.valueMap) {
      const mapped = Object.entries(t.valueMap).find(([k]) => k.toLowerCase() === value.toLowerCase());
      if (mapped) value = mapped[1];
    }
    if (looksLikeFormula(value) && !((target.startsWith('phone') || target === 'contact.phone') && /^\+\s*[\d(]/.test(value))) {
      errors.push({ path: target, message: 'looks like a spreadsheet formula; such cells are not imported' });
      return;
    }
    if (target.startsWith('contact.')) {
      contactCells[target.slice(8)] = value;
      return;
    }
    if (target === 'owner') {
      const owner = ctx.owners?.get(value.includes('@') ? normalizeEmail(value) : normalizeSearch(value));
      if (!owner) errors.push({ path: 'owner', message: 'is not a member of this workspace (give a team member’s e-mail or name)' });
      else draft.fields.ownerId = owner;
      return;
    }
    if (target === 'fullName' || t?.splitName) {
      const { firstName, lastName } = splitFullName(value);
      if (firstName) draft.fields.firstName ??= firstName.slice(0, 100);
      if (lastName) draft.fields.lastName ??= lastName.slice(0, 100);
      return;
    }
    if (target.startsWith('custom.')) {
      const key = target.slice(7);
      const def = ctx.customFields.get(key);
      if (!def) return void errors.push({ path: target, message: 'is not a custom field of this workspace' });
      let raw: unknown = value;
      if (def.type === 'date') raw = parseDate(value, t?.dateFormat) ?? value;
      else if (def.type === 'number') raw = Number(value.replace(',', '.'));
      else if (def.type === 'boolean') raw = /^(true|yes|y|1|oui|ja|si|sim|vero)$/i.test(value) ? true : /^(false|no|n|0|non|nein|nao|falso)$/i.test(value) ? false : value;
      else if (def.type === 'multiselect') raw = value.split(/[;,]/).map((s) => s.trim()).filter(Boolean);
      const checked = checkCustomFieldValue(def, raw);
      if (!checked.ok) errors.push({ path: target, message: checked.message });
      else if (checked.value !== null) draft.custom[key] = checked.value;
      return;
    }
    if (target.startsWith('address.')) {
      address[target.slice(8)] = value;
      return;
    }
    switch (target) {
      case 'email':
      case 'email2':
        emailCells.push({ value, path: target, primary: target === 'email' });
        return;
      case 'phone':
      case 'phone2':
        phoneCells.push({ value, path: target, primary: target === 'phone' });
        return;
      case 'tags': {
        const sep = ctx.tagSeparator;
        const names = (sep ? value.split(sep) : value.split(/[;,]/)).map((s) => s.trim()).filter(Boolean);
        for (const n of names) {
          if (n.length > 60) errors.push({ path: 'tags', message: `tag "${n.slice(0, 20)}…" is longer than 60 characters` });
          else if (looksLikeFormula(n)) errors.push({ path: 'tags', message: 'looks like a spreadsheet formula; such cells are not imported' });
          else draft.tags.push(n);
        }
        return;
      }
      case 'type': {
        const v = enumValue(value, clientTypes) ?? (/^(company|organi[sz]ation|business|entreprise|firma|empresa|azienda)$/i.test(value) ? 'business' : /^(person|individual|particulier|privat|particular|privato)$/i.test(value) ? 'individual' : null);
        if (!v) errors.push({ path: 'type', message: `must be one of ${clientTypes.join(', ')}` });
        else draft.fields.type = v;
        return;
      }
      case 'status': {
        const v = enumValue(value, clientStatuses);
        if (!v) errors.push({ path: 'status', message: `must be one of ${clientStatuses.join(', ')} (map other values with the column's valueMap)` });
        else draft.fields.status = v;
        return;
      }
      case 'lifecycleStage': {
        const v = enumValue(value, lifecycleStages);
        if (!v) errors.push({ path: 'lifecycleStage', message: `must be one of ${lifecycleStages.join(', ')}` });
        else draft.fields.lifecycleStage = v;
        return;
      }
      case 'dateOfBirth': {
        const v = parseDate(value, t?.dateFormat);
        if (!v) errors.push({ path: 'dateOfBirth', message: `is not a date${t?.dateFormat ? ` as ${t.dateFormat}` : ' as YYYY-MM-DD (choose the column’s date format)'}` });
        else if (v > new Date().toISOString().slice(0, 10)) errors.push({ path: 'dateOfBirth', message: 'is in the future' });
        else draft.fields.dateOfBirth = v;
        return;
      }
      default: {
        const field = target as TextField;
        const max = textLimits[field];
        if (value.length > max) errors.push({ path: field, message: `must be at most ${max} characters` });
        else draft.fields[field] = value;
      }
    }
  });
  if (Object.keys(address).length) {
    const country = address.country;
    if (country !== undefined && !/^[A-Za-z]{2}$/.test(country)) errors.push({ path: 'address.country', message: 'must be an ISO 3166 alpha-2 country code like US' });
    else if (country) phoneCountry = country.toUpperCase();
    draft.address = {
      ...(address.line1 ? { line1: address.line1.slice(0, 200) } : {}),
      ...(address.line2 ? { line2: address.line2.slice(0, 200) } : {}),
      ...(address.city ? { city: address.city.slice(0, 120) } : {}),
      ...(address.region ? { region: address.region.slice(0, 120) } : {}),
      ...(address.postalCode ? { postalCode: address.postalCode.slice(0, 40) } : {}),
      ...(phoneCountry ? { country: phoneCountry } : {}),
    };
  }
  const seenEmails = new Set<string>();
  for (const e of emailCells) {
    const problem = emailProblem(e.value);
    if (problem) errors.push({ path: e.path, message: problem });
    else if (!seenEmails.has(normalizeEmail(e.value))) {
      seenEmails.add(normalizeEmail(e.value));
      if (e.primary) draft.emails.unshift(e.value);
      else draft.emails.push(e.value);
      if (e.primary) draft.primaryEmail = true;
    }
  }
  for (const p of phoneCells) {
    const r = normalizePhone(p.value, phoneCountry ?? ctx.defaultCountry);
    if (!r.ok) errors.push({ path: p.path, message: r.message });
    else if (!draft.phones.includes(r.e164)) {
      draft.nationals[r.e164] = r.national;
      if (p.primary) draft.phones.unshift(r.e164);
      else draft.phones.push(r.e164);
      if (p.primary) draft.primaryPhone = true;
    }
  }
  draft.contact = readContact(contactCells, phoneCountry ?? ctx.defaultCountry, errors, splitFullName);
  const status = draft.fields.status;
  if (status && (statusesNeedingReason as readonly string[]).includes(status) && !draft.fields.statusReason) {
    errors.push({ path: 'statusReason', message: `is required when the status is ${status}` });
  }
  return errors.length ? { ok: false, errors } : { ok: true, draft };
}

/** The row's value for the match key, normalised; null when the row has none. */
export function matchKeyOf(draft: RowDraft, matchOn: ImportMatchOn): string | null {
  if (matchOn === 'email') return draft.primaryEmail ? normalizeEmail(draft.emails[0]!) : null;
  if (matchOn === 'phone') return draft.primaryPhone ? draft.phones[0]! : null;
  return draft.fields.externalId ?? null;
}

/** Whether a row sets nothing at all (every mapped cell empty). */
export const isBlankDraft = (d: RowDraft) =>
  !Object.keys(d.fields).length && !d.emails.length && !d.phones.length && !d.address && !d.tags.length && !Object.keys(d.custom).length && !d.contact;

import type { Address, ClientEmail, ClientPhone, ClientStatus, ClientType } from '../../domain/client';
import { emailLabels, phoneLabels, statusesNeedingReason } from '../../domain/client';
import { emailProblem, normalizeEmail } from '../../domain/email';
import { formatPhone, normalizePhone } from '../../domain/phone';
import type { FieldError } from '../../domain/problem';

/**
 * Turning what a caller sent into a client's stored fields: the primary e-mail/phone merged
 * into the lists, e-mails checked, phones normalised to E.164, the display name derived.
 * Pure functions; errors are collected so one 400 names every bad field.
 */

type EmailInput = { value: string; label?: (typeof emailLabels)[number]; primary?: boolean };
type PhoneInput = { value: string; label?: (typeof phoneLabels)[number]; primary?: boolean };
type Item<L> = { value: string; label: L; primary: boolean; path: string };

/**
 * Merges `email` (the primary) and `emails` (the whole list) over the current list.
 * `email` matching a listed address makes it primary; otherwise it replaces the current
 * primary (when no list is sent) or is added as the primary; null removes the primary.
 */
function mergePrimary<L extends string>(
  current: { value: string; label: L; primary: boolean }[],
  primary: string | null | undefined,
  list: { value: string; label?: L; primary?: boolean }[] | undefined,
  field: string,
  defaultLabel: L,
  same: (a: string, b: string) => boolean,
  errors: FieldError[],
): Item<L>[] {
  const items: Item<L>[] =
    list !== undefined
      ? list.map((e, i) => ({ value: e.value.trim(), label: e.label ?? defaultLabel, primary: !!e.primary, path: `${field}s[${i}].value` }))
      : current.map((e, i) => ({ ...e, path: `${field}s[${i}].value` }));
  if (list !== undefined && items.filter((e) => e.primary).length > 1) errors.push({ path: `${field}s`, message: 'may mark only one entry as primary' });
  if (primary !== undefined) {
    const value = primary?.trim() ?? '';
    const at = items.findIndex((e) => e.primary);
    if (!value) {
      if (list === undefined) {
        const drop = at >= 0 ? at : 0;
        items.splice(drop, 1);
      }
    } else {
      const match = items.findIndex((e) => same(e.value, value));
      if (match >= 0) {
        items.forEach((e, i) => (e.primary = i === match));
        items[match]!.path = field;
      } else if (at >= 0 && list === undefined) {
        items[at] = { ...items[at]!, value, path: field };
      } else {
        items.forEach((e) => (e.primary = false));
        items.unshift({ value, label: defaultLabel, primary: true, path: field });
      }
    }
  }
  if (items.length && !items.some((e) => e.primary)) items[0]!.primary = true;
  return items;
}

/** The client's e-mails after a write, checked: each valid, none repeated. */
export function resolveEmails(current: ClientEmail[], email: string | null | undefined, emails: EmailInput[] | undefined, errors: FieldError[]): ClientEmail[] {
  const items = mergePrimary(current, email, emails, 'email', 'other', (a, b) => normalizeEmail(a) === normalizeEmail(b), errors);
  const seen = new Set<string>();
  for (const item of items) {
    const problem = emailProblem(item.value);
    if (problem) errors.push({ path: item.path, message: problem });
    else if (seen.has(normalizeEmail(item.value))) errors.push({ path: item.path, message: 'repeats another e-mail of this record' });
    seen.add(normalizeEmail(item.value));
  }
  return items.map(({ path: _path, ...e }) => e);
}

/** The client's phones after a write, normalised to E.164 (read in `country` without a +code). */
export function resolvePhones(current: ClientPhone[], phone: string | null | undefined, phones: PhoneInput[] | undefined, country: string, errors: FieldError[]): ClientPhone[] {
  const asE164 = (v: string) => {
    const r = normalizePhone(v, country);
    return r.ok ? r.e164 : v;
  };
  const items = mergePrimary(current, phone, phones, 'phone', 'mobile', (a, b) => asE164(a) === asE164(b), errors);
  const seen = new Set<string>();
  for (const item of items) {
    const result = normalizePhone(item.value, country);
    if (!result.ok) {
      errors.push({ path: item.path, message: result.message });
      continue;
    }
    if (seen.has(result.e164)) errors.push({ path: item.path, message: 'repeats another phone of this record' });
    seen.add(result.e164);
    item.value = result.e164;
  }
  return items.map(({ path: _path, ...p }) => p);
}

/** Derived display name: business → company name, else first + last; never empty (falls back to e-mail or phone). */
export function deriveDisplayName(c: {
  type: ClientType;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  email: string | null;
  phone: string | null;
}): string | null {
  const person = [c.firstName, c.lastName].filter(Boolean).join(' ');
  const name = c.type === 'business' ? c.companyName || person : person || c.companyName;
  return name || c.email || (c.phone ? formatPhone(c.phone) : null);
}

/** The address city and country are copied from (primary, else the first). */
export const primaryAddress = (addresses: Address[]) => addresses.find((a) => a.kind === 'primary') ?? addresses[0];

/** Churned and blacklisted need a reason given with the change of status. */
export function checkStatusReason(status: ClientStatus, reason: string | null | undefined, errors: FieldError[]): void {
  if ((statusesNeedingReason as readonly string[]).includes(status) && !reason) {
    errors.push({ path: 'statusReason', message: `is required when the status is ${status}` });
  }
}

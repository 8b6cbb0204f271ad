import type { Kysely } from 'kysely';
import { contactRoles } from '../../domain/contact';
import { emailProblem, normalizeEmail } from '../../domain/email';
import { normalizePhone } from '../../domain/phone';
import type { FieldError } from '../../domain/problem';
import { toJson } from '../db/dialect';
import { newId } from '../db/ids';
import type { Database } from '../db/schema';
import { insertRows, type Cell } from './import.bulk';

/**
 * The contact a row may carry (contact.* columns): one person at the row's client, created,
 * or in update/upsert modes matched by e-mail among the client's contacts and updated.
 */

export type ContactDraft = { firstName?: string; lastName?: string; email?: string; phone?: string; title?: string; role?: string };

const limits = { firstName: 100, lastName: 100, title: 120 } as const;

/** The row's contact from its contact.* cells (already trimmed, non-empty), or null; problems go to `errors` as `contact.<field>`. */
export function readContact(cells: Record<string, string>, country: string, errors: FieldError[], splitName: (v: string) => { firstName: string | null; lastName: string | null }): ContactDraft | null {
  if (!Object.keys(cells).length) return null;
  const c: ContactDraft = {};
  if (cells.fullName) {
    const { firstName, lastName } = splitName(cells.fullName);
    if (firstName) c.firstName = firstName;
    if (lastName) c.lastName = lastName;
  }
  for (const k of ['firstName', 'lastName', 'title'] as const) {
    const v = cells[k];
    if (v === undefined) continue;
    if (v.length > limits[k]) errors.push({ path: `contact.${k}`, message: `must be at most ${limits[k]} characters` });
    else c[k] = v;
  }
  if (cells.email !== undefined) {
    const problem = emailProblem(cells.email);
    if (problem) errors.push({ path: 'contact.email', message: problem });
    else c.email = cells.email;
  }
  if (cells.phone !== undefined) {
    const r = normalizePhone(cells.phone, country);
    if (!r.ok) errors.push({ path: 'contact.phone', message: r.message });
    else c.phone = r.e164;
  }
  if (cells.role !== undefined) {
    const role = contactRoles.find((r) => r === cells.role!.toLowerCase());
    if (!role) errors.push({ path: 'contact.role', message: `must be one of ${contactRoles.join(', ')}` });
    else c.role = role;
  }
  if (!c.firstName && !c.lastName && !c.email && !c.phone && !errors.some((e) => e.path.startsWith('contact.'))) {
    errors.push({ path: 'contact.firstName', message: 'a contact needs a name, an e-mail or a phone' });
  }
  return c;
}

/** Adds `next` to a client's list of contacts from the file: a second row with the same contact e-mail completes the first. */
export function mergeContact(list: ContactDraft[], next: ContactDraft | null): ContactDraft[] {
  if (!next) return list;
  const key = next.email ? normalizeEmail(next.email) : null;
  const at = key ? list.findIndex((c) => c.email && normalizeEmail(c.email) === key) : -1;
  if (at < 0) return [...list, next];
  return list.map((c, i) => (i === at ? { ...c, ...next } : c));
}

const contactColumns = [
  'workspace_id', 'id', 'client_id', 'first_name', 'last_name', 'email', 'phone', 'emails', 'phones', 'role', 'title', 'preferences', 'influences', 'created_at', 'updated_at',
] as const;

/**
 * Writes the contacts of a batch's clients: a contact whose e-mail one of an existing client's
 * contacts has is updated (the fields the row sets), any other is created. Returns the ids
 * created per client (for the undo log and the audit trail).
 */
export async function writeContacts(trx: Kysely<Database>, workspaceId: string, items: { clientId: string; existing: boolean; contacts: ContactDraft[] }[], now: string): Promise<Map<string, string[]>> {
  const created = new Map<string, string[]>();
  const withContacts = items.filter((i) => i.contacts.length);
  if (!withContacts.length) return created;
  const existingIds = withContacts.filter((i) => i.existing).map((i) => i.clientId);
  const stored = existingIds.length
    ? await trx.selectFrom('contacts').select(['id', 'client_id', 'email']).where('workspace_id', '=', workspaceId).where('client_id', 'in', existingIds).where('email', 'is not', null).execute()
    : [];
  const byEmail = new Map(stored.map((s) => [`${s.client_id} ${normalizeEmail(s.email!)}`, s.id]));
  const rows: Cell[][] = [];
  for (const item of withContacts) {
    for (const c of item.contacts) {
      const match = c.email ? byEmail.get(`${item.clientId} ${normalizeEmail(c.email)}`) : undefined;
      if (match) {
        const set = {
          ...(c.firstName ? { first_name: c.firstName } : {}), ...(c.lastName ? { last_name: c.lastName } : {}),
          ...(c.title ? { title: c.title } : {}), ...(c.role ? { role: c.role } : {}),
        };
        if (Object.keys(set).length) {
          await trx.updateTable('contacts').set((eb) => ({ ...set, updated_at: now, version: eb('version', '+', 1) })).where('workspace_id', '=', workspaceId).where('id', '=', match).execute();
        }
        continue;
      }
      const id = newId();
      created.set(item.clientId, [...(created.get(item.clientId) ?? []), id]);
      rows.push([
        workspaceId, id, item.clientId, c.firstName ?? null, c.lastName ?? null, c.email ?? null, c.phone ?? null,
        toJson(c.email ? [{ value: c.email, label: 'work', primary: true }] : []), toJson(c.phone ? [{ value: c.phone, label: 'mobile', primary: true }] : []),
        c.role ?? null, c.title ?? null, '{}', '[]', now, now,
      ]);
    }
  }
  await insertRows(trx, 'contacts', contactColumns, rows);
  return created;
}

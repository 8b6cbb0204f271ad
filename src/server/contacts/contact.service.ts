import type { Kysely } from 'kysely';
import type { Address, ClientEmail, ClientPhone } from '../../domain/client';
import type { Contact, ContactPreferences, CreateContactBody, UpdateContactBody } from '../../domain/contact';
import type { List, ListQuery } from '../../domain/list';
import type { FieldError } from '../../domain/problem';
import { actorForAudit, diff, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { clientSettingsOf } from '../clients/client-settings.service';
import { assertClientExists, creationChanges, primaryAddress, resolveEmails, resolvePhones } from '../clients/client.service';
import { fromJson, toJson } from '../db/dialect';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { assertVersion, stale } from '../http/etag';
import { keysetPage } from '../http/pagination';
import { badRequest, notFound } from '../http/problem';
import { contactRepository, type ContactRow } from './contact.repository';
import { healthInputsChanged } from '../health/health.service';

type Db = Kysely<Database>;

export const contactRowToContact = (row: ContactRow): Contact => {
  const emails = fromJson<ClientEmail[]>(row.emails) ?? [];
  const phones = fromJson<ClientPhone[]>(row.phones) ?? [];
  return {
    id: row.id,
    clientId: row.client_id,
    firstName: row.first_name,
    lastName: row.last_name,
    name: [row.first_name, row.last_name].filter(Boolean).join(' ') || row.email || row.phone || '',
    email: row.email,
    phone: row.phone,
    emails,
    phones,
    role: row.role as Contact['role'],
    title: row.title,
    department: row.department,
    engagement: row.engagement as Contact['engagement'],
    preferences: fromJson<ContactPreferences>(row.preferences) ?? {},
    reportsToId: row.reports_to_id,
    influences: fromJson<string[]>(row.influences) ?? [],
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
};

type Editable = Omit<Contact, 'id' | 'clientId' | 'name' | 'createdAt' | 'updatedAt' | 'version'>;
const editableOf = ({ id: _i, clientId: _c, name: _n, createdAt: _a, updatedAt: _u, version: _v, ...rest }: Contact): Editable => rest;

const emptyContact: Editable = {
  firstName: null, lastName: null, email: null, phone: null, emails: [], phones: [], role: null, title: null, department: null,
  engagement: null, preferences: {}, reportsToId: null, influences: [], notes: null,
};

const pick = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);

/** Applies a body over the current contact and checks it: e-mails, phones (in the client's country), relations. */
async function applyBody(trx: Db, workspaceId: string, clientRow: { id: string; addresses: unknown }, id: string, current: Editable, body: UpdateContactBody): Promise<Editable> {
  const errors: FieldError[] = [];
  const settings = await clientSettingsOf(trx, workspaceId);
  const country = primaryAddress(fromJson<Address[]>(clientRow.addresses) ?? [])?.country ?? settings.defaultCountry;
  const emails = resolveEmails(current.emails, body.email, body.emails, errors);
  const phones = resolvePhones(current.phones, body.phone, body.phones, country, errors);
  const next: Editable = {
    firstName: pick(body.firstName, current.firstName),
    lastName: pick(body.lastName, current.lastName),
    email: emails.find((e) => e.primary)?.value ?? null,
    phone: phones.find((p) => p.primary)?.value ?? null,
    emails,
    phones,
    role: pick(body.role, current.role),
    title: pick(body.title, current.title),
    department: pick(body.department, current.department),
    engagement: pick(body.engagement, current.engagement),
    preferences: body.preferences ?? current.preferences,
    reportsToId: pick(body.reportsToId, current.reportsToId),
    influences: body.influences ? [...new Set(body.influences)] : current.influences,
    notes: pick(body.notes, current.notes),
  };
  if (!next.firstName && !next.lastName && !next.email && !next.phone) errors.push({ path: 'firstName', message: 'a contact needs a name, an e-mail or a phone' });
  if (next.reportsToId === id) errors.push({ path: 'reportsToId', message: 'cannot be the contact itself' });
  if (next.influences.includes(id)) errors.push({ path: 'influences', message: 'cannot include the contact itself' });
  if (!errors.length) {
    const related = [...(next.reportsToId ? [next.reportsToId] : []), ...next.influences];
    const known = new Set(await contactRepository.findContactIds(trx, workspaceId, clientRow.id, related));
    if (next.reportsToId && !known.has(next.reportsToId)) errors.push({ path: 'reportsToId', message: 'is not a contact of this client' });
    next.influences.forEach((c, i) => {
      if (!known.has(c)) errors.push({ path: `influences[${i}]`, message: 'is not a contact of this client' });
    });
  }
  if (errors.length) throw badRequest(`${errors[0]!.path} ${errors[0]!.message}`, errors);
  return next;
}

const rowValues = (c: Editable) => ({
  first_name: c.firstName,
  last_name: c.lastName,
  email: c.email,
  phone: c.phone,
  emails: toJson(c.emails),
  phones: toJson(c.phones),
  role: c.role,
  title: c.title,
  department: c.department,
  engagement: c.engagement,
  preferences: toJson(c.preferences),
  reports_to_id: c.reportsToId,
  influences: toJson(c.influences),
  notes: c.notes,
});

/** The contacts of a client (in creation order). */
export async function listContacts(db: Db, actor: Actor, clientId: string, query: ListQuery): Promise<List<Contact>> {
  authorize(actor, 'client.read');
  await assertClientExists(db, actor.workspaceId, clientId);
  const [page, total] = await Promise.all([
    keysetPage(contactRepository.selectClientContacts(db, actor.workspaceId, clientId), { sort: { column: 'created_at', direction: 'asc' }, idColumn: 'id', limit: query.limit, cursor: query.cursor }),
    contactRepository.countClientContacts(db, actor.workspaceId, clientId),
  ]);
  return { data: page.rows.map(contactRowToContact), nextCursor: page.nextCursor, total };
}

export async function getContact(db: Db, actor: Actor, id: string): Promise<Contact> {
  authorize(actor, 'client.read');
  const row = await contactRepository.findContact(db, actor.workspaceId, id);
  if (!row) throw notFound('contact');
  return contactRowToContact(row);
}

export async function createContact(db: Db, actor: Actor, clientId: string, body: CreateContactBody): Promise<Contact> {
  authorize(actor, 'client.write');
  return db.transaction().execute(async (trx) => {
    const client = await assertClientExists(trx, actor.workspaceId, clientId, { live: true });
    const id = newId();
    const c = await applyBody(trx, actor.workspaceId, client, id, emptyContact, body);
    const now = nowIso();
    const row = { workspace_id: actor.workspaceId, id, client_id: clientId, ...rowValues(c), created_at: now, updated_at: now };
    await contactRepository.insertContact(trx, row);
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'contact.created', entityType: 'contact', entityId: id, changes: { clientId: { before: null, after: clientId }, ...creationChanges(c) } });
    if (c.engagement) await healthInputsChanged(trx, actor.workspaceId, clientId);
    return contactRowToContact({ ...row, version: 1 } as ContactRow);
  });
}

export async function updateContact(db: Db, actor: Actor, id: string, body: UpdateContactBody, expectedVersion?: number): Promise<Contact> {
  authorize(actor, 'client.write');
  return db.transaction().execute(async (trx) => {
    const row = await contactRepository.findContact(trx, actor.workspaceId, id);
    if (!row) throw notFound('contact');
    assertVersion(row.version, expectedVersion);
    const client = await assertClientExists(trx, actor.workspaceId, row.client_id, { live: true });
    const before = contactRowToContact(row);
    const c = await applyBody(trx, actor.workspaceId, client, id, editableOf(before), body);
    const changes = diff(editableOf(before), c);
    if (!Object.keys(changes).length) return before;
    const values = { ...rowValues(c), updated_at: nowIso() };
    if (!(await contactRepository.updateContact(trx, actor.workspaceId, id, row.version, values))) throw stale();
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'contact.updated', entityType: 'contact', entityId: id, changes });
    if (changes.engagement) await healthInputsChanged(trx, actor.workspaceId, row.client_id);
    return contactRowToContact({ ...row, ...values, version: row.version + 1 });
  });
}

/** Deletes a contact (member); others stop reporting to or being influenced by it. */
export async function deleteContact(db: Db, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'client.write');
  await db.transaction().execute(async (trx) => {
    const row = await contactRepository.findContact(trx, actor.workspaceId, id);
    if (!row) throw notFound('contact');
    const others = await contactRepository.selectClientContacts(trx, actor.workspaceId, row.client_id).execute();
    for (const other of others) {
      const influences = fromJson<string[]>(other.influences) ?? [];
      if (influences.includes(id)) await contactRepository.setInfluences(trx, actor.workspaceId, other.id, toJson(influences.filter((c) => c !== id)));
    }
    await contactRepository.deleteContact(trx, actor.workspaceId, row.client_id, id);
    const name = contactRowToContact(row).name;
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'contact.deleted', entityType: 'contact', entityId: id, changes: { name: { before: name, after: null }, clientId: { before: row.client_id, after: null } } });
    if (row.engagement) await healthInputsChanged(trx, actor.workspaceId, row.client_id);
  });
}

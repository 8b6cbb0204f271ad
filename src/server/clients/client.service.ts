import { sql, type Kysely } from 'kysely';
import type { Address, Client, ClientEmail, ClientWarning, CreateClientBody, CreatedClient, UpdateClientBody } from '../../domain/client';
import type { ClientSettings } from '../../domain/clientSettings';
import type { FieldError } from '../../domain/problem';
import { clientSearchText, normalizeSearch } from '../../domain/searchText';
import type { AuditEvent } from '../../domain/audit';
import type { List, ListQuery } from '../../domain/list';
import { actorForAudit, diff, listEntityAuditEvents, recordAudit, type Changes } from '../audit/audit.service';
import { healthInputsChanged } from '../health/health.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { checkClientCustomFields } from '../custom-fields/custom-field.service';
import { dialectOf, fromJson, toJson } from '../db/dialect';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { directoryCompanyExists } from '../directory/directory.service';
import { checkClientForDuplicates } from '../duplicates/duplicate.service';
import { assertVersion, stale } from '../http/etag';
import { badRequest, fieldError, notFound } from '../http/problem';
import { resolveTagNames } from '../tags/tag.service';
import { membershipOf } from '../workspaces/workspace.service';
import { orderSettingsOf } from '../orders/order-settings.service';
import { clientSettingsOf } from './client-settings.service';
import { checkStatusReason, deriveDisplayName, primaryAddress, resolveEmails, resolvePhones } from './client.input';
import { assertEmailsFree, assertExternalIdFree, inTrash, rethrowEmailRace, rethrowExternalIdRace, writeLookups } from './client.lookups';
import { clientRowToClient } from './client.mapper';
import { clientRepository, type ClientRow } from './client.repository';

type Db = Kysely<Database>;
export { primaryAddress, resolveEmails, resolvePhones } from './client.input';
export { clientRowToClient } from './client.mapper';
export { deleteClient, purgeClient, purgeExpiredTrash, restoreClient } from './client-trash.service';
export { bulkAddTags, bulkAssignOwner, bulkDelete, bulkRemoveTags, bulkRestore, bulkSetStatus, type BulkResult } from './client.bulk';

/** The fields a person edits: what the audit trail compares. */
export type Editable = Pick<
  Client,
  | 'type' | 'firstName' | 'lastName' | 'companyName' | 'email' | 'phone' | 'emails' | 'phones' | 'dateOfBirth' | 'addresses'
  | 'occupation' | 'industry' | 'companySize' | 'referralSource' | 'preferredLanguage' | 'specialRequirements' | 'ownerId'
  | 'lifecycleStage' | 'status' | 'statusReason' | 'notes' | 'tags' | 'customFields' | 'directoryCompanyId' | 'externalId'
>;
const editableKeys: (keyof Editable)[] = [
  'type', 'firstName', 'lastName', 'companyName', 'email', 'phone', 'emails', 'phones', 'dateOfBirth', 'addresses', 'occupation',
  'industry', 'companySize', 'referralSource', 'preferredLanguage', 'specialRequirements', 'ownerId', 'lifecycleStage', 'status',
  'statusReason', 'notes', 'tags', 'customFields', 'directoryCompanyId', 'externalId',
];
const editableOf = (c: Editable): Editable => Object.fromEntries(editableKeys.map((k) => [k, c[k]])) as Editable;
const isEmpty = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && !v.length) || (typeof v === 'object' && v !== null && !Array.isArray(v) && !Object.keys(v).length);

/** The audit changes of a new record: every field that has a value, before null. */
export const creationChanges = (after: Record<string, unknown>): Changes =>
  Object.fromEntries(Object.entries(after).filter(([, v]) => !isEmpty(v)).map(([k, v]) => [k, { before: null, after: v }]));

/** The stored columns of a client's editable state, with the derived ones kept in step. */
export function rowValues(c: Editable) {
  const displayName = deriveDisplayName(c) ?? '';
  const address = primaryAddress(c.addresses);
  return {
    type: c.type,
    first_name: c.firstName,
    last_name: c.lastName,
    company_name: c.companyName,
    display_name: displayName,
    sort_name: normalizeSearch(displayName),
    email: c.email,
    phone: c.phone,
    emails: toJson(c.emails),
    phones: toJson(c.phones),
    date_of_birth: c.dateOfBirth,
    addresses: toJson(c.addresses),
    city: address?.city ?? null,
    country: address?.country ?? null,
    occupation: c.occupation,
    industry: c.industry,
    company_size: c.companySize,
    referral_source: c.referralSource,
    preferred_language: c.preferredLanguage,
    special_requirements: c.specialRequirements,
    owner_id: c.ownerId,
    lifecycle_stage: c.lifecycleStage,
    status: c.status,
    status_reason: c.statusReason,
    notes: c.notes,
    tags: toJson(c.tags),
    custom_fields: toJson(c.customFields),
    directory_company_id: c.directoryCompanyId,
    external_id: c.externalId,
    search_text: clientSearchText({ ...c, displayName }),
  };
}

const v = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);

/**
 * Applies a create or update body over the current state and checks every rule that needs
 * no database: e-mails, phones (read in the primary address's country or the workspace's),
 * status reason, a name of some kind. Throws one 400 naming every bad field.
 */
function applyBody(current: Editable, body: Partial<UpdateClientBody>, settings: ClientSettings, creating: boolean): Editable {
  const errors: FieldError[] = [];
  const addresses = (v(body.addresses, current.addresses) ?? []) as Address[];
  const country = primaryAddress(addresses)?.country ?? settings.defaultCountry;
  const emails = resolveEmails(current.emails, body.email, body.emails, errors);
  const phones = resolvePhones(current.phones, body.phone, body.phones, country, errors);
  const status = v(body.status, current.status);
  const statusChanged = creating || status !== current.status;
  // A reason belongs to the status it was given with: a new status takes the new reason or none.
  const statusReason = body.statusReason !== undefined ? body.statusReason : statusChanged ? null : current.statusReason;
  if (statusChanged || body.statusReason !== undefined) checkStatusReason(status, statusReason, errors);
  if (addresses.filter((a) => a.kind === 'primary').length > 1) errors.push({ path: 'addresses', message: 'may have only one primary address' });
  const next: Editable = {
    type: v(body.type, current.type),
    firstName: v(body.firstName, current.firstName),
    lastName: v(body.lastName, current.lastName),
    companyName: v(body.companyName, current.companyName),
    email: emails.find((e) => e.primary)?.value ?? null,
    phone: phones.find((p) => p.primary)?.value ?? null,
    emails,
    phones,
    dateOfBirth: v(body.dateOfBirth, current.dateOfBirth),
    addresses,
    occupation: v(body.occupation, current.occupation),
    industry: v(body.industry, current.industry),
    companySize: v(body.companySize, current.companySize),
    referralSource: v(body.referralSource, current.referralSource),
    preferredLanguage: v(body.preferredLanguage, current.preferredLanguage),
    specialRequirements: v(body.specialRequirements, current.specialRequirements),
    ownerId: v(body.ownerId, current.ownerId),
    lifecycleStage: v(body.lifecycleStage, current.lifecycleStage),
    status,
    statusReason: statusReason ?? null,
    notes: v(body.notes, current.notes),
    tags: current.tags,
    customFields: current.customFields,
    directoryCompanyId: v(body.directoryCompanyId, current.directoryCompanyId),
    externalId: v(body.externalId, current.externalId),
  };
  if (next.dateOfBirth && next.dateOfBirth > new Date().toISOString().slice(0, 10)) errors.push({ path: 'dateOfBirth', message: 'is in the future' });
  if (!errors.length && !deriveDisplayName(next)) {
    errors.push({ path: next.type === 'business' ? 'companyName' : 'firstName', message: 'a client needs a name, a company name, an e-mail or a phone' });
  }
  if (errors.length) throw badRequest(`${errors[0]!.path} ${errors[0]!.message}`, errors);
  return next;
}

/** The checks that read the database: owner, directory entry, custom fields, tags (unknown tags are created). */
async function applyReferences(trx: Db, actor: Actor, next: Editable, before: Editable, body: Partial<UpdateClientBody>, creating: boolean): Promise<Editable> {
  if (next.ownerId && next.ownerId !== before.ownerId && !(await membershipOf(trx, next.ownerId, actor.workspaceId))) {
    throw fieldError('ownerId', 'is not a member of this workspace');
  }
  if (next.directoryCompanyId && next.directoryCompanyId !== before.directoryCompanyId && !(await directoryCompanyExists(trx, next.directoryCompanyId))) {
    throw fieldError('directoryCompanyId', 'is not an entry of the company directory');
  }
  const customFields =
    body.customFields !== undefined || creating
      ? await checkClientCustomFields(trx, actor.workspaceId, body.customFields ?? {}, before.customFields, creating)
      : before.customFields;
  const tags = body.tags !== undefined ? (await resolveTagNames(trx, actor, body.tags)).map((t) => t.name) : before.tags;
  return { ...next, customFields, tags };
}

async function writeClientTags(trx: Db, actor: Actor, clientId: string, tags: string[], replace: boolean) {
  if (replace) await clientRepository.deleteClientTags(trx, actor.workspaceId, [clientId]);
  const resolved = await resolveTagNames(trx, actor, tags);
  await clientRepository.insertClientTags(trx, resolved.map((t) => ({ workspace_id: actor.workspaceId, tag_id: t.id, client_id: clientId })));
}

/** Live clients sharing a phone and the name (or last name) with this one: possible duplicates. */
async function duplicateWarnings(trx: Db, workspaceId: string, clientId: string, c: Editable, sortName: string): Promise<ClientWarning[]> {
  const candidates = await clientRepository.findLiveByPhones(trx, workspaceId, c.phones.map((p) => p.value), clientId);
  const last = c.lastName ? normalizeSearch(c.lastName) : null;
  const seen = new Set<string>();
  const warnings: ClientWarning[] = [];
  for (const other of candidates) {
    const sameName = other.sort_name === sortName || (last !== null && other.last_name !== null && normalizeSearch(other.last_name) === last);
    if (!sameName || seen.has(other.id)) continue;
    seen.add(other.id);
    warnings.push({ code: 'possible_duplicate', clientId: other.id, message: `${other.display_name} has the same name and phone number. Is this the same client?` });
  }
  return warnings;
}

const emptyClient: Editable = {
  type: 'individual', firstName: null, lastName: null, companyName: null, email: null, phone: null, emails: [], phones: [],
  dateOfBirth: null, addresses: [], occupation: null, industry: null, companySize: null, referralSource: null, preferredLanguage: null,
  specialRequirements: null, ownerId: null, lifecycleStage: null, status: 'prospect', statusReason: null, notes: null, tags: [],
  customFields: {}, directoryCompanyId: null, externalId: null,
};

/** Creates a client; 409 + existingClientId on a taken e-mail; warns (201) on a likely duplicate. */
export async function createClient(db: Db, actor: Actor, body: CreateClientBody): Promise<CreatedClient> {
  authorize(actor, 'client.write');
  const settings = await clientSettingsOf(db, actor.workspaceId);
  const draft = applyBody(emptyClient, body, settings, true);
  try {
    return await db.transaction().execute(async (trx) => {
      const c = await applyReferences(trx, actor, draft, emptyClient, body, true);
      const id = newId();
      await assertEmailsFree(trx, actor.workspaceId, c.emails, id);
      await assertExternalIdFree(trx, actor.workspaceId, c.externalId, id);
      const now = nowIso();
      const values = rowValues(c);
      const row = { workspace_id: actor.workspaceId, id, ...values, status_changed_at: now, created_at: now, updated_at: now, deleted_at: null, created_by: actor.userId,
        photo_id: null, health_score: null, health_band: null, last_activity_at: null, last_order_at: null };
      await clientRepository.insertClient(trx, row);
      await writeLookups(trx, actor.workspaceId, id, c);
      await writeClientTags(trx, actor, id, c.tags, false);
      await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'client.created', entityType: 'client', entityId: id, changes: creationChanges(editableOf(c)) });
      const warnings = await duplicateWarnings(trx, actor.workspaceId, id, c, values.sort_name);
      for (const w of await checkClientForDuplicates(trx, actor.workspaceId, id)) if (!warnings.some((x) => x.clientId === w.clientId)) warnings.push(w);
      return { ...clientRowToClient({ ...row, is_guest: 1, version: 1 } as ClientRow, settings.newClientDays), warnings };
    });
  } catch (error) {
    await rethrowExternalIdRace(db, actor.workspaceId, draft.externalId, null, error);
    return rethrowEmailRace(db, actor.workspaceId, draft.emails, error);
  }
}

/** One client of the caller's workspace (also in Trash); 404 for another workspace's. */
export async function getClient(db: Db, actor: Actor, id: string): Promise<Client> {
  authorize(actor, 'client.read');
  const [row, settings, orderSettings] = await Promise.all([clientRepository.findClient(db, actor.workspaceId, id), clientSettingsOf(db, actor.workspaceId), orderSettingsOf(db, actor.workspaceId)]);
  if (!row) throw notFound('client');
  return clientRowToClient(row, settings.newClientDays, Date.now(), orderSettings.currency);
}

/** Partial update, concurrency-checked; the status, e-mails, phones, tags and derived columns move together. */
export async function updateClient(db: Db, actor: Actor, id: string, body: UpdateClientBody, expectedVersion?: number): Promise<Client> {
  authorize(actor, 'client.write');
  const settings = await clientSettingsOf(db, actor.workspaceId);
  let emails: ClientEmail[] = [];
  let externalId: string | null = null;
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await clientRepository.findClient(trx, actor.workspaceId, id);
      if (!row) throw notFound('client');
      assertVersion(row.version, expectedVersion);
      if (row.deleted_at) throw inTrash();
      const before = clientRowToClient(row, settings.newClientDays);
      const draft = applyBody(before, body, settings, false);
      const c = await applyReferences(trx, actor, draft, before, body, false);
      emails = c.emails;
      externalId = c.externalId === before.externalId ? null : c.externalId;
      const changes = diff(editableOf(before), editableOf(c));
      if (!Object.keys(changes).length) return before;
      const now = nowIso();
      // A change of tags alone leaves updated_at (tags are labels: see client.cascade.ts).
      const profileChanged = Object.keys(changes).some((k) => k !== 'tags');
      const values = { ...rowValues(c), ...(profileChanged ? { updated_at: now } : {}), ...(c.status !== before.status ? { status_changed_at: now } : {}) };
      if (changes.emails) {
        await assertEmailsFree(trx, actor.workspaceId, c.emails, id);
        await clientRepository.deleteEmails(trx, actor.workspaceId, [id]);
      }
      if (changes.phones) await clientRepository.deletePhones(trx, actor.workspaceId, [id]);
      if (changes.externalId) await assertExternalIdFree(trx, actor.workspaceId, c.externalId, id);
      if (!(await clientRepository.updateClient(trx, actor.workspaceId, id, row.version, values))) throw stale();
      await writeLookups(trx, actor.workspaceId, id, { emails: changes.emails ? c.emails : [], phones: changes.phones ? c.phones : [] });
      if (changes.tags) await writeClientTags(trx, actor, id, c.tags, true);
      // The expected contact cadence follows the status.
      if (changes.status) await healthInputsChanged(trx, actor.workspaceId, id);
      await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'client.updated', entityType: 'client', entityId: id, changes });
      return clientRowToClient({ ...row, ...values, version: row.version + 1 } as ClientRow, settings.newClientDays);
    });
  } catch (error) {
    await rethrowExternalIdRace(db, actor.workspaceId, externalId, id, error);
    return rethrowEmailRace(db, actor.workspaceId, emails, error);
  }
}

/** The live client exists in the caller's workspace (for related records: contacts, photos). */
export async function assertClientExists(db: Db, workspaceId: string, id: string, opts: { live?: boolean } = {}): Promise<ClientRow> {
  const row = await clientRepository.findClient(db, workspaceId, id);
  if (!row) throw notFound('client');
  if (opts.live && row.deleted_at) throw inTrash();
  return row;
}

/** Sets or clears the photo marker (its id makes photoUrl change when the photo does); bumps the version. */
export async function setClientPhotoId(trx: Db, workspaceId: string, row: ClientRow, photoId: string | null): Promise<void> {
  if (!(await clientRepository.updateClient(trx, workspaceId, row.id, row.version, { photo_id: photoId, updated_at: nowIso() }))) throw stale();
}

/** The client's change history, newest first (anyone who can read the client). */
export async function listClientAudit(db: Db, actor: Actor, id: string, query: ListQuery): Promise<List<AuditEvent>> {
  authorize(actor, 'client.read');
  await assertClientExists(db, actor.workspaceId, id);
  const ws = actor.workspaceId;
  // Contact events name the contact; a contact belongs to one client for life. Live contacts are
  // found in `contacts`; a removed contact's events through its 'contact.deleted' event, which
  // records the client it belonged to (changes.clientId.before).
  const removedClientId =
    dialectOf(db) === 'postgres' ? sql<string>`d.changes->'clientId'->>'before'` : sql<string>`json_extract(d.changes, '$.clientId.before')`;
  return listEntityAuditEvents(db, ws, { entityType: 'client', entityId: id }, query, (eb) =>
    eb.and([
      eb('entity_type', '=', 'contact'),
      eb.or([
        eb('entity_id', 'in', db.selectFrom('contacts').select('contacts.id').where('contacts.workspace_id', '=', ws).where('contacts.client_id', '=', id)),
        eb(
          'entity_id',
          'in',
          db
            .selectFrom('audit_events as d')
            .select('d.entity_id')
            .where('d.workspace_id', '=', ws)
            .where('d.entity_type', '=', 'contact')
            .where('d.action', '=', 'contact.deleted')
            .where(removedClientId, '=', id),
        ),
      ]),
    ]),
  );
}

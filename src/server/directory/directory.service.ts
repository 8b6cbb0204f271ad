import type { Kysely } from 'kysely';
import {
  directoryKinds,
  type CreateDirectoryCompanyBody,
  type DirectoryCompany,
  type UpdateDirectoryCompanyBody,
} from '../../domain/directory';
import { emailProblem } from '../../domain/email';
import type { List } from '../../domain/list';
import { normalizePhone } from '../../domain/phone';
import { normalizeSearch } from '../../domain/searchText';
import { actorForAudit, diff, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { fromJson, toJson } from '../db/dialect';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { assertVersion, stale } from '../http/etag';
import { keysetPage } from '../http/pagination';
import { fieldError, forbidden, notFound } from '../http/problem';
import { directoryRepository, type DirectoryCompanyRow } from './directory.repository';

type Db = Kysely<Database>;

export const directoryRowToCompany = (row: DirectoryCompanyRow): DirectoryCompany => ({
  id: row.id,
  name: row.name,
  kind: row.kind as (typeof directoryKinds)[number],
  email: row.email,
  phone: row.phone,
  website: row.website,
  address: row.address === null ? null : fromJson<Record<string, unknown>>(row.address),
  notes: row.notes,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
});

/** Whether a directory entry exists (business clients link to one). */
export async function directoryCompanyExists(db: Db, id: string): Promise<boolean> {
  return !!(await directoryRepository.findCompany(db, id));
}

/** The directory is instance-wide: only instance administrators (signed in, not API keys) change it. */
async function assertInstanceAdmin(db: Db, actor: Actor): Promise<void> {
  if (!actor.userId || !(await directoryRepository.isInstanceAdmin(db, actor.userId))) {
    throw forbidden('Only instance administrators manage the company directory.');
  }
}

/** Whether the caller may change the directory (the UI shows its editing controls only then). */
export async function directoryAccess(db: Db, actor: Actor): Promise<{ canManage: boolean }> {
  return { canManage: !!actor.userId && (await directoryRepository.isInstanceAdmin(db, actor.userId)) };
}

/** Every signed-in user (and API key) of any workspace may read the directory. */
export async function listDirectoryCompanies(db: Db, _actor: Actor, query: { q?: string; kind?: string; limit: number; cursor?: string }): Promise<List<DirectoryCompany>> {
  const filter = { nameContains: query.q ? normalizeSearch(query.q) || undefined : undefined, kind: query.kind };
  const [page, total] = await Promise.all([
    keysetPage(directoryRepository.selectCompanies(db, filter), { sort: { column: 'name_key', direction: 'asc' }, idColumn: 'id', limit: query.limit, cursor: query.cursor }),
    directoryRepository.countCompanies(db, filter),
  ]);
  return { data: page.rows.map(directoryRowToCompany), nextCursor: page.nextCursor, total };
}

export async function getDirectoryCompany(db: Db, _actor: Actor, id: string): Promise<DirectoryCompany> {
  const row = await directoryRepository.findCompany(db, id);
  if (!row) throw notFound('directory company');
  return directoryRowToCompany(row);
}

/** Checks and normalises the contact fields: e-mail lowercase, phone E.164 (US without a +code), website http(s). */
function contactFields(body: Partial<CreateDirectoryCompanyBody>) {
  const out: { email?: string | null; phone?: string | null; website?: string | null } = {};
  if (body.email !== undefined) {
    const email = body.email?.trim() || null;
    const problem = email && emailProblem(email);
    if (problem) throw fieldError('email', problem);
    out.email = email?.toLowerCase() ?? null;
  }
  if (body.phone !== undefined) {
    const raw = body.phone?.trim() || null;
    if (raw) {
      const phone = normalizePhone(raw, (body.address?.country as string | undefined) ?? 'US');
      if (!phone.ok) throw fieldError('phone', phone.message);
      out.phone = phone.e164;
    } else out.phone = null;
  }
  if (body.website !== undefined) {
    const website = body.website?.trim() || null;
    if (website) {
      try {
        const url = new URL(/^https?:\/\//i.test(website) ? website : `https://${website}`);
        if (!url.hostname.includes('.')) throw new Error('no dot');
        out.website = url.toString();
      } catch {
        throw fieldError('website', 'must be a web address like https://example.com');
      }
    } else out.website = null;
  }
  return out;
}

/** Audit events of the directory go to the acting admin's current workspace (the audit trail is per workspace). */
const auditEntry = (actor: Actor, action: string, id: string, changes: ReturnType<typeof diff>) => ({
  workspaceId: actor.workspaceId,
  action,
  entityType: 'directory_company',
  entityId: id,
  changes,
});

const view = (c: DirectoryCompany) => ({ name: c.name, kind: c.kind, email: c.email, phone: c.phone, website: c.website, address: c.address, notes: c.notes });

export async function createDirectoryCompany(db: Db, actor: Actor, body: CreateDirectoryCompanyBody): Promise<DirectoryCompany> {
  await assertInstanceAdmin(db, actor);
  const contact = contactFields(body);
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    const row = {
      id: newId(),
      name: body.name,
      name_key: normalizeSearch(body.name),
      kind: body.kind,
      email: contact.email ?? null,
      phone: contact.phone ?? null,
      website: contact.website ?? null,
      address: body.address ? toJson(body.address) : null,
      notes: body.notes ?? null,
      created_at: now,
      updated_at: now,
    };
    await directoryRepository.insertCompany(trx, row);
    const company = directoryRowToCompany({ ...row, version: 1 });
    const changes = Object.fromEntries(Object.entries(view(company)).filter(([, v]) => v !== null).map(([k, v]) => [k, { before: null, after: v }]));
    await recordAudit(trx, actorForAudit(actor), auditEntry(actor, 'directory_company.created', row.id, changes));
    return company;
  });
}

export async function updateDirectoryCompany(db: Db, actor: Actor, id: string, body: UpdateDirectoryCompanyBody, expectedVersion?: number): Promise<DirectoryCompany> {
  await assertInstanceAdmin(db, actor);
  return db.transaction().execute(async (trx) => {
    const row = await directoryRepository.findCompany(trx, id);
    if (!row) throw notFound('directory company');
    assertVersion(row.version, expectedVersion);
    const before = directoryRowToCompany(row);
    const contact = contactFields({ ...body, address: body.address === undefined ? (before.address as CreateDirectoryCompanyBody['address']) : body.address });
    const after: DirectoryCompany = {
      ...before,
      name: body.name ?? before.name,
      kind: body.kind ?? before.kind,
      ...contact,
      address: body.address === undefined ? before.address : body.address,
      notes: body.notes === undefined ? before.notes : body.notes,
    };
    const changes = diff(view(before), view(after));
    if (!Object.keys(changes).length) return before;
    const now = nowIso();
    const values = {
      name: after.name,
      name_key: normalizeSearch(after.name),
      kind: after.kind,
      email: after.email,
      phone: after.phone,
      website: after.website,
      address: after.address ? toJson(after.address) : null,
      notes: after.notes,
      updated_at: now,
    };
    if (!(await directoryRepository.updateCompany(trx, id, row.version, values))) throw stale();
    await recordAudit(trx, actorForAudit(actor), auditEntry(actor, 'directory_company.updated', id, changes));
    return { ...after, updatedAt: now, version: row.version + 1 };
  });
}

/** Deletes an entry; clients linked to it keep their data and lose the link. */
export async function deleteDirectoryCompany(db: Db, actor: Actor, id: string): Promise<void> {
  await assertInstanceAdmin(db, actor);
  await db.transaction().execute(async (trx) => {
    const row = await directoryRepository.findCompany(trx, id);
    if (!row) throw notFound('directory company');
    await directoryRepository.deleteCompany(trx, id);
    await recordAudit(trx, actorForAudit(actor), auditEntry(actor, 'directory_company.deleted', id, { name: { before: row.name, after: null } }));
  });
}

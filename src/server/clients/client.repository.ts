import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { ClientEmailTable, ClientPhoneTable, ClientTable, ClientTagTable, Database } from '../db/schema';

type Db = Kysely<Database>;
export type ClientRow = Selectable<ClientTable>;

// Statements list at most this many ids, well under both databases' bind-parameter limits.
const CHUNK = 500;
const chunks = <T>(items: T[]) => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

const findClient = (db: Db, workspaceId: string, id: string) =>
  db.selectFrom('clients').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst() as Promise<ClientRow | undefined>;

async function findClients(db: Db, workspaceId: string, ids: string[]): Promise<ClientRow[]> {
  const rows: ClientRow[] = [];
  for (const part of chunks(ids)) {
    rows.push(...((await db.selectFrom('clients').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', part).execute()) as ClientRow[]));
  }
  return rows;
}

async function insertClient(db: Db, row: Insertable<ClientTable>) {
  await db.insertInto('clients').values(row).execute();
}

/** Updates a client only if its version is still the one read; returns whether it did. */
async function updateClient(db: Db, workspaceId: string, id: string, version: number, values: Updateable<ClientTable>) {
  const result = await db
    .updateTable('clients')
    .set({ ...values, version: version + 1 })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Sets the same values on many clients and bumps each one's version. */
async function updateClients(db: Db, workspaceId: string, ids: string[], values: Updateable<ClientTable>) {
  for (const part of chunks(ids)) {
    await db
      .updateTable('clients')
      .set({ ...values, version: sql`version + 1` })
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', part)
      .execute();
  }
}

async function deleteClients(db: Db, workspaceId: string, ids: string[]) {
  for (const part of chunks(ids)) await db.deleteFrom('clients').where('workspace_id', '=', workspaceId).where('id', 'in', part).execute();
}

/** The live client holding each of these normalised e-mails. */
async function findEmailOwners(db: Db, workspaceId: string, emails: string[]) {
  if (!emails.length) return [];
  return db.selectFrom('client_emails').select(['email_normalized', 'client_id']).where('workspace_id', '=', workspaceId).where('email_normalized', 'in', emails).execute();
}

async function insertEmails(db: Db, rows: Insertable<ClientEmailTable>[]) {
  for (const part of chunks(rows)) if (part.length) await db.insertInto('client_emails').values(part).execute();
}

async function deleteEmails(db: Db, workspaceId: string, clientIds: string[]) {
  for (const part of chunks(clientIds)) await db.deleteFrom('client_emails').where('workspace_id', '=', workspaceId).where('client_id', 'in', part).execute();
}

async function insertPhones(db: Db, rows: Insertable<ClientPhoneTable>[]) {
  for (const part of chunks(rows)) if (part.length) await db.insertInto('client_phones').values(part).execute();
}

async function deletePhones(db: Db, workspaceId: string, clientIds: string[]) {
  for (const part of chunks(clientIds)) await db.deleteFrom('client_phones').where('workspace_id', '=', workspaceId).where('client_id', 'in', part).execute();
}

/** Live clients other than `exceptId` with one of these phones: candidates for the duplicate warning. */
async function findLiveByPhones(db: Db, workspaceId: string, phones: string[], exceptId: string) {
  if (!phones.length) return [];
  return db
    .selectFrom('client_phones as p')
    .innerJoin('clients as c', (j) => j.onRef('c.workspace_id', '=', 'p.workspace_id').onRef('c.id', '=', 'p.client_id'))
    .select(['c.id', 'c.display_name', 'c.sort_name', 'c.first_name', 'c.last_name', 'p.e164'])
    .where('p.workspace_id', '=', workspaceId)
    .where('p.e164', 'in', phones)
    .where('c.id', '!=', exceptId)
    .where('c.deleted_at', 'is', null)
    .limit(20)
    .execute();
}

async function insertClientTags(db: Db, rows: Insertable<ClientTagTable>[]) {
  for (const part of chunks(rows)) {
    if (part.length) await db.insertInto('client_tags').values(part).onConflict((oc) => oc.doNothing()).execute();
  }
}

async function deleteClientTags(db: Db, workspaceId: string, clientIds: string[], tagIds?: string[]) {
  if (tagIds && !tagIds.length) return;
  for (const part of chunks(clientIds)) {
    let q = db.deleteFrom('client_tags').where('workspace_id', '=', workspaceId).where('client_id', 'in', part);
    if (tagIds) q = q.where('tag_id', 'in', tagIds);
    await q.execute();
  }
}

/**
 * Clients soft-deleted before `before` in a workspace: the Trash purge's candidates. Merged
 * clients (deleted when merged) only before `mergedBefore`: their merge can be undone until then.
 */
async function selectExpiredTrash(db: Db, workspaceId: string, before: string, mergedBefore: string, limit: number) {
  const rows = await db
    .selectFrom('clients')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is not', null)
    .where('deleted_at', '<', before)
    .where((eb) => eb.or([eb('merged_into', 'is', null), eb('deleted_at', '<', mergedBefore)]))
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Workspaces that have anything in Trash, with their settings. */
const selectWorkspacesWithTrash = (db: Db) =>
  db
    .selectFrom('workspaces as w')
    .select(['w.id', 'w.settings'])
    .where((eb) => eb.exists(eb.selectFrom('clients as c').select('c.id').whereRef('c.workspace_id', '=', 'w.id').where('c.deleted_at', 'is not', null)))
    .execute();

export const clientRepository = Object.freeze({
  findClient,
  findClients,
  insertClient,
  updateClient,
  updateClients,
  deleteClients,
  findEmailOwners,
  insertEmails,
  deleteEmails,
  insertPhones,
  deletePhones,
  findLiveByPhones,
  insertClientTags,
  deleteClientTags,
  selectExpiredTrash,
  selectWorkspacesWithTrash,
});

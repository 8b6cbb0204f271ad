import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { ContactTable, Database } from '../db/schema';

type Db = Kysely<Database>;
export type ContactRow = Selectable<ContactTable>;

const selectClientContacts = (db: Db, workspaceId: string, clientId: string) =>
  db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).where('client_id', '=', clientId);

async function countClientContacts(db: Db, workspaceId: string, clientId: string) {
  const row = await db
    .selectFrom('contacts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', clientId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const findContact = (db: Db, workspaceId: string, id: string) =>
  db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

async function findContactIds(db: Db, workspaceId: string, clientId: string, ids: string[]) {
  if (!ids.length) return [];
  const rows = await db.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('client_id', '=', clientId).where('id', 'in', ids).execute();
  return rows.map((r) => r.id);
}

async function insertContact(db: Db, row: Insertable<ContactTable>) {
  await db.insertInto('contacts').values(row).execute();
}

async function updateContact(db: Db, workspaceId: string, id: string, version: number, values: Updateable<ContactTable>) {
  const result = await db
    .updateTable('contacts')
    .set({ ...values, version: version + 1 })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Deletes a contact and the links other contacts of its client had to it. */
async function deleteContact(db: Db, workspaceId: string, clientId: string, id: string) {
  await db.updateTable('contacts').set({ reports_to_id: null }).where('workspace_id', '=', workspaceId).where('client_id', '=', clientId).where('reports_to_id', '=', id).execute();
  await db.deleteFrom('contacts').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

async function setInfluences(db: Db, workspaceId: string, id: string, influences: string) {
  await db.updateTable('contacts').set({ influences }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export const contactRepository = Object.freeze({
  selectClientContacts,
  countClientContacts,
  findContact,
  findContactIds,
  insertContact,
  updateContact,
  deleteContact,
  setInfluences,
});

import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, DocumentTable } from '../db/schema';

type Db = Kysely<Database>;
export type DocumentRow = Selectable<DocumentTable>;

type ListFilter = { kind?: string; verification?: string; includeConfidential: boolean };

/** A client's documents; confidential ones only when the caller may see them. */
function selectClientDocuments(db: Db, workspaceId: string, clientId: string, filter: ListFilter) {
  let q = db.selectFrom('documents').selectAll().where('workspace_id', '=', workspaceId).where('client_id', '=', clientId);
  if (!filter.includeConfidential) q = q.where('confidential', '=', 0);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.verification) q = q.where('verification', '=', filter.verification);
  return q;
}

async function countClientDocuments(db: Db, workspaceId: string, clientId: string, filter: ListFilter) {
  let q = db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).where('client_id', '=', clientId);
  if (!filter.includeConfidential) q = q.where('confidential', '=', 0);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.verification) q = q.where('verification', '=', filter.verification);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

const findDocument = (db: Db, workspaceId: string, id: string) =>
  db.selectFrom('documents').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

async function insertDocument(db: Db, row: Insertable<DocumentTable>) {
  await db.insertInto('documents').values(row).execute();
}

async function updateDocument(db: Db, workspaceId: string, id: string, version: number, values: Updateable<DocumentTable>) {
  const result = await db
    .updateTable('documents')
    .set({ ...values, version: version + 1 })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

async function deleteDocument(db: Db, workspaceId: string, id: string) {
  await db.deleteFrom('documents').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Which of these workspaces are in this database (a DATA_DIR shared with another database holds others). */
async function existingWorkspaceIds(db: Db, ids: string[]) {
  if (!ids.length) return [];
  const rows = await db.selectFrom('workspaces').select('id').where('id', 'in', ids).execute();
  return rows.map((r) => r.id);
}

/** Which of these clients still exist (in Trash or not): their files stay. */
async function existingClientIds(db: Db, workspaceId: string, ids: string[]) {
  if (!ids.length) return [];
  const rows = await db.selectFrom('clients').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  return rows.map((r) => r.id);
}

async function existingDocumentIds(db: Db, workspaceId: string, ids: string[]) {
  if (!ids.length) return [];
  const rows = await db.selectFrom('documents').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  return rows.map((r) => r.id);
}

export const documentRepository = Object.freeze({
  selectClientDocuments,
  countClientDocuments,
  findDocument,
  insertDocument,
  updateDocument,
  deleteDocument,
  existingWorkspaceIds,
  existingClientIds,
  existingDocumentIds,
});

import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import { dialectOf } from '../db/dialect';
import type { CustomFieldTable, Database } from '../db/schema';
import { findWorkspaceRow, updateWorkspaceRow, deleteWorkspaceRow } from '../db/workspace-rows';

type Db = Kysely<Database>;

const selectFields = (db: Db, workspaceId: string) =>
  db.selectFrom('custom_fields').selectAll().where('workspace_id', '=', workspaceId).orderBy('position').orderBy('key').limit(1000).execute();

const findField = (db: Db, workspaceId: string, id: string) => findWorkspaceRow(db, 'custom_fields', workspaceId, id);

async function insertField(db: Db, row: Insertable<CustomFieldTable>) {
  await db.insertInto('custom_fields').values(row).execute();
}

const updateField = (db: Db, workspaceId: string, id: string, version: number, values: Updateable<CustomFieldTable>) =>
  updateWorkspaceRow(db, 'custom_fields', workspaceId, id, version, values);

async function deleteField(db: Db, workspaceId: string, id: string) {
  await deleteWorkspaceRow(db, 'custom_fields', workspaceId, id);
}

/** Removes a field's values from every client of the workspace, in one statement. `key` is a slug. */
async function removeValues(db: Db, workspaceId: string, key: string) {
  if (dialectOf(db) === 'postgres') {
    await sql`UPDATE clients SET custom_fields = custom_fields - ${key} WHERE workspace_id = ${workspaceId} AND custom_fields ? ${key}`.execute(db);
  } else {
    const path = `$.${key}`;
    await sql`UPDATE clients SET custom_fields = json_remove(custom_fields, ${path}) WHERE workspace_id = ${workspaceId} AND json_type(custom_fields, ${path}) IS NOT NULL`.execute(db);
  }
}

export const customFieldRepository = Object.freeze({ selectFields, findField, insertField, updateField, deleteField, removeValues });

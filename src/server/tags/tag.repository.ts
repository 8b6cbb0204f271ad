import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, TagCategoryTable, TagTable } from '../db/schema';
import { findWorkspaceRow, updateWorkspaceRow, deleteWorkspaceRow } from '../db/workspace-rows';

type Db = Kysely<Database>;
export type TagRow = Selectable<TagTable>;
export type TagCategoryRow = Selectable<TagCategoryTable>;

const selectTags = (db: Db, workspaceId: string) =>
  db.selectFrom('tags').selectAll().where('workspace_id', '=', workspaceId).orderBy('name_key').orderBy('id').limit(10_000).execute();

const findTag = (db: Db, workspaceId: string, id: string) => findWorkspaceRow(db, 'tags', workspaceId, id);

async function findTagsByKeys(db: Db, workspaceId: string, keys: string[]) {
  if (!keys.length) return [];
  return db.selectFrom('tags').selectAll().where('workspace_id', '=', workspaceId).where('name_key', 'in', keys).execute();
}

async function insertTags(db: Db, rows: Insertable<TagTable>[]) {
  if (rows.length) await db.insertInto('tags').values(rows).execute();
}

/**
 * Inserts the tags no one has created meanwhile (a concurrent client write may create the
 * same new tag: ON CONFLICT waits for it instead of failing). Returns the ones inserted.
 */
async function insertMissingTags(db: Db, rows: Insertable<TagTable>[]) {
  if (!rows.length) return [];
  return db
    .insertInto('tags')
    .values(rows)
    .onConflict((oc) => oc.columns(['workspace_id', 'name_key']).doNothing())
    .returning(['id', 'name'])
    .execute();
}

/** Updates a tag only if its version is still the one read; returns whether it did. */
const updateTag = (db: Db, workspaceId: string, id: string, version: number, values: Updateable<TagTable>) =>
  updateWorkspaceRow(db, 'tags', workspaceId, id, version, values);

async function deleteTag(db: Db, workspaceId: string, id: string) {
  await db.deleteFrom('client_tags').where('workspace_id', '=', workspaceId).where('tag_id', '=', id).execute();
  await db.deleteFrom('tags').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Live clients per tag id. */
async function countClientsByTag(db: Db, workspaceId: string) {
  const rows = await db
    .selectFrom('client_tags as ct')
    .innerJoin('clients as c', (j) => j.onRef('c.workspace_id', '=', 'ct.workspace_id').onRef('c.id', '=', 'ct.client_id'))
    .select(['ct.tag_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('ct.workspace_id', '=', workspaceId)
    .where('c.deleted_at', 'is', null)
    .groupBy('ct.tag_id')
    .execute();
  return new Map(rows.map((r) => [r.tag_id, Number(r.n)]));
}

/** Every client (live or in Trash) carrying the tag. */
async function clientIdsWithTag(db: Db, workspaceId: string, tagId: string) {
  const rows = await db.selectFrom('client_tags').select('client_id').where('workspace_id', '=', workspaceId).where('tag_id', '=', tagId).execute();
  return rows.map((r) => r.client_id);
}

async function clearCategory(db: Db, workspaceId: string, categoryId: string) {
  await db.updateTable('tags').set({ category_id: null }).where('workspace_id', '=', workspaceId).where('category_id', '=', categoryId).execute();
}

const selectCategories = (db: Db, workspaceId: string) =>
  db.selectFrom('tag_categories').selectAll().where('workspace_id', '=', workspaceId).orderBy('position').orderBy('name_key').orderBy('id').limit(10_000).execute();

const findCategory = (db: Db, workspaceId: string, id: string) => findWorkspaceRow(db, 'tag_categories', workspaceId, id);

async function insertCategory(db: Db, row: Insertable<TagCategoryTable>) {
  await db.insertInto('tag_categories').values(row).execute();
}

const updateCategory = (db: Db, workspaceId: string, id: string, version: number, values: Updateable<TagCategoryTable>) =>
  updateWorkspaceRow(db, 'tag_categories', workspaceId, id, version, values);

async function deleteCategory(db: Db, workspaceId: string, id: string) {
  await deleteWorkspaceRow(db, 'tag_categories', workspaceId, id);
}

export const tagRepository = Object.freeze({
  selectTags,
  findTag,
  findTagsByKeys,
  insertTags,
  insertMissingTags,
  updateTag,
  deleteTag,
  countClientsByTag,
  clientIdsWithTag,
  clearCategory,
  selectCategories,
  findCategory,
  insertCategory,
  updateCategory,
  deleteCategory,
});

import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, GroupTable, SegmentTable } from '../db/schema';

type Db = Kysely<Database>;
export type SegmentRow = Selectable<SegmentTable>;
export type GroupRow = Selectable<GroupTable>;

/** Segments a user may see: shared ones and their own. */
const selectVisibleSegments = (db: Db, workspaceId: string, userId: string | null) =>
  db
    .selectFrom('segments')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb('shared', '=', 1), eb('owner_user_id', '=', userId ?? '')]));

const findVisibleSegment = (db: Db, workspaceId: string, userId: string | null, id: string) =>
  selectVisibleSegments(db, workspaceId, userId).where('id', '=', id).executeTakeFirst();

const insertSegment = (db: Db, row: Insertable<SegmentTable>) => db.insertInto('segments').values(row).execute();

async function updateSegment(db: Db, workspaceId: string, id: string, version: number, values: Updateable<SegmentTable>): Promise<boolean> {
  const r = await db.updateTable('segments').set({ ...values, version: version + 1 }).where('workspace_id', '=', workspaceId).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

const deleteSegment = (db: Db, workspaceId: string, id: string) => db.deleteFrom('segments').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();

const selectGroups = (db: Db, workspaceId: string) => db.selectFrom('groups').selectAll().where('workspace_id', '=', workspaceId);
const findGroup = (db: Db, workspaceId: string, id: string) => selectGroups(db, workspaceId).where('id', '=', id).executeTakeFirst();
const insertGroup = (db: Db, row: Insertable<GroupTable>) => db.insertInto('groups').values(row).execute();

async function updateGroup(db: Db, workspaceId: string, id: string, version: number, values: Updateable<GroupTable>): Promise<boolean> {
  const r = await db.updateTable('groups').set({ ...values, version: version + 1 }).where('workspace_id', '=', workspaceId).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

const deleteGroup = (db: Db, workspaceId: string, id: string) => db.deleteFrom('groups').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();

/** Live members of groups, by group id. */
async function countGroupMembers(db: Db, workspaceId: string, groupIds: string[]): Promise<Map<string, number>> {
  if (!groupIds.length) return new Map();
  const rows = await db
    .selectFrom('group_members as gm')
    .innerJoin('clients as c', (j) => j.onRef('c.workspace_id', '=', 'gm.workspace_id').onRef('c.id', '=', 'gm.client_id'))
    .select(['gm.group_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('gm.workspace_id', '=', workspaceId)
    .where('gm.group_id', 'in', groupIds)
    .where('c.deleted_at', 'is', null)
    .groupBy('gm.group_id')
    .execute();
  return new Map(rows.map((r) => [r.group_id, Number(r.n)]));
}

/** Which of these ids are clients of the workspace (Trash included). */
async function existingClientIds(db: Db, workspaceId: string, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('clients').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
  return rows.map((r) => r.id);
}

async function memberIds(db: Db, workspaceId: string, groupId: string, ids: string[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('group_members').select('client_id').where('workspace_id', '=', workspaceId).where('group_id', '=', groupId).where('client_id', 'in', ids).execute();
  return rows.map((r) => r.client_id);
}

async function addMembers(db: Db, workspaceId: string, groupId: string, clientIds: string[], at: string) {
  if (clientIds.length) await db.insertInto('group_members').values(clientIds.map((client_id) => ({ workspace_id: workspaceId, group_id: groupId, client_id, added_at: at }))).execute();
}

async function removeMembers(db: Db, workspaceId: string, groupId: string, clientIds: string[]) {
  if (clientIds.length) await db.deleteFrom('group_members').where('workspace_id', '=', workspaceId).where('group_id', '=', groupId).where('client_id', 'in', clientIds).execute();
}

export const segmentRepository = Object.freeze({ selectVisibleSegments, findVisibleSegment, insertSegment, updateSegment, deleteSegment });
export const groupRepository = Object.freeze({ selectGroups, findGroup, insertGroup, updateGroup, deleteGroup, countGroupMembers, existingClientIds, memberIds, addMembers, removeMembers });

import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database, TaskTable } from '../db/schema';

type Db = Kysely<Database>;
export type TaskRow = Selectable<TaskTable> & { client_name: string | null };

/** Tasks with their client's name; tasks of clients in Trash are left out unless asked for. */
function selectTasks(db: Db, workspaceId: string, options: { includeTrashed?: boolean } = {}) {
  let q = db
    .selectFrom('tasks as t')
    .leftJoin('clients as c', (j) => j.onRef('c.workspace_id', '=', 't.workspace_id').onRef('c.id', '=', 't.client_id'))
    .selectAll('t')
    .select('c.display_name as client_name')
    .where('t.workspace_id', '=', workspaceId);
  if (!options.includeTrashed) q = q.where((eb) => eb.or([eb('t.client_id', 'is', null), eb('c.deleted_at', 'is', null)]));
  return q;
}

const findTask = (db: Db, workspaceId: string, id: string) => selectTasks(db, workspaceId, { includeTrashed: true }).where('t.id', '=', id).executeTakeFirst();

async function insertTask(db: Db, row: Insertable<TaskTable>) {
  await db.insertInto('tasks').values(row).execute();
}

async function updateTask(db: Db, workspaceId: string, id: string, version: number, values: Updateable<TaskTable>) {
  const r = await db
    .updateTable('tasks')
    .set({ ...values, version: version + 1 })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

async function deleteTask(db: Db, workspaceId: string, id: string) {
  await db.deleteFrom('tasks').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Which rows a task list shows: the assignee, status, due window [dueFrom, dueBefore) and client. */
export type TaskFilter = { assigneeId?: string; status?: 'open' | 'done'; dueFrom?: string; dueBefore?: string; clientId?: string; onlyDated?: boolean };

function filtered(db: Db, workspaceId: string, f: TaskFilter) {
  let q = selectTasks(db, workspaceId);
  if (f.assigneeId) q = q.where('t.assignee_id', '=', f.assigneeId);
  if (f.status) q = q.where('t.status', '=', f.status);
  if (f.clientId) q = q.where('t.client_id', '=', f.clientId);
  if (f.dueFrom) q = q.where('t.due_at', '>=', f.dueFrom);
  if (f.dueBefore) q = q.where('t.due_at', '<', f.dueBefore);
  return q;
}

async function countTasks(db: Db, workspaceId: string, f: TaskFilter) {
  let q = filtered(db, workspaceId, f).clearSelect().select((eb) => eb.fn.countAll<number>().as('n'));
  if (f.onlyDated) q = q.where('t.due_at', 'is not', null);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Keyset position in a task list: dated tasks by (due_at, id) first, then undated ones by id. */
export type TaskCursor = { dated: boolean; dueAt: string | null; id: string };

/**
 * A page of tasks soonest due first, undated tasks last. Two index-friendly range scans
 * instead of one ORDER BY over an expression: the dated part, then (if the page is not full)
 * the undated part.
 */
async function pageTasks(db: Db, workspaceId: string, f: TaskFilter, after: TaskCursor | undefined, limit: number): Promise<TaskRow[]> {
  const rows: TaskRow[] = [];
  if (!after || after.dated) {
    let q = filtered(db, workspaceId, f).where('t.due_at', 'is not', null);
    if (after?.dueAt) q = q.where('t.due_at', '>=', after.dueAt).where(sql<boolean>`(t.due_at > ${after.dueAt} or t.id > ${after.id})`);
    rows.push(...((await q.orderBy('t.due_at').orderBy('t.id').limit(limit).execute()) as TaskRow[]));
  }
  if (rows.length < limit && !f.onlyDated && !f.dueFrom && !f.dueBefore) {
    let q = filtered(db, workspaceId, f).where('t.due_at', 'is', null);
    if (after && !after.dated) q = q.where('t.id', '>', after.id);
    rows.push(...((await q.orderBy('t.id').limit(limit - rows.length).execute()) as TaskRow[]));
  }
  return rows;
}

export const taskRepository = Object.freeze({ findTask, insertTask, updateTask, deleteTask, countTasks, pageTasks });

import type { Kysely } from 'kysely';
import type { List } from '../../domain/list';
import type { FieldError } from '../../domain/problem';
import type { CreateTaskBody, Task, TaskListQuery, TaskPriority, TaskSource, UpdateTaskBody } from '../../domain/task';
import { activityRepository } from '../activity/activity.repository';
import { addTimelineEntry, purgeTimelineEntries, touchClientActivity, updateTimelineEntry } from '../activity/timeline';
import { actorForAudit, diff, recordAudit, type Changes } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { assertClientExists } from '../clients/client.service';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { assertVersion, stale } from '../http/etag';
import { decodeCursor, encodeCursor } from '../http/pagination';
import { badRequest, fieldError, notFound } from '../http/problem';
import { taskRepository, type TaskCursor, type TaskFilter, type TaskRow } from './task.repository';
import { assertTimeZone, endOfLocalDay } from './task.time';

type Db = Kysely<Database>;

export const taskRowToTask = (row: TaskRow, now = nowIso()): Task => ({
  id: row.id,
  title: row.title,
  notes: row.notes,
  dueAt: row.due_at,
  assigneeId: row.assignee_id,
  priority: row.priority as TaskPriority,
  status: row.status as Task['status'],
  source: row.source as TaskSource,
  clientId: row.client_id,
  clientName: row.client_name ?? null,
  contactId: row.contact_id,
  interactionId: row.interaction_id,
  overdue: row.status === 'open' && row.due_at !== null && row.due_at < now,
  completedAt: row.completed_at,
  completedBy: row.completed_by,
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
});

/** What the timeline card of a task shows. */
const timelineOf = (t: Pick<TaskRow, 'title' | 'status' | 'due_at' | 'priority' | 'assignee_id' | 'source' | 'completed_at'>) => ({
  title: t.title,
  summary: { status: t.status, dueAt: t.due_at, priority: t.priority, assigneeId: t.assignee_id, source: t.source, completedAt: t.completed_at },
});

type Editable = Pick<Task, 'title' | 'notes' | 'dueAt' | 'assigneeId' | 'priority' | 'contactId' | 'status'>;

async function checkReferences(trx: Db, workspaceId: string, clientId: string | null, t: Editable, before?: Editable): Promise<void> {
  const errors: FieldError[] = [];
  if (t.assigneeId && t.assigneeId !== before?.assigneeId && !(await activityRepository.memberIds(trx, workspaceId, [t.assigneeId])).has(t.assigneeId)) {
    errors.push({ path: 'assigneeId', message: 'is not a member of this workspace' });
  }
  if (t.contactId && t.contactId !== before?.contactId) {
    if (!clientId) errors.push({ path: 'contactId', message: 'needs the task to belong to a client' });
    else if (!(await activityRepository.isContactOfClient(trx, workspaceId, clientId, t.contactId))) errors.push({ path: 'contactId', message: 'is not a contact of this client' });
  }
  if (errors.length) throw badRequest(`${errors[0]!.path} ${errors[0]!.message}`, errors);
}

type NewTask = Editable & { clientId: string | null; source: TaskSource; interactionId?: string | null };

/** Inserts a task with its timeline entry and audit event, inside the caller's transaction. */
async function insertTask(trx: Db, actor: Actor, t: NewTask): Promise<TaskRow> {
  const now = nowIso();
  const row = {
    workspace_id: actor.workspaceId,
    id: newId(),
    client_id: t.clientId,
    contact_id: t.contactId,
    interaction_id: t.interactionId ?? null,
    title: t.title,
    notes: t.notes,
    due_at: t.dueAt,
    assignee_id: t.assigneeId,
    priority: t.priority,
    status: t.status,
    source: t.source,
    completed_at: t.status === 'done' ? now : null,
    completed_by: t.status === 'done' ? actor.userId : null,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  };
  await taskRepository.insertTask(trx, row);
  if (t.clientId) {
    await addTimelineEntry(trx, { workspaceId: actor.workspaceId, clientId: t.clientId, kind: 'task', recordId: row.id, at: now, userId: actor.userId, ...timelineOf(row) });
  }
  const { title, notes, dueAt, assigneeId, priority, contactId, status } = t;
  await recordAudit(trx, actorForAudit(actor), {
    workspaceId: actor.workspaceId,
    action: 'task.created',
    entityType: 'task',
    entityId: row.id,
    changes: Object.fromEntries(
      Object.entries({ clientId: t.clientId, source: t.source, interactionId: t.interactionId ?? null, title, notes, dueAt, assigneeId, priority, contactId, status })
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, { before: null, after: v }]),
    ) as Changes,
  });
  return { ...row, version: 1, client_name: null };
}

/** POST /clients/{id}/tasks and POST /tasks. */
export async function createTask(db: Db, actor: Actor, clientId: string | null, body: CreateTaskBody): Promise<Task> {
  authorize(actor, 'client.write');
  const id = await db.transaction().execute(async (trx) => {
    if (clientId) await assertClientExists(trx, actor.workspaceId, clientId, { live: true });
    const t: Editable = {
      title: body.title,
      notes: body.notes ?? null,
      dueAt: body.dueAt ?? null,
      assigneeId: body.assigneeId === undefined ? actor.userId : body.assigneeId,
      priority: body.priority ?? 'normal',
      contactId: body.contactId ?? null,
      status: 'open',
    };
    await checkReferences(trx, actor.workspaceId, clientId, t);
    return (await insertTask(trx, actor, { ...t, clientId, source: body.source ?? 'manual' })).id;
  });
  return getTask(db, actor, id);
}

/** POST /tasks: the client is optional and named in the body (400 when it is not one of the workspace). */
export async function createStandaloneTask(db: Db, actor: Actor, body: CreateTaskBody): Promise<Task> {
  authorize(actor, 'client.write');
  if (body.clientId) {
    try {
      await assertClientExists(db, actor.workspaceId, body.clientId, { live: true });
    } catch {
      throw fieldError('clientId', 'is not a client of this workspace (or it is in Trash)');
    }
  }
  return createTask(db, actor, body.clientId ?? null, body);
}

/**
 * The task an interaction's follow-up date creates (source follow_up), in the interaction's
 * transaction. Returns the task id.
 */
export async function createFollowUpTask(
  trx: Db,
  actor: Actor,
  input: { clientId: string; contactId: string | null; interactionId: string; title: string; dueAt: string; assigneeId: string | null; priority: TaskPriority },
): Promise<string> {
  const row = await insertTask(trx, actor, {
    title: input.title.slice(0, 300),
    notes: null,
    dueAt: input.dueAt,
    assigneeId: input.assigneeId,
    priority: input.priority,
    contactId: input.contactId,
    status: 'open',
    clientId: input.clientId,
    source: 'follow_up',
    interactionId: input.interactionId,
  });
  return row.id;
}

/** Moves an open follow-up task to a new due date (the interaction's follow-up date changed). */
export async function moveFollowUpTask(trx: Db, actor: Actor, taskId: string, dueAt: string): Promise<boolean> {
  const row = await taskRepository.findTask(trx, actor.workspaceId, taskId);
  if (!row || row.status !== 'open') return false;
  if (row.due_at === dueAt) return true;
  await writeTask(trx, actor, row, { due_at: dueAt }, 'task.updated');
  return true;
}

export async function getTask(db: Db, actor: Actor, id: string): Promise<Task> {
  authorize(actor, 'client.read');
  const row = await taskRepository.findTask(db, actor.workspaceId, id);
  if (!row) throw notFound('task');
  return taskRowToTask(row);
}

type TaskValues = Partial<Pick<TaskRow, 'title' | 'notes' | 'due_at' | 'assignee_id' | 'priority' | 'contact_id' | 'status' | 'completed_at' | 'completed_by'>>;

/** Writes changed values (version-checked), updates the timeline entry and audits before/after. */
async function writeTask(trx: Db, actor: Actor, row: TaskRow, values: TaskValues, action: string): Promise<TaskRow> {
  const now = nowIso();
  const changes = diff(row as unknown as Record<string, unknown>, values as Record<string, unknown>);
  if (!Object.keys(changes).length) return row;
  if (!(await taskRepository.updateTask(trx, actor.workspaceId, row.id, row.version, { ...values, updated_at: now }))) throw stale();
  const next: TaskRow = { ...row, ...values, updated_at: now, version: row.version + 1 };
  if (next.client_id) {
    await updateTimelineEntry(trx, actor.workspaceId, 'task', row.id, timelineOf(next));
    // Finishing a task for a client is activity with that client.
    if (values.status === 'done' && next.completed_at) await touchClientActivity(trx, actor.workspaceId, next.client_id, next.completed_at);
  }
  const named: Changes = {};
  const names: Record<string, string> = { due_at: 'dueAt', assignee_id: 'assigneeId', contact_id: 'contactId', completed_at: 'completedAt', completed_by: 'completedBy' };
  for (const [k, v] of Object.entries(changes)) named[names[k] ?? k] = v;
  await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action, entityType: 'task', entityId: row.id, changes: named });
  return next;
}

async function loadForWrite(trx: Db, actor: Actor, id: string, expectedVersion?: number): Promise<TaskRow> {
  const row = await taskRepository.findTask(trx, actor.workspaceId, id);
  if (!row) throw notFound('task');
  assertVersion(row.version, expectedVersion);
  if (row.client_id) await assertClientExists(trx, actor.workspaceId, row.client_id, { live: true });
  return row;
}

const statusValues = (status: 'open' | 'done', actor: Actor): TaskValues =>
  status === 'done' ? { status, completed_at: nowIso(), completed_by: actor.userId } : { status, completed_at: null, completed_by: null };

/** PATCH /tasks/{id}: partial, concurrency-checked. */
export async function updateTask(db: Db, actor: Actor, id: string, body: UpdateTaskBody, expectedVersion?: number): Promise<Task> {
  authorize(actor, 'client.write');
  const next = await db.transaction().execute(async (trx) => {
    const row = await loadForWrite(trx, actor, id, expectedVersion);
    const before = taskRowToTask(row);
    const t: Editable = {
      title: body.title ?? before.title,
      notes: body.notes === undefined ? before.notes : body.notes,
      dueAt: body.dueAt === undefined ? before.dueAt : body.dueAt,
      assigneeId: body.assigneeId === undefined ? before.assigneeId : body.assigneeId,
      priority: body.priority ?? before.priority,
      contactId: body.contactId === undefined ? before.contactId : body.contactId,
      status: body.status ?? before.status,
    };
    await checkReferences(trx, actor.workspaceId, row.client_id, t, before);
    const values: TaskValues = { title: t.title, notes: t.notes, due_at: t.dueAt, assignee_id: t.assigneeId, priority: t.priority, contact_id: t.contactId };
    if (t.status !== row.status) Object.assign(values, statusValues(t.status, actor));
    return writeTask(trx, actor, row, values, 'task.updated');
  });
  return taskRowToTask(next);
}

/** POST /tasks/{id}/complete and /reopen: idempotent (completing a done task changes nothing). */
export async function setTaskStatus(db: Db, actor: Actor, id: string, status: 'open' | 'done', expectedVersion?: number): Promise<Task> {
  authorize(actor, 'client.write');
  const next = await db.transaction().execute(async (trx) => {
    const row = await loadForWrite(trx, actor, id, expectedVersion);
    if (row.status === status) return row;
    return writeTask(trx, actor, row, statusValues(status, actor), status === 'done' ? 'task.completed' : 'task.reopened');
  });
  return taskRowToTask(next);
}

export async function deleteTask(db: Db, actor: Actor, id: string, expectedVersion?: number): Promise<void> {
  authorize(actor, 'client.write');
  await db.transaction().execute(async (trx) => {
    const row = await loadForWrite(trx, actor, id, expectedVersion);
    await taskRepository.deleteTask(trx, actor.workspaceId, id);
    if (row.client_id) await purgeTimelineEntries(trx, actor.workspaceId, 'task', [id]);
    const before = taskRowToTask(row);
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId,
      action: 'task.deleted',
      entityType: 'task',
      entityId: id,
      changes: { title: { before: before.title, after: null }, clientId: { before: before.clientId, after: null }, status: { before: before.status, after: null }, dueAt: { before: before.dueAt, after: null } },
    });
  });
}

function decodeTaskCursor(cursor: string | undefined): TaskCursor | undefined {
  if (!cursor) return undefined;
  const [dated, dueAt, id] = decodeCursor(cursor, 3);
  if ((dated !== 0 && dated !== 1) || typeof id !== 'string' || (dated === 1 && (typeof dueAt !== 'string' || Number.isNaN(Date.parse(dueAt))))) {
    throw badRequest('cursor is not a cursor this list returned', [{ path: 'cursor', message: 'is invalid or expired' }]);
  }
  return { dated: dated === 1, dueAt: dated === 1 ? (dueAt as string) : null, id };
}

async function pageOf(db: Db, workspaceId: string, filter: TaskFilter, query: { limit: number; cursor?: string }): Promise<List<Task>> {
  const after = decodeTaskCursor(query.cursor);
  const [rows, total] = await Promise.all([
    taskRepository.pageTasks(db, workspaceId, filter, after, query.limit + 1),
    taskRepository.countTasks(db, workspaceId, filter),
  ]);
  const hasMore = rows.length > query.limit;
  const page = hasMore ? rows.slice(0, query.limit) : rows;
  const last = page[page.length - 1];
  const now = nowIso();
  return {
    data: page.map((r) => taskRowToTask(r, now)),
    nextCursor: hasMore && last ? encodeCursor([last.due_at === null ? 0 : 1, last.due_at, last.id]) : null,
    total,
  };
}

/** A client's tasks, soonest due first (undated last). */
export async function listClientTasks(db: Db, actor: Actor, clientId: string, query: { limit: number; cursor?: string; status: 'open' | 'done' | 'all' }): Promise<List<Task>> {
  authorize(actor, 'client.read');
  await assertClientExists(db, actor.workspaceId, clientId);
  return pageOf(db, actor.workspaceId, { clientId, status: query.status === 'all' ? undefined : query.status }, query);
}

/** My tasks (or a member's, or everyone's): overdue / today / upcoming / all in the caller's time zone. */
export async function listTasks(db: Db, actor: Actor, query: TaskListQuery): Promise<List<Task>> {
  authorize(actor, 'client.read');
  assertTimeZone(query.tz);
  let assigneeId: string | undefined;
  if (query.assignee === 'me') {
    if (!actor.userId) throw fieldError('assignee', 'me needs a signed-in user; an API key should name the member id or any');
    assigneeId = actor.userId;
  } else if (query.assignee !== 'any') {
    assigneeId = query.assignee;
  }
  const now = Date.now();
  const nowAt = new Date(now).toISOString();
  const endOfToday = endOfLocalDay(now, query.tz);
  const filter: TaskFilter = { assigneeId, clientId: query.clientId, status: query.status === 'all' ? undefined : query.status };
  if (query.due === 'overdue') Object.assign(filter, { dueBefore: nowAt, status: 'open', onlyDated: true });
  if (query.due === 'today') Object.assign(filter, { dueFrom: nowAt, dueBefore: endOfToday, onlyDated: true });
  if (query.due === 'upcoming') Object.assign(filter, { dueFrom: endOfToday, onlyDated: true });
  return pageOf(db, actor.workspaceId, filter, query);
}

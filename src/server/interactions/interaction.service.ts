import type { Kysely } from 'kysely';
import type { ResponsePriority } from '../../domain/activitySettings';
import type { CreateInteractionBody, Interaction, InteractionKind, InteractionListQuery, UpdateInteractionBody } from '../../domain/interaction';
import type { List } from '../../domain/list';
import type { FieldError } from '../../domain/problem';
import type { TaskPriority } from '../../domain/task';
import { activityRepository } from '../activity/activity.repository';
import { activitySettingsOf } from '../activity/activity-settings.service';
import { addTimelineEntry, purgeTimelineEntries, updateTimelineEntry } from '../activity/timeline';
import { actorForAudit, diff, recordAudit, type Changes } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { assertClientExists } from '../clients/client.service';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { assertVersion, stale } from '../http/etag';
import { decodeCursor, encodeCursor } from '../http/pagination';
import { badRequest, notFound } from '../http/problem';
import { createFollowUpTask, moveFollowUpTask } from '../tasks/task.service';
import { alertsOnInteraction } from '../alerts/alert.events';
import { interactionRepository, type InteractionRow } from './interaction.repository';
import { reconcileResponses, responseDueAt, responseStatusOf } from './interaction.response';
import { healthInputsChanged } from '../health/health.service';

type Db = Kysely<Database>;

export const interactionRowToInteraction = (row: InteractionRow, now = nowIso()): Interaction => ({
  id: row.id,
  clientId: row.client_id,
  kind: row.kind as InteractionKind,
  direction: row.direction as Interaction['direction'],
  occurredAt: row.occurred_at,
  durationMinutes: row.duration_minutes,
  contactId: row.contact_id,
  userId: row.user_id,
  subject: row.subject,
  body: row.body,
  outcome: row.outcome,
  sentiment: row.sentiment as Interaction['sentiment'],
  priority: row.priority as Interaction['priority'],
  followUpAt: row.follow_up_at,
  followUpTaskId: row.follow_up_task_id,
  responseDueAt: row.response_due_at,
  respondedAt: row.responded_at,
  responseInteractionId: row.response_interaction_id,
  responseMinutes: row.responded_at ? Math.round((Date.parse(row.responded_at) - Date.parse(row.occurred_at)) / 60_000) : null,
  responseStatus: responseStatusOf(row, now),
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
});

const kindLabels: Record<InteractionKind, string> = {
  email: 'Email', call: 'Call', meeting: 'Meeting', sms: 'SMS', chat: 'Chat', note: 'Note', ticket: 'Support ticket', in_person: 'In person', automated: 'Automated message',
};

/** The timeline card of an interaction: "Call (inbound): renewal terms" and the fields the card shows. */
function timelineOf(row: InteractionRow) {
  const label = kindLabels[row.kind as InteractionKind] ?? row.kind;
  const head = row.kind === 'note' ? label : `${label} (${row.direction})`;
  return {
    at: row.occurred_at,
    title: row.subject ? `${head}: ${row.subject}` : head,
    userId: row.user_id,
    summary: {
      kind: row.kind,
      direction: row.direction,
      subject: row.subject,
      excerpt: row.body ? row.body.slice(0, 200) : null,
      durationMinutes: row.duration_minutes,
      outcome: row.outcome,
      sentiment: row.sentiment,
      contactId: row.contact_id,
      priority: row.priority,
      followUpAt: row.follow_up_at,
      responseDueAt: row.response_due_at,
      respondedAt: row.responded_at,
    },
  };
}

/** Follow-up task priority: from the inbound priority, else normal. */
const taskPriorityOf = (p: string | null): TaskPriority => (p === 'urgent' ? 'urgent' : p === 'important' ? 'high' : 'normal');

type Editable = Pick<
  InteractionRow,
  'kind' | 'direction' | 'occurred_at' | 'duration_minutes' | 'contact_id' | 'user_id' | 'subject' | 'body' | 'outcome' | 'sentiment' | 'priority' | 'follow_up_at'
> & { explicit_responded_at: string | null };

const pick = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);

/** Applies a body over the current values and checks it: direction rules, the contact, the team member. */
async function applyBody(trx: Db, actor: Actor, clientId: string, current: Editable, body: UpdateInteractionBody): Promise<Editable> {
  const direction = body.direction ?? current.direction;
  const next: Editable = {
    kind: body.kind ?? current.kind,
    direction,
    occurred_at: body.occurredAt ?? current.occurred_at,
    duration_minutes: pick(body.durationMinutes, current.duration_minutes),
    contact_id: pick(body.contactId, current.contact_id),
    user_id: pick(body.userId, current.user_id),
    subject: pick(body.subject, current.subject),
    body: pick(body.body, current.body),
    outcome: pick(body.outcome, current.outcome),
    sentiment: pick(body.sentiment, current.sentiment),
    priority: direction === 'inbound' ? (pick(body.priority, current.priority) ?? 'regular') : null,
    follow_up_at: pick(body.followUpAt, current.follow_up_at),
    explicit_responded_at: direction === 'inbound' ? pick(body.respondedAt, current.explicit_responded_at) : null,
  };
  const errors: FieldError[] = [];
  if (direction === 'outbound' && body.priority) errors.push({ path: 'priority', message: 'only inbound interactions carry a priority' });
  if (direction === 'outbound' && body.respondedAt) errors.push({ path: 'respondedAt', message: 'only inbound interactions are responded to' });
  if (next.explicit_responded_at && next.explicit_responded_at < next.occurred_at) errors.push({ path: 'respondedAt', message: 'must not be before occurredAt' });
  if (next.occurred_at > new Date(Date.now() + 366 * 86_400_000).toISOString()) errors.push({ path: 'occurredAt', message: 'must not be more than a year ahead' });
  if (next.contact_id && next.contact_id !== current.contact_id && !(await activityRepository.isContactOfClient(trx, actor.workspaceId, clientId, next.contact_id))) {
    errors.push({ path: 'contactId', message: 'is not a contact of this client' });
  }
  if (next.user_id && next.user_id !== current.user_id && !(await activityRepository.memberIds(trx, actor.workspaceId, [next.user_id])).has(next.user_id)) {
    errors.push({ path: 'userId', message: 'is not a member of this workspace' });
  }
  if (errors.length) throw badRequest(`${errors[0]!.path} ${errors[0]!.message}`, errors);
  return next;
}

const editableOf = (row: InteractionRow): Editable => ({
  kind: row.kind, direction: row.direction, occurred_at: row.occurred_at, duration_minutes: row.duration_minutes, contact_id: row.contact_id,
  user_id: row.user_id, subject: row.subject, body: row.body, outcome: row.outcome, sentiment: row.sentiment, priority: row.priority,
  follow_up_at: row.follow_up_at, explicit_responded_at: row.response_interaction_id ? null : row.responded_at,
});

/** Audit names: the API's field names. */
const auditView = (e: Editable) => ({
  kind: e.kind, direction: e.direction, occurredAt: e.occurred_at, durationMinutes: e.duration_minutes, contactId: e.contact_id, userId: e.user_id,
  subject: e.subject, body: e.body, outcome: e.outcome, sentiment: e.sentiment, priority: e.priority, followUpAt: e.follow_up_at, respondedAt: e.explicit_responded_at,
});

/** Re-reads the inbound interactions whose response changed and refreshes their timeline cards. */
async function refreshTimeline(trx: Db, workspaceId: string, ids: string[]) {
  for (const row of await interactionRepository.findInteractions(trx, workspaceId, ids)) {
    await updateTimelineEntry(trx, workspaceId, 'interaction', row.id, { summary: timelineOf(row).summary });
  }
}

/** Creates or moves the follow-up task of an interaction, in its transaction. */
async function syncFollowUp(trx: Db, actor: Actor, row: InteractionRow): Promise<string | null> {
  if (!row.follow_up_at) return row.follow_up_task_id;
  if (row.follow_up_task_id && (await moveFollowUpTask(trx, actor, row.follow_up_task_id, row.follow_up_at))) return row.follow_up_task_id;
  const label = kindLabels[row.kind as InteractionKind] ?? row.kind;
  return createFollowUpTask(trx, actor, {
    clientId: row.client_id,
    contactId: row.contact_id,
    interactionId: row.id,
    title: `Follow up: ${row.subject ?? label.toLowerCase()}`,
    dueAt: row.follow_up_at,
    assigneeId: row.user_id ?? actor.userId,
    priority: taskPriorityOf(row.priority),
  });
}

export async function listInteractions(db: Db, actor: Actor, clientId: string, query: InteractionListQuery): Promise<List<Interaction>> {
  authorize(actor, 'client.read');
  await assertClientExists(db, actor.workspaceId, clientId);
  const now = nowIso();
  const filter = { kind: query.kind, direction: query.direction, responseStatus: query.responseStatus, now };
  // Like the timeline: the cursor carries the first page's total, so later pages do not count again.
  let after: { at: string; id: string } | undefined;
  let knownTotal: number | undefined;
  if (query.cursor) {
    const [at, id, total] = decodeCursor(query.cursor, 3);
    if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at)) || typeof total !== 'number' || !Number.isInteger(total) || total < 0) {
      throw badRequest('cursor is not a cursor this list returned', [{ path: 'cursor', message: 'is invalid or expired' }]);
    }
    after = { at, id };
    knownTotal = total;
  }
  const [rows, total] = await Promise.all([
    interactionRepository.pageClientInteractions(db, actor.workspaceId, clientId, filter, after, query.limit + 1),
    knownTotal ?? interactionRepository.countClientInteractions(db, actor.workspaceId, clientId, filter),
  ]);
  const hasMore = rows.length > query.limit;
  const page = hasMore ? rows.slice(0, query.limit) : rows;
  const last = page[page.length - 1];
  return { data: page.map((r) => interactionRowToInteraction(r, now)), nextCursor: hasMore && last ? encodeCursor([last.occurred_at, last.id, total]) : null, total };
}

export async function getInteraction(db: Db, actor: Actor, id: string): Promise<Interaction> {
  authorize(actor, 'client.read');
  const row = await interactionRepository.findInteraction(db, actor.workspaceId, id);
  if (!row) throw notFound('interaction');
  return interactionRowToInteraction(row);
}

/** Logs an interaction: response tracking, the follow-up task, the timeline entry and the audit event in one transaction. */
export async function createInteraction(db: Db, actor: Actor, clientId: string, body: CreateInteractionBody): Promise<Interaction> {
  authorize(actor, 'client.write');
  const row = await db.transaction().execute(async (trx) => {
    await assertClientExists(trx, actor.workspaceId, clientId, { live: true });
    const now = nowIso();
    const empty: Editable = {
      kind: body.kind, direction: 'outbound', occurred_at: now, duration_minutes: null, contact_id: null, user_id: actor.userId, subject: null, body: null,
      outcome: null, sentiment: null, priority: null, follow_up_at: null, explicit_responded_at: null,
    };
    const e = await applyBody(trx, actor, clientId, empty, body);
    const settings = await activitySettingsOf(trx, actor.workspaceId);
    const { explicit_responded_at, ...values } = e;
    const inserted: InteractionRow = {
      workspace_id: actor.workspaceId,
      id: newId(),
      client_id: clientId,
      ...values,
      follow_up_task_id: null,
      response_due_at: e.direction === 'inbound' ? responseDueAt(e.occurred_at, e.priority as ResponsePriority, settings) : null,
      responded_at: explicit_responded_at,
      response_interaction_id: null,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
      version: 1,
    };
    const { version: _v, ...insertable } = inserted;
    await interactionRepository.insertInteraction(trx, insertable);
    const taskId = await syncFollowUp(trx, actor, inserted);
    if (taskId) await interactionRepository.setDerived(trx, actor.workspaceId, [inserted.id], { follow_up_task_id: taskId });
    const changed = await reconcileResponses(trx, actor.workspaceId, clientId, null, inserted);
    const row = (await interactionRepository.findInteraction(trx, actor.workspaceId, inserted.id))!;
    await addTimelineEntry(trx, { workspaceId: actor.workspaceId, clientId, kind: 'interaction', recordId: row.id, ...timelineOf(row) });
    await alertsOnInteraction(trx, actor.workspaceId, row);
    await refreshTimeline(trx, actor.workspaceId, changed.filter((id) => id !== row.id));
    const changes: Changes = { clientId: { before: null, after: clientId } };
    for (const [k, v] of Object.entries(auditView(e))) if (v !== null) changes[k] = { before: null, after: v };
    await healthInputsChanged(trx, actor.workspaceId, clientId);
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'interaction.created', entityType: 'interaction', entityId: row.id, changes });
    return row;
  });
  return interactionRowToInteraction(row);
}

export async function updateInteraction(db: Db, actor: Actor, id: string, body: UpdateInteractionBody, expectedVersion?: number): Promise<Interaction> {
  authorize(actor, 'client.write');
  const row = await db.transaction().execute(async (trx) => {
    const before = await interactionRepository.findInteraction(trx, actor.workspaceId, id);
    if (!before) throw notFound('interaction');
    assertVersion(before.version, expectedVersion);
    await assertClientExists(trx, actor.workspaceId, before.client_id, { live: true });
    const current = editableOf(before);
    const e = await applyBody(trx, actor, before.client_id, current, body);
    const changes = diff(auditView(current), auditView(e));
    if (!Object.keys(changes).length) return before;
    const settings = await activitySettingsOf(trx, actor.workspaceId);
    const { explicit_responded_at, ...values } = e;
    const timingChanged = e.direction !== before.direction || e.occurred_at !== before.occurred_at || e.priority !== before.priority;
    const update = {
      ...values,
      response_due_at:
        e.direction !== 'inbound' ? null : timingChanged || !before.response_due_at ? responseDueAt(e.occurred_at, e.priority as ResponsePriority, settings) : before.response_due_at,
      // A response given by hand stays; otherwise reconcileResponses finds the first response again.
      responded_at: e.direction !== 'inbound' ? null : explicit_responded_at ?? (current.explicit_responded_at ? null : before.responded_at),
      response_interaction_id: e.direction !== 'inbound' || explicit_responded_at ? null : before.response_interaction_id,
      updated_at: nowIso(),
    };
    if (!(await interactionRepository.updateInteraction(trx, actor.workspaceId, id, before.version, update))) throw stale();
    let after: InteractionRow = { ...before, ...update, version: before.version + 1 };
    if (e.follow_up_at !== before.follow_up_at) {
      const taskId = await syncFollowUp(trx, actor, after);
      if (taskId !== before.follow_up_task_id) await interactionRepository.setDerived(trx, actor.workspaceId, [id], { follow_up_task_id: taskId });
    }
    const changed = await reconcileResponses(trx, actor.workspaceId, before.client_id, before, after);
    after = (await interactionRepository.findInteraction(trx, actor.workspaceId, id))!;
    await updateTimelineEntry(trx, actor.workspaceId, 'interaction', id, timelineOf(after));
    await refreshTimeline(trx, actor.workspaceId, changed.filter((c) => c !== id));
    await healthInputsChanged(trx, actor.workspaceId, before.client_id);
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'interaction.updated', entityType: 'interaction', entityId: id, changes });
    return after;
  });
  return interactionRowToInteraction(row);
}

/** Deletes an interaction (member; audited with what it was). Its follow-up task stays; what it answered looks for its next response. */
export async function deleteInteraction(db: Db, actor: Actor, id: string, expectedVersion?: number): Promise<void> {
  authorize(actor, 'client.write');
  await db.transaction().execute(async (trx) => {
    const before = await interactionRepository.findInteraction(trx, actor.workspaceId, id);
    if (!before) throw notFound('interaction');
    assertVersion(before.version, expectedVersion);
    await assertClientExists(trx, actor.workspaceId, before.client_id, { live: true });
    await interactionRepository.deleteInteraction(trx, actor.workspaceId, id);
    await purgeTimelineEntries(trx, actor.workspaceId, 'interaction', [id]);
    const changed = await reconcileResponses(trx, actor.workspaceId, before.client_id, before, null);
    await refreshTimeline(trx, actor.workspaceId, changed);
    const changes: Changes = { clientId: { before: before.client_id, after: null } };
    for (const [k, v] of Object.entries(auditView(editableOf(before)))) if (v !== null) changes[k] = { before: v, after: null };
    await healthInputsChanged(trx, actor.workspaceId, before.client_id);
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'interaction.deleted', entityType: 'interaction', entityId: id, changes });
  });
}

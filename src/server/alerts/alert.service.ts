import type { Kysely, Updateable } from 'kysely';
import { SNOOZE_MAX_DAYS, type Alert, type AlertListQuery, type AlertRuleKind, type AlertSeverity, type AlertStatus, type AlertTaskBody } from '../../domain/alert';
import { recommendedAction } from '../../domain/health';
import { healthSettingsFrom } from '../../domain/healthSettings';
import type { List } from '../../domain/list';
import { updateTimelineEntry } from '../activity/timeline';
import { activityRepository } from '../activity/activity.repository';
import { actorForAudit, recordAudit, type Changes } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { assertClientExists } from '../clients/client.service';
import { fromJson } from '../db/dialect';
import { nowIso } from '../db/ids';
import type { AlertTable, Database } from '../db/schema';
import { assertVersion, stale } from '../http/etag';
import { decodeCursor, encodeCursor } from '../http/pagination';
import { badRequest, fieldError, notFound } from '../http/problem';
import { createTask, deleteTask } from '../tasks/task.service';
import { alertRepository as repo, type AlertFilter, type AlertRow } from './alert.repository';

type Db = Kysely<Database>;
type Bands = ReturnType<typeof healthSettingsFrom>['bands'];

async function bandsOf(db: Db, workspaceId: string): Promise<Bands> {
  const ws = await db.selectFrom('workspaces').select('settings').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  return healthSettingsFrom(fromJson<Record<string, unknown>>(ws.settings)?.health).bands;
}

export const alertRowToAlert = (row: AlertRow, bands: Bands): Alert => ({
  id: row.id,
  ruleId: row.rule_id,
  kind: row.kind as AlertRuleKind,
  severity: row.severity as AlertSeverity,
  status: row.status as AlertStatus,
  title: row.title,
  reason: row.reason,
  detail: fromJson(row.detail) ?? {},
  client: { id: row.client_id, displayName: row.client_name, healthScore: row.client_score, healthBand: row.client_band },
  recommendedAction: recommendedAction(row.client_band, bands),
  assigneeId: row.assignee_id,
  snoozedUntil: row.snoozed_until,
  openedAt: row.opened_at,
  lastFiredAt: row.last_fired_at,
  fireCount: Number(row.fire_count),
  acknowledgedAt: row.acknowledged_at,
  acknowledgedBy: row.acknowledged_by,
  resolvedAt: row.resolved_at,
  resolvedBy: row.resolved_by,
  resolution: row.resolution,
  taskId: row.task_id,
  version: row.version,
});

export async function getAlert(db: Db, actor: Actor, id: string): Promise<Alert> {
  authorize(actor, 'alert.read');
  const row = await repo.alert(db, actor.workspaceId, id);
  if (!row) throw notFound('alert');
  return alertRowToAlert(row, await bandsOf(db, actor.workspaceId));
}

function decodeAlertCursor(cursor: string | undefined) {
  if (!cursor) return undefined;
  const [openedAt, id] = decodeCursor(cursor, 2);
  if (typeof openedAt !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(openedAt))) {
    throw badRequest('cursor is not a cursor this list returned', [{ path: 'cursor', message: 'is invalid or expired' }]);
  }
  return { openedAt, id };
}

/** GET /alerts and GET /clients/{id}/alerts: newest first, keyset pages; by default only rules delivered in the app. */
export async function listAlerts(db: Db, actor: Actor, query: AlertListQuery): Promise<List<Alert>> {
  authorize(actor, 'alert.read');
  const f: AlertFilter = { kind: query.kind, severity: query.severity, clientId: query.clientId };
  if ((query.delivery ?? 'inApp') === 'inApp') f.exceptRuleIds = await repo.notInAppRuleIds(db, actor.workspaceId);
  if (query.status === 'active') f.statuses = ['open', 'acknowledged', 'snoozed'];
  else if (query.status !== 'all') f.statuses = [query.status];
  if (query.assignee === 'me') {
    if (!actor.userId) throw fieldError('assignee', 'me needs a signed-in user; an API key should name the member id');
    f.assigneeId = actor.userId;
  } else if (query.assignee === 'none') f.assigneeId = null;
  else if (query.assignee) f.assigneeId = query.assignee;
  const [rows, total, bands] = await Promise.all([
    repo.page(db, actor.workspaceId, f, decodeAlertCursor(query.cursor), query.limit + 1),
    repo.count(db, actor.workspaceId, f),
    bandsOf(db, actor.workspaceId),
  ]);
  const hasMore = rows.length > query.limit;
  const page = hasMore ? rows.slice(0, query.limit) : rows;
  const last = page[page.length - 1];
  return { data: page.map((r) => alertRowToAlert(r, bands)), nextCursor: hasMore && last ? encodeCursor([last.opened_at, last.id]) : null, total };
}

export async function listClientAlerts(db: Db, actor: Actor, clientId: string, query: AlertListQuery): Promise<List<Alert>> {
  authorize(actor, 'alert.read');
  await assertClientExists(db, actor.workspaceId, clientId);
  // A client's record shows every alert about it, whatever the rule's delivery.
  return listAlerts(db, actor, { ...query, clientId, delivery: query.delivery ?? 'all' });
}

type Values = Updateable<AlertTable>;

/** Loads, checks the version, writes changed values (version + 1), audits, and keeps the timeline card in step. */
async function act(db: Db, actor: Actor, id: string, expectedVersion: number | undefined, action: string, change: (row: AlertRow, now: string, trx: Db) => Values | Promise<Values>): Promise<Alert> {
  authorize(actor, 'alert.act');
  await db.transaction().execute(async (trx) => {
    const row = await repo.alert(trx, actor.workspaceId, id);
    if (!row) throw notFound('alert');
    assertVersion(row.version, expectedVersion);
    const now = nowIso();
    const values = await change(row, now, trx);
    const changes: Changes = {};
    for (const [k, v] of Object.entries(values)) if ((row as Record<string, unknown>)[k] !== v) changes[k] = { before: (row as Record<string, unknown>)[k], after: v };
    if (!Object.keys(changes).length) return;
    const r = await trx.updateTable('alerts').set({ ...values, version: row.version + 1 }).where('workspace_id', '=', actor.workspaceId).where('id', '=', id).where('version', '=', row.version).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw stale();
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action, entityType: 'alert', entityId: id, changes });
    if (values.status && values.status !== row.status) {
      await updateTimelineEntry(trx, actor.workspaceId, 'alert', id, { summary: { kind: row.kind, severity: row.severity, reason: row.reason, ruleId: row.rule_id, status: values.status } });
    }
  });
  return getAlert(db, actor, id);
}

export async function assignAlert(db: Db, actor: Actor, id: string, assigneeId: string | null, version?: number): Promise<Alert> {
  return act(db, actor, id, version, 'alert.assigned', async (_row, _now, trx) => {
    if (assigneeId && !(await activityRepository.memberIds(trx, actor.workspaceId, [assigneeId])).has(assigneeId)) throw fieldError('assigneeId', 'is not a member of this workspace');
    return { assignee_id: assigneeId };
  });
}

const notResolved = (row: AlertRow) => {
  if (row.status === 'resolved') throw fieldError('status', 'the alert is resolved: reopen it first', 409);
};

export const acknowledgeAlert = (db: Db, actor: Actor, id: string, version?: number) =>
  act(db, actor, id, version, 'alert.acknowledged', (row, now) => {
    notResolved(row);
    return row.status === 'acknowledged' ? {} : { status: 'acknowledged', acknowledged_at: now, acknowledged_by: actor.userId, snoozed_until: null };
  });

export const snoozeAlert = (db: Db, actor: Actor, id: string, until: string, version?: number) =>
  act(db, actor, id, version, 'alert.snoozed', (row, now) => {
    notResolved(row);
    if (until <= now) throw fieldError('until', 'must be in the future');
    if (Date.parse(until) - Date.parse(now) > SNOOZE_MAX_DAYS * 86_400_000) throw fieldError('until', `must be within ${SNOOZE_MAX_DAYS} days (resolve the alert instead)`);
    return { status: 'snoozed', snoozed_until: until };
  });

export const resolveAlert = (db: Db, actor: Actor, id: string, resolution: string | undefined, version?: number) =>
  act(db, actor, id, version, 'alert.resolved', (row, now) =>
    row.status === 'resolved' ? {} : { status: 'resolved', resolved_at: now, resolved_by: actor.userId, resolution: resolution || null, snoozed_until: null },
  );

/** Reopening fails with 409 when the rule has meanwhile opened a new alert for the client (one open per rule and client). */
export async function reopenAlert(db: Db, actor: Actor, id: string, version?: number): Promise<Alert> {
  return act(db, actor, id, version, 'alert.reopened', async (row, _now, trx) => {
    if (row.status !== 'resolved') return {};
    const other = await trx.selectFrom('alerts').select('id').where('workspace_id', '=', actor.workspaceId).where('rule_id', '=', row.rule_id).where('client_id', '=', row.client_id).where('status', '<>', 'resolved').executeTakeFirst();
    if (other) throw fieldError('status', `the rule has a newer open alert for this client (${other.id})`, 409);
    return { status: 'open', resolved_at: null, resolved_by: null, resolution: null };
  });
}

/**
 * POST /alerts/{id}/task: a task (source alert) titled with the client's band's recommended
 * action and due after its hours (Critical → 48 h), unless the body says otherwise; linked to
 * the alert, which counts as acknowledged.
 */
export async function createAlertTask(db: Db, actor: Actor, id: string, body: AlertTaskBody): Promise<{ alert: Alert; taskId: string }> {
  authorize(actor, 'alert.act');
  const alert = await getAlert(db, actor, id);
  assertVersion(alert.version, body?.version);
  if (alert.taskId) throw fieldError('taskId', `the alert already has a task (${alert.taskId})`, 409);
  const action = alert.recommendedAction;
  const title = body?.title ?? (action ? action.action : `Follow up: ${alert.title}`);
  const dueAt = body?.dueAt ?? (action?.dueHours ? new Date(Date.now() + action.dueHours * 3_600_000).toISOString() : null);
  const task = await createTask(db, actor, alert.client.id, {
    title: title.slice(0, 300),
    dueAt,
    assigneeId: body?.assigneeId === undefined ? (alert.assigneeId ?? actor.userId) : body.assigneeId,
    priority: alert.severity === 'critical' ? 'urgent' : alert.severity === 'warning' ? 'high' : 'normal',
    notes: `From the alert “${alert.title}”: ${alert.reason}`,
    source: 'alert',
  });
  try {
    const linked = await act(db, actor, id, alert.version, 'alert.task_created', (row, now) => ({
      task_id: task.id,
      ...(row.status === 'open' ? { status: 'acknowledged', acknowledged_at: now, acknowledged_by: actor.userId } : {}),
    }));
    return { alert: linked, taskId: task.id };
  } catch (error) {
    // Someone changed the alert meanwhile: the task would hang unlinked.
    await deleteTask(db, actor, task.id);
    throw error;
  }
}

import type { Kysely } from 'kysely';
import type { List } from '../../domain/list';
import { canMoveOrder, type CreateOrderBody, type Order, type OrderListQuery, type OrderStatus, type UpdateOrderBody } from '../../domain/order';
import type { FieldError } from '../../domain/problem';
import { addTimelineEntry, removeTimelineEntry, updateTimelineEntry } from '../activity/timeline';
import { actorForAudit, diff, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { applyOrderTransitions, lockClient, refreshClientFigures } from '../clients/client.figures';
import { assertClientExists, creationChanges } from '../clients/client.service';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { assertVersion, stale } from '../http/etag';
import { keysetPage } from '../http/pagination';
import { AppError, badRequest, notFound } from '../http/problem';
import { awardOrderPoints, revokeOrderPoints } from '../loyalty/loyalty.service';
import { membershipOf } from '../workspaces/workspace.service';
import { orderSettingsOf } from './order-settings.service';
import { orderRepository, type OrderRow } from './order.repository';
import { orderTimelineOf } from './order.timeline';
import { healthInputsChanged } from '../health/health.service';

type Db = Kysely<Database>;
const MINUTE = 60_000;

const moneyOf = (amount: number | null, currency: string) => (amount === null ? null : { amount: Number(amount), currency });

export const orderRowToOrder = (row: OrderRow): Order => ({
  id: row.id,
  clientId: row.client_id,
  title: row.title,
  status: row.status as OrderStatus,
  serviceType: row.service_type,
  scheduledAt: row.scheduled_at,
  scheduledEndAt: row.scheduled_end_at,
  completedAt: row.completed_at,
  cancelledAt: row.cancelled_at,
  location: row.location,
  assigneeId: row.assignee_id,
  currency: row.currency,
  estimatedValue: moneyOf(row.estimated_value, row.currency),
  value: moneyOf(row.value, row.currency),
  estimatedMinutes: row.estimated_minutes,
  actualMinutes: row.actual_minutes,
  onTime: row.on_time === null ? null : Number(row.on_time) === 1,
  onTimeOverridden: Number(row.on_time_set) === 1,
  rating: row.rating,
  notes: row.notes,
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
});

type Editable = Omit<Order, 'id' | 'clientId' | 'createdBy' | 'createdAt' | 'updatedAt' | 'version'>;
const editableOf = ({ id: _i, clientId: _c, createdBy: _b, createdAt: _a, updatedAt: _u, version: _v, ...rest }: Order): Editable => rest;

const v = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);

/** When the order was due to be finished: its scheduled end, else its start plus the estimate. */
function scheduledEnd(o: Pick<Editable, 'scheduledAt' | 'scheduledEndAt' | 'estimatedMinutes'>): string | null {
  if (o.scheduledEndAt) return o.scheduledEndAt;
  if (o.scheduledAt && o.estimatedMinutes !== null) return new Date(Date.parse(o.scheduledAt) + o.estimatedMinutes * MINUTE).toISOString();
  return null;
}

/** Applies a body over the current order and checks the rules: transitions, times, one currency, on-time flag. */
function applyBody(current: Editable, body: UpdateOrderBody, creating: boolean, now: string): Editable {
  const errors: FieldError[] = [];
  const scheduledAt = v(body.scheduledAt, current.scheduledAt);
  const scheduledEndAt = v(body.scheduledEndAt, current.scheduledEndAt);
  const defaultStatus: OrderStatus = body.completedAt ? 'completed' : scheduledAt ? 'scheduled' : 'requested';
  const status = body.status ?? (creating ? defaultStatus : current.status);
  if (!creating && !canMoveOrder(current.status, status)) errors.push({ path: 'status', message: `cannot move from ${current.status} to ${status}` });

  let completedAt: string | null = null;
  if (status === 'completed') completedAt = body.completedAt ?? (current.status === 'completed' ? current.completedAt : null) ?? now;
  else if (body.completedAt) errors.push({ path: 'completedAt', message: `is only for a completed order (this one is ${status})` });
  if (completedAt && scheduledAt && completedAt < scheduledAt) errors.push({ path: 'completedAt', message: 'must not be before scheduledAt' });
  if (completedAt && Date.parse(completedAt) > Date.parse(now) + 5 * MINUTE) errors.push({ path: 'completedAt', message: 'must not be in the future' });
  if (scheduledEndAt && scheduledAt && scheduledEndAt < scheduledAt) errors.push({ path: 'scheduledEndAt', message: 'must not be before scheduledAt' });

  // One currency per order: the estimate and the value are amounts of it.
  const estimatedValue = body.estimatedValue !== undefined ? body.estimatedValue : current.estimatedValue;
  const value = body.value !== undefined ? body.value : current.value;
  if (estimatedValue && value && estimatedValue.currency !== value.currency) {
    errors.push({ path: body.value !== undefined ? 'value.currency' : 'estimatedValue.currency', message: `must be the order’s currency (${body.value !== undefined ? estimatedValue.currency : value.currency})` });
  }
  const currency = value?.currency ?? estimatedValue?.currency ?? current.currency;

  const next: Editable = {
    title: v(body.title, current.title),
    status,
    serviceType: v(body.serviceType, current.serviceType),
    scheduledAt,
    scheduledEndAt,
    completedAt,
    cancelledAt: status === 'cancelled' ? (current.status === 'cancelled' ? current.cancelledAt : now) : null,
    location: v(body.location, current.location),
    assigneeId: v(body.assigneeId, current.assigneeId),
    currency,
    estimatedValue,
    value,
    estimatedMinutes: v(body.estimatedMinutes, current.estimatedMinutes),
    actualMinutes: v(body.actualMinutes, current.actualMinutes),
    onTime: current.onTime,
    onTimeOverridden: body.onTime === undefined ? current.onTimeOverridden : body.onTime !== null,
    rating: v(body.rating, current.rating),
    notes: v(body.notes, current.notes),
  };
  if (next.onTimeOverridden) next.onTime = body.onTime ?? current.onTime;
  else {
    const end = scheduledEnd(next);
    next.onTime = next.status === 'completed' && next.completedAt && end ? next.completedAt <= end : null;
  }
  if (errors.length) throw badRequest(`${errors[0]!.path} ${errors[0]!.message}`, errors);
  return next;
}

const rowValues = (o: Editable) => ({
  title: o.title,
  status: o.status,
  service_type: o.serviceType,
  scheduled_at: o.scheduledAt,
  scheduled_end_at: o.scheduledEndAt,
  completed_at: o.completedAt,
  cancelled_at: o.cancelledAt,
  location: o.location,
  assignee_id: o.assigneeId,
  currency: o.currency,
  estimated_value: o.estimatedValue?.amount ?? null,
  value: o.value?.amount ?? null,
  estimated_minutes: o.estimatedMinutes,
  actual_minutes: o.actualMinutes,
  on_time: o.onTime === null ? null : o.onTime ? 1 : 0,
  on_time_set: o.onTimeOverridden ? 1 : 0,
  rating: o.rating,
  notes: o.notes,
});

async function assertAssignee(trx: Db, workspaceId: string, next: Editable, before: Editable) {
  if (next.assigneeId && next.assigneeId !== before.assigneeId && !(await membershipOf(trx, next.assigneeId, workspaceId))) {
    throw badRequest('assigneeId is not a member of this workspace', [{ path: 'assigneeId', message: 'is not a member of this workspace' }]);
  }
}

/** Loyalty points follow completion: earned when an order becomes completed, taken back when it stops being so. */
async function syncLoyalty(trx: Db, workspaceId: string, clientId: string, id: string, before: OrderStatus | null, after: Editable | null) {
  const wasDone = before === 'completed';
  const isDone = after?.status === 'completed';
  if (isDone && !wasDone) await awardOrderPoints(trx, workspaceId, clientId, id, after!.value);
  if (wasDone && !isDone) await revokeOrderPoints(trx, workspaceId, clientId, id);
}

/** The orders of a live client, newest first. */
export async function listOrders(db: Db, actor: Actor, clientId: string, query: OrderListQuery): Promise<List<Order>> {
  authorize(actor, 'client.read');
  await assertClientExists(db, actor.workspaceId, clientId, { live: true });
  const [page, total] = await Promise.all([
    keysetPage(orderRepository.selectClientOrders(db, actor.workspaceId, clientId, query.status), { sort: { column: 'created_at', direction: 'desc' }, idColumn: 'id', limit: query.limit, cursor: query.cursor }),
    orderRepository.countClientOrders(db, actor.workspaceId, clientId, query.status),
  ]);
  return { data: page.rows.map(orderRowToOrder), nextCursor: page.nextCursor, total };
}

/** An order; 404 for another workspace's and while its client is in Trash. */
async function findVisibleOrder(db: Db, workspaceId: string, id: string): Promise<OrderRow> {
  const row = await orderRepository.findOrder(db, workspaceId, id);
  if (!row) throw notFound('order');
  const client = await assertClientExists(db, workspaceId, row.client_id);
  if (client.deleted_at) throw notFound('order');
  return row;
}

export async function getOrder(db: Db, actor: Actor, id: string): Promise<Order> {
  authorize(actor, 'client.read');
  return orderRowToOrder(await findVisibleOrder(db, actor.workspaceId, id));
}

const blocked = (reason: string) =>
  new AppError(409, 'order_blocked', `${reason} Send override: true to book anyway.`, [{ path: 'override', message: reason }]);

/** Books an order (member); the client's figures, guest flag and status follow in the same transaction. */
export async function createOrder(db: Db, actor: Actor, clientId: string, body: CreateOrderBody): Promise<Order> {
  authorize(actor, 'client.write');
  const { override, ...fields } = body;
  return db.transaction().execute(async (trx) => {
    const client = await assertClientExists(trx, actor.workspaceId, clientId, { live: true });
    await lockClient(trx, actor.workspaceId, clientId);
    if (!override && client.status === 'blacklisted') throw blocked('This client is blacklisted.');
    if (!override && client.credit_status === 'hold') throw blocked('This client’s credit is on hold.');
    const settings = await orderSettingsOf(trx, actor.workspaceId);
    const now = nowIso();
    const empty: Editable = {
      title: '', status: 'requested', serviceType: null, scheduledAt: null, scheduledEndAt: null, completedAt: null, cancelledAt: null, location: null,
      assigneeId: null, currency: settings.currency, estimatedValue: null, value: null, estimatedMinutes: null, actualMinutes: null, onTime: null,
      onTimeOverridden: false, rating: null, notes: null,
    };
    const o = applyBody(empty, fields, true, now);
    await assertAssignee(trx, actor.workspaceId, o, empty);
    const id = newId();
    const row = { workspace_id: actor.workspaceId, id, client_id: clientId, ...rowValues(o), created_by: actor.userId, created_at: now, updated_at: now };
    await orderRepository.insertOrder(trx, row);
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId, action: 'order.created', entityType: 'order', entityId: id,
      changes: { clientId: { before: null, after: clientId }, ...creationChanges(o), ...(override ? { override: { before: null, after: true } } : {}) },
    });
    await addTimelineEntry(trx, { workspaceId: actor.workspaceId, clientId, kind: 'order', recordId: id, userId: actor.userId, ...orderTimelineOf(o, now, settings) });
    await syncLoyalty(trx, actor.workspaceId, clientId, id, null, o);
    const figures = await refreshClientFigures(trx, actor.workspaceId, clientId, now);
    await healthInputsChanged(trx, actor.workspaceId, clientId);
    await applyOrderTransitions(trx, actor, clientId, figures, settings.word);
    return orderRowToOrder({ ...row, version: 1 } as OrderRow);
  });
}

/** Partial update, concurrency-checked: status moves, completion (on-time derived), values. */
export async function updateOrder(db: Db, actor: Actor, id: string, body: UpdateOrderBody, expectedVersion?: number): Promise<Order> {
  authorize(actor, 'client.write');
  const { version: _v, ...fields } = body;
  return db.transaction().execute(async (trx) => {
    const row = await findVisibleOrder(trx, actor.workspaceId, id);
    assertVersion(row.version, expectedVersion);
    await lockClient(trx, actor.workspaceId, row.client_id);
    const settings = await orderSettingsOf(trx, actor.workspaceId);
    const now = nowIso();
    const before = orderRowToOrder(row);
    const o = applyBody(editableOf(before), fields, false, now);
    await assertAssignee(trx, actor.workspaceId, o, editableOf(before));
    const changes = diff(editableOf(before), o);
    if (!Object.keys(changes).length) return before;
    const values = { ...rowValues(o), updated_at: now };
    if (!(await orderRepository.updateOrder(trx, actor.workspaceId, id, row.version, values))) throw stale();
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'order.updated', entityType: 'order', entityId: id, changes });
    await updateTimelineEntry(trx, actor.workspaceId, 'order', id, orderTimelineOf(o, row.created_at, settings));
    await syncLoyalty(trx, actor.workspaceId, row.client_id, id, before.status, o);
    const figures = await refreshClientFigures(trx, actor.workspaceId, row.client_id, now);
    await healthInputsChanged(trx, actor.workspaceId, row.client_id);
    await applyOrderTransitions(trx, actor, row.client_id, figures, settings.word);
    return orderRowToOrder({ ...row, ...values, version: row.version + 1 });
  });
}

/** Deletes an order (member), audited; the client's figures follow. The client stays Existing/active. */
export async function deleteOrder(db: Db, actor: Actor, id: string, expectedVersion?: number): Promise<void> {
  authorize(actor, 'client.write');
  await db.transaction().execute(async (trx) => {
    const row = await findVisibleOrder(trx, actor.workspaceId, id);
    assertVersion(row.version, expectedVersion);
    await lockClient(trx, actor.workspaceId, row.client_id);
    await orderRepository.deleteOrder(trx, actor.workspaceId, id);
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId, action: 'order.deleted', entityType: 'order', entityId: id,
      changes: { title: { before: row.title, after: null }, clientId: { before: row.client_id, after: null } },
    });
    await removeTimelineEntry(trx, actor.workspaceId, 'order', id);
    await syncLoyalty(trx, actor.workspaceId, row.client_id, id, row.status as OrderStatus, null);
    await refreshClientFigures(trx, actor.workspaceId, row.client_id);
    await healthInputsChanged(trx, actor.workspaceId, row.client_id);
  });
}

/** Whether an order of this client exists (invoices link to orders). */
export async function isClientOrder(db: Db, workspaceId: string, clientId: string, id: string): Promise<boolean> {
  const row = await orderRepository.findOrder(db, workspaceId, id);
  return row?.client_id === clientId;
}

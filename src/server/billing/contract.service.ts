import type { Kysely } from 'kysely';
import type { Contract, CreateContractBody, UpdateContractBody } from '../../domain/billing';
import type { List, ListQuery } from '../../domain/list';
import { formatMoney } from '../../domain/money';
import type { FieldError } from '../../domain/problem';
import { addTimelineEntry, removeTimelineEntry, updateTimelineEntry } from '../activity/timeline';
import { actorForAudit, diff, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { lockClient, refreshClientFigures } from '../clients/client.figures';
import { assertClientExists, creationChanges } from '../clients/client.service';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { assertVersion, stale } from '../http/etag';
import { keysetPage } from '../http/pagination';
import { badRequest } from '../http/problem';
import { moneyOf, pick, visible } from './billing.common';
import { billingRepository, type ContractRow } from './billing.repository';
import { healthInputsChanged } from '../health/health.service';

type Db = Kysely<Database>;

export const contractRowToContract = (row: ContractRow): Contract => ({
  id: row.id,
  clientId: row.client_id,
  plan: row.plan,
  value: moneyOf(row.value, row.currency),
  currency: row.currency,
  billingPeriod: row.billing_period as Contract['billingPeriod'],
  status: row.status as Contract['status'],
  startAt: row.start_at,
  endAt: row.end_at,
  renewalAt: row.renewal_at,
  autoRenew: Number(row.auto_renew) === 1,
  notes: row.notes,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
});

type Editable = Omit<Contract, 'id' | 'clientId' | 'currency' | 'createdAt' | 'updatedAt' | 'version'>;
const editableOf = ({ id: _i, clientId: _c, currency: _cu, createdAt: _a, updatedAt: _u, version: _v, ...rest }: Contract): Editable => rest;

function applyBody(current: Editable, body: UpdateContractBody): Editable {
  const next: Editable = {
    plan: pick(body.plan, current.plan),
    value: pick(body.value, current.value),
    billingPeriod: pick(body.billingPeriod, current.billingPeriod),
    status: pick(body.status, current.status),
    startAt: pick(body.startAt, current.startAt),
    endAt: pick(body.endAt, current.endAt),
    renewalAt: pick(body.renewalAt, current.renewalAt),
    autoRenew: pick(body.autoRenew, current.autoRenew),
    notes: pick(body.notes, current.notes),
  };
  const errors: FieldError[] = [];
  if (next.endAt && next.endAt < next.startAt) errors.push({ path: 'endAt', message: 'must not be before startAt' });
  if (next.renewalAt && next.renewalAt < next.startAt) errors.push({ path: 'renewalAt', message: 'must not be before startAt' });
  if (errors.length) throw badRequest(`${errors[0]!.path} ${errors[0]!.message}`, errors);
  return next;
}

const rowValues = (c: Editable) => ({
  plan: c.plan,
  value: c.value.amount,
  currency: c.value.currency,
  billing_period: c.billingPeriod ?? null,
  status: c.status,
  start_at: c.startAt,
  end_at: c.endAt ?? null,
  renewal_at: c.renewalAt ?? null,
  auto_renew: c.autoRenew ? 1 : 0,
  notes: c.notes ?? null,
});

const timelineOf = (c: Editable) => ({
  at: c.startAt,
  title: `Contract ${c.status}: ${c.plan} (${formatMoney(c.value, 'en-US')})`,
  summary: { status: c.status, value: c.value, renewalAt: c.renewalAt, autoRenew: c.autoRenew },
});

export async function listContracts(db: Db, actor: Actor, clientId: string, query: ListQuery): Promise<List<Contract>> {
  authorize(actor, 'client.read');
  await assertClientExists(db, actor.workspaceId, clientId, { live: true });
  const [page, total] = await Promise.all([
    keysetPage(billingRepository.selectClientContracts(db, actor.workspaceId, clientId), { sort: { column: 'start_at', direction: 'desc' }, idColumn: 'id', limit: query.limit, cursor: query.cursor }),
    billingRepository.countClientRecords(db, 'contracts', actor.workspaceId, clientId),
  ]);
  return { data: page.rows.map(contractRowToContract), nextCursor: page.nextCursor, total };
}

export async function getContract(db: Db, actor: Actor, id: string): Promise<Contract> {
  authorize(actor, 'client.read');
  return contractRowToContract(await visible(db, actor.workspaceId, await billingRepository.findContract(db, actor.workspaceId, id), 'contract'));
}

export async function createContract(db: Db, actor: Actor, clientId: string, body: CreateContractBody): Promise<Contract> {
  authorize(actor, 'client.write');
  return db.transaction().execute(async (trx) => {
    await assertClientExists(trx, actor.workspaceId, clientId, { live: true });
    await lockClient(trx, actor.workspaceId, clientId);
    const c = applyBody({ plan: '', value: body.value, billingPeriod: null, status: 'active', startAt: body.startAt, endAt: null, renewalAt: null, autoRenew: false, notes: null }, body);
    const id = newId();
    const now = nowIso();
    const row = { workspace_id: actor.workspaceId, id, client_id: clientId, ...rowValues(c), created_by: actor.userId, created_at: now, updated_at: now };
    await billingRepository.insertContract(trx, row);
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'contract.created', entityType: 'contract', entityId: id, changes: { clientId: { before: null, after: clientId }, ...creationChanges(c) } });
    await addTimelineEntry(trx, { workspaceId: actor.workspaceId, clientId, kind: 'contract', recordId: id, userId: actor.userId, ...timelineOf(c) });
    await refreshClientFigures(trx, actor.workspaceId, clientId, now);
    await healthInputsChanged(trx, actor.workspaceId, clientId);
    return contractRowToContract({ ...row, version: 1 } as ContractRow);
  });
}

export async function updateContract(db: Db, actor: Actor, id: string, body: UpdateContractBody, expectedVersion?: number): Promise<Contract> {
  authorize(actor, 'client.write');
  return db.transaction().execute(async (trx) => {
    const row = await visible(trx, actor.workspaceId, await billingRepository.findContract(trx, actor.workspaceId, id), 'contract');
    assertVersion(row.version, expectedVersion);
    await lockClient(trx, actor.workspaceId, row.client_id);
    const before = contractRowToContract(row);
    const c = applyBody(editableOf(before), body);
    const changes = diff(editableOf(before), c);
    if (!Object.keys(changes).length) return before;
    const now = nowIso();
    const values = { ...rowValues(c), updated_at: now };
    if (!(await billingRepository.updateVersioned(trx, 'contracts', actor.workspaceId, id, row.version, values))) throw stale();
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'contract.updated', entityType: 'contract', entityId: id, changes });
    await updateTimelineEntry(trx, actor.workspaceId, 'contract', id, timelineOf(c));
    await refreshClientFigures(trx, actor.workspaceId, row.client_id, now);
    await healthInputsChanged(trx, actor.workspaceId, row.client_id);
    return contractRowToContract({ ...row, ...values, version: row.version + 1 });
  });
}

export async function deleteContract(db: Db, actor: Actor, id: string, expectedVersion?: number): Promise<void> {
  authorize(actor, 'client.write');
  await db.transaction().execute(async (trx) => {
    const row = await visible(trx, actor.workspaceId, await billingRepository.findContract(trx, actor.workspaceId, id), 'contract');
    assertVersion(row.version, expectedVersion);
    await lockClient(trx, actor.workspaceId, row.client_id);
    await billingRepository.deleteRecord(trx, 'contracts', actor.workspaceId, id);
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'contract.deleted', entityType: 'contract', entityId: id, changes: { plan: { before: row.plan, after: null }, clientId: { before: row.client_id, after: null } } });
    await removeTimelineEntry(trx, actor.workspaceId, 'contract', id);
    await refreshClientFigures(trx, actor.workspaceId, row.client_id);
    await healthInputsChanged(trx, actor.workspaceId, row.client_id);
  });
}

import type { Kysely } from 'kysely';
import type { CreatePaymentBody, Payment, UpdatePaymentBody } from '../../domain/billing';
import type { List, ListQuery } from '../../domain/list';
import { formatMoney, type Money } from '../../domain/money';
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
import { badRequest, fieldError } from '../http/problem';
import { moneyOf, pick, visible } from './billing.common';
import { billingRepository, type PaymentRow } from './billing.repository';
import { settleInvoice } from './invoice.service';
import { healthInputsChanged } from '../health/health.service';

type Db = Kysely<Database>;

export const paymentRowToPayment = (row: PaymentRow): Payment => ({
  id: row.id,
  clientId: row.client_id,
  invoiceId: row.invoice_id,
  amount: moneyOf(row.amount, row.currency),
  applied: moneyOf(row.applied_amount, row.currency),
  credit: moneyOf(Number(row.amount) - Number(row.applied_amount), row.currency),
  paidAt: row.paid_at,
  method: row.method as Payment['method'],
  reference: row.reference,
  notes: row.notes,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
});

type Editable = { invoiceId: string | null; amount: Money; paidAt: string; method: Payment['method']; reference: string | null; notes: string | null };
const editableOf = (p: Payment): Editable => ({ invoiceId: p.invoiceId, amount: p.amount, paidAt: p.paidAt, method: p.method, reference: p.reference, notes: p.notes });

/**
 * How much of a payment settles its invoice: at most the open balance (the invoice's total
 * less the other payments applied to it). More is refused unless the caller asks for the
 * excess to be kept as the client's credit.
 */
async function applicationOf(trx: Db, ws: string, clientId: string, p: Editable, paymentId: string, asCredit: boolean): Promise<number> {
  if (Date.parse(p.paidAt) > Date.now() + 5 * 60_000) throw fieldError('paidAt', 'must not be in the future');
  if (!p.invoiceId) return 0;
  const invoice = await billingRepository.findInvoice(trx, ws, p.invoiceId, { lock: true });
  if (!invoice || invoice.client_id !== clientId) throw fieldError('invoiceId', 'is not an invoice of this client');
  if (invoice.status === 'draft') throw fieldError('invoiceId', 'is a draft: send it before recording payments');
  if (invoice.status === 'void') throw fieldError('invoiceId', 'is void');
  if (invoice.currency !== p.amount.currency) throw fieldError('amount.currency', `must be the invoice’s currency (${invoice.currency})`);
  const { applied: others } = await billingRepository.invoicePayments(trx, ws, p.invoiceId, paymentId);
  const open = Math.max(Number(invoice.total) - others, 0);
  if (p.amount.amount > open && !asCredit) {
    const balance = formatMoney({ amount: open, currency: invoice.currency }, 'en-US');
    throw badRequest(`amount is more than the invoice’s open balance (${balance})`, [
      { path: 'amount', message: `is more than the invoice’s open balance (${open} minor units = ${balance}); send asCredit: true to keep the rest as credit` },
    ]);
  }
  return Math.min(p.amount.amount, open);
}

const rowValues = (p: Editable, applied: number) => ({
  invoice_id: p.invoiceId,
  currency: p.amount.currency,
  amount: p.amount.amount,
  applied_amount: applied,
  paid_at: p.paidAt,
  method: p.method,
  reference: p.reference,
  notes: p.notes,
});

const timelineOf = (p: Editable, applied: number) => ({
  at: p.paidAt,
  title: `Payment received: ${formatMoney(p.amount, 'en-US')} (${p.method.replace('_', ' ')})`,
  summary: { amount: p.amount, invoiceId: p.invoiceId, method: p.method, credit: p.amount.amount - applied },
});

export async function listPayments(db: Db, actor: Actor, clientId: string, query: ListQuery): Promise<List<Payment>> {
  authorize(actor, 'client.read');
  await assertClientExists(db, actor.workspaceId, clientId, { live: true });
  const [page, total] = await Promise.all([
    keysetPage(billingRepository.selectClientPayments(db, actor.workspaceId, clientId), { sort: { column: 'paid_at', direction: 'desc' }, idColumn: 'id', limit: query.limit, cursor: query.cursor }),
    billingRepository.countClientRecords(db, 'payments', actor.workspaceId, clientId),
  ]);
  return { data: page.rows.map(paymentRowToPayment), nextCursor: page.nextCursor, total };
}

export async function getPayment(db: Db, actor: Actor, id: string): Promise<Payment> {
  authorize(actor, 'client.read');
  return paymentRowToPayment(await visible(db, actor.workspaceId, await billingRepository.findPayment(db, actor.workspaceId, id), 'payment'));
}

/** Records a payment (member): settles its invoice up to the open balance; the rest is credit only with asCredit. */
export async function createPayment(db: Db, actor: Actor, clientId: string, body: CreatePaymentBody): Promise<Payment> {
  authorize(actor, 'client.write');
  return db.transaction().execute(async (trx) => {
    await assertClientExists(trx, actor.workspaceId, clientId, { live: true });
    await lockClient(trx, actor.workspaceId, clientId);
    const now = nowIso();
    const p: Editable = { invoiceId: body.invoiceId ?? null, amount: body.amount, paidAt: body.paidAt ?? now, method: body.method, reference: body.reference ?? null, notes: body.notes ?? null };
    const id = newId();
    const applied = await applicationOf(trx, actor.workspaceId, clientId, p, id, body.asCredit ?? false);
    const row = { workspace_id: actor.workspaceId, id, client_id: clientId, ...rowValues(p, applied), created_by: actor.userId, created_at: now, updated_at: now };
    await billingRepository.insertPayment(trx, row);
    if (p.invoiceId) await settleInvoice(trx, actor.workspaceId, p.invoiceId);
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId, action: 'payment.created', entityType: 'payment', entityId: id,
      changes: { clientId: { before: null, after: clientId }, ...creationChanges(p), applied: { before: null, after: applied } },
    });
    await addTimelineEntry(trx, { workspaceId: actor.workspaceId, clientId, kind: 'payment', recordId: id, userId: actor.userId, ...timelineOf(p, applied) });
    await refreshClientFigures(trx, actor.workspaceId, clientId, now);
    await healthInputsChanged(trx, actor.workspaceId, clientId);
    return paymentRowToPayment({ ...row, version: 1 } as PaymentRow);
  });
}

export async function updatePayment(db: Db, actor: Actor, id: string, body: UpdatePaymentBody, expectedVersion?: number): Promise<Payment> {
  authorize(actor, 'client.write');
  return db.transaction().execute(async (trx) => {
    const row = await visible(trx, actor.workspaceId, await billingRepository.findPayment(trx, actor.workspaceId, id), 'payment');
    assertVersion(row.version, expectedVersion);
    await assertClientExists(trx, actor.workspaceId, row.client_id, { live: true });
    await lockClient(trx, actor.workspaceId, row.client_id);
    const before = paymentRowToPayment(row);
    const p: Editable = {
      invoiceId: pick(body.invoiceId, before.invoiceId), amount: body.amount ?? before.amount, paidAt: body.paidAt ?? before.paidAt, method: body.method ?? before.method,
      reference: pick(body.reference, before.reference), notes: pick(body.notes, before.notes),
    };
    const changes = diff(editableOf(before), p);
    if (!Object.keys(changes).length && body.asCredit === undefined) return before;
    // Keeping an existing credit needs no new consent; growing past the balance does.
    const asCredit = body.asCredit ?? (before.credit.amount > 0 && !changes.amount && !changes.invoiceId);
    const applied = await applicationOf(trx, actor.workspaceId, row.client_id, p, id, asCredit);
    if (applied !== before.applied.amount) changes.applied = { before: before.applied.amount, after: applied };
    if (!Object.keys(changes).length) return before;
    const now = nowIso();
    const values = { ...rowValues(p, applied), updated_at: now };
    if (!(await billingRepository.updateVersioned(trx, 'payments', actor.workspaceId, id, row.version, values))) throw stale();
    for (const invoiceId of new Set([row.invoice_id, p.invoiceId])) if (invoiceId) await settleInvoice(trx, actor.workspaceId, invoiceId);
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'payment.updated', entityType: 'payment', entityId: id, changes });
    await updateTimelineEntry(trx, actor.workspaceId, 'payment', id, timelineOf(p, applied));
    await refreshClientFigures(trx, actor.workspaceId, row.client_id, now);
    await healthInputsChanged(trx, actor.workspaceId, row.client_id);
    return paymentRowToPayment({ ...row, ...values, version: row.version + 1 });
  });
}

export async function deletePayment(db: Db, actor: Actor, id: string, expectedVersion?: number): Promise<void> {
  authorize(actor, 'client.write');
  await db.transaction().execute(async (trx) => {
    const row = await visible(trx, actor.workspaceId, await billingRepository.findPayment(trx, actor.workspaceId, id), 'payment');
    assertVersion(row.version, expectedVersion);
    await lockClient(trx, actor.workspaceId, row.client_id);
    if (row.invoice_id) await billingRepository.findInvoice(trx, actor.workspaceId, row.invoice_id, { lock: true });
    await billingRepository.deleteRecord(trx, 'payments', actor.workspaceId, id);
    if (row.invoice_id) await settleInvoice(trx, actor.workspaceId, row.invoice_id);
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId, action: 'payment.deleted', entityType: 'payment', entityId: id,
      changes: { amount: { before: { amount: Number(row.amount), currency: row.currency }, after: null }, clientId: { before: row.client_id, after: null } },
    });
    await removeTimelineEntry(trx, actor.workspaceId, 'payment', id);
    await refreshClientFigures(trx, actor.workspaceId, row.client_id);
    await healthInputsChanged(trx, actor.workspaceId, row.client_id);
  });
}

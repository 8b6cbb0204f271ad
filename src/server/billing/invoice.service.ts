import type { Kysely } from 'kysely';
import type { CreateInvoiceBody, Invoice, InvoiceLine, InvoiceListQuery, UpdateInvoiceBody } from '../../domain/billing';
import type { List } from '../../domain/list';
import { applyBasisPoints, formatMoney, multiplyAmount } from '../../domain/money';
import type { FieldError } from '../../domain/problem';
import { addTimelineEntry, removeTimelineEntry, updateTimelineEntry } from '../activity/timeline';
import { actorForAudit, diff, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { lockClient, refreshClientFigures } from '../clients/client.figures';
import { assertClientExists, creationChanges } from '../clients/client.service';
import { fromJson, isUniqueViolation, toJson } from '../db/dialect';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { assertVersion, stale } from '../http/etag';
import { keysetPage } from '../http/pagination';
import { AppError, badRequest, conflict } from '../http/problem';
import { orderSettingsOf } from '../orders/order-settings.service';
import { isClientOrder } from '../orders/order.service';
import { moneyOf, pick, visible } from './billing.common';
import { billingRepository, type InvoiceRow } from './billing.repository';
import { healthInputsChanged } from '../health/health.service';

type Db = Kysely<Database>;
const DAY = 86_400_000;

type StoredLine = { description: string; quantity: number; unitPrice: number; amount: number };

/** Overdue is derived: sent, an open balance, and past its due date. */
export const isOverdue = (row: Pick<InvoiceRow, 'status' | 'due_at' | 'total' | 'paid_amount'>, now = nowIso()) =>
  row.status === 'sent' && row.due_at !== null && new Date(row.due_at).toISOString() < now && Number(row.total) > Number(row.paid_amount);

export function invoiceRowToInvoice(row: InvoiceRow, now = nowIso()): Invoice {
  const c = row.currency;
  const open = row.status === 'sent' ? Number(row.total) - Number(row.paid_amount) : 0;
  return {
    id: row.id,
    clientId: row.client_id,
    number: row.number,
    currency: c,
    lines: (fromJson<StoredLine[]>(row.lines) ?? []).map((l) => ({ description: l.description, quantity: l.quantity, unitPrice: moneyOf(l.unitPrice, c), amount: moneyOf(l.amount, c) })),
    amount: moneyOf(row.amount, c),
    taxRate: row.tax_rate_bps,
    tax: moneyOf(row.tax, c),
    total: moneyOf(row.total, c),
    paid: moneyOf(row.paid_amount, c),
    balance: moneyOf(open, c),
    status: isOverdue(row, now) ? 'overdue' : (row.status as Invoice['status']),
    issuedAt: row.issued_at,
    dueAt: row.due_at,
    paidAt: row.paid_at,
    orderId: row.order_id,
    contractId: row.contract_id,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

type Editable = {
  number: string; currency: string; lines: InvoiceLine[]; amount: number; taxRate: number | null; tax: number; total: number; status: 'draft' | 'sent' | 'paid' | 'void';
  issuedAt: string | null; dueAt: string | null; orderId: string | null; contractId: string | null; notes: string | null;
};
const editableOf = (i: Invoice): Editable => ({
  number: i.number, currency: i.currency, lines: i.lines, amount: i.amount.amount, taxRate: i.taxRate, tax: i.tax.amount, total: i.total.amount,
  status: i.status === 'overdue' ? 'sent' : i.status, issuedAt: i.issuedAt, dueAt: i.dueAt, orderId: i.orderId, contractId: i.contractId, notes: i.notes,
});

/**
 * Applies a body: lines → amount (exact, per line rounded to a minor unit), tax by rate or
 * amount, total; one currency; status rules against what has been paid; issue and due dates.
 */
function applyBody(current: Editable, body: UpdateInvoiceBody, paid: number, netDays: number, now: string): Editable {
  const errors: FieldError[] = [];
  const inputLines = body.lines;
  const currency = body.currency ?? (inputLines?.length ? inputLines[0]!.unitPrice.currency : undefined) ?? body.amount?.currency ?? current.currency;
  let lines = current.lines;
  if (inputLines) {
    lines = inputLines.map((l, i) => {
      if (l.unitPrice.currency !== currency) errors.push({ path: `lines[${i}].unitPrice.currency`, message: `must be the invoice’s currency (${currency})` });
      const amount = multiplyAmount(l.unitPrice.amount, l.quantity);
      return { description: l.description, quantity: l.quantity, unitPrice: { amount: l.unitPrice.amount, currency }, amount: { amount, currency } };
    });
  } else if (currency !== current.currency && lines.length) {
    errors.push({ path: 'currency', message: 'send the lines again in the new currency' });
  }
  let amount: number;
  if (lines.length) {
    amount = lines.reduce((s, l) => s + l.amount.amount, 0);
    if (body.amount && body.amount.amount !== amount) errors.push({ path: 'amount', message: `is computed from the lines (${amount}); leave it out or send the same` });
  } else amount = body.amount?.amount ?? current.amount;
  if (body.amount && body.amount.currency !== currency) errors.push({ path: 'amount.currency', message: `must be the invoice’s currency (${currency})` });

  let taxRate = pick(body.taxRate, current.taxRate);
  let tax: number;
  if (body.taxRate != null && body.tax != null) errors.push({ path: 'tax', message: 'give taxRate or tax, not both' });
  if (body.tax != null) {
    if (body.tax.currency !== currency) errors.push({ path: 'tax.currency', message: `must be the invoice’s currency (${currency})` });
    taxRate = body.taxRate ?? null;
    tax = body.tax.amount;
  } else if (taxRate !== null) tax = applyBasisPoints(amount, taxRate);
  else tax = body.tax === null || body.taxRate === null ? 0 : current.tax;
  const total = amount + tax;
  if (!Number.isSafeInteger(total)) errors.push({ path: 'amount', message: 'is too large' });

  let status = body.status ?? current.status;
  if (current.status === 'void' && body.status && body.status !== 'void') errors.push({ path: 'status', message: 'a void invoice stays void; issue a new one' });
  if (paid > 0 && (status === 'draft' || status === 'void')) errors.push({ path: 'status', message: `has payments (${paid}); delete them before making it ${status}` });
  if (paid > 0 && currency !== current.currency) errors.push({ path: 'currency', message: 'cannot change: the invoice has payments' });
  if (total < paid) errors.push({ path: 'amount', message: `makes the total less than what has been paid (${paid})` });
  if (status === 'paid' && paid < total && body.status === 'paid') {
    errors.push({ path: 'status', message: `record payments of the open balance (${total - paid}) instead; the invoice turns paid by itself` });
  }
  if (status === 'paid' && paid < total) status = 'sent';
  if (status === 'sent' && total > 0 && paid >= total) status = 'paid';

  const issuedAt = pick(body.issuedAt, current.issuedAt) ?? (status === 'sent' || status === 'paid' ? now : null);
  let dueAt = pick(body.dueAt, current.dueAt);
  if (!dueAt && issuedAt && body.dueAt === undefined) dueAt = new Date(Date.parse(issuedAt) + netDays * DAY).toISOString();
  if (dueAt && issuedAt && dueAt < issuedAt) errors.push({ path: 'dueAt', message: 'must not be before issuedAt' });

  if (errors.length) throw badRequest(`${errors[0]!.path} ${errors[0]!.message}`, errors);
  return {
    number: pick(body.number, current.number), currency, lines, amount, taxRate, tax, total, status, issuedAt, dueAt,
    orderId: pick(body.orderId, current.orderId), contractId: pick(body.contractId, current.contractId), notes: pick(body.notes, current.notes),
  };
}

const numberKey = (n: string) => n.trim().toUpperCase();

const rowValues = (i: Editable) => ({
  number: i.number,
  number_key: numberKey(i.number),
  currency: i.currency,
  lines: toJson(i.lines.map((l) => ({ description: l.description, quantity: l.quantity, unitPrice: l.unitPrice.amount, amount: l.amount.amount }))),
  amount: i.amount,
  tax_rate_bps: i.taxRate,
  tax: i.tax,
  total: i.total,
  status: i.status,
  issued_at: i.issuedAt,
  due_at: i.dueAt,
  order_id: i.orderId,
  contract_id: i.contractId,
  notes: i.notes,
});

/** The references of an invoice: unique number, an order and a contract of the same client. */
async function checkReferences(trx: Db, ws: string, clientId: string, id: string, next: Editable, before: Editable | null) {
  if (!before || numberKey(before.number) !== numberKey(next.number)) {
    const other = await billingRepository.findInvoiceByNumber(trx, ws, numberKey(next.number));
    if (other && other.id !== id) throw numberTaken();
  }
  if (next.orderId && next.orderId !== before?.orderId && !(await isClientOrder(trx, ws, clientId, next.orderId))) {
    throw badRequest('orderId is not an order of this client', [{ path: 'orderId', message: 'is not an order of this client' }]);
  }
  if (next.contractId && next.contractId !== before?.contractId && (await billingRepository.findContract(trx, ws, next.contractId))?.client_id !== clientId) {
    throw badRequest('contractId is not a contract of this client', [{ path: 'contractId', message: 'is not a contract of this client' }]);
  }
}

const numberTaken = () => conflict('Another invoice of this workspace already has this number.', [{ path: 'number', message: 'is already used by another invoice' }]);

const timelineOf = (i: Editable, at: string) => ({
  at,
  title: `Invoice ${i.number} ${i.status}: ${formatMoney({ amount: i.total, currency: i.currency }, 'en-US')}`,
  summary: { number: i.number, status: i.status, total: { amount: i.total, currency: i.currency }, dueAt: i.dueAt },
});

/** The client's credit terms in days: its own, else the workspace default. */
async function netDaysOf(trx: Db, ws: string, clientTerms: number | null): Promise<number> {
  return clientTerms ?? (await orderSettingsOf(trx, ws)).defaultCreditTermsDays;
}

export async function listInvoices(db: Db, actor: Actor, clientId: string, query: InvoiceListQuery): Promise<List<Invoice>> {
  authorize(actor, 'client.read');
  await assertClientExists(db, actor.workspaceId, clientId, { live: true });
  const now = nowIso();
  const [page, total] = await Promise.all([
    keysetPage(billingRepository.selectClientInvoices(db, actor.workspaceId, clientId, query.status, now), { sort: { column: 'created_at', direction: 'desc' }, idColumn: 'id', limit: query.limit, cursor: query.cursor }),
    billingRepository.countClientInvoices(db, actor.workspaceId, clientId, query.status, now),
  ]);
  return { data: page.rows.map((r) => invoiceRowToInvoice(r, now)), nextCursor: page.nextCursor, total };
}

export async function getInvoice(db: Db, actor: Actor, id: string): Promise<Invoice> {
  authorize(actor, 'client.read');
  return invoiceRowToInvoice(await visible(db, actor.workspaceId, await billingRepository.findInvoice(db, actor.workspaceId, id), 'invoice'));
}

async function rethrowNumberRace<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isUniqueViolation(error)) throw numberTaken();
    throw error;
  }
}

/** A visible invoice, its client then itself locked (PostgreSQL) in the order payments lock them: client first. */
async function lockedInvoice(trx: Db, ws: string, id: string): Promise<InvoiceRow> {
  const found = await visible(trx, ws, await billingRepository.findInvoice(trx, ws, id), 'invoice');
  await lockClient(trx, ws, found.client_id);
  return (await billingRepository.findInvoice(trx, ws, id, { lock: true }))!;
}

export async function createInvoice(db: Db, actor: Actor, clientId: string, body: CreateInvoiceBody): Promise<Invoice> {
  authorize(actor, 'client.write');
  return rethrowNumberRace(() =>
    db.transaction().execute(async (trx) => {
      const client = await assertClientExists(trx, actor.workspaceId, clientId, { live: true });
      await lockClient(trx, actor.workspaceId, clientId);
      const settings = await orderSettingsOf(trx, actor.workspaceId);
      const now = nowIso();
      const empty: Editable = { number: body.number, currency: settings.currency, lines: [], amount: 0, taxRate: null, tax: 0, total: 0, status: 'draft', issuedAt: null, dueAt: null, orderId: null, contractId: null, notes: null };
      const i = applyBody(empty, body, 0, await netDaysOf(trx, actor.workspaceId, client.credit_terms_days), now);
      const id = newId();
      await checkReferences(trx, actor.workspaceId, clientId, id, i, null);
      const row = { workspace_id: actor.workspaceId, id, client_id: clientId, ...rowValues(i), paid_amount: 0, paid_at: null, created_by: actor.userId, created_at: now, updated_at: now };
      await billingRepository.insertInvoice(trx, row);
      await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'invoice.created', entityType: 'invoice', entityId: id, changes: { clientId: { before: null, after: clientId }, ...creationChanges(i) } });
      await addTimelineEntry(trx, { workspaceId: actor.workspaceId, clientId, kind: 'invoice', recordId: id, userId: actor.userId, ...timelineOf(i, i.issuedAt ?? now) });
      await refreshClientFigures(trx, actor.workspaceId, clientId, now);
      await healthInputsChanged(trx, actor.workspaceId, clientId);
      return invoiceRowToInvoice({ ...row, version: 1 } as InvoiceRow, now);
    }),
  );
}

export async function updateInvoice(db: Db, actor: Actor, id: string, body: UpdateInvoiceBody, expectedVersion?: number): Promise<Invoice> {
  authorize(actor, 'client.write');
  return rethrowNumberRace(() =>
    db.transaction().execute(async (trx) => {
      const row = await lockedInvoice(trx, actor.workspaceId, id);
      assertVersion(row.version, expectedVersion);
      const client = await assertClientExists(trx, actor.workspaceId, row.client_id, { live: true });
      const now = nowIso();
      const before = invoiceRowToInvoice(row, now);
      const i = applyBody(editableOf(before), body, Number(row.paid_amount), await netDaysOf(trx, actor.workspaceId, client.credit_terms_days), now);
      await checkReferences(trx, actor.workspaceId, row.client_id, id, i, editableOf(before));
      const changes = diff(editableOf(before), i);
      if (!Object.keys(changes).length) return before;
      const values = { ...rowValues(i), ...(i.status !== 'paid' ? { paid_at: null } : {}), updated_at: now };
      if (!(await billingRepository.updateVersioned(trx, 'invoices', actor.workspaceId, id, row.version, values))) throw stale();
      await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'invoice.updated', entityType: 'invoice', entityId: id, changes });
      await updateTimelineEntry(trx, actor.workspaceId, 'invoice', id, timelineOf(i, i.issuedAt ?? row.created_at));
      if (Number(row.paid_amount) > 0) await settleInvoice(trx, actor.workspaceId, id);
      await refreshClientFigures(trx, actor.workspaceId, row.client_id, now);
      await healthInputsChanged(trx, actor.workspaceId, row.client_id);
      return invoiceRowToInvoice((await billingRepository.findInvoice(trx, actor.workspaceId, id))!, now);
    }),
  );
}

/** Deletes an invoice without payments (drafts, mistakes); one with payments is voided instead. */
export async function deleteInvoice(db: Db, actor: Actor, id: string, expectedVersion?: number): Promise<void> {
  authorize(actor, 'client.write');
  await db.transaction().execute(async (trx) => {
    const row = await lockedInvoice(trx, actor.workspaceId, id);
    assertVersion(row.version, expectedVersion);
    if (await billingRepository.countInvoicePayments(trx, actor.workspaceId, id)) {
      throw new AppError(409, 'has_payments', 'This invoice has payments: delete them first, or void the invoice.');
    }
    await billingRepository.deleteRecord(trx, 'invoices', actor.workspaceId, id);
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'invoice.deleted', entityType: 'invoice', entityId: id, changes: { number: { before: row.number, after: null }, clientId: { before: row.client_id, after: null } } });
    await removeTimelineEntry(trx, actor.workspaceId, 'invoice', id);
    await refreshClientFigures(trx, actor.workspaceId, row.client_id);
    await healthInputsChanged(trx, actor.workspaceId, row.client_id);
  });
}

/**
 * Recomputes an invoice's paid amount and paid date from its payments after a payment write
 * (same transaction): sent ↔ paid follows the open balance.
 */
export async function settleInvoice(trx: Db, workspaceId: string, invoiceId: string): Promise<void> {
  const row = await billingRepository.findInvoice(trx, workspaceId, invoiceId, { lock: true });
  if (!row) return;
  const { applied, lastAt } = await billingRepository.invoicePayments(trx, workspaceId, invoiceId);
  const total = Number(row.total);
  const status = row.status === 'sent' || row.status === 'paid' ? (total > 0 && applied >= total ? 'paid' : 'sent') : row.status;
  const paidAt = status === 'paid' ? lastAt : null;
  if (applied === Number(row.paid_amount) && status === row.status && paidAt === row.paid_at) return;
  await billingRepository.setInvoicePaid(trx, workspaceId, invoiceId, { paid_amount: applied, status, paid_at: paidAt, updated_at: nowIso() });
}

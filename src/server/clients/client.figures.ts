import { sql, type Kysely } from 'kysely';
import type { ClientFigures } from '../../domain/billing';
import { addToTotals, divideRounded, type CurrencyTotals } from '../../domain/money';
import { actorForAudit, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { addTimelineEntry } from '../activity/timeline';
import { dialectOf, fromJson, toJson } from '../db/dialect';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { orderSettingsOf } from '../orders/order-settings.service';

/**
 * A client's figures derived from its orders and billing, recomputed exactly (integer sums in
 * SQL, per currency) by the transaction that writes an order, contract, invoice or payment.
 * The client columns hold the workspace currency's part; `figures` holds every currency.
 * Amounts of different currencies are never added up or converted.
 */
type Db = Kysely<Database>;

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const add = (totals: CurrencyTotals, currency: string, amount: number) => (amount ? addToTotals(totals, { amount, currency }) : totals);

/** Locks the client row until the transaction ends (PostgreSQL), so concurrent writers of one client's records add up. */
export async function lockClient(trx: Db, workspaceId: string, clientId: string): Promise<void> {
  if (dialectOf(trx) !== 'postgres') return; // SQLite runs one write transaction at a time.
  await sql`SELECT id FROM clients WHERE workspace_id = ${workspaceId} AND id = ${clientId} FOR NO KEY UPDATE`.execute(trx);
}

async function orderAggregates(trx: Db, ws: string, clientId: string) {
  return trx
    .selectFrom('orders')
    .select((eb) => [
      'status',
      'currency',
      eb.fn.countAll<number>().as('count'),
      eb.fn.sum<number>('value').as('value'),
      eb.fn.count<number>('value').as('valued'),
      eb.fn.sum<number>('on_time').as('on_time'),
      eb.fn.max<string | null>(eb.fn.coalesce('completed_at', 'scheduled_at', 'created_at')).as('last_at'),
    ])
    .where('workspace_id', '=', ws)
    .where('client_id', '=', clientId)
    .groupBy(['status', 'currency'])
    .execute();
}

async function invoiceAggregates(trx: Db, ws: string, clientId: string, now: string) {
  return trx
    .selectFrom('invoices')
    .select((eb) => [
      'status',
      'currency',
      eb.fn.countAll<number>().as('count'),
      eb.fn.sum<number>('total').as('total'),
      eb.fn.sum<number>('paid_amount').as('paid'),
      eb.fn.sum<number>(sql`CASE WHEN due_at IS NOT NULL AND due_at < ${now} THEN total - paid_amount ELSE 0 END`).as('past_due'),
      eb.fn.sum<number>(sql`CASE WHEN due_at IS NOT NULL THEN 1 ELSE 0 END`).as('with_due'),
      eb.fn.sum<number>(sql`CASE WHEN due_at IS NOT NULL AND paid_at IS NOT NULL AND paid_at <= due_at THEN 1 ELSE 0 END`).as('paid_on_time'),
    ])
    .where('workspace_id', '=', ws)
    .where('client_id', '=', clientId)
    .groupBy(['status', 'currency'])
    .execute();
}

async function paymentAggregates(trx: Db, ws: string, clientId: string) {
  return trx
    .selectFrom('payments')
    .select((eb) => ['currency', eb.fn.sum<number>('amount').as('amount'), eb.fn.sum<number>('applied_amount').as('applied')])
    .where('workspace_id', '=', ws)
    .where('client_id', '=', clientId)
    .groupBy('currency')
    .execute();
}

async function contractAggregates(trx: Db, ws: string, clientId: string) {
  return trx
    .selectFrom('contracts')
    .select((eb) => ['currency', eb.fn.sum<number>('value').as('value'), eb.fn.min<string | null>('renewal_at').as('next_renewal')])
    .where('workspace_id', '=', ws)
    .where('client_id', '=', clientId)
    .where('status', '=', 'active')
    .groupBy('currency')
    .execute();
}

/** Computes a client's figures from its records as of `now` (no write). */
export async function computeClientFigures(trx: Db, ws: string, clientId: string, currency: string, now = nowIso()) {
  const [orders, invoices, payments, contracts] = await Promise.all([
    orderAggregates(trx, ws, clientId),
    invoiceAggregates(trx, ws, clientId, now),
    paymentAggregates(trx, ws, clientId),
    contractAggregates(trx, ws, clientId),
  ]);
  const f: ClientFigures = {
    currency, ordersCount: 0, completedOrders: 0, cancelledOrders: 0, onTimeOrders: 0, orderValue: {}, valuedOrders: {}, averageOrderValue: {},
    invoiced: {}, outstanding: {}, overdue: {}, revenue: {}, credit: {}, lifetimeValue: {}, contractValue: {}, onTimePaymentRate: null, paidInvoices: 0,
    computedAt: now,
  };
  let lastOrderAt: string | null = null;
  for (const o of orders) {
    const count = n(o.count);
    if (o.status === 'cancelled') {
      f.cancelledOrders += count;
      continue;
    }
    f.ordersCount += count;
    if (o.status === 'completed') {
      f.completedOrders += count;
      f.onTimeOrders += n(o.on_time);
    }
    add(f.orderValue, o.currency, n(o.value));
    if (n(o.valued)) f.valuedOrders[o.currency] = (f.valuedOrders[o.currency] ?? 0) + n(o.valued);
    const at = o.last_at ? new Date(o.last_at).toISOString() : null;
    if (at && (!lastOrderAt || at > lastOrderAt)) lastOrderAt = at;
  }
  for (const [c, count] of Object.entries(f.valuedOrders)) f.averageOrderValue[c] = Number(divideRounded(BigInt(f.orderValue[c] ?? 0), BigInt(count)));

  let withDue = 0;
  let onTime = 0;
  for (const i of invoices) {
    if (i.status === 'draft' || i.status === 'void') continue;
    add(f.invoiced, i.currency, n(i.total));
    if (i.status === 'sent') {
      add(f.outstanding, i.currency, n(i.total) - n(i.paid));
      add(f.overdue, i.currency, n(i.past_due));
    }
    if (i.status === 'paid') {
      f.paidInvoices += n(i.count);
      withDue += n(i.with_due);
      onTime += n(i.paid_on_time);
    }
  }
  f.onTimePaymentRate = withDue ? onTime / withDue : null;

  for (const p of payments) {
    add(f.revenue, p.currency, n(p.amount));
    const credit = n(p.amount) - n(p.applied);
    add(f.credit, p.currency, credit);
    add(f.outstanding, p.currency, -credit);
  }
  for (const [c, amount] of Object.entries(f.invoiced)) add(f.lifetimeValue, c, amount);
  for (const [c, amount] of Object.entries(f.credit)) add(f.lifetimeValue, c, amount);

  let nextRenewalAt: string | null = null;
  for (const k of contracts) {
    add(f.contractValue, k.currency, n(k.value));
    const at = k.next_renewal ? new Date(k.next_renewal).toISOString() : null;
    if (at && (!nextRenewalAt || at < nextRenewalAt)) nextRenewalAt = at;
  }
  return { figures: f, lastOrderAt, nextRenewalAt };
}

/**
 * Recomputes a client's figures from its orders, contracts, invoices and payments and stores
 * them, inside the caller's transaction (call it after the write). Not a profile edit: the
 * client's version and updatedAt stay. Returns the figures.
 */
export async function refreshClientFigures(trx: Db, ws: string, clientId: string, now = nowIso()): Promise<ClientFigures> {
  await lockClient(trx, ws, clientId);
  const { currency } = await orderSettingsOf(trx, ws);
  const { figures, lastOrderAt, nextRenewalAt } = await computeClientFigures(trx, ws, clientId, currency, now);
  await trx
    .updateTable('clients')
    .set({
      orders_count: figures.ordersCount,
      total_value: figures.orderValue[currency] ?? 0,
      outstanding_balance: figures.outstanding[currency] ?? 0,
      overdue_amount: figures.overdue[currency] ?? 0,
      revenue: figures.revenue[currency] ?? 0,
      last_order_at: lastOrderAt,
      next_renewal_at: nextRenewalAt,
      figures: toJson(figures),
    })
    .where('workspace_id', '=', ws)
    .where('id', '=', clientId)
    .execute();
  return figures;
}

/** The stored figures of a client row, or null before its first order or billing record. */
export const figuresOf = (row: { figures?: unknown }): ClientFigures | null => (row.figures ? fromJson<ClientFigures>(row.figures) : null);

/**
 * The client transitions orders cause, after refreshClientFigures in the same transaction:
 * the first order that is not cancelled ends isGuest (Guest → Existing); the first completed
 * order turns a prospect or trial client active. Both one-way, audited with before/after on
 * the client, with a `status` timeline entry (in the workspace's order word); the client's version moves on.
 */
export async function applyOrderTransitions(trx: Db, actor: Actor, clientId: string, figures: ClientFigures, orderWord = 'order'): Promise<void> {
  const ws = actor.workspaceId;
  const row = await trx.selectFrom('clients').select(['is_guest', 'status', 'status_reason', 'version']).where('workspace_id', '=', ws).where('id', '=', clientId).executeTakeFirst();
  if (!row) return;
  const endsGuest = Number(row.is_guest) === 1 && figures.ordersCount > 0;
  const activates = figures.completedOrders > 0 && (row.status === 'prospect' || row.status === 'trial');
  if (!endsGuest && !activates) return;
  const now = nowIso();
  await trx
    .updateTable('clients')
    .set({
      ...(endsGuest ? { is_guest: 0 } : {}),
      ...(activates ? { status: 'active', status_reason: null, status_changed_at: now } : {}),
      updated_at: now,
      version: row.version + 1,
    })
    .where('workspace_id', '=', ws)
    .where('id', '=', clientId)
    .execute();
  const by = actorForAudit(actor);
  if (endsGuest) {
    await recordAudit(trx, by, { workspaceId: ws, action: 'client.became_existing', entityType: 'client', entityId: clientId, changes: { isGuest: { before: true, after: false } } });
    await addTimelineEntry(trx, { workspaceId: ws, clientId, kind: 'status', recordId: clientId, at: now, title: `Guest → Existing: first ${orderWord} booked`, summary: { isGuest: false }, userId: actor.userId });
  }
  if (activates) {
    await recordAudit(trx, by, {
      workspaceId: ws,
      action: 'client.status_changed',
      entityType: 'client',
      entityId: clientId,
      changes: { status: { before: row.status, after: 'active' }, ...(row.status_reason ? { statusReason: { before: row.status_reason, after: null } } : {}) },
    });
    await addTimelineEntry(trx, { workspaceId: ws, clientId, kind: 'status', recordId: clientId, at: now, title: `Status: ${row.status} → active (first completed ${orderWord})`, summary: { before: row.status, after: 'active' }, userId: actor.userId });
  }
}

/**
 * Overdue amounts move with the clock, not only with writes: recomputes the figures of every
 * client that has a sent invoice past due, or an overdue amount stored, in its own
 * transaction (all workspaces, or one). The nightly `billing.overdue` job runs it. Returns how many clients it refreshed.
 */
export async function refreshOverdueFigures(db: Db, now = nowIso(), workspaceId?: string): Promise<number> {
  let dueQuery = db.selectFrom('invoices').select(['workspace_id', 'client_id']).distinct().where('status', '=', 'sent').where('due_at', '<', now);
  let flaggedQuery = db.selectFrom('clients').select(['workspace_id', 'id as client_id']).where('overdue_amount', '!=', 0);
  if (workspaceId) {
    dueQuery = dueQuery.where('workspace_id', '=', workspaceId);
    flaggedQuery = flaggedQuery.where('workspace_id', '=', workspaceId);
  }
  const [due, flagged] = await Promise.all([dueQuery.execute(), flaggedQuery.execute()]);
  const seen = new Set<string>();
  let refreshed = 0;
  for (const c of [...due, ...flagged]) {
    const key = `${c.workspace_id}/${c.client_id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    await db.transaction().execute((trx) => refreshClientFigures(trx, c.workspace_id, c.client_id, now));
    refreshed++;
  }
  return refreshed;
}

// ── Credit terms and the summary ─────────────────────────────────────────────

/** Sets a client's credit terms (net days, null = workspace default) and credit status. Not a profile edit: the version stays. */
export async function setClientCredit(trx: Db, ws: string, clientId: string, values: { netDays: number | null; status: string }): Promise<void> {
  await trx.updateTable('clients').set({ credit_terms_days: values.netDays, credit_status: values.status }).where('workspace_id', '=', ws).where('id', '=', clientId).execute();
}

/** What another module adds to GET /clients/{id}/summary (feedback: nps; loyalty, usage: extra). */
export type SummaryContribution = { nps?: number | null; extra?: Record<string, unknown> };
export type SummaryContributor = (db: Db, workspaceId: string, clientId: string) => Promise<SummaryContribution>;
const contributors: SummaryContributor[] = [];

/** Registers a contributor to the client summary (call once at module load). */
export function addSummaryContributor(contributor: SummaryContributor): void {
  if (!contributors.includes(contributor)) contributors.push(contributor);
}

/** The summary's contributions from other modules, merged. */
export async function summaryContributions(db: Db, ws: string, clientId: string): Promise<Required<SummaryContribution>> {
  const parts = await Promise.all(contributors.map((c) => c(db, ws, clientId)));
  return parts.reduce<Required<SummaryContribution>>((acc, p) => ({ nps: p.nps !== undefined ? p.nps : acc.nps, extra: { ...acc.extra, ...p.extra } }), { nps: null, extra: {} });
}

/** Open balances past due as of `now`, per currency (live: overdue moves with the clock). */
export async function overdueNow(db: Db, ws: string, clientId: string, now = nowIso()): Promise<CurrencyTotals> {
  const rows = await db
    .selectFrom('invoices')
    .select((eb) => ['currency', eb.fn.sum<number>(sql`total - paid_amount`).as('open')])
    .where('workspace_id', '=', ws)
    .where('client_id', '=', clientId)
    .where('status', '=', 'sent')
    .where('due_at', '<', now)
    .groupBy('currency')
    .execute();
  const totals: CurrencyTotals = {};
  for (const r of rows) add(totals, r.currency, n(r.open));
  return totals;
}

import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { ContractTable, Database, InvoiceTable, PaymentTable } from '../db/schema';
import { dialectOf } from '../db/dialect';
import { sql } from 'kysely';

type Db = Kysely<Database>;
export type ContractRow = Selectable<ContractTable>;
export type InvoiceRow = Selectable<InvoiceTable>;
export type PaymentRow = Selectable<PaymentTable>;
type BillingTable = 'contracts' | 'invoices' | 'payments';

const selectClientContracts = (db: Db, workspaceId: string, clientId: string) =>
  db.selectFrom('contracts').selectAll().where('workspace_id', '=', workspaceId).where('client_id', '=', clientId);

const selectClientPayments = (db: Db, workspaceId: string, clientId: string) =>
  db.selectFrom('payments').selectAll().where('workspace_id', '=', workspaceId).where('client_id', '=', clientId);

/** A client's invoices; `status` may be the derived overdue (sent, open, past due as of `now`), and sent then means not overdue. */
function selectClientInvoices(db: Db, workspaceId: string, clientId: string, status: string | undefined, now: string) {
  let q = db.selectFrom('invoices').selectAll().where('workspace_id', '=', workspaceId).where('client_id', '=', clientId);
  const overdue = sql<boolean>`(status = 'sent' AND due_at IS NOT NULL AND due_at < ${now} AND total > paid_amount)`;
  if (status === 'overdue') q = q.where(overdue);
  else if (status === 'sent') q = q.where('status', '=', 'sent').where(sql<boolean>`NOT ${overdue}`);
  else if (status) q = q.where('status', '=', status);
  return q;
}

async function countClientRecords(db: Db, table: BillingTable, workspaceId: string, clientId: string) {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).where('client_id', '=', clientId).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function countClientInvoices(db: Db, workspaceId: string, clientId: string, status: string | undefined, now: string) {
  const row = await selectClientInvoices(db, workspaceId, clientId, status, now).clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

const findContract = (db: Db, workspaceId: string, id: string) =>
  db.selectFrom('contracts').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

/** The invoice, locked until the transaction ends on PostgreSQL (payments change its paid amount). */
async function findInvoice(db: Db, workspaceId: string, id: string, opts: { lock?: boolean } = {}) {
  let q = db.selectFrom('invoices').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id);
  if (opts.lock && dialectOf(db) === 'postgres') q = q.forNoKeyUpdate();
  return q.executeTakeFirst();
}

const findInvoiceByNumber = (db: Db, workspaceId: string, numberKey: string) =>
  db.selectFrom('invoices').select(['id', 'client_id']).where('workspace_id', '=', workspaceId).where('number_key', '=', numberKey).executeTakeFirst();

const findPayment = (db: Db, workspaceId: string, id: string) =>
  db.selectFrom('payments').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

async function countInvoicePayments(db: Db, workspaceId: string, invoiceId: string) {
  const row = await db.selectFrom('payments').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).where('invoice_id', '=', invoiceId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Σ applied amounts of an invoice's payments (but one) and the latest payment date. */
async function invoicePayments(db: Db, workspaceId: string, invoiceId: string, exceptPaymentId?: string) {
  let q = db
    .selectFrom('payments')
    .select((eb) => [eb.fn.sum<number>('applied_amount').as('applied'), eb.fn.max<string | null>('paid_at').as('last_at')])
    .where('workspace_id', '=', workspaceId)
    .where('invoice_id', '=', invoiceId);
  if (exceptPaymentId) q = q.where('id', '!=', exceptPaymentId);
  const row = await q.executeTakeFirst();
  return { applied: Number(row?.applied ?? 0), lastAt: row?.last_at ? new Date(row.last_at).toISOString() : null };
}

async function insertContract(db: Db, row: Insertable<ContractTable>) {
  await db.insertInto('contracts').values(row).execute();
}
async function insertInvoice(db: Db, row: Insertable<InvoiceTable>) {
  await db.insertInto('invoices').values(row).execute();
}
async function insertPayment(db: Db, row: Insertable<PaymentTable>) {
  await db.insertInto('payments').values(row).execute();
}

/** Updates a record only if its version is still the one read; returns whether it did. */
async function updateVersioned<T extends BillingTable>(db: Db, table: T, workspaceId: string, id: string, version: number, values: Updateable<Database[T]>) {
  const result = await db
    .updateTable(table as BillingTable)
    .set({ ...(values as Updateable<ContractTable>), version: version + 1 })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Sets an invoice's paid amount, status and paid date (a payment write), bumping its version. */
async function setInvoicePaid(db: Db, workspaceId: string, id: string, values: { paid_amount: number; status: string; paid_at: string | null; updated_at: string }) {
  await db.updateTable('invoices').set({ ...values, version: sql`version + 1` }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

async function deleteRecord(db: Db, table: BillingTable, workspaceId: string, id: string) {
  await db.deleteFrom(table).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export const billingRepository = Object.freeze({
  selectClientContracts,
  selectClientInvoices,
  selectClientPayments,
  countClientRecords,
  countClientInvoices,
  findContract,
  findInvoice,
  findInvoiceByNumber,
  findPayment,
  countInvoicePayments,
  invoicePayments,
  insertContract,
  insertInvoice,
  insertPayment,
  updateVersioned,
  setInvoicePaid,
  deleteRecord,
});

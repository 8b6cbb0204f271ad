import { sql, type Kysely } from 'kysely';
import { dialectOf, jsonType, timestampType } from '../dialect';

// Client 360, part E: orders (bookings, jobs, projects), contracts, invoices, payments, a
// client's credit terms, and the client figures derived from them (kept exact by the
// transaction that writes a record: see server/clients/client.figures.ts).
//
// Money is an integer amount of minor units beside an ISO 4217 currency column; never a
// float. bigint on PostgreSQL (read back as a number), integer (64-bit) on SQLite.
// Every table is keyed by (workspace_id, id) and cascades from (workspace_id, client_id) →
// clients: a soft client delete keeps every row, a permanent delete takes them along.
// Frozen once landed.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db);
  const json = jsonType(db);
  const pg = dialectOf(db) === 'postgres';
  const amount = pg ? sql`bigint` : sql`integer`;

  // The client figures. total_value, outstanding_balance, overdue_amount and revenue are in
  // the workspace currency; figures holds every currency's totals and the rates.
  await db.schema.alterTable('clients').addColumn('orders_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('clients').addColumn('total_value', amount, (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('clients').addColumn('outstanding_balance', amount, (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('clients').addColumn('overdue_amount', amount, (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('clients').addColumn('revenue', amount, (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('clients').addColumn('next_renewal_at', ts).execute();
  await db.schema.alterTable('clients').addColumn('figures', json).execute();
  await db.schema.alterTable('clients').addColumn('credit_terms_days', 'integer').execute();
  await db.schema.alterTable('clients').addColumn('credit_status', 'text').execute();

  // The list sorts by them (keyset on (value, id), live clients only), like the other sorts.
  const live = sql`WHERE deleted_at IS NULL`;
  const nullsFirst = pg ? sql` NULLS FIRST` : sql``;
  await sql`CREATE INDEX clients_live_orders_count_idx ON clients (workspace_id, orders_count, id) ${live}`.execute(db);
  await sql`CREATE INDEX clients_live_total_value_idx ON clients (workspace_id, total_value, id) ${live}`.execute(db);
  await sql`CREATE INDEX clients_live_outstanding_idx ON clients (workspace_id, outstanding_balance, id) ${live}`.execute(db);
  await sql`CREATE INDEX clients_live_renewal_idx ON clients (workspace_id, next_renewal_at${nullsFirst}, id) ${live}`.execute(db);

  await db.schema
    .createTable('orders')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('service_type', 'text')
    .addColumn('scheduled_at', ts)
    .addColumn('scheduled_end_at', ts)
    .addColumn('completed_at', ts)
    .addColumn('cancelled_at', ts)
    .addColumn('location', 'text')
    .addColumn('assignee_id', 'text')
    // One currency per order: its estimated and actual values are amounts of it.
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('estimated_value', amount)
    .addColumn('value', amount)
    .addColumn('estimated_minutes', 'integer')
    .addColumn('actual_minutes', 'integer')
    .addColumn('on_time', 'integer')
    .addColumn('on_time_set', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rating', 'integer')
    .addColumn('notes', 'text')
    .addColumn('created_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('orders_pk', ['workspace_id', 'id'])
    .addForeignKeyConstraint('orders_client_fk', ['workspace_id', 'client_id'], 'clients', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await sql`CREATE INDEX orders_client_idx ON orders (workspace_id, client_id, created_at DESC, id DESC)`.execute(db);

  await db.schema
    .createTable('contracts')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('value', amount, (c) => c.notNull())
    .addColumn('billing_period', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('start_at', ts, (c) => c.notNull())
    .addColumn('end_at', ts)
    .addColumn('renewal_at', ts)
    .addColumn('auto_renew', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('notes', 'text')
    .addColumn('created_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('contracts_pk', ['workspace_id', 'id'])
    .addForeignKeyConstraint('contracts_client_fk', ['workspace_id', 'client_id'], 'clients', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await sql`CREATE INDEX contracts_client_idx ON contracts (workspace_id, client_id, start_at DESC, id DESC)`.execute(db);
  // Renewals coming up across the workspace (alerts of the next issue).
  await db.schema.createIndex('contracts_renewal_idx').on('contracts').columns(['workspace_id', 'renewal_at']).execute();

  await db.schema
    .createTable('invoices')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    // Upper-cased, trimmed number: unique per workspace whatever the spelling.
    .addColumn('number_key', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('lines', json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('amount', amount, (c) => c.notNull())
    .addColumn('tax_rate_bps', 'integer')
    .addColumn('tax', amount, (c) => c.notNull().defaultTo(0))
    .addColumn('total', amount, (c) => c.notNull())
    // Sum of the payments applied to it, kept by the payment writes.
    .addColumn('paid_amount', amount, (c) => c.notNull().defaultTo(0))
    // draft | sent | paid | void; "overdue" is derived (sent, open balance, past due).
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('issued_at', ts)
    .addColumn('due_at', ts)
    .addColumn('paid_at', ts)
    .addColumn('order_id', 'text')
    .addColumn('contract_id', 'text')
    .addColumn('notes', 'text')
    .addColumn('created_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('invoices_pk', ['workspace_id', 'id'])
    .addUniqueConstraint('invoices_number_uq', ['workspace_id', 'number_key'])
    .addForeignKeyConstraint('invoices_client_fk', ['workspace_id', 'client_id'], 'clients', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await sql`CREATE INDEX invoices_client_idx ON invoices (workspace_id, client_id, created_at DESC, id DESC)`.execute(db);
  // Sent invoices by due date: the nightly overdue refresh and the overdue alert.
  await db.schema.createIndex('invoices_due_idx').on('invoices').columns(['workspace_id', 'status', 'due_at']).execute();

  await db.schema
    .createTable('payments')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('invoice_id', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount', amount, (c) => c.notNull())
    // The part that settles the invoice; the rest (amount − applied) is the client's credit.
    .addColumn('applied_amount', amount, (c) => c.notNull().defaultTo(0))
    .addColumn('paid_at', ts, (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('notes', 'text')
    .addColumn('created_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('payments_pk', ['workspace_id', 'id'])
    .addForeignKeyConstraint('payments_client_fk', ['workspace_id', 'client_id'], 'clients', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    // No cascade: an invoice with payments cannot be deleted (the service says so first).
    .addForeignKeyConstraint('payments_invoice_fk', ['workspace_id', 'invoice_id'], 'invoices', ['workspace_id', 'id'])
    .execute();
  await sql`CREATE INDEX payments_client_idx ON payments (workspace_id, client_id, paid_at DESC, id DESC)`.execute(db);
  await db.schema.createIndex('payments_invoice_idx').on('payments').columns(['workspace_id', 'invoice_id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('The orders and billing migration cannot be reverted.');
}

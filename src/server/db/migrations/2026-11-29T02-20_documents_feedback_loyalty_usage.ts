import { sql, type Kysely } from 'kysely';
import { timestampType } from '../dialect';

// Documents (metadata; the bytes live in storage), feedback, referrals, the loyalty ledger,
// usage events with their daily aggregates, and clients.external_id (usage pushed by
// integrations names clients by their own ids). Frozen once landed.
//
// Every table is keyed by (workspace_id, …) and refers to its client by
// (workspace_id, client_id) with ON DELETE CASCADE: a client in Trash keeps everything, a
// permanent delete removes the rows.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db);
  // any[]: the builder types columns by the table being created, which a shared helper cannot name.
  const clientFk = (table: string, column = 'client_id'): [string, any[], string, string[]] => [
    `${table}_${column}_fk`,
    ['workspace_id', column],
    'clients',
    ['workspace_id', 'id'],
  ];

  await db.schema.alterTable('clients').addColumn('external_id', 'text').execute();
  await sql`CREATE UNIQUE INDEX clients_external_id_idx ON clients (workspace_id, external_id) WHERE external_id IS NOT NULL`.execute(db);

  await db.schema
    .createTable('documents')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('expires_at', ts)
    .addColumn('confidential', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('verification', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('uploaded_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('documents_pk', ['workspace_id', 'id'])
    .addForeignKeyConstraint(...clientFk('documents'), (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('documents_client_idx').on('documents').columns(['workspace_id', 'client_id', 'created_at', 'id']).execute();
  // The document-expiry alert (next issue) scans by expiry date.
  await sql`CREATE INDEX documents_expiry_idx ON documents (workspace_id, expires_at) WHERE expires_at IS NOT NULL`.execute(db);

  await db.schema
    .createTable('feedback')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('score', 'integer')
    .addColumn('comment', 'text')
    .addColumn('permission_to_publish', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('contact_id', 'text')
    .addColumn('received_at', ts, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('feedback_pk', ['workspace_id', 'id'])
    .addForeignKeyConstraint(...clientFk('feedback'), (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('feedback_client_idx').on('feedback').columns(['workspace_id', 'client_id', 'received_at', 'id']).execute();

  await db.schema
    .createTable('referrals')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('referrer_client_id', 'text', (c) => c.notNull())
    .addColumn('referred_client_id', 'text')
    .addColumn('referred_name', 'text')
    .addColumn('referred_email', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reward_status', 'text', (c) => c.notNull())
    .addColumn('reward_notes', 'text')
    .addColumn('notes', 'text')
    .addColumn('referred_at', ts, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('referrals_pk', ['workspace_id', 'id'])
    .addForeignKeyConstraint(...clientFk('referrals', 'referrer_client_id'), (fk) => fk.onDelete('cascade'))
    .addForeignKeyConstraint(...clientFk('referrals', 'referred_client_id'), (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('referrals_referrer_idx').on('referrals').columns(['workspace_id', 'referrer_client_id']).execute();
  await db.schema.createIndex('referrals_referred_idx').on('referrals').columns(['workspace_id', 'referred_client_id']).execute();

  // Append-only: the balance is the sum of points; balance_after is kept for reading a statement.
  await db.schema
    .createTable('loyalty_ledger')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull())
    .addColumn('balance_after', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('order_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('loyalty_ledger_pk', ['workspace_id', 'id'])
    .addForeignKeyConstraint(...clientFk('loyalty_ledger'), (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('loyalty_ledger_client_idx').on('loyalty_ledger').columns(['workspace_id', 'client_id', 'at', 'id']).execute();
  // An order earns points once, however often its completion is replayed.
  await sql`CREATE UNIQUE INDEX loyalty_ledger_order_idx ON loyalty_ledger (workspace_id, order_id) WHERE order_id IS NOT NULL AND kind = 'earned'`.execute(db);

  await db.schema
    .createTable('usage_events')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('received_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_events_pk', ['workspace_id', 'event_id'])
    .addForeignKeyConstraint(...clientFk('usage_events'), (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('usage_events_client_idx').on('usage_events').columns(['workspace_id', 'client_id', 'at']).execute();

  await db.schema
    .createTable('usage_daily')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('sum', 'double precision', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_daily_pk', ['workspace_id', 'client_id', 'metric', 'day'])
    .addForeignKeyConstraint(...clientFk('usage_daily'), (fk) => fk.onDelete('cascade'))
    .execute();
}

export async function down(): Promise<void> {
  // Migrations only move forward; restore a backup to go back.
}

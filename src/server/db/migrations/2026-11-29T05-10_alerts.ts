import { sql, type Kysely } from 'kysely';
import { jsonType, timestampType } from '../dialect';

// Alerts (issue 6, docs/dev/health-plan.md §6): rules per workspace, the alerts they open,
// one digest e-mail per user and day, the outbox that holds mail when SMTP_URL is empty, and
// each member's digest preference. Frozen once landed.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db);
  const json = jsonType(db);

  await db.schema
    .createTable('alert_rules')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('params', json, (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('deliver', json, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_rules_pk', ['workspace_id', 'id'])
    .execute();
  // The firing paths read "the enabled rules of this kind".
  await db.schema.createIndex('alert_rules_kind_idx').on('alert_rules').columns(['workspace_id', 'kind']).execute();

  await db.schema
    .createTable('alerts')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('detail', json, (c) => c.notNull())
    .addColumn('assignee_id', 'text')
    .addColumn('snoozed_until', ts)
    .addColumn('opened_at', ts, (c) => c.notNull())
    .addColumn('last_fired_at', ts, (c) => c.notNull())
    .addColumn('fire_count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('acknowledged_at', ts)
    .addColumn('acknowledged_by', 'text')
    .addColumn('resolved_at', ts)
    .addColumn('resolved_by', 'text')
    .addColumn('resolution', 'text')
    .addColumn('task_id', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('alerts_pk', ['workspace_id', 'id'])
    .addForeignKeyConstraint('alerts_client_id_fk', ['workspace_id', 'client_id'], 'clients', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .addForeignKeyConstraint('alerts_rule_id_fk', ['workspace_id', 'rule_id'], 'alert_rules', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  // One open alert per rule and client: a rule firing again bumps fire_count (INSERT … ON CONFLICT).
  await sql`CREATE UNIQUE INDEX alerts_open_idx ON alerts (workspace_id, rule_id, client_id) WHERE status <> 'resolved'`.execute(db);
  await db.schema.createIndex('alerts_status_idx').on('alerts').columns(['workspace_id', 'status', 'opened_at', 'id']).execute();
  await db.schema.createIndex('alerts_assignee_idx').on('alerts').columns(['workspace_id', 'assignee_id', 'status']).execute();
  await db.schema.createIndex('alerts_client_idx').on('alerts').columns(['workspace_id', 'client_id', 'status']).execute();
  await sql`CREATE INDEX alerts_snoozed_idx ON alerts (workspace_id, snoozed_until) WHERE status = 'snoozed'`.execute(db);

  await db.schema
    .createTable('alert_digests')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('sent_at', ts, (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addPrimaryKeyConstraint('alert_digests_pk', ['workspace_id', 'user_id', 'day'])
    .execute();

  await db.schema
    .createTable('outbox_messages')
    .addColumn('workspace_id', 'text')
    .addColumn('id', 'text', (c) => c.notNull().primaryKey())
    .addColumn('to', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('html', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('sent_at', ts)
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('outbox_messages_ws_idx').on('outbox_messages').columns(['workspace_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('notification_prefs')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('digest', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('digest_hour', 'integer', (c) => c.notNull().defaultTo(7))
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_prefs_pk', ['workspace_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['notification_prefs', 'outbox_messages', 'alert_digests', 'alerts', 'alert_rules']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

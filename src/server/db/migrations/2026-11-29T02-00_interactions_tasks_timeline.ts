import { sql, type Kysely } from 'kysely';
import { dialectOf, jsonType, timestampType } from '../dialect';

// Client 360, part D: the timeline every related record writes to, interactions, tasks, and
// the job runner's retry/backoff and schedule columns. Frozen once landed.
//
// Every related table is keyed by (workspace_id, id) and cascades from (workspace_id,
// client_id) → clients, so a permanent client delete takes its history with it while a soft
// delete keeps every row (lists hide the records of trashed clients).
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db);
  const json = jsonType(db);
  const pg = dialectOf(db) === 'postgres';

  // One row per record shown on a client's timeline, written by the record's module in the
  // same transaction as the record. (kind, record_id) finds the entry of a record again.
  await db.schema
    .createTable('timeline_entries')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', json, (c) => c.notNull().defaultTo('{}'))
    .addColumn('user_id', 'text')
    .addColumn('deleted_at', ts)
    .addPrimaryKeyConstraint('timeline_entries_pk', ['workspace_id', 'id'])
    .addForeignKeyConstraint('timeline_entries_client_fk', ['workspace_id', 'client_id'], 'clients', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  // Newest first, keyset by (at, id): one index seek per page however deep. Partial over live
  // entries, so the page's `total` is counted from the index alone.
  await sql`CREATE INDEX timeline_entries_client_at_idx ON timeline_entries (workspace_id, client_id, at DESC, id DESC) WHERE deleted_at IS NULL`.execute(db);
  // The same, filtered by kind (timeline?kind=order).
  await sql`CREATE INDEX timeline_entries_client_kind_at_idx ON timeline_entries (workspace_id, client_id, kind, at DESC, id DESC) WHERE deleted_at IS NULL`.execute(db);
  await db.schema.createIndex('timeline_entries_record_idx').on('timeline_entries').columns(['workspace_id', 'record_id', 'kind']).execute();

  await db.schema
    .createTable('interactions')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('occurred_at', ts, (c) => c.notNull())
    .addColumn('duration_minutes', 'integer')
    .addColumn('contact_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('subject', 'text')
    .addColumn('body', 'text')
    .addColumn('outcome', 'text')
    .addColumn('sentiment', 'text')
    .addColumn('priority', 'text')
    .addColumn('follow_up_at', ts)
    .addColumn('follow_up_task_id', 'text')
    // Response tracking of an inbound interaction: due by occurred_at + the workspace's target
    // for its priority; answered by the first outbound interaction after it (or by hand).
    .addColumn('response_due_at', ts)
    .addColumn('responded_at', ts)
    .addColumn('response_interaction_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('interactions_pk', ['workspace_id', 'id'])
    .addForeignKeyConstraint('interactions_client_fk', ['workspace_id', 'client_id'], 'clients', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('interactions_client_idx').on('interactions').columns(['workspace_id', 'client_id', 'occurred_at', 'id']).execute();
  // Inbound interactions still waiting for a response (the next outbound one answers them; alerts look for breaches).
  const waiting = sql`WHERE direction = 'inbound' AND responded_at IS NULL`;
  await sql`CREATE INDEX interactions_waiting_idx ON interactions (workspace_id, client_id, occurred_at) ${waiting}`.execute(db);
  await sql`CREATE INDEX interactions_due_idx ON interactions (workspace_id, response_due_at) ${waiting}`.execute(db);
  // Inbound interactions answered by a logged outbound one: re-matched when that one moves or goes.
  await sql`CREATE INDEX interactions_answered_idx ON interactions (workspace_id, client_id, responded_at) WHERE response_interaction_id IS NOT NULL`.execute(db);

  await db.schema
    .createTable('tasks')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text')
    .addColumn('contact_id', 'text')
    .addColumn('interaction_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('due_at', ts)
    .addColumn('assignee_id', 'text')
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('completed_at', ts)
    .addColumn('completed_by', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('tasks_pk', ['workspace_id', 'id'])
    // A task without a client (client_id NULL) is not checked (MATCH SIMPLE on both databases).
    .addForeignKeyConstraint('tasks_client_fk', ['workspace_id', 'client_id'], 'clients', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  // My tasks: an assignee's open (or done) tasks by due date; a client's tasks.
  const nullsFirst = pg ? sql` NULLS FIRST` : sql``;
  await sql`CREATE INDEX tasks_assignee_idx ON tasks (workspace_id, assignee_id, status, due_at${nullsFirst}, id)`.execute(db);
  await sql`CREATE INDEX tasks_workspace_due_idx ON tasks (workspace_id, status, due_at${nullsFirst}, id)`.execute(db);
  await db.schema.createIndex('tasks_client_idx').on('tasks').columns(['workspace_id', 'client_id', 'status', 'due_at']).execute();

  // Job runner: retries with exponential backoff (a failed attempt goes back to the queue
  // with run_at in the future until max_attempts), and dedupe_key so that a scheduled run is
  // queued once however many servers notice it is due.
  await db.schema.alterTable('jobs').addColumn('run_at', ts).execute();
  await db.schema.alterTable('jobs').addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('jobs').addColumn('dedupe_key', 'text').execute();
  await sql`UPDATE jobs SET run_at = created_at`.execute(db);
  await db.schema.createIndex('jobs_queue_idx').on('jobs').columns(['status', 'run_at', 'id']).execute();
  await db.schema.createIndex('jobs_dedupe_uq').on('jobs').columns(['workspace_id', 'dedupe_key']).unique().execute();

  // Recurring schedules (instance-wide, no workspace): a server whose conditional UPDATE moves
  // next_run_at forward is the one that queues the run, in the same transaction.
  await db.schema
    .createTable('schedules')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('every_seconds', 'integer', (c) => c.notNull())
    .addColumn('next_run_at', ts, (c) => c.notNull())
    .addColumn('last_run_at', ts)
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('The interactions/tasks/timeline migration cannot be reverted.');
}

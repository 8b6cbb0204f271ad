import { sql, type Kysely } from 'kysely';

// The Trash index covers only clients in Trash. As a full (workspace_id, deleted_at) index it
// matched `deleted_at IS NULL` too, and SQLite's planner took it for live-client lists: a
// scan of every live client (plus a sort) instead of walking the sort's partial index —
// seconds instead of milliseconds at 1M. Frozen once landed.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS clients_deleted_idx`.execute(db);
  await sql`CREATE INDEX clients_trash_idx ON clients (workspace_id, deleted_at) WHERE deleted_at IS NOT NULL`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The Trash index migration cannot be reverted.');
}

import { sql, type Kysely } from 'kysely';

// Every health recompute asks whether the workspace ever logged a support ticket (one that never
// did must not score every client 100 on support). Without an index the answer for a workspace
// with no tickets is a scan of all its interactions — on every interaction written. A partial
// index over tickets only answers it in one look-up and costs nothing for other kinds.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX interactions_tickets_idx ON interactions (workspace_id) WHERE kind = 'ticket'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The tickets index migration cannot be reverted.');
}

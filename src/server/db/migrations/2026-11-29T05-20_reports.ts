import { sql, type Kysely } from 'kysely';

// Reports and the dashboard read workspace-wide time ranges; without these each one would scan
// every row of the workspace (1M clients' payments, feedback…). Frozen once landed.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX payments_ws_paid_idx ON payments (workspace_id, paid_at)`.execute(db);
  await sql`CREATE INDEX feedback_ws_received_idx ON feedback (workspace_id, received_at)`.execute(db);
  await sql`CREATE INDEX referrals_ws_referred_idx ON referrals (workspace_id, referred_at)`.execute(db);
  // The waiting-only interactions_due_idx drops answered rows; compliance needs them too.
  await sql`CREATE INDEX interactions_ws_response_due_idx ON interactions (workspace_id, response_due_at) WHERE response_due_at IS NOT NULL`.execute(db);
  // The overview's latest activity of the whole workspace.
  await sql`CREATE INDEX timeline_entries_ws_at_idx ON timeline_entries (workspace_id, at DESC, id DESC) WHERE deleted_at IS NULL`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The reports indexes migration cannot be reverted.');
}

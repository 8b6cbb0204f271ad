import { sql, type Kysely } from 'kysely';

// health_scores kept each client's whole explanation (~3.7 kB of JSON: every factor's label,
// notes and measures). A full recompute rewrote all of it for nearly every client, and that write
// (and reading it back as the previous score) was most of the recompute's time. The explanation
// is a pure function of the stored inputs and the settings (computeHealth, ~35 µs), so it is
// built when someone reads it; the row keeps the inputs, scores, bands and the last change.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE health_scores DROP COLUMN explanation`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The compact health scores migration cannot be reverted.');
}

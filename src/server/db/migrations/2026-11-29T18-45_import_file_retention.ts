import type { Kysely } from 'kysely';
import { timestampType } from '../dialect';

// Import files are deleted some time after their import finished (the retention sweep); the
// import's record stays, with when its file went. Frozen once landed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('imports').addColumn('file_deleted_at', timestampType(db)).execute();
}

export async function down(): Promise<void> {
  throw new Error('The import file retention migration cannot be reverted.');
}

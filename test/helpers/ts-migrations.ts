import { register } from 'tsx/esm/api';
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../../src/server/db/migrate';

let registered = false;

/**
 * migrateToLatest as the server runs it. Kysely's FileMigrationProvider loads each migration
 * with Node's own import(), which cannot read .ts; the server runs under tsx (`--import tsx`),
 * so the tests register the same loader once per process before migrating.
 */
export async function migrateTestDatabase(db: Kysely<any>): Promise<void> {
  if (!registered) {
    register();
    registered = true;
  }
  await migrateToLatest(db);
}

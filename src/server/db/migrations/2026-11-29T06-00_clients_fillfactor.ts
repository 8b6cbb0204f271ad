import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect';

// PostgreSQL writes an updated row as a new version. When no indexed column changed and the new
// version fits on the same page, it is a HOT update: none of the ~16 indexes of `clients` is
// touched. Seeded or imported tables are packed full (fillfactor 100), so every update — a tag
// added to 100,000 clients, a version bump — moved the row to another page and inserted it into
// every index (a 1,000-row tag update: ~200 ms instead of ~60 ms). 85 % leaves room for one new
// version per page. It applies to pages written from now on; SQLite updates rows in place and
// only touches the indexes whose columns changed, so it needs nothing.
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') await sql`ALTER TABLE clients SET (fillfactor = 85)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The clients fillfactor migration cannot be reverted.');
}

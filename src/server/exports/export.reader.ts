import SQLite from 'better-sqlite3';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { dialectOf } from '../db/dialect';
import type { Database } from '../db/schema';

type Db = Kysely<Database>;
type Row = Record<string, unknown>;

/**
 * How an export reads its chunks. On SQLite it opens its own read-only connection to the
 * database file (WAL lets it read beside the app's connection) and asks for rows as arrays,
 * turned into objects by a function made once per query shape: better-sqlite3 builds object
 * rows about twice as slowly, and at a million clients reading is most of an export's time.
 * PostgreSQL (and an in-memory SQLite database) read through Kysely as everything else does.
 */
export type ChunkReader = { all<T>(query: RawBuilder<T>): Promise<T[]>; close(): void };

const kyselyReader = (db: Db): ChunkReader => ({ all: async (query) => (await query.execute(db)).rows, close: () => {} });

export async function openChunkReader(db: Db): Promise<ChunkReader> {
  if (dialectOf(db) !== 'sqlite') return kyselyReader(db);
  const { rows } = await sql<{ file: string }>`SELECT file FROM pragma_database_list WHERE name = 'main'`.execute(db);
  const file = rows[0]?.file;
  if (!file) return kyselyReader(db);
  const conn = new SQLite(file, { readonly: true, fileMustExist: true });
  conn.pragma('busy_timeout = 5000');
  const statements = new Map<string, { stmt: SQLite.Statement; build: (r: unknown[]) => Row }>();
  return {
    async all<T>(query: RawBuilder<T>) {
      const compiled = query.compile(db);
      let prepared = statements.get(compiled.sql);
      if (!prepared) {
        const stmt = conn.prepare(compiled.sql).raw(true);
        const names = stmt.columns().map((c) => c.name);
        // Column names come from our own SELECT list (fixed identifiers), so they are safe to inline.
        const build = new Function('r', `return {${names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ')}};`) as (r: unknown[]) => Row;
        prepared = { stmt, build };
        statements.set(compiled.sql, prepared);
      }
      return (prepared.stmt.all(...(compiled.parameters as unknown[])) as unknown[][]).map(prepared.build) as T[];
    },
    close: () => conn.close(),
  };
}

import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

export type Db = Kysely<Database>;
export type DialectName = 'sqlite' | 'postgres';

// timestamptz and date come back as ISO strings on both databases, so the application
// never sees a Date from one dialect and a string from the other.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, (v) => new Date(v).toISOString());
pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (v) => new Date(`${v}Z`).toISOString());
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

// Kysely keeps its driver's handle private; bulk paths (imports) need the raw better-sqlite3
// handle for prepared statements. Keyed by the adapter, which a transaction shares with its db.
const sqliteHandles = new WeakMap<object, SQLite.Database>();

/** The better-sqlite3 handle under a Kysely db or transaction opened here; null on PostgreSQL. */
export const sqliteHandleOf = (db: Kysely<any>): SQLite.Database | null => sqliteHandles.get(db.getExecutor().adapter) ?? null;

export type OpenDatabaseOptions = { databaseUrl: string; dataDir: string; sqliteFile?: string; poolSize?: number };

/** Opens the database the configuration names: PostgreSQL for a postgres:// URL, else SQLite in the data directory. */
export function openDatabase(options: OpenDatabaseOptions): { db: Db; dialect: DialectName } {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, connectionTimeoutMillis: 10_000 });
    // An idle client that loses its connection must not crash the process.
    pool.on('error', () => {});
    return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
  }
  const file = options.sqliteFile ?? path.join(options.dataDir, 'rapport.sqlite');
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  sqliteHandles.set(db.getExecutor().adapter, sqlite);
  return { db, dialect: 'sqlite' };
}

import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { DialectName } from './database';

/**
 * The few places where SQLite and PostgreSQL differ, each behind one small function.
 * Migrations use these too, so a column's type is decided in one place.
 */
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Column type for a UTC instant: timestamptz on PostgreSQL, ISO-8601 text on SQLite. */
export function timestampType(db: Kysely<any>) {
  return dialectOf(db) === 'postgres' ? sql`timestamptz` : sql`text`;
}

/** Column type for a JSON document: jsonb on PostgreSQL, text on SQLite. */
export function jsonType(db: Kysely<any>) {
  return dialectOf(db) === 'postgres' ? sql`jsonb` : sql`text`;
}

/** Serialises a value for a JSON column (both dialects accept a JSON string on insert). */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

/** Reads a JSON column: pg has already parsed jsonb, SQLite hands back the text. */
export function fromJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** Whether an error is a unique-constraint violation, on either database. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string } | null;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Whether an error is PostgreSQL refusing a value for a column's type (SQLSTATE class 22, "data exception"). */
export function isInvalidValue(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('22') && code.length === 5;
}

/**
 * Makes concurrent transactions that take the same key run one after another (PostgreSQL
 * advisory lock, released at commit). SQLite already runs one write transaction at a time.
 */
export async function lockTransaction(trx: Kysely<any>, key: number): Promise<void> {
  if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(${key})`.execute(trx);
}

/** A stable 31-bit number for a lock name such as `team:<workspace id>`. */
export function lockKey(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) | 0;
  return h & 0x7fffffff;
}

/**
 * Keeps the query planner's statistics fresh. SQLite gathers none by itself: without them it
 * picks the wrong one of the client list's many indexes (seen at 1M clients), so the server
 * runs this after migrating and hourly. PostgreSQL's autovacuum already analyses.
 */
export async function refreshPlannerStatistics(db: Kysely<any>, firstRun = false): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  // 0x10002: analyse tables that were never analysed too, with a row limit so it stays quick.
  await sql.raw(firstRun ? 'PRAGMA optimize=0x10002' : 'PRAGMA optimize').execute(db);
}

import type { Kysely } from 'kysely';
import { newId } from '../db/ids';
import type { Database } from '../db/schema';
import { AppError } from '../http/problem';

/**
 * Failed logins are counted in the database, not in process memory, so the limit holds
 * across restarts and across several API servers behind a load balancer.
 */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 30;

type Db = Kysely<Database>;

/** Throws 429 with Retry-After when the account or the address has failed too often lately. */
export async function assertLoginAllowed(db: Db, email: string, ip: string, now = Date.now()): Promise<void> {
  const since = new Date(now - LOGIN_WINDOW_MS).toISOString();
  const [byEmail, byIp] = await Promise.all([
    recentFailures(db, 'email', email, since, MAX_FAILURES_PER_ACCOUNT),
    recentFailures(db, 'ip', ip, since, MAX_FAILURES_PER_IP),
  ]);
  const blocking = [byEmail, byIp].filter((f): f is string => f !== null);
  if (blocking.length === 0) return;
  // Allowed again once the oldest failure that counts falls out of the window.
  const until = Math.max(...blocking.map((at) => Date.parse(at) + LOGIN_WINDOW_MS));
  const retryAfter = Math.max(1, Math.ceil((until - now) / 1000));
  throw new AppError(
    429,
    'too_many_login_attempts',
    `Too many failed sign-in attempts. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`,
    undefined,
    { retryAfter },
    { 'retry-after': String(retryAfter) },
  );
}

/** The time of the failure that makes `limit` within the window, or null when under the limit. */
async function recentFailures(db: Db, column: 'email' | 'ip', value: string, since: string, limit: number): Promise<string | null> {
  const rows = await db
    .selectFrom('login_attempts')
    .select('at')
    .where(column, '=', value)
    .where('at', '>=', since)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
  return rows.length >= limit ? rows[rows.length - 1]!.at : null;
}

export async function recordLoginFailure(db: Db, email: string, ip: string, at: string): Promise<void> {
  await db.insertInto('login_attempts').values({ id: newId(), email, ip, at }).execute();
}

/** A successful login clears the account's count (the address keeps its own). */
export async function clearLoginFailures(db: Db, email: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('email', '=', email).execute();
}

export async function pruneLoginAttempts(db: Db, now = Date.now()): Promise<void> {
  await db.deleteFrom('login_attempts').where('at', '<', new Date(now - LOGIN_WINDOW_MS).toISOString()).execute();
}

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database>;

/** Months of health history kept before the current one: a point per day for at least 2 years. */
export const HISTORY_MONTHS_KEPT = 25;
const CHUNK = 5_000;

/** The first month kept ('YYYY-MM'): the current month minus HISTORY_MONTHS_KEPT. */
export function historyCutoffMonth(now: Date, kept = HISTORY_MONTHS_KEPT): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - kept, 1));
  return d.toISOString().slice(0, 7);
}

/**
 * Deletes health_history months older than the cutoff, in every workspace. Walks the clients
 * (trashed ones too) in keyset chunks so each DELETE is one range of the history's primary key
 * (workspace_id, client_id, month) — never a scan of the whole table in one statement — and
 * yields between chunks (on SQLite a long delete would hold the event loop and the write lock).
 */
export async function pruneHealthHistory(db: Db, now = new Date()): Promise<{ deleted: number; cutoff: string }> {
  const cutoff = historyCutoffMonth(now);
  let deleted = 0;
  const workspaces = await db.selectFrom('workspaces').select('id').execute();
  for (const { id: workspaceId } of workspaces) {
    for (let after = ''; ; ) {
      const ids = await db.selectFrom('clients').select('id').where('workspace_id', '=', workspaceId).where('id', '>', after).orderBy('id').limit(CHUNK).execute();
      if (!ids.length) break;
      const first = ids[0]!.id;
      after = ids[ids.length - 1]!.id;
      const r = await db
        .deleteFrom('health_history')
        .where('workspace_id', '=', workspaceId)
        .where('client_id', '>=', first)
        .where('client_id', '<=', after)
        .where('month', '<', cutoff)
        .executeTakeFirst();
      deleted += Number(r.numDeletedRows);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return { deleted, cutoff };
}

let prunedUpTo: string | null = null;

/**
 * For the hourly housekeeping: the cutoff moves once a month, so after one pass for a cutoff
 * the next hours have nothing to delete and skip the walk.
 */
export async function pruneHealthHistoryWhenDue(db: Db, now = new Date()): Promise<void> {
  const cutoff = historyCutoffMonth(now);
  if (prunedUpTo === cutoff) return;
  await pruneHealthHistory(db, now);
  prunedUpTo = cutoff;
}

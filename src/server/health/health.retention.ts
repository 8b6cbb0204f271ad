import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { registerJobHandler } from '../jobs/job.runner';
import { enqueueJob } from '../jobs/job.service';
import { nextDailyAt, registerSchedule } from '../jobs/job.schedule';

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
export async function pruneHealthHistory(db: Db, now = new Date(), onlyWorkspaceId?: string): Promise<{ deleted: number; cutoff: string }> {
  const cutoff = historyCutoffMonth(now);
  let deleted = 0;
  const workspaces = onlyWorkspaceId ? [{ id: onlyWorkspaceId }] : await db.selectFrom('workspaces').select('id').execute();
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

export const HEALTH_HISTORY_PRUNE_JOB = 'health.history_prune';

/**
 * Nightly at 03:30 UTC, one job per workspace (after the 03:00 recompute has written the day's
 * points). It ran in the hourly housekeeping before, so every server start walked every client
 * (200 keyset reads and range deletes at 1M) while the first requests and jobs were served.
 */
registerJobHandler(HEALTH_HISTORY_PRUNE_JOB, async (ctx) => pruneHealthHistory(ctx.db, new Date(), ctx.workspaceId), { maxAttempts: 3, backoffMs: 60_000 });
registerSchedule({
  name: HEALTH_HISTORY_PRUNE_JOB,
  everySeconds: 86_400,
  firstRunAt: (now) => new Date(Date.parse(nextDailyAt(now - 30 * 60_000, 3)) + 30 * 60_000).toISOString(),
  enqueue: async (trx, runAt) => {
    for (const { id } of await trx.selectFrom('workspaces').select('id').execute()) {
      await enqueueJob(trx, { workspaceId: id, kind: HEALTH_HISTORY_PRUNE_JOB, params: {}, createdBy: null, dedupeKey: `${HEALTH_HISTORY_PRUNE_JOB}:${runAt}` });
    }
  },
});

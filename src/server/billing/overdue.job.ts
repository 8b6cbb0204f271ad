import type { Kysely } from 'kysely';
import { refreshOverdueFigures } from '../clients/client.figures';
import type { Database } from '../db/schema';
import { registerJobHandler, type JobContext } from '../jobs/job.runner';
import { nextDailyAt, registerSchedule } from '../jobs/job.schedule';
import { enqueueJob } from '../jobs/job.service';

type Db = Kysely<Database>;

export const OVERDUE_JOB = 'billing.overdue';
type Params = { plannedAt?: string };

/** Invoices fall due with the clock, not with a write: refreshes the overdue figures of one workspace's clients. */
export async function runOverdueRefresh(ctx: JobContext<Params>): Promise<Record<string, unknown>> {
  return { refreshed: await refreshOverdueFigures(ctx.db, undefined, ctx.workspaceId) };
}

/** Queues the refresh for every workspace with sent invoices, once per planned run. */
export async function enqueueOverdueRuns(trx: Db, plannedAt: string): Promise<void> {
  const rows = await trx.selectFrom('invoices').select('workspace_id').distinct().where('status', '=', 'sent').execute();
  for (const { workspace_id: workspaceId } of rows) {
    await enqueueJob(trx, { workspaceId, kind: OVERDUE_JOB, params: { plannedAt }, createdBy: null, dedupeKey: `${OVERDUE_JOB}:${plannedAt}` });
  }
}

registerJobHandler<Params, unknown>(OVERDUE_JOB, runOverdueRefresh, { maxAttempts: 5, backoffMs: 60_000 });
registerSchedule({ name: OVERDUE_JOB, everySeconds: 86_400, firstRunAt: (now) => nextDailyAt(now, 1), enqueue: enqueueOverdueRuns });

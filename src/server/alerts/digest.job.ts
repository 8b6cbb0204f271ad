import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { registerJobHandler, type JobContext } from '../jobs/job.runner';
import { registerSchedule } from '../jobs/job.schedule';
import { enqueueJob } from '../jobs/job.service';
import { runDigests } from './digest.service';

type Db = Kysely<Database>;

export const DIGEST_JOB = 'alerts.digest';
type Params = { plannedAt?: string };

/** Hourly: members whose local digest hour has passed get today's digest (once; alert_digests). */
export async function runDigestJob(ctx: JobContext<Params>): Promise<Record<string, unknown>> {
  return runDigests(ctx.db, ctx.workspaceId);
}

export async function enqueueDigests(trx: Db, plannedAt: string): Promise<void> {
  for (const { id } of await trx.selectFrom('workspaces').select('id').execute()) {
    await enqueueJob(trx, { workspaceId: id, kind: DIGEST_JOB, params: { plannedAt }, createdBy: null, dedupeKey: `${DIGEST_JOB}:${plannedAt}` });
  }
}

registerJobHandler<Params, unknown>(DIGEST_JOB, runDigestJob, { maxAttempts: 3, backoffMs: 120_000 });
registerSchedule({ name: DIGEST_JOB, everySeconds: 3600, firstRunAt: (now) => new Date(Math.ceil(now / 3_600_000) * 3_600_000).toISOString(), enqueue: enqueueDigests });

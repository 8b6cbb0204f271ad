import type { Kysely } from 'kysely';
import type { HealthOverride } from '../../domain/healthOverride';
import { addTimelineEntry } from '../activity/timeline';
import { recordAudit, type AuditActor } from '../audit/audit.service';
import { dialectOf, fromJson } from '../db/dialect';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { registerJobHandler, type JobContext } from '../jobs/job.runner';
import { nextDailyAt, registerSchedule } from '../jobs/job.schedule';
import { enqueueJob } from '../jobs/job.service';
import { healthRepository as repo } from './health.repository';
import { healthWorkspaceOf, recomputeClientHealth, recomputeHealthBatch, setHealthQueueWaker } from './health.service';

type Db = Kysely<Database>;

export const HEALTH_NIGHTLY_JOB = 'health.nightly';
export const HEALTH_RECOMPUTE_JOB = 'health.recompute_all';
export const HEALTH_QUEUE_JOB = 'health.queue';
/** Ids per batch: one gathering pass per source over a keyset range of ids. */
export const FULL_BATCH = 5_000;
const QUEUE_BATCH = 500;
const rule: AuditActor = { userId: null, apiKeyId: null, ip: null as unknown as string, label: 'Health recompute' };

type State = { afterId: string; overridesCleared?: boolean };

/** Clears overrides past their expiry (effectiveHealth already ignores them): audited, on the timeline. */
async function clearExpiredOverrides(db: Db, workspaceId: string, now: string): Promise<number> {
  const expired = await repo.expiredOverrides(db, workspaceId, now);
  for (const e of expired) {
    await db.transaction().execute(async (trx) => {
      const override = e.override ? fromJson<HealthOverride>(e.override) : null;
      await repo.setOverride(trx, workspaceId, e.client_id, null, null);
      await recomputeClientHealth(trx, workspaceId, e.client_id, now);
      await recordAudit(trx, rule, { workspaceId, action: 'health.override_expired', entityType: 'client', entityId: e.client_id, changes: { override: { before: override, after: null } } });
      await addTimelineEntry(
        trx,
        { workspaceId, clientId: e.client_id, kind: 'health', recordId: e.client_id, at: now, title: `Health override expired${override ? ` (${override.reason})` : ''}`, summary: { override }, userId: null },
        { touchActivity: false },
      );
    });
  }
  return expired.length;
}

/**
 * Recomputes every live client of a workspace: batches of 5,000 ids in keyset order, each
 * gathered set-based and written in one transaction; resumable from the last id.
 */
export async function runFullRecompute(ctx: JobContext<{ plannedAt?: string }, State>): Promise<Record<string, unknown>> {
  const now = nowIso();
  let afterId = ctx.state?.afterId ?? '';
  let done = ctx.done;
  let overridesExpired = Number(ctx.result?.overridesExpired ?? 0);
  if (!ctx.state?.overridesCleared) {
    overridesExpired = await clearExpiredOverrides(ctx.db, ctx.workspaceId, now);
    await ctx.progress(done, { afterId, overridesCleared: true }, { overridesExpired });
  }
  await ctx.setTotal(await repo.countLive(ctx.db, ctx.workspaceId));
  const hw = await healthWorkspaceOf(ctx.db, ctx.workspaceId);
  // PostgreSQL: two batches side by side, one transaction each — while one lane's statements
  // run in the database (another core), the other scores in JavaScript. SQLite has one writer.
  // The checkpoint follows both lanes; a batch redone after a crash finds its rows as written.
  const lanes = dialectOf(ctx.db) === 'postgres' ? 2 : 1;
  for (;;) {
    const ids = await repo.liveClientIds(ctx.db, ctx.workspaceId, afterId, FULL_BATCH * lanes);
    if (!ids.length) break;
    const parts = Array.from({ length: Math.ceil(ids.length / FULL_BATCH) }, (_, i) => ids.slice(i * FULL_BATCH, (i + 1) * FULL_BATCH));
    const counts = await Promise.all(parts.map((part) => ctx.db.transaction().execute((trx) => recomputeHealthBatch(trx, hw, { fromId: part[0]!, toId: part[part.length - 1]! }, now))));
    done += counts.reduce((a, b) => a + b, 0);
    afterId = ids[ids.length - 1]!;
    await ctx.progress(done, { afterId, overridesCleared: true }, { recomputed: done, overridesExpired });
  }
  return { recomputed: done, overridesExpired };
}

/** Drains the health queue of a workspace, 500 clients per transaction. */
export async function drainHealthQueue(ctx: JobContext): Promise<Record<string, unknown>> {
  let done = ctx.done;
  const hw = await healthWorkspaceOf(ctx.db, ctx.workspaceId);
  for (;;) {
    const ids = await repo.queuedBatch(ctx.db, ctx.workspaceId, QUEUE_BATCH);
    if (!ids.length) break;
    await ctx.db.transaction().execute(async (trx) => {
      await recomputeHealthBatch(trx, hw, { ids }, nowIso());
      await repo.unqueue(trx, ctx.workspaceId, ids);
    });
    done += ids.length;
    await ctx.progress(done, undefined, { recomputed: done });
  }
  return { recomputed: done };
}

/** A full recompute now (settings saved, POST /health/recompute); returns the job id. */
export const enqueueHealthRecompute = (db: Db, workspaceId: string, createdBy: string | null) =>
  enqueueJob(db, { workspaceId, kind: HEALTH_RECOMPUTE_JOB, params: {}, createdBy });

/**
 * Wakes the queue drain: one job per minute, run when the minute is over, so every client
 * queued during the minute is in the queue when it runs.
 */
async function wakeQueue(trx: Db, workspaceId: string): Promise<void> {
  const next = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 60_000).toISOString();
  await enqueueJob(trx, { workspaceId, kind: HEALTH_QUEUE_JOB, params: {}, createdBy: null, runAt: next, dedupeKey: `${HEALTH_QUEUE_JOB}:${next.slice(0, 16)}` });
}

async function enqueueNightlyRuns(trx: Db, plannedAt: string): Promise<void> {
  for (const workspaceId of await repo.workspaceIds(trx)) {
    await enqueueJob(trx, { workspaceId, kind: HEALTH_NIGHTLY_JOB, params: { plannedAt }, createdBy: null, dedupeKey: `${HEALTH_NIGHTLY_JOB}:${plannedAt}` });
  }
}

setHealthQueueWaker(wakeQueue);
registerJobHandler(HEALTH_NIGHTLY_JOB, runFullRecompute, { maxAttempts: 5, backoffMs: 60_000 });
registerJobHandler(HEALTH_RECOMPUTE_JOB, runFullRecompute, { maxAttempts: 3, backoffMs: 30_000 });
registerJobHandler(HEALTH_QUEUE_JOB, drainHealthQueue, { maxAttempts: 5, backoffMs: 30_000 });
// After billing.overdue (01:00) and activity.inactivity (02:00), whose changes it reads.
registerSchedule({ name: HEALTH_NIGHTLY_JOB, everySeconds: 86_400, firstRunAt: (now) => nextDailyAt(now, 3), enqueue: enqueueNightlyRuns });

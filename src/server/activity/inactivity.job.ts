import type { Kysely } from 'kysely';
import { recordAudit, type AuditActor } from '../audit/audit.service';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { registerJobHandler, type JobContext } from '../jobs/job.runner';
import { nextDailyAt, registerSchedule } from '../jobs/job.schedule';
import { enqueueJob } from '../jobs/job.service';
import { activitySettingsOf } from './activity-settings.service';
import { inactivityRepository } from './inactivity.repository';
import { addTimelineEntry } from './timeline';

type Db = Kysely<Database>;

export const INACTIVITY_JOB = 'activity.inactivity';
const BATCH = 500;
// No request behind a scheduled rule, so no address: the column is nullable, the Actor type is not.
const rule: AuditActor = { userId: null, apiKeyId: null, ip: null as unknown as string, label: 'Inactivity rule' };

type Params = { plannedAt?: string };
type State = { afterId: string };

/**
 * The inactivity rule for one workspace: active clients with no activity for
 * settings.activity.inactivityDays (last activity, or creation when there is none) turn
 * inactive. Each change is audited with before/after and shown on the client's timeline.
 * Batches of 500 in their own transaction, resumable from the last id.
 */
export async function runInactivityRule(ctx: JobContext<Params, State>): Promise<Record<string, unknown>> {
  const settings = await activitySettingsOf(ctx.db, ctx.workspaceId);
  const now = nowIso();
  const cutoff = new Date(Date.parse(now) - settings.inactivityDays * 86_400_000).toISOString();
  const reason = `No activity for ${settings.inactivityDays} days`;
  let afterId = ctx.state?.afterId ?? '';
  let changed = Number(ctx.result?.changed ?? 0);
  for (;;) {
    const idle = await inactivityRepository.selectIdle(ctx.db, ctx.workspaceId, cutoff, afterId, BATCH);
    if (!idle.length) break;
    const byId = new Map(idle.map((c) => [c.id, c]));
    changed += await ctx.db.transaction().execute(async (trx) => {
      const ids = await inactivityRepository.markInactive(trx, ctx.workspaceId, idle.map((c) => c.id), cutoff, reason, now);
      for (const id of ids) {
        const before = byId.get(id)!;
        await recordAudit(trx, rule, {
          workspaceId: ctx.workspaceId,
          action: 'client.status_changed',
          entityType: 'client',
          entityId: id,
          changes: {
            status: { before: 'active', after: 'inactive' },
            statusReason: { before: before.status_reason, after: reason },
            lastActivityAt: { before: before.last_activity_at, after: before.last_activity_at },
          },
        });
        // A rule acting is not activity with the client: last activity stays where it was.
        await addTimelineEntry(
          trx,
          { workspaceId: ctx.workspaceId, clientId: id, kind: 'status', recordId: id, at: now, title: `Status: active → inactive (${reason.toLowerCase()})`, summary: { before: 'active', after: 'inactive', rule: 'inactivity', inactivityDays: settings.inactivityDays }, userId: null },
          { touchActivity: false },
        );
      }
      return ids.length;
    });
    afterId = idle[idle.length - 1]!.id;
    await ctx.progress(changed, { afterId }, { changed });
  }
  return { changed, inactivityDays: settings.inactivityDays, cutoff };
}

/** Queues the rule for every workspace, once per planned run (the dedupe key names the run). */
export async function enqueueInactivityRuns(trx: Db, plannedAt: string): Promise<void> {
  for (const workspaceId of await inactivityRepository.workspaceIds(trx)) {
    await enqueueJob(trx, { workspaceId, kind: INACTIVITY_JOB, params: { plannedAt }, createdBy: null, dedupeKey: `${INACTIVITY_JOB}:${plannedAt}` });
  }
}

registerJobHandler<Params, State>(INACTIVITY_JOB, runInactivityRule, { maxAttempts: 5, backoffMs: 60_000 });
registerSchedule({ name: INACTIVITY_JOB, everySeconds: 86_400, firstRunAt: (now) => nextDailyAt(now, 2), enqueue: enqueueInactivityRuns });

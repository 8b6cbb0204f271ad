import os from 'node:os';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { INACTIVITY_JOB } from '../../src/server/activity/inactivity.job';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { openDatabase } from '../../src/server/db/database';
import { registerJobHandler, runNextJob, startJobRunner } from '../../src/server/jobs/job.runner';
import { runDueSchedules } from '../../src/server/jobs/job.schedule';
import { enqueueJob } from '../../src/server/jobs/job.service';
import { DIALECTS, PUBLIC_URL, describeDialect, useTestApp } from '../helpers/app';
import { createClient, put } from '../helpers/clients';
import { call, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';
import { databaseUrl } from '../helpers/postgres';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();

// Fails until its attempt number reaches params.succeedOn.
const flakyFailures = new Map<string, number>();
registerJobHandler<{ succeedOn: number }, never>(
  'test.flaky',
  async (ctx) => {
    const failures = flakyFailures.get(ctx.jobId) ?? 0;
    if (failures + 1 < ctx.params.succeedOn) {
      flakyFailures.set(ctx.jobId, failures + 1);
      throw new Error(`attempt ${failures + 1} failed`);
    }
    return { failuresFirst: failures };
  },
  { maxAttempts: 3, backoffMs: 60 },
);

// Records which worker ran it: the two-instance test counts runs per job.
const runsOf = new Map<string, string[]>();
registerJobHandler<{ worker?: string }, never>('test.once', async (ctx) => {
  const row = await ctx.db.selectFrom('jobs').select('locked_by').where('id', '=', ctx.jobId).executeTakeFirstOrThrow();
  runsOf.set(ctx.jobId, [...(runsOf.get(ctx.jobId) ?? []), row.locked_by!]);
  await sleep(5);
  return {};
});

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    let ws: Awaited<ReturnType<typeof isolatedWorkspace>>;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
      ws = await isolatedWorkspace(t.app, owner);
    });
    const jobRow = (id: string) => t.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const drain = async () => {
      while ((await runNextJob(t.db)) !== null) {
        // next
      }
    };

    it('retries a failed attempt after an exponential backoff, then fails for good after max attempts', async () => {
      const id = await enqueueJob(t.db, { workspaceId: ws.workspace.id, kind: 'test.flaky', params: { succeedOn: 3 }, createdBy: null });
      expect((await jobRow(id)).max_attempts).toBe(3);
      let failedAt = Date.now();
      expect(await runNextJob(t.db)).toBe(id);
      let row = await jobRow(id);
      expect(row).toMatchObject({ status: 'queued', attempts: 1, error: 'attempt 1 failed', locked_by: null });
      const firstDelay = Date.parse(row.run_at!) - failedAt;
      expect(firstDelay).toBeGreaterThanOrEqual(55);
      expect(await runNextJob(t.db)).toBeNull(); // not due yet
      await sleep(Date.parse(row.run_at!) - Date.now() + 5);
      failedAt = Date.now();
      expect(await runNextJob(t.db)).toBe(id);
      row = await jobRow(id);
      expect(row).toMatchObject({ status: 'queued', attempts: 2, error: 'attempt 2 failed' });
      const secondDelay = Date.parse(row.run_at!) - failedAt;
      expect(secondDelay).toBeGreaterThanOrEqual(115); // doubled
      await sleep(Date.parse(row.run_at!) - Date.now() + 5);
      expect(await runNextJob(t.db)).toBe(id);
      const done = (await call(t.app, 'GET', `/api/v1/jobs/${id}`, { as: ws.cookie })).json();
      expect(done).toMatchObject({ status: 'completed', result: { failuresFirst: 2 } });
      expect((await jobRow(id)).attempts).toBe(3);

      // Never succeeds within 2 attempts: failed, with the last error.
      const doomed = await enqueueJob(t.db, { workspaceId: ws.workspace.id, kind: 'test.flaky', params: { succeedOn: 10 }, createdBy: null, maxAttempts: 2 });
      await runNextJob(t.db);
      await sleep(Date.parse((await jobRow(doomed)).run_at!) - Date.now() + 5);
      await runNextJob(t.db);
      expect(await jobRow(doomed)).toMatchObject({ status: 'failed', attempts: 2, error: 'attempt 2 failed' });
    });

    it('the inactivity rule turns idle active clients inactive: audited, on the timeline, activity untouched', async () => {
      const w = await isolatedWorkspace(t.app, owner);
      expect((await put(t.app, '/api/v1/settings/activity', w.cookie, { inactivityDays: 30 })).statusCode).toBe(200);
      const idle = await createClient(t.app, w.cookie, { status: 'active' });
      const neverActive = await createClient(t.app, w.cookie, { status: 'active' });
      const busy = await createClient(t.app, w.cookie, { status: 'active' });
      const prospect = await createClient(t.app, w.cookie, { status: 'prospect' });
      const trashed = await createClient(t.app, w.cookie, { status: 'active' });
      const wsId = w.workspace.id;
      await t.db.updateTable('clients').set({ last_activity_at: daysAgo(40), created_at: daysAgo(100) }).where('workspace_id', '=', wsId).where('id', 'in', [idle.id, trashed.id]).execute();
      await t.db.updateTable('clients').set({ created_at: daysAgo(31) }).where('workspace_id', '=', wsId).where('id', 'in', [neverActive.id, prospect.id, busy.id]).execute();
      // Logging a call counts as activity.
      expect((await call(t.app, 'POST', `/api/v1/clients/${busy.id}/interactions`, { as: w.cookie, body: { kind: 'call', occurredAt: daysAgo(2) } })).statusCode).toBe(201);
      expect((await call(t.app, 'DELETE', `/api/v1/clients/${trashed.id}`, { as: w.cookie })).statusCode).toBe(204);

      const jobId = await enqueueJob(t.db, { workspaceId: wsId, kind: INACTIVITY_JOB, params: {}, createdBy: null });
      await drain();
      expect((await jobRow(jobId)).status).toBe('completed');
      const status = async (id: string) => (await t.db.selectFrom('clients').select(['status', 'status_reason', 'last_activity_at', 'version']).where('workspace_id', '=', wsId).where('id', '=', id).executeTakeFirstOrThrow());
      const idleAfter = await status(idle.id);
      expect(idleAfter).toMatchObject({ status: 'inactive', status_reason: 'No activity for 30 days' });
      expect(Date.now() - Date.parse(idleAfter.last_activity_at!)).toBeGreaterThan(39 * 86_400_000); // the rule is not activity
      expect((await status(idle.id)).version).toBe(idle.version + 1);
      expect((await status(neverActive.id)).status).toBe('inactive');
      expect((await status(busy.id)).status).toBe('active');
      expect((await status(prospect.id)).status).toBe('prospect');
      expect((await status(trashed.id)).status).toBe('active');
      expect((await call(t.app, 'GET', `/api/v1/jobs/${jobId}`, { as: w.cookie })).json().result).toMatchObject({ changed: 2, inactivityDays: 30 });

      const audit = await t.db.selectFrom('audit_events').select(['entity_id', 'changes', 'actor_label']).where('workspace_id', '=', wsId).where('action', '=', 'client.status_changed').execute();
      expect(audit.map((a) => a.entity_id).sort()).toEqual([idle.id, neverActive.id].sort());
      const changes = audit.map((a) => (typeof a.changes === 'string' ? JSON.parse(a.changes) : a.changes));
      expect(changes[0].status).toEqual({ before: 'active', after: 'inactive' });
      expect(audit[0]!.actor_label).toBe('Inactivity rule');
      const timeline = (await call(t.app, 'GET', `/api/v1/clients/${idle.id}/timeline?kind=status`, { as: w.cookie })).json();
      expect(timeline.data).toHaveLength(1);
      expect(timeline.data[0]).toMatchObject({ kind: 'status', recordId: idle.id, userId: null, summary: { before: 'active', after: 'inactive' } });

      // Run again: nothing more to do.
      const again = await enqueueJob(t.db, { workspaceId: wsId, kind: INACTIVITY_JOB, params: {}, createdBy: null });
      await drain();
      expect((await jobRow(again)).result).toBeTruthy();
      expect((await call(t.app, 'GET', `/api/v1/jobs/${again}`, { as: w.cookie })).json().result.changed).toBe(0);
    });

    it('a due schedule is queued once per run however many runners look, and survives as a row', async () => {
      expect(await runDueSchedules(t.db)).toEqual([]);
      const row = await t.db.selectFrom('schedules').selectAll().where('name', '=', INACTIVITY_JOB).executeTakeFirstOrThrow();
      expect(new Date(row.next_run_at).getUTCHours()).toBe(2);
      expect(Date.parse(row.next_run_at)).toBeGreaterThan(Date.now());
      // Three days of downtime: caught up once, next run in the future.
      const missed = new Date(Date.parse(row.next_run_at) - 3 * 86_400_000).toISOString();
      await t.db.updateTable('schedules').set({ next_run_at: missed }).where('name', '=', INACTIVITY_JOB).execute();
      const fired = await Promise.all([runDueSchedules(t.db), runDueSchedules(t.db), runDueSchedules(t.db)]);
      expect(fired.flat()).toEqual([INACTIVITY_JOB]);
      const after = await t.db.selectFrom('schedules').selectAll().where('name', '=', INACTIVITY_JOB).executeTakeFirstOrThrow();
      expect(after.next_run_at).toBe(row.next_run_at);
      const queued = await t.db.selectFrom('jobs').select(['workspace_id', 'dedupe_key']).where('kind', '=', INACTIVITY_JOB).where('dedupe_key', '=', `${INACTIVITY_JOB}:${missed}`).execute();
      const workspaces = await t.db.selectFrom('workspaces').select('id').execute();
      expect(queued.map((q) => q.workspace_id).sort()).toEqual(workspaces.map((w) => w.id).sort());
      // The same planned run queued again (a server that read the old row) is refused by its dedupe key.
      expect(await enqueueJob(t.db, { workspaceId: ws.workspace.id, kind: INACTIVITY_JOB, params: {}, createdBy: null, dedupeKey: `${INACTIVITY_JOB}:${missed}` })).toBeNull();
      await drain();
    });

    if (dialect === 'postgres') {
      it('two app instances with two runners on one PostgreSQL run each job exactly once', async () => {
        const name = (await sql<{ name: string }>`select current_database() as name`.execute(t.db)).rows[0]!.name;
        const url = databaseUrl(name);
        const second = openDatabase({ databaseUrl: url, dataDir: os.tmpdir(), poolSize: 5 });
        const app2 = await buildApp({ db: second.db, dialect: 'postgres', config: loadConfig({ DATA_DIR: os.tmpdir(), DATABASE_URL: url, PUBLIC_URL, LOG_LEVEL: 'silent' }) });
        await app2.ready();
        const stopA = startJobRunner(t.db, { worker: 'instance-a', pollMs: 5, scheduleMs: 5 });
        const stopB = startJobRunner(second.db, { worker: 'instance-b', pollMs: 5, scheduleMs: 5 });
        try {
          // A scheduled run falls due while both instances are polling.
          const planned = new Date(Date.now() - 60_000).toISOString();
          await t.db.updateTable('schedules').set({ next_run_at: planned }).where('name', '=', INACTIVITY_JOB).execute();
          const ids = await Promise.all(Array.from({ length: 40 }, () => enqueueJob(t.db, { workspaceId: ws.workspace.id, kind: 'test.once', params: {}, createdBy: null })));
          for (let i = 0; i < 400; i++) {
            const open = await t.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['queued', 'running']).executeTakeFirstOrThrow();
            if (Number(open.n) === 0) break;
            await sleep(20);
          }
          for (const id of ids) expect(runsOf.get(id), id).toHaveLength(1);
          const workers = new Set(ids.flatMap((id) => runsOf.get(id)!));
          expect(workers).toEqual(new Set(['instance-a', 'instance-b']));
          // The scheduled run: one inactivity job per workspace, both instances notwithstanding.
          const scheduled = await t.db.selectFrom('jobs').select(['workspace_id', 'status']).where('dedupe_key', '=', `${INACTIVITY_JOB}:${planned}`).execute();
          expect(scheduled.length).toBe((await t.db.selectFrom('workspaces').select('id').execute()).length);
          expect(new Set(scheduled.map((s) => s.workspace_id)).size).toBe(scheduled.length);
          expect(scheduled.every((s) => s.status === 'completed')).toBe(true);
          // Either instance answers for any job.
          const viaB = await call(app2, 'GET', `/api/v1/jobs/${ids[0]}`, { as: ws.cookie });
          expect(viaB.statusCode, viaB.body).toBe(200);
          expect(viaB.json().status).toBe('completed');
        } finally {
          await stopA();
          await stopB();
          await app2.close();
          await second.db.destroy();
        }
      });
    }
  });
}

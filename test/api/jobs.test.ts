import { beforeAll, expect, it } from 'vitest';
import { toJson } from '../../src/server/db/dialect';
import { newId } from '../../src/server/db/ids';
import { registerJobHandler, runNextJob, startJobRunner } from '../../src/server/jobs/job.runner';
import { enqueueJob } from '../../src/server/jobs/job.service';
import { jobRepository } from '../../src/server/jobs/job.repository';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { addSignedInMember, call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

let runs = 0;
// A resumable job: counts to n, one checkpoint per step; `cancelAt` cancels itself there.
registerJobHandler<{ n: number; cancelAt?: number }, { i: number; from: number }>('test.count', async (ctx) => {
  runs++;
  const from = ctx.state?.i ?? 0;
  await ctx.setTotal(ctx.params.n);
  for (let i = from; i < ctx.params.n; i++) {
    if (ctx.params.cancelAt === i) await jobRepository.cancel(ctx.db, ctx.workspaceId, ctx.jobId, new Date().toISOString());
    await ctx.progress(i + 1, { i: i + 1, from });
  }
  return { counted: ctx.params.n, resumedFrom: from };
});
// A long job of synchronous database work: records, at each step, how many event-loop turns
// (setImmediate callbacks scheduled by the test) have run so far.
const turnsSeen: number[] = [];
let turns = 0;
registerJobHandler<{ n: number }, null>('test.busy', async (ctx) => {
  for (let i = 0; i < ctx.params.n; i++) {
    await ctx.db.selectFrom('jobs').select('id').where('id', '=', ctx.jobId).execute();
    turnsSeen.push(turns);
    await ctx.progress(i + 1);
  }
  return {};
});
registerJobHandler('test.fail', async () => {
  throw new Error('the disk is full');
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
    const enqueue = (kind: string, params: unknown) => enqueueJob(t.db, { workspaceId: ws.workspace.id, kind, params, createdBy: ws.me.user!.id });
    const job = async (id: string, as = ws.cookie) => (await call(t.app, 'GET', `/api/v1/jobs/${id}`, { as })).json();
    const drain = async () => {
      while ((await runNextJob(t.db)) !== null) {
        // next
      }
    };

    it('lets the server answer others while a job runs (each checkpoint yields to the event loop)', async () => {
      // On SQLite every query answers synchronously: without a yield the job's awaits never let a
      // request, a timer or the runner's heartbeat in until the job ends.
      const id = await enqueue('test.busy', { n: 5 });
      turns = 0;
      turnsSeen.length = 0;
      let running = true;
      const tick = () => {
        turns++;
        if (running) setImmediate(tick);
      };
      setImmediate(tick);
      await drain();
      running = false;
      expect(await job(id)).toMatchObject({ status: 'completed', done: 5 });
      // Between the first and the last step other callbacks ran.
      expect(turnsSeen[turnsSeen.length - 1]!).toBeGreaterThan(turnsSeen[0]!);
    });

    it('runs a queued job to completion with progress and result', async () => {
      const id = await enqueue('test.count', { n: 3 });
      expect(await job(id)).toMatchObject({ status: 'queued', done: 0, kind: 'test.count', startedAt: null });
      await drain();
      expect(await job(id)).toMatchObject({ status: 'completed', total: 3, done: 3, result: { counted: 3, resumedFrom: 0 }, error: null });
      const failing = await enqueue('test.fail', {});
      await drain();
      expect(await job(failing)).toMatchObject({ status: 'failed', error: 'the disk is full' });
    });

    it('cancels a queued job and stops a running one between checkpoints; 409 once finished; viewers cannot cancel', async () => {
      const queued = await enqueue('test.count', { n: 2 });
      const viewer = await addSignedInMember(t.app, ws.cookie, 'viewer');
      expect((await job(queued, viewer.cookie)).status).toBe('queued');
      expectProblem(await call(t.app, 'POST', `/api/v1/jobs/${queued}/cancel`, { as: viewer.cookie }), 403);
      const res = await call(t.app, 'POST', `/api/v1/jobs/${queued}/cancel`, { as: ws.cookie });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().status).toBe('cancelled');
      expectProblem(await call(t.app, 'POST', `/api/v1/jobs/${queued}/cancel`, { as: ws.cookie }), 409);
      const running = await enqueue('test.count', { n: 5, cancelAt: 2 });
      await drain();
      expect(await job(running)).toMatchObject({ status: 'cancelled', done: 2 });
      const other = await isolatedWorkspace(t.app, owner);
      expectProblem(await call(t.app, 'GET', `/api/v1/jobs/${running}`, { as: other.cookie }), 404);
    });

    it('resumes a job whose worker died from its last checkpoint; a claim goes to one worker only', async () => {
      const id = newId();
      const old = new Date(Date.now() - 3_600_000).toISOString();
      await t.db
        .insertInto('jobs')
        .values({ workspace_id: ws.workspace.id, id, kind: 'test.count', status: 'running', params: toJson({ n: 5 }), total: 5, done: 3, state: toJson({ i: 3, from: 0 }), attempts: 1, locked_by: 'dead-worker', created_by: null, created_at: old, started_at: old, heartbeat_at: old })
        .execute();
      await drain();
      expect(await job(id)).toMatchObject({ status: 'completed', done: 5, result: { counted: 5, resumedFrom: 3 } });

      const once = await enqueue('test.count', { n: 1 });
      const before = runs;
      await Promise.all([runNextJob(t.db, { worker: 'a' }), runNextJob(t.db, { worker: 'b' })]);
      expect(runs - before).toBe(1);
      expect((await job(once)).status).toBe('completed');
    });

    it('a started runner picks up queued jobs and hands a job back to the queue when stopped', async () => {
      const stop = startJobRunner(t.db, { pollMs: 20 });
      const id = await enqueue('test.count', { n: 2 });
      for (let i = 0; i < 100 && (await job(id)).status !== 'completed'; i++) await new Promise((r) => setTimeout(r, 20));
      await stop();
      expect((await job(id)).status).toBe('completed');
    });
  });
}

import { beforeAll, expect, it } from 'vitest';
import { previewSampling } from '../../src/server/health/health.settings.service';
import { runNextJob } from '../../src/server/jobs/job.runner';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, put } from '../helpers/clients';
import { call, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

const factors = ['usage', 'communication', 'payment', 'support', 'satisfaction', 'orders', 'referrals', 'responsiveness', 'engagement'];
const zero = Object.fromEntries(factors.map((k) => [k, 0]));

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
    });
    const drain = async () => {
      while ((await runNextJob(t.db)) !== null) {
        /* drain */
      }
    };

    it('a segment edit that changes who a weight profile covers (its own filter, a segment it names, or deleting it) queues a full recompute; other edits do not', async () => {
      const w = await isolatedWorkspace(t.app, owner);
      const ok = async (method: string, url: string, body?: Record<string, unknown>, status = 200) => {
        const res = await call(t.app, method as 'GET', `/api/v1${url}`, { as: w.cookie, ...(body !== undefined ? { body } : {}) });
        expect(res.statusCode, res.body).toBe(status);
        return res.statusCode === 204 ? null : res.json();
      };
      const recomputeJobs = async () =>
        Number((await t.db.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', w.workspace.id).where('kind', '=', 'health.recompute_all').executeTakeFirstOrThrow()).n);
      const profileOf = async (clientId: string) => (await ok('GET', `/clients/${clientId}/health`)).profile?.id ?? null;

      const activeOne = await createClient(t.app, w.cookie, { firstName: 'Ada', lastName: 'Active', status: 'active' });
      const prospect = await createClient(t.app, w.cookie, { firstName: 'Pat', lastName: 'Prospect', status: 'prospect' });
      const status = await ok('POST', '/segments', { name: 'By status', filter: { field: 'status', op: 'eq', value: 'active' }, shared: true }, 201);
      const profiled = await ok('POST', '/segments', { name: 'Profiled', filter: { field: 'segmentId', op: 'eq', value: status.id }, shared: true }, 201);
      const unrelated = await ok('POST', '/segments', { name: 'Trials', filter: { field: 'status', op: 'eq', value: 'trial' }, shared: true }, 201);
      expect((await put(t.app, '/api/v1/settings/health', w.cookie, { profiles: [{ id: 'focus', name: 'Focus', segmentId: profiled.id, weights: { ...zero, referrals: 1 } }] })).statusCode).toBe(200);
      await drain();
      expect([await profileOf(activeOne.id), await profileOf(prospect.id)]).toEqual(['focus', null]);
      const jobs = await recomputeJobs();

      // Edits that change no profile's members: no job.
      await ok('PATCH', `/segments/${unrelated.id}`, { filter: { field: 'status', op: 'eq', value: 'inactive' } });
      await ok('PATCH', `/segments/${profiled.id}`, { name: 'Profiled clients' });
      expect(await recomputeJobs()).toBe(jobs);

      // The segment the profile's segment names changes its filter: a job, and the profile follows the members.
      const edited = await ok('PATCH', `/segments/${status.id}`, { filter: { field: 'status', op: 'eq', value: 'prospect' } });
      expect(await recomputeJobs()).toBe(jobs + 1);
      await drain();
      expect([await profileOf(activeOne.id), await profileOf(prospect.id)]).toEqual([null, 'focus']);
      expect(edited.version).toBe(2);

      // The profile's own segment re-filtered: a job.
      await ok('PATCH', `/segments/${profiled.id}`, { filter: { field: 'status', op: 'eq', value: 'active' } });
      expect(await recomputeJobs()).toBe(jobs + 2);
      await drain();
      expect([await profileOf(activeOne.id), await profileOf(prospect.id)]).toEqual(['focus', null]);

      // Deleted: nobody is in the profile any more.
      await ok('DELETE', `/segments/${profiled.id}`, undefined, 204);
      expect(await recomputeJobs()).toBe(jobs + 3);
      await drain();
      expect(await profileOf(activeOne.id)).toBe(null);
      await ok('DELETE', `/segments/${unrelated.id}`, undefined, 204);
      expect(await recomputeJobs()).toBe(jobs + 3);
    });
    it('previews above the sampling threshold from every nth scored client in id order, scaled up to the exact total (sampled, deterministic); today’s counts stay exact', async () => {
      const w = await isolatedWorkspace(t.app, owner);
      const N = 240;
      for (let i = 0; i < N; i++) await createClient(t.app, w.cookie, { firstName: `S${i}`, lastName: 'Sample', status: 'prospect' });
      const res = await call(t.app, 'POST', '/api/v1/health/recompute', { as: w.cookie, body: {} });
      expect(res.statusCode, res.body).toBe(202);
      await drain();
      // Thirds of the clients (in id order) last contacted 1, 12 and 30 days ago: Healthy, At-Risk and Critical at a weekly cadence.
      const rows = await t.db.selectFrom('health_scores').select(['client_id', 'inputs']).where('workspace_id', '=', w.workspace.id).orderBy('client_id').execute();
      expect(rows).toHaveLength(N);
      for (const [i, r] of rows.entries()) {
        const inputs = typeof r.inputs === 'string' ? JSON.parse(r.inputs) : r.inputs;
        await t.db.updateTable('health_scores').set({ inputs: JSON.stringify({ ...inputs, daysSinceContact: [1, 12, 30][Math.floor((i * 3) / N)] }) }).where('workspace_id', '=', w.workspace.id).where('client_id', '=', r.client_id).execute();
      }
      type Preview = { total: number; unscored: number; sampled: boolean; note: string | null; byBand: { key: string; count: number; current: number }[] };
      const preview = async (body: Record<string, unknown> = {}): Promise<Preview> => {
        const r = await call(t.app, 'POST', '/api/v1/settings/health/preview', { as: w.cookie, body });
        expect(r.statusCode, r.body).toBe(200);
        return r.json();
      };
      const exact = await preview();
      expect(exact.sampled).toBe(false);
      expect(exact.byBand.map((b) => b.count)).toEqual([80, 80, 80]);

      const saved = { ...previewSampling };
      Object.assign(previewSampling, { above: 100, size: 40 });
      try {
        const sampled = await preview();
        expect(sampled.sampled).toBe(true);
        expect(sampled.note).toMatch(/^Estimated from every 6th scored client \(40 of 240\), scaled up\./);
        // Scaled to the exact number of scored clients; each band within one stride of the exact count.
        expect(sampled.byBand.reduce((a, b) => a + b.count, 0) + sampled.unscored).toBe(N);
        sampled.byBand.forEach((b, i) => expect(Math.abs(b.count - exact.byBand[i]!.count)).toBeLessThanOrEqual(6));
        expect(sampled.byBand.map((b) => b.current)).toEqual(exact.byBand.map((b) => b.current));
        expect(await preview()).toEqual(sampled);
        // Unsaved weights are sampled the same way: communication off leaves referrals alone (0 → 50, At-Risk) for every client.
        const flat = await preview({ weights: { communication: 0 } });
        expect([flat.sampled, flat.byBand.map((b) => b.count)]).toEqual([true, [0, N, 0]]);
      } finally {
        Object.assign(previewSampling, saved);
      }
    });
  });
}

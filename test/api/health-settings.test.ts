import { beforeAll, expect, it } from 'vitest';
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
  });
}

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bulkLimits } from '../../src/server/bulk/bulk.service';
import { runNextJob } from '../../src/server/jobs/job.runner';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { addSignedInMember, auditEvents, call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';
import { createClient, getClient } from '../helpers/clients';

const defaults = { ...bulkLimits };

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
    });
    afterEach(() => Object.assign(bulkLimits, defaults));

    const bulk = (as: string, body: Record<string, unknown>) => call(t.app, 'POST', '/api/v1/clients/bulk', { as, body });
    const tagged = (tag: string) => ({ field: 'tags', op: 'contains', value: tag });

    async function workspaceWithClients(n: number, tags: (i: number) => string[] = () => []) {
      const ws = await isolatedWorkspace(t.app, owner);
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push((await createClient(t.app, ws.cookie, { firstName: `Bulk${i}`, lastName: 'Client', tags: tags(i) })).id);
      return { ws, ids };
    }

    it('by ids: adds tags and reports matched / changed / skipped; audited per client and once for the action', async () => {
      const { ws, ids } = await workspaceWithClients(3);
      const first = await getClient(t.app, ws.cookie, ids[0]!);
      const res = await bulk(ws.cookie, { action: 'addTags', ids: [ids[0], ids[1]], tags: ['Beta'] });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ matched: 2, changed: 2, skipped: 0 });
      // A new version (a form opened before gets 412), the same updatedAt: tags are labels, not a profile edit.
      expect(await getClient(t.app, ws.cookie, ids[0]!)).toMatchObject({ tags: ['Beta'], version: first.version + 1, updatedAt: first.updatedAt });
      expect((await getClient(t.app, ws.cookie, ids[2]!)).tags).toEqual([]);
      expect((await bulk(ws.cookie, { action: 'addTags', ids: [ids[0], ids[1], ids[2]], tags: ['beta'] })).json()).toEqual({ matched: 3, changed: 1, skipped: 2 });
      const updated = await auditEvents(t.app, ws.cookie, 'client.updated');
      expect(updated.filter((e) => e.entityId === ids[0])).toHaveLength(1);
      expect(updated.find((e) => e.entityId === ids[0])!.changes).toEqual({ tags: { before: [], after: ['Beta'] } });
      const summary = await auditEvents(t.app, ws.cookie, 'clients.bulk');
      expect(summary[0]!.changes!.bulk!.after).toMatchObject({ action: 'addTags', matched: 3, changed: 1, skipped: 2 });
      expect((await call(t.app, 'GET', '/api/v1/clients?tag=Beta', { as: ws.cookie })).json().total).toBe(3);
    });

    it('by filter (with q): sets status, removes tags, assigns owner, deletes and restores', async () => {
      const { ws, ids } = await workspaceWithClients(4, (i) => (i < 3 ? ['Alpha'] : []));
      expect((await bulk(ws.cookie, { action: 'setStatus', filter: tagged('Alpha'), status: 'active' })).json()).toEqual({ matched: 3, changed: 3, skipped: 0 });
      expect((await call(t.app, 'GET', '/api/v1/clients/count?status=active', { as: ws.cookie })).json().total).toBe(3);
      expect((await bulk(ws.cookie, { action: 'removeTags', q: 'bulk0', tags: ['Alpha'] })).json()).toEqual({ matched: 1, changed: 1, skipped: 0 });
      const assigned = await bulk(ws.cookie, { action: 'assignOwner', filter: { field: 'status', op: 'eq', value: 'active' }, ownerId: ws.me.user!.id });
      expect(assigned.json()).toEqual({ matched: 3, changed: 3, skipped: 0 });
      expect((await getClient(t.app, ws.cookie, ids[1]!)).ownerId).toBe(ws.me.user!.id);
      expect((await bulk(ws.cookie, { action: 'delete', filter: tagged('Alpha') })).json()).toEqual({ matched: 2, changed: 2, skipped: 0 });
      expect((await call(t.app, 'GET', '/api/v1/clients', { as: ws.cookie })).json().total).toBe(2);
      expect((await call(t.app, 'GET', '/api/v1/clients?deleted=only', { as: ws.cookie })).json().total).toBe(2);
      expect((await bulk(ws.cookie, { action: 'restore', filter: tagged('Alpha') })).json()).toEqual({ matched: 2, changed: 2, skipped: 0 });
      expect((await call(t.app, 'GET', '/api/v1/clients', { as: ws.cookie })).json().total).toBe(4);
      expect((await auditEvents(t.app, ws.cookie, 'client.restored')).length).toBe(2);
    });

    it('never touches another workspace’s clients; viewers get 403; bad input 400 naming the field', async () => {
      const { ws, ids } = await workspaceWithClients(1);
      const other = await workspaceWithClients(1);
      const res = await bulk(ws.cookie, { action: 'addTags', ids: [other.ids[0], ids[0]], tags: ['Mine'] });
      expect(res.json()).toEqual({ matched: 1, changed: 1, skipped: 0 });
      expect((await getClient(t.app, other.ws.cookie, other.ids[0]!)).tags).toEqual([]);
      expect((await bulk(ws.cookie, { action: 'delete', filter: { field: 'createdAt', op: 'isNotEmpty' } })).json()).toEqual({ matched: 1, changed: 1, skipped: 0 });
      expect((await call(t.app, 'GET', '/api/v1/clients', { as: other.ws.cookie })).json().total).toBe(1);

      const viewer = await addSignedInMember(t.app, ws.cookie, 'viewer');
      expectProblem(await bulk(viewer.cookie, { action: 'addTags', ids, tags: ['X'] }), 403);
      expectProblem(await bulk(viewer.cookie, { action: 'setStatus', filter: tagged('Mine'), status: 'active' }), 403);
      const member = await addSignedInMember(t.app, ws.cookie, 'member');
      expectProblem(await bulk(member.cookie, { action: 'delete', ids }), 403);

      const path = async (body: Record<string, unknown>) => expectProblem(await bulk(ws.cookie, body), 400).errors?.map((e) => e.path);
      expect(await path({ action: 'addTags', ids })).toContain('tags');
      expect(await path({ action: 'setStatus', ids })).toContain('status');
      expect(await path({ action: 'setStatus', ids, status: 'churned' })).toContain('statusReason');
      expect(await path({ action: 'addTags', tags: ['x'] })).toContain('ids');
      expect(await path({ action: 'addTags', tags: ['x'], filter: { field: 'shoe', op: 'eq', value: 1 } })).toContain('filter.field');
      expect(await path({ action: 'addTags', tags: ['x'], filter: { and: [{ field: 'status', op: 'gt', value: 'active' }] } })).toContain('filter.and[0].op');
      expect(await path({ action: 'assignOwner', ids, ownerId: 'not-a-member' })).toContain('ownerId');
      expect(await path({ action: 'explode', ids })).toContain('action');
    });

    it('large sets run as a job in chunks: 202, progress, counts in the result, audited', async () => {
      Object.assign(bulkLimits, { inline: 2, chunk: 2 });
      const { ws } = await workspaceWithClients(5, () => ['Wave']);
      const res = await bulk(ws.cookie, { action: 'addTags', filter: tagged('Wave'), tags: ['Done'] });
      expect(res.statusCode, res.body).toBe(202);
      const { jobId } = res.json();
      const queued = (await call(t.app, 'GET', `/api/v1/jobs/${jobId}`, { as: ws.cookie })).json();
      expect(queued).toMatchObject({ id: jobId, kind: 'clients.bulk', status: 'queued', total: 5, done: 0 });
      while ((await runNextJob(t.db)) !== null) {
        // run every queued job (other tests' jobs included)
      }
      const job = (await call(t.app, 'GET', `/api/v1/jobs/${jobId}`, { as: ws.cookie })).json();
      expect(job).toMatchObject({ status: 'completed', total: 5, done: 5, result: { matched: 5, changed: 5, skipped: 0 } });
      expect((await call(t.app, 'GET', '/api/v1/clients?tag=Done', { as: ws.cookie })).json().total).toBe(5);
      const summary = await auditEvents(t.app, ws.cookie, 'clients.bulk');
      expect(summary[0]!.changes!.bulk!.after).toMatchObject({ action: 'addTags', matched: 5, changed: 5, jobId });
      // Another workspace cannot see the job.
      const other = await isolatedWorkspace(t.app, owner);
      expectProblem(await call(t.app, 'GET', `/api/v1/jobs/${jobId}`, { as: other.cookie }), 404);
      // ids beyond the inline limit become a job too.
      const ids = (await call(t.app, 'GET', '/api/v1/clients', { as: ws.cookie })).json().data.map((c: { id: string }) => c.id);
      const byIds = await bulk(ws.cookie, { action: 'removeTags', ids, tags: ['Done'] });
      expect(byIds.statusCode).toBe(202);
      while ((await runNextJob(t.db)) !== null) {
        // drain
      }
      expect((await call(t.app, 'GET', `/api/v1/jobs/${byIds.json().jobId}`, { as: ws.cookie })).json()).toMatchObject({ status: 'completed', result: { matched: 5, changed: 5 } });
    });
  });
}

import { beforeAll, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { addSignedInMember, auditEvents, call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';
import { createClient } from '../helpers/clients';

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    let ws: Awaited<ReturnType<typeof isolatedWorkspace>>;
    const ids: string[] = [];
    const active = { field: 'status', op: 'eq', value: 'active' };

    beforeAll(async () => {
      owner = await setupOwner(t.app);
      ws = await isolatedWorkspace(t.app, owner);
      for (const [i, status] of ['active', 'active', 'prospect', 'trial'].entries()) {
        ids.push((await createClient(t.app, ws.cookie, { firstName: `Seg${i}`, lastName: 'Client', status })).id);
      }
    });
    const post = (url: string, as: string, body: Record<string, unknown>) => call(t.app, 'POST', url, { as, body });
    const total = async (query: string, as = ws.cookie) => {
      const res = await call(t.app, 'GET', `/api/v1/clients?${query}`, { as });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().total as number;
    };

    it('saves a private segment with its member count and uses it as a list filter and bulk target', async () => {
      const res = await post('/api/v1/segments', ws.cookie, { name: 'Active clients', filter: active });
      expect(res.statusCode, res.body).toBe(201);
      const segment = res.json();
      expect(segment).toMatchObject({ name: 'Active clients', shared: false, ownerId: ws.me.user!.id, memberCount: 2, version: 1, filter: active });
      expect(await total(`segmentId=${segment.id}`)).toBe(2);
      expect(await total(`filter=${encodeURIComponent(JSON.stringify({ not: { field: 'segmentId', op: 'eq', value: segment.id } }))}`)).toBe(2);
      // A segment built on a segment.
      const nested = (await post('/api/v1/segments', ws.cookie, { name: 'Active Seg1', filter: { and: [{ field: 'segmentId', op: 'eq', value: segment.id }, { field: 'firstName', op: 'eq', value: 'Seg1' }] } })).json();
      expect(nested.memberCount).toBe(1);
      const bulk = await post('/api/v1/clients/bulk', ws.cookie, { action: 'addTags', segmentId: segment.id, tags: ['Segmented'] });
      expect(bulk.json()).toEqual({ matched: 2, changed: 2, skipped: 0 });
      const listed = (await call(t.app, 'GET', '/api/v1/segments', { as: ws.cookie })).json();
      expect(listed.data.map((s: { name: string; memberCount: number }) => [s.name, s.memberCount])).toEqual([['Active clients', 2], ['Active Seg1', 1]]);
      expect((await auditEvents(t.app, ws.cookie, 'segment.created')).length).toBe(2);
    });

    it('private segments are their owner’s alone; shared ones are seen by all and changed by owner or managers', async () => {
      const mine = (await post('/api/v1/segments', ws.cookie, { name: 'Mine', filter: active })).json();
      const shared = (await post('/api/v1/segments', ws.cookie, { name: 'Team view', filter: active, shared: true })).json();
      const member = await addSignedInMember(t.app, ws.cookie, 'member');
      const manager = await addSignedInMember(t.app, ws.cookie, 'manager');
      expectProblem(await call(t.app, 'GET', `/api/v1/segments/${mine.id}`, { as: member.cookie }), 404);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients?segmentId=${mine.id}`, { as: member.cookie }), 400);
      expect((await call(t.app, 'GET', `/api/v1/segments/${shared.id}`, { as: member.cookie })).json().memberCount).toBe(2);
      expect((await call(t.app, 'GET', '/api/v1/segments', { as: member.cookie })).json().data.map((s: { name: string }) => s.name)).toEqual(['Team view']);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/segments/${shared.id}`, { as: member.cookie, body: { name: 'Hijacked' } }), 403);
      const renamed = await call(t.app, 'PATCH', `/api/v1/segments/${shared.id}`, { as: manager.cookie, body: { name: 'Team view (active)', version: 1 } });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect(renamed.json()).toMatchObject({ name: 'Team view (active)', version: 2 });
      expectProblem(await call(t.app, 'PATCH', `/api/v1/segments/${shared.id}`, { as: ws.cookie, body: { name: 'Stale', version: 1 } }), 412);
      const refiltered = await call(t.app, 'PATCH', `/api/v1/segments/${shared.id}`, { as: ws.cookie, body: { filter: { field: 'status', op: 'in', value: ['active', 'trial'] } } });
      expect(refiltered.json().memberCount).toBe(3);
      expect((await auditEvents(t.app, ws.cookie, 'segment.updated'))[0]!.changes).toHaveProperty('filter');
      const viewer = await addSignedInMember(t.app, ws.cookie, 'viewer');
      expectProblem(await post('/api/v1/segments', viewer.cookie, { name: 'No', filter: active }), 403);
      expect((await call(t.app, 'DELETE', `/api/v1/segments/${mine.id}`, { as: ws.cookie })).statusCode).toBe(204);
      expectProblem(await call(t.app, 'GET', `/api/v1/segments/${mine.id}`, { as: ws.cookie }), 404);
      const other = await isolatedWorkspace(t.app, owner);
      expectProblem(await call(t.app, 'GET', `/api/v1/segments/${shared.id}`, { as: other.cookie }), 404);
      expectProblem(await call(t.app, 'DELETE', `/api/v1/segments/${shared.id}`, { as: other.cookie }), 404);
    });

    it('refuses a bad filter naming its path, and segments that refer to each other in a circle', async () => {
      const bad = expectProblem(await post('/api/v1/segments', ws.cookie, { name: 'Bad', filter: { or: [active, { field: 'shoeSize', op: 'eq', value: 1 }] } }), 400);
      expect(bad.errors?.[0]?.path).toBe('filter.or[1].field');
      expect(expectProblem(await post('/api/v1/segments', ws.cookie, { name: 'Bad', filter: { field: 'status', op: 'eq', value: 'asleep' } }), 400).errors?.[0]?.path).toBe('filter.value');
      expectProblem(await post('/api/v1/segments', ws.cookie, { name: '', filter: active }), 400);
      const a = (await post('/api/v1/segments', ws.cookie, { name: 'A', filter: active })).json();
      const b = (await post('/api/v1/segments', ws.cookie, { name: 'B', filter: { field: 'segmentId', op: 'eq', value: a.id } })).json();
      expectProblem(await call(t.app, 'PATCH', `/api/v1/segments/${a.id}`, { as: ws.cookie, body: { filter: { field: 'segmentId', op: 'eq', value: b.id } } }), 400);
    });

    it('groups: hand-picked members, counts, list filter, bulk target; other workspaces’ clients are skipped', async () => {
      const created = await post('/api/v1/groups', ws.cookie, { name: 'Golf day' });
      expect(created.statusCode, created.body).toBe(201);
      const group = created.json();
      expect(group).toMatchObject({ name: 'Golf day', memberCount: 0 });
      const other = await isolatedWorkspace(t.app, owner);
      const foreign = await createClient(t.app, other.cookie, { firstName: 'Foreign' });
      const added = await post(`/api/v1/groups/${group.id}/members`, ws.cookie, { ids: [ids[0], ids[2], ids[2], foreign.id, 'nope'] });
      expect(added.json()).toEqual({ changed: 2, skipped: 3, memberCount: 2 });
      expect((await post(`/api/v1/groups/${group.id}/members`, ws.cookie, { ids: [ids[0]] })).json()).toEqual({ changed: 0, skipped: 1, memberCount: 2 });
      expect(await total(`groupId=${group.id}`)).toBe(2);
      expect(await total(`groupId=${group.id}&status=active`)).toBe(1);
      const bulk = await post('/api/v1/clients/bulk', ws.cookie, { action: 'setStatus', groupId: group.id, status: 'inactive' });
      expect(bulk.json()).toEqual({ matched: 2, changed: 2, skipped: 0 });
      const removed = await call(t.app, 'DELETE', `/api/v1/groups/${group.id}/members`, { as: ws.cookie, body: { ids: [ids[0], ids[1]] } });
      expect(removed.json()).toEqual({ changed: 1, skipped: 1, memberCount: 1 });
      expect((await call(t.app, 'GET', '/api/v1/groups', { as: ws.cookie })).json().data).toEqual([expect.objectContaining({ id: group.id, memberCount: 1 })]);
      const renamed = await call(t.app, 'PATCH', `/api/v1/groups/${group.id}`, { as: ws.cookie, body: { name: 'Golf day 2027' } });
      expect(renamed.json()).toMatchObject({ name: 'Golf day 2027', version: 2 });
      expectProblem(await post(`/api/v1/groups/${group.id}/members`, other.cookie, { ids: [foreign.id] }), 404);
      const viewer = await addSignedInMember(t.app, ws.cookie, 'viewer');
      expectProblem(await post(`/api/v1/groups/${group.id}/members`, viewer.cookie, { ids: [ids[1]] }), 403);
      expect((await auditEvents(t.app, ws.cookie, 'group.members_added'))[0]!.changes).toEqual({ clientIds: { before: null, after: expect.arrayContaining([ids[0], ids[2]]) } });
      expect((await call(t.app, 'DELETE', `/api/v1/groups/${group.id}`, { as: ws.cookie })).statusCode).toBe(204);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients?groupId=${group.id}`, { as: ws.cookie }), 400);
    });
  });
}

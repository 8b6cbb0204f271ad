import { beforeAll, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { addSignedInMember, auditEvents, call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';
import { createClient, getClient } from '../helpers/clients';

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
    });

    const ok = async (method: 'GET' | 'POST' | 'PATCH', url: string, as: string, body?: Record<string, unknown>, status = 200) => {
      const res = await call(t.app, method, `/api/v1${url}`, { as, ...(body ? { body } : {}) });
      expect(res.statusCode, res.body).toBe(status);
      return res.json();
    };
    const merge = (as: string, id: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => call(t.app, 'POST', `/api/v1/clients/${id}/merge`, { as, body, headers });

    /** A survivor and three sources (no limit of 3), with records on the first source. */
    async function family(as: string) {
      const a = await createClient(t.app, as, { firstName: 'Maria', lastName: 'Garcia', email: `maria-${Date.now()}@example.test`, tags: ['Gold'] });
      const b = await createClient(t.app, as, { firstName: 'Mario', lastName: 'Garcia', email: `mario-${Date.now()}@example.test`, phone: '+14155550199', tags: ['VIP'], occupation: 'Architect' });
      const c = await createClient(t.app, as, { firstName: 'M.', lastName: 'Garcia' });
      const d = await createClient(t.app, as, { firstName: 'Maria', lastName: 'Garcia-Lopez' });
      const contact = await ok('POST', `/clients/${b.id}/contacts`, as, { firstName: 'Carl', lastName: 'Contact', role: 'primary' }, 201);
      const interaction = await ok('POST', `/clients/${b.id}/interactions`, as, { kind: 'call', direction: 'outbound', subject: 'Intro' }, 201);
      const order = await ok('POST', `/clients/${b.id}/orders`, as, { title: 'Kitchen', value: { amount: 5000, currency: 'USD' } }, 201);
      const group = await ok('POST', '/groups', as, { name: `Group ${Date.now()}` }, 201);
      await ok('POST', `/groups/${group.id}/members`, as, { ids: [c.id] });
      return { a, b, c, d, contact, interaction, order, group };
    }

    it('moves every record to the survivor, takes the chosen values, and the sources’ ids answer 301 to the survivor; undo puts back exactly what moved', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const { a, b, c, d, contact, interaction, order, group } = await family(ws.cookie);
      const res = await merge(ws.cookie, a.id, { sourceIds: [b.id, c.id, d.id], fields: { firstName: b.id } });
      expect(res.statusCode, res.body).toBe(200);
      const merged = res.json();
      expect(merged).toMatchObject({ dryRun: false, sourceIds: [b.id, c.id, d.id], mergeId: expect.any(String), undoUntil: expect.any(String) });
      expect(merged.moved).toMatchObject({ contacts: 1, interactions: 1, orders: 1, tags: 1, group_members: 1 });
      expect(merged.survivor).toMatchObject({ id: a.id, firstName: 'Mario', lastName: 'Garcia', occupation: 'Architect', email: a.email, phone: '+14155550199', ordersCount: 1 });
      expect(merged.survivor.emails.map((e: { value: string }) => e.value)).toEqual([a.email, b.email]);
      expect([...merged.survivor.tags].sort()).toEqual(['Gold', 'VIP']);
      expect(res.headers.etag).toBe(`W/"${a.id}.${merged.survivor.version}"`);

      const redirect = await call(t.app, 'GET', `/api/v1/clients/${b.id}`, { as: ws.cookie });
      expect(redirect.statusCode).toBe(301);
      expect(redirect.headers.location).toBe(`/api/v1/clients/${a.id}`);
      expect((await ok('GET', `/clients/${a.id}/contacts`, ws.cookie)).data.map((x: { id: string }) => x.id)).toEqual([contact.id]);
      expect((await ok('GET', `/interactions/${interaction.id}`, ws.cookie)).clientId).toBe(a.id);
      expect((await ok('GET', `/orders/${order.id}`, ws.cookie)).clientId).toBe(a.id);
      const members = async () => (await t.db.selectFrom('group_members').select('client_id').where('group_id', '=', group.id).execute()).map((r) => r.client_id).sort();
      expect(await members()).toEqual([a.id, c.id].sort());
      expect((await ok('GET', '/clients', ws.cookie)).total).toBe(1);
      // b's e-mail is the survivor's now: a new client cannot take it.
      expectProblem(await call(t.app, 'POST', '/api/v1/clients', { as: ws.cookie, body: { firstName: 'X', email: b.email } }), 409);
      expect((await auditEvents(t.app, ws.cookie, 'client.merged'))[0]).toMatchObject({ entityId: a.id });
      expect((await auditEvents(t.app, ws.cookie, 'client.merged_into')).map((e) => e.entityId).sort()).toEqual([b.id, c.id, d.id].sort());

      expect(await ok('GET', `/merges/${merged.mergeId}`, ws.cookie)).toMatchObject({ survivorId: a.id, sourceIds: [b.id, c.id, d.id], fields: { firstName: b.id }, moved: { contacts: 1, orders: 1 }, canUndo: true, undoneAt: null });
      // The history can say who was merged: the sources' names as they were, the survivor's as it is now.
      expect((await ok('GET', `/merges/${merged.mergeId}`, ws.cookie)).clientNames).toEqual({ [a.id]: 'Mario Garcia', [b.id]: 'Mario Garcia', [c.id]: 'M. Garcia', [d.id]: 'Maria Garcia-Lopez' });
      expect((await ok('GET', `/merges?survivorId=${a.id}`, ws.cookie)).data.map((m: { id: string }) => m.id)).toEqual([merged.mergeId]);
      expect((await ok('GET', `/merges?survivorId=${b.id}`, ws.cookie)).total).toBe(0);

      // A record added to the survivor after the merge stays with it on undo.
      const later = await ok('POST', `/clients/${a.id}/interactions`, ws.cookie, { kind: 'note', direction: 'outbound', subject: 'After the merge' }, 201);
      const undone = await ok('POST', `/merges/${merged.mergeId}/undo`, ws.cookie);
      expect(undone).toMatchObject({ mergeId: merged.mergeId, restoredIds: [b.id, c.id, d.id] });
      expect(undone.survivor).toMatchObject({ firstName: 'Maria', phone: null, ordersCount: 0, tags: ['Gold'] });
      expect(undone.survivor.emails.map((e: { value: string }) => e.value)).toEqual([a.email]);
      expect(await getClient(t.app, ws.cookie, b.id)).toMatchObject({ deletedAt: null, email: b.email, ordersCount: 1, tags: ['VIP'] });
      expect((await ok('GET', `/clients/${b.id}/contacts`, ws.cookie)).data.map((x: { id: string }) => x.id)).toEqual([contact.id]);
      expect((await ok('GET', `/interactions/${interaction.id}`, ws.cookie)).clientId).toBe(b.id);
      expect((await ok('GET', `/interactions/${later.id}`, ws.cookie)).clientId).toBe(a.id);
      expect(await members()).toEqual([c.id]);
      expect((await ok('GET', '/clients', ws.cookie)).total).toBe(4);
      expectProblem(await call(t.app, 'POST', '/api/v1/clients', { as: ws.cookie, body: { firstName: 'X', email: b.email } }), 409);
      expect((await auditEvents(t.app, ws.cookie, 'client.merge_undone'))[0]).toMatchObject({ entityId: a.id });
      expectProblem(await call(t.app, 'POST', `/api/v1/merges/${merged.mergeId}/undo`, { as: ws.cookie }), 409);
      expect(await ok('GET', `/merges/${merged.mergeId}`, ws.cookie)).toMatchObject({ canUndo: false, undoneAt: expect.any(String) });
      const other = await isolatedWorkspace(t.app, owner);
      expectProblem(await call(t.app, 'GET', `/api/v1/merges/${merged.mergeId}`, { as: other.cookie }), 404);
      expect((await ok('GET', '/merges', other.cookie)).total).toBe(0);
    });

    it('a dry run answers the outcome and writes nothing', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const { a, b, contact } = await family(ws.cookie);
      const dry = await merge(ws.cookie, a.id, { sourceIds: [b.id], dryRun: true });
      expect(dry.statusCode, dry.body).toBe(200);
      expect(dry.json()).toMatchObject({ dryRun: true, mergeId: null, undoUntil: null, moved: { contacts: 1, orders: 1 }, survivor: { id: a.id, ordersCount: 1 } });
      expect(await getClient(t.app, ws.cookie, b.id)).toMatchObject({ deletedAt: null, ordersCount: 1 });
      expect(await getClient(t.app, ws.cookie, a.id)).toMatchObject({ version: a.version, ordersCount: 0, emails: a.emails });
      expect((await ok('GET', `/clients/${b.id}/contacts`, ws.cookie)).data.map((x: { id: string }) => x.id)).toEqual([contact.id]);
      expect(await auditEvents(t.app, ws.cookie, 'client.merged')).toEqual([]);
    });

    it('bulk merge: a dry run shows every outcome first; then each merge runs on its own (one refused, the others done)', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const [a, b, c, d, e] = await Promise.all(['Ann', 'Anne', 'Bob', 'Bobby', 'Carla'].map((firstName) => createClient(t.app, ws.cookie, { firstName, lastName: 'Bulk' })));
      const other = await isolatedWorkspace(t.app, owner);
      const foreign = await createClient(t.app, other.cookie, { firstName: 'Foreign' });
      const body = { merges: [{ survivorId: a!.id, sourceIds: [b!.id] }, { survivorId: c!.id, sourceIds: [d!.id], fields: { firstName: d!.id } }, { survivorId: e!.id, sourceIds: [foreign.id] }] };
      const dry = await ok('POST', '/merges/bulk', ws.cookie, { ...body, dryRun: true });
      expect(dry).toMatchObject({ dryRun: true, merged: 2, failed: 1 });
      expect(dry.results.map((r: { status: number }) => r.status)).toEqual([200, 200, 404]);
      expect((await ok('GET', '/clients', ws.cookie)).total).toBe(5);
      const done = await ok('POST', '/merges/bulk', ws.cookie, body);
      expect(done).toMatchObject({ dryRun: false, merged: 2, failed: 1 });
      expect(done.results[0].mergeId).toEqual(expect.any(String));
      expect((await ok('GET', '/clients', ws.cookie)).total).toBe(3);
      expect(await getClient(t.app, ws.cookie, c!.id)).toMatchObject({ firstName: 'Bobby' });
      expect((await call(t.app, 'GET', `/api/v1/clients/${d!.id}`, { as: ws.cookie })).statusCode).toBe(301);
      expect(expectProblem(await call(t.app, 'POST', '/api/v1/merges/bulk', { as: ws.cookie, body: { merges: [{ survivorId: a!.id, sourceIds: [e!.id] }, { survivorId: e!.id, sourceIds: [c!.id] }] } }), 400).errors?.[0]?.path).toBe('merges[1]');
      expectProblem(await call(t.app, 'POST', '/api/v1/merges/bulk', { as: ws.cookie, body: { merges: [] } }), 400);
      const member = await addSignedInMember(t.app, ws.cookie, 'member');
      expectProblem(await call(t.app, 'POST', '/api/v1/merges/bulk', { as: member.cookie, body }), 403);
    });

    it('the sources leave the duplicate queue, and come back to it when the merge is undone', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const a = await createClient(t.app, ws.cookie, { firstName: 'Ahmed', lastName: 'Karim', phone: '+12025550143' });
      const b = await createClient(t.app, ws.cookie, { firstName: 'Ahmad', lastName: 'Karim', phone: '+12025550143' });
      expect((await ok('GET', '/duplicates', ws.cookie)).total).toBe(1);
      const merged = await ok('POST', `/clients/${a.id}/merge`, ws.cookie, { sourceIds: [b.id] });
      expect((await ok('GET', '/duplicates', ws.cookie)).total).toBe(0);
      await ok('POST', `/merges/${merged.mergeId}/undo`, ws.cookie);
      const queue = await ok('GET', '/duplicates', ws.cookie);
      expect(queue.total).toBe(1);
      expect(queue.data[0].clients.map((c: { id: string }) => c.id).sort()).toEqual([a.id, b.id].sort());
      expect((await ok('GET', `/clients/${b.id}/duplicates`, ws.cookie)).data.map((d: { client: { id: string } }) => d.client.id)).toEqual([a.id]);
    });

    it('412 on a stale version, 409 for merged or trashed clients and an edited survivor, 400 naming bad input, 404 across workspaces, 403 below manager', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const a = await createClient(t.app, ws.cookie, { firstName: 'Ann' });
      const b = await createClient(t.app, ws.cookie, { firstName: 'Anne' });
      const c = await createClient(t.app, ws.cookie, { firstName: 'Annie' });
      expectProblem(await merge(ws.cookie, a.id, { sourceIds: [b.id] }, { 'if-match': `W/"${a.id}.${a.version + 5}"` }), 412);
      expect(await getClient(t.app, ws.cookie, b.id)).toMatchObject({ deletedAt: null });

      const paths = async (body: Record<string, unknown>) => expectProblem(await merge(ws.cookie, a.id, body), 400).errors?.map((e) => e.path);
      expect(await paths({ sourceIds: [] })).toEqual(['sourceIds']);
      expect(await paths({ sourceIds: [a.id] })).toEqual(['sourceIds[0]']);
      expect(await paths({ sourceIds: [b.id, b.id] })).toEqual(['sourceIds[1]']);
      expect(await paths({ sourceIds: [b.id], fields: { health: b.id } })).toEqual(['fields.health']);
      expect(await paths({ sourceIds: [b.id], fields: { firstName: c.id } })).toEqual(['fields.firstName']);

      const other = await isolatedWorkspace(t.app, owner);
      const foreign = await createClient(t.app, other.cookie, { firstName: 'Foreign' });
      expectProblem(await merge(ws.cookie, a.id, { sourceIds: [foreign.id] }), 404);
      expectProblem(await merge(ws.cookie, foreign.id, { sourceIds: [b.id] }), 404);
      expect(await getClient(t.app, other.cookie, foreign.id)).toMatchObject({ deletedAt: null });

      const member = await addSignedInMember(t.app, ws.cookie, 'member');
      expectProblem(await merge(member.cookie, a.id, { sourceIds: [b.id] }), 403);
      const viewer = await addSignedInMember(t.app, ws.cookie, 'viewer');
      expectProblem(await merge(viewer.cookie, a.id, { sourceIds: [b.id] }), 403);

      const done = await ok('POST', `/clients/${a.id}/merge`, ws.cookie, { sourceIds: [b.id] });
      expectProblem(await merge(ws.cookie, c.id, { sourceIds: [b.id] }), 409);
      expectProblem(await merge(ws.cookie, b.id, { sourceIds: [c.id] }), 409);
      // Trash cannot bring back a merged client: only undo can. Nor does it list it, or count it.
      expectProblem(await call(t.app, 'POST', `/api/v1/clients/${b.id}/restore`, { as: ws.cookie }), 409);
      const trash = (await call(t.app, 'GET', '/api/v1/clients?deleted=only', { as: ws.cookie })).json();
      expect(trash.data.map((x: { id: string }) => x.id)).not.toContain(b.id);
      expect(trash.total).toBe(trash.data.length);
      expect((await call(t.app, 'GET', '/api/v1/clients/count?deleted=only', { as: ws.cookie })).json().total).toBe(trash.data.length);
      expectProblem(await call(t.app, 'POST', `/api/v1/merges/${done.mergeId}/undo`, { as: viewer.cookie }), 403);
      expectProblem(await call(t.app, 'POST', `/api/v1/merges/${done.mergeId}/undo`, { as: other.cookie }), 404);
      // An edit of the survivor after the merge would be lost by an undo: refused.
      await ok('PATCH', `/clients/${a.id}`, ws.cookie, { notes: 'Edited after the merge' });
      expectProblem(await call(t.app, 'POST', `/api/v1/merges/${done.mergeId}/undo`, { as: ws.cookie }), 409);

      expect((await call(t.app, 'DELETE', `/api/v1/clients/${c.id}`, { as: ws.cookie })).statusCode).toBe(204);
      expectProblem(await merge(ws.cookie, a.id, { sourceIds: [c.id] }), 409);
    });
  });
}

import { beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, getClient, roleKey } from '../helpers/clients';
import { call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
    });

    it('tags: create, unique by name ignoring case and accents, rename and delete follow onto clients', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const created = await call(t.app, 'POST', '/api/v1/tags', { as: ws.cookie, body: { name: 'Café', color: '#1c7ed6' } });
      expect(created.statusCode, created.body).toBe(201);
      const cafe = created.json();
      expect(cafe).toMatchObject({ name: 'Café', color: '#1c7ed6', categoryId: null, clientCount: 0, version: 1 });
      expect(expectProblem(await call(t.app, 'POST', '/api/v1/tags', { as: ws.cookie, body: { name: ' CAFE ' } }), 409).errors?.[0]?.path).toBe('name');

      // A client naming the tag in any spelling gets the existing tag.
      const client = await createClient(t.app, ws.cookie, { tags: ['cafe', 'New One'] });
      expect(client.tags).toEqual(['Café', 'New One']);
      const list = (await call(t.app, 'GET', '/api/v1/tags?counts=true', { as: ws.cookie })).json();
      expect(list.data.map((x: { name: string; clientCount: number }) => `${x.name}:${x.clientCount}`)).toEqual(['Café:1', 'New One:1']);
      expect((await call(t.app, 'GET', '/api/v1/tags', { as: ws.cookie })).json().data[0].clientCount).toBeNull();

      const renamed = await call(t.app, 'PATCH', `/api/v1/tags/${cafe.id}`, { as: ws.cookie, body: { name: 'Coffee' }, headers: { 'if-match': `W/"${cafe.id}.1"` } });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect(renamed.json()).toMatchObject({ name: 'Coffee', version: 2 });
      expect((await getClient(t.app, ws.cookie, client.id)).tags).toEqual(['Coffee', 'New One']);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/tags/${cafe.id}`, { as: ws.cookie, body: { name: 'Tea', version: 1 } }), 412);
      const newOne = list.data.find((x: { name: string }) => x.name === 'New One');
      expectProblem(await call(t.app, 'PATCH', `/api/v1/tags/${newOne.id}`, { as: ws.cookie, body: { name: 'coffee' } }), 409);

      expect((await call(t.app, 'DELETE', `/api/v1/tags/${cafe.id}`, { as: ws.cookie })).statusCode).toBe(204);
      expect((await getClient(t.app, ws.cookie, client.id)).tags).toEqual(['New One']);
      expectProblem(await call(t.app, 'GET', `/api/v1/tags/${cafe.id}`, { as: ws.cookie }), 404);

      const actions = (await t.db.selectFrom('audit_events').select('action').where('entity_id', '=', cafe.id).orderBy('at').orderBy('id').execute()).map((a) => a.action);
      expect(actions).toEqual(['tag.created', 'tag.updated', 'tag.deleted']);
    });

    it('renaming or deleting a tag is an edit of every client carrying it: new version (stale edit → 412) and a History entry, not a profile update', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const vip = (await call(t.app, 'POST', '/api/v1/tags', { as: ws.cookie, body: { name: 'VIP' } })).json();
      const a = await createClient(t.app, ws.cookie, { tags: ['vip', 'Local'] });
      const b = await createClient(t.app, ws.cookie, { tags: ['Local'] });
      const trashed = await createClient(t.app, ws.cookie, { tags: ['VIP'] });
      expect((await call(t.app, 'DELETE', `/api/v1/clients/${trashed.id}`, { as: ws.cookie })).statusCode).toBe(204);
      const trashedVersion = (await getClient(t.app, ws.cookie, trashed.id)).version;

      expect((await call(t.app, 'PATCH', `/api/v1/tags/${vip.id}`, { as: ws.cookie, body: { name: 'Key account' } })).statusCode).toBe(200);
      const renamedA = await getClient(t.app, ws.cookie, a.id);
      expect(renamedA).toMatchObject({ tags: ['Key account', 'Local'], version: a.version + 1 });
      // Tags are labels: the list's "Updated" keeps showing when the profile was last edited.
      expect(renamedA.updatedAt).toBe(a.updatedAt);
      expect(await getClient(t.app, ws.cookie, b.id)).toMatchObject({ tags: ['Local'], version: b.version });
      // A client in Trash follows too, so restoring it brings back the current name.
      expect(await getClient(t.app, ws.cookie, trashed.id)).toMatchObject({ tags: ['Key account'], version: trashedVersion + 1 });

      // Someone who opened the client before the rename is told it changed, and nothing is written.
      expectProblem(await call(t.app, 'PATCH', `/api/v1/clients/${a.id}`, { as: ws.cookie, body: { notes: 'stale', version: a.version } }), 412);
      expect((await getClient(t.app, ws.cookie, a.id)).notes).toBeNull();

      const history = (await call(t.app, 'GET', `/api/v1/clients/${a.id}/audit`, { as: ws.cookie })).json().data;
      expect(history[0]).toMatchObject({ action: 'client.updated', changes: { tags: { before: ['VIP', 'Local'], after: ['Key account', 'Local'] } } });

      expect((await call(t.app, 'DELETE', `/api/v1/tags/${vip.id}`, { as: ws.cookie })).statusCode).toBe(204);
      expect(await getClient(t.app, ws.cookie, a.id)).toMatchObject({ tags: ['Local'], version: a.version + 2 });
      const after = (await call(t.app, 'GET', `/api/v1/clients/${a.id}/audit`, { as: ws.cookie })).json().data;
      expect(after[0]).toMatchObject({ action: 'client.updated', changes: { tags: { before: ['Key account', 'Local'], after: ['Local'] } } });
      const filtered = (await call(t.app, 'GET', `/api/v1/clients?tag=Local`, { as: ws.cookie })).json();
      expect(filtered.data.map((c: { id: string }) => c.id).sort()).toEqual([a.id, b.id].sort());
    });

    it('a rename reaches every client of a tag carried by more than one chunk (set-based)', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const tag = (await call(t.app, 'POST', '/api/v1/tags', { as: ws.cookie, body: { name: 'Wide' } })).json();
      expect((await call(t.app, 'POST', '/api/v1/sample-data', { as: ws.cookie, body: { clients: 1000 } })).statusCode).toBe(201);
      const tagged = await call(t.app, 'POST', '/api/v1/clients/bulk', { as: ws.cookie, body: { action: 'addTags', tags: ['Wide'], filter: { field: 'status', op: 'isNotEmpty' } } });
      expect(tagged.json(), tagged.body).toMatchObject({ changed: 1000 });
      for (let i = 0; i < 3; i++) await createClient(t.app, ws.cookie, { tags: ['Wide'] });
      const versions = async () =>
        new Map((await t.db.selectFrom('clients').select(['id', 'version']).where('workspace_id', '=', ws.workspace.id).execute()).map((r) => [r.id, Number(r.version)]));
      const before = await versions();
      const renamedAt = new Date().toISOString();
      expect((await call(t.app, 'PATCH', `/api/v1/tags/${tag.id}`, { as: ws.cookie, body: { name: 'Broad' } })).statusCode).toBe(200);
      const after = await versions();
      expect(after.size).toBe(1003);
      expect([...after].filter(([id, v]) => v !== before.get(id)! + 1)).toEqual([]);
      expect((await call(t.app, 'GET', '/api/v1/clients/count?tag=Broad', { as: ws.cookie })).json().total).toBe(1003);
      expect((await call(t.app, 'GET', '/api/v1/clients/count?tag=Wide', { as: ws.cookie })).json().total).toBe(0);
      const audited = await t.db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.count<number>('entity_id').distinct().as('n'))
        .where('workspace_id', '=', ws.workspace.id)
        .where('action', '=', 'client.updated')
        .where('at', '>=', renamedAt)
        .executeTakeFirstOrThrow();
      expect(Number(audited.n)).toBe(1003);
    });

    it('clients created at the same moment with the same new tag share one tag, never a 500', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const results = await Promise.all([1, 2, 3, 4].map((i) => call(t.app, 'POST', '/api/v1/clients', { as: ws.cookie, body: { firstName: `Same ${i}`, tags: ['Brand New', `brand new`] } })));
      expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
      const tags = (await call(t.app, 'GET', '/api/v1/tags?counts=true', { as: ws.cookie })).json().data;
      expect(tags).toHaveLength(1);
      expect(tags[0]).toMatchObject({ name: 'Brand New', clientCount: 4 });
    });

    it('categories: admin creates, tags join and leave them; deleting a category keeps its tags', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const res = await call(t.app, 'POST', '/api/v1/tag-categories', { as: ws.cookie, body: { name: 'Industry', color: 'grape', position: 1 } });
      expect(res.statusCode, res.body).toBe(201);
      const industry = res.json();
      expectProblem(await call(t.app, 'POST', '/api/v1/tag-categories', { as: ws.cookie, body: { name: 'industry' } }), 409);
      const tag = (await call(t.app, 'POST', '/api/v1/tags', { as: ws.cookie, body: { name: 'Legal', categoryId: industry.id } })).json();
      expect(tag.categoryId).toBe(industry.id);
      expect(expectProblem(await call(t.app, 'POST', '/api/v1/tags', { as: ws.cookie, body: { name: 'X', categoryId: 'nope' } }), 400).errors?.[0]?.path).toBe('categoryId');
      const patched = (await call(t.app, 'PATCH', `/api/v1/tag-categories/${industry.id}`, { as: ws.cookie, body: { name: 'Sector' } })).json();
      expect(patched).toMatchObject({ name: 'Sector', version: 2 });
      expect((await call(t.app, 'GET', '/api/v1/tag-categories', { as: ws.cookie })).json().data.map((c: { name: string }) => c.name)).toEqual(['Sector']);
      expect((await call(t.app, 'DELETE', `/api/v1/tag-categories/${industry.id}`, { as: ws.cookie })).statusCode).toBe(204);
      expect((await call(t.app, 'GET', `/api/v1/tags/${tag.id}`, { as: ws.cookie })).json().categoryId).toBeNull();
    });

    it('bad input, roles and tenancy', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      expect(expectProblem(await call(t.app, 'POST', '/api/v1/tags', { as: ws.cookie, body: { name: '' } }), 400).errors?.[0]?.path).toBe('name');
      expect(expectProblem(await call(t.app, 'POST', '/api/v1/tags', { as: ws.cookie, body: { name: 'x'.repeat(61) } }), 400).errors?.[0]?.path).toBe('name');
      expect(expectProblem(await call(t.app, 'POST', '/api/v1/tags', { as: ws.cookie, body: { name: 'A', color: 'javascript:alert(1)' } }), 400).errors?.[0]?.path).toBe('color');
      expectProblem(await call(t.app, 'POST', '/api/v1/tags', { as: ws.cookie, body: { name: 'A', extra: 1 } }), 400);
      const tag = (await call(t.app, 'POST', '/api/v1/tags', { as: ws.cookie, body: { name: 'Mine' } })).json();

      const viewer = await roleKey(t.app, ws.cookie, 'viewer');
      expect((await call(t.app, 'GET', '/api/v1/tags', { as: viewer.cookie })).statusCode).toBe(200);
      expectProblem(await call(t.app, 'POST', '/api/v1/tags', { as: viewer.cookie, body: { name: 'V' } }), 403);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/tags/${tag.id}`, { as: viewer.cookie, body: { name: 'V' } }), 403);
      expectProblem(await call(t.app, 'DELETE', `/api/v1/tags/${tag.id}`, { as: viewer.cookie }), 403);
      const member = await roleKey(t.app, ws.cookie, 'member');
      expectProblem(await call(t.app, 'POST', '/api/v1/tag-categories', { as: member.cookie, body: { name: 'M' } }), 403);

      const other = await isolatedWorkspace(t.app, owner);
      expectProblem(await call(t.app, 'GET', `/api/v1/tags/${tag.id}`, { as: other.cookie }), 404);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/tags/${tag.id}`, { as: other.cookie, body: { name: 'Theirs' } }), 404);
      expectProblem(await call(t.app, 'DELETE', `/api/v1/tags/${tag.id}`, { as: other.cookie }), 404);
      expect((await call(t.app, 'GET', '/api/v1/tags', { as: other.cookie })).json().total).toBe(0);
      // The same name is free in another workspace.
      expect((await call(t.app, 'POST', '/api/v1/tags', { as: other.cookie, body: { name: 'Mine' } })).statusCode).toBe(201);
    });
  });
}

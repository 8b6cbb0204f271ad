// Clients after creation: Trash and purge, roles and tenancy, history, settings, the bulk service functions.
import { beforeAll, describe, expect, it } from 'vitest';
import { bulkAddTags, bulkAssignOwner, bulkDelete, bulkRemoveTags, bulkRestore, bulkSetStatus, purgeExpiredTrash } from '../../src/server/clients/client.service';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { clientEmail, clientPhone, createClient, getClient, ownerActor, put, roleKey } from '../helpers/clients';
import { addMember, call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

type Ws = Awaited<ReturnType<typeof isolatedWorkspace>>;

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    let ws: Ws;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
      ws = await isolatedWorkspace(t.app, owner);
    });

    describe('trash', () => {
      it('soft delete frees the e-mail; restore re-checks it (409 while taken)', async () => {
        const email = clientEmail();
        const first = await createClient(t.app, ws.cookie, { email });
        expect((await call(t.app, 'DELETE', `/api/v1/clients/${first.id}`, { as: ws.cookie })).statusCode).toBe(204);
        expect((await getClient(t.app, ws.cookie, first.id)).deletedAt).toBeTruthy();
        expectProblem(await call(t.app, 'PATCH', `/api/v1/clients/${first.id}`, { as: ws.cookie, body: { notes: 'x' } }), 409);
        const second = await createClient(t.app, ws.cookie, { email });
        const blocked = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${first.id}/restore`, { as: ws.cookie }), 409);
        expect(blocked).toMatchObject({ existingClientId: second.id });
        expect((await getClient(t.app, ws.cookie, first.id)).deletedAt).toBeTruthy();
        expect((await call(t.app, 'DELETE', `/api/v1/clients/${second.id}`, { as: ws.cookie })).statusCode).toBe(204);
        const restored = await call(t.app, 'POST', `/api/v1/clients/${first.id}/restore`, { as: ws.cookie });
        expect(restored.statusCode, restored.body).toBe(200);
        expect(restored.json()).toMatchObject({ deletedAt: null, email });
        const actions = (await call(t.app, 'GET', `/api/v1/clients/${first.id}/audit`, { as: ws.cookie })).json().data.map((e: { action: string }) => e.action);
        expect(actions).toEqual(['client.restored', 'client.deleted', 'client.created']);
      });

      it('delete honours If-Match (412 when stale) and is idempotent', async () => {
        const client = await createClient(t.app, ws.cookie);
        await call(t.app, 'PATCH', `/api/v1/clients/${client.id}`, { as: ws.cookie, body: { notes: 'v2' } });
        expectProblem(await call(t.app, 'DELETE', `/api/v1/clients/${client.id}`, { as: ws.cookie, headers: { 'if-match': `W/"${client.id}.1"` } }), 412);
        expect((await getClient(t.app, ws.cookie, client.id)).deletedAt).toBeNull();
        expect((await call(t.app, 'DELETE', `/api/v1/clients/${client.id}`, { as: ws.cookie, headers: { 'if-match': `W/"${client.id}.2"` } })).statusCode).toBe(204);
        expect((await call(t.app, 'DELETE', `/api/v1/clients/${client.id}`, { as: ws.cookie })).statusCode).toBe(204);
        const deletions = await t.db.selectFrom('audit_events').select('id').where('entity_id', '=', client.id).where('action', '=', 'client.deleted').execute();
        expect(deletions).toHaveLength(1);
      });

      it('permanent delete (owner/admin) removes the client and its lookups; audited', async () => {
        const client = await createClient(t.app, ws.cookie, { email: clientEmail(), phone: clientPhone(), tags: ['Gone'] });
        expect((await call(t.app, 'DELETE', `/api/v1/clients/${client.id}?permanent=true`, { as: ws.cookie })).statusCode).toBe(204);
        expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}`, { as: ws.cookie }), 404);
        expect(await t.db.selectFrom('client_emails').select('client_id').where('client_id', '=', client.id).execute()).toEqual([]);
        expect(await t.db.selectFrom('client_tags').select('client_id').where('client_id', '=', client.id).execute()).toEqual([]);
        const purged = await t.db.selectFrom('audit_events').select(['action', 'changes']).where('entity_id', '=', client.id).where('action', '=', 'client.purged').execute();
        expect(purged).toHaveLength(1);
        expectProblem(await call(t.app, 'DELETE', `/api/v1/clients/${client.id}?permanent=maybe`, { as: ws.cookie }), 400);
      });

      it('housekeeping purges clients in Trash longer than the workspace’s trashDays', async () => {
        const own = await isolatedWorkspace(t.app, owner);
        expect((await put(t.app, '/api/v1/settings/clients', own.cookie, { trashDays: 10 })).statusCode).toBe(200);
        const old = await createClient(t.app, own.cookie);
        const recent = await createClient(t.app, own.cookie);
        for (const c of [old, recent]) await call(t.app, 'DELETE', `/api/v1/clients/${c.id}`, { as: own.cookie });
        const elevenDaysAgo = new Date(Date.now() - 11 * 86_400_000).toISOString();
        await t.db.updateTable('clients').set({ deleted_at: elevenDaysAgo }).where('id', '=', old.id).execute();
        expect(await purgeExpiredTrash(t.db)).toBeGreaterThanOrEqual(1);
        expectProblem(await call(t.app, 'GET', `/api/v1/clients/${old.id}`, { as: own.cookie }), 404);
        expect((await getClient(t.app, own.cookie, recent.id)).deletedAt).toBeTruthy();
        const events = await t.db.selectFrom('audit_events').select(['action', 'actor_label']).where('entity_id', '=', old.id).where('action', '=', 'client.purged').execute();
        expect(events).toEqual([{ action: 'client.purged', actor_label: 'Trash clean-up' }]);
      });
    });

    describe('roles and tenancy', () => {
      it('a viewer reads but cannot write (403); a member cannot delete; a manager cannot purge', async () => {
        const client = await createClient(t.app, ws.cookie);
        const viewer = await roleKey(t.app, ws.cookie, 'viewer');
        expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}`, { as: viewer.cookie })).statusCode).toBe(200);
        expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}/audit`, { as: viewer.cookie })).statusCode).toBe(200);
        expectProblem(await call(t.app, 'POST', '/api/v1/clients', { as: viewer.cookie, body: { firstName: 'V' } }), 403);
        expectProblem(await call(t.app, 'PATCH', `/api/v1/clients/${client.id}`, { as: viewer.cookie, body: { firstName: 'V' } }), 403);
        expectProblem(await call(t.app, 'DELETE', `/api/v1/clients/${client.id}`, { as: viewer.cookie }), 403);
        const member = await roleKey(t.app, ws.cookie, 'member');
        expect((await call(t.app, 'PATCH', `/api/v1/clients/${client.id}`, { as: member.cookie, body: { firstName: 'M' } })).statusCode).toBe(200);
        expectProblem(await call(t.app, 'DELETE', `/api/v1/clients/${client.id}`, { as: member.cookie }), 403);
        const manager = await roleKey(t.app, ws.cookie, 'manager');
        expectProblem(await call(t.app, 'DELETE', `/api/v1/clients/${client.id}?permanent=true`, { as: manager.cookie }), 403);
        expect((await call(t.app, 'DELETE', `/api/v1/clients/${client.id}`, { as: manager.cookie })).statusCode).toBe(204);
        expect((await call(t.app, 'POST', `/api/v1/clients/${client.id}/restore`, { as: manager.cookie })).statusCode).toBe(200);
        expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}`), 401);
      });

      it('another workspace’s client is 404 on every route', async () => {
        const client = await createClient(t.app, ws.cookie);
        const other = await isolatedWorkspace(t.app, owner);
        const id = client.id;
        expectProblem(await call(t.app, 'GET', `/api/v1/clients/${id}`, { as: other.cookie }), 404);
        expectProblem(await call(t.app, 'PATCH', `/api/v1/clients/${id}`, { as: other.cookie, body: { firstName: 'X' } }), 404);
        expectProblem(await call(t.app, 'DELETE', `/api/v1/clients/${id}`, { as: other.cookie }), 404);
        expectProblem(await call(t.app, 'DELETE', `/api/v1/clients/${id}?permanent=true`, { as: other.cookie }), 404);
        expectProblem(await call(t.app, 'POST', `/api/v1/clients/${id}/restore`, { as: other.cookie }), 404);
        expectProblem(await call(t.app, 'GET', `/api/v1/clients/${id}/audit`, { as: other.cookie }), 404);
        expectProblem(await call(t.app, 'GET', `/api/v1/clients/${id}/contacts`, { as: other.cookie }), 404);
        expectProblem(await call(t.app, 'POST', `/api/v1/clients/${id}/contacts`, { as: other.cookie, body: { firstName: 'X' } }), 404);
        expectProblem(await call(t.app, 'GET', `/api/v1/clients/${id}/photo`, { as: other.cookie }), 404);
        expectProblem(await call(t.app, 'DELETE', `/api/v1/clients/${id}/photo`, { as: other.cookie }), 404);
        expect((await getClient(t.app, ws.cookie, id)).version).toBe(1);
      });
    });

    describe('history', () => {
      it('GET /clients/{id}/audit: newest first, who and before → after, paged', async () => {
        const client = await createClient(t.app, ws.cookie, { email: clientEmail() });
        for (const stage of ['growth', 'mature', 'renewal']) {
          await call(t.app, 'PATCH', `/api/v1/clients/${client.id}`, { as: ws.cookie, body: { lifecycleStage: stage } });
        }
        const page = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/audit?limit=2`, { as: ws.cookie })).json();
        expect(page.total).toBe(4);
        expect(page.data).toHaveLength(2);
        expect(page.data[0]).toMatchObject({ action: 'client.updated', entityType: 'client', entityId: client.id, actor: { userId: owner.me.user!.id }, changes: { lifecycleStage: { before: 'mature', after: 'renewal' } } });
        const rest = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/audit?limit=2&cursor=${page.nextCursor}`, { as: ws.cookie })).json();
        expect(rest.data.map((e: { action: string }) => e.action)).toEqual(['client.updated', 'client.created']);
        expect(rest.data[1].changes).toMatchObject({ email: { before: null, after: client.email }, status: { before: null, after: 'prospect' } });
      });
    });

    describe('settings', () => {
      it('GET/PUT /settings/clients: admin only to change; default country reads phones; newClientDays decides isNew', async () => {
        const own = await isolatedWorkspace(t.app, owner);
        expect((await call(t.app, 'GET', '/api/v1/settings/clients', { as: own.cookie })).json()).toEqual({ defaultCountry: 'US', newClientDays: 30, trashDays: 90 });
        const member = await roleKey(t.app, own.cookie, 'member');
        expectProblem(await put(t.app, '/api/v1/settings/clients', member.cookie, { defaultCountry: 'GB' }), 403);
        expect(expectProblem(await put(t.app, '/api/v1/settings/clients', own.cookie, { defaultCountry: 'XX' }), 400).errors?.[0]?.path).toBe('defaultCountry');
        expect(expectProblem(await put(t.app, '/api/v1/settings/clients', own.cookie, { trashDays: 0 }), 400).errors?.[0]?.path).toBe('trashDays');
        expectProblem(await put(t.app, '/api/v1/settings/clients', own.cookie, { colour: 'red' }), 400);
        const res = await put(t.app, '/api/v1/settings/clients', own.cookie, { defaultCountry: 'gb', newClientDays: 7 });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toEqual({ defaultCountry: 'GB', newClientDays: 7, trashDays: 90 });
        const client = await createClient(t.app, own.cookie, { phone: '020 7946 0958' });
        expect(client.phone).toBe('+442079460958');
        // A client's own primary address country wins over the workspace default.
        expect((await createClient(t.app, own.cookie, { phone: '030 1234567', addresses: [{ kind: 'primary', country: 'DE' }] })).phone).toBe('+49301234567');
        await t.db.updateTable('clients').set({ created_at: new Date(Date.now() - 8 * 86_400_000).toISOString() }).where('id', '=', client.id).execute();
        expect((await getClient(t.app, own.cookie, client.id)).isNew).toBe(false);
        const audit = await t.db.selectFrom('audit_events').select('changes').where('workspace_id', '=', own.workspace.id).where('action', '=', 'settings.clients_updated').execute();
        expect(audit).toHaveLength(1);
      });
    });

    describe('bulk service functions (called by the bulk module per chunk)', () => {
      it('setStatus, addTags, removeTags, assignOwner, delete, restore: counts, versions, lookups and audit', async () => {
        const own = await isolatedWorkspace(t.app, owner);
        const actor = ownerActor(own.workspace.id, owner.me.user!.id);
        const emails = [clientEmail(), clientEmail(), clientEmail()];
        const clients = await Promise.all(emails.map((email) => createClient(t.app, own.cookie, { email, tags: ['Keep'] })));
        const ids = clients.map((c) => c.id);
        await call(t.app, 'PATCH', `/api/v1/clients/${ids[0]}`, { as: own.cookie, body: { status: 'active' } });

        await expect(bulkSetStatus(t.db, actor, ids, { status: 'churned' })).rejects.toMatchObject({ status: 400, errors: [{ path: 'statusReason' }] });
        expect(await bulkSetStatus(t.db, actor, [...ids, 'missing'], { status: 'active' })).toEqual({ matched: 3, changed: 2, skipped: 1 });
        const one = await getClient(t.app, own.cookie, ids[1]!);
        expect(one).toMatchObject({ status: 'active', version: 2 });

        expect(await bulkAddTags(t.db, actor, ids, ['Gold', 'keep'])).toEqual({ matched: 3, changed: 3, skipped: 0 });
        expect((await getClient(t.app, own.cookie, ids[2]!)).tags).toEqual(['Keep', 'Gold']);
        const tagged = await t.db.selectFrom('client_tags as ct').innerJoin('tags as tg', 'tg.id', 'ct.tag_id').select('ct.client_id').where('tg.name', '=', 'Gold').where('ct.workspace_id', '=', own.workspace.id).execute();
        expect(tagged).toHaveLength(3);
        expect(await bulkRemoveTags(t.db, actor, ids.slice(0, 2), ['KEEP', 'Unknown'])).toEqual({ matched: 2, changed: 2, skipped: 0 });
        expect((await getClient(t.app, own.cookie, ids[0]!)).tags).toEqual(['Gold']);
        const keep = await t.db.selectFrom('client_tags as ct').innerJoin('tags as tg', 'tg.id', 'ct.tag_id').select('ct.client_id').where('tg.name', '=', 'Keep').where('ct.workspace_id', '=', own.workspace.id).execute();
        expect(keep.map((k) => k.client_id)).toEqual([ids[2]]);

        const member = await addMember(t.app, own.cookie, { role: 'member', password: null });
        await expect(bulkAssignOwner(t.db, actor, ids, 'stranger')).rejects.toMatchObject({ status: 400 });
        expect(await bulkAssignOwner(t.db, actor, ids, member.id)).toEqual({ matched: 3, changed: 3, skipped: 0 });
        await expect(bulkDelete(t.db, ownerActor(own.workspace.id, member.id, 'member'), ids)).rejects.toMatchObject({ status: 403 });

        expect(await bulkDelete(t.db, actor, ids)).toEqual({ matched: 3, changed: 3, skipped: 0 });
        expect(await t.db.selectFrom('client_emails').select('client_id').where('workspace_id', '=', own.workspace.id).where('client_id', 'in', ids).execute()).toEqual([]);
        // Meanwhile someone takes the first client's e-mail: that one stays in Trash.
        await createClient(t.app, own.cookie, { email: emails[0] });
        expect(await bulkRestore(t.db, actor, ids)).toEqual({ matched: 3, changed: 2, skipped: 1 });
        expect((await getClient(t.app, own.cookie, ids[0]!)).deletedAt).toBeTruthy();
        expect((await getClient(t.app, own.cookie, ids[1]!)).deletedAt).toBeNull();

        // Another workspace's ids are not matched.
        const other = await isolatedWorkspace(t.app, owner);
        expect(await bulkDelete(t.db, ownerActor(other.workspace.id, owner.me.user!.id), ids)).toEqual({ matched: 0, changed: 0, skipped: 0 });

        const history = (await call(t.app, 'GET', `/api/v1/clients/${ids[1]}/audit`, { as: own.cookie })).json().data.map((e: { action: string }) => e.action);
        expect(history).toEqual(['client.restored', 'client.deleted', 'client.updated', 'client.updated', 'client.updated', 'client.updated', 'client.created']);
      });
    });

    it('the OpenAPI document describes the client routes', async () => {
      const doc = (await call(t.app, 'GET', '/api/v1/openapi.json')).json();
      for (const path of ['/api/v1/clients', '/api/v1/clients/{id}', '/api/v1/clients/{id}/restore', '/api/v1/clients/{id}/audit', '/api/v1/clients/{id}/photo', '/api/v1/settings/clients']) {
        expect(Object.keys(doc.paths)).toContain(path);
      }
    });
  });
}

import { beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { addMember, addSignedInMember, auditEvents, call, createApiKey, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
    });

    describe('API keys', () => {
      it('creates a key (201): the token starts rpk_ and is shown only once', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const res = await call(t.app, 'POST', '/api/v1/api-keys', { as: ws.cookie, body: { name: 'Zapier', role: 'member' } });
        expect(res.statusCode, res.body).toBe(201);
        const key = res.json();
        expect(key).toMatchObject({ name: 'Zapier', role: 'member', revokedAt: null, createdBy: { id: owner.me.user!.id } });
        expect(key.token).toMatch(/^rpk_[A-Za-z0-9_-]{30,}$/);
        expect(key.token.startsWith(key.prefix)).toBe(true);

        const list = await call(t.app, 'GET', '/api/v1/api-keys', { as: ws.cookie });
        expect(list.statusCode).toBe(200);
        expect(list.json().data).toEqual([expect.objectContaining({ id: key.id, name: 'Zapier', prefix: key.prefix })]);
        expect(list.body).not.toContain('"token"');
        expect(list.body).not.toContain(key.token);
      });

      it('a Bearer key acts in its workspace with its role, as no user', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const key = await createApiKey(t.app, ws.cookie, 'manager', 'Reporting');
        const me = await call(t.app, 'GET', '/api/v1/me', { as: key.token });
        expect(me.statusCode, me.body).toBe(200);
        expect(me.json()).toEqual({ user: null, workspace: { id: ws.workspace.id, name: ws.workspace.name }, role: 'manager', apiKey: { id: key.id, name: 'Reporting' } });
        // Its workspace alone, even though its creator has others.
        expect((await call(t.app, 'GET', '/api/v1/workspaces', { as: key.token })).json().data).toEqual([
          expect.objectContaining({ id: ws.workspace.id, role: 'manager' }),
        ]);
      });

      it('a key cannot be made with a role above its creator’s (admin creating an owner key → 403)', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const admin = await addSignedInMember(t.app, ws.cookie, 'admin');
        expectProblem(await call(t.app, 'POST', '/api/v1/api-keys', { as: admin.cookie, body: { name: 'Too strong', role: 'owner' } }), 403);
        await createApiKey(t.app, admin.cookie, 'admin');
        const list = (await call(t.app, 'GET', '/api/v1/api-keys', { as: ws.cookie })).json();
        expect(list.data.map((k: { role: string }) => k.role)).toEqual(['admin']);
      });

      it('a key cannot mint further keys (keys are made by signed-in users)', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const key = await createApiKey(t.app, ws.cookie, 'owner');
        expectProblem(await call(t.app, 'POST', '/api/v1/api-keys', { as: key.token, body: { name: 'Child', role: 'viewer' } }), 401);
      });

      it('a revoked key is refused with 401 at once', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const key = await createApiKey(t.app, ws.cookie, 'viewer');
        expect((await call(t.app, 'GET', '/api/v1/me', { as: key.token })).statusCode).toBe(200);
        expect((await call(t.app, 'DELETE', `/api/v1/api-keys/${key.id}`, { as: ws.cookie })).statusCode).toBe(204);
        expectProblem(await call(t.app, 'GET', '/api/v1/me', { as: key.token }), 401);
        const listed = (await call(t.app, 'GET', '/api/v1/api-keys', { as: ws.cookie })).json().data[0];
        expect(listed.revokedAt).toEqual(expect.any(String));
      });

      it('creation and revocation are in the audit log', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const key = await createApiKey(t.app, ws.cookie, 'member', 'Audited');
        await call(t.app, 'DELETE', `/api/v1/api-keys/${key.id}`, { as: ws.cookie });
        const created = await auditEvents(t.app, ws.cookie, 'api_key.created');
        expect(created).toEqual([expect.objectContaining({ entityType: 'api_key', entityId: key.id, changes: expect.objectContaining({ role: { before: null, after: 'member' } }) })]);
        expect(await auditEvents(t.app, ws.cookie, 'api_key.revoked')).toEqual([expect.objectContaining({ entityId: key.id })]);
        // No secret ends up in the audit trail.
        const everything = await call(t.app, 'GET', '/api/v1/audit?limit=500', { as: ws.cookie });
        expect(everything.body).not.toContain(key.token);
      });

      it('refuses bad Authorization headers with 401', async () => {
        for (const authorization of ['Bearer', 'Bearer rpk_not-a-real-key', 'Basic dXNlcjpwYXNz', 'rpk_no-scheme', 'Bearer rps_session-token-as-key']) {
          expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization } }), 401);
        }
      });

      it('a bad Authorization header is not rescued by a valid cookie', async () => {
        expectProblem(await call(t.app, 'GET', '/api/v1/me', { as: owner.cookie, headers: { authorization: 'Bearer rpk_wrong' } }), 401);
      });

      it('a viewer key cannot add team members (403)', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const key = await createApiKey(t.app, ws.cookie, 'viewer');
        expectProblem(await call(t.app, 'POST', '/api/v1/users', { as: key.token, body: { email: 'by-key@example.test', name: 'K', role: 'viewer' } }), 403);
        expect((await call(t.app, 'GET', '/api/v1/users', { as: ws.cookie })).json().total).toBe(1);
      });

      it('a key of workspace A cannot see a member of workspace B (404)', async () => {
        const a = await isolatedWorkspace(t.app, owner);
        const b = await isolatedWorkspace(t.app, owner);
        const onlyInB = await addMember(t.app, b.cookie, { role: 'member' });
        const keyA = await createApiKey(t.app, a.cookie, 'owner');
        const keyB = await createApiKey(t.app, b.cookie, 'viewer');
        expectProblem(await call(t.app, 'GET', `/api/v1/users/${onlyInB.id}`, { as: keyA.token }), 404);
        expectProblem(await call(t.app, 'PATCH', `/api/v1/users/${onlyInB.id}`, { as: keyA.token, body: { role: 'viewer' } }), 404);
        expectProblem(await call(t.app, 'DELETE', `/api/v1/users/${onlyInB.id}`, { as: keyA.token }), 404);
        expectProblem(await call(t.app, 'DELETE', `/api/v1/api-keys/${keyB.id}`, { as: keyA.token }), 404);
        // B's key and member are untouched.
        expect((await call(t.app, 'GET', `/api/v1/users/${onlyInB.id}`, { as: keyB.token })).json().role).toBe('member');
      });

      it('when its creator is demoted, keys above the new role stop working', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const admin = await addSignedInMember(t.app, ws.cookie, 'admin');
        const adminKey = await createApiKey(t.app, admin.cookie, 'admin');
        const viewerKey = await createApiKey(t.app, admin.cookie, 'viewer');
        expect((await call(t.app, 'GET', '/api/v1/me', { as: adminKey.token })).statusCode).toBe(200);
        expect((await call(t.app, 'PATCH', `/api/v1/users/${admin.id}`, { as: ws.cookie, body: { role: 'member' } })).statusCode).toBe(200);
        expectProblem(await call(t.app, 'GET', '/api/v1/me', { as: adminKey.token }), 401);
        expect((await call(t.app, 'GET', '/api/v1/me', { as: viewerKey.token })).statusCode).toBe(200);
      });
    });
  });
}

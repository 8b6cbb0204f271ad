import { beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { addMember, addSignedInMember, call, createWorkspace, expectProblem, isolatedWorkspace, login, setupOwner, switchWorkspace, type SignedIn } from '../helpers/factories';

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    beforeAll(async () => {
      owner = await setupOwner(t.app, { workspaceName: 'First' });
    });

    describe('workspaces', () => {
      it('creates a workspace owned by the caller (201) and lists it with the caller’s role', async () => {
        const session = await login(t.app, owner.email, owner.password);
        const res = await call(t.app, 'POST', '/api/v1/workspaces', { as: session.cookie, body: { name: '  Second  ' } });
        expect(res.statusCode, res.body).toBe(201);
        const created = res.json();
        expect(created).toMatchObject({ name: 'Second', role: 'owner' });

        const list = await call(t.app, 'GET', '/api/v1/workspaces', { as: session.cookie });
        expect(list.statusCode).toBe(200);
        expect(list.json().data).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ id: owner.me.workspace.id, name: 'First', role: 'owner' }),
            expect.objectContaining({ id: created.id, name: 'Second', role: 'owner' }),
          ]),
        );
        // Creating does not move the session.
        expect((await call(t.app, 'GET', '/api/v1/me', { as: session.cookie })).json().workspace.id).toBe(owner.me.workspace.id);
      });

      it('refuses an empty name, naming the field', async () => {
        const problem = expectProblem(await call(t.app, 'POST', '/api/v1/workspaces', { as: owner.cookie, body: { name: '   ' } }), 400);
        expect(problem.errors?.map((e) => e.path)).toContain('name');
      });

      it('switches the session: /me shows the new workspace and role', async () => {
        const session = await login(t.app, owner.email, owner.password);
        const workspace = await createWorkspace(t.app, session.cookie, 'Switched to');
        const me = await switchWorkspace(t.app, session.cookie, workspace.id);
        expect(me).toMatchObject({ workspace: { id: workspace.id, name: 'Switched to' }, role: 'owner' });
        expect((await call(t.app, 'GET', '/api/v1/me', { as: session.cookie })).json().workspace).toEqual({ id: workspace.id, name: 'Switched to' });
        // Only this session moved.
        expect((await call(t.app, 'GET', '/api/v1/me', { as: owner.cookie })).json().workspace.id).toBe(owner.me.workspace.id);
      });

      it('shows a member each of their workspaces with their own role there', async () => {
        const first = await isolatedWorkspace(t.app, owner);
        const second = await isolatedWorkspace(t.app, owner);
        const viewer = await addSignedInMember(t.app, first.cookie, 'viewer');
        // An existing account is added as it is (its password stays its own).
        await addMember(t.app, second.cookie, { role: 'manager', email: viewer.email, password: null });
        const list = (await call(t.app, 'GET', '/api/v1/workspaces', { as: viewer.cookie })).json();
        expect(list.total).toBe(2);
        expect(list.data).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ id: first.workspace.id, role: 'viewer' }),
            expect.objectContaining({ id: second.workspace.id, role: 'manager' }),
          ]),
        );
        expect((await switchWorkspace(t.app, viewer.cookie, second.workspace.id)).role).toBe('manager');
        await login(t.app, viewer.email, viewer.password!);
      });

      it('refuses to switch into a workspace the caller does not belong to (403), and the session stays put', async () => {
        const member = await addSignedInMember(t.app, owner.cookie, 'admin');
        const foreign = await createWorkspace(t.app, owner.cookie, 'Not yours');
        expectProblem(await call(t.app, 'POST', '/api/v1/auth/switch-workspace', { as: member.cookie, body: { workspaceId: foreign.id } }), 403);
        expectProblem(await call(t.app, 'POST', '/api/v1/auth/switch-workspace', { as: member.cookie, body: { workspaceId: 'no-such-workspace' } }), 403);
        expect((await call(t.app, 'GET', '/api/v1/me', { as: member.cookie })).json().workspace.id).toBe(owner.me.workspace.id);
      });
    });
  });
}

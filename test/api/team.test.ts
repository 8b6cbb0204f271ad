import { beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, getClient } from '../helpers/clients';
import {
  addMember,
  addSignedInMember,
  auditEvents,
  call,
  expectProblem,
  isolatedWorkspace,
  login,
  sessionCookieOf,
  setupOwner,
  strongPassword,
  type SignedIn,
} from '../helpers/factories';

const tokenOf = (inviteUrl: string) => inviteUrl.split('/invite/')[1]!;

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
    });

    describe('adding members', () => {
      it('adds a member with a password (201, ETag) who can then sign in', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const password = strongPassword();
        const res = await call(t.app, 'POST', '/api/v1/users', { as: ws.cookie, body: { email: 'Mia.Member@Example.test', name: 'Mia Member', role: 'member', password } });
        expect(res.statusCode, res.body).toBe(201);
        const member = res.json();
        expect(member).toMatchObject({ email: 'mia.member@example.test', name: 'Mia Member', role: 'member', status: 'active', inviteUrl: null, version: 1 });
        expect(res.headers.etag).toBe(`W/"${member.id}.1"`);
        const session = await login(t.app, 'mia.member@example.test', password);
        expect(session.me).toMatchObject({ workspace: { id: ws.workspace.id }, role: 'member' });
        const team = (await call(t.app, 'GET', '/api/v1/users', { as: ws.cookie })).json();
        expect(team.data.map((m: { email: string }) => m.email).sort()).toEqual([owner.email, 'mia.member@example.test'].sort());
      });

      it('without a password returns an invitation link; the invitee chooses a password and is signed in; the link works once', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const invited = await addMember(t.app, ws.cookie, { role: 'manager', name: 'Ivan Invited', password: null });
        expect(invited).toMatchObject({ status: 'invited', role: 'manager' });
        expect(invited.inviteUrl).toMatch(/\/invite\/rpi_[A-Za-z0-9_-]+$/);
        const token = tokenOf(invited.inviteUrl!);

        const info = await call(t.app, 'GET', `/api/v1/invitations/${token}`);
        expect(info.statusCode, info.body).toBe(200);
        expect(info.json()).toEqual({ email: invited.email, name: 'Ivan Invited', workspaceName: ws.workspace.name, invitedBy: owner.me.user!.name });

        // An invited account has no password: it cannot sign in yet.
        expect((await call(t.app, 'POST', '/api/v1/auth/login', { body: { email: invited.email, password: 'anything-at-all' }, remoteAddress: '10.2.0.1' })).statusCode).toBe(401);

        const password = strongPassword();
        const accepted = await call(t.app, 'POST', '/api/v1/auth/accept-invitation', { body: { token, password, name: 'Ivan I.' } });
        expect(accepted.statusCode, accepted.body).toBe(201);
        expect(accepted.json()).toMatchObject({ user: { email: invited.email, name: 'Ivan I.' }, workspace: { id: ws.workspace.id }, role: 'manager' });
        const cookie = sessionCookieOf(accepted)!;
        expect((await call(t.app, 'GET', '/api/v1/me', { as: cookie })).json().role).toBe('manager');
        await login(t.app, invited.email, password);

        const reused = expectProblem(await call(t.app, 'POST', '/api/v1/auth/accept-invitation', { body: { token, password: strongPassword() } }), 410);
        expect(reused.title).toBe('Gone');
        expectProblem(await call(t.app, 'GET', `/api/v1/invitations/${token}`), 410);
        // The password chosen first still holds.
        await login(t.app, invited.email, password);
      });

      it('an unknown invitation token is 410', async () => {
        expectProblem(await call(t.app, 'GET', '/api/v1/invitations/rpi_not-a-real-token'), 410);
      });

      it('accepting an invitation still checks the password rules', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const invited = await addMember(t.app, ws.cookie, { role: 'member', password: null });
        const problem = expectProblem(await call(t.app, 'POST', '/api/v1/auth/accept-invitation', { body: { token: tokenOf(invited.inviteUrl!), password: 'password123' } }), 400);
        expect(problem.errors?.[0]?.path).toBe('password');
        // The refused attempt did not use up the link.
        expect((await call(t.app, 'GET', `/api/v1/invitations/${tokenOf(invited.inviteUrl!)}`)).statusCode).toBe(200);
      });

      it('adding someone already in the team is 409 naming email', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const member = await addMember(t.app, ws.cookie, { role: 'member' });
        const problem = expectProblem(await call(t.app, 'POST', '/api/v1/users', { as: ws.cookie, body: { email: member.email.toUpperCase(), name: 'Again', role: 'viewer' } }), 409);
        expect(problem.errors).toEqual([expect.objectContaining({ path: 'email' })]);
      });

      it('refuses a common password for a new member, naming password', async () => {
        const problem = expectProblem(
          await call(t.app, 'POST', '/api/v1/users', { as: owner.cookie, body: { email: 'weak@example.test', name: 'Weak', role: 'member', password: 'password123' } }),
          400,
        );
        expect(problem.errors?.[0]?.path).toBe('password');
      });

      it('an admin cannot grant owner (403)', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const admin = await addSignedInMember(t.app, ws.cookie, 'admin');
        expectProblem(await call(t.app, 'POST', '/api/v1/users', { as: admin.cookie, body: { email: 'wannabe@example.test', name: 'W', role: 'owner' } }), 403);
        const member = await addMember(t.app, admin.cookie, { role: 'member' });
        expectProblem(await call(t.app, 'PATCH', `/api/v1/users/${member.id}`, { as: admin.cookie, body: { role: 'owner' } }), 403);
        expect((await call(t.app, 'GET', `/api/v1/users/${member.id}`, { as: ws.cookie })).json().role).toBe('member');
      });

      it('members and viewers cannot add members (403)', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        for (const role of ['member', 'viewer'] as const) {
          const user = await addSignedInMember(t.app, ws.cookie, role);
          expectProblem(await call(t.app, 'POST', '/api/v1/users', { as: user.cookie, body: { email: `by-${role}@example.test`, name: 'X', role: 'viewer' } }), 403);
          // Reading the team is fine.
          expect((await call(t.app, 'GET', '/api/v1/users', { as: user.cookie })).statusCode).toBe(200);
        }
        expect((await call(t.app, 'GET', '/api/v1/users', { as: ws.cookie })).json().total).toBe(3);
      });
    });

    describe('changing roles', () => {
      it('audits the change with before and after', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const member = await addMember(t.app, ws.cookie, { role: 'viewer' });
        const res = await call(t.app, 'PATCH', `/api/v1/users/${member.id}`, { as: ws.cookie, body: { role: 'manager', version: 1 } });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toMatchObject({ role: 'manager', version: 2 });
        expect(res.headers.etag).toBe(`W/"${member.id}.2"`);
        const events = await auditEvents(t.app, ws.cookie, 'member.role_changed');
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({ entityId: member.id, changes: { role: { before: 'viewer', after: 'manager' } }, actor: { userId: owner.me.user!.id } });
      });

      it('a stale version in the body is 412 and the role is unchanged', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const member = await addMember(t.app, ws.cookie, { role: 'viewer' });
        expect((await call(t.app, 'PATCH', `/api/v1/users/${member.id}`, { as: ws.cookie, body: { role: 'member', version: 1 } })).statusCode).toBe(200);
        expectProblem(await call(t.app, 'PATCH', `/api/v1/users/${member.id}`, { as: ws.cookie, body: { role: 'admin', version: 1 } }), 412);
        const now = (await call(t.app, 'GET', `/api/v1/users/${member.id}`, { as: ws.cookie })).json();
        expect(now).toMatchObject({ role: 'member', version: 2 });
        expect(await auditEvents(t.app, ws.cookie, 'member.role_changed')).toHaveLength(1);
      });

      it('a stale If-Match is 412 and the role is unchanged; the current ETag works', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const member = await addMember(t.app, ws.cookie, { role: 'viewer' });
        const got = await call(t.app, 'GET', `/api/v1/users/${member.id}`, { as: ws.cookie });
        const etag = got.headers.etag as string;
        expect(etag).toBe(`W/"${member.id}.1"`);
        expect((await call(t.app, 'PATCH', `/api/v1/users/${member.id}`, { as: ws.cookie, body: { role: 'member' }, headers: { 'if-match': etag } })).statusCode).toBe(200);
        expectProblem(await call(t.app, 'PATCH', `/api/v1/users/${member.id}`, { as: ws.cookie, body: { role: 'admin' }, headers: { 'if-match': etag } }), 412);
        expect((await call(t.app, 'GET', `/api/v1/users/${member.id}`, { as: ws.cookie })).json().role).toBe('member');
        const fresh = await call(t.app, 'PATCH', `/api/v1/users/${member.id}`, { as: ws.cookie, body: { role: 'admin' }, headers: { 'if-match': `W/"${member.id}.2"` } });
        expect(fresh.statusCode, fresh.body).toBe(200);
        expect(fresh.json()).toMatchObject({ role: 'admin', version: 3 });
      });

      it('two concurrent changes based on the same version: exactly one wins, the other is 412', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const member = await addMember(t.app, ws.cookie, { role: 'viewer' });
        const results = await Promise.all(
          (['member', 'manager'] as const).map((role) => call(t.app, 'PATCH', `/api/v1/users/${member.id}`, { as: ws.cookie, body: { role, version: 1 } })),
        );
        expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412]);
        const winner = results.find((r) => r.statusCode === 200)!.json();
        const stored = (await call(t.app, 'GET', `/api/v1/users/${member.id}`, { as: ws.cookie })).json();
        expect(stored).toMatchObject({ role: winner.role, version: 2 });
        expect(await auditEvents(t.app, ws.cookie, 'member.role_changed')).toHaveLength(1);
      });

      it('the last owner can be neither demoted nor removed (409); with a second owner both work', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const ownerId = owner.me.user!.id;
        expectProblem(await call(t.app, 'PATCH', `/api/v1/users/${ownerId}`, { as: ws.cookie, body: { role: 'admin' } }), 409);
        expectProblem(await call(t.app, 'DELETE', `/api/v1/users/${ownerId}`, { as: ws.cookie }), 409);
        expect((await call(t.app, 'GET', '/api/v1/me', { as: ws.cookie })).json().role).toBe('owner');

        const second = await addSignedInMember(t.app, ws.cookie, 'owner');
        const demoted = await call(t.app, 'PATCH', `/api/v1/users/${second.id}`, { as: ws.cookie, body: { role: 'admin' } });
        expect(demoted.statusCode, demoted.body).toBe(200);
      });
    });

    describe('removing members', () => {
      it('a removed member’s session stops working in that workspace, and they no longer appear', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const member = await addSignedInMember(t.app, ws.cookie, 'member');
        expect((await call(t.app, 'GET', '/api/v1/me', { as: member.cookie })).statusCode).toBe(200);
        expect((await call(t.app, 'DELETE', `/api/v1/users/${member.id}`, { as: ws.cookie })).statusCode).toBe(204);
        expectProblem(await call(t.app, 'GET', '/api/v1/me', { as: member.cookie }), 401);
        expectProblem(await call(t.app, 'GET', '/api/v1/users', { as: member.cookie }), 401);
        expectProblem(await call(t.app, 'GET', `/api/v1/users/${member.id}`, { as: ws.cookie }), 404);
        const removed = await auditEvents(t.app, ws.cookie, 'member.removed');
        expect(removed).toEqual([expect.objectContaining({ entityId: member.id, changes: { role: { before: 'member', after: null } } })]);
      });

      it('without reassignTo, the clients they owned (live and in Trash) have no owner; each is an audited edit', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const leaver = await addMember(t.app, ws.cookie, { role: 'member' });
        const stays = await addMember(t.app, ws.cookie, { role: 'member' });
        const owned = await createClient(t.app, ws.cookie, { ownerId: leaver.id });
        const trashed = await createClient(t.app, ws.cookie, { ownerId: leaver.id });
        expect((await call(t.app, 'DELETE', `/api/v1/clients/${trashed.id}`, { as: ws.cookie })).statusCode).toBe(204);
        const trashedVersion = (await getClient(t.app, ws.cookie, trashed.id)).version;
        const other = await createClient(t.app, ws.cookie, { ownerId: stays.id });

        expect((await call(t.app, 'DELETE', `/api/v1/users/${leaver.id}`, { as: ws.cookie })).statusCode).toBe(204);
        expect(await getClient(t.app, ws.cookie, owned.id)).toMatchObject({ ownerId: null, version: owned.version + 1 });
        expect(await getClient(t.app, ws.cookie, trashed.id)).toMatchObject({ ownerId: null, version: trashedVersion + 1 });
        expect(await getClient(t.app, ws.cookie, other.id)).toMatchObject({ ownerId: stays.id, version: other.version });
        const history = (await call(t.app, 'GET', `/api/v1/clients/${owned.id}/audit`, { as: ws.cookie })).json().data;
        expect(history[0]).toMatchObject({ action: 'client.updated', changes: { ownerId: { before: leaver.id, after: null } } });
        // A form opened before the removal is stale.
        expectProblem(await call(t.app, 'PATCH', `/api/v1/clients/${owned.id}`, { as: ws.cookie, body: { notes: 'x', version: owned.version } }), 412);
        const removed = await auditEvents(t.app, ws.cookie, 'member.removed');
        expect(removed[0]).toMatchObject({ entityId: leaver.id, changes: { role: { before: 'member', after: null }, clientsOwned: { before: 2, after: 0 } } });
      });

      it('with reassignTo, another member takes their clients; a reassignTo outside the team is 400 and nothing changes', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const elsewhere = await isolatedWorkspace(t.app, owner);
        const leaver = await addMember(t.app, ws.cookie, { role: 'member' });
        const heir = await addMember(t.app, ws.cookie, { role: 'member' });
        const outsider = await addMember(t.app, elsewhere.cookie, { role: 'member' });
        const clients = [await createClient(t.app, ws.cookie, { ownerId: leaver.id }), await createClient(t.app, ws.cookie, { ownerId: leaver.id })];

        for (const bad of [outsider.id, leaver.id, 'no-such-user']) {
          const res = await call(t.app, 'DELETE', `/api/v1/users/${leaver.id}?reassignTo=${bad}`, { as: ws.cookie });
          expect(expectProblem(res, 400).errors?.[0]?.path).toBe('reassignTo');
        }
        expectProblem(await call(t.app, 'DELETE', `/api/v1/users/${leaver.id}?reassignTo=${heir.id}&other=1`, { as: ws.cookie }), 400);
        expect((await call(t.app, 'GET', `/api/v1/users/${leaver.id}`, { as: ws.cookie })).statusCode).toBe(200);
        expect(await getClient(t.app, ws.cookie, clients[0]!.id)).toMatchObject({ ownerId: leaver.id, version: clients[0]!.version });

        expect((await call(t.app, 'DELETE', `/api/v1/users/${leaver.id}?reassignTo=${heir.id}`, { as: ws.cookie })).statusCode).toBe(204);
        for (const c of clients) expect(await getClient(t.app, ws.cookie, c.id)).toMatchObject({ ownerId: heir.id, version: c.version + 1 });
        const list = (await call(t.app, 'GET', `/api/v1/clients?ownerId=${heir.id}`, { as: ws.cookie })).json();
        expect(list.total).toBe(2);
        const history = (await call(t.app, 'GET', `/api/v1/clients/${clients[1]!.id}/audit`, { as: ws.cookie })).json().data;
        expect(history[0]).toMatchObject({ action: 'client.updated', changes: { ownerId: { before: leaver.id, after: heir.id } } });
        const removed = await auditEvents(t.app, ws.cookie, 'member.removed');
        expect(removed[0]!.changes).toEqual({ role: { before: 'member', after: null }, clientsOwned: { before: 2, after: 0 }, clientsReassignedTo: { before: null, after: heir.id } });
      });

      it('their segments are handed on: to reassignTo, or kept by the team as shared segments; never left unreachable', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const heir = await addSignedInMember(t.app, ws.cookie, 'member');
        const makeSegments = async (who: { cookie: string }) => {
          const mine = await call(t.app, 'POST', '/api/v1/segments', { as: who.cookie, body: { name: `Hot leads ${Math.random()}`, filter: { field: 'status', op: 'eq', value: 'prospect' } } });
          expect(mine.statusCode, mine.body).toBe(201);
          return mine.json();
        };
        const names = async (as: string) => (await call(t.app, 'GET', '/api/v1/segments', { as })).json().data.map((s: { id: string; ownerId: string | null; shared: boolean }) => ({ id: s.id, ownerId: s.ownerId, shared: s.shared }));

        const leaver = await addSignedInMember(t.app, ws.cookie, 'member');
        const handed = await makeSegments(leaver);
        expect(await names(heir.cookie)).not.toContainEqual(expect.objectContaining({ id: handed.id }));
        expect((await call(t.app, 'DELETE', `/api/v1/users/${leaver.id}?reassignTo=${heir.id}`, { as: ws.cookie })).statusCode).toBe(204);
        expect(await names(heir.cookie)).toContainEqual({ id: handed.id, ownerId: heir.id, shared: false });

        const another = await addSignedInMember(t.app, ws.cookie, 'member');
        const kept = await makeSegments(another);
        expect((await call(t.app, 'DELETE', `/api/v1/users/${another.id}`, { as: ws.cookie })).statusCode).toBe(204);
        expect(await names(heir.cookie)).toContainEqual({ id: kept.id, ownerId: null, shared: true });
        const audit = await auditEvents(t.app, ws.cookie, 'segment.updated');
        expect(audit.find((e) => e.entityId === kept.id)!.changes).toEqual({ ownerId: { before: another.id, after: null }, shared: { before: false, after: true } });
      });

      it('a member removed from one workspace keeps their session in another', async () => {
        const a = await isolatedWorkspace(t.app, owner);
        const b = await isolatedWorkspace(t.app, owner);
        const member = await addSignedInMember(t.app, a.cookie, 'member');
        await addMember(t.app, b.cookie, { role: 'viewer', email: member.email, password: null });
        const inB = await login(t.app, member.email, member.password!);
        await call(t.app, 'POST', '/api/v1/auth/switch-workspace', { as: inB.cookie, body: { workspaceId: b.workspace.id } });
        expect((await call(t.app, 'DELETE', `/api/v1/users/${member.id}`, { as: a.cookie })).statusCode).toBe(204);
        expect((await call(t.app, 'GET', '/api/v1/me', { as: inB.cookie })).json()).toMatchObject({ workspace: { id: b.workspace.id }, role: 'viewer' });
        expectProblem(await call(t.app, 'GET', '/api/v1/me', { as: member.cookie }), 401);
      });
    });
  });
}

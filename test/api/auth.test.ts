import { beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { addMember, auditEvents, call, expectProblem, login, sessionCookieOf, setupOwner, type SignedIn } from '../helpers/factories';

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
    });

    describe('login', () => {
      it('signs in with the right password: 200, Me and a session cookie that works', async () => {
        const res = await call(t.app, 'POST', '/api/v1/auth/login', { body: { email: owner.email, password: owner.password } });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toMatchObject({ user: { email: owner.email }, role: 'owner', workspace: { id: owner.me.workspace.id } });
        const cookie = sessionCookieOf(res)!;
        expect(cookie).toBeTruthy();
        expect(cookie).not.toBe(owner.cookie);
        expect((await call(t.app, 'GET', '/api/v1/me', { as: cookie })).json().user.email).toBe(owner.email);
      });

      it('accepts the e-mail in another case and with spaces', async () => {
        const res = await call(t.app, 'POST', '/api/v1/auth/login', { body: { email: `  ${owner.email.toUpperCase()} `, password: owner.password } });
        expect(res.statusCode, res.body).toBe(200);
      });

      it('gives the same 401 for a wrong password and an unknown e-mail', async () => {
        const member = await addMember(t.app, owner.cookie, { role: 'member' });
        const wrong = await call(t.app, 'POST', '/api/v1/auth/login', { body: { email: member.email, password: 'not-the-password' }, remoteAddress: '10.0.0.1' });
        const unknown = await call(t.app, 'POST', '/api/v1/auth/login', { body: { email: 'nobody@example.test', password: 'not-the-password' }, remoteAddress: '10.0.0.1' });
        const a = expectProblem(wrong, 401);
        const b = expectProblem(unknown, 401);
        expect(a.detail).toBeTruthy();
        expect(a.detail).toBe(b.detail);
        expect(a.type).toBe(b.type);
        expect(sessionCookieOf(wrong)).toBeUndefined();
      });

      it('records a failed login in the audit trail of the account’s workspace', async () => {
        const member = await addMember(t.app, owner.cookie, { role: 'viewer' });
        const res = await call(t.app, 'POST', '/api/v1/auth/login', { body: { email: member.email, password: 'not-the-password' }, remoteAddress: '10.0.0.2' });
        expect(res.statusCode).toBe(401);
        const failed = await auditEvents(t.app, owner.cookie, 'auth.login_failed');
        expect(failed).toContainEqual(expect.objectContaining({ action: 'auth.login_failed', entityId: member.id }));
      });

      it('after 5 failures for one account answers 429 with Retry-After, even with the right password', async () => {
        const member = await addMember(t.app, owner.cookie, { role: 'member' });
        // Different addresses: the limit is per account, not only per address.
        for (let i = 0; i < 5; i++) {
          const res = await call(t.app, 'POST', '/api/v1/auth/login', { body: { email: member.email, password: `wrong-guess-${i}` }, remoteAddress: `10.1.0.${i}` });
          expect(res.statusCode).toBe(401);
        }
        const blocked = await call(t.app, 'POST', '/api/v1/auth/login', { body: { email: member.email, password: member.password }, remoteAddress: '10.1.1.1' });
        expectProblem(blocked, 429);
        expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
        expect(sessionCookieOf(blocked)).toBeUndefined();
        // Another account is not affected.
        const other = await addMember(t.app, owner.cookie, { role: 'member' });
        await login(t.app, other.email, other.password!);
      });

      it('refuses an empty body field by field', async () => {
        const problem = expectProblem(await call(t.app, 'POST', '/api/v1/auth/login', { body: {} }), 400);
        expect(problem.errors?.map((e) => e.path).sort()).toEqual(['email', 'password']);
      });
    });

    describe('logout', () => {
      it('answers 204, and the session no longer works', async () => {
        const session = await login(t.app, owner.email, owner.password);
        expect((await call(t.app, 'GET', '/api/v1/me', { as: session.cookie })).statusCode).toBe(200);
        const res = await call(t.app, 'POST', '/api/v1/auth/logout', { as: session.cookie });
        expect(res.statusCode).toBe(204);
        expectProblem(await call(t.app, 'GET', '/api/v1/me', { as: session.cookie }), 401);
        // Other sessions of the same user stay signed in.
        expect((await call(t.app, 'GET', '/api/v1/me', { as: owner.cookie })).statusCode).toBe(200);
      });
    });
  });
}

import { describe, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { call, expectProblem, SESSION_COOKIE, sessionCookieOf, strongPassword } from '../helpers/factories';

const valid = () => ({ workspaceName: 'Acme Cleaning', name: 'Olivia Owner', email: 'olivia@example.test', password: strongPassword() });

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);

    // Validation runs before the "already set up" check, so these go first while set-up is still open.
    describe('refused set-up bodies (nothing is created)', () => {
      it('names the password when it is too short', async () => {
        const res = await call(t.app, 'POST', '/api/v1/setup', { body: { ...valid(), password: 'short' } });
        const problem = expectProblem(res, 400);
        const error = problem.errors?.find((e) => e.path === 'password');
        expect(error?.message).toContain('at least 10');
      });

      it('names the e-mail when it is not an address', async () => {
        const problem = expectProblem(await call(t.app, 'POST', '/api/v1/setup', { body: { ...valid(), email: 'not-an-email' } }), 400);
        expect(problem.errors?.map((e) => e.path)).toContain('email');
      });

      it('names workspaceName when it is missing', async () => {
        const { workspaceName: _, ...body } = valid();
        const problem = expectProblem(await call(t.app, 'POST', '/api/v1/setup', { body }), 400);
        expect(problem.errors?.map((e) => e.path)).toContain('workspaceName');
      });

      it('refuses a common password, naming the field', async () => {
        const problem = expectProblem(await call(t.app, 'POST', '/api/v1/setup', { body: { ...valid(), password: 'password123' } }), 400);
        expect(problem.errors).toEqual([expect.objectContaining({ path: 'password' })]);
      });

      it('answers malformed JSON with 400 problem+json, not 500', async () => {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/setup', headers: { 'content-type': 'application/json' }, payload: '{"email": "a@b.c",' });
        expectProblem(res, 400);
      });

      it('still needs set-up after the refusals', async () => {
        const res = await call(t.app, 'GET', '/api/v1/setup');
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({ needed: true });
      });
    });

    describe('first run', () => {
      const body = { ...valid(), password: `${'Long passphrase, '.repeat(8)}x`.slice(0, 129) };
      let cookie = '';

      it('accepts a 129-character password, creates the owner and signs them in with a safe cookie', async () => {
        expect(body.password).toHaveLength(129);
        const res = await call(t.app, 'POST', '/api/v1/setup', { body });
        expect(res.statusCode, res.body).toBe(201);
        expect(res.json()).toMatchObject({ user: { email: body.email, name: body.name }, workspace: { name: body.workspaceName }, role: 'owner', apiKey: null });

        const setCookie = [res.headers['set-cookie']].flat().find((c) => c?.startsWith(`${SESSION_COOKIE}=`));
        expect(setCookie).toBeDefined();
        expect(setCookie).toMatch(/;\s*HttpOnly/i);
        expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
        cookie = sessionCookieOf(res)!;

        const me = await call(t.app, 'GET', '/api/v1/me', { as: cookie });
        expect(me.statusCode).toBe(200);
        expect(me.json().user.email).toBe(body.email);
      });

      it('no longer needs set-up', async () => {
        expect((await call(t.app, 'GET', '/api/v1/setup')).json()).toEqual({ needed: false });
      });

      it('refuses a second set-up with 409 and creates no second account', async () => {
        const res = await call(t.app, 'POST', '/api/v1/setup', { body: { ...valid(), email: 'intruder@example.test' } });
        expectProblem(res, 409);
        const login = await call(t.app, 'POST', '/api/v1/auth/login', { body: { email: 'intruder@example.test', password: 'whatever-it-is' } });
        expect(login.statusCode).toBe(401);
      });

      it('lets the owner sign in with the long password', async () => {
        const res = await call(t.app, 'POST', '/api/v1/auth/login', { body: { email: body.email, password: body.password } });
        expect(res.statusCode, res.body).toBe(200);
      });
    });
  });
}

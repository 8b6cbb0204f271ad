import { beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, describeDialect, PUBLIC_URL, useTestApp } from '../helpers/app';
import { call, expectProblem, setupOwner, type SignedIn } from '../helpers/factories';

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
    });

    describe('the HTTP surface', () => {
      it('GET /me without credentials is 401 problem+json', async () => {
        expectProblem(await call(t.app, 'GET', '/api/v1/me'), 401);
      });

      it('an unknown session cookie is 401', async () => {
        expectProblem(await call(t.app, 'GET', '/api/v1/me', { as: 'rps_not-a-real-session' }), 401);
      });

      it('an unknown API path is 404 problem+json', async () => {
        const problem = expectProblem(await call(t.app, 'GET', '/api/v1/no-such-thing', { as: owner.cookie }), 404);
        expect(problem.detail).toContain('/api/v1/no-such-thing');
      });

      it('a malformed or oversized URL is 400/414 problem+json, not Fastify’s own error shape', async () => {
        expectProblem(await call(t.app, 'GET', '/api/v1/users/%E0%A4%A', { as: owner.cookie }), 400);
        expectProblem(await call(t.app, 'GET', `/api/v1/invitations/rpi_${'x'.repeat(300)}`), 414);
      });

      it('GET /healthz answers ok when the database answers', async () => {
        const res = await call(t.app, 'GET', '/healthz');
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({ status: 'ok' });
      });

      it('serves an OpenAPI 3.1 document listing the set-up, login and API-key endpoints', async () => {
        const res = await call(t.app, 'GET', '/api/v1/openapi.json');
        expect(res.statusCode).toBe(200);
        const doc = res.json();
        expect(doc.openapi).toMatch(/^3\.1\./);
        expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/setup', '/api/v1/auth/login', '/api/v1/api-keys']));
        expect(doc.paths['/api/v1/api-keys'].post).toBeDefined();
      });

      it('sends a CSP with script-src \'self\' and nosniff on pages', async () => {
        // The SPA's deep links (and /healthz) carry the page policy whether or not the web app is built.
        for (const url of ['/', '/clients/123', '/healthz']) {
          const res = await call(t.app, 'GET', url);
          expect(res.headers['content-security-policy'], url).toMatch(/(^|;\s*)script-src 'self'(;|$)/);
          expect(res.headers['x-content-type-options'], url).toBe('nosniff');
        }
      });

      it('sends a CSP allowing no foreign script and nosniff on API answers, errors included', async () => {
        for (const res of [await call(t.app, 'GET', '/api/v1/me', { as: owner.cookie }), await call(t.app, 'GET', '/api/v1/me'), await call(t.app, 'GET', '/api/v1/nope')]) {
          expect(scriptSources(res.headers['content-security-policy'])).toSatisfy((sources: string[]) =>
            sources.length > 0 && sources.every((s) => s === "'self'" || s === "'none'"),
          );
          expect(res.headers['x-content-type-options']).toBe('nosniff');
        }
      });
    });

    describe('cross-site request forgery', () => {
      const rename = (headers: Record<string, string>) =>
        call(t.app, 'POST', '/api/v1/workspaces', { as: owner.cookie, body: { name: `Forged ${Math.random()}` }, headers });
      const workspaceCount = async () => (await call(t.app, 'GET', '/api/v1/workspaces', { as: owner.cookie })).json().total as number;

      it('refuses a cookie-authenticated POST from another origin, and changes nothing', async () => {
        const before = await workspaceCount();
        expectProblem(await rename({ origin: 'https://evil.example' }), 403);
        expect(await workspaceCount()).toBe(before);
      });

      it('refuses a cookie-authenticated POST marked Sec-Fetch-Site: cross-site', async () => {
        const before = await workspaceCount();
        expectProblem(await rename({ 'sec-fetch-site': 'cross-site' }), 403);
        expectProblem(await rename({ 'sec-fetch-site': 'same-site' }), 403);
        expect(await workspaceCount()).toBe(before);
      });

      it('refuses a cross-site logout (the session survives)', async () => {
        expectProblem(await call(t.app, 'POST', '/api/v1/auth/logout', { as: owner.cookie, headers: { origin: 'https://evil.example' } }), 403);
        expect((await call(t.app, 'GET', '/api/v1/me', { as: owner.cookie })).statusCode).toBe(200);
      });

      it('accepts same-origin requests: Origin matching the Host header, or the public URL', async () => {
        const before = await workspaceCount();
        const byHost = await call(t.app, 'POST', '/api/v1/workspaces', {
          as: owner.cookie,
          body: { name: 'Same origin' },
          headers: { host: 'crm.internal:8080', origin: 'http://crm.internal:8080', 'sec-fetch-site': 'same-origin' },
        });
        expect(byHost.statusCode, byHost.body).toBe(201);
        const byPublicUrl = await call(t.app, 'POST', '/api/v1/workspaces', { as: owner.cookie, body: { name: 'Public URL' }, headers: { origin: PUBLIC_URL } });
        expect(byPublicUrl.statusCode, byPublicUrl.body).toBe(201);
        expect(await workspaceCount()).toBe(before + 2);
      });
    });
  });
}

/** The sources a CSP allows scripts from: script-src, else default-src (CSP's fallback). */
function scriptSources(csp: unknown): string[] {
  const directives = new Map(
    String(csp ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map((parts) => [parts[0]!, parts.slice(1)] as const),
  );
  return [...(directives.get('script-src') ?? directives.get('default-src') ?? [])];
}

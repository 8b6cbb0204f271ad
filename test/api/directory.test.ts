import { beforeAll, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, getClient, roleKey } from '../helpers/clients';
import { addSignedInMember, call, createApiKey, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
    });

    it('the set-up user is an instance admin and manages the directory; everyone signed in reads it', async () => {
      const res = await call(t.app, 'POST', '/api/v1/directory/companies', {
        as: owner.cookie,
        body: { name: 'Höfer Title & Escrow', kind: 'title_company', email: ' Desk@Hofer.test ', phone: '+1 555 301 0001', website: 'hofer.test', address: { city: 'Austin', country: 'us' } },
      });
      expect(res.statusCode, res.body).toBe(201);
      const hofer = res.json();
      expect(hofer).toMatchObject({ name: 'Höfer Title & Escrow', kind: 'title_company', email: 'desk@hofer.test', phone: '+15553010001', website: 'https://hofer.test/', address: { city: 'Austin', country: 'US' }, version: 1 });
      await call(t.app, 'POST', '/api/v1/directory/companies', { as: owner.cookie, body: { name: 'First Lender Bank', kind: 'lender' } });
      await call(t.app, 'POST', '/api/v1/directory/companies', { as: owner.cookie, body: { name: '50% Off Insurers', kind: 'insurer' } });

      // Any workspace, any role, reads it; q ignores case and accents; % is literal.
      const elsewhere = await isolatedWorkspace(t.app, owner);
      const viewer = await roleKey(t.app, elsewhere.cookie, 'viewer');
      const found = (await call(t.app, 'GET', '/api/v1/directory/companies?q=HOFER', { as: viewer.cookie })).json();
      expect(found.data.map((c: { id: string }) => c.id)).toEqual([hofer.id]);
      expect((await call(t.app, 'GET', '/api/v1/directory/companies?q=50%25', { as: viewer.cookie })).json().total).toBe(1);
      expect((await call(t.app, 'GET', '/api/v1/directory/companies?kind=lender', { as: viewer.cookie })).json().data[0].name).toBe('First Lender Bank');
      const page = (await call(t.app, 'GET', '/api/v1/directory/companies?limit=2', { as: viewer.cookie })).json();
      expect(page.total).toBeGreaterThanOrEqual(3);
      expect(page.nextCursor).toBeTruthy();
      expectProblem(await call(t.app, 'GET', '/api/v1/directory/companies'), 401);

      // Only instance admins write: not workspace owners of their own workspaces, not API keys.
      const admin = await addSignedInMember(t.app, elsewhere.cookie, 'admin');
      expect((await call(t.app, 'GET', '/api/v1/directory/access', { as: admin.cookie })).json()).toEqual({ canManage: false });
      expect((await call(t.app, 'GET', '/api/v1/directory/access', { as: owner.cookie })).json()).toEqual({ canManage: true });
      expectProblem(await call(t.app, 'POST', '/api/v1/directory/companies', { as: admin.cookie, body: { name: 'Nope', kind: 'other' } }), 403);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/directory/companies/${hofer.id}`, { as: admin.cookie, body: { name: 'Nope' } }), 403);
      expectProblem(await call(t.app, 'DELETE', `/api/v1/directory/companies/${hofer.id}`, { as: admin.cookie }), 403);
      const key = await createApiKey(t.app, owner.cookie, 'owner');
      expectProblem(await call(t.app, 'POST', '/api/v1/directory/companies', { as: key.token, body: { name: 'Nope', kind: 'other' } }), 403);
      expect((await call(t.app, 'GET', '/api/v1/directory/companies', { as: key.token })).statusCode).toBe(200);

      const patched = await call(t.app, 'PATCH', `/api/v1/directory/companies/${hofer.id}`, { as: owner.cookie, body: { notes: 'Closes fast' }, headers: { 'if-match': `W/"${hofer.id}.1"` } });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json()).toMatchObject({ notes: 'Closes fast', version: 2, email: 'desk@hofer.test' });
      expectProblem(await call(t.app, 'PATCH', `/api/v1/directory/companies/${hofer.id}`, { as: owner.cookie, body: { notes: 'Lost', version: 1 } }), 412);
    });

    it('bad input names the field', async () => {
      const post = (body: Record<string, unknown>) => call(t.app, 'POST', '/api/v1/directory/companies', { as: owner.cookie, body });
      expect(expectProblem(await post({ name: '', kind: 'lender' }), 400).errors?.[0]?.path).toBe('name');
      expect(expectProblem(await post({ name: 'X', kind: 'bakery' }), 400).errors?.[0]?.path).toBe('kind');
      expect(expectProblem(await post({ name: 'X', kind: 'lender', email: 'x@y' }), 400).errors?.[0]?.path).toBe('email');
      expect(expectProblem(await post({ name: 'X', kind: 'lender', phone: 'CALL-ME' }), 400).errors?.[0]?.path).toBe('phone');
      expect(expectProblem(await post({ name: 'X', kind: 'lender', website: 'not a site' }), 400).errors?.[0]?.path).toBe('website');
      expectProblem(await post({ name: 'X', kind: 'lender', secret: true }), 400);
      expectProblem(await call(t.app, 'GET', '/api/v1/directory/companies/nope', { as: owner.cookie }), 404);
    });

    it('a business client links to an entry; deleting the entry unlinks it', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const entry = (await call(t.app, 'POST', '/api/v1/directory/companies', { as: owner.cookie, body: { name: 'Linked Lender', kind: 'lender' } })).json();
      const client = await createClient(t.app, ws.cookie, { type: 'business', companyName: 'Buyer LLC', directoryCompanyId: entry.id });
      expect(client.directoryCompanyId).toBe(entry.id);
      expect((await call(t.app, 'DELETE', `/api/v1/directory/companies/${entry.id}`, { as: owner.cookie })).statusCode).toBe(204);
      expect((await getClient(t.app, ws.cookie, client.id)).directoryCompanyId).toBeNull();
      const actions = (await t.db.selectFrom('audit_events').select('action').where('entity_id', '=', entry.id).orderBy('at').orderBy('id').execute()).map((a) => a.action);
      expect(actions).toEqual(['directory_company.created', 'directory_company.deleted']);
    });
  });
}

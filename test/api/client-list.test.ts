import { beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { addSignedInMember, call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';
import { createClient } from '../helpers/clients';

type Listed = { data: { id: string; displayName: string }[]; nextCursor: string | null; total: number };

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    let ws: Awaited<ReturnType<typeof isolatedWorkspace>>;
    const ids: Record<string, string> = {};

    const list = async (query: string, as = ws.cookie): Promise<Listed> => {
      const res = await call(t.app, 'GET', `/api/v1/clients?${query}`, { as });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const names = async (query: string) => (await list(query)).data.map((c) => c.displayName);
    const filterQuery = (filter: unknown, extra = '') => `filter=${encodeURIComponent(JSON.stringify(filter))}${extra}`;
    const matching = async (filter: unknown) => (await names(filterQuery(filter, '&sort=name'))).sort();

    beforeAll(async () => {
      owner = await setupOwner(t.app);
      ws = await isolatedWorkspace(t.app, owner);
      for (const field of [
        { key: 'budget', label: 'Budget', type: 'number' },
        { key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'] },
        { key: 'channels', label: 'Channels', type: 'multiselect', options: ['email', 'sms'] },
      ]) {
        const res = await call(t.app, 'POST', '/api/v1/custom-fields', { as: ws.cookie, body: field });
        expect(res.statusCode, res.body).toBe(201);
      }
      const make = async (key: string, body: Record<string, unknown>) => (ids[key] = (await createClient(t.app, ws.cookie, body)).id);
      await make('jose', { firstName: 'José', lastName: 'Hernández', email: 'jose.h@example.test', phone: '+1 555 123 4567', status: 'active', tags: ['VIP'], customFields: { budget: 500, tier: 'gold', channels: ['email'] }, addresses: [{ kind: 'primary', city: 'Madrid', country: 'ES' }] });
      await make('zoe', { firstName: 'Zoë', lastName: 'Ørsted', status: 'prospect', customFields: { budget: 1500, tier: 'silver' } });
      await make('soren', { type: 'business', firstName: null, lastName: null, companyName: 'Søren Roofing ApS', email: 'office@soren-roofing.example.test', status: 'churned', statusReason: 'Price', tags: ['VIP', 'Newsletter'], customFields: { budget: 50, channels: ['sms'] } });
      await make('lukasz', { firstName: 'Łukasz', lastName: 'Nowak', status: 'inactive', tags: ['Newsletter'] });
      await make('anh', { firstName: 'Anh', lastName: 'Nguyễn', status: 'trial' });
      const del = await call(t.app, 'DELETE', `/api/v1/clients/${ids.lukasz}`, { as: ws.cookie });
      expect(del.statusCode, del.body).toBe(204);
    });

    it('lists live clients sorted by name with the exact total', async () => {
      const res = await list('sort=name');
      expect(res.total).toBe(4);
      expect(res.data.map((c) => c.displayName)).toEqual(['Anh Nguyễn', 'José Hernández', 'Søren Roofing ApS', 'Zoë Ørsted']);
      expect(res.nextCursor).toBeNull();
      expect((await call(t.app, 'GET', '/api/v1/clients/count?status=active', { as: ws.cookie })).json()).toEqual({ total: 1 });
    });

    it('leaves the total out when asked (withTotal=false), the same page otherwise', async () => {
      const without = await list('q=ez&sort=name&withTotal=false');
      expect(without.total).toBeNull();
      const withTotal = await list('q=ez&sort=name');
      expect(withTotal.total).toBe(1);
      expect(without.data.map((c) => c.id)).toEqual(withTotal.data.map((c) => c.id));
      const bad = await call(t.app, 'GET', '/api/v1/clients?withTotal=maybe', { as: ws.cookie });
      expectProblem(bad, 400);
      expect(bad.body).toContain('withTotal');
    });

    it('q finds by any part of a name, e-mail or phone digits, accent- and case-insensitive', async () => {
      expect(await names('q=hernandez')).toEqual(['José Hernández']);
      expect(await names('q=HERNÁNDEZ')).toEqual(['José Hernández']);
      expect(await names('q=zoe')).toEqual(['Zoë Ørsted']);
      expect(await names('q=orsted')).toEqual(['Zoë Ørsted']);
      expect(await names('q=soren')).toEqual(['Søren Roofing ApS']);
      expect(await names('q=roof%20sor')).toEqual(['Søren Roofing ApS']);
      expect(await names('q=nguyen')).toEqual(['Anh Nguyễn']);
      expect(await names('q=uy')).toEqual(['Anh Nguyễn']);
      expect(await names(`q=${encodeURIComponent('(555) 123-45')}`)).toEqual(['José Hernández']);
      expect(await names('q=5551234567')).toEqual(['José Hernández']);
      expect(await names('q=jose.h%40example')).toEqual(['José Hernández']);
      expect(await names('q=100%25')).toEqual([]);
      expect((await list('q=hernandez&sort=-createdAt')).total).toBe(1);
      // In Trash only with deleted=only.
      expect(await names('q=lukasz')).toEqual([]);
      expect(await names('q=lukasz&deleted=only')).toEqual(['Łukasz Nowak']);
    });

    it('query fields: status, type, tag, isNew, createdAfter, Trash', async () => {
      expect((await names('status=active&status=trial')).sort()).toEqual(['Anh Nguyễn', 'José Hernández']);
      expect(await names('type=business')).toEqual(['Søren Roofing ApS']);
      expect((await names('tag=VIP')).sort()).toEqual(['José Hernández', 'Søren Roofing ApS']);
      expect(await names('tag=vip&tag=Newsletter')).toEqual(['Søren Roofing ApS']);
      expect(await names('tag=no-such-tag')).toEqual([]);
      expect((await list('isNew=true')).total).toBe(4);
      expect((await list('isNew=false')).total).toBe(0);
      expect((await list('createdAfter=2000-01-01')).total).toBe(4);
      expect((await list('createdBefore=2000-01-01')).total).toBe(0);
      expect(await names('deleted=only')).toEqual(['Łukasz Nowak']);
      expect((await list('includeDeleted=true')).total).toBe(5);
    });

    it('filter language: every op, built-in and custom fields', async () => {
      expect(await matching({ field: 'status', op: 'eq', value: 'active' })).toEqual(['José Hernández']);
      expect(await matching({ field: 'status', op: 'neq', value: 'active' })).toEqual(['Anh Nguyễn', 'Søren Roofing ApS', 'Zoë Ørsted']);
      expect(await matching({ field: 'status', op: 'in', value: ['prospect', 'trial'] })).toEqual(['Anh Nguyễn', 'Zoë Ørsted']);
      expect(await matching({ field: 'firstName', op: 'contains', value: 'OS' })).toEqual(['José Hernández']);
      expect(await matching({ field: 'lastName', op: 'startsWith', value: 'hern' })).toEqual(['José Hernández']);
      expect(await matching({ field: 'city', op: 'eq', value: 'Madrid' })).toEqual(['José Hernández']);
      expect(await matching({ field: 'city', op: 'isEmpty' })).toEqual(['Anh Nguyễn', 'Søren Roofing ApS', 'Zoë Ørsted']);
      expect(await matching({ field: 'companyName', op: 'isNotEmpty' })).toEqual(['Søren Roofing ApS']);
      expect(await matching({ field: 'custom.budget', op: 'gt', value: 100 })).toEqual(['José Hernández', 'Zoë Ørsted']);
      expect(await matching({ field: 'custom.budget', op: 'gte', value: 500 })).toEqual(['José Hernández', 'Zoë Ørsted']);
      expect(await matching({ field: 'custom.budget', op: 'lt', value: 500 })).toEqual(['Søren Roofing ApS']);
      expect(await matching({ field: 'custom.budget', op: 'lte', value: 500 })).toEqual(['José Hernández', 'Søren Roofing ApS']);
      expect(await matching({ field: 'custom.budget', op: 'between', value: [100, 1000] })).toEqual(['José Hernández']);
      expect(await matching({ field: 'custom.budget', op: 'isEmpty' })).toEqual(['Anh Nguyễn']);
      expect(await matching({ field: 'custom.tier', op: 'eq', value: 'gold' })).toEqual(['José Hernández']);
      expect(await matching({ field: 'custom.tier', op: 'neq', value: 'gold' })).toEqual(['Anh Nguyễn', 'Søren Roofing ApS', 'Zoë Ørsted']);
      expect(await matching({ field: 'custom.channels', op: 'contains', value: 'sms' })).toEqual(['Søren Roofing ApS']);
      expect(await matching({ field: 'custom.channels', op: 'in', value: ['sms', 'email'] })).toEqual(['José Hernández', 'Søren Roofing ApS']);
      expect(await matching({ field: 'custom.channels', op: 'isEmpty' })).toEqual(['Anh Nguyễn', 'Zoë Ørsted']);
      expect(await matching({ field: 'tags', op: 'contains', value: 'VIP' })).toEqual(['José Hernández', 'Søren Roofing ApS']);
      expect(await matching({ field: 'tags', op: 'neq', value: 'VIP' })).toEqual(['Anh Nguyễn', 'Zoë Ørsted']);
      expect(await matching({ field: 'tags', op: 'isEmpty' })).toEqual(['Anh Nguyễn', 'Zoë Ørsted']);
      expect(await matching({ field: 'createdAt', op: 'gt', value: '2000-01-01' })).toHaveLength(4);
      expect(await matching({ field: 'healthScore', op: 'isEmpty' })).toHaveLength(4);
      expect(await matching({ field: 'isGuest', op: 'eq', value: true })).toHaveLength(4);
      expect(
        await matching({ or: [{ and: [{ field: 'tags', op: 'contains', value: 'VIP' }, { not: { field: 'status', op: 'eq', value: 'churned' } }] }, { field: 'custom.tier', op: 'eq', value: 'silver' }] }),
      ).toEqual(['José Hernández', 'Zoë Ørsted']);
      // Search and filter together.
      expect(await names(filterQuery({ field: 'tags', op: 'contains', value: 'VIP' }, '&q=roofing'))).toEqual(['Søren Roofing ApS']);
    });

    it('sorts on custom fields (no value sorts lowest) and pages without gaps or repeats', async () => {
      expect(await names('sort=custom.budget')).toEqual(['Anh Nguyễn', 'Søren Roofing ApS', 'José Hernández', 'Zoë Ørsted']);
      expect(await names('sort=-custom.budget')).toEqual(['Zoë Ørsted', 'José Hernández', 'Søren Roofing ApS', 'Anh Nguyễn']);
      for (const sort of ['name', '-name', 'createdAt', '-updatedAt', 'custom.budget', '-custom.budget', 'custom.tier', '-custom.tier', 'lastActivityAt', '-lastActivityAt', 'healthScore', '-healthScore']) {
        const all = (await list(`sort=${sort}&limit=500`)).data.map((c) => c.id);
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const page: Listed = await list(`sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
          expect(page.total).toBe(4);
          paged.push(...page.data.map((c) => c.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(paged, sort).toEqual(all);
      }
      // Selective search pages too.
      const first: Listed = await list('q=e&sort=name&limit=2');
      const second: Listed = await list(`q=e&sort=name&limit=2&cursor=${first.nextCursor}`);
      expect([...first.data, ...second.data].map((c) => c.id)).toHaveLength(new Set([...first.data, ...second.data].map((c) => c.id)).size);
    });

    it('answers 400 naming the path for unknown fields, wrong ops and bad values', async () => {
      const bad = async (query: string, path: string) => {
        const problem = expectProblem(await call(t.app, 'GET', `/api/v1/clients?${query}`, { as: ws.cookie }), 400);
        expect(problem.errors?.map((e) => e.path)).toContain(path);
      };
      await bad(filterQuery({ and: [{ field: 'status', op: 'eq', value: 'active' }, { field: 'shoeSize', op: 'eq', value: 42 }] }), 'filter.and[1].field');
      await bad(filterQuery({ and: [{ field: 'status', op: 'gt', value: 'active' }] }), 'filter.and[0].op');
      await bad(filterQuery({ field: 'healthScore', op: 'gt', value: 'high' }), 'filter.value');
      await bad(filterQuery({ field: 'custom.nothere', op: 'eq', value: 1 }), 'filter.field');
      await bad(filterQuery({ field: 'custom.tier', op: 'eq', value: 'platinum' }), 'filter.value');
      await bad('filter=%7Bnot-json', 'filter');
      await bad('status=sleeping', 'status');
      await bad('createdAfter=yesterday', 'createdAfter');
      await bad('sort=shoeSize', 'sort');
      await bad('sort=custom.channels', 'sort');
      await bad('cursor=bm90LWEtY3Vyc29y', 'cursor');
      await bad('segmentId=nope', 'segmentId');
      await bad('groupId=nope', 'groupId');
      await bad('limit=0', 'limit');
      expectProblem(await call(t.app, 'GET', '/api/v1/clients'), 401);
    });

    it('loads realistic sample clients into an empty workspace only (admins), searchable at once', async () => {
      const fresh = await isolatedWorkspace(t.app, owner);
      const member = await addSignedInMember(t.app, fresh.cookie, 'member');
      expectProblem(await call(t.app, 'POST', '/api/v1/sample-data', { as: member.cookie, body: { clients: 5 } }), 403);
      expectProblem(await call(t.app, 'POST', '/api/v1/sample-data', { as: fresh.cookie, body: { clients: 1001 } }), 400);
      const res = await call(t.app, 'POST', '/api/v1/sample-data', { as: fresh.cookie, body: { clients: 40 } });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toEqual({ created: 40 });
      const all = await list('limit=500', fresh.cookie);
      expect(all.total).toBe(40);
      const someone = all.data.find((c) => c.displayName.includes(' '))!;
      const word = someone.displayName.split(' ')[0]!;
      expect((await list(`q=${encodeURIComponent(word)}`, fresh.cookie)).data.map((c) => c.id)).toContain(someone.id);
      expect((await list('tag=VIP', fresh.cookie)).total).toBeGreaterThanOrEqual(0);
      expect((await call(t.app, 'GET', '/api/v1/custom-fields', { as: fresh.cookie })).json().data.map((f: { key: string }) => f.key)).toEqual(
        expect.arrayContaining(['budget', 'renewal_date', 'newsletter_opt_in', 'tier', 'channels']),
      );
      expect((await list(filterQuery({ field: 'custom.tier', op: 'in', value: ['gold', 'silver', 'bronze'] }), fresh.cookie)).total).toBeGreaterThan(0);
      expectProblem(await call(t.app, 'POST', '/api/v1/sample-data', { as: fresh.cookie, body: { clients: 5 } }), 409);
    });

    it('a remembered total follows every write (create, update, delete)', async () => {
      const fresh = await isolatedWorkspace(t.app, owner);
      const q = 'q=quixotic';
      expect((await list(q, fresh.cookie)).total).toBe(0);
      const made = await createClient(t.app, fresh.cookie, { firstName: 'Quixotic', lastName: 'Quinn' });
      expect((await list(q, fresh.cookie)).total).toBe(1);
      expect((await list(`${q}&status=active`, fresh.cookie)).total).toBe(0);
      const res = await call(t.app, 'PATCH', `/api/v1/clients/${made.id}`, { as: fresh.cookie, body: { status: 'active' } });
      expect(res.statusCode, res.body).toBe(200);
      expect((await list(`${q}&status=active`, fresh.cookie)).total).toBe(1);
      expect((await call(t.app, 'DELETE', `/api/v1/clients/${made.id}`, { as: fresh.cookie })).statusCode).toBe(204);
      expect((await list(q, fresh.cookie)).total).toBe(0);
      expect((await list(`${q}&deleted=only`, fresh.cookie)).total).toBe(1);
    });

    it('never shows another workspace’s clients', async () => {
      const other = await isolatedWorkspace(t.app, owner);
      await createClient(t.app, other.cookie, { firstName: 'José', lastName: 'Hernández Other' });
      expect(await names('q=hernandez')).toEqual(['José Hernández']);
      const theirs = await list('q=hernandez', other.cookie);
      expect(theirs.data.map((c) => c.displayName)).toEqual(['José Hernández Other']);
      expect((await list('', other.cookie)).total).toBe(1);
    });
  });
}

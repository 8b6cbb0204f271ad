import { beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { clientEmail, clientPhone, createClient, getClient } from '../helpers/clients';
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

    const countClients = async (workspaceId: string) =>
      Number((await t.db.selectFrom('clients').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow()).n);
    const stored = (id: string) => t.db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    describe('create', () => {
      it('creates a client (201, ETag) with normalised e-mail and phone, derived fields and search text', async () => {
        const res = await call(t.app, 'POST', '/api/v1/clients', {
          as: ws.cookie,
          body: {
            firstName: ' Zoë ',
            lastName: 'Hernández',
            email: '  Zoe.Hernandez@Example.COM ',
            phone: '(555) 201-3344',
            phones: undefined,
            addresses: [{ kind: 'primary', line1: '1 Main St', city: 'Austin', country: 'us' }],
            tags: ['VIP', 'vip', 'Referral'],
            dateOfBirth: '1990-02-28',
            lifecycleStage: 'onboarding',
            notes: 'Met at the fair',
          },
        });
        expect(res.statusCode, res.body).toBe(201);
        const client = res.json();
        expect(res.headers.etag).toBe(`W/"${client.id}.1"`);
        expect(client).toMatchObject({
          type: 'individual',
          firstName: 'Zoë',
          lastName: 'Hernández',
          displayName: 'Zoë Hernández',
          email: 'Zoe.Hernandez@Example.COM',
          phone: '+15552013344',
          emails: [{ value: 'Zoe.Hernandez@Example.COM', primary: true }],
          phones: [{ value: '+15552013344', label: 'mobile', primary: true }],
          addresses: [{ kind: 'primary', city: 'Austin', country: 'US' }],
          status: 'prospect',
          statusReason: null,
          tags: ['VIP', 'Referral'],
          isNew: true,
          isGuest: true,
          ordersCount: 0,
          photoUrl: null,
          deletedAt: null,
          version: 1,
          warnings: [],
        });
        expect(client.statusChangedAt).toBe(client.createdAt);
        const row = await stored(client.id);
        expect(row.search_text).toContain('zoe hernandez');
        expect(row.search_text).toContain('zoe.hernandez@example.com');
        expect(row.search_text).toContain('15552013344');
        expect(row.search_text).toContain(' 5552013344');
        expect(row.sort_name).toBe('zoe hernandez');
        expect(row.city).toBe('Austin');
        expect(row.country).toBe('US');
        const emails = await t.db.selectFrom('client_emails').selectAll().where('client_id', '=', client.id).execute();
        expect(emails.map((e) => e.email_normalized)).toEqual(['zoe.hernandez@example.com']);
        const tags = (await call(t.app, 'GET', '/api/v1/tags?counts=true', { as: ws.cookie })).json().data;
        expect(tags.map((x: { name: string; clientCount: number }) => [x.name, x.clientCount]).sort()).toEqual([['Referral', 1], ['VIP', 1]]);
      });

      it('derives the display name: company for a business, else the e-mail or phone', async () => {
        expect((await createClient(t.app, ws.cookie, { type: 'business', companyName: 'Ørsted A/S', firstName: 'Ann', lastName: 'Lee' })).displayName).toBe('Ørsted A/S');
        const byEmail = await createClient(t.app, ws.cookie, { firstName: undefined, lastName: undefined, email: 'only.mail@example.org' });
        expect(byEmail.displayName).toBe('only.mail@example.org');
        const byPhone = await createClient(t.app, ws.cookie, { firstName: undefined, lastName: undefined, phone: '+44 20 7946 0958' });
        expect(byPhone.displayName).toBe('+44 20 7946 0958');
        expect(byPhone.phone).toBe('+442079460958');
      });

      it('refuses a client with no name, company, e-mail or phone', async () => {
        const problem = expectProblem(await call(t.app, 'POST', '/api/v1/clients', { as: ws.cookie, body: { notes: 'nobody' } }), 400);
        expect(problem.errors?.[0]?.path).toBe('firstName');
      });

      it('several e-mails and phones with labels; one primary each', async () => {
        const a = clientEmail();
        const b = clientEmail();
        const client = await createClient(t.app, ws.cookie, {
          emails: [{ value: a, label: 'work' }, { value: b, label: 'home', primary: true }],
          phones: [{ value: '555-201-0001', label: 'work' }, { value: '+1 555 201 0002', label: 'mobile', primary: true }],
        });
        expect(client.email).toBe(b);
        expect(client.phone).toBe('+15552010002');
        expect(client.phones).toEqual([
          { value: '+15552010001', label: 'work', primary: false },
          { value: '+15552010002', label: 'mobile', primary: true },
        ]);
        const twoPrimaries = expectProblem(
          await call(t.app, 'POST', '/api/v1/clients', { as: ws.cookie, body: { firstName: 'X', emails: [{ value: clientEmail(), primary: true }, { value: clientEmail(), primary: true }] } }),
          400,
        );
        expect(twoPrimaries.errors?.[0]?.path).toBe('emails');
      });

      it('warns (201) when a live client has the same name and phone', async () => {
        const phone = clientPhone();
        const first = await createClient(t.app, ws.cookie, { firstName: 'Renée', lastName: 'Dupont', phone });
        const second = await createClient(t.app, ws.cookie, { firstName: 'renee', lastName: 'DUPONT', phone: phone.replace('+1', '') });
        expect(second.warnings).toEqual([{ code: 'possible_duplicate', clientId: first.id, message: expect.stringContaining('Renée Dupont') }]);
        // Same phone, other name: no warning.
        expect((await createClient(t.app, ws.cookie, { firstName: 'Other', lastName: 'Person', phone })).warnings).toEqual([]);
      });
    });

    describe('bad input', () => {
      const post = (body: unknown) => call(t.app, 'POST', '/api/v1/clients', { as: ws.cookie, body: body as Record<string, unknown> });

      it('names the field for unknown fields, wrong types and bad values; writes nothing', async () => {
        const before = await countClients(ws.workspace.id);
        const unknown = expectProblem(await post({ firstName: 'A', favouriteColour: 'blue' }), 400);
        expect(unknown.detail).toMatch(/favouriteColour/);
        expect(expectProblem(await post({ firstName: 5 }), 400).errors?.[0]?.path).toBe('firstName');
        expect(expectProblem(await post({ firstName: 'A', status: 'royal' }), 400).errors?.[0]?.path).toBe('status');
        expect(expectProblem(await post({ firstName: 'A', dateOfBirth: '1990-02-30' }), 400).errors?.[0]?.path).toBe('dateOfBirth');
        expect(expectProblem(await post({ firstName: 'A', addresses: [{ kind: 'primary', country: 'USA' }] }), 400).errors?.[0]?.path).toBe('addresses.0.country');
        expect(expectProblem(await post({ firstName: 'A', email: 'ann@localhost' }), 400).errors).toEqual([{ path: 'email', message: expect.stringMatching(/domain/) }]);
        expect(expectProblem(await post({ firstName: 'A', email: 'not an address' }), 400).errors?.[0]?.path).toBe('email');
        expect(expectProblem(await post({ firstName: 'A', phone: '555-CALL-NOW' }), 400).errors).toEqual([{ path: 'phone', message: expect.stringMatching(/digits/) }]);
        const phones = expectProblem(await post({ firstName: 'A', phones: [{ value: '+1 555 201 0003' }, { value: '12' }] }), 400);
        expect(phones.errors).toEqual([{ path: 'phones[1].value', message: expect.any(String) }]);
        expect(expectProblem(await post({ firstName: 'A', emails: [{ value: clientEmail() }, { value: 'x@y' }] }), 400).errors?.[0]?.path).toBe('emails[1].value');
        expect(expectProblem(await post({ firstName: 'A', tags: [''] }), 400).errors?.[0]?.path).toBe('tags.0');
        expect(expectProblem(await post({ firstName: 'A', ownerId: 'nobody' }), 400).errors?.[0]?.path).toBe('ownerId');
        expect(expectProblem(await post({ firstName: 'A', directoryCompanyId: 'nothing' }), 400).errors?.[0]?.path).toBe('directoryCompanyId');
        expect(expectProblem(await post([1, 2]), 400).status).toBe(400);
        expect(await countClients(ws.workspace.id)).toBe(before);
      });

      it('a 10 MB string is a problem response, never a 500', async () => {
        const huge = 'x'.repeat(10 * 1024 * 1024);
        const res = await post({ firstName: huge });
        expect([400, 413]).toContain(res.statusCode);
        expectProblem(res, res.statusCode);
        const longName = expectProblem(await post({ firstName: 'y'.repeat(5000) }), 400);
        expect(longName.errors?.[0]?.path).toBe('firstName');
      });

      it('churned and blacklisted need a statusReason', async () => {
        const problem = expectProblem(await post({ firstName: 'A', status: 'blacklisted' }), 400);
        expect(problem.errors).toEqual([{ path: 'statusReason', message: expect.stringMatching(/required/) }]);
        const ok = await createClient(t.app, ws.cookie, { status: 'blacklisted', statusReason: 'Abusive to staff' });
        expect(ok).toMatchObject({ status: 'blacklisted', statusReason: 'Abusive to staff' });
      });
    });

    describe('e-mail uniqueness', () => {
      it('409 with existingClientId for a taken e-mail, case- and space-insensitive; nothing written', async () => {
        const email = clientEmail();
        const first = await createClient(t.app, ws.cookie, { email });
        const before = await countClients(ws.workspace.id);
        const problem = expectProblem(await call(t.app, 'POST', '/api/v1/clients', { as: ws.cookie, body: { firstName: 'Dup', email: `  ${email.toUpperCase()} ` } }), 409);
        expect(problem).toMatchObject({ existingClientId: first.id, errors: [{ path: 'email' }] });
        const inList = expectProblem(await call(t.app, 'POST', '/api/v1/clients', { as: ws.cookie, body: { firstName: 'Dup', emails: [{ value: clientEmail() }, { value: email }] } }), 409);
        expect(inList).toMatchObject({ existingClientId: first.id, errors: [{ path: 'emails[1].value' }] });
        expect(await countClients(ws.workspace.id)).toBe(before);

        // PATCH onto a taken address: 409, the client is unchanged.
        const other = await createClient(t.app, ws.cookie, { email: clientEmail() });
        const patch = expectProblem(await call(t.app, 'PATCH', `/api/v1/clients/${other.id}`, { as: ws.cookie, body: { email } }), 409);
        expect(patch).toMatchObject({ existingClientId: first.id });
        expect((await getClient(t.app, ws.cookie, other.id)).version).toBe(1);
      });

      it('the same e-mail is fine in another workspace', async () => {
        const email = clientEmail();
        await createClient(t.app, ws.cookie, { email });
        const other = await isolatedWorkspace(t.app, owner);
        await createClient(t.app, other.cookie, { email });
      });

      it('two creates racing for one e-mail: one 201, one 409, never a 500', async () => {
        const email = clientEmail();
        const results = await Promise.all([0, 1, 2].map((i) => call(t.app, 'POST', '/api/v1/clients', { as: ws.cookie, body: { firstName: `Racer ${i}`, email } })));
        expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
        const winner = results.find((r) => r.statusCode === 201)!.json().id;
        for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().existingClientId).toBe(winner);
      });
    });

    describe('external id', () => {
      const unique = () => `ERP-${Math.random().toString(36).slice(2, 10)}`;

      it('read, create and patch: trimmed, at most 128 characters, empty clears it; audited', async () => {
        const id = unique();
        const c = await createClient(t.app, ws.cookie, { externalId: `  ${id} ` });
        expect(c.externalId).toBe(id);
        expect((await getClient(t.app, ws.cookie, c.id)).externalId).toBe(id);
        const tooLong = expectProblem(await call(t.app, 'POST', '/api/v1/clients', { as: ws.cookie, body: { firstName: 'Long', externalId: 'x'.repeat(129) } }), 400);
        expect(tooLong.errors?.[0]?.path).toBe('externalId');
        expectProblem(await call(t.app, 'POST', '/api/v1/clients', { as: ws.cookie, body: { firstName: 'Num', externalId: 42 } }), 400);

        const next = unique();
        const patched = await call(t.app, 'PATCH', `/api/v1/clients/${c.id}`, { as: ws.cookie, body: { externalId: next, version: c.version } });
        expect(patched.statusCode, patched.body).toBe(200);
        expect(patched.json()).toMatchObject({ externalId: next, version: c.version + 1 });
        const history = (await call(t.app, 'GET', `/api/v1/clients/${c.id}/audit`, { as: ws.cookie })).json().data;
        expect(history[0]).toMatchObject({ action: 'client.updated', changes: { externalId: { before: id, after: next } } });
        const cleared = await call(t.app, 'PATCH', `/api/v1/clients/${c.id}`, { as: ws.cookie, body: { externalId: '  ' } });
        expect(cleared.json().externalId).toBeNull();
        expect((await stored(c.id)).external_id).toBeNull();
      });

      it('409 with existingClientId when another client (even in Trash) has it; nothing written; fine in another workspace', async () => {
        const id = unique();
        const holder = await createClient(t.app, ws.cookie, { externalId: id });
        const before = await countClients(ws.workspace.id);
        const taken = expectProblem(await call(t.app, 'POST', '/api/v1/clients', { as: ws.cookie, body: { firstName: 'Dup', externalId: id } }), 409);
        expect(taken).toMatchObject({ existingClientId: holder.id, errors: [{ path: 'externalId' }] });
        expect(await countClients(ws.workspace.id)).toBe(before);

        const other = await createClient(t.app, ws.cookie, {});
        const patch = expectProblem(await call(t.app, 'PATCH', `/api/v1/clients/${other.id}`, { as: ws.cookie, body: { externalId: id, notes: 'should not land' } }), 409);
        expect(patch).toMatchObject({ existingClientId: holder.id });
        expect(await getClient(t.app, ws.cookie, other.id)).toMatchObject({ version: other.version, notes: null, externalId: null });
        // Re-saving a client's own external id is no conflict.
        expect((await call(t.app, 'PATCH', `/api/v1/clients/${holder.id}`, { as: ws.cookie, body: { externalId: id, notes: 'same id' } })).statusCode).toBe(200);

        expect((await call(t.app, 'DELETE', `/api/v1/clients/${holder.id}`, { as: ws.cookie })).statusCode).toBe(204);
        expect(expectProblem(await call(t.app, 'POST', '/api/v1/clients', { as: ws.cookie, body: { firstName: 'Dup', externalId: id } }), 409)).toMatchObject({ existingClientId: holder.id });

        const elsewhere = await isolatedWorkspace(t.app, owner);
        expect((await createClient(t.app, elsewhere.cookie, { externalId: id })).externalId).toBe(id);
      });

      it('two creates racing for one external id: one 201, the others 409 naming it, never a 500', async () => {
        const id = unique();
        const results = await Promise.all([0, 1, 2].map((i) => call(t.app, 'POST', '/api/v1/clients', { as: ws.cookie, body: { firstName: `Ext racer ${i}`, externalId: id } })));
        expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
        const winner = results.find((r) => r.statusCode === 201)!.json().id;
        for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json()).toMatchObject({ existingClientId: winner, errors: [{ path: 'externalId' }] });
      });

      it('is a field of the filter language', async () => {
        const stamp = Math.random().toString(36).slice(2, 8);
        const a = await createClient(t.app, ws.cookie, { externalId: `LEGACY-${stamp}-1` });
        const b = await createClient(t.app, ws.cookie, { externalId: `LEGACY-${stamp}-2` });
        await createClient(t.app, ws.cookie, {});
        const ids = async (filter: unknown) => {
          const res = await call(t.app, 'GET', `/api/v1/clients?filter=${encodeURIComponent(JSON.stringify(filter))}`, { as: ws.cookie });
          expect(res.statusCode, res.body).toBe(200);
          return res.json().data.map((c: { id: string }) => c.id).sort();
        };
        expect(await ids({ field: 'externalId', op: 'eq', value: `LEGACY-${stamp}-2` })).toEqual([b.id]);
        expect(await ids({ field: 'externalId', op: 'startsWith', value: `LEGACY-${stamp}` })).toEqual([a.id, b.id].sort());
        expect(await ids({ and: [{ field: 'externalId', op: 'isNotEmpty' }, { field: 'externalId', op: 'contains', value: stamp }] })).toEqual([a.id, b.id].sort());
        const bad = expectProblem(await call(t.app, 'GET', `/api/v1/clients?filter=${encodeURIComponent(JSON.stringify({ field: 'externalId', op: 'gt', value: 3 }))}`, { as: ws.cookie }), 400);
        expect(bad.errors?.[0]?.path).toMatch(/^filter/);
      });
    });

    describe('update', () => {
      it('partial update with If-Match; the ETag moves on; a stale If-Match or version is 412 and writes nothing', async () => {
        const client = await createClient(t.app, ws.cookie, { firstName: 'Old', lastName: 'Name', email: clientEmail() });
        const res = await call(t.app, 'PATCH', `/api/v1/clients/${client.id}`, { as: ws.cookie, body: { firstName: 'Łukasz', occupation: 'Notary' }, headers: { 'if-match': `W/"${client.id}.1"` } });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.headers.etag).toBe(`W/"${client.id}.2"`);
        expect(res.json()).toMatchObject({ firstName: 'Łukasz', lastName: 'Name', displayName: 'Łukasz Name', occupation: 'Notary', email: client.email, version: 2 });
        const row = await stored(client.id);
        expect(row.sort_name).toBe('lukasz name');
        expect(row.search_text).toContain('lukasz name');

        expectProblem(await call(t.app, 'PATCH', `/api/v1/clients/${client.id}`, { as: ws.cookie, body: { firstName: 'Lost' }, headers: { 'if-match': `W/"${client.id}.1"` } }), 412);
        expectProblem(await call(t.app, 'PATCH', `/api/v1/clients/${client.id}`, { as: ws.cookie, body: { firstName: 'Lost', version: 1 } }), 412);
        expectProblem(await call(t.app, 'PATCH', `/api/v1/clients/${client.id}`, { as: ws.cookie, body: { firstName: 'Lost' }, headers: { 'if-match': '"garbage"' } }), 412);
        expect(await getClient(t.app, ws.cookie, client.id)).toMatchObject({ firstName: 'Łukasz', version: 2 });
        const events = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/audit`, { as: ws.cookie })).json().data;
        expect(events.filter((e: { action: string }) => e.action === 'client.updated')).toHaveLength(1);
      });

      it('two PATCHes of the same version at once: one wins, the other is 412', async () => {
        const client = await createClient(t.app, ws.cookie, { email: clientEmail() });
        const results = await Promise.all(
          ['One', 'Two', 'Three'].map((firstName) => call(t.app, 'PATCH', `/api/v1/clients/${client.id}`, { as: ws.cookie, body: { firstName, email: clientEmail() }, headers: { 'if-match': `W/"${client.id}.1"` } })),
        );
        expect(results.map((r) => r.statusCode).sort()).toEqual([200, 412, 412]);
        const winner = results.find((r) => r.statusCode === 200)!.json();
        const now = await getClient(t.app, ws.cookie, client.id);
        expect(now).toMatchObject({ version: 2, firstName: winner.firstName, email: winner.email });
        const lookups = await t.db.selectFrom('client_emails').select('email_normalized').where('client_id', '=', client.id).execute();
        expect(lookups.map((l) => l.email_normalized)).toEqual([winner.email]);
      });

      it('status changes set statusChangedAt; churn needs a reason; a new status drops the old reason', async () => {
        const client = await createClient(t.app, ws.cookie);
        expectProblem(await call(t.app, 'PATCH', `/api/v1/clients/${client.id}`, { as: ws.cookie, body: { status: 'churned' } }), 400);
        const churned = (await call(t.app, 'PATCH', `/api/v1/clients/${client.id}`, { as: ws.cookie, body: { status: 'churned', statusReason: 'Moved away' } })).json();
        expect(churned).toMatchObject({ status: 'churned', statusReason: 'Moved away', version: 2 });
        expect(churned.statusChangedAt > client.statusChangedAt!).toBe(true);
        const notes = (await call(t.app, 'PATCH', `/api/v1/clients/${client.id}`, { as: ws.cookie, body: { notes: 'still churned' } })).json();
        expect(notes).toMatchObject({ statusReason: 'Moved away', statusChangedAt: churned.statusChangedAt });
        expectProblem(await call(t.app, 'PATCH', `/api/v1/clients/${client.id}`, { as: ws.cookie, body: { statusReason: null } }), 400);
        const active = (await call(t.app, 'PATCH', `/api/v1/clients/${client.id}`, { as: ws.cookie, body: { status: 'active' } })).json();
        expect(active).toMatchObject({ status: 'active', statusReason: null });
      });

      it('e-mail, phone and tags: `email` replaces the primary; tags replace the set; lookups follow', async () => {
        const client = await createClient(t.app, ws.cookie, { email: clientEmail(), phone: clientPhone(), tags: ['Alpha'] });
        const email = clientEmail();
        const res = await call(t.app, 'PATCH', `/api/v1/clients/${client.id}`, { as: ws.cookie, body: { email, phone: null, tags: ['Beta', 'Gamma'] } });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toMatchObject({ email, emails: [{ value: email, primary: true }], phone: null, phones: [], tags: ['Beta', 'Gamma'] });
        const lookups = await t.db.selectFrom('client_emails').select('email_normalized').where('client_id', '=', client.id).execute();
        expect(lookups.map((l) => l.email_normalized)).toEqual([email]);
        expect(await t.db.selectFrom('client_phones').select('e164').where('client_id', '=', client.id).execute()).toEqual([]);
        const tagRows = await t.db.selectFrom('client_tags as ct').innerJoin('tags as tg', 'tg.id', 'ct.tag_id').select('tg.name').where('ct.client_id', '=', client.id).execute();
        expect(tagRows.map((r) => r.name).sort()).toEqual(['Beta', 'Gamma']);
        // The old address is free again.
        await createClient(t.app, ws.cookie, { email: client.email });
      });

      it('a change of tags alone moves the version and History but not updatedAt (tags are labels); a profile edit moves both', async () => {
        const client = await createClient(t.app, ws.cookie, { tags: ['Alpha'] });
        const tagged = (await call(t.app, 'PATCH', `/api/v1/clients/${client.id}`, { as: ws.cookie, body: { tags: ['Alpha', 'Beta'] } })).json();
        expect(tagged).toMatchObject({ tags: ['Alpha', 'Beta'], version: client.version + 1, updatedAt: client.updatedAt });
        const history = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/audit`, { as: ws.cookie })).json().data;
        expect(history[0]).toMatchObject({ action: 'client.updated', changes: { tags: { before: ['Alpha'], after: ['Alpha', 'Beta'] } } });
        const edited = (await call(t.app, 'PATCH', `/api/v1/clients/${client.id}`, { as: ws.cookie, body: { notes: 'Prefers mornings', tags: ['Beta'] } })).json();
        expect(edited.version).toBe(client.version + 2);
        expect(edited.updatedAt > client.updatedAt).toBe(true);
      });

      it('an empty PATCH changes nothing and keeps the version', async () => {
        const client = await createClient(t.app, ws.cookie);
        const res = await call(t.app, 'PATCH', `/api/v1/clients/${client.id}`, { as: ws.cookie, body: { firstName: client.firstName } });
        expect(res.json().version).toBe(1);
      });

      it('ownerId must be a member of the workspace', async () => {
        const member = await addMember(t.app, ws.cookie, { role: 'member', password: null });
        const client = await createClient(t.app, ws.cookie, { ownerId: member.id });
        expect(client.ownerId).toBe(member.id);
        const outsider = await isolatedWorkspace(t.app, owner);
        const stranger = await addMember(t.app, outsider.cookie, { role: 'member', password: null });
        expect(expectProblem(await call(t.app, 'PATCH', `/api/v1/clients/${client.id}`, { as: ws.cookie, body: { ownerId: stranger.id } }), 400).errors?.[0]?.path).toBe('ownerId');
      });
    });
  });
}

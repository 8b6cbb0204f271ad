import { beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { clientEmail, createClient, roleKey } from '../helpers/clients';
import { call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

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

    const addContact = async (clientId: string, body: Record<string, unknown>) => {
      const res = await call(t.app, 'POST', `/api/v1/clients/${clientId}/contacts`, { as: ws.cookie, body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };

    it('adds, lists, reads, updates and deletes contacts with preferences and relations; audited', async () => {
      const client = await createClient(t.app, ws.cookie, { type: 'business', companyName: 'Acme Title Co', addresses: [{ kind: 'primary', country: 'GB' }] });
      const boss = await addContact(client.id, { firstName: 'Brigitte', lastName: 'Boss', role: 'primary', title: 'CEO', engagement: 'hot', email: 'Brigitte@Acme.test' });
      const email = clientEmail();
      const res = await call(t.app, 'POST', `/api/v1/clients/${client.id}/contacts`, {
        as: ws.cookie,
        body: {
          firstName: 'Sam',
          lastName: 'Staff',
          role: 'billing',
          department: 'Finance',
          engagement: 'warm',
          emails: [{ value: email, label: 'work' }],
          phone: '020 7946 0958',
          preferences: { channels: ['email', 'phone'], bestTimes: ['weekday mornings'], frequencyLimit: { count: 2, per: 'month' }, language: 'en', optOuts: [{ channel: 'sms', purpose: 'marketing' }] },
          reportsToId: boss.id,
          influences: [boss.id],
          notes: 'Pays on time',
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      const staff = res.json();
      expect(res.headers.etag).toBe(`W/"${staff.id}.1"`);
      expect(staff).toMatchObject({
        clientId: client.id,
        name: 'Sam Staff',
        email,
        phone: '+442079460958',
        role: 'billing',
        engagement: 'warm',
        preferences: { channels: ['email', 'phone'], frequencyLimit: { count: 2, per: 'month' }, optOuts: [{ channel: 'sms', purpose: 'marketing' }] },
        reportsToId: boss.id,
        influences: [boss.id],
        version: 1,
      });

      const list = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/contacts`, { as: ws.cookie })).json();
      expect(list.total).toBe(2);
      expect(list.data.map((c: { id: string }) => c.id)).toEqual([boss.id, staff.id]);
      expect((await call(t.app, 'GET', `/api/v1/contacts/${staff.id}`, { as: ws.cookie })).json()).toMatchObject({ id: staff.id, title: null });

      const patched = await call(t.app, 'PATCH', `/api/v1/contacts/${staff.id}`, { as: ws.cookie, body: { title: 'Controller', engagement: 'cold' }, headers: { 'if-match': `W/"${staff.id}.1"` } });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json()).toMatchObject({ title: 'Controller', engagement: 'cold', version: 2 });
      expectProblem(await call(t.app, 'PATCH', `/api/v1/contacts/${staff.id}`, { as: ws.cookie, body: { title: 'Lost', version: 1 } }), 412);

      // Deleting the boss unlinks the staff member.
      expect((await call(t.app, 'DELETE', `/api/v1/contacts/${boss.id}`, { as: ws.cookie })).statusCode).toBe(204);
      expect((await call(t.app, 'GET', `/api/v1/contacts/${staff.id}`, { as: ws.cookie })).json()).toMatchObject({ reportsToId: null, influences: [] });
      expectProblem(await call(t.app, 'GET', `/api/v1/contacts/${boss.id}`, { as: ws.cookie }), 404);

      const audit = await t.db.selectFrom('audit_events').select(['action', 'changes']).where('entity_type', '=', 'contact').where('entity_id', '=', staff.id).orderBy('at').orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['contact.created', 'contact.updated']);
    });

    it('bad input names the field', async () => {
      const client = await createClient(t.app, ws.cookie);
      const post = (body: Record<string, unknown>) => call(t.app, 'POST', `/api/v1/clients/${client.id}/contacts`, { as: ws.cookie, body });
      expect(expectProblem(await post({ firstName: 'A', role: 'boss' }), 400).errors?.[0]?.path).toBe('role');
      expect(expectProblem(await post({ firstName: 'A', engagement: 'lukewarm' }), 400).errors?.[0]?.path).toBe('engagement');
      expect(expectProblem(await post({ firstName: 'A', email: 'a@b' }), 400).errors?.[0]?.path).toBe('email');
      expect(expectProblem(await post({ firstName: 'A', phones: [{ value: '+1 555 201 0004' }, { value: 'call me' }] }), 400).errors?.[0]?.path).toBe('phones[1].value');
      expect(expectProblem(await post({ firstName: 'A', preferences: { channels: ['pigeon'] } }), 400).errors?.[0]?.path).toBe('preferences.channels.0');
      expect(expectProblem(await post({ firstName: 'A', preferences: { frequencyLimit: { count: 2, per: 'year' } } }), 400).errors?.[0]?.path).toBe('preferences.frequencyLimit.per');
      expect(expectProblem(await post({ firstName: 'A', reportsToId: 'nobody' }), 400).errors?.[0]?.path).toBe('reportsToId');
      expect(expectProblem(await post({ firstName: 'A', wings: 2 }), 400).detail).toMatch(/wings/);
      expect(expectProblem(await post({ notes: 'no name' }), 400).errors?.[0]?.path).toBe('firstName');
      // A contact of another client cannot be a relation.
      const other = await createClient(t.app, ws.cookie);
      const stranger = (await call(t.app, 'POST', `/api/v1/clients/${other.id}/contacts`, { as: ws.cookie, body: { firstName: 'S' } })).json();
      expect(expectProblem(await post({ firstName: 'A', influences: [stranger.id] }), 400).errors?.[0]?.path).toBe('influences[0]');
      expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}/contacts`, { as: ws.cookie })).json().total).toBe(0);
    });

    it('viewers read but cannot write; other workspaces get 404; a client in Trash takes no new contacts', async () => {
      const client = await createClient(t.app, ws.cookie);
      const contact = await addContact(client.id, { firstName: 'Vera' });
      const viewer = await roleKey(t.app, ws.cookie, 'viewer');
      expect((await call(t.app, 'GET', `/api/v1/contacts/${contact.id}`, { as: viewer.cookie })).statusCode).toBe(200);
      expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/contacts`, { as: viewer.cookie, body: { firstName: 'X' } }), 403);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/contacts/${contact.id}`, { as: viewer.cookie, body: { firstName: 'X' } }), 403);
      expectProblem(await call(t.app, 'DELETE', `/api/v1/contacts/${contact.id}`, { as: viewer.cookie }), 403);

      const other = await isolatedWorkspace(t.app, owner);
      expectProblem(await call(t.app, 'GET', `/api/v1/contacts/${contact.id}`, { as: other.cookie }), 404);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/contacts/${contact.id}`, { as: other.cookie, body: { firstName: 'X' } }), 404);
      expectProblem(await call(t.app, 'DELETE', `/api/v1/contacts/${contact.id}`, { as: other.cookie }), 404);

      await call(t.app, 'DELETE', `/api/v1/clients/${client.id}`, { as: ws.cookie });
      expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/contacts`, { as: ws.cookie, body: { firstName: 'Late' } }), 409);
      // Purging the client takes its contacts with it.
      await call(t.app, 'DELETE', `/api/v1/clients/${client.id}?permanent=true`, { as: ws.cookie });
      expectProblem(await call(t.app, 'GET', `/api/v1/contacts/${contact.id}`, { as: ws.cookie }), 404);
    });
  });
}

import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { runNextJob } from '../../src/server/jobs/job.runner';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, getClient, roleKey } from '../helpers/clients';
import { call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
    });

    const define = async (as: string, body: Record<string, unknown>) => {
      const res = await call(t.app, 'POST', '/api/v1/custom-fields', { as, body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };

    it('definitions: create, list, change, delete (values go with them); admin only; audited', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const tier = await define(ws.cookie, { key: 'tier', label: 'Tier', type: 'select', options: ['Gold', 'Silver'], position: 2 });
      expect(tier).toMatchObject({ key: 'tier', type: 'select', options: ['Gold', 'Silver'], required: false, version: 1 });
      await define(ws.cookie, { key: 'seats', label: 'Seats', type: 'number', position: 1 });
      expect((await call(t.app, 'GET', '/api/v1/custom-fields', { as: ws.cookie })).json().data.map((f: { key: string }) => f.key)).toEqual(['seats', 'tier']);
      expect(expectProblem(await call(t.app, 'POST', '/api/v1/custom-fields', { as: ws.cookie, body: { key: 'tier', label: 'Again', type: 'text' } }), 409).errors?.[0]?.path).toBe('key');
      expect(expectProblem(await call(t.app, 'POST', '/api/v1/custom-fields', { as: ws.cookie, body: { key: 'Bad Key', label: 'X', type: 'text' } }), 400).errors?.[0]?.path).toBe('key');
      expect(expectProblem(await call(t.app, 'POST', '/api/v1/custom-fields', { as: ws.cookie, body: { key: 'pick', label: 'X', type: 'select' } }), 400).errors?.[0]?.path).toBe('options');
      expect(expectProblem(await call(t.app, 'POST', '/api/v1/custom-fields', { as: ws.cookie, body: { key: 'pick', label: 'X', type: 'colour' } }), 400).errors?.[0]?.path).toBe('type');

      const patched = await call(t.app, 'PATCH', `/api/v1/custom-fields/${tier.id}`, { as: ws.cookie, body: { options: ['Gold', 'Silver', 'Bronze'] }, headers: { 'if-match': `W/"${tier.id}.1"` } });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json()).toMatchObject({ options: ['Gold', 'Silver', 'Bronze'], version: 2 });
      expectProblem(await call(t.app, 'PATCH', `/api/v1/custom-fields/${tier.id}`, { as: ws.cookie, body: { label: 'Lost', version: 1 } }), 412);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/custom-fields/${tier.id}`, { as: ws.cookie, body: { type: 'text' } }), 400);

      const client = await createClient(t.app, ws.cookie, { customFields: { tier: 'Bronze', seats: 12 } });
      expect(client.customFields).toEqual({ tier: 'Bronze', seats: 12 });
      expect((await call(t.app, 'DELETE', `/api/v1/custom-fields/${tier.id}`, { as: ws.cookie })).statusCode).toBe(204);
      expect((await getClient(t.app, ws.cookie, client.id)).customFields).toEqual({ seats: 12 });

      const member = await roleKey(t.app, ws.cookie, 'member');
      expect((await call(t.app, 'GET', '/api/v1/custom-fields', { as: member.cookie })).statusCode).toBe(200);
      expectProblem(await call(t.app, 'POST', '/api/v1/custom-fields', { as: member.cookie, body: { key: 'm', label: 'M', type: 'text' } }), 403);
      const other = await isolatedWorkspace(t.app, owner);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/custom-fields/${tier.id}`, { as: other.cookie, body: { label: 'X' } }), 404);
      expectProblem(await call(t.app, 'DELETE', `/api/v1/custom-fields/${tier.id}`, { as: other.cookie }), 404);
      expect((await call(t.app, 'GET', '/api/v1/custom-fields', { as: other.cookie })).json().total).toBe(0);

      const actions = (await t.db.selectFrom('audit_events').select('action').where('entity_id', '=', tier.id).orderBy('at').orderBy('id').execute()).map((a) => a.action);
      expect(actions).toEqual(['custom_field.created', 'custom_field.updated', 'custom_field.deleted']);
    });

    it('each sortable custom field gets its sort index from a job (the list walks it instead of sorting every client); deleting the field drops it', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const key = `budget_${dialect}_${Date.now().toString(36)}`;
      const field = await define(ws.cookie, { key, label: 'Budget', type: 'number' });
      const note = await define(ws.cookie, { key: `${key}_note`, label: 'Note', type: 'text' });
      const job = await t.db.selectFrom('jobs').select(['id', 'status']).where('workspace_id', '=', ws.workspace.id).where('kind', '=', 'custom_field.index').executeTakeFirst();
      expect(job?.status).toBe('queued');
      while ((await runNextJob(t.db)) !== null) {
        // run every queued job (other tests' jobs included)
      }
      const indexes = async () => (await sql<{ name: string }>`${sql.raw(dialect === 'postgres' ? "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'clients'" : "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'clients'")}`.execute(t.db)).rows.map((r) => r.name);
      expect(await indexes()).toEqual(expect.arrayContaining([`clients_cf_n_${key}`, `clients_cf_t_${key}_note`]));

      // A long text value (beyond what a PostgreSQL index entry holds) is still accepted and sorts.
      const long = 'Ω'.repeat(2000);
      await createClient(t.app, ws.cookie, { lastName: 'Long', customFields: { [`${key}_note`]: long, [key]: 5 } });
      await createClient(t.app, ws.cookie, { lastName: 'Small', customFields: { [key]: 1.5 } });
      await createClient(t.app, ws.cookie, { lastName: 'None' });
      const sorted = async (sort: string) => (await call(t.app, 'GET', `/api/v1/clients?sort=${sort}`, { as: ws.cookie })).json().data.map((c: { lastName: string }) => c.lastName);
      expect(await sorted(`custom.${key}`)).toEqual(['None', 'Small', 'Long']);
      expect(await sorted(`-custom.${key}`)).toEqual(['Long', 'Small', 'None']);
      expect(await sorted(`-custom.${key}_note`)).toEqual(['Long', expect.any(String), expect.any(String)]);

      expect((await call(t.app, 'DELETE', `/api/v1/custom-fields/${field.id}`, { as: ws.cookie })).statusCode).toBe(204);
      expect((await call(t.app, 'DELETE', `/api/v1/custom-fields/${note.id}`, { as: ws.cookie })).statusCode).toBe(204);
      while ((await runNextJob(t.db)) !== null) {
        // the same job kind drops what no definition uses any more
      }
      expect(await indexes()).not.toEqual(expect.arrayContaining([`clients_cf_n_${key}`]));
      expect((await indexes()).filter((n) => n.includes(key))).toEqual([]);
    });

    it('client values are validated against the definitions and name customFields.<key>', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      await define(ws.cookie, { key: 'note', label: 'Note', type: 'text' });
      await define(ws.cookie, { key: 'seats', label: 'Seats', type: 'number' });
      await define(ws.cookie, { key: 'renewal', label: 'Renewal', type: 'date' });
      await define(ws.cookie, { key: 'vip', label: 'VIP', type: 'boolean' });
      await define(ws.cookie, { key: 'tier', label: 'Tier', type: 'select', options: ['Gold', 'Silver'] });
      await define(ws.cookie, { key: 'services', label: 'Services', type: 'multiselect', options: ['Audit', 'Tax', 'Payroll'] });
      await define(ws.cookie, { key: 'site', label: 'Site', type: 'url' });
      await define(ws.cookie, { key: 'region', label: 'Region', type: 'text', required: true });

      const post = (customFields: Record<string, unknown>) => call(t.app, 'POST', '/api/v1/clients', { as: ws.cookie, body: { firstName: 'Cf', customFields } });
      const pathOf = async (customFields: Record<string, unknown>) => expectProblem(await post(customFields), 400).errors?.map((e) => e.path);
      expect(await pathOf({ region: 'N', colour: 'red' })).toEqual(['customFields.colour']);
      expect(await pathOf({ region: 'N', seats: '12' })).toEqual(['customFields.seats']);
      expect(await pathOf({ region: 'N', renewal: '2026-13-01' })).toEqual(['customFields.renewal']);
      expect(await pathOf({ region: 'N', vip: 'yes' })).toEqual(['customFields.vip']);
      expect(await pathOf({ region: 'N', tier: 'Platinum' })).toEqual(['customFields.tier']);
      expect(await pathOf({ region: 'N', services: ['Tax', 'Magic'] })).toEqual(['customFields.services']);
      expect(await pathOf({ region: 'N', site: 'javascript:alert(1)' })).toEqual(['customFields.site']);
      expect(await pathOf({ seats: 3 })).toEqual(['customFields.region']);
      expect(await pathOf({ region: '' })).toEqual(['customFields.region']);

      const res = await post({ region: 'North', seats: 4.5, renewal: '2027-01-31', vip: true, tier: 'Gold', services: ['Tax', 'Audit', 'Tax'], site: 'https://example.com/x', note: '  hi ' });
      expect(res.statusCode, res.body).toBe(201);
      const client = res.json();
      expect(client.customFields).toEqual({ region: 'North', seats: 4.5, renewal: '2027-01-31', vip: true, tier: 'Gold', services: ['Tax', 'Audit'], site: 'https://example.com/x', note: 'hi' });

      // PATCH merges: null clears one value, the others stay; required still holds.
      const patched = await call(t.app, 'PATCH', `/api/v1/clients/${client.id}`, { as: ws.cookie, body: { customFields: { seats: null, tier: 'Silver' } } });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json().customFields).toMatchObject({ region: 'North', tier: 'Silver' });
      expect(patched.json().customFields).not.toHaveProperty('seats');
      expect(expectProblem(await call(t.app, 'PATCH', `/api/v1/clients/${client.id}`, { as: ws.cookie, body: { customFields: { region: null } } }), 400).errors?.[0]?.path).toBe('customFields.region');
      const audit = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/audit`, { as: ws.cookie })).json().data[0];
      expect(audit.changes.customFields.before).toMatchObject({ seats: 4.5, tier: 'Gold' });
    });
  });
}

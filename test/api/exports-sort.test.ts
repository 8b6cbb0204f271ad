import { parse } from 'csv-parse/sync';
import { beforeAll, expect, it } from 'vitest';
import { parseClientSort, prepareSelection } from '../../src/server/clients/client.query';
import { clientChunks } from '../../src/server/exports/export.stream';
import { runNextJob } from '../../src/server/jobs/job.runner';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, ownerActor } from '../helpers/clients';
import { call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    let ws: Awaited<ReturnType<typeof isolatedWorkspace>>;
    const byName = new Map<string, string>();
    beforeAll(async () => {
      owner = await setupOwner(t.app);
      ws = await isolatedWorkspace(t.app, owner);
      expect((await call(t.app, 'POST', '/api/v1/custom-fields', { as: ws.cookie, body: { key: 'seats', label: 'Seats', type: 'number' } })).statusCode).toBe(201);
      expect((await call(t.app, 'POST', '/api/v1/custom-fields', { as: ws.cookie, body: { key: 'tier', label: 'Tier', type: 'text' } })).statusCode).toBe(201);
      // Ties (two 20s, two "Gold"), missing values and names whose order differs from their ids' order.
      const people: [string, number | null, string | null][] = [
        ['Mia', 20, 'Gold'], ['Ada', 5, null], ['Zoe', null, 'Bronze'], ['Bea', 20, 'Gold'], ['Kai', 300, 'Silver'], ['Eli', null, null], ['Lou', -1, 'Amber'],
      ];
      for (const [firstName, seats, tier] of people) {
        const customFields = { ...(seats === null ? {} : { seats }), ...(tier === null ? {} : { tier }) };
        byName.set((await createClient(t.app, ws.cookie, { firstName, lastName: 'Test', customFields })).id, firstName);
      }
    });

    const listOrder = async (sort: string) => {
      const res = await call(t.app, 'GET', `/api/v1/clients?limit=500&sort=${encodeURIComponent(sort)}`, { as: ws.cookie });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().data as { id: string }[]).map((c) => c.id);
    };
    const csvIds = (body: Buffer) => (parse(body.toString('utf8').slice(1), { columns: true }) as { Id: string }[]).map((r) => r.Id);
    const names = (ids: string[]) => ids.map((id) => byName.get(id));
    const idOf = (name: string) => [...byName].find(([, n]) => n === name)![0];
    const sorts = ['name', '-name', '-createdAt', 'custom.seats', '-custom.seats', 'custom.tier', '-custom.tier', '-totalValue', 'healthScore'];

    it('a download comes in the list’s order for every sort, custom fields and descending ones included', async () => {
      for (const sort of sorts) {
        const res = await call(t.app, 'GET', `/api/v1/clients/export?columns=id&sort=${encodeURIComponent(sort)}`, { as: ws.cookie });
        expect(res.statusCode, res.body).toBe(200);
        expect(csvIds(res.rawPayload), sort).toEqual(await listOrder(sort));
      }
      // The order itself, not only agreement with the list: most seats first, ties by id, no value last.
      const desc = await call(t.app, 'GET', '/api/v1/clients/export?columns=id,firstName,custom.seats&sort=-custom.seats', { as: ws.cookie });
      const rows = parse(desc.rawPayload.toString('utf8').slice(1), { columns: true }) as Record<string, string>[];
      expect(rows.map((r) => r.Seats)).toEqual(['300', '20', '20', '5', '-1', '', '']);
      const twenties = rows.filter((r) => r.Seats === '20').map((r) => r.Id);
      expect(twenties).toEqual([...twenties].sort().reverse());
      const byFirstName = await call(t.app, 'GET', '/api/v1/clients/export?columns=id&sort=name', { as: ws.cookie });
      expect(names(csvIds(byFirstName.rawPayload))).toEqual(['Ada', 'Bea', 'Eli', 'Kai', 'Lou', 'Mia', 'Zoe']);
      const filtered = await call(t.app, 'GET', `/api/v1/clients/export?columns=id&sort=-custom.tier&filter=${encodeURIComponent(JSON.stringify({ field: 'custom.seats', op: 'gte', value: 0 }))}`, { as: ws.cookie });
      const goldDesc = [...byName.keys()].filter((id) => ['Mia', 'Bea'].includes(byName.get(id)!)).sort().reverse();
      expect(csvIds(filtered.rawPayload)).toEqual([idOf('Kai'), ...goldDesc, idOf('Ada')]);
    });

    it('the walk pages by keyset on the sort: chunks smaller than the set give the same order, each client once', async () => {
      const actor = ownerActor(ws.me.workspace!.id, ws.me.user!.id);
      const prepared = await prepareSelection(t.db, actor, {});
      for (const raw of sorts) {
        const sort = parseClientSort(prepared, raw);
        const seen: string[] = [];
        for await (const rows of clientChunks(t.db, { workspaceId: actor.workspaceId, prepared, sort }, ['id'], 2)) seen.push(...rows.map((r) => r.id));
        expect(seen, raw).toEqual(await listOrder(raw));
      }
    });

    it('background exports follow the sort, for a filter and for picked ids; contacts come in the clients’ order', async () => {
      const ids = [...byName.keys()];
      for (const id of ids.slice(0, 3)) expect((await call(t.app, 'POST', `/api/v1/clients/${id}/contacts`, { as: ws.cookie, body: { firstName: `Contact of ${byName.get(id)}` } })).statusCode).toBe(201);
      const byFilter = await call(t.app, 'POST', '/api/v1/exports', { as: ws.cookie, body: { format: 'csv', columns: ['id'], sort: '-custom.seats', include: ['contacts'] } });
      expect(byFilter.statusCode, byFilter.body).toBe(202);
      const picked = [ids[0]!, ids[2]!, ids[4]!, ids[6]!];
      const byIds = await call(t.app, 'POST', '/api/v1/exports', { as: ws.cookie, body: { format: 'csv', columns: ['id'], ids: picked, sort: 'custom.tier' } });
      expect(byIds.statusCode, byIds.body).toBe(202);
      while ((await runNextJob(t.db)) !== null) {
        /* until the queue is empty */
      }
      const file = async (id: string, part = 'clients') => (await call(t.app, 'GET', `/api/v1/exports/${id}/file?part=${part}`, { as: ws.cookie })).rawPayload;
      const order = await listOrder('-custom.seats');
      expect(csvIds(await file(byFilter.json().id))).toEqual(order);
      const contacts = parse((await file(byFilter.json().id, 'contacts')).toString('utf8').slice(1), { columns: true }) as Record<string, string>[];
      const contactClients = contacts.map((r) => r['Client id']!);
      expect(contactClients).toEqual(order.filter((id) => contactClients.includes(id)));
      expect(csvIds(await file(byIds.json().id))).toEqual((await listOrder('custom.tier')).filter((id) => picked.includes(id)));
    });

    it('a bad sort is 400 naming sort, as in the list, before anything is written or queued', async () => {
      for (const sort of ['nope', 'custom.missing', '-custom.']) {
        const res = await call(t.app, 'GET', `/api/v1/clients/export?sort=${encodeURIComponent(sort)}`, { as: ws.cookie });
        expect(expectProblem(res, 400).errors!.map((e) => e.path), sort).toEqual(['sort']);
      }
      expect(expectProblem(await call(t.app, 'POST', '/api/v1/exports', { as: ws.cookie, body: { sort: 'bogus' } }), 400).errors!.map((e) => e.path)).toEqual(['sort']);
      expect(expectProblem(await call(t.app, 'POST', '/api/v1/exports', { as: ws.cookie, body: { ids: [[...byName.keys()][0]], sort: 'custom.missing' } }), 400).errors!.map((e) => e.path)).toEqual(['sort']);
      expect(expectProblem(await call(t.app, 'POST', '/api/v1/exports', { as: ws.cookie, body: { sort: 'x'.repeat(81) } }), 400).errors!.map((e) => e.path)).toEqual(['sort']);
      expect((await call(t.app, 'GET', '/api/v1/exports', { as: ws.cookie })).json().data.every((e: { status: string }) => e.status !== 'queued')).toBe(true);
    });
  });
}

import { beforeAll, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, roleKey } from '../helpers/clients';
import { call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

type Ws = Awaited<ReturnType<typeof isolatedWorkspace>>;

const DAY = 86_400_000;
const daysAgo = (n: number, hour = 12) => new Date(Date.parse(`${new Date(Date.now() - n * DAY).toISOString().slice(0, 10)}T00:00:00Z`) + hour * 3600_000).toISOString();

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    let ws: Ws;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
      ws = await isolatedWorkspace(t.app, owner);
    });

    const push = (events: unknown[], as = ws.cookie) => call(t.app, 'POST', '/api/v1/usage', { as, body: { events } });
    const series = async (clientId: string, query = '') => {
      const res = await call(t.app, 'GET', `/api/v1/clients/${clientId}/usage${query}`, { as: ws.cookie });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };

    it('takes a batch by clientId or externalId, counts repeats as duplicates, keeps daily aggregates and last activity', async () => {
      const client = await createClient(t.app, ws.cookie);
      const ext = await createClient(t.app, ws.cookie);
      await t.db.updateTable('clients').set({ external_id: 'acct-42' }).where('id', '=', ext.id).execute();
      const batch = [
        { eventId: 'e1', clientId: client.id, metric: 'logins', value: 1, at: daysAgo(2, 9) },
        { eventId: 'e2', clientId: client.id, metric: 'logins', value: 1, at: daysAgo(2, 17) },
        { eventId: 'e3', clientId: client.id, metric: 'logins', at: daysAgo(0, 0) },
        { eventId: 'e4', clientId: client.id, metric: 'storage_gb', value: 2.5, at: daysAgo(1) },
        { eventId: 'e5', externalId: 'acct-42', metric: 'api_calls', value: 120, at: daysAgo(3) },
        { eventId: 'e1', clientId: client.id, metric: 'logins', value: 99, at: daysAgo(2) },
      ];
      const res = await push(batch);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ accepted: 5, duplicates: 1, rejected: 0, errors: [] });

      // The same batch again changes nothing.
      expect((await push(batch)).json()).toEqual({ accepted: 0, duplicates: 6, rejected: 0, errors: [] });
      const audit = await t.db.selectFrom('audit_events').select('changes').where('workspace_id', '=', ws.workspace.id).where('action', '=', 'usage.received').orderBy('at').orderBy('id').execute();
      expect(audit.map((a) => (typeof a.changes === 'string' ? JSON.parse(a.changes) : a.changes).accepted.after)).toEqual([5, 0]);

      const s = await series(client.id, '?days=7');
      expect(s.metrics.map((m: { metric: string }) => m.metric)).toEqual(['logins', 'storage_gb']);
      const logins = s.metrics[0];
      expect(logins.series).toHaveLength(7);
      expect(logins.series[6]).toEqual({ day: daysAgo(0).slice(0, 10), sum: 1, count: 1 });
      expect(logins.series[4]).toEqual({ day: daysAgo(2).slice(0, 10), sum: 2, count: 2 });
      expect(logins.series[0]).toMatchObject({ sum: 0, count: 0 });
      expect(logins).toMatchObject({ total: 3, count: 3 });
      expect((await series(client.id, '?metric=storage_gb&days=2')).metrics).toEqual([
        { metric: 'storage_gb', total: 2.5, count: 1, series: [{ day: daysAgo(1).slice(0, 10), sum: 2.5, count: 1 }, { day: daysAgo(0).slice(0, 10), sum: 0, count: 0 }] },
      ]);
      expect((await series(client.id, '?metric=nothing&days=1')).metrics).toEqual([{ metric: 'nothing', total: 0, count: 0, series: [{ day: daysAgo(0).slice(0, 10), sum: 0, count: 0 }] }]);
      expect((await series(ext.id)).metrics[0]).toMatchObject({ metric: 'api_calls', total: 120 });

      const daily = await t.db.selectFrom('usage_daily').select(['metric', 'day', 'sum', 'count']).where('client_id', '=', client.id).orderBy('metric').orderBy('day').execute();
      expect(daily.map((d) => [d.metric, Number(d.sum), Number(d.count)])).toEqual([['logins', 2, 2], ['logins', 1, 1], ['storage_gb', 2.5, 1]]);
      const activity = await t.db.selectFrom('clients').select(['id', 'last_activity_at']).where('id', 'in', [client.id, ext.id]).execute();
      expect(Object.fromEntries(activity.map((a) => [a.id, a.last_activity_at]))).toEqual({ [client.id]: daysAgo(0, 0), [ext.id]: daysAgo(3) });
    });

    it('rejects bad rows with their index and field and takes the rest; refuses bad batches whole', async () => {
      const client = await createClient(t.app, ws.cookie);
      const trashed = await createClient(t.app, ws.cookie);
      await call(t.app, 'DELETE', `/api/v1/clients/${trashed.id}`, { as: ws.cookie });
      const other = await isolatedWorkspace(t.app, owner);
      const foreign = await createClient(t.app, other.cookie);
      const ok = { clientId: client.id, metric: 'logins', value: 1, at: daysAgo(0) };
      const res = await push([
        { ...ok, eventId: 'ok-1' },
        { ...ok, eventId: 'bad-1', value: 'lots' },
        { ...ok, eventId: 'bad-2', metric: 'has spaces' },
        { ...ok, eventId: 'bad-3', at: 'yesterday' },
        { ...ok, eventId: 'bad-4', clientId: undefined },
        { ...ok, eventId: 'bad-5', externalId: 'x' },
        { ...ok, eventId: 'bad-6', clientId: foreign.id },
        { ...ok, eventId: 'bad-7', clientId: trashed.id },
        { ...ok, eventId: 'bad-8', externalId: 'nobody', clientId: undefined },
        { ...ok, eventId: 'bad-9', at: new Date(Date.now() + 3 * DAY).toISOString() },
        { ...ok, eventId: 'bad-10', colour: 'red' },
        { ...ok, eventId: '' },
        'not an object',
      ]);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ accepted: 1, duplicates: 0, rejected: 12 });
      expect(body.errors.map((e: { index: number; path: string }) => [e.index, e.path])).toEqual([
        [1, 'value'], [2, 'metric'], [3, 'at'], [4, 'clientId'], [5, 'clientId'], [6, 'clientId'], [7, 'clientId'], [8, 'externalId'], [9, 'at'], [10, 'event'], [11, 'eventId'], [12, 'event'],
      ]);
      expect(body.errors[0]).toMatchObject({ eventId: 'bad-1' });
      expect(await t.db.selectFrom('usage_events').select('event_id').where('client_id', 'in', [foreign.id, trashed.id]).execute()).toEqual([]);

      expectProblem(await push([]), 400);
      expect(expectProblem(await push(Array.from({ length: 1001 }, (_, i) => ({ ...ok, eventId: `many-${i}` }))), 400).errors?.[0]?.path).toBe('events');
      expectProblem(await call(t.app, 'POST', '/api/v1/usage', { as: ws.cookie, body: { events: [], extra: 1 } }), 400);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}/usage?days=0`, { as: ws.cookie }), 400);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}/usage?days=400`, { as: ws.cookie }), 400);
    });

    it('a full batch of 1,000 in one call; viewers cannot push; another workspace gets 404 for the series', async () => {
      const client = await createClient(t.app, ws.cookie);
      const at = daysAgo(0);
      const started = Date.now();
      const res = await push(Array.from({ length: 1000 }, (_, i) => ({ eventId: `bulk-${client.id}-${i}`, clientId: client.id, metric: i % 2 ? 'a' : 'b', value: 1, at })));
      expect(res.json()).toMatchObject({ accepted: 1000, rejected: 0 });
      expect(Date.now() - started).toBeLessThan(5000);
      expect((await series(client.id, '?days=1')).metrics.map((m: { total: number }) => m.total)).toEqual([500, 500]);
      const viewer = await roleKey(t.app, ws.cookie, 'viewer');
      expectProblem(await push([{ eventId: 'v1', clientId: client.id, metric: 'x', at }], viewer.cookie), 403);
      const member = await roleKey(t.app, ws.cookie, 'member');
      expect((await push([{ eventId: 'm1', clientId: client.id, metric: 'x', at }], member.cookie)).json().accepted).toBe(1);
      const other = await isolatedWorkspace(t.app, owner);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}/usage`, { as: other.cookie }), 404);
      // Event ids are per workspace: another workspace's e1 is its own.
      const theirs = await createClient(t.app, other.cookie);
      expect((await push([{ eventId: `bulk-${client.id}-0`, clientId: theirs.id, metric: 'x', at }], other.cookie)).json().accepted).toBe(1);
    });
  });
}

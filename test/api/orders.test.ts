import { beforeAll, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, getClient, put, roleKey } from '../helpers/clients';
import { call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

type Ws = Awaited<ReturnType<typeof isolatedWorkspace>>;
const usd = (amount: number) => ({ amount, currency: 'USD' });
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    let ws: Ws;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
      ws = await isolatedWorkspace(t.app, owner);
    });

    const book = async (clientId: string, body: Record<string, unknown>, as = ws.cookie) => {
      const res = await call(t.app, 'POST', `/api/v1/clients/${clientId}/orders`, { as, body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const audit = async (clientId: string) => (await call(t.app, 'GET', `/api/v1/clients/${clientId}/audit`, { as: ws.cookie })).json().data as { action: string; changes: Record<string, { before: unknown; after: unknown }> }[];

    it('settings/orders: the workspace word and currency (admin), audited; viewers read', async () => {
      const res = await call(t.app, 'GET', '/api/v1/settings/orders', { as: ws.cookie });
      expect(res.json()).toEqual({ word: 'order', wordPlural: 'orders', currency: 'USD', defaultCreditTermsDays: 30 });
      const changed = await put(t.app, '/api/v1/settings/orders', ws.cookie, { word: 'booking', currency: 'usd' });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json()).toMatchObject({ word: 'booking', wordPlural: 'bookings', currency: 'USD' });
      const bad = expectProblem(await put(t.app, '/api/v1/settings/orders', ws.cookie, { word: 'gig', currency: 'XYZ' }), 400);
      expect(bad.errors!.map((e) => e.path).sort()).toEqual(['currency', 'word']);
      const viewer = await roleKey(t.app, ws.cookie, 'viewer');
      expect((await call(t.app, 'GET', '/api/v1/settings/orders', { as: viewer.cookie })).json().word).toBe('booking');
      expectProblem(await put(t.app, '/api/v1/settings/orders', viewer.cookie, { word: 'job' }), 403);
    });

    it('books, completes and edits an order: guest → existing, prospect → active, audited before/after on the client, timeline', async () => {
      const client = await createClient(t.app, ws.cookie);
      expect(client).toMatchObject({ isGuest: true, status: 'prospect', ordersCount: 0, totalValue: usd(0), outstandingBalance: usd(0), nextRenewalAt: null });

      const scheduledAt = ago(30);
      const order = await book(client.id, {
        title: 'Deep clean', serviceType: 'cleaning', scheduledAt, estimatedMinutes: 120, location: '1 Main St', assigneeId: owner.me.user!.id,
        estimatedValue: usd(15000), value: usd(14999), notes: 'Bring ladder',
      });
      expect(order).toMatchObject({ status: 'scheduled', scheduledAt, currency: 'USD', estimatedValue: usd(15000), value: usd(14999), onTime: null, version: 1 });

      let c = await getClient(t.app, ws.cookie, client.id);
      expect(c).toMatchObject({ isGuest: false, status: 'prospect', ordersCount: 1, totalValue: usd(14999) });
      expect(c.lastOrderAt).toBe(scheduledAt);
      expect(c.lastActivityAt).not.toBeNull();
      const afterBooking = c.version;

      // Completed within the scheduled window (start + 120 min): on time, derived.
      const done = await call(t.app, 'PATCH', `/api/v1/orders/${order.id}`, { as: ws.cookie, body: { status: 'completed', completedAt: new Date(Date.parse(scheduledAt) + 90 * 60_000).toISOString(), actualMinutes: 90, rating: 5, version: 1 } });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json()).toMatchObject({ status: 'completed', onTime: true, onTimeOverridden: false, rating: 5, version: 2 });
      expect(done.headers.etag).toBe(`W/"${order.id}.2"`);

      c = await getClient(t.app, ws.cookie, client.id);
      expect(c).toMatchObject({ status: 'active', isGuest: false, ordersCount: 1 });
      expect(c.version).toBeGreaterThan(afterBooking);
      const events = await audit(client.id);
      expect(events.find((e) => e.action === 'client.became_existing')!.changes).toEqual({ isGuest: { before: true, after: false } });
      expect(events.find((e) => e.action === 'client.status_changed')!.changes).toEqual({ status: { before: 'prospect', after: 'active' } });

      // Late against the window: derived false; an override sticks, null derives again.
      const late = await call(t.app, 'PATCH', `/api/v1/orders/${order.id}`, { as: ws.cookie, body: { completedAt: new Date(Date.parse(scheduledAt) + 5 * HOUR).toISOString() } });
      expect(late.json()).toMatchObject({ onTime: false, onTimeOverridden: false });
      const forced = await call(t.app, 'PATCH', `/api/v1/orders/${order.id}`, { as: ws.cookie, body: { onTime: true } });
      expect(forced.json()).toMatchObject({ onTime: true, onTimeOverridden: true });
      const derived = await call(t.app, 'PATCH', `/api/v1/orders/${order.id}`, { as: ws.cookie, body: { onTime: null } });
      expect(derived.json()).toMatchObject({ onTime: false, onTimeOverridden: false });

      const timeline = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/timeline?kind=order,status`, { as: ws.cookie })).json().data as { kind: string; title: string }[];
      expect(timeline.filter((e) => e.kind === 'order')).toHaveLength(1);
      expect(timeline.filter((e) => e.kind === 'status').map((e) => e.title).join(' | ')).toMatch(/Existing.*active|active.*Existing/);

      const orderAudit = (await call(t.app, 'GET', `/api/v1/audit?entityType=order&entityId=${order.id}`, { as: ws.cookie })).json().data as { action: string }[];
      expect(orderAudit.map((e) => e.action)).toEqual(expect.arrayContaining(['order.created', 'order.updated']));
    });

    it('a cancelled order does not end Guest; trial → active on a completed order; a lead stays a lead on a booked one', async () => {
      const client = await createClient(t.app, ws.cookie, { status: 'trial' });
      await book(client.id, { title: 'Maybe', status: 'cancelled' });
      expect(await getClient(t.app, ws.cookie, client.id)).toMatchObject({ isGuest: true, ordersCount: 0, status: 'trial' });
      const o = await book(client.id, { title: 'Trial job', status: 'in_progress' });
      expect(await getClient(t.app, ws.cookie, client.id)).toMatchObject({ isGuest: false, ordersCount: 1, status: 'trial' });
      expect((await call(t.app, 'PATCH', `/api/v1/orders/${o.id}`, { as: ws.cookie, body: { status: 'completed' } })).statusCode).toBe(200);
      expect(await getClient(t.app, ws.cookie, client.id)).toMatchObject({ status: 'active' });
      // Completion earns the workspace's loyalty points (10 per order + 1 per dollar); reopening takes them back.
      await call(t.app, 'PATCH', `/api/v1/orders/${o.id}`, { as: ws.cookie, body: { value: usd(2550) } });
      expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}/loyalty`, { as: ws.cookie })).json().balance).toBe(10);
      const valued = await book(client.id, { title: 'Valued', value: usd(2550), completedAt: ago(1) });
      expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}/loyalty`, { as: ws.cookie })).json().balance).toBe(45);
      await call(t.app, 'PATCH', `/api/v1/orders/${valued.id}`, { as: ws.cookie, body: { status: 'in_progress' } });
      expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}/loyalty`, { as: ws.cookie })).json().balance).toBe(10);
      // Inactive clients are not revived by an order.
      const inactive = await createClient(t.app, ws.cookie, { status: 'inactive' });
      await book(inactive.id, { title: 'Done', completedAt: ago(1) });
      expect(await getClient(t.app, ws.cookie, inactive.id)).toMatchObject({ status: 'inactive', isGuest: false });
    });

    it('refuses bad input with per-field errors and writes nothing', async () => {
      const client = await createClient(t.app, ws.cookie);
      const scheduledAt = ago(10);
      let p = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/orders`, { as: ws.cookie, body: { title: 'Early', scheduledAt, completedAt: ago(20) } }), 400);
      expect(p.errors).toEqual([{ path: 'completedAt', message: 'must not be before scheduledAt' }]);
      p = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/orders`, { as: ws.cookie, body: { title: 'Neg', value: usd(-1), estimatedMinutes: -5, rating: 6 } }), 400);
      expect(p.errors!.map((e) => e.path).sort()).toEqual(['estimatedMinutes', 'rating', 'value.amount']);
      p = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/orders`, { as: ws.cookie, body: { title: 'Float', value: { amount: 10.5, currency: 'USD' } } }), 400);
      expect(p.errors![0]!.path).toBe('value.amount');
      p = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/orders`, { as: ws.cookie, body: { title: 'Mixed', estimatedValue: usd(100), value: { amount: 100, currency: 'EUR' } } }), 400);
      expect(p.errors![0]!.path).toBe('value.currency');
      p = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/orders`, { as: ws.cookie, body: { title: '', status: 'done', extra: 1 } }), 400);
      expect(p.errors!.length).toBeGreaterThanOrEqual(2);
      p = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/orders`, { as: ws.cookie, body: { title: 'Who', assigneeId: 'nobody' } }), 400);
      expect(p.errors![0]!.path).toBe('assigneeId');
      expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}/orders`, { as: ws.cookie })).json().total).toBe(0);
      expect(await getClient(t.app, ws.cookie, client.id)).toMatchObject({ isGuest: true, ordersCount: 0 });

      const o = await book(client.id, { title: 'Ok', scheduledAt });
      p = expectProblem(await call(t.app, 'PATCH', `/api/v1/orders/${o.id}`, { as: ws.cookie, body: { status: 'completed', completedAt: ago(11) } }), 400);
      expect(p.errors![0]!.path).toBe('completedAt');
      expectProblem(await call(t.app, 'PATCH', `/api/v1/orders/${o.id}`, { as: ws.cookie, body: { completedAt: ago(1) } }), 400);
      await call(t.app, 'PATCH', `/api/v1/orders/${o.id}`, { as: ws.cookie, body: { status: 'cancelled' } });
      p = expectProblem(await call(t.app, 'PATCH', `/api/v1/orders/${o.id}`, { as: ws.cookie, body: { status: 'completed' } }), 400);
      expect(p.errors![0]).toEqual({ path: 'status', message: 'cannot move from cancelled to completed' });
      expect((await call(t.app, 'GET', `/api/v1/orders/${o.id}`, { as: ws.cookie })).json()).toMatchObject({ status: 'cancelled', completedAt: null });
    });

    it('delete with ?version: stale → 412 and kept; current → 204', async () => {
      const client = await createClient(t.app, ws.cookie);
      const o = await book(client.id, { title: 'Versioned', value: usd(100) });
      expectProblem(await call(t.app, 'DELETE', `/api/v1/orders/${o.id}?version=2`, { as: ws.cookie }), 412);
      expect((await call(t.app, 'GET', `/api/v1/orders/${o.id}`, { as: ws.cookie })).statusCode).toBe(200);
      expect((await call(t.app, 'DELETE', `/api/v1/orders/${o.id}?version=1`, { as: ws.cookie })).statusCode).toBe(204);
      expectProblem(await call(t.app, 'GET', `/api/v1/orders/${o.id}`, { as: ws.cookie }), 404);
    });

    it('the timeline speaks the workspace word: entries written under it, and renamed when the word changes', async () => {
      const own = await isolatedWorkspace(t.app, owner);
      expect((await put(t.app, '/api/v1/settings/orders', own.cookie, { word: 'job' })).statusCode).toBe(200);
      const client = await createClient(t.app, own.cookie, { status: 'prospect' });
      const res = await call(t.app, 'POST', `/api/v1/clients/${client.id}/orders`, { as: own.cookie, body: { title: 'Roof repair', status: 'completed' } });
      expect(res.statusCode, res.body).toBe(201);
      const titles = async () =>
        ((await call(t.app, 'GET', `/api/v1/clients/${client.id}/timeline?kind=order,status`, { as: own.cookie })).json().data as { title: string }[]).map((e) => e.title).sort();
      expect(await titles()).toEqual(['Guest → Existing: first job booked', 'Job completed: Roof repair', 'Status: prospect → active (first completed job)']);
      // Another workspace with the same word keeps its titles.
      expect((await put(t.app, '/api/v1/settings/orders', ws.cookie, { word: 'job' })).statusCode).toBe(200);
      const theirs = await createClient(t.app, ws.cookie);
      await book(theirs.id, { title: 'Gutter clean' });
      expect((await put(t.app, '/api/v1/settings/orders', own.cookie, { word: 'project' })).statusCode).toBe(200);
      expect(await titles()).toEqual(['Guest → Existing: first project booked', 'Project completed: Roof repair', 'Status: prospect → active (first completed project)']);
      const their = (await call(t.app, 'GET', `/api/v1/clients/${theirs.id}/timeline?kind=order`, { as: ws.cookie })).json().data as { title: string }[];
      expect(their.map((e) => e.title)).toEqual(['Job requested: Gutter clean']);
    });

    it('412 on a stale version, viewer 403, other workspace 404, blacklisted needs an override, list and delete', async () => {
      const client = await createClient(t.app, ws.cookie);
      const o = await book(client.id, { title: 'One', value: usd(500) });
      await book(client.id, { title: 'Two', value: usd(700), status: 'completed' });
      expectProblem(await call(t.app, 'PATCH', `/api/v1/orders/${o.id}`, { as: ws.cookie, body: { title: 'Stale' }, headers: { 'if-match': `W/"${o.id}.7"` } }), 412);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/orders/${o.id}`, { as: ws.cookie, body: { title: 'Stale', version: 3 } }), 412);
      expect((await call(t.app, 'GET', `/api/v1/orders/${o.id}`, { as: ws.cookie })).json().title).toBe('One');

      const viewer = await roleKey(t.app, ws.cookie, 'viewer');
      expect((await call(t.app, 'GET', `/api/v1/orders/${o.id}`, { as: viewer.cookie })).statusCode).toBe(200);
      expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/orders`, { as: viewer.cookie, body: { title: 'X' } }), 403);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/orders/${o.id}`, { as: viewer.cookie, body: { title: 'X' } }), 403);
      expectProblem(await call(t.app, 'DELETE', `/api/v1/orders/${o.id}`, { as: viewer.cookie }), 403);

      const other = await isolatedWorkspace(t.app, owner);
      expectProblem(await call(t.app, 'GET', `/api/v1/orders/${o.id}`, { as: other.cookie }), 404);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/orders/${o.id}`, { as: other.cookie, body: { title: 'X' } }), 404);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}/orders`, { as: other.cookie }), 404);
      expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/orders`, { as: other.cookie, body: { title: 'X' } }), 404);

      const list = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/orders?limit=1`, { as: ws.cookie })).json();
      expect(list).toMatchObject({ total: 2, data: [{ title: 'Two' }] });
      const page2 = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/orders?limit=1&cursor=${list.nextCursor}`, { as: ws.cookie })).json();
      expect(page2.data.map((x: { title: string }) => x.title)).toEqual(['One']);
      expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}/orders?status=completed`, { as: ws.cookie })).json().total).toBe(1);

      expect(await getClient(t.app, ws.cookie, client.id)).toMatchObject({ ordersCount: 2, totalValue: usd(1200) });
      expect((await call(t.app, 'DELETE', `/api/v1/orders/${o.id}`, { as: ws.cookie })).statusCode).toBe(204);
      expectProblem(await call(t.app, 'GET', `/api/v1/orders/${o.id}`, { as: ws.cookie }), 404);
      expect(await getClient(t.app, ws.cookie, client.id)).toMatchObject({ ordersCount: 1, totalValue: usd(700), isGuest: false });

      const banned = await createClient(t.app, ws.cookie, { status: 'blacklisted', statusReason: 'Unpaid bills' });
      const blocked = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${banned.id}/orders`, { as: ws.cookie, body: { title: 'Nope' } }), 409);
      expect(blocked.errors![0]!.path).toBe('override');
      await book(banned.id, { title: 'Allowed', override: true });
    });
  });
}

import { beforeAll, expect, it } from 'vitest';
import { computeClientFigures, refreshOverdueFigures } from '../../src/server/clients/client.figures';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, getClient, put } from '../helpers/clients';
import { call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

type Ws = Awaited<ReturnType<typeof isolatedWorkspace>>;
const usd = (amount: number) => ({ amount, currency: 'USD' });
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const DAY = 86_400_000;
const daysFromNow = (d: number) => new Date(Date.now() + d * DAY).toISOString();
let seq = 0;
const invoiceNumber = () => `F-${Date.now().toString(36)}-${++seq}`;

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    let ws: Ws;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
      ws = await isolatedWorkspace(t.app, owner);
    });

    const post = async (url: string, body: Record<string, unknown>, as = ws.cookie) => {
      const res = await call(t.app, 'POST', `/api/v1${url}`, { as, body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const get = async (url: string, as = ws.cookie) => {
      const res = await call(t.app, 'GET', `/api/v1${url}`, { as });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const storedFigures = async (clientId: string) =>
      (await t.db.selectFrom('clients').select(['orders_count', 'total_value', 'outstanding_balance', 'overdue_amount', 'revenue', 'figures']).where('id', '=', clientId).executeTakeFirstOrThrow());

    it('every figure, exact and per currency: orders, values, averages, invoiced, outstanding, overdue, revenue, credit, lifetime, on-time rates', async () => {
      const client = await createClient(t.app, ws.cookie);
      const id = client.id;
      await post(`/clients/${id}/orders`, { title: 'A', value: usd(10001), completedAt: daysFromNow(-3) });
      await post(`/clients/${id}/orders`, { title: 'B', value: usd(20000), status: 'scheduled', scheduledAt: daysFromNow(2) });
      await post(`/clients/${id}/orders`, { title: 'C', value: usd(30000) });
      await post(`/clients/${id}/orders`, { title: 'D', value: usd(99999), status: 'cancelled' });
      await post(`/clients/${id}/orders`, { title: 'E', value: eur(5000), completedAt: daysFromNow(-1) });
      await post(`/clients/${id}/orders`, { title: 'F (no value)' });

      // Invoices: one paid on time, one paid late, one open and overdue, one open in EUR, one void, one draft.
      const onTime = await post(`/clients/${id}/invoices`, { number: invoiceNumber(), amount: usd(1000), status: 'sent', issuedAt: daysFromNow(-60), dueAt: daysFromNow(-30) });
      await post(`/clients/${id}/payments`, { invoiceId: onTime.id, amount: usd(1000), method: 'card', paidAt: daysFromNow(-31) });
      const late = await post(`/clients/${id}/invoices`, { number: invoiceNumber(), amount: usd(2000), status: 'sent', issuedAt: daysFromNow(-60), dueAt: daysFromNow(-30) });
      await post(`/clients/${id}/payments`, { invoiceId: late.id, amount: usd(2000), method: 'bank_transfer', paidAt: daysFromNow(-20) });
      const open = await post(`/clients/${id}/invoices`, { number: invoiceNumber(), lines: [{ description: 'Work', quantity: 2, unitPrice: usd(2500) }], status: 'sent', issuedAt: daysFromNow(-40), dueAt: daysFromNow(-10) });
      await post(`/clients/${id}/payments`, { invoiceId: open.id, amount: usd(1500), method: 'cash' });
      await post(`/clients/${id}/invoices`, { number: invoiceNumber(), amount: eur(700), status: 'sent', issuedAt: daysFromNow(-1) });
      const voided = await post(`/clients/${id}/invoices`, { number: invoiceNumber(), amount: usd(50000), status: 'sent' });
      await call(t.app, 'PATCH', `/api/v1/invoices/${voided.id}`, { as: ws.cookie, body: { status: 'void' } });
      await post(`/clients/${id}/invoices`, { number: invoiceNumber(), amount: usd(77777) });
      await post(`/clients/${id}/payments`, { amount: eur(300), method: 'other' });
      await post(`/clients/${id}/contracts`, { plan: 'Care', value: eur(12000), startAt: daysFromNow(-10), renewalAt: daysFromNow(355) });

      const c = await getClient(t.app, ws.cookie, id);
      expect(c).toMatchObject({
        ordersCount: 5, // A, B, C, E, F: not the cancelled one
        totalValue: usd(60001), // USD only: A + B + C
        outstandingBalance: usd(3500), // 5000 − 1500 open; the void invoice and the draft count nothing
        nextRenewalAt: expect.any(String),
        isGuest: false,
        status: 'active',
      });

      const s = await get(`/clients/${id}/summary`);
      expect(s).toMatchObject({
        currency: 'USD',
        ordersCount: 5,
        completedOrders: 2,
        totalValue: usd(60001),
        totalValueByCurrency: [usd(60001), eur(5000)],
        averageOrderValue: [usd(20000), eur(5000)], // 60001 / 3 = 20000.33 → 20000
        outstandingBalance: usd(3500),
        outstandingByCurrency: [usd(3500), eur(400)], // EUR 700 open less 300 on account
        overdueAmount: usd(3500),
        overdueByCurrency: [usd(3500)],
        revenue: [usd(4500), eur(300)],
        credit: [eur(300)],
        lifetimeValue: [usd(8000), eur(1000)], // invoiced (1000 + 2000 + 5000; EUR 700) + unapplied EUR 300
        onTimePaymentRate: 0.5,
        creditStatus: 'good',
        nps: null,
      });
      expect(s.lastOrderAt).not.toBeNull();
      expect(s.lastActivityAt).not.toBeNull();

      // The stored columns equal a fresh computation, and hold integers (never floats).
      const stored = await storedFigures(id);
      expect(stored).toMatchObject({ orders_count: 5, total_value: 60001, outstanding_balance: 3500, overdue_amount: 3500, revenue: 4500 });
      const fresh = await computeClientFigures(t.db, ws.workspace.id, id, 'USD');
      const figures = typeof stored.figures === 'string' ? JSON.parse(stored.figures) : stored.figures;
      expect({ ...figures, computedAt: null }).toEqual({ ...fresh.figures, computedAt: null });
    });

    it('concurrent writers of one client add up exactly', async () => {
      const client = await createClient(t.app, ws.cookie);
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => call(t.app, 'POST', `/api/v1/clients/${client.id}/orders`, { as: ws.cookie, body: { title: `Rush ${i}`, value: usd(1000 + i) } })));
      expect(results.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
      expect(await getClient(t.app, ws.cookie, client.id)).toMatchObject({ ordersCount: 8, totalValue: usd(8028) });
      // Concurrent payments never overpay an invoice: each sees the balance the others left.
      const inv = await post(`/clients/${client.id}/invoices`, { number: invoiceNumber(), amount: usd(1000), status: 'sent' });
      const pays = await Promise.all(Array.from({ length: 5 }, () => call(t.app, 'POST', `/api/v1/clients/${client.id}/payments`, { as: ws.cookie, body: { invoiceId: inv.id, amount: usd(300), method: 'card' } })));
      expect(pays.map((r) => r.statusCode).sort()).toEqual([201, 201, 201, 400, 400]);
      expect(await get(`/invoices/${inv.id}`)).toMatchObject({ paid: usd(900), balance: usd(100) });
      expect((await getClient(t.app, ws.cookie, client.id)).outstandingBalance).toEqual(usd(100));
    });

    it('overdue moves with the clock: the nightly refresh picks up invoices that fell due', async () => {
      const client = await createClient(t.app, ws.cookie);
      const inv = await post(`/clients/${client.id}/invoices`, { number: invoiceNumber(), amount: usd(4200), status: 'sent', issuedAt: daysFromNow(0), dueAt: daysFromNow(1) });
      expect((await storedFigures(client.id)).overdue_amount).toBe(0);
      expect((await get(`/invoices/${inv.id}`)).status).toBe('sent');
      expect(await refreshOverdueFigures(t.db, daysFromNow(2))).toBeGreaterThanOrEqual(1);
      expect((await storedFigures(client.id)).overdue_amount).toBe(4200);
    });

    it('the list filters and sorts by ordersCount, totalValue, outstandingBalance and nextRenewalAt', async () => {
      const own = await isolatedWorkspace(t.app, owner);
      const small = await createClient(t.app, own.cookie, { lastName: 'Small' });
      const big = await createClient(t.app, own.cookie, { lastName: 'Big' });
      const none = await createClient(t.app, own.cookie, { lastName: 'None' });
      await post(`/clients/${small.id}/orders`, { title: 'S', value: usd(100) }, own.cookie);
      await post(`/clients/${big.id}/orders`, { title: 'B1', value: usd(9000) }, own.cookie);
      await post(`/clients/${big.id}/orders`, { title: 'B2', value: usd(1000) }, own.cookie);
      await post(`/clients/${big.id}/invoices`, { number: invoiceNumber(), amount: usd(500), status: 'sent' }, own.cookie);
      await post(`/clients/${small.id}/contracts`, { plan: 'P', value: usd(1), startAt: daysFromNow(0), renewalAt: daysFromNow(10) }, own.cookie);
      const ids = (res: { data: { id: string }[] }) => res.data.map((c) => c.id);
      const q = (filter: unknown, sort: string) => `/clients?filter=${encodeURIComponent(JSON.stringify(filter))}&sort=${sort}`;

      expect(ids(await get('/clients?sort=-totalValue', own.cookie))).toEqual([big.id, small.id, none.id]);
      expect(ids(await get('/clients?sort=ordersCount', own.cookie))).toEqual([none.id, small.id, big.id]);
      expect(ids(await get(q({ field: 'ordersCount', op: 'gte', value: 1 }, '-ordersCount'), own.cookie))).toEqual([big.id, small.id]);
      expect(ids(await get(q({ field: 'totalValue', op: 'gt', value: 5000 }, 'name'), own.cookie))).toEqual([big.id]);
      expect(ids(await get(q({ field: 'outstandingBalance', op: 'gt', value: 0 }, 'name'), own.cookie))).toEqual([big.id]);
      expect(ids(await get(q({ field: 'nextRenewalAt', op: 'isNotEmpty' }, 'nextRenewalAt'), own.cookie))).toEqual([small.id]);
      const page1 = await get('/clients?sort=-totalValue&limit=1', own.cookie);
      expect(ids(await get(`/clients?sort=-totalValue&limit=2&cursor=${page1.nextCursor}`, own.cookie))).toEqual([small.id, none.id]);
      const listed = (await get('/clients?sort=-totalValue&limit=1', own.cookie)).data[0];
      expect(listed).toMatchObject({ ordersCount: 2, totalValue: usd(10000), outstandingBalance: usd(500) });
    });

    it('a client in Trash keeps its orders and billing out of sight; restoring shows them again with the same figures', async () => {
      const client = await createClient(t.app, ws.cookie);
      const order = await post(`/clients/${client.id}/orders`, { title: 'Kept', value: usd(1234) });
      const inv = await post(`/clients/${client.id}/invoices`, { number: invoiceNumber(), amount: usd(1234), status: 'sent' });
      const pay = await post(`/clients/${client.id}/payments`, { invoiceId: inv.id, amount: usd(234), method: 'card' });
      expect((await call(t.app, 'DELETE', `/api/v1/clients/${client.id}`, { as: ws.cookie })).statusCode).toBe(204);
      expectProblem(await call(t.app, 'GET', `/api/v1/orders/${order.id}`, { as: ws.cookie }), 404);
      expectProblem(await call(t.app, 'GET', `/api/v1/invoices/${inv.id}`, { as: ws.cookie }), 404);
      expectProblem(await call(t.app, 'GET', `/api/v1/payments/${pay.id}`, { as: ws.cookie }), 404);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}/orders`, { as: ws.cookie }), 409);
      expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/orders`, { as: ws.cookie, body: { title: 'No' } }), 409);
      expect(await t.db.selectFrom('orders').select('id').where('id', '=', order.id).executeTakeFirst()).toBeTruthy();

      expect((await call(t.app, 'POST', `/api/v1/clients/${client.id}/restore`, { as: ws.cookie })).statusCode).toBe(200);
      expect((await get(`/orders/${order.id}`)).title).toBe('Kept');
      expect((await get(`/clients/${client.id}/invoices`)).total).toBe(1);
      expect((await get(`/clients/${client.id}/payments`)).data[0].id).toBe(pay.id);
      expect(await getClient(t.app, ws.cookie, client.id)).toMatchObject({ ordersCount: 1, totalValue: usd(1234), outstandingBalance: usd(1000), isGuest: false });

      // Permanent delete takes the records along (cascade on (workspace_id, client_id)).
      expect((await call(t.app, 'DELETE', `/api/v1/clients/${client.id}?permanent=true`, { as: ws.cookie })).statusCode).toBe(204);
      for (const table of ['orders', 'invoices', 'payments'] as const) {
        expect(await t.db.selectFrom(table).select('id').where('client_id', '=', client.id).execute()).toEqual([]);
      }
    });

    it('a new workspace currency recomputes the client columns from the per-currency figures', async () => {
      const own = await isolatedWorkspace(t.app, owner);
      const client = await createClient(t.app, own.cookie);
      await post(`/clients/${client.id}/orders`, { title: 'US', value: usd(100) }, own.cookie);
      await post(`/clients/${client.id}/orders`, { title: 'EU', value: eur(300) }, own.cookie);
      expect((await getClient(t.app, own.cookie, client.id)).totalValue).toEqual(usd(100));
      expect((await put(t.app, '/api/v1/settings/orders', own.cookie, { currency: 'EUR' })).statusCode).toBe(200);
      expect((await getClient(t.app, own.cookie, client.id)).totalValue).toEqual(eur(300));
      const fresh = await createClient(t.app, own.cookie);
      expect(fresh.totalValue).toEqual(expect.objectContaining({ amount: 0 }));
      expect((await getClient(t.app, own.cookie, fresh.id)).totalValue).toEqual(eur(0));
      // A new order without a value is in the workspace currency.
      expect((await post(`/clients/${client.id}/orders`, { title: 'Plain' }, own.cookie)).currency).toBe('EUR');
    });
  });
}

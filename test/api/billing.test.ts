import { beforeAll, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, getClient, put, roleKey } from '../helpers/clients';
import { call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

type Ws = Awaited<ReturnType<typeof isolatedWorkspace>>;
const usd = (amount: number) => ({ amount, currency: 'USD' });
const DAY = 86_400_000;
const daysFromNow = (d: number) => new Date(Date.now() + d * DAY).toISOString();
let seq = 0;
const invoiceNumber = () => `INV-${Date.now().toString(36)}-${++seq}`;

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    let ws: Ws;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
      ws = await isolatedWorkspace(t.app, owner);
    });

    const post = async (url: string, body: Record<string, unknown>, status = 201) => {
      const res = await call(t.app, 'POST', `/api/v1${url}`, { as: ws.cookie, body });
      expect(res.statusCode, res.body).toBe(status);
      return res.json();
    };
    const get = async (url: string) => {
      const res = await call(t.app, 'GET', `/api/v1${url}`, { as: ws.cookie });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const patch = async (url: string, body: Record<string, unknown>) => {
      const res = await call(t.app, 'PATCH', `/api/v1${url}`, { as: ws.cookie, body });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };

    it('contracts: value, renewal, auto-renew; the earliest active renewal is the client’s nextRenewalAt; bad dates refused', async () => {
      const client = await createClient(t.app, ws.cookie);
      const startAt = daysFromNow(-100);
      const a = await post(`/clients/${client.id}/contracts`, { plan: 'Gold maintenance', value: usd(120000), billingPeriod: 'yearly', startAt, renewalAt: daysFromNow(265), autoRenew: true });
      expect(a).toMatchObject({ plan: 'Gold maintenance', value: usd(120000), currency: 'USD', status: 'active', autoRenew: true, version: 1 });
      const b = await post(`/clients/${client.id}/contracts`, { plan: 'Windows', value: usd(5000), startAt, renewalAt: daysFromNow(30) });
      expect((await getClient(t.app, ws.cookie, client.id)).nextRenewalAt).toBe(b.renewalAt);
      await patch(`/contracts/${b.id}`, { status: 'cancelled', version: 1 });
      expect((await getClient(t.app, ws.cookie, client.id)).nextRenewalAt).toBe(a.renewalAt);

      let p = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/contracts`, { as: ws.cookie, body: { plan: 'Bad', value: usd(-5), startAt, renewalAt: daysFromNow(-200) } }), 400);
      expect(p.errors!.map((e) => e.path)).toEqual(['value.amount']);
      p = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/contracts`, { as: ws.cookie, body: { plan: 'Bad', value: usd(5), startAt, renewalAt: daysFromNow(-200) } }), 400);
      expect(p.errors).toEqual([{ path: 'renewalAt', message: 'must not be before startAt' }]);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/contracts/${a.id}`, { as: ws.cookie, body: { plan: 'Stale', version: 9 } }), 412);
      expect((await get(`/clients/${client.id}/contracts`)).total).toBe(2);
      const events = (await get(`/audit?entityType=contract&entityId=${b.id}`)).data as { action: string; changes: Record<string, { before: unknown; after: unknown }> }[];
      expect(events.find((e) => e.action === 'contract.updated')!.changes.status).toEqual({ before: 'active', after: 'cancelled' });
    });

    it('invoices: amount from lines exactly (per line, half away from zero), tax by rate or amount, number unique, due from credit terms', async () => {
      const client = await createClient(t.app, ws.cookie);
      const number = invoiceNumber();
      const inv = await post(`/clients/${client.id}/invoices`, {
        number,
        lines: [
          { description: 'Hours', quantity: 1.5, unitPrice: usd(1999) }, // 2998.5 → 2999
          { description: 'Parts', quantity: 3, unitPrice: usd(3333) }, // 9999
          { description: 'Fee', unitPrice: usd(1) },
        ],
        taxRate: 825, // 8.25 % of 12999 = 1072.4175 → 1072
      });
      expect(inv).toMatchObject({ number, status: 'draft', currency: 'USD', amount: usd(12999), taxRate: 825, tax: usd(1072), total: usd(14071), paid: usd(0), balance: usd(0), issuedAt: null, dueAt: null });
      expect(inv.lines.map((l: { amount: { amount: number } }) => l.amount.amount)).toEqual([2999, 9999, 1]);

      // Sending issues it; due after the workspace's 30 net days, or the client's own terms.
      const sent = await patch(`/invoices/${inv.id}`, { status: 'sent' });
      expect(sent.status).toBe('sent');
      expect(Date.parse(sent.dueAt) - Date.parse(sent.issuedAt)).toBe(30 * DAY);
      expect(sent.balance).toEqual(usd(14071));
      const credit = await put(t.app, `/api/v1/clients/${client.id}/credit`, ws.cookie, { netDays: 15, status: 'watch' });
      expect(credit.json()).toMatchObject({ netDays: 15, effectiveNetDays: 15, status: 'watch', credit: [] });
      const second = await post(`/clients/${client.id}/invoices`, { number: invoiceNumber(), amount: usd(5000), tax: usd(500), status: 'sent' });
      expect(second).toMatchObject({ amount: usd(5000), tax: usd(500), total: usd(5500), taxRate: null });
      expect(Date.parse(second.dueAt) - Date.parse(second.issuedAt)).toBe(15 * DAY);
      // Dropping the rate drops its tax; total follows.
      expect(await patch(`/invoices/${inv.id}`, { taxRate: null })).toMatchObject({ tax: usd(0), total: usd(12999), balance: usd(12999) });

      const dup = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/invoices`, { as: ws.cookie, body: { number: ` ${number.toLowerCase()} `, amount: usd(1) } }), 409);
      expect(dup.errors![0]!.path).toBe('number');
      let p = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/invoices`, { as: ws.cookie, body: { number: invoiceNumber(), amount: usd(100), taxRate: 1000, tax: usd(10) } }), 400);
      expect(p.errors![0]!.path).toBe('tax');
      p = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/invoices`, { as: ws.cookie, body: { number: invoiceNumber(), lines: [{ description: 'A', unitPrice: usd(100) }, { description: 'B', unitPrice: { amount: 100, currency: 'EUR' } }] } }), 400);
      expect(p.errors![0]!.path).toBe('lines[1].unitPrice.currency');
      p = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/invoices`, { as: ws.cookie, body: { number: invoiceNumber(), lines: [{ description: 'A', quantity: -1, unitPrice: usd(-100) }] } }), 400);
      expect(p.errors!.map((e) => e.path).sort()).toEqual(['lines.0.quantity', 'lines.0.unitPrice.amount']);
      p = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/invoices`, { as: ws.cookie, body: { number: invoiceNumber(), amount: usd(100), status: 'overdue' } }), 400);
      expect(p.errors![0]!.path).toBe('status');
      p = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/invoices`, { as: ws.cookie, body: { number: invoiceNumber(), amount: usd(100), issuedAt: daysFromNow(0), dueAt: daysFromNow(-3) } }), 400);
      expect(p.errors![0]).toEqual({ path: 'dueAt', message: 'must not be before issuedAt' });
      p = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/invoices`, { as: ws.cookie, body: { number: invoiceNumber(), amount: usd(100), status: 'paid' } }), 400);
      expect(p.errors![0]!.path).toBe('status');
      expect((await get(`/clients/${client.id}/invoices`)).total).toBe(2);
    });

    it('payments: up to the open balance, more only as credit; paid and reopened; overdue derived; void and delete rules', async () => {
      const client = await createClient(t.app, ws.cookie);
      const draft = await post(`/clients/${client.id}/invoices`, { number: invoiceNumber(), amount: usd(10000) });
      let p = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/payments`, { as: ws.cookie, body: { invoiceId: draft.id, amount: usd(100), method: 'card' } }), 400);
      expect(p.errors![0]!.path).toBe('invoiceId');
      const inv = await patch(`/invoices/${draft.id}`, { status: 'sent', issuedAt: daysFromNow(-40), dueAt: daysFromNow(-10) });
      expect(inv).toMatchObject({ status: 'overdue', balance: usd(10000) });
      expect((await get(`/clients/${client.id}/invoices?status=overdue`)).total).toBe(1);
      expect((await get(`/clients/${client.id}/invoices?status=sent`)).total).toBe(0);
      expect(await get(`/clients/${client.id}/summary`)).toMatchObject({ overdueAmount: usd(10000), outstandingBalance: usd(10000) });

      const part = await post(`/clients/${client.id}/payments`, { invoiceId: inv.id, amount: usd(4000), method: 'bank_transfer', paidAt: daysFromNow(-5), reference: 'TX-1' });
      expect(part).toMatchObject({ amount: usd(4000), applied: usd(4000), credit: usd(0), method: 'bank_transfer' });
      expect(await get(`/invoices/${inv.id}`)).toMatchObject({ status: 'overdue', paid: usd(4000), balance: usd(6000) });

      // More than the open balance: refused, nothing written.
      p = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/payments`, { as: ws.cookie, body: { invoiceId: inv.id, amount: usd(6001), method: 'card' } }), 400);
      expect(p.errors![0]!.path).toBe('amount');
      expect(p.detail).toMatch(/open balance/);
      expect((await get(`/clients/${client.id}/payments`)).total).toBe(1);
      p = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/payments`, { as: ws.cookie, body: { invoiceId: inv.id, amount: usd(0), method: 'card' } }), 400);
      expect(p.errors![0]!.path).toBe('amount.amount');
      p = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/payments`, { as: ws.cookie, body: { invoiceId: inv.id, amount: usd(100), method: 'card', paidAt: daysFromNow(3) } }), 400);
      expect(p.errors![0]!.path).toBe('paidAt');
      p = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/payments`, { as: ws.cookie, body: { invoiceId: inv.id, amount: { amount: 100, currency: 'EUR' }, method: 'card' } }), 400);
      expect(p.errors![0]!.path).toBe('amount.currency');

      // As credit: the invoice is paid, the rest is the client's credit.
      const rest = await post(`/clients/${client.id}/payments`, { invoiceId: inv.id, amount: usd(7000), method: 'card', asCredit: true });
      expect(rest).toMatchObject({ applied: usd(6000), credit: usd(1000) });
      const paid = await get(`/invoices/${inv.id}`);
      expect(paid).toMatchObject({ status: 'paid', paid: usd(10000), balance: usd(0) });
      expect(paid.paidAt).toBe(rest.paidAt);
      expect((await get(`/clients/${client.id}/credit`)).credit).toEqual([usd(1000)]);
      expect(await getClient(t.app, ws.cookie, client.id)).toMatchObject({ outstandingBalance: usd(-1000) });

      // Voiding or deleting an invoice with payments is refused; deleting a payment reopens it.
      expectProblem(await call(t.app, 'PATCH', `/api/v1/invoices/${inv.id}`, { as: ws.cookie, body: { status: 'void' } }), 400);
      expectProblem(await call(t.app, 'DELETE', `/api/v1/invoices/${inv.id}`, { as: ws.cookie }), 409);
      expect((await call(t.app, 'DELETE', `/api/v1/payments/${rest.id}`, { as: ws.cookie })).statusCode).toBe(204);
      expect(await get(`/invoices/${inv.id}`)).toMatchObject({ status: 'overdue', paid: usd(4000), balance: usd(6000), paidAt: null });
      // A payment's amount can change within the balance.
      const changed = await patch(`/payments/${part.id}`, { amount: usd(10000), version: 1 });
      expect(changed).toMatchObject({ applied: usd(10000), version: 2 });
      expect((await get(`/invoices/${inv.id}`)).status).toBe('paid');
      expectProblem(await call(t.app, 'PATCH', `/api/v1/payments/${part.id}`, { as: ws.cookie, body: { amount: usd(10001) } }), 400);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/payments/${part.id}`, { as: ws.cookie, body: { method: 'cash', version: 1 } }), 412);

      // A void invoice drops out; a draft can be deleted.
      const wrong = await post(`/clients/${client.id}/invoices`, { number: invoiceNumber(), amount: usd(999), status: 'sent' });
      expect((await getClient(t.app, ws.cookie, client.id)).outstandingBalance).toEqual(usd(999));
      await patch(`/invoices/${wrong.id}`, { status: 'void' });
      expect((await getClient(t.app, ws.cookie, client.id)).outstandingBalance).toEqual(usd(0));
      expectProblem(await call(t.app, 'PATCH', `/api/v1/invoices/${wrong.id}`, { as: ws.cookie, body: { status: 'sent' } }), 400);
      const scrap = await post(`/clients/${client.id}/invoices`, { number: invoiceNumber(), amount: usd(1) });
      expect((await call(t.app, 'DELETE', `/api/v1/invoices/${scrap.id}`, { as: ws.cookie })).statusCode).toBe(204);

      const kinds = ((await get(`/clients/${client.id}/timeline?kind=invoice,payment`)).data as { kind: string }[]).map((e) => e.kind);
      expect(kinds.filter((k) => k === 'payment')).toHaveLength(1);
      expect(kinds.filter((k) => k === 'invoice')).toHaveLength(2);
      const actions = ((await get(`/audit?entityType=payment&entityId=${rest.id}`)).data as { action: string }[]).map((e) => e.action);
      expect(actions.sort()).toEqual(['payment.created', 'payment.deleted']);
    });

    it('a payment on account is credit; credit hold blocks new orders without an override', async () => {
      const client = await createClient(t.app, ws.cookie);
      const pay = await post(`/clients/${client.id}/payments`, { amount: usd(2500), method: 'cash' });
      expect(pay).toMatchObject({ invoiceId: null, applied: usd(0), credit: usd(2500) });
      expect(await get(`/clients/${client.id}/summary`)).toMatchObject({ revenue: [usd(2500)], credit: [usd(2500)], outstandingBalance: usd(-2500) });
      await put(t.app, `/api/v1/clients/${client.id}/credit`, ws.cookie, { status: 'hold' });
      expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/orders`, { as: ws.cookie, body: { title: 'On hold' } }), 409);
      await post(`/clients/${client.id}/orders`, { title: 'Approved', override: true });
      const bad = expectProblem(await put(t.app, `/api/v1/clients/${client.id}/credit`, ws.cookie, { netDays: -1, status: 'bad' }), 400);
      expect(bad.errors!.map((e) => e.path).sort()).toEqual(['netDays', 'status']);
      const audit = (await get(`/clients/${client.id}/audit`)).data as { action: string }[];
      expect(audit.some((e) => e.action === 'client.credit_updated')).toBe(true);
    });

    it('delete with ?version (what the web app sends): stale → 412 and nothing deleted; current → 204 and gone from the timeline', async () => {
      const client = await createClient(t.app, ws.cookie);
      const inv = await post(`/clients/${client.id}/invoices`, { number: invoiceNumber(), amount: usd(300), status: 'sent' });
      const pay = await post(`/clients/${client.id}/payments`, { invoiceId: inv.id, amount: usd(100), method: 'check' });
      const contract = await post(`/clients/${client.id}/contracts`, { plan: 'Basic', value: usd(100), startAt: daysFromNow(0) });
      // The payment first: an invoice with payments cannot be deleted.
      for (const [kind, rec] of [['payments', pay], ['invoices', inv], ['contracts', contract]] as const) {
        const current = await get(`/${kind}/${rec.id}`);
        expectProblem(await call(t.app, 'DELETE', `/api/v1/${kind}/${rec.id}?version=${current.version + 1}`, { as: ws.cookie }), 412);
        expect((await get(`/${kind}/${rec.id}`)).version).toBe(current.version);
        expectProblem(await call(t.app, 'DELETE', `/api/v1/${kind}/${rec.id}?version=x`, { as: ws.cookie }), 400);
        expect((await call(t.app, 'DELETE', `/api/v1/${kind}/${rec.id}?version=${current.version}`, { as: ws.cookie })).statusCode).toBe(204);
        expectProblem(await call(t.app, 'GET', `/api/v1/${kind}/${rec.id}`, { as: ws.cookie }), 404);
      }
      const timeline = (await get(`/clients/${client.id}/timeline?kind=invoice,payment,contract`)).data as unknown[];
      expect(timeline).toEqual([]);
      expect(await getClient(t.app, ws.cookie, client.id)).toMatchObject({ outstandingBalance: usd(0) });
    });

    it('viewer 403 on writes, other workspace 404, stale If-Match 412', async () => {
      const client = await createClient(t.app, ws.cookie);
      const inv = await post(`/clients/${client.id}/invoices`, { number: invoiceNumber(), amount: usd(300), status: 'sent' });
      const pay = await post(`/clients/${client.id}/payments`, { invoiceId: inv.id, amount: usd(100), method: 'check' });
      const contract = await post(`/clients/${client.id}/contracts`, { plan: 'Basic', value: usd(100), startAt: daysFromNow(0) });
      const viewer = await roleKey(t.app, ws.cookie, 'viewer');
      for (const [kind, rec] of [['invoices', inv], ['payments', pay], ['contracts', contract]] as const) {
        expect((await call(t.app, 'GET', `/api/v1/${kind}/${rec.id}`, { as: viewer.cookie })).statusCode).toBe(200);
        expectProblem(await call(t.app, 'PATCH', `/api/v1/${kind}/${rec.id}`, { as: viewer.cookie, body: { notes: 'x' } }), 403);
        expectProblem(await call(t.app, 'DELETE', `/api/v1/${kind}/${rec.id}`, { as: viewer.cookie }), 403);
        expectProblem(await call(t.app, 'PATCH', `/api/v1/${kind}/${rec.id}`, { as: ws.cookie, body: { notes: 'x' }, headers: { 'if-match': `W/"${rec.id}.99"` } }), 412);
      }
      expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/payments`, { as: viewer.cookie, body: { amount: usd(1), method: 'cash' } }), 403);
      expectProblem(await put(t.app, `/api/v1/clients/${client.id}/credit`, viewer.cookie, { status: 'hold' }), 403);

      const other = await isolatedWorkspace(t.app, owner);
      for (const [kind, rec] of [['invoices', inv], ['payments', pay], ['contracts', contract]] as const) {
        expectProblem(await call(t.app, 'GET', `/api/v1/${kind}/${rec.id}`, { as: other.cookie }), 404);
        expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}/${kind}`, { as: other.cookie }), 404);
      }
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}/summary`, { as: other.cookie }), 404);
      // Paying another workspace's invoice from one's own client: not an invoice of that client.
      const mine = await createClient(t.app, other.cookie);
      const p = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${mine.id}/payments`, { as: other.cookie, body: { invoiceId: inv.id, amount: usd(1), method: 'cash' } }), 400);
      expect(p.errors![0]!.path).toBe('invoiceId');
    });
  });
}

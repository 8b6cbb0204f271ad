import { beforeAll, expect, it } from 'vitest';
import { emptyHistoryMonth, setHistoryDay } from '../../src/domain/healthHistory';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, put } from '../helpers/clients';
import { call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

type Row = Record<string, string | number | null>;
const H = 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const day = (offsetDays = 0) => new Date(Date.now() + offsetDays * 24 * H).toISOString().slice(0, 10);
const monthKey = (monthsBack: number) => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - monthsBack, 1)).toISOString().slice(0, 7);
};

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    let ws: Awaited<ReturnType<typeof isolatedWorkspace>>;
    const post = async (url: string, body: Record<string, unknown>) => {
      const res = await call(t.app, 'POST', url, { as: ws.cookie, body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    // Two months back to three days ahead (a response due tomorrow is still in the period).
    const from = `${monthKey(2)}-01`;
    const report = async (kind: string, query = `from=${from}&to=${day(3)}`) => {
      const res = await call(t.app, 'GET', `/api/v1/reports/${kind}?${query}`, { as: ws.cookie });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { columns: { key: string; label: string }[]; rows: Row[]; chart?: { type: string } };
    };
    const thisMonth = (rows: Row[]) => rows.filter((r) => r.period === monthKey(0));

    beforeAll(async () => {
      owner = await setupOwner(t.app);
      ws = await isolatedWorkspace(t.app, owner);
      const a = await createClient(t.app, ws.cookie, { status: 'active', referralSource: 'Google' });
      const b = await createClient(t.app, ws.cookie, { status: 'active', referralSource: 'Google' });
      const c = await createClient(t.app, ws.cookie, { status: 'prospect', referralSource: 'Friend' });
      const d = await createClient(t.app, ws.cookie, { status: 'active' });
      const e = await createClient(t.app, ws.cookie, { status: 'active', referralSource: 'Google' });
      // d churns; e goes to the Trash.
      const churn = await call(t.app, 'PATCH', `/api/v1/clients/${d.id}`, { as: ws.cookie, body: { status: 'churned', statusReason: 'Moved away', version: d.version } });
      expect(churn.statusCode, churn.body).toBe(200);
      expect((await call(t.app, 'DELETE', `/api/v1/clients/${e.id}`, { as: ws.cookie })).statusCode).toBe(204);

      await post(`/api/v1/clients/${a.id}/payments`, { amount: { amount: 10000, currency: 'USD' }, method: 'card', paidAt: ago(60_000) });
      await post(`/api/v1/clients/${b.id}/payments`, { amount: { amount: 5025, currency: 'USD' }, method: 'cash', paidAt: ago(60_000) });
      await post(`/api/v1/clients/${a.id}/payments`, { amount: { amount: 2000, currency: 'EUR' }, method: 'bank_transfer', paidAt: ago(60_000) });

      for (const score of [10, 9, 8, 3]) await post(`/api/v1/clients/${a.id}/feedback`, { kind: 'nps', score, receivedAt: ago(60_000) });
      for (const score of [5, 4, 4]) await post(`/api/v1/clients/${b.id}/feedback`, { kind: 'csat', score, receivedAt: ago(60_000) });

      await post(`/api/v1/clients/${a.id}/referrals`, { referredName: 'Zed Zee', referredAt: ago(60_000) });
      await post(`/api/v1/clients/${a.id}/referrals`, { referredClientId: b.id, status: 'converted', referredAt: ago(60_000) });
      await post(`/api/v1/clients/${c.id}/referrals`, { referredName: 'Yan Why', status: 'declined', referredAt: ago(60_000) });

      // Targets: urgent 2 h, important 24 h, regular 48 h.
      await post(`/api/v1/clients/${a.id}/interactions`, { kind: 'email', direction: 'inbound', priority: 'urgent', occurredAt: ago(5 * H), respondedAt: ago(4 * H) });
      await post(`/api/v1/clients/${a.id}/interactions`, { kind: 'email', direction: 'inbound', priority: 'urgent', occurredAt: ago(5 * H), respondedAt: ago(H) });
      await post(`/api/v1/clients/${b.id}/interactions`, { kind: 'call', direction: 'inbound', priority: 'regular', occurredAt: ago(72 * H) });
      await post(`/api/v1/clients/${c.id}/interactions`, { kind: 'email', direction: 'inbound', priority: 'important', occurredAt: ago(H) });
    });

    it('counts new clients per month and per week, and by referral source', async () => {
      const monthly = await report('new-clients', `from=${from}&to=${day()}`);
      expect(monthly.rows.map((r) => r.period)).toEqual([monthKey(2), monthKey(1), monthKey(0)]);
      expect(monthly.rows.map((r) => r.newClients)).toEqual([0, 0, 4]); // e is in the Trash
      expect(monthly.chart?.type).toBe('bar');
      const weekly = await report('new-clients', `from=${day(-13)}&to=${day()}&interval=week`);
      expect(weekly.rows.reduce((s, r) => s + Number(r.newClients), 0)).toBe(4);
      expect(weekly.rows.at(-1)!.newClients).toBe(4);

      const sources = await report('acquisition');
      expect(sources.rows).toEqual([
        { source: 'Google', clients: 2, share: 50 },
        { source: '(not set)', clients: 1, share: 25 },
        { source: 'Friend', clients: 1, share: 25 },
      ]);
    });

    it('counts statuses at the end of each period, churn, and monthly cohorts', async () => {
      const status = await report('client-status');
      expect(status.rows[0]).toMatchObject({ period: monthKey(2), active: 0, prospect: 0, churned: 0 });
      expect(thisMonth(status.rows)[0]).toMatchObject({ active: 2, prospect: 1, churned: 1, inactive: 0 });

      const churn = await report('retention');
      expect(thisMonth(churn.rows)[0]).toMatchObject({ activeAtStart: 0, churned: 1, churnRate: null });

      const cohorts = await report('cohorts');
      const now = cohorts.rows.find((r) => r.cohort === monthKey(0))!;
      // 5 added this month: d churned and e in the Trash ⇒ 3 of 5 retained.
      expect(now).toMatchObject({ size: 5, m0: 60, m1: null });
      expect(cohorts.rows.find((r) => r.cohort === monthKey(1))).toMatchObject({ size: 0, m0: null });
    });

    it('sums payments per month and currency, lifetime value per currency, and downloads CSV', async () => {
      const revenue = await report('revenue');
      expect(thisMonth(revenue.rows)).toEqual([
        { period: monthKey(0), currency: 'EUR', payments: 1, amount: '20.00' },
        { period: monthKey(0), currency: 'USD', payments: 2, amount: '150.25' },
      ]);
      expect(revenue.rows.filter((r) => r.period === monthKey(1))).toEqual([
        { period: monthKey(1), currency: 'EUR', payments: 0, amount: '0.00' },
        { period: monthKey(1), currency: 'USD', payments: 0, amount: '0.00' },
      ]);
      const csv = await call(t.app, 'GET', `/api/v1/reports/revenue?from=${day()}&to=${day()}&format=csv`, { as: ws.cookie });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.headers['content-disposition']).toBe(`attachment; filename="revenue-${day()}-to-${day()}.csv"`);
      expect(csv.body).toBe(`Period,Currency,Payments,Amount\n${monthKey(0)},EUR,1,20.00\n${monthKey(0)},USD,2,150.25\n`);

      const ltv = await report('lifetime-value');
      expect(ltv.rows).toEqual([
        { currency: 'EUR', clients: 1, total: '20.00', mean: '20.00', median: '20.00', p90: '20.00' },
        { currency: 'USD', clients: 2, total: '150.25', mean: '75.13', median: '50.25', p90: '100.00' },
      ]);
    });

    it('computes NPS and CSAT, response-time compliance per priority, and referral conversion', async () => {
      const sat = await report('satisfaction');
      // NPS 10, 9, 8, 3: 2 promoters, 1 detractor of 4 ⇒ 25; CSAT (5 + 4 + 4) / 3 = 4.33.
      expect(thisMonth(sat.rows)[0]).toEqual({ period: monthKey(0), npsResponses: 4, promoters: 2, detractors: 1, nps: 25, csatResponses: 3, csat: 4.33 });
      expect(sat.rows[0]).toMatchObject({ npsResponses: 0, nps: null, csat: null });

      const times = await report('response-times');
      expect(times.rows).toEqual([
        { priority: 'urgent', due: 2, met: 1, breached: 1, open: 0, compliance: 50 },
        { priority: 'important', due: 1, met: 0, breached: 0, open: 1, compliance: null },
        { priority: 'regular', due: 1, met: 0, breached: 1, open: 0, compliance: 0 },
      ]);
      const csv = await call(t.app, 'GET', `/api/v1/reports/response-times?from=${from}&to=${day(3)}&format=csv`, { as: ws.cookie });
      expect(csv.body.split('\n')[2]).toBe('important,1,0,0,1,');

      const refs = await report('referrals');
      expect(thisMonth(refs.rows)[0]).toEqual({ period: monthKey(0), referrals: 3, converted: 1, conversionRate: 33.3 });
    });

    it('counts clients per health band at the end of each period from the daily history', async () => {
      const w = await isolatedWorkspace(t.app, owner);
      const override = async (id: string, score: number) => {
        const res = await put(t.app, `/api/v1/clients/${id}/health/override`, w.cookie, { score, reason: 'Test', expiresAt: new Date(Date.now() + 30 * 24 * H).toISOString() });
        expect(res.statusCode, res.body).toBe(200);
      };
      const [x, y, z] = [await createClient(t.app, w.cookie), await createClient(t.app, w.cookie), await createClient(t.app, w.cookie)];
      await override(x.id, 20);
      await override(y.id, 60);
      await override(z.id, 90);
      await override(y.id, 30); // same day: the day's last band counts
      // Last month x was Healthy and z Critical (history written as the recompute writes it).
      const lastMonth = emptyHistoryMonth(monthKey(1));
      for (const [id, band, score] of [[x.id, 'healthy', 80], [z.id, 'critical', 10]] as const) {
        const row = setHistoryDay(lastMonth, `${monthKey(1)}-10`, score, band);
        await t.db.insertInto('health_history').values({ workspace_id: w.workspace.id, client_id: id, month: row.month, scores: row.scores, bands: row.bands, band_keys: JSON.stringify(row.bandKeys) }).execute();
      }
      const res = await call(t.app, 'GET', `/api/v1/reports/health-movement?from=${from}&to=${day()}`, { as: w.cookie });
      expect(res.statusCode, res.body).toBe(200);
      const rows = res.json().rows as Row[];
      expect(rows.map((r) => r.period)).toEqual([monthKey(2), monthKey(1), monthKey(0)]);
      expect(rows[0]).toEqual({ period: monthKey(2), healthy: 0, at_risk: 0, critical: 0, better: 0, worse: 0 });
      expect(rows[1]).toEqual({ period: monthKey(1), healthy: 1, at_risk: 0, critical: 1, better: 0, worse: 0 });
      // x Healthy → Critical (worse), z Critical → Healthy (better); y had no band before.
      expect(rows[2]).toEqual({ period: monthKey(0), healthy: 1, at_risk: 0, critical: 2, better: 1, worse: 1 });
    });

    it('gives the overview: totals, statuses, bands and the latest activity', async () => {
      const res = await call(t.app, 'GET', '/api/v1/reports/overview', { as: ws.cookie });
      expect(res.statusCode, res.body).toBe(200);
      const o = res.json();
      expect(o.totalClients).toBe(4);
      expect(o.byStatus).toEqual({ active: 2, prospect: 1, churned: 1 });
      expect(Object.values(o.byHealthBand as Record<string, number>).reduce((s, n) => s + n, 0)).toBe(4);
      expect(o.recentActivity.length).toBeGreaterThan(0);
      expect(o.recentActivity.length).toBeLessThanOrEqual(20);
      const ats = o.recentActivity.map((e: { at: string }) => e.at);
      expect([...ats].sort().reverse()).toEqual(ats);
    });

    it('names the field of a bad period; another workspace sees none of it', async () => {
      const bad = expectProblem(await call(t.app, 'GET', `/api/v1/reports/new-clients?from=${day()}&to=${day(-5)}`, { as: ws.cookie }), 400);
      expect(bad.errors?.[0]?.path).toBe('from');
      const notDate = expectProblem(await call(t.app, 'GET', '/api/v1/reports/new-clients?from=yesterday', { as: ws.cookie }), 400);
      expect(JSON.stringify(notDate)).toContain('from');
      const other = await isolatedWorkspace(t.app, owner);
      const res = await call(t.app, 'GET', `/api/v1/reports/revenue?from=${from}&to=${day()}`, { as: other.cookie });
      expect(res.json().rows).toEqual([]);
      const status = await call(t.app, 'GET', '/api/v1/reports/overview', { as: other.cookie });
      expect(status.json()).toMatchObject({ totalClients: 0, byStatus: {} });
    });
  });
}

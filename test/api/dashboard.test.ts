import { beforeAll, expect, it } from 'vitest';
import { bandPresetBands } from '../../src/domain/healthSettings';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, put, roleKey } from '../helpers/clients';
import { call, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

const H = 3600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();
const action = (key: string) => bandPresetBands.standard.find((b) => b.key === key)!.action;

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    let ws: Awaited<ReturnType<typeof isolatedWorkspace>>;
    const ids: Record<string, string> = {};
    const post = async (url: string, body: Record<string, unknown>, method: 'POST' | 'PUT' = 'POST') => {
      const res = method === 'POST'
        ? await call(t.app, 'POST', url, { as: ws.cookie, body })
        : await put(t.app, url, ws.cookie, body);
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json();
    };
    const override = (id: string, score: number) =>
      post(`/api/v1/clients/${id}/health/override`, { score, reason: 'Set by the test', expiresAt: at(30 * 24 * H) }, 'PUT');
    const dashboard = async (as = ws.cookie) => {
      const res = await call(t.app, 'GET', '/api/v1/dashboard?tz=Europe/Paris', { as });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };

    beforeAll(async () => {
      owner = await setupOwner(t.app);
      ws = await isolatedWorkspace(t.app, owner);
      for (const name of ['Xavier', 'Yolanda', 'Zoe']) ids[name] = (await createClient(t.app, ws.cookie, { firstName: name, lastName: 'Dash', status: 'active' })).id;
      // Xavier: critical (20) but small (10.00); Yolanda: at-risk (60) with a 1,000.00 contract renewing in 10 days.
      await post(`/api/v1/clients/${ids.Xavier}/orders`, { title: 'Small job', status: 'requested', value: { amount: 1000, currency: 'USD' } });
      await post(`/api/v1/clients/${ids.Yolanda}/contracts`, { plan: 'Gold', value: { amount: 100000, currency: 'USD' }, startAt: at(-30 * 24 * H), renewalAt: at(10 * 24 * H) });
      await override(ids.Xavier!, 20);
      await override(ids.Yolanda!, 60);
      await override(ids.Zoe!, 90);
      const me = ws.me.user!.id;
      await post('/api/v1/tasks', { title: 'Overdue call', dueAt: at(-2 * H), assigneeId: me, clientId: ids.Xavier });
      await post('/api/v1/tasks', { title: 'Later today', dueAt: at(60_000), assigneeId: me });
      await post('/api/v1/tasks', { title: 'Next week', dueAt: at(7 * 24 * H), assigneeId: me });
      await post(`/api/v1/clients/${ids.Zoe}/interactions`, { kind: 'email', direction: 'inbound', priority: 'regular', subject: 'Where is my quote?', occurredAt: at(-72 * H) });
      await post(`/api/v1/clients/${ids.Zoe}/interactions`, { kind: 'email', direction: 'inbound', priority: 'regular', subject: 'Fresh', occurredAt: at(-H) });
    });

    it('counts clients per band with a link to the filtered list', async () => {
      const d = await dashboard();
      expect(d.bands).toEqual([
        { key: 'healthy', name: 'Healthy', color: '#2f9e44', count: 1, href: '/clients?healthBand=healthy' },
        { key: 'at_risk', name: 'At-Risk', color: '#f08c00', count: 1, href: '/clients?healthBand=at_risk' },
        { key: 'critical', name: 'Critical', color: '#e03131', count: 1, href: '/clients?healthBand=critical' },
      ]);
      expect(d.unscored).toBe(0);
    });

    it('ranks at-risk and critical clients by (100 − score) × value with the band’s action', async () => {
      const d = await dashboard();
      // Yolanda (100 − 60) × 100000 = 4,000,000 before Xavier (100 − 20) × 1000 = 80,000; Zoe is healthy.
      expect(d.attention.map((a: { client: { displayName: string } }) => a.client.displayName)).toEqual(['Yolanda Dash', 'Xavier Dash']);
      expect(d.attention[0]).toMatchObject({
        score: 60, band: { key: 'at_risk' }, value: { amount: 100000, currency: 'USD' }, recommendedAction: action('at_risk'), href: `/clients/${ids.Yolanda}`,
      });
      expect(d.attention[1]).toMatchObject({ score: 20, band: { key: 'critical' }, value: { amount: 1000, currency: 'USD' }, recommendedAction: action('critical') });
      expect(d.attention[1].reason).toBe('Set by hand: Set by the test');
    });

    it('lists my tasks due today (overdue first), overdue responses, renewals in 30 days and open alerts', async () => {
      const d = await dashboard();
      expect(d.tasksToday.count).toBeGreaterThanOrEqual(1);
      const titles = d.tasksToday.items.map((i: { title: string }) => i.title);
      expect(titles[0]).toBe('Overdue call');
      expect(titles).not.toContain('Next week');
      expect(d.tasksToday.items[0]).toMatchObject({ overdue: true, clientName: 'Xavier Dash' });
      expect(d.overdueResponses).toMatchObject({ count: 1, items: [{ clientName: 'Zoe Dash', subject: 'Where is my quote?', priority: 'regular' }] });
      expect(d.renewals).toMatchObject({ count: 1, items: [{ clientId: ids.Yolanda, clientName: 'Yolanda Dash' }] });
      expect(JSON.parse(new URLSearchParams(d.renewals.href.split('?')[1]).get('filter')!)).toMatchObject({ and: [{ field: 'nextRenewalAt', op: 'between' }] });
      expect(d.newAlerts).toMatchObject({ count: expect.any(Number), href: '/alerts' });
    });

    it('counts a task due later today; viewers see the dashboard; another workspace sees none of it; a bad tz names the field', async () => {
      const d = await dashboard();
      // Due in a minute: today in any zone unless local midnight falls inside that minute.
      expect(d.tasksToday.items.map((i: { title: string }) => i.title)).toContain('Later today');
      const viewer = await roleKey(t.app, ws.cookie, 'viewer');
      const seen = await dashboard(viewer.cookie);
      expect(seen.bands.map((b: { count: number }) => b.count)).toEqual([1, 1, 1]);
      const other = await isolatedWorkspace(t.app, owner);
      const empty = await dashboard(other.cookie);
      expect(empty).toMatchObject({ attention: [], tasksToday: { count: 0 }, overdueResponses: { count: 0 }, renewals: { count: 0 } });
      expect(empty.bands.map((b: { count: number }) => b.count)).toEqual([0, 0, 0]);
      const badTz = await call(t.app, 'GET', '/api/v1/dashboard?tz=Mars/Olympus', { as: ws.cookie });
      expect(badTz.statusCode).toBe(400);
      expect(badTz.body).toContain('tz');
    });
  });
}

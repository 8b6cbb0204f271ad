import { beforeAll, expect, it } from 'vitest';
import { digestContent } from '../../src/server/alerts/digest.service';
import { runNextJob } from '../../src/server/jobs/job.runner';
import { registerWebhookEmitter } from '../../src/server/webhooks/hooks';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, put } from '../helpers/clients';
import { auditEvents, call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

type Ws = Awaited<ReturnType<typeof isolatedWorkspace>>;
const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(Date.now() - d * DAY).toISOString();

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    let ws: Ws;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
      ws = await isolatedWorkspace(t.app, owner);
    });
    const ok = async (method: string, url: string, body?: Record<string, unknown>, as = ws.cookie, status = 200) => {
      const res = await call(t.app, method as 'GET', url, { as, ...(body !== undefined ? { body } : {}) });
      expect(res.statusCode, res.body).toBe(status);
      return res.json();
    };
    const drain = async () => {
      while ((await runNextJob(t.db)) !== null) {
        /* drain */
      }
    };

    it('usage drop compares the usage window of the health settings: no window of its own (an old stored `days` is dropped, not used)', async () => {
      const w = await isolatedWorkspace(t.app, owner);
      let p = expectProblem(await call(t.app, 'POST', '/api/v1/alert-rules', { as: w.cookie, body: { kind: 'usage_drop', params: { percent: 0 } } }), 400);
      expect(p.errors).toEqual([{ path: 'params.percent', message: 'must be at least 1' }]);
      p = expectProblem(await call(t.app, 'POST', '/api/v1/alert-rules', { as: w.cookie, body: { kind: 'usage_drop', params: { percent: 20, window: 7 } } }), 400);
      expect(p.errors).toEqual([{ path: 'params', message: 'unknown field: window' }]);
      // A client built before the change may still send `days`: accepted, not kept.
      const rule = await ok('POST', '/api/v1/alert-rules', { kind: 'usage_drop', params: { percent: 50, days: 7 } }, w.cookie, 201);
      expect(rule.params).toEqual({ percent: 50 });
      // A rule stored with `days` reads without it, and saves back as it reads.
      await t.db.updateTable('alert_rules').set({ params: JSON.stringify({ percent: 50, days: 7 }) }).where('id', '=', rule.id).execute();
      const stored = await ok('GET', `/api/v1/alert-rules/${rule.id}`, undefined, w.cookie);
      expect(stored.params).toEqual({ percent: 50 });
      const patched = await ok('PATCH', `/api/v1/alert-rules/${rule.id}`, { params: { percent: 40, days: 7 }, version: stored.version }, w.cookie);
      expect(patched.params).toEqual({ percent: 40 });

      // Usage of the 30 days before the last 30 (the default window), a tenth of it in the last 30: −90 %.
      const client = await createClient(t.app, w.cookie, { firstName: 'Una', lastName: 'Usage' });
      const events = [
        ...[35, 40, 45, 50, 55].map((d) => ({ eventId: `old-${d}`, clientId: client.id, metric: 'logins', value: 20, at: daysAgo(d) })),
        { eventId: 'new-1', clientId: client.id, metric: 'logins', value: 10, at: daysAgo(10) },
      ];
      expect((await ok('POST', '/api/v1/usage', { events }, w.cookie)).accepted).toBe(6);
      // Ingest queues the client for the next minute's drain; recompute it now.
      await ok('POST', `/api/v1/clients/${client.id}/health/recompute`, {}, w.cookie);
      const [alert] = (await ok('GET', `/api/v1/clients/${client.id}/alerts?kind=usage_drop`, undefined, w.cookie)).data;
      expect(alert).toMatchObject({ title: 'Usage down 90 %', detail: { usageChange: -90, usageDays: 30 } });
      expect(alert.reason).toBe('Usage of the last 30 days fell 90 % against the 30 days before (rule: 40 %)');

      // The health settings' window is the rule's window: at 7 days the same usage is a stop (−100 %), said so.
      expect((await put(t.app, '/api/v1/settings/health', w.cookie, { windows: { usageDays: 7 } })).statusCode).toBe(200);
      await drain();
      const after = (await ok('GET', `/api/v1/alerts/${alert.id}`, undefined, w.cookie));
      expect(after).toMatchObject({ fireCount: 2, detail: { usageDays: 7 } });
      expect(after.reason).toMatch(/^Usage of the last 7 days fell 100 %/);
    });
    it('a rule not delivered in the app keeps its alerts out of the inbox, the nav count and the dashboard; the client, digest and webhook still get them', async () => {
      const w = await isolatedWorkspace(t.app, owner);
      const inApp = await ok('POST', '/api/v1/alert-rules', { kind: 'red_flag_keywords', params: { keywords: ['pineapple'] }, name: 'Fruit in the app' }, w.cookie, 201);
      const quiet = await ok('POST', '/api/v1/alert-rules', { kind: 'red_flag_keywords', params: { keywords: ['mango'] }, name: 'Fruit by digest', deliver: { inApp: false, digest: true, webhook: true } }, w.cookie, 201);
      expect(quiet.deliver).toEqual({ inApp: false, digest: true, webhook: true });
      const created = (await auditEvents(t.app, w.cookie, 'alert_rule.created')).find((e) => e.entityId === quiet.id)!;
      expect(created.changes!.deliver).toEqual({ before: null, after: { inApp: false, digest: true, webhook: true } });
      const hooked: string[] = [];
      const unregister = registerWebhookEmitter((_event, payload) => {
        const a = (payload as { alert?: { ruleId: string } }).alert;
        if (a) hooked.push(a.ruleId);
      });
      const client = await createClient(t.app, w.cookie, { firstName: 'Quinn', lastName: 'Quiet' });
      await ok('POST', `/api/v1/clients/${client.id}/interactions`, { kind: 'email', direction: 'inbound', subject: 'A mango and a pineapple', priority: 'regular' }, w.cookie, 201);
      unregister();
      expect(hooked.sort()).toEqual([inApp.id, quiet.id].sort());

      const ruleIds = (list: { data: { ruleId: string }[] }) => list.data.map((a) => a.ruleId);
      // The inbox (and the nav's count of open alerts, the same list with limit 1): only the in-app rule.
      const inbox = await ok('GET', '/api/v1/alerts?status=open', undefined, w.cookie);
      expect([ruleIds(inbox), inbox.total]).toEqual([[inApp.id], 1]);
      const all = await ok('GET', '/api/v1/alerts?status=open&delivery=all', undefined, w.cookie);
      expect([ruleIds(all).sort(), all.total]).toEqual([[inApp.id, quiet.id].sort(), 2]);
      expect(ruleIds(await ok('GET', `/api/v1/clients/${client.id}/alerts`, undefined, w.cookie)).sort()).toEqual([inApp.id, quiet.id].sort());
      expect(ruleIds(await ok('GET', `/api/v1/clients/${client.id}/alerts?delivery=inApp`, undefined, w.cookie))).toEqual([inApp.id]);
      const dashboard = await ok('GET', '/api/v1/dashboard', undefined, w.cookie);
      expect(dashboard.newAlerts.count).toBe(1);
      expect(dashboard.newAlerts.items.map((a: { title: string }) => a.title)).toEqual([inbox.data[0].title]);
      const digest = await digestContent(t.db, w.workspace.id, w.me.user!.id, new Date().toISOString());
      expect(digest.alerts).toHaveLength(2);

      // Turned back on, the rule's alert is in the inbox again: the setting is read, not copied into the alerts.
      await ok('PATCH', `/api/v1/alert-rules/${quiet.id}`, { deliver: { inApp: true, digest: true, webhook: true }, version: quiet.version }, w.cookie);
      expect((await ok('GET', '/api/v1/alerts?status=open', undefined, w.cookie)).total).toBe(2);
      expectProblem(await call(t.app, 'GET', '/api/v1/alerts?delivery=email', { as: w.cookie }), 400);
    });
  });
}

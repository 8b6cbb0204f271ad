import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runDigests } from '../../src/server/alerts/digest.service';
import { sweepWorkspace } from '../../src/server/alerts/alert.sweep';
import { runNextJob } from '../../src/server/jobs/job.runner';
import { registerWebhookEmitter } from '../../src/server/webhooks/hooks';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, put } from '../helpers/clients';
import { addSignedInMember, auditEvents, call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

type Ws = Awaited<ReturnType<typeof isolatedWorkspace>>;
const H = 3600_000;
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

/** A real SMTP server in the test process: every message it receives, raw. */
const received: { to: string[]; raw: string }[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, done) {
    let raw = '';
    stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    stream.on('end', () => {
      received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
      done();
    });
  },
});
let smtpUrl = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

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
    const inbound = (clientId: string, subject: string, as = ws.cookie) =>
      ok('POST', `/api/v1/clients/${clientId}/interactions`, { kind: 'email', direction: 'inbound', subject, priority: 'regular' }, as, 201);

    it('gives a workspace its default rules once; rule windows must be whole numbers ≥ 1, named per field; viewers may not write rules', async () => {
      const w = await isolatedWorkspace(t.app, owner);
      const rules = (await ok('GET', '/api/v1/alert-rules', undefined, w.cookie)).data as { id: string; kind: string; params: Record<string, unknown> }[];
      expect(rules.map((r) => r.kind).sort()).toEqual(['band_change', 'communication_gap', 'payment_overdue', 'red_flag_keywords', 'renewal_upcoming', 'response_breach', 'satisfaction_drop']);
      expect(rules.find((r) => r.kind === 'satisfaction_drop')!.params).toEqual({ npsAtMost: 6 });

      let p = expectProblem(await call(t.app, 'POST', '/api/v1/alert-rules', { as: w.cookie, body: { kind: 'renewal_upcoming', params: { days: 0 } } }), 400);
      expect(p.errors).toEqual([{ path: 'params.days', message: 'must be at least 1' }]);
      p = expectProblem(await call(t.app, 'POST', '/api/v1/alert-rules', { as: w.cookie, body: { kind: 'score_drop', params: { points: 10, days: -3 } } }), 400);
      expect(p.errors!.map((e) => e.path)).toEqual(['params.days']);
      p = expectProblem(await call(t.app, 'POST', '/api/v1/alert-rules', { as: w.cookie, body: { kind: 'payment_overdue', params: { days: 2.5 } } }), 400);
      expect(p.errors![0]!.path).toBe('params.days');

      const created = await ok('POST', '/api/v1/alert-rules', { kind: 'document_expiring', params: { days: 14 }, severity: 'info' }, w.cookie, 201);
      expect(created).toMatchObject({ kind: 'document_expiring', name: 'Document expiring', params: { days: 14 }, severity: 'info', enabled: true, version: 1 });
      p = expectProblem(await call(t.app, 'PATCH', `/api/v1/alert-rules/${created.id}`, { as: w.cookie, body: { params: { days: 0 }, version: 1 } }), 400);
      expect(p.errors).toEqual([{ path: 'params.days', message: 'must be at least 1' }]);
      const patched = await ok('PATCH', `/api/v1/alert-rules/${created.id}`, { params: { days: 30 }, version: 1 }, w.cookie);
      expect(patched).toMatchObject({ params: { days: 30 }, version: 2 });
      expectProblem(await call(t.app, 'PATCH', `/api/v1/alert-rules/${created.id}`, { as: w.cookie, body: { name: 'Stale', version: 1 } }), 412);

      const viewer = await addSignedInMember(t.app, w.cookie, 'viewer');
      expectProblem(await call(t.app, 'POST', '/api/v1/alert-rules', { as: viewer.cookie, body: { kind: 'renewal_upcoming', params: { days: 10 } } }), 403);
      const member = await addSignedInMember(t.app, w.cookie, 'member');
      expectProblem(await call(t.app, 'DELETE', `/api/v1/alert-rules/${created.id}`, { as: member.cookie }), 403);
      expect((await call(t.app, 'DELETE', `/api/v1/alert-rules/${created.id}?version=2`, { as: w.cookie })).statusCode).toBe(204);

      // Deleting every rule keeps none: the defaults come once.
      for (const r of rules) expect((await call(t.app, 'DELETE', `/api/v1/alert-rules/${r.id}`, { as: w.cookie })).statusCode).toBe(204);
      expect((await ok('GET', '/api/v1/alert-rules', undefined, w.cookie)).data).toEqual([]);
    });

    it('fires once per rule and client: a second red flag bumps fire_count instead of opening another alert; timeline and audit', async () => {
      const client = await createClient(t.app, ws.cookie, { firstName: 'Rena', lastName: 'Redflag' });
      const hooked: { event: string; payload: { workspaceId: string; alert?: { clientId?: string } } }[] = [];
      const unregister = registerWebhookEmitter((event, payload) => {
        if (payload.workspaceId === ws.workspace.id) hooked.push({ event, payload });
      });
      await inbound(client.id, 'We want a refund for last month');
      let list = await ok('GET', `/api/v1/alerts?kind=red_flag_keywords&clientId=${client.id}`);
      expect(list.total).toBe(1);
      const alert = list.data[0];
      expect(alert).toMatchObject({ kind: 'red_flag_keywords', status: 'open', fireCount: 1, client: { id: client.id, displayName: 'Rena Redflag' } });
      expect(alert.reason).toContain('“refund”');

      await inbound(client.id, 'Thinking about whether to cancel');
      list = await ok('GET', `/api/v1/alerts?kind=red_flag_keywords&clientId=${client.id}`);
      expect(list.total).toBe(1);
      expect(list.data[0]).toMatchObject({ id: alert.id, fireCount: 2 });
      // The webhook hook point heard the opening once, not the second firing.
      unregister();
      expect(hooked.filter((h) => h.payload.alert?.clientId === client.id).map((h) => h.event)).toEqual(['alert.opened']);
      // Words inside other words are no red flag; outbound messages are not checked.
      await inbound(client.id, 'Refundable deposit question');
      await ok('POST', `/api/v1/clients/${client.id}/interactions`, { kind: 'email', direction: 'outbound', subject: 'Your refund' }, ws.cookie, 201);
      expect((await ok('GET', `/api/v1/alerts/${alert.id}`)).fireCount).toBe(2);

      const timeline = await ok('GET', `/api/v1/clients/${client.id}/timeline?kind=alert`);
      expect(timeline.data.map((e: { recordId: string }) => e.recordId)).toEqual([alert.id]);
      expect((await ok('GET', `/api/v1/clients/${client.id}/alerts`)).data.map((a: { id: string }) => a.id)).toEqual([alert.id]);
      expect((await auditEvents(t.app, ws.cookie, 'alert.opened')).filter((e) => e.entityId === alert.id)).toHaveLength(1);

      // Resolved, the rule may fire again: a new alert.
      await ok('POST', `/api/v1/alerts/${alert.id}/resolve`, { resolution: 'Refund agreed' });
      await inbound(client.id, 'Refund still not received');
      const after = await ok('GET', `/api/v1/alerts?status=all&kind=red_flag_keywords&clientId=${client.id}`);
      expect(after.data.map((a: { status: string; fireCount: number }) => [a.status, a.fireCount])).toEqual([['open', 1], ['resolved', 2]]);
    });

    it('NPS at or below the threshold opens a satisfaction alert; acknowledge, snooze (future, ≤ 90 days), resolve, reopen, with versions', async () => {
      const client = await createClient(t.app, ws.cookie, { firstName: 'Nia', lastName: 'Detractor' });
      await ok('POST', `/api/v1/clients/${client.id}/feedback`, { kind: 'nps', score: 9 }, ws.cookie, 201);
      expect((await ok('GET', `/api/v1/clients/${client.id}/alerts?kind=satisfaction_drop`)).total).toBe(0);
      await ok('POST', `/api/v1/clients/${client.id}/feedback`, { kind: 'nps', score: 4 }, ws.cookie, 201);
      const [alert] = (await ok('GET', `/api/v1/clients/${client.id}/alerts?kind=satisfaction_drop`)).data;
      expect(alert).toMatchObject({ kind: 'satisfaction_drop', status: 'open', detail: { score: 4, threshold: 6 } });

      const acked = await ok('POST', `/api/v1/alerts/${alert.id}/acknowledge`, { version: alert.version });
      expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedBy: ws.me.user!.id, version: alert.version + 1 });
      expectProblem(await call(t.app, 'POST', `/api/v1/alerts/${alert.id}/acknowledge`, { as: ws.cookie, body: { version: alert.version } }), 412);

      let p = expectProblem(await call(t.app, 'POST', `/api/v1/alerts/${alert.id}/snooze`, { as: ws.cookie, body: { until: inMs(-H) } }), 400);
      expect(p.errors![0]!.path).toBe('until');
      p = expectProblem(await call(t.app, 'POST', `/api/v1/alerts/${alert.id}/snooze`, { as: ws.cookie, body: { until: inMs(91 * 24 * H) } }), 400);
      expect(p.errors![0]!.path).toBe('until');
      const snoozed = await ok('POST', `/api/v1/alerts/${alert.id}/snooze`, { until: inMs(2 * H) });
      expect(snoozed.status).toBe('snoozed');
      expect((await ok('GET', `/api/v1/alerts?status=open&kind=satisfaction_drop&clientId=${client.id}`)).total).toBe(0);
      // The sweep wakes it once its time has passed.
      await sweepWorkspace(t.db, ws.workspace.id, inMs(3 * H));
      expect((await ok('GET', `/api/v1/alerts/${alert.id}`)).status).toBe('open');

      const resolved = await ok('POST', `/api/v1/alerts/${alert.id}/resolve`, { resolution: 'Called them' });
      expect(resolved).toMatchObject({ status: 'resolved', resolution: 'Called them', resolvedBy: ws.me.user!.id });
      expectProblem(await call(t.app, 'POST', `/api/v1/alerts/${alert.id}/snooze`, { as: ws.cookie, body: { until: inMs(H) } }), 409);
      expect((await ok('POST', `/api/v1/alerts/${alert.id}/reopen`, {})).status).toBe('open');

      const viewer = await addSignedInMember(t.app, ws.cookie, 'viewer');
      expect((await ok('GET', `/api/v1/alerts/${alert.id}`, undefined, viewer.cookie)).id).toBe(alert.id);
      expectProblem(await call(t.app, 'POST', `/api/v1/alerts/${alert.id}/acknowledge`, { as: viewer.cookie, body: {} }), 403);
    });

    it('assigns, filters the inbox (assignee me/none, severity, status) and creates a task from the alert', async () => {
      const client = await createClient(t.app, ws.cookie, { firstName: 'Tom', lastName: 'Taskable' });
      await inbound(client.id, 'I will call my lawyer');
      const [alert] = (await ok('GET', `/api/v1/clients/${client.id}/alerts`)).data;
      expect((await ok('GET', `/api/v1/alerts?assignee=none&clientId=${client.id}`)).total).toBe(1);
      const member = await addSignedInMember(t.app, ws.cookie, 'member');
      const p = expectProblem(await call(t.app, 'POST', `/api/v1/alerts/${alert.id}/assign`, { as: ws.cookie, body: { assigneeId: 'nobody' } }), 400);
      expect(p.errors![0]!.path).toBe('assigneeId');
      await ok('POST', `/api/v1/alerts/${alert.id}/assign`, { assigneeId: member.id });
      expect((await ok('GET', `/api/v1/alerts?assignee=me&clientId=${client.id}`, undefined, member.cookie)).total).toBe(1);
      expect((await ok('GET', `/api/v1/alerts?assignee=me&clientId=${client.id}`)).total).toBe(0);
      expect((await ok('GET', `/api/v1/alerts?severity=critical&clientId=${client.id}`)).total).toBe(0);
      expect((await ok('GET', `/api/v1/alerts?severity=warning&clientId=${client.id}`)).total).toBe(1);

      const made = await ok('POST', `/api/v1/alerts/${alert.id}/task`, {}, member.cookie, 201);
      expect(made.alert).toMatchObject({ taskId: made.taskId, status: 'acknowledged' });
      const task = await ok('GET', `/api/v1/tasks/${made.taskId}`);
      expect(task).toMatchObject({ source: 'alert', clientId: client.id, assigneeId: member.id, status: 'open' });
      expectProblem(await call(t.app, 'POST', `/api/v1/alerts/${alert.id}/task`, { as: ws.cookie, body: {} }), 409);

      // With a band, the task is the band's recommended action, due after its hours (Critical → 48 h).
      const critical = await createClient(t.app, ws.cookie, { firstName: 'Cris', lastName: 'Critical' });
      await inbound(critical.id, 'Please cancel everything');
      // The band as a recompute would leave it (the alert reads the client's band when listed).
      await t.db.updateTable('clients').set({ health_score: 30, health_band: 'critical' }).where('id', '=', critical.id).execute();
      const [c] = (await ok('GET', `/api/v1/clients/${critical.id}/alerts`)).data;
      expect(c.recommendedAction).toMatchObject({ dueHours: 48 });
      const before = Date.now();
      const fromBand = await ok('POST', `/api/v1/alerts/${c.id}/task`, {}, ws.cookie, 201);
      const bandTask = await ok('GET', `/api/v1/tasks/${fromBand.taskId}`);
      expect(bandTask.title).toBe(c.recommendedAction.action);
      expect(Date.parse(bandTask.dueAt) - before).toBeGreaterThanOrEqual(48 * H - 1000);
      expect(Date.parse(bandTask.dueAt) - before).toBeLessThan(48 * H + 60_000);
    });

    it('the 15-minute sweep opens time-driven alerts once (renewals, overdue invoices, response breaches)', async () => {
      const client = await createClient(t.app, ws.cookie, { firstName: 'Sam', lastName: 'Sweep' });
      await ok('POST', `/api/v1/clients/${client.id}/interactions`, { kind: 'email', direction: 'inbound', subject: 'Quick question', priority: 'urgent', occurredAt: inMs(-5 * H) }, ws.cookie, 201);
      const number = `INV-ALERT-${Date.now().toString(36)}`;
      await ok('POST', `/api/v1/clients/${client.id}/invoices`, { number, amount: { amount: 12_000, currency: 'USD' }, status: 'sent', issuedAt: inMs(-40 * 24 * H), dueAt: inMs(-10 * 24 * H) }, ws.cookie, 201);
      // Set last: the invoice's figures refresh derives next_renewal_at from contracts (none here).
      await t.db.updateTable('clients').set({ next_renewal_at: inMs(10 * 24 * H) }).where('id', '=', client.id).execute();
      await sweepWorkspace(t.db, ws.workspace.id);
      await sweepWorkspace(t.db, ws.workspace.id);
      const timeKinds = ['renewal_upcoming', 'response_breach', 'payment_overdue', 'document_expiring'];
      const list = await ok('GET', `/api/v1/clients/${client.id}/alerts`);
      const byKind = Object.fromEntries(list.data.filter((a: { kind: string }) => timeKinds.includes(a.kind)).map((a: { kind: string; fireCount: number }) => [a.kind, a.fireCount]));
      expect(byKind).toEqual({ renewal_upcoming: 2, response_breach: 2, payment_overdue: 2 });
      const overdue = list.data.find((a: { kind: string }) => a.kind === 'payment_overdue');
      expect(overdue).toMatchObject({ title: `Invoice ${number} overdue`, detail: { daysOverdue: 10, openAmount: 12_000 } });
      // Resolved, the same renewal does not come back on the next sweep.
      const renewal = list.data.find((a: { kind: string }) => a.kind === 'renewal_upcoming');
      await ok('POST', `/api/v1/alerts/${renewal.id}/resolve`, {});
      await sweepWorkspace(t.db, ws.workspace.id);
      expect((await ok('GET', `/api/v1/clients/${client.id}/alerts?kind=renewal_upcoming`)).total).toBe(0);
    });

    it('a recompute that moves the band down opens a band-change alert (via the health hook); a score drop over days fires its rule', async () => {
      const client = await createClient(t.app, ws.cookie, { firstName: 'Hal', lastName: 'Health' });
      const first = await ok('GET', `/api/v1/clients/${client.id}/health`);
      expect(first.band?.key).toBe('healthy');
      await ok('POST', '/api/v1/alert-rules', { kind: 'score_drop', params: { points: 40, days: 7 }, severity: 'critical' }, ws.cookie, 201);
      const expiresAt = inMs(7 * 24 * H);
      await ok('PUT', `/api/v1/clients/${client.id}/health/override`, { score: 20, reason: 'Escalation call went badly', expiresAt });
      const list = await ok('GET', `/api/v1/clients/${client.id}/alerts`);
      const byKind = Object.fromEntries(list.data.map((a: { kind: string }) => [a.kind, a]));
      expect(Object.keys(byKind).sort()).toEqual(['band_change', 'score_drop']);
      expect(byKind.band_change).toMatchObject({ title: 'Health down: Healthy → Critical', client: { healthBand: 'critical', healthScore: 20 }, recommendedAction: { dueHours: 48 } });
      expect(byKind.score_drop.detail).toMatchObject({ peak: first.score, score: 20, days: 7 });
      // A second move down while the alert is open: the same alert (no flood), telling of the latest move.
      await ok('PUT', `/api/v1/clients/${client.id}/health/override`, { score: 60, reason: 'Partly recovered', expiresAt });
      await ok('PUT', `/api/v1/clients/${client.id}/health/override`, { score: 10, reason: 'Lost the renewal', expiresAt });
      const again = (await ok('GET', `/api/v1/clients/${client.id}/alerts?kind=band_change`)).data;
      expect(again).toHaveLength(1);
      expect(again[0]).toMatchObject({ id: byKind.band_change.id, title: 'Health down: At-Risk → Critical', fireCount: 2 });
    });

    it('a full recompute that moves many clients down opens one alert each, audited and on each client’s timeline; running it again opens none', async () => {
      const w = await isolatedWorkspace(t.app, owner);
      const clients = [];
      for (const n of ['One', 'Two', 'Three']) {
        const c = await createClient(t.app, w.cookie, { firstName: n, lastName: 'Batch', status: 'prospect' });
        await ok('POST', `/api/v1/clients/${c.id}/interactions`, { kind: 'call', direction: 'outbound', subject: 'Intro' }, w.cookie, 201);
        expect((await ok('GET', `/api/v1/clients/${c.id}/health`, undefined, w.cookie)).band.key).toBe('healthy');
        clients.push(c);
      }
      // Referrals (none yet: 50) now outweigh a fresh contact (100): every client falls out of Healthy in the job's one batch.
      const saved = await put(t.app, '/api/v1/settings/health', w.cookie, { weights: { referrals: 100, communication: 1 } });
      expect(saved.statusCode, saved.body).toBe(200);
      const drain = async () => {
        while ((await runNextJob(t.db)) !== null) {
          /* drain */
        }
      };
      await drain();
      const alerts = (await ok('GET', '/api/v1/alerts?kind=band_change&status=all', undefined, w.cookie)).data;
      expect(alerts.map((a: { client: { id: string } }) => a.client.id).sort()).toEqual(clients.map((c) => c.id).sort());
      const opened = await auditEvents(t.app, w.cookie, 'alert.opened');
      for (const c of clients) {
        const alert = alerts.find((a: { client: { id: string } }) => a.client.id === c.id);
        const band = (await ok('GET', `/api/v1/clients/${c.id}/health`, undefined, w.cookie)).band;
        expect(alert).toMatchObject({ status: 'open', fireCount: 1, title: `Health down: Healthy → ${band.name}`, client: { healthBand: band.key } });
        expect(opened.some((e) => e.entityId === alert.id)).toBe(true);
        const timeline = (await ok('GET', `/api/v1/clients/${c.id}/timeline?kind=alert`, undefined, w.cookie)).data;
        expect(timeline.map((e: { title: string }) => e.title)).toEqual([`Alert: ${alert.title}`]);
      }
      await ok('POST', '/api/v1/health/recompute', {}, w.cookie, 202);
      await drain();
      const again = (await ok('GET', '/api/v1/alerts?kind=band_change&status=all', undefined, w.cookie)).data;
      expect(again.map((a: { fireCount: number }) => a.fireCount)).toEqual([1, 1, 1]);
    });

    it('another workspace’s alerts and rules are 404', async () => {
      const client = await createClient(t.app, ws.cookie, { firstName: 'Priv', lastName: 'Ate' });
      await inbound(client.id, 'refund please');
      const [alert] = (await ok('GET', `/api/v1/clients/${client.id}/alerts`)).data;
      const rule = (await ok('GET', '/api/v1/alert-rules')).data[0];
      const other = await isolatedWorkspace(t.app, owner);
      expectProblem(await call(t.app, 'GET', `/api/v1/alerts/${alert.id}`, { as: other.cookie }), 404);
      expectProblem(await call(t.app, 'POST', `/api/v1/alerts/${alert.id}/resolve`, { as: other.cookie, body: {} }), 404);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}/alerts`, { as: other.cookie }), 404);
      expectProblem(await call(t.app, 'GET', `/api/v1/alert-rules/${rule.id}`, { as: other.cookie }), 404);
      expect((await ok('GET', '/api/v1/alerts?status=all', undefined, other.cookie)).total).toBe(0);
    });

    it('sends one digest e-mail per member and day through a real SMTP server; without SMTP_URL it lands in the outbox', async () => {
      const w = await isolatedWorkspace(t.app, owner);
      await ok('PUT', '/api/v1/me/notifications', { digestHour: 0 }, w.cookie);
      const client = await createClient(t.app, w.cookie, { firstName: 'Dee', lastName: 'Digest' });
      await inbound(client.id, 'Considering a refund', w.cookie);
      await ok('POST', `/api/v1/clients/${client.id}/tasks`, { title: 'Overdue follow-up', dueAt: inMs(-2 * H) }, w.cookie, 201);

      const mail = { smtpUrl, from: 'Rapport <rapport@rapport.test>', publicUrl: 'http://rapport.test' };
      const before = received.length;
      expect(await runDigests(t.db, w.workspace.id, { mail })).toMatchObject({ sent: 1 });
      expect(await runDigests(t.db, w.workspace.id, { mail })).toMatchObject({ sent: 0 });
      const mine = received.slice(before).filter((m) => m.to.includes(owner.email));
      expect(mine).toHaveLength(1);
      // Quoted-printable: undo the soft line breaks before reading the body.
      const raw = mine[0]!.raw.replace(/=\r?\n/g, '');
      expect(raw).toMatch(/^Subject: =\?UTF-8\?Q\?Rapport_/m);
      expect(raw).toContain('Dee Digest');
      expect(raw).toContain('Overdue follow-up');
      expect(raw).toContain('http://rapport.test/alerts');

      // Tomorrow (in the member's zone) brings the next one; with no SMTP_URL it goes to the outbox.
      const tomorrow = Date.now() + 24 * H;
      expect(await runDigests(t.db, w.workspace.id, { now: tomorrow, mail: { ...mail, smtpUrl: '' } })).toMatchObject({ sent: 1 });
      const outbox = await ok('GET', '/api/v1/outbox', undefined, w.cookie);
      expect(outbox.total).toBe(1);
      expect(outbox.data[0]).toMatchObject({ to: owner.email });
      expect(outbox.data[0].text).toContain('Dee Digest');
      const member = await addSignedInMember(t.app, w.cookie, 'member');
      expectProblem(await call(t.app, 'GET', '/api/v1/outbox', { as: member.cookie }), 403);
    });
  });
}

import { beforeAll, expect, it } from 'vitest';
import { emptyHistoryMonth, setHistoryDay } from '../../src/domain/healthHistory';
import { historyCutoffMonth, pruneHealthHistory } from '../../src/server/health/health.retention';
import { runNextJob } from '../../src/server/jobs/job.runner';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, put, roleKey } from '../helpers/clients';
import { auditEvents, call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

type Ws = Awaited<ReturnType<typeof isolatedWorkspace>>;
const DAY = 86_400_000;
const daysFromNow = (d: number) => new Date(Date.now() + d * DAY).toISOString();
const usd = (amount: number) => ({ amount, currency: 'USD' });
let seq = 0;
const invoiceNumber = () => `H-${Date.now().toString(36)}-${++seq}`;
type Factor = { key: string; status: string; measures: { key: string; value: number | null }[]; score: number | null; share: number; contribution: number; weight: number; note: string; value: number | null };

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    let ws: Ws;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
      ws = await isolatedWorkspace(t.app, owner);
    });
    const health = async (clientId: string, as = ws.cookie, query = '') => {
      const res = await call(t.app, 'GET', `/api/v1/clients/${clientId}/health${query}`, { as });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const post = async (url: string, body: unknown, as = ws.cookie) => {
      const res = await call(t.app, 'POST', `/api/v1${url}`, { as, body: body as Record<string, unknown> });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json();
    };
    const factor = (h: { factors: Factor[] }, key: string) => h.factors.find((f) => f.key === key)!;
    const runJobs = async () => {
      while ((await runNextJob(t.db)) !== null) {
        /* drain */
      }
    };

    it('recomputes when an input changes: an overdue invoice, then an NPS of 3, move the score and say which factor and why', async () => {
      const client = await createClient(t.app, ws.cookie, { firstName: 'Hal', lastName: 'Health', status: 'prospect' });
      await post(`/clients/${client.id}/interactions`, { kind: 'call', direction: 'outbound', subject: 'Intro call' });
      const first = await health(client.id);
      // Prospects are expected weekly: contacted just now → 100; no referrals yet → 50. (100·20 + 50·5) / 25 = 90.
      expect(factor(first, 'communication')).toMatchObject({ status: 'scored', score: 100, weight: 20 });
      expect(factor(first, 'referrals')).toMatchObject({ status: 'scored', score: 50, value: 0 });
      expect(first).toMatchObject({ score: 90, band: { key: 'healthy' }, computedScore: 90, cadence: 'weekly', override: null });
      expect(first.recommendedAction.action).toMatch(/referral/i);
      expect((await t.db.selectFrom('clients').select(['health_score', 'health_band']).where('id', '=', client.id).executeTakeFirstOrThrow())).toEqual({ health_score: 90, health_band: 'healthy' });

      // A sent invoice 30 days past due: payment scores 40 → (2000 + 250 + 40·15) / 40 = 71.25 → 71, At-Risk.
      await post(`/clients/${client.id}/invoices`, { number: invoiceNumber(), amount: usd(50_000), status: 'sent', issuedAt: daysFromNow(-60), dueAt: daysFromNow(-30) });
      const overdue = await health(client.id);
      expect(factor(overdue, 'payment')).toMatchObject({ status: 'scored', score: 40, value: 30 });
      expect(overdue).toMatchObject({ score: 71, band: { key: 'at_risk', name: 'At-Risk' } });
      expect(overdue.changes).toMatchObject({ scoreBefore: 90, scoreAfter: 71, bandChanged: true });
      const paymentChange = overdue.changes.changes.find((c: { factor: string }) => c.factor === 'payment');
      expect(paymentChange.text).toMatch(/^Payment behaviour: new data — scores 40/);
      expect(overdue.changes.summary).toMatch(/Score 90 → 71 \(−19\), Healthy → At-Risk/);
      const timeline = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/timeline?kind=health`, { as: ws.cookie })).json();
      expect(timeline.data.map((e: { title: string }) => e.title)).toEqual([expect.stringMatching(/^Health: Healthy → At-Risk — /)]);

      // NPS 3 → satisfaction 15: (2000 + 250 + 600 + 225) / 55 = 55.9 → 56.
      await post(`/clients/${client.id}/feedback`, { kind: 'nps', score: 3 });
      const unhappy = await health(client.id);
      expect(factor(unhappy, 'satisfaction')).toMatchObject({ status: 'scored', score: 15, value: 3 });
      expect(unhappy.score).toBe(56);
      expect(unhappy.changes.changes.map((c: { factor: string }) => c.factor)).toContain('satisfaction');
      expect(unhappy.changes.changes.find((c: { factor: string }) => c.factor === 'satisfaction').text).toMatch(/^Satisfaction: new data — scores 15/);

      // Paying it 30 days late: nothing overdue any more (100), but 0 % paid on time — the lowest wins: (2000 + 250 + 0 + 225) / 55 = 45.
      const inv = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/invoices`, { as: ws.cookie })).json().data[0];
      await post(`/clients/${client.id}/payments`, { amount: usd(50_000), invoiceId: inv.id, method: 'card' });
      const paid = await health(client.id);
      const measure = (key: string) => factor(paid, 'payment').measures.find((m) => m.key === key)!;
      expect([measure('overdueDays').value, measure('onTimePaymentRate').value]).toEqual([0, 0]);
      expect(paid).toMatchObject({ score: 45, band: { key: 'critical' } });
      expect(paid.changes.changes[0].text).toMatch(/Payment behaviour 40 → 0 .*Invoices paid on time no data → 0 %/);
    });

    it('a recompute that finds the same inputs writes nothing (computedAt stays); a changed input writes the row again', async () => {
      const client = await createClient(t.app, ws.cookie, { firstName: 'Stan', lastName: 'Steady', status: 'active' });
      await post(`/clients/${client.id}/feedback`, { kind: 'nps', score: 9 });
      const row = () => t.db.selectFrom('health_scores').select(['version', 'computed_at', 'score']).where('client_id', '=', client.id).executeTakeFirstOrThrow();
      const first = await row();
      const again = await post(`/clients/${client.id}/health/recompute`, {});
      expect(await row()).toEqual(first);
      expect(again).toMatchObject({ score: first.score, computedAt: new Date(first.computed_at).toISOString() });
      // The explanation is rebuilt from the stored inputs: the same factors as when it was computed.
      expect(factor(again, 'satisfaction')).toMatchObject({ status: 'scored', value: 9 });

      await post(`/clients/${client.id}/feedback`, { kind: 'nps', score: 2 });
      const moved = await row();
      expect(moved.version).toBe(first.version + 1);
      expect(moved.score).toBeLessThan(first.score!);
      expect(factor(await health(client.id), 'satisfaction')).toMatchObject({ value: 2 });
    });

    it('leaves out factors without data and renormalises the other weights, and says so', async () => {
      const client = await createClient(t.app, ws.cookie, { firstName: 'Nora', lastName: 'Nodata', status: 'active' });
      const h = await health(client.id);
      const scored = h.factors.filter((f: Factor) => f.status === 'scored');
      expect(scored.map((f: Factor) => f.key).sort()).toEqual(['communication', 'referrals']);
      expect(h.leftOut).toEqual(['usage', 'payment', 'support', 'satisfaction', 'orders', 'responsiveness', 'engagement']);
      expect(factor(h, 'usage')).toMatchObject({ status: 'no_data', share: 0, contribution: 0, note: 'No data: left out, the other weights renormalised' });
      // communication 20 and referrals 5 of 25: shares 0.8 and 0.2.
      expect(factor(h, 'communication').share).toBe(0.8);
      expect(factor(h, 'referrals').share).toBe(0.2);
      expect(h.score).toBe(90);
      expect(h.summary).toMatch(/from 2 factors; left out for lack of data: usage trend/);
      // Churned clients expect no contact: communication is left out with its own note.
      const churned = await createClient(t.app, ws.cookie, { firstName: 'Chad', lastName: 'Churned', status: 'churned', statusReason: 'Moved away' });
      expect(factor(await health(churned.id), 'communication').note).toMatch(/No contact cadence is expected for churned clients/);
    });

    it('overrides with a reason and an expiry (manager), audited; an expired override is ignored and cleared by the recompute job', async () => {
      const client = await createClient(t.app, ws.cookie, { firstName: 'Otto', lastName: 'Override' });
      const computed = (await health(client.id)).score;
      const url = `/api/v1/clients/${client.id}/health/override`;
      let p = expectProblem(await put(t.app, url, ws.cookie, { score: 20, reason: '  ', expiresAt: daysFromNow(7) }), 400);
      expect(p.errors!.map((e) => e.path)).toContain('reason');
      p = expectProblem(await put(t.app, url, ws.cookie, { reason: 'Known issue', expiresAt: daysFromNow(7) }), 400);
      expect(p.errors![0]!.path).toBe('score');
      p = expectProblem(await put(t.app, url, ws.cookie, { score: 20, reason: 'Known issue', expiresAt: daysFromNow(-1) }), 400);
      expect(p.errors![0]).toEqual({ path: 'expiresAt', message: 'must be in the future' });
      p = expectProblem(await put(t.app, url, ws.cookie, { band: 'purple', reason: 'Known issue', expiresAt: daysFromNow(7) }), 400);
      expect(p.errors![0]!.path).toBe('band');
      const member = await roleKey(t.app, ws.cookie, 'member');
      expectProblem(await put(t.app, url, member.cookie, { score: 20, reason: 'Known issue', expiresAt: daysFromNow(7) }), 403);

      const res = await put(t.app, url, ws.cookie, { score: 20, reason: 'CEO threatened to leave on the phone', expiresAt: daysFromNow(7) });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ score: 20, band: { key: 'critical' }, computedScore: computed, override: { score: 20, reason: 'CEO threatened to leave on the phone', state: 'active' } });
      expect(res.json().recommendedAction).toMatchObject({ dueHours: 48 });
      const audit = (await auditEvents(t.app, ws.cookie, 'health.override_set')).find((e) => e.entityId === client.id)!;
      expect(audit.changes!.score).toEqual({ before: computed, after: 20 });
      expect((await getClientRow(client.id)).health_band).toBe('critical');
      const titles = async () => (await call(t.app, 'GET', `/api/v1/clients/${client.id}/timeline?kind=health`, { as: ws.cookie })).json().data.map((e: { title: string }) => e.title);
      expect(await titles()).toEqual([expect.stringMatching(/^Health overridden \(score 20\) until \d{4}-\d{2}-\d{2}: CEO threatened to leave on the phone$/)]);

      // The expiry passes: the override is ignored at once, and the recompute job clears and audits it.
      await t.db.updateTable('health_scores').set({ override: JSON.stringify({ ...res.json().override, state: undefined, expiresAt: daysFromNow(-0.01) }), override_expires_at: daysFromNow(-0.01) }).where('client_id', '=', client.id).execute();
      const expired = await health(client.id);
      expect(expired).toMatchObject({ score: computed, override: { state: 'expired' } });
      const job = await post('/health/recompute', {});
      await runJobs();
      const done = (await call(t.app, 'GET', `/api/v1/jobs/${job.jobId}`, { as: ws.cookie })).json();
      expect(done).toMatchObject({ status: 'completed', result: { overridesExpired: 1 } });
      expect(done.done).toBe(done.total);
      expect((await health(client.id)).override).toBeNull();
      expect((await getClientRow(client.id)).health_score).toBe(computed);
      expect((await auditEvents(t.app, ws.cookie, 'health.override_expired')).some((e) => e.entityId === client.id)).toBe(true);
      expect((await titles()).slice(0, 2)).toEqual(['Health override expired (CEO threatened to leave on the phone)', expect.stringMatching(/^Health: Critical → Healthy/)]);

      // Clearing: 204, audited.
      expect((await put(t.app, url, ws.cookie, { band: 'at_risk', reason: 'Watch', expiresAt: daysFromNow(3) })).json()).toMatchObject({ band: { key: 'at_risk' }, score: computed });
      expect((await call(t.app, 'DELETE', url, { as: ws.cookie })).statusCode).toBe(204);
      expect((await health(client.id)).override).toBeNull();
      expect((await auditEvents(t.app, ws.cookie, 'health.override_cleared')).some((e) => e.entityId === client.id)).toBe(true);
    });
    const getClientRow = (id: string) => t.db.selectFrom('clients').select(['health_score', 'health_band']).where('id', '=', id).executeTakeFirstOrThrow();

    it('keeps a point per day: unrecorded days carry the last score forward; the 30-day trend compares the ends', async () => {
      const client = await createClient(t.app, ws.cookie, { firstName: 'Hilda', lastName: 'History' });
      const now = await health(client.id);
      const today = new Date().toISOString().slice(0, 10);
      expect(now.history.at(-1)).toEqual({ at: `${today}T00:00:00.000Z`, score: now.score, band: now.band.key });
      // A score of 40 recorded 10 days ago (as an earlier recompute would have).
      const day = daysFromNow(-10).slice(0, 10);
      const row = setHistoryDay(emptyHistoryMonth(day.slice(0, 7)), day, 40, 'critical');
      await t.db
        .insertInto('health_history')
        .values({ workspace_id: ws.workspace.id, client_id: client.id, month: row.month, scores: row.scores, bands: row.bands, band_keys: JSON.stringify(row.bandKeys) })
        .onConflict((oc) => oc.columns(['workspace_id', 'client_id', 'month']).doUpdateSet({ scores: row.scores, bands: row.bands, band_keys: JSON.stringify(row.bandKeys) }))
        .execute();
      if (day.slice(0, 7) !== today.slice(0, 7)) {
        // Today's point lives in this month's row: unchanged.
      } else {
        const mine = setHistoryDay(row, today, now.score, now.band.key);
        await t.db.updateTable('health_history').set({ scores: mine.scores, bands: mine.bands, band_keys: JSON.stringify(mine.bandKeys) }).where('client_id', '=', client.id).where('month', '=', mine.month).execute();
      }
      const h = await health(client.id);
      expect(h.history).toHaveLength(11);
      expect(h.history.slice(0, 10).every((p: { score: number }) => p.score === 40)).toBe(true);
      expect(h.history[0]).toMatchObject({ at: `${day}T00:00:00.000Z`, band: 'critical' });
      expect(h.trend).toMatchObject({ days: 30, from: 40, to: now.score, change: now.score - 40, direction: 'up' });
      expect((await health(client.id, ws.cookie, `?from=${daysFromNow(-3)}`)).history).toHaveLength(4);
      const p = expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}/health?from=${daysFromNow(1)}&to=${daysFromNow(-1)}`, { as: ws.cookie }), 400);
      expect(p.errors![0]!.path).toBe('from');
    });

    it('settings: everyone reads; managers change them with field errors, 412 on a stale version, audited, and a recompute job', async () => {
      const viewer = await roleKey(t.app, ws.cookie, 'viewer');
      const got = await call(t.app, 'GET', '/api/v1/settings/health', { as: viewer.cookie });
      expect(got.statusCode).toBe(200);
      expect(got.json()).toMatchObject({ settings: { bandPreset: 'standard', weights: { communication: 20 } }, presets: { fourBand: expect.any(Array) } });
      const { version } = got.json();
      expectProblem(await put(t.app, '/api/v1/settings/health', viewer.cookie, { weights: { usage: 30 } }), 403);
      const member = await roleKey(t.app, ws.cookie, 'member');
      expectProblem(await put(t.app, '/api/v1/settings/health', member.cookie, { weights: { usage: 30 } }), 403);

      const bad = async (body: unknown) => expectProblem(await put(t.app, '/api/v1/settings/health', ws.cookie, body), 400).errors!;
      expect(await bad({ weights: { usage: -1 } })).toContainEqual({ path: 'weights.usage', message: 'must not be negative' });
      const zero = Object.fromEntries(['usage', 'communication', 'payment', 'support', 'satisfaction', 'orders', 'referrals', 'responsiveness', 'engagement'].map((k) => [k, 0]));
      expect(await bad({ weights: zero })).toContainEqual({ path: 'weights', message: 'must give at least one factor a weight above 0' });
      expect(await bad({ windows: { usageDays: 0 } })).toContainEqual({ path: 'windows.usageDays', message: 'must be at least 1 day' });
      const errs = await bad({ bands: [
        { key: 'green', name: 'Green', min: 60, max: 100, color: '#2f9e44' },
        { key: 'amber', name: 'Amber', min: 30, max: 70, color: '#f08c00' },
        { key: 'red', name: 'Red', min: 5, max: 29, color: '#e03131' },
      ] });
      expect(errs).toContainEqual({ path: 'bands.0.min', message: 'overlaps “Amber” (30–70)' });
      expect(errs).toContainEqual({ path: 'bands.2.min', message: 'must be 0: scores 0–4 would have no band' });
      expect(await bad({ profiles: [{ id: 'saas', name: 'SaaS', segmentId: 'nope', weights: { ...zero, usage: 10 } }] })).toContainEqual({ path: 'profiles.0.segmentId', message: 'is not a segment of this workspace' });
      expect((await call(t.app, 'GET', '/api/v1/settings/health', { as: ws.cookie })).json().version).toBe(version);

      expectProblem(await put(t.app, '/api/v1/settings/health', ws.cookie, { weights: { usage: 30 } }, { 'if-match': `W/"${ws.workspace.id}.${version - 1}"` }), 412);
      const ok = await put(t.app, '/api/v1/settings/health', ws.cookie, { weights: { usage: 30 }, bandPreset: 'fourBand' }, { 'if-match': `W/"${ws.workspace.id}.${version}"` });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ settings: { weights: { usage: 30, communication: 20 }, bandPreset: 'fourBand', bands: [{ key: 'excellent' }, { key: 'good' }, { key: 'fair' }, { key: 'at_risk' }] }, recomputeJobId: expect.any(String) });
      // A client in the Trash keeps its records: the batch's id range reads them and leaves them out.
      const trashed = await createClient(t.app, ws.cookie, { firstName: 'Tom', lastName: 'Trashed' });
      await post(`/clients/${trashed.id}/interactions`, { kind: 'call', direction: 'inbound', priority: 'urgent' });
      await post(`/clients/${trashed.id}/feedback`, { kind: 'nps', score: 9 });
      expect((await call(t.app, 'DELETE', `/api/v1/clients/${trashed.id}`, { as: ws.cookie })).statusCode).toBeLessThan(300);
      await createClient(t.app, ws.cookie, { firstName: 'Al', lastName: 'After' }); // a later id: the trashed one sits inside the batch's range
      const audit = (await auditEvents(t.app, ws.cookie, 'settings.health_updated'))[0]!;
      expect(audit.changes!['weights.usage']).toEqual({ before: 15, after: 30 });
      await runJobs();
      const job = (await call(t.app, 'GET', `/api/v1/jobs/${ok.json().recomputeJobId}`, { as: ws.cookie })).json();
      expect(job.status).toBe('completed');
      // Every scored client now carries a four-band key.
      const bands = await t.db.selectFrom('clients').select('health_band').where('workspace_id', '=', ws.workspace.id).where('deleted_at', 'is', null).execute();
      expect(job.result.recomputed).toBe(bands.length);
      const some = await t.db.selectFrom('clients').select('id').where('workspace_id', '=', ws.workspace.id).where('deleted_at', 'is', null).where('health_band', '=', 'excellent').executeTakeFirstOrThrow();
      expect((await health(some.id)).history.at(-1)).toMatchObject({ band: 'excellent' });
      expect(bands.every((b) => ['excellent', 'good', 'fair', 'at_risk'].includes(b.health_band!))).toBe(true);
      const counts = await t.db.selectFrom('health_band_counts').select(['band', 'count']).where('workspace_id', '=', ws.workspace.id).where('count', '<>', 0).execute();
      const expected: Record<string, number> = {};
      for (const b of bands) expected[b.health_band!] = (expected[b.health_band!] ?? 0) + 1;
      expect(Object.fromEntries(counts.map((c) => [c.band, Number(c.count)]))).toEqual(expected);
    });

    it('previews band counts for unsaved settings without saving them', async () => {
      const w = await isolatedWorkspace(t.app, owner);
      const late = await createClient(t.app, w.cookie, { firstName: 'Lena', lastName: 'Late' });
      await post(`/clients/${late.id}/invoices`, { number: invoiceNumber(), amount: usd(10_000), status: 'sent', issuedAt: daysFromNow(-90), dueAt: daysFromNow(-61) }, w.cookie);
      const fine = await createClient(t.app, w.cookie, { firstName: 'Finn', lastName: 'Fine' });
      await createClient(t.app, w.cookie, { firstName: 'Nico', lastName: 'Never' }); // never scored
      await health(late.id, w.cookie);
      await health(fine.id, w.cookie);
      const weights = Object.fromEntries(['usage', 'communication', 'support', 'satisfaction', 'orders', 'referrals', 'responsiveness', 'engagement'].map((k) => [k, 0]));
      const res = await call(t.app, 'POST', '/api/v1/settings/health/preview', { as: w.cookie, body: { weights: { ...weights, payment: 100 } } });
      expect(res.statusCode, res.body).toBe(200);
      // Only payment counts: Lena (60+ days overdue) scores 0 → Critical; Finn has no payment data; Nico was never scored.
      expect(res.json()).toMatchObject({ total: 3, unscored: 2, sampled: false, note: null });
      expect(res.json().byBand).toEqual([
        { key: 'healthy', name: 'Healthy', color: '#2f9e44', count: 0, current: 1 },
        { key: 'at_risk', name: 'At-Risk', color: '#f08c00', count: 0, current: 1 },
        { key: 'critical', name: 'Critical', color: '#e03131', count: 1, current: 0 },
      ]);
      expect((await call(t.app, 'GET', '/api/v1/settings/health', { as: w.cookie })).json().settings.weights.payment).toBe(15);
      const viewer = await roleKey(t.app, w.cookie, 'viewer');
      expectProblem(await call(t.app, 'POST', '/api/v1/settings/health/preview', { as: viewer.cookie, body: {} }), 403);
      expect(expectProblem(await call(t.app, 'POST', '/api/v1/settings/health/preview', { as: w.cookie, body: { weights: { usage: -5 } } }), 400).errors![0]!.path).toBe('weights.usage');
    });

    it('a change to more than 5 clients at once queues them; the health.queue job recomputes them', async () => {
      const w = await isolatedWorkspace(t.app, owner);
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push((await createClient(t.app, w.cookie, { firstName: `Q${i}`, lastName: 'Queued', status: 'active' })).id);
      for (const id of ids) expect((await health(id, w.cookie)).score).toBe(90);
      const res = await call(t.app, 'POST', '/api/v1/clients/bulk', { as: w.cookie, body: { action: 'setStatus', ids, status: 'churned', statusReason: 'Contract ended' } });
      expect(res.statusCode, res.body).toBe(200);
      const queued = await t.db.selectFrom('health_queue').select('client_id').where('workspace_id', '=', w.workspace.id).execute();
      expect(queued.map((q) => q.client_id).sort()).toEqual([...ids].sort());
      // The drain waits for the minute to end (every client queued in it is then in the queue); don't wait in a test.
      const job = await t.db.selectFrom('jobs').select(['id', 'run_at']).where('workspace_id', '=', w.workspace.id).where('kind', '=', 'health.queue').executeTakeFirstOrThrow();
      expect(Date.parse(job.run_at!)).toBeGreaterThan(Date.now());
      await t.db.updateTable('jobs').set({ run_at: new Date().toISOString() }).where('id', '=', job.id).execute();
      await runJobs();
      expect(await t.db.selectFrom('health_queue').select('client_id').where('workspace_id', '=', w.workspace.id).execute()).toEqual([]);
      // Churned clients expect no contact: only referrals (50) is left → At-Risk.
      for (const id of ids) expect((await health(id, w.cookie))).toMatchObject({ score: 50, band: { key: 'at_risk' }, leftOut: expect.arrayContaining(['communication']) });
    });

    it('usage events queue the client; the queue job scores the usage trend (last 30 days against the 30 before)', async () => {
      const w = await isolatedWorkspace(t.app, owner);
      const client = await createClient(t.app, w.cookie, { firstName: 'Uma', lastName: 'Usage', status: 'active' });
      expect(factor(await health(client.id, w.cookie), 'usage').status).toBe('no_data');
      const events = [
        { eventId: `u-${client.id}-1`, clientId: client.id, metric: 'logins', value: 10, at: daysFromNow(-40) },
        { eventId: `u-${client.id}-2`, clientId: client.id, metric: 'logins', value: 5, at: daysFromNow(-3) },
      ];
      const res = await call(t.app, 'POST', '/api/v1/usage', { as: w.cookie, body: { events } });
      expect(res.statusCode, res.body).toBeLessThan(300);
      expect(await t.db.selectFrom('health_queue').select('client_id').where('workspace_id', '=', w.workspace.id).execute()).toEqual([{ client_id: client.id }]);
      await t.db.updateTable('jobs').set({ run_at: new Date().toISOString() }).where('workspace_id', '=', w.workspace.id).where('kind', '=', 'health.queue').execute();
      await runJobs();
      // 5 against 10: −50 % → 0 on the default curve.
      expect(factor(await health(client.id, w.cookie), 'usage')).toMatchObject({ status: 'scored', value: -50, score: 0 });
    });

    it('describes the health endpoints in the OpenAPI document', async () => {
      const doc = (await call(t.app, 'GET', '/api/v1/openapi.json')).json();
      const paths = doc.paths as Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }>; requestBody?: unknown }>>;
      expect(Object.keys(paths)).toEqual(expect.arrayContaining([
        '/api/v1/clients/{id}/health', '/api/v1/clients/{id}/health/recompute', '/api/v1/clients/{id}/health/override',
        '/api/v1/settings/health', '/api/v1/settings/health/preview', '/api/v1/health/recompute',
      ]));
      const health = paths['/api/v1/clients/{id}/health']!.get!.responses['200']!.content!['application/json']!.schema;
      expect(Object.keys(health.properties!)).toEqual(expect.arrayContaining(['score', 'band', 'factors', 'changes', 'history', 'trend', 'override', 'recommendedAction']));
      expect(paths['/api/v1/clients/{id}/health/override']!.put!.requestBody).toBeDefined();
      expect(paths['/api/v1/settings/health']!.put!.requestBody).toBeDefined();
    });

    it('another workspace’s client health is 404', async () => {
      const client = await createClient(t.app, ws.cookie, { firstName: 'Priv', lastName: 'Ate' });
      const other = await isolatedWorkspace(t.app, owner);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}/health`, { as: other.cookie }), 404);
      expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/health/recompute`, { as: other.cookie }), 404);
      expectProblem(await put(t.app, `/api/v1/clients/${client.id}/health/override`, other.cookie, { score: 10, reason: 'x', expiresAt: daysFromNow(2) }), 404);
      expectProblem(await call(t.app, 'DELETE', `/api/v1/clients/${client.id}/health/override`, { as: other.cookie }), 404);
    });
    it('keeps health history 25 months back (≥ 2 years): housekeeping deletes older months, in every workspace, and a 2-year chart still reads', async () => {
      const client = await createClient(t.app, ws.cookie, { firstName: 'Hedda', lastName: 'History' });
      const other = await isolatedWorkspace(t.app, owner);
      const otherClient = await createClient(t.app, other.cookie, { firstName: 'Olaf', lastName: 'Other' });
      const now = new Date();
      const monthsAgo = (n: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 1)).toISOString().slice(0, 7);
      const write = async (workspaceId: string, clientId: string, month: string, score: number) => {
        const row = setHistoryDay(emptyHistoryMonth(month), `${month}-01`, score, 'healthy');
        await t.db.insertInto('health_history').values({ workspace_id: workspaceId, client_id: clientId, month, scores: row.scores, bands: row.bands, band_keys: JSON.stringify(row.bandKeys) }).execute();
      };
      for (const n of [30, 27, 26, 25, 24]) await write(ws.workspace.id, client.id, monthsAgo(n), 100 - n);
      await write(other.workspace.id, otherClient.id, monthsAgo(26), 50);
      const months = async (clientId: string) =>
        (await t.db.selectFrom('health_history').select('month').where('client_id', '=', clientId).orderBy('month').execute()).map((r) => r.month);

      expect(historyCutoffMonth(now)).toBe(monthsAgo(25));
      const r = await pruneHealthHistory(t.db, now);
      expect(r.deleted).toBeGreaterThanOrEqual(4);
      expect(await months(client.id)).toEqual(expect.arrayContaining([monthsAgo(25), monthsAgo(24)]));
      expect((await months(client.id)).filter((m) => m < monthsAgo(25))).toEqual([]);
      expect(await months(otherClient.id)).toEqual([]);
      // Two years back is still there: the point of 24 months ago, carried forward.
      const twoYears = await health(client.id, ws.cookie, `?from=${monthsAgo(24)}-01T00:00:00.000Z&to=${monthsAgo(24)}-03T00:00:00.000Z`);
      expect(twoYears.history.map((p: { score: number }) => p.score)).toEqual([76, 76, 76]);
      // Nothing older left: a second pass deletes nothing.
      expect((await pruneHealthHistory(t.db, now)).deleted).toBe(0);
    });
  });
}

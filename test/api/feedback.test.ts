import { beforeAll, expect, it } from 'vitest';
import { feedbackSummary } from '../../src/server/feedback/feedback.service';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, roleKey } from '../helpers/clients';
import { call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

type Ws = Awaited<ReturnType<typeof isolatedWorkspace>>;

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    let ws: Ws;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
      ws = await isolatedWorkspace(t.app, owner);
    });

    const give = async (clientId: string, body: Record<string, unknown>) => {
      const res = await call(t.app, 'POST', `/api/v1/clients/${clientId}/feedback`, { as: ws.cookie, body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };

    it('records NPS, CSAT, testimonials and suggestions; summary with latest and average NPS; audited, on the timeline', async () => {
      const client = await createClient(t.app, ws.cookie);
      const contact = (await call(t.app, 'POST', `/api/v1/clients/${client.id}/contacts`, { as: ws.cookie, body: { firstName: 'Pat' } })).json();
      const first = await give(client.id, { kind: 'nps', score: 6, receivedAt: '2026-01-10T09:00:00Z', contactId: contact.id });
      expect(first).toMatchObject({ kind: 'nps', score: 6, contactId: contact.id, receivedAt: '2026-01-10T09:00:00.000Z', permissionToPublish: false, version: 1 });
      await give(client.id, { kind: 'nps', score: 10, receivedAt: '2026-06-10T09:00:00Z' });
      await give(client.id, { kind: 'csat', score: 4, comment: 'Quick and tidy' });
      await give(client.id, { kind: 'csat', score: 5 });
      const testimonial = await give(client.id, { kind: 'testimonial', comment: 'Best cleaners in town', permissionToPublish: true });
      await give(client.id, { kind: 'suggestion', comment: 'Text me before you arrive' });

      const list = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/feedback`, { as: ws.cookie })).json();
      expect(list.total).toBe(6);
      expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}/feedback?kind=nps`, { as: ws.cookie })).json().data.map((f: { score: number }) => f.score)).toEqual([10, 6]);
      const expected = { npsLatest: 10, npsLatestAt: '2026-06-10T09:00:00.000Z', npsAverage: 8, npsCount: 2, npsCategory: 'promoter', csatAverage: 4.5, csatCount: 2, testimonials: 1, publishableTestimonials: 1, suggestions: 1 };
      expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}/feedback/summary`, { as: ws.cookie })).json()).toEqual(expected);
      expect(await feedbackSummary(t.db, ws.workspace.id, client.id)).toEqual(expected);
      // The client page's quick stats carry the latest NPS and the other record modules' figures.
      await call(t.app, 'POST', `/api/v1/clients/${client.id}/referrals`, { as: ws.cookie, body: { referredName: 'Friend' } });
      const summary = await call(t.app, 'GET', `/api/v1/clients/${client.id}/summary`, { as: ws.cookie });
      expect(summary.statusCode, summary.body).toBe(200);
      expect(summary.json()).toMatchObject({ nps: 10, extra: { feedback: expected, loyalty: { balance: 0, lifetimePoints: 0, tier: 'Bronze' }, referrals: { made: 1, converted: 0, rewarded: 0, received: 0 } } });
      const empty = await createClient(t.app, ws.cookie);
      expect(await feedbackSummary(t.db, ws.workspace.id, empty.id)).toMatchObject({ npsLatest: null, npsAverage: null, npsCount: 0, npsCategory: null, csatAverage: null });

      const patched = await call(t.app, 'PATCH', `/api/v1/feedback/${first.id}`, { as: ws.cookie, body: { score: 8 }, headers: { 'if-match': `W/"${first.id}.1"` } });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json()).toMatchObject({ score: 8, version: 2 });
      expectProblem(await call(t.app, 'PATCH', `/api/v1/feedback/${first.id}`, { as: ws.cookie, body: { score: 9, version: 1 } }), 412);
      expect((await call(t.app, 'GET', `/api/v1/feedback/${first.id}`, { as: ws.cookie })).json().score).toBe(8);
      expect((await call(t.app, 'DELETE', `/api/v1/feedback/${testimonial.id}`, { as: ws.cookie })).statusCode).toBe(204);
      expectProblem(await call(t.app, 'GET', `/api/v1/feedback/${testimonial.id}`, { as: ws.cookie }), 404);

      const audit = await t.db.selectFrom('audit_events').select('action').where('entity_id', '=', first.id).orderBy('at').orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['feedback.created', 'feedback.updated']);
      const line = await t.db.selectFrom('timeline_entries').select(['title', 'at', 'kind']).where('record_id', '=', first.id).executeTakeFirstOrThrow();
      expect(line).toMatchObject({ title: 'NPS 8/10', at: '2026-01-10T09:00:00.000Z', kind: 'feedback' });
      expect((await t.db.selectFrom('timeline_entries').select('deleted_at').where('record_id', '=', testimonial.id).executeTakeFirstOrThrow()).deleted_at).not.toBeNull();
    });

    it('bad input names the field: scores out of range or missing, text kinds without text, unknown fields, foreign contacts', async () => {
      const client = await createClient(t.app, ws.cookie);
      const bad = async (body: Record<string, unknown>, path: string) => {
        const problem = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/feedback`, { as: ws.cookie, body }), 400);
        expect(problem.errors?.map((e) => e.path)).toContain(path);
      };
      await bad({ kind: 'nps', score: -1 }, 'score');
      await bad({ kind: 'nps', score: 11 }, 'score');
      await bad({ kind: 'nps' }, 'score');
      await bad({ kind: 'nps', score: 7.5 }, 'score');
      await bad({ kind: 'csat', score: 0 }, 'score');
      await bad({ kind: 'csat', score: 6 }, 'score');
      await bad({ kind: 'testimonial' }, 'comment');
      await bad({ kind: 'suggestion', comment: '   ' }, 'comment');
      await bad({ kind: 'testimonial', comment: 'x', score: 5 }, 'score');
      await bad({ kind: 'nps', score: 5, permissionToPublish: true }, 'permissionToPublish');
      await bad({ kind: 'rating', score: 5 }, 'kind');
      await bad({ kind: 'nps', score: 5, receivedAt: 'yesterday' }, 'receivedAt');
      await bad({ kind: 'nps', score: 5, receivedAt: '2999-01-01T00:00:00Z' }, 'receivedAt');
      const other = await createClient(t.app, ws.cookie);
      const theirs = (await call(t.app, 'POST', `/api/v1/clients/${other.id}/contacts`, { as: ws.cookie, body: { firstName: 'Not Yours' } })).json();
      await bad({ kind: 'nps', score: 5, contactId: theirs.id }, 'contactId');
      expect(expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/feedback`, { as: ws.cookie, body: { kind: 'nps', score: 5, stars: 3 } }), 400).detail).toMatch(/stars/);
      const nps = await give(client.id, { kind: 'nps', score: 5 });
      expect(expectProblem(await call(t.app, 'PATCH', `/api/v1/feedback/${nps.id}`, { as: ws.cookie, body: { kind: 'csat' } }), 400).detail).toMatch(/kind/);
      expect(expectProblem(await call(t.app, 'PATCH', `/api/v1/feedback/${nps.id}`, { as: ws.cookie, body: { score: 12 } }), 400).errors?.[0]?.path).toBe('score');
      expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}/feedback`, { as: ws.cookie })).json().total).toBe(1);
    });

    it('viewers read but cannot write; another workspace gets 404; trashed clients keep their feedback', async () => {
      const client = await createClient(t.app, ws.cookie);
      const f = await give(client.id, { kind: 'csat', score: 3 });
      const viewer = await roleKey(t.app, ws.cookie, 'viewer');
      expect((await call(t.app, 'GET', `/api/v1/feedback/${f.id}`, { as: viewer.cookie })).statusCode).toBe(200);
      expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/feedback`, { as: viewer.cookie, body: { kind: 'nps', score: 9 } }), 403);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/feedback/${f.id}`, { as: viewer.cookie, body: { score: 4 } }), 403);
      expectProblem(await call(t.app, 'DELETE', `/api/v1/feedback/${f.id}`, { as: viewer.cookie }), 403);
      const other = await isolatedWorkspace(t.app, owner);
      expectProblem(await call(t.app, 'GET', `/api/v1/feedback/${f.id}`, { as: other.cookie }), 404);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/feedback/${f.id}`, { as: other.cookie, body: { score: 4 } }), 404);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}/feedback`, { as: other.cookie }), 404);
      expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/feedback`, { as: other.cookie, body: { kind: 'nps', score: 9 } }), 404);
      expect((await call(t.app, 'DELETE', `/api/v1/clients/${client.id}`, { as: ws.cookie })).statusCode).toBe(204);
      expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/feedback`, { as: ws.cookie, body: { kind: 'nps', score: 9 } }), 409);
      expect((await call(t.app, 'POST', `/api/v1/clients/${client.id}/restore`, { as: ws.cookie })).statusCode).toBe(200);
      expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}/feedback`, { as: ws.cookie })).json().data.map((x: { id: string }) => x.id)).toEqual([f.id]);
    });
  });
}

import { beforeAll, expect, it } from 'vitest';
import { referralCounts } from '../../src/server/referrals/referral.service';
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

    const refer = async (referrerId: string, body: Record<string, unknown>) => {
      const res = await call(t.app, 'POST', `/api/v1/clients/${referrerId}/referrals`, { as: ws.cookie, body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };

    it('links a referring client to a referred client or a person not yet a client; both directions, counts, reward status; audited', async () => {
      const ann = await createClient(t.app, ws.cookie, { firstName: 'Ann', lastName: 'Referrer' });
      const bob = await createClient(t.app, ws.cookie, { firstName: 'Bob', lastName: 'Referred' });
      const cat = await createClient(t.app, ws.cookie, { firstName: 'Cat', lastName: 'Later' });
      const toBob = await refer(ann.id, { referredClientId: bob.id, referredAt: '2026-03-01T10:00:00Z', status: 'converted', rewardStatus: 'pending', rewardNotes: '£20 voucher' });
      expect(toBob).toMatchObject({ referrerClientId: ann.id, referrer: { id: ann.id, displayName: 'Ann Referrer' }, referredClientId: bob.id, referred: { id: bob.id, displayName: 'Bob Referred' }, status: 'converted', rewardStatus: 'pending', version: 1 });
      const toDan = await refer(ann.id, { referredName: 'Dan Prospect', referredEmail: 'dan@example.test' });
      expect(toDan).toMatchObject({ referredClientId: null, referred: null, referredName: 'Dan Prospect', status: 'pending', rewardStatus: 'none' });
      await refer(cat.id, { referredClientId: ann.id, referredAt: '2025-12-01T10:00:00Z' });

      const both = (await call(t.app, 'GET', `/api/v1/clients/${ann.id}/referrals`, { as: ws.cookie })).json();
      expect(both.total).toBe(3);
      expect(both.counts).toEqual({ made: 2, converted: 1, rewarded: 0, received: 1 });
      expect(both.data.map((r: { referrerClientId: string }) => r.referrerClientId)).toEqual([ann.id, ann.id, cat.id]);
      const made = (await call(t.app, 'GET', `/api/v1/clients/${ann.id}/referrals?direction=made&limit=1`, { as: ws.cookie })).json();
      expect(made.total).toBe(2);
      const page2 = (await call(t.app, 'GET', `/api/v1/clients/${ann.id}/referrals?direction=made&limit=1&cursor=${made.nextCursor}`, { as: ws.cookie })).json();
      expect([...made.data, ...page2.data].map((r: { id: string }) => r.id).sort()).toEqual([toBob.id, toDan.id].sort());
      expect((await call(t.app, 'GET', `/api/v1/clients/${bob.id}/referrals?direction=received`, { as: ws.cookie })).json().data.map((r: { id: string }) => r.id)).toEqual([toBob.id]);

      // Dan becomes a client: the referral now points at him and shows on his timeline.
      const dan = await createClient(t.app, ws.cookie, { firstName: 'Dan', lastName: 'Prospect' });
      const converted = await call(t.app, 'PATCH', `/api/v1/referrals/${toDan.id}`, { as: ws.cookie, body: { referredClientId: dan.id, status: 'converted' }, headers: { 'if-match': `W/"${toDan.id}.1"` } });
      expect(converted.statusCode, converted.body).toBe(200);
      expect(converted.json()).toMatchObject({ referred: { id: dan.id }, status: 'converted', version: 2 });
      const rewarded = await call(t.app, 'PATCH', `/api/v1/referrals/${toBob.id}`, { as: ws.cookie, body: { status: 'rewarded', rewardStatus: 'issued', version: 1 } });
      expect(rewarded.statusCode, rewarded.body).toBe(200);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/referrals/${toBob.id}`, { as: ws.cookie, body: { notes: 'late', version: 1 } }), 412);
      expect(await referralCounts(t.db, ws.workspace.id, ann.id)).toEqual({ made: 2, converted: 2, rewarded: 1, received: 1 });
      expect(await referralCounts(t.db, ws.workspace.id, dan.id)).toEqual({ made: 0, converted: 0, rewarded: 0, received: 1 });
      const danLines = await t.db.selectFrom('timeline_entries').select('title').where('client_id', '=', dan.id).where('kind', '=', 'referral').where('deleted_at', 'is', null).execute();
      expect(danLines).toEqual([{ title: 'Referral: Ann Referrer → Dan Prospect' }]);

      expect((await call(t.app, 'DELETE', `/api/v1/referrals/${toDan.id}`, { as: ws.cookie })).statusCode).toBe(204);
      expectProblem(await call(t.app, 'GET', `/api/v1/referrals/${toDan.id}`, { as: ws.cookie }), 404);
      const audit = await t.db.selectFrom('audit_events').select('action').where('entity_id', '=', toDan.id).orderBy('at').orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['referral.created', 'referral.updated', 'referral.deleted']);
    });

    it('bad input: nobody referred, self-referral, unknown or foreign client, repeated pair, bad status, unknown fields', async () => {
      const ann = await createClient(t.app, ws.cookie);
      const bob = await createClient(t.app, ws.cookie);
      const bad = async (body: Record<string, unknown>, path: string, status = 400) => {
        const problem = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${ann.id}/referrals`, { as: ws.cookie, body }), status);
        expect(`${problem.errors?.map((e) => `${e.path}: ${e.message}`).join(' ')} ${problem.detail}`).toContain(path);
      };
      await bad({}, 'referredName');
      await bad({ referredClientId: ann.id }, 'referredClientId');
      await bad({ referredClientId: 'no-such-client' }, 'referredClientId');
      await bad({ referredName: 'X', status: 'maybe' }, 'status');
      await bad({ referredName: 'X', rewardStatus: 'paid' }, 'rewardStatus');
      await bad({ referredEmail: 'not-an-email' }, 'referredEmail');
      await bad({ referredName: 'X', bonus: 5 }, 'bonus');
      const other = await isolatedWorkspace(t.app, owner);
      const foreign = await createClient(t.app, other.cookie);
      await bad({ referredClientId: foreign.id }, 'referredClientId');
      await refer(ann.id, { referredClientId: bob.id });
      await bad({ referredClientId: bob.id }, 'referredClientId', 409);
      expect((await call(t.app, 'GET', `/api/v1/clients/${ann.id}/referrals`, { as: ws.cookie })).json().total).toBe(1);
    });

    it('viewers read but cannot write; another workspace gets 404; permanent delete of a client removes its referrals', async () => {
      const ann = await createClient(t.app, ws.cookie);
      const bob = await createClient(t.app, ws.cookie);
      const r = await refer(ann.id, { referredClientId: bob.id });
      const viewer = await roleKey(t.app, ws.cookie, 'viewer');
      expect((await call(t.app, 'GET', `/api/v1/referrals/${r.id}`, { as: viewer.cookie })).statusCode).toBe(200);
      expectProblem(await call(t.app, 'POST', `/api/v1/clients/${ann.id}/referrals`, { as: viewer.cookie, body: { referredName: 'Eve' } }), 403);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/referrals/${r.id}`, { as: viewer.cookie, body: { status: 'declined' } }), 403);
      expectProblem(await call(t.app, 'DELETE', `/api/v1/referrals/${r.id}`, { as: viewer.cookie }), 403);
      const other = await isolatedWorkspace(t.app, owner);
      expectProblem(await call(t.app, 'GET', `/api/v1/referrals/${r.id}`, { as: other.cookie }), 404);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/referrals/${r.id}`, { as: other.cookie, body: { status: 'declined' } }), 404);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${ann.id}/referrals`, { as: other.cookie }), 404);
      expect((await call(t.app, 'DELETE', `/api/v1/clients/${bob.id}`, { as: ws.cookie })).statusCode).toBe(204);
      expect((await call(t.app, 'GET', `/api/v1/referrals/${r.id}`, { as: ws.cookie })).statusCode).toBe(200);
      expect((await call(t.app, 'PATCH', `/api/v1/referrals/${r.id}`, { as: ws.cookie, body: { status: 'declined' } })).statusCode).toBe(200);
      expect((await call(t.app, 'DELETE', `/api/v1/clients/${bob.id}?permanent=true`, { as: ws.cookie })).statusCode).toBe(204);
      expectProblem(await call(t.app, 'GET', `/api/v1/referrals/${r.id}`, { as: ws.cookie }), 404);
    });
  });
}

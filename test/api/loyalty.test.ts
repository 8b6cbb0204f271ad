import { beforeAll, expect, it } from 'vitest';
import { awardOrderPoints, revokeOrderPoints } from '../../src/server/loyalty/loyalty.service';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, put, roleKey } from '../helpers/clients';
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

    const account = async (clientId: string, query = '', as = ws.cookie) => {
      const res = await call(t.app, 'GET', `/api/v1/clients/${clientId}/loyalty${query}`, { as });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const award = (clientId: string, orderId: string, amount: number, currency = 'USD') =>
      t.db.transaction().execute((trx) => awardOrderPoints(trx, ws.workspace.id, clientId, orderId, { amount, currency }));

    it('earns per completed order (once per order), adjusts with a reason, redeems within the balance; tier and ledger; audited', async () => {
      const client = await createClient(t.app, ws.cookie);
      expect(await account(client.id)).toMatchObject({ balance: 0, lifetimePoints: 0, tier: 'Bronze', nextTier: { name: 'Silver', threshold: 500 }, ledger: { data: [], total: 0 } });

      // Default rule: 10 per order + 1 per whole currency unit. $420.99 → 430; ¥5,000 → 5,010.
      const earned = await award(client.id, 'order-1', 42099);
      expect(earned).toMatchObject({ kind: 'earned', points: 430, balanceAfter: 430, orderId: 'order-1' });
      expect(await award(client.id, 'order-1', 42099)).toBeNull();
      await award(client.id, 'order-2', 5000, 'JPY');
      expect(await account(client.id)).toMatchObject({ balance: 5440, lifetimePoints: 5440, tier: 'Gold', nextTier: null });

      const adjust = await call(t.app, 'POST', `/api/v1/clients/${client.id}/loyalty/adjust`, { as: ws.cookie, body: { points: -40, reason: 'Duplicate order' } });
      expect(adjust.statusCode, adjust.body).toBe(201);
      expect(adjust.json()).toMatchObject({ kind: 'adjusted', points: -40, balanceAfter: 5400, reason: 'Duplicate order' });
      const redeem = await call(t.app, 'POST', `/api/v1/clients/${client.id}/loyalty/redeem`, { as: ws.cookie, body: { points: 5000, reason: 'Free deep clean' } });
      expect(redeem.statusCode, redeem.body).toBe(201);
      expect(redeem.json()).toMatchObject({ kind: 'redeemed', points: -5000, balanceAfter: 400 });

      const beyond = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/loyalty/redeem`, { as: ws.cookie, body: { points: 401 } }), 400);
      expect(beyond.errors?.[0]).toMatchObject({ path: 'points' });
      expect(beyond.detail).toMatch(/400/);
      expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/loyalty/adjust`, { as: ws.cookie, body: { points: -401, reason: 'too much' } }), 400);

      const after = await account(client.id, '?limit=2');
      // Redemptions do not lower the tier: it follows lifetime points.
      expect(after).toMatchObject({ balance: 400, lifetimePoints: 5400, tier: 'Gold' });
      expect(after.ledger.total).toBe(4);
      expect(after.ledger.data.map((e: { kind: string }) => e.kind)).toEqual(['redeemed', 'adjusted']);
      const rest = await account(client.id, `?limit=2&cursor=${after.ledger.nextCursor}`);
      expect(rest.ledger.data.map((e: { orderId: string }) => e.orderId)).toEqual(['order-2', 'order-1']);

      const audit = await t.db.selectFrom('audit_events').select('action').where('entity_id', '=', client.id).where('action', 'like', 'loyalty.%').orderBy('at').orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['loyalty.earned', 'loyalty.earned', 'loyalty.adjusted', 'loyalty.redeemed']);
      expect(await t.db.selectFrom('timeline_entries').select('title').where('client_id', '=', client.id).where('kind', '=', 'loyalty').orderBy('at').orderBy('id').execute()).toEqual([
        { title: 'Earned 430 points' },
        { title: 'Earned 5010 points' },
        { title: 'Points adjusted by -40' },
        { title: 'Redeemed 5000 points' },
      ]);
    });

    it('bad input: adjustment without a reason or of zero, non-integer or negative redemption, unknown fields', async () => {
      const client = await createClient(t.app, ws.cookie);
      const bad = async (path: string, body: Record<string, unknown>, field: string) => {
        const problem = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/loyalty/${path}`, { as: ws.cookie, body }), 400);
        expect(`${problem.errors?.map((e) => `${e.path}: ${e.message}`).join(' ')}`).toContain(field);
      };
      await bad('adjust', { points: 10 }, 'reason');
      await bad('adjust', { points: 10, reason: '  ' }, 'reason');
      await bad('adjust', { points: 0, reason: 'nothing' }, 'points');
      await bad('adjust', { points: 1.5, reason: 'half' }, 'points');
      await bad('redeem', { points: -5 }, 'points');
      await bad('redeem', { points: 0 }, 'points');
      await bad('redeem', { points: 1 }, 'points');
      await bad('redeem', { points: 5, voucher: 'X' }, 'voucher');
      expect((await account(client.id)).ledger.total).toBe(0);
    });

    it('settings/loyalty: the rule and tiers (admin, validated, audited) drive awards; roles; other workspaces 404', async () => {
      const own = await isolatedWorkspace(t.app, owner);
      const client = await createClient(t.app, own.cookie);
      const member = await roleKey(t.app, own.cookie, 'member');
      const viewer = await roleKey(t.app, own.cookie, 'viewer');
      expectProblem(await put(t.app, '/api/v1/settings/loyalty', member.cookie, { pointsPerOrder: 1 }), 403);
      expectProblem(await put(t.app, '/api/v1/settings/loyalty', own.cookie, { pointsPerOrder: -1 }), 400);
      expectProblem(await put(t.app, '/api/v1/settings/loyalty', own.cookie, { tiers: [{ name: 'A', threshold: 10 }, { name: 'B', threshold: 5 }] }), 400);
      expectProblem(await put(t.app, '/api/v1/settings/loyalty', own.cookie, { bonus: 1 }), 400);
      const set = await put(t.app, '/api/v1/settings/loyalty', own.cookie, { pointsPerOrder: 0, pointsPerCurrencyUnit: 2, tiers: [{ name: 'Member', threshold: 0 }, { name: 'VIP', threshold: 100 }] });
      expect(set.statusCode, set.body).toBe(200);
      expect((await call(t.app, 'GET', '/api/v1/settings/loyalty', { as: viewer.cookie })).json()).toEqual({ enabled: true, pointsPerOrder: 0, pointsPerCurrencyUnit: 2, tiers: [{ name: 'Member', threshold: 0 }, { name: 'VIP', threshold: 100 }] });
      const entry = await t.db.transaction().execute((trx) => awardOrderPoints(trx, own.workspace.id, client.id, 'order-x', { amount: 5050, currency: 'EUR' }));
      expect(entry?.points).toBe(101);
      expect((await account(client.id, '', own.cookie)).tier).toBe('VIP');
      expect(await t.db.selectFrom('audit_events').select('action').where('workspace_id', '=', own.workspace.id).where('action', '=', 'settings.loyalty_updated').execute()).toHaveLength(1);

      expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/loyalty/adjust`, { as: member.cookie, body: { points: 5, reason: 'goodwill' } }), 403);
      expect((await call(t.app, 'POST', `/api/v1/clients/${client.id}/loyalty/redeem`, { as: member.cookie, body: { points: 1 } })).statusCode).toBe(201);
      expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/loyalty/redeem`, { as: viewer.cookie, body: { points: 1 } }), 403);
      expect((await account(client.id, '', viewer.cookie)).balance).toBe(100);
      const other = await isolatedWorkspace(t.app, owner);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}/loyalty`, { as: other.cookie }), 404);
      expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/loyalty/redeem`, { as: other.cookie, body: { points: 1 } }), 404);
    });
    it('an order that stops being completed gives its points back (never below zero) and earns them again once when completed again', async () => {
      const client = await createClient(t.app, ws.cookie);
      const revoke = (orderId: string) => t.db.transaction().execute((trx) => revokeOrderPoints(trx, ws.workspace.id, client.id, orderId));
      await award(client.id, 'o-a', 1000);
      await award(client.id, 'o-b', 1000);
      expect((await account(client.id)).balance).toBe(40);
      expect(await revoke('o-a')).toMatchObject({ kind: 'adjusted', points: -20, balanceAfter: 20, orderId: 'o-a' });
      expect(await revoke('o-a')).toBeNull();
      expect(await revoke('o-never')).toBeNull();
      expect(await award(client.id, 'o-a', 1000)).toMatchObject({ kind: 'adjusted', points: 20, balanceAfter: 40, reason: 'Order completed again' });
      expect(await award(client.id, 'o-a', 1000)).toBeNull();
      expect((await call(t.app, 'POST', `/api/v1/clients/${client.id}/loyalty/redeem`, { as: ws.cookie, body: { points: 35 } })).statusCode).toBe(201);
      expect(await revoke('o-b')).toMatchObject({ points: -5, balanceAfter: 0 });
      expect((await account(client.id)).balance).toBe(0);
    });
  });
}

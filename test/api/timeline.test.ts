import { beforeAll, expect, it } from 'vitest';
import { addTimelineEntry, removeTimelineEntry, updateTimelineEntry } from '../../src/server/activity/timeline';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, roleKey } from '../helpers/clients';
import { call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

type Entry = { id: string; kind: string; at: string; recordId: string; title: string; summary: Record<string, unknown>; userId: string | null };

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    let ws: Awaited<ReturnType<typeof isolatedWorkspace>>;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
      ws = await isolatedWorkspace(t.app, owner);
    });
    const page = async (url: string, as = ws.cookie) => {
      const res = await call(t.app, 'GET', url, { as });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { data: Entry[]; nextCursor: string | null; total: number };
    };

    it('shows every kind newest first, in keyset pages without loss or repeat, filtered by kind', async () => {
      const client = await createClient(t.app, ws.cookie);
      const wsId = ws.workspace.id;
      const base = Date.parse('2026-06-01T12:00:00.000Z');
      // Interactions through the API, other kinds as their modules write them; two share an instant.
      for (let i = 0; i < 6; i++) {
        const res = await call(t.app, 'POST', `/api/v1/clients/${client.id}/interactions`, { as: ws.cookie, body: { kind: 'note', occurredAt: new Date(base + i * 3600_000).toISOString(), body: `note ${i}` } });
        expect(res.statusCode, res.body).toBe(201);
      }
      await t.db.transaction().execute(async (trx) => {
        for (const [kind, offset] of [['order', 2], ['invoice', 2], ['payment', 7], ['document', -5], ['feedback', 1.5], ['status', 10]] as const) {
          await addTimelineEntry(trx, { workspaceId: wsId, clientId: client.id, kind, recordId: `${kind}-1`, at: new Date(base + offset * 3600_000).toISOString(), title: `A ${kind}`, summary: { n: offset } });
        }
        await updateTimelineEntry(trx, wsId, 'order', 'order-1', { title: 'Order #1 completed', summary: { status: 'completed' } });
        await addTimelineEntry(trx, { workspaceId: wsId, clientId: client.id, kind: 'referral', recordId: 'gone', at: new Date(base).toISOString(), title: 'Removed' });
        await removeTimelineEntry(trx, wsId, 'referral', 'gone');
      });
      const all = await page(`/api/v1/clients/${client.id}/timeline?limit=500`);
      expect(all.total).toBe(12);
      const order = all.data.map((e) => [e.at, e.id] as const);
      const sorted = [...order].sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? 1 : -1) : a[0] < b[0] ? 1 : -1));
      expect(order).toEqual(sorted);
      expect(all.data[0]).toMatchObject({ kind: 'status', title: 'A status' });
      expect(all.data.find((e) => e.kind === 'order')).toMatchObject({ title: 'Order #1 completed', summary: { status: 'completed' }, recordId: 'order-1' });
      expect(all.data.some((e) => e.recordId === 'gone')).toBe(false);
      // The client's last activity is the latest entry's time (none of them is in the future).
      expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}`, { as: ws.cookie })).json().lastActivityAt).toBe(new Date(base + 10 * 3600_000).toISOString());

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const p: { data: Entry[]; nextCursor: string | null; total: number } = await page(`/api/v1/clients/${client.id}/timeline?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
        expect(p.total).toBe(12);
        seen.push(...p.data.map((e) => e.id));
        cursor = p.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.data.map((e) => e.id));

      const notes = await page(`/api/v1/clients/${client.id}/timeline?kind=interaction&limit=4`);
      expect(notes.total).toBe(6);
      expect(notes.data.map((e) => e.summary.excerpt)).toEqual(['note 5', 'note 4', 'note 3', 'note 2']);
      const second = await page(`/api/v1/clients/${client.id}/timeline?kind=interaction&limit=4&cursor=${notes.nextCursor}`);
      expect(second.data.map((e) => e.summary.excerpt)).toEqual(['note 1', 'note 0']);
      expect(second.nextCursor).toBeNull();
      const money = await page(`/api/v1/clients/${client.id}/timeline?kind=invoice,payment`);
      expect(money.data.map((e) => e.kind)).toEqual(['payment', 'invoice']);
    });

    it('refuses an unknown kind or a forged cursor; 404 across workspaces; viewers read it', async () => {
      const client = await createClient(t.app, ws.cookie);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}/timeline?kind=gossip`, { as: ws.cookie }), 400);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}/timeline?cursor=abc`, { as: ws.cookie }), 400);
      const forged = Buffer.from(JSON.stringify(['not a time', 'x', 1])).toString('base64url');
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}/timeline?cursor=${forged}`, { as: ws.cookie }), 400);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}/timeline?limit=0`, { as: ws.cookie }), 400);
      const viewer = await roleKey(t.app, ws.cookie, 'viewer');
      expect((await page(`/api/v1/clients/${client.id}/timeline`, viewer.cookie)).total).toBe(0);
      const elsewhere = await isolatedWorkspace(t.app, owner);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}/timeline`, { as: elsewhere.cookie }), 404);
      expectProblem(await call(t.app, 'GET', '/api/v1/clients/nope/timeline', { as: ws.cookie }), 404);
    });

    it('permanent delete of a client takes its timeline, interactions and tasks with it', async () => {
      const client = await createClient(t.app, ws.cookie);
      await call(t.app, 'POST', `/api/v1/clients/${client.id}/interactions`, { as: ws.cookie, body: { kind: 'call', followUpAt: new Date(Date.now() + 86_400_000).toISOString() } });
      expect((await call(t.app, 'DELETE', `/api/v1/clients/${client.id}`, { as: ws.cookie })).statusCode).toBe(204);
      const purge = await call(t.app, 'DELETE', `/api/v1/clients/${client.id}?permanent=true`, { as: ws.cookie });
      expect(purge.statusCode, purge.body).toBe(204);
      for (const table of ['timeline_entries', 'interactions', 'tasks'] as const) {
        const n = await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws.workspace.id).where('client_id', '=', client.id).executeTakeFirstOrThrow();
        expect(Number(n.n), table).toBe(0);
      }
    });
  });
}

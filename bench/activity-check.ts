/**
 * The bench's guard that the bulk-loaded history is what the API would have left: for a few
 * clients, the figures stored by the set-based SQL (src/server/sample/activity.figures.ts)
 * against what the application computes from the orders (computeClientFigures, the function
 * every order write calls), last activity against the timeline, the guest flag and the
 * status against the orders, and one timeline entry per record. Throws on any difference.
 */
import { sql } from 'kysely';
import { computeClientFigures, figuresOf } from '../src/server/clients/client.figures';
import { loadConfig } from '../src/server/config';
import { openDatabase } from '../src/server/db/database';
import { orderSettingsOf } from '../src/server/orders/order-settings.service';

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

export async function checkDerivedFigures(env: Record<string, string>, workspaceId: string, clientIds: string[]): Promise<number> {
  const { db } = openDatabase({ ...loadConfig({ ...process.env, ...env }), poolSize: 2 });
  const problems: string[] = [];
  try {
    const { currency } = await orderSettingsOf(db, workspaceId);
    for (const id of clientIds) {
      const row = await db.selectFrom('clients').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirstOrThrow();
      const stored = figuresOf(row);
      const { figures, lastOrderAt } = await computeClientFigures(db, workspaceId, id, currency, stored?.computedAt);
      const counts = await sql<{ kind: string; n: number }>`
        SELECT 'interaction' AS kind, count(*) AS n FROM interactions WHERE workspace_id = ${workspaceId} AND client_id = ${id}
        UNION ALL SELECT 'order', count(*) FROM orders WHERE workspace_id = ${workspaceId} AND client_id = ${id}
        UNION ALL SELECT 'entry:' || kind, count(*) FROM timeline_entries WHERE workspace_id = ${workspaceId} AND client_id = ${id} AND deleted_at IS NULL GROUP BY kind`.execute(db);
      const n = Object.fromEntries(counts.rows.map((r) => [r.kind, Number(r.n)]));
      const latest = await db.selectFrom('timeline_entries').select((eb) => eb.fn.max('at').as('at')).where('workspace_id', '=', workspaceId).where('client_id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
      const firstDone = await db.selectFrom('orders').select((eb) => eb.fn.min('completed_at').as('at')).where('workspace_id', '=', workspaceId).where('client_id', '=', id).where('status', '=', 'completed').executeTakeFirst();
      const expect = (what: string, actual: unknown, wanted: unknown) => {
        if (JSON.stringify(actual) !== JSON.stringify(wanted)) problems.push(`client ${id}: ${what} is ${JSON.stringify(actual)}, the API computes ${JSON.stringify(wanted)}`);
      };
      const hasOrders = (n.order ?? 0) > 0;
      const sorted = (o: object | null) => (o ? Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'computedAt').sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort()) : v])) : null);
      expect('figures', sorted(stored), hasOrders ? sorted(figures) : null);
      expect('orders_count', Number(row.orders_count), figures.ordersCount);
      expect('total_value', Number(row.total_value), figures.orderValue[currency] ?? 0);
      expect('last_order_at', iso(row.last_order_at), lastOrderAt);
      expect('last_activity_at', iso(row.last_activity_at), iso(latest?.at));
      if (hasOrders) expect('is_guest', Number(row.is_guest), 0);
      if (firstDone?.at) expect('status (has a completed order)', ['prospect', 'trial'].includes(row.status), false);
      expect('interaction entries', n['entry:interaction'] ?? 0, n.interaction ?? 0);
      expect('order entries', n['entry:order'] ?? 0, n.order ?? 0);
    }
  } finally {
    await db.destroy();
  }
  if (problems.length) throw new Error(`Derived client figures differ from what the API computes:\n${problems.slice(0, 20).join('\n')}`);
  return clientIds.length;
}

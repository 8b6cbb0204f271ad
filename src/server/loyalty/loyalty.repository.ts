import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, LoyaltyLedgerTable } from '../db/schema';

type Db = Kysely<Database>;
export type LoyaltyRow = Selectable<LoyaltyLedgerTable>;

const selectLedger = (db: Db, workspaceId: string, clientId: string) =>
  db.selectFrom('loyalty_ledger').selectAll().where('workspace_id', '=', workspaceId).where('client_id', '=', clientId);

/** Balance (all points), lifetime (everything but redemptions) and the number of entries. */
async function totals(db: Db, workspaceId: string, clientId: string) {
  const rows = await db
    .selectFrom('loyalty_ledger')
    .select(['kind', (eb) => eb.fn.sum<number>('points').as('points'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', clientId)
    .groupBy('kind')
    .execute();
  let balance = 0;
  let lifetime = 0;
  let entries = 0;
  for (const r of rows) {
    const points = Number(r.points ?? 0);
    balance += points;
    if (r.kind !== 'redeemed') lifetime += points;
    entries += Number(r.n);
  }
  return { balance, lifetime, entries };
}

const findOrderEntry = (db: Db, workspaceId: string, orderId: string) =>
  db.selectFrom('loyalty_ledger').selectAll().where('workspace_id', '=', workspaceId).where('order_id', '=', orderId).where('kind', '=', 'earned').executeTakeFirst();

/** The points an order holds now: what it earned plus its later adjustments (revoked, re-earned). */
async function orderNet(db: Db, workspaceId: string, orderId: string) {
  const row = await db
    .selectFrom('loyalty_ledger')
    .select((eb) => eb.fn.sum<number>('points').as('points'))
    .where('workspace_id', '=', workspaceId)
    .where('order_id', '=', orderId)
    .executeTakeFirst();
  return Number(row?.points ?? 0);
}

async function insertEntry(db: Db, row: Insertable<LoyaltyLedgerTable>) {
  await db.insertInto('loyalty_ledger').values(row).execute();
}

export const loyaltyRepository = Object.freeze({ selectLedger, totals, findOrderEntry, orderNet, insertEntry });

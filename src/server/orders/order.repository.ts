import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database, OrderTable } from '../db/schema';

type Db = Kysely<Database>;
export type OrderRow = Selectable<OrderTable>;

const selectClientOrders = (db: Db, workspaceId: string, clientId: string, status?: string) => {
  let q = db.selectFrom('orders').selectAll().where('workspace_id', '=', workspaceId).where('client_id', '=', clientId);
  if (status) q = q.where('status', '=', status);
  return q;
};

async function countClientOrders(db: Db, workspaceId: string, clientId: string, status?: string) {
  let q = db.selectFrom('orders').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).where('client_id', '=', clientId);
  if (status) q = q.where('status', '=', status);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

const findOrder = (db: Db, workspaceId: string, id: string) =>
  db.selectFrom('orders').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

async function insertOrder(db: Db, row: Insertable<OrderTable>) {
  await db.insertInto('orders').values(row).execute();
}

/** Updates an order only if its version is still the one read; returns whether it did. */
async function updateOrder(db: Db, workspaceId: string, id: string, version: number, values: Updateable<OrderTable>) {
  const result = await db
    .updateTable('orders')
    .set({ ...values, version: version + 1 })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

async function deleteOrder(db: Db, workspaceId: string, id: string) {
  await db.deleteFrom('orders').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export const orderRepository = Object.freeze({ selectClientOrders, countClientOrders, findOrder, insertOrder, updateOrder, deleteOrder });

import type { Kysely } from 'kysely';
import type { Money } from '../../domain/money';
import { assertClientExists } from '../clients/client.service';
import type { Database } from '../db/schema';
import { notFound } from '../http/problem';

type Db = Kysely<Database>;

export const moneyOf = (amount: number | string, currency: string): Money => ({ amount: Number(amount), currency });

const timelineMoney = (m: Money) => ({ amount: m.amount, currency: m.currency });
export { timelineMoney };

/**
 * A billing record of a live client: 404 for another workspace's record and while its client
 * is in Trash (restoring the client shows it again).
 */
export async function visible<T extends { client_id: string }>(db: Db, workspaceId: string, row: T | undefined, what: string): Promise<T> {
  if (!row) throw notFound(what);
  const client = await assertClientExists(db, workspaceId, row.client_id);
  if (client.deleted_at) throw notFound(what);
  return row;
}

export const pick = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);

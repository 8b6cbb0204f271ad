import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database, UsageDailyTable, UsageEventTable } from '../db/schema';

type Db = Kysely<Database>;

// Resolving the clients named by a batch reads the clients table directly: a batch names up
// to 1,000 clients, and one query per batch beats a service call per event.

/** Which of these client ids exist in the workspace, and whether they are in Trash. */
const findClientsById = (db: Db, workspaceId: string, ids: string[]) =>
  ids.length ? db.selectFrom('clients').select(['id', 'deleted_at']).where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute() : Promise.resolve([]);

/** The clients carrying these external ids. */
const findClientsByExternalId = (db: Db, workspaceId: string, externalIds: string[]) =>
  externalIds.length
    ? db.selectFrom('clients').select(['id', 'deleted_at', 'external_id']).where('workspace_id', '=', workspaceId).where('external_id', 'in', externalIds).execute()
    : Promise.resolve([]);

/** Inserts the events that are new; returns the event ids actually inserted (repeats are skipped by the primary key). */
async function insertNewEvents(db: Db, rows: Insertable<UsageEventTable>[]): Promise<Set<string>> {
  if (!rows.length) return new Set();
  const inserted = await db
    .insertInto('usage_events')
    .values(rows)
    .onConflict((oc) => oc.columns(['workspace_id', 'event_id']).doNothing())
    .returning('event_id')
    .execute();
  return new Set(inserted.map((r) => r.event_id));
}

/** Adds sums and counts into the daily aggregates (one statement for the whole batch). */
async function addToDaily(db: Db, rows: Insertable<UsageDailyTable>[]): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto('usage_daily')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'client_id', 'metric', 'day']).doUpdateSet({
        sum: sql<number>`${sql.ref('usage_daily.sum')} + ${sql.ref('excluded.sum')}`,
        count: sql<number>`${sql.ref('usage_daily.count')} + ${sql.ref('excluded.count')}`,
      }),
    )
    .execute();
}

/** Daily aggregates of a client between two days (inclusive), optionally one metric. */
function selectDaily(db: Db, workspaceId: string, clientId: string, from: string, to: string, metric?: string) {
  let q = db
    .selectFrom('usage_daily')
    .select(['metric', 'day', 'sum', 'count'])
    .where('workspace_id', '=', workspaceId)
    .where('client_id', '=', clientId)
    .where('day', '>=', from)
    .where('day', '<=', to);
  if (metric) q = q.where('metric', '=', metric);
  return q.orderBy('metric').orderBy('day').execute();
}

export const usageRepository = Object.freeze({ findClientsById, findClientsByExternalId, insertNewEvents, addToDaily, selectDaily });

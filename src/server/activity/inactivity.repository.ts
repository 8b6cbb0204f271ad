import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database>;

/** Active live clients with no activity (last_activity_at, else created_at) before `cutoff`, by id after `afterId`. */
const selectIdle = (db: Db, workspaceId: string, cutoff: string, afterId: string, limit: number) =>
  db
    .selectFrom('clients')
    .select(['id', 'status_reason', 'last_activity_at', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'active')
    .where('deleted_at', 'is', null)
    .where(sql<boolean>`coalesce(last_activity_at, created_at) < ${cutoff}`)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();

/**
 * Turns these clients inactive, re-checking the rule in the UPDATE itself (activity logged
 * since the SELECT keeps a client active). Returns the ids that changed.
 */
async function markInactive(trx: Db, workspaceId: string, ids: string[], cutoff: string, reason: string, now: string): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await trx
    .updateTable('clients')
    .set((eb) => ({ status: 'inactive', status_reason: reason, status_changed_at: now, updated_at: now, version: eb('version', '+', 1) }))
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .where('status', '=', 'active')
    .where('deleted_at', 'is', null)
    .where(sql<boolean>`coalesce(last_activity_at, created_at) < ${cutoff}`)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

const workspaceIds = async (db: Db) => (await db.selectFrom('workspaces').select('id').orderBy('id').execute()).map((r) => r.id);

export const inactivityRepository = Object.freeze({ selectIdle, markInactive, workspaceIds });

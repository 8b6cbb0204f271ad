import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database>;

async function insertApiKey(db: Db, row: Database['api_keys']) {
  await db.insertInto('api_keys').values(row).execute();
}

const selectApiKeys = (db: Db, workspaceId: string) =>
  db
    .selectFrom('api_keys as k')
    .leftJoin('users as u', 'u.id', 'k.created_by')
    .select(['k.id', 'k.name', 'k.role', 'k.token_prefix', 'k.created_at', 'k.created_by', 'k.last_used_at', 'k.revoked_at', 'u.name as created_by_name'])
    .where('k.workspace_id', '=', workspaceId);

const findApiKey = (db: Db, workspaceId: string, id: string) =>
  selectApiKeys(db, workspaceId).where('k.id', '=', id).executeTakeFirst();

/** A live key with its workspace, for authenticating a request. */
const findLiveKeyByTokenHash = (db: Db, tokenHash: string) =>
  db
    .selectFrom('api_keys as k')
    .innerJoin('workspaces as w', 'w.id', 'k.workspace_id')
    .select(['k.id', 'k.name', 'k.role', 'k.workspace_id', 'k.last_used_at', 'w.name as workspace_name'])
    .where('k.token_hash', '=', tokenHash)
    .where('k.revoked_at', 'is', null)
    .executeTakeFirst();

async function revokeApiKey(db: Db, workspaceId: string, id: string, at: string) {
  await db.updateTable('api_keys').set({ revoked_at: at }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

async function touchApiKey(db: Db, workspaceId: string, id: string, at: string) {
  await db.updateTable('api_keys').set({ last_used_at: at }).where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

/** Revokes the keys a user created in a workspace whose role is now above the user's. */
async function revokeKeysAboveRole(db: Db, workspaceId: string, userId: string, roles: string[], at: string) {
  if (roles.length === 0) return [];
  return db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('created_by', '=', userId)
    .where('revoked_at', 'is', null)
    .where('role', 'in', roles)
    .returning(['id'])
    .execute();
}

export const apiKeyRepository = Object.freeze({
  insertApiKey,
  selectApiKeys,
  findApiKey,
  findLiveKeyByTokenHash,
  revokeApiKey,
  touchApiKey,
  revokeKeysAboveRole,
});

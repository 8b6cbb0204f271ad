import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database>;

async function insertSession(db: Db, row: Database['sessions']) {
  await db.insertInto('sessions').values(row).execute();
}

/** A session with its user and the user's role in the session's workspace (null if no longer a member). */
const findSessionByTokenHash = (db: Db, tokenHash: string) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('workspaces as w', 'w.id', 's.workspace_id')
    .leftJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 's.user_id').onRef('m.workspace_id', '=', 's.workspace_id'))
    .select([
      's.id',
      's.user_id',
      's.workspace_id',
      's.last_seen_at',
      's.expires_at',
      'u.name as user_name',
      'u.email as user_email',
      'w.name as workspace_name',
      'm.role',
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();

async function touchSession(db: Db, id: string, at: string) {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

async function setSessionWorkspace(db: Db, id: string, workspaceId: string) {
  await db.updateTable('sessions').set({ workspace_id: workspaceId }).where('id', '=', id).execute();
}

async function deleteSession(db: Db, id: string) {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Signs the user out everywhere, optionally keeping the session they act from. */
async function deleteUserSessions(db: Db, userId: string, exceptSessionId?: string) {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  await q.execute();
}

/** Ends the user's sessions that act in one workspace (after removal from it). */
async function deleteUserWorkspaceSessions(db: Db, userId: string, workspaceId: string) {
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('workspace_id', '=', workspaceId).execute();
}

/** The workspace of the user's most recently used session, to land there after login. */
const findLastWorkspaceId = (db: Db, userId: string) =>
  db
    .selectFrom('sessions')
    .select('workspace_id')
    .where('user_id', '=', userId)
    .orderBy('last_seen_at', 'desc')
    .limit(1)
    .executeTakeFirst();

async function deleteExpiredSessions(db: Db, now: string) {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
}

export const sessionRepository = Object.freeze({
  insertSession,
  findSessionByTokenHash,
  touchSession,
  setSessionWorkspace,
  deleteSession,
  deleteUserSessions,
  deleteUserWorkspaceSessions,
  findLastWorkspaceId,
  deleteExpiredSessions,
});

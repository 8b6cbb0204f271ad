import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database>;

async function insertWorkspace(db: Db, row: { id: string; name: string; created_at: string; updated_at: string }) {
  await db.insertInto('workspaces').values({ ...row, settings: '{}' }).execute();
}

async function insertMembership(db: Db, row: { workspace_id: string; user_id: string; role: string; created_at: string; updated_at: string }) {
  await db.insertInto('memberships').values(row).execute();
}

/** The user's role in a workspace, with the workspace's name; undefined when not a member. */
async function findMembership(db: Db, userId: string, workspaceId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select(['m.role', 'm.version', 'w.id as workspace_id', 'w.name as workspace_name', 'm.created_at'])
    .where('m.user_id', '=', userId)
    .where('m.workspace_id', '=', workspaceId)
    .executeTakeFirst();
}

/** Every workspace the user belongs to, oldest membership first. */
async function selectUserWorkspaces(db: Db, userId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
    .select(['w.id', 'w.name', 'm.role', 'w.created_at'])
    .where('m.user_id', '=', userId)
    .orderBy('m.created_at')
    .orderBy('w.id')
    .execute();
}

export const workspaceRepository = Object.freeze({ insertWorkspace, insertMembership, findMembership, selectUserWorkspaces });

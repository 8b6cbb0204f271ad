import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database>;

const selectMembers = (db: Db, workspaceId: string) =>
  db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.name', 'u.password_hash', 'u.last_login_at', 'm.role', 'm.version', 'm.created_at'])
    .where('m.workspace_id', '=', workspaceId);

const findMember = (db: Db, workspaceId: string, userId: string) =>
  selectMembers(db, workspaceId).where('u.id', '=', userId).executeTakeFirst();

async function countMembers(db: Db, workspaceId: string, role?: string): Promise<number> {
  let q = db.selectFrom('memberships').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId);
  if (role) q = q.where('role', '=', role);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** Sets a member's role only if the version is still the one read; returns whether it did. */
async function updateRole(db: Db, workspaceId: string, userId: string, role: string, version: number, at: string) {
  const result = await db
    .updateTable('memberships')
    .set({ role, version: version + 1, updated_at: at })
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

async function insertMembership(db: Db, row: { workspace_id: string; user_id: string; role: string; created_at: string; updated_at: string }) {
  await db.insertInto('memberships').values(row).execute();
}

async function deleteMembership(db: Db, workspaceId: string, userId: string) {
  await db.deleteFrom('memberships').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
}

export const teamRepository = Object.freeze({ selectMembers, findMember, countMembers, insertMembership, updateRole, deleteMembership });

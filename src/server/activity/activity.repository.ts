import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database>;

/** Which of these users are members of the workspace (assignees, the team member of an interaction). */
async function memberIds(db: Db, workspaceId: string, userIds: string[]): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const rows = await db.selectFrom('memberships').select('user_id').where('workspace_id', '=', workspaceId).where('user_id', 'in', userIds).execute();
  return new Set(rows.map((r) => r.user_id));
}

/** Whether the contact exists and belongs to this client. */
async function isContactOfClient(db: Db, workspaceId: string, clientId: string, contactId: string): Promise<boolean> {
  const row = await db.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('client_id', '=', clientId).where('id', '=', contactId).executeTakeFirst();
  return !!row;
}

/** Read-only look-ups of team members and contacts the activity modules validate references against. */
export const activityRepository = Object.freeze({ memberIds, isContactOfClient });

import type { Kysely } from 'kysely';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { AppError } from '../http/problem';
import { hashToken, newToken } from './token';

type Db = Kysely<Database>;

/** An invitation link is valid for a week and only once. */
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

/** Creates a one-time invitation for a user who has no password yet; returns the secret token. */
export async function createInvitation(db: Db, input: { workspaceId: string; userId: string; invitedBy: string | null }): Promise<string> {
  const token = newToken('rpi_');
  const now = Date.now();
  await db
    .insertInto('invitations')
    .values({
      token_hash: hashToken(token),
      workspace_id: input.workspaceId,
      user_id: input.userId,
      invited_by: input.invitedBy,
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + INVITATION_TTL_MS).toISOString(),
      accepted_at: null,
    })
    .execute();
  return token;
}

const gone = () => new AppError(410, 'invitation_invalid', 'This invitation link has expired or was already used. Ask for a new one.');

/** The invitation behind a token, still open and still backed by a membership; 410 otherwise. */
export async function invitationByToken(db: Db, token: string) {
  const row = await db
    .selectFrom('invitations as i')
    .innerJoin('users as u', 'u.id', 'i.user_id')
    .innerJoin('workspaces as w', 'w.id', 'i.workspace_id')
    .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'i.user_id').onRef('m.workspace_id', '=', 'i.workspace_id'))
    .leftJoin('users as by', 'by.id', 'i.invited_by')
    .select(['i.user_id', 'i.workspace_id', 'i.expires_at', 'i.accepted_at', 'u.email', 'u.name', 'u.password_hash', 'w.name as workspace_name', 'by.name as invited_by_name'])
    .where('i.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.accepted_at || row.password_hash || Date.parse(row.expires_at) < Date.now()) throw gone();
  return {
    userId: row.user_id,
    workspaceId: row.workspace_id,
    workspaceName: row.workspace_name,
    email: row.email,
    name: row.name,
    invitedBy: row.invited_by_name,
  };
}

/** Marks the invitation used; a second concurrent acceptance finds nothing to mark and fails. */
export async function markInvitationAccepted(db: Db, token: string): Promise<void> {
  const result = await db
    .updateTable('invitations')
    .set({ accepted_at: nowIso() })
    .where('token_hash', '=', hashToken(token))
    .where('accepted_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw gone();
}

import type { Kysely } from 'kysely';
import type { List } from '../../domain/list';
import { roleAtLeast, type Role } from '../../domain/role';
import type { AddTeamMemberBody, TeamMember } from '../../domain/team';
import { forgetCachedKeys, revokeKeysAboveRole } from '../api-keys/api-key.service';
import { actorForAudit, recordAudit } from '../audit/audit.service';
import { assertStrongPassword } from '../auth/account.service';
import type { Actor } from '../auth/actor';
import { createInvitation } from '../auth/invitation.service';
import { reassignClientOwner } from '../clients/client.cascade';
import { hashPassword } from '../auth/password';
import { authorize } from '../auth/policy';
import { endWorkspaceSessions } from '../auth/session.service';
import { findUserByEmail, insertUser } from '../auth/user.service';
import { isUniqueViolation, lockKey, lockTransaction } from '../db/dialect';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { assertVersion, stale } from '../http/etag';
import { conflict, fieldError, forbidden, notFound } from '../http/problem';
import { teamRepository } from './team.repository';
import { handOnSegments } from '../segments/segment.service';

type Db = Kysely<Database>;
type MemberRow = NonNullable<Awaited<ReturnType<typeof teamRepository.findMember>>>;

export const memberRowToTeamMember = (row: MemberRow): TeamMember => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role as Role,
  status: row.password_hash ? 'active' : 'invited',
  joinedAt: row.created_at,
  lastLoginAt: row.last_login_at,
  version: row.version,
});

export async function listTeam(db: Db, actor: Actor): Promise<List<TeamMember>> {
  authorize(actor, 'team.read');
  const rows = await teamRepository.selectMembers(db, actor.workspaceId).orderBy('u.name').orderBy('u.id').limit(5000).execute();
  return { data: rows.map(memberRowToTeamMember), nextCursor: null, total: rows.length };
}

export async function getTeamMember(db: Db, actor: Actor, userId: string): Promise<TeamMember> {
  authorize(actor, 'team.read');
  const row = await teamRepository.findMember(db, actor.workspaceId, userId);
  if (!row) throw notFound('team member');
  return memberRowToTeamMember(row);
}

/** Only an owner may hand out or take away the owner role; nobody may grant more than they have. */
function assertMayAssign(actor: Actor, role: Role): void {
  if (!roleAtLeast(actor.role, role)) throw forbidden(`You cannot give a role higher than yours (${actor.role}).`);
}

/**
 * Adds a person to the workspace. An existing account is simply added; a new one gets the
 * password given, or an invitation link (returned once) to choose one.
 */
export async function addTeamMember(
  db: Db,
  actor: Actor,
  body: AddTeamMemberBody,
  publicUrl: string,
): Promise<TeamMember & { inviteUrl: string | null }> {
  authorize(actor, 'team.manage');
  assertMayAssign(actor, body.role);
  if (body.password) assertStrongPassword(body.password, body, 'password');
  const passwordHash = body.password ? await hashPassword(body.password) : null;
  try {
    return await db.transaction().execute(async (trx) => {
      const now = nowIso();
      let user = await findUserByEmail(trx, body.email);
      if (user && (await teamRepository.findMember(trx, actor.workspaceId, user.id))) {
        throw conflict('This person is already in the team.', [{ path: 'email', message: 'is already a member of this workspace' }]);
      }
      if (!user) {
        user = { id: newId(), email: body.email, name: body.name, password_hash: passwordHash, created_at: now, updated_at: now, last_login_at: null };
        await insertUser(trx, user);
      }
      await teamRepository.insertMembership(trx, { workspace_id: actor.workspaceId, user_id: user.id, role: body.role, created_at: now, updated_at: now });
      const token = user.password_hash ? null : await createInvitation(trx, { workspaceId: actor.workspaceId, userId: user.id, invitedBy: actor.userId });
      await recordAudit(trx, actorForAudit(actor), {
        workspaceId: actor.workspaceId,
        action: 'member.added',
        entityType: 'user',
        entityId: user.id,
        changes: { email: { before: null, after: user.email }, role: { before: null, after: body.role } },
      });
      const row = await teamRepository.findMember(trx, actor.workspaceId, user.id);
      return { ...memberRowToTeamMember(row!), inviteUrl: token ? `${publicUrl}/invite/${token}` : null };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw conflict('This person was just added by someone else.', [{ path: 'email', message: 'is already a member of this workspace' }]);
    }
    throw error;
  }
}

/** Changes a member's role; concurrency-checked, and the last owner cannot step down. */
export async function changeRole(db: Db, actor: Actor, userId: string, role: Role, expectedVersion?: number): Promise<TeamMember> {
  authorize(actor, 'team.manage');
  assertMayAssign(actor, role);
  const changed = await db.transaction().execute(async (trx) => {
    await lockTransaction(trx, lockKey(`team:${actor.workspaceId}`));
    const member = await teamRepository.findMember(trx, actor.workspaceId, userId);
    if (!member) throw notFound('team member');
    assertVersion(member.version, expectedVersion);
    if (member.role === role) return memberRowToTeamMember(member);
    assertMayAssign(actor, member.role as Role);
    if (member.role === 'owner' && (await teamRepository.countMembers(trx, actor.workspaceId, 'owner')) === 1) {
      throw conflict('A workspace needs at least one owner. Make someone else owner first.', [
        { path: 'role', message: 'cannot change: this is the last owner' },
      ]);
    }
    if (!(await teamRepository.updateRole(trx, actor.workspaceId, userId, role, member.version, nowIso()))) throw stale();
    await revokeKeysAboveRole(trx, actor, userId, role);
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId,
      action: 'member.role_changed',
      entityType: 'user',
      entityId: userId,
      changes: { role: { before: member.role, after: role } },
    });
    return memberRowToTeamMember({ ...member, role, version: member.version + 1 });
  });
  forgetCachedKeys();
  return changed;
}

/**
 * Removes a member (or lets a member leave); ends their sessions and keys in this workspace.
 * The clients they own go to `reassignTo` (another member) or to nobody — never left pointing
 * at someone outside the team; each such client is audited as an edit. Their segments go to
 * `reassignTo` too, or stay with the team as shared segments.
 */
export async function removeTeamMember(db: Db, actor: Actor, userId: string, reassignTo: string | null = null): Promise<{ clientsReassigned: number }> {
  const leaving = actor.userId === userId;
  if (!leaving) authorize(actor, 'team.manage');
  const result = await db.transaction().execute(async (trx) => {
    await lockTransaction(trx, lockKey(`team:${actor.workspaceId}`));
    const member = await teamRepository.findMember(trx, actor.workspaceId, userId);
    if (!member) throw notFound('team member');
    if (!leaving) assertMayAssign(actor, member.role as Role);
    if (member.role === 'owner' && (await teamRepository.countMembers(trx, actor.workspaceId, 'owner')) === 1) {
      throw conflict('The last owner cannot be removed. Make someone else owner first.', [
        { path: 'role', message: 'cannot remove: this is the last owner' },
      ]);
    }
    if (reassignTo !== null && (reassignTo === userId || !(await teamRepository.findMember(trx, actor.workspaceId, reassignTo)))) {
      throw fieldError('reassignTo', reassignTo === userId ? 'must be someone other than the member being removed' : 'is not a member of this workspace');
    }
    const clientsReassigned = await reassignClientOwner(trx, actor, userId, reassignTo);
    await handOnSegments(trx, actor, userId, reassignTo);
    await teamRepository.deleteMembership(trx, actor.workspaceId, userId);
    await endWorkspaceSessions(trx, userId, actor.workspaceId);
    await revokeKeysAboveRole(trx, actor, userId, null);
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId,
      action: leaving ? 'member.left' : 'member.removed',
      entityType: 'user',
      entityId: userId,
      changes: { role: { before: member.role, after: null }, ...(clientsReassigned ? { clientsOwned: { before: clientsReassigned, after: 0 } } : {}), ...(clientsReassigned && reassignTo ? { clientsReassignedTo: { before: null, after: reassignTo } } : {}) },
    });
    return { clientsReassigned };
  });
  forgetCachedKeys();
  return result;
}

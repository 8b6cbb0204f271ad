import type { Kysely } from 'kysely';
import type { LoginBody, Me, SetupBody } from '../../domain/account';
import type { Role } from '../../domain/role';
import { recordAudit, type AuditActor } from '../audit/audit.service';
import { lockTransaction } from '../db/dialect';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { AppError, badRequest, conflict, forbidden, unauthorized } from '../http/problem';
import { createWorkspaceOwnedBy, listUserWorkspaces, membershipOf } from '../workspaces/workspace.service';
import type { Actor } from './actor';
import { invitationByToken, markInvitationAccepted } from './invitation.service';
import { assertLoginAllowed, clearLoginFailures, recordLoginFailure } from './login-throttle';
import { hashPassword, passwordWeaknesses, verifyPassword } from './password';
import { createSession } from './session.service';
import { sessionRepository } from './session.repository';
import { userRepository } from './user.repository';

type Db = Kysely<Database>;
type Client = { ip: string; userAgent: string | undefined };
export type SignedIn = { me: Me; token: string; expiresAt: string };

const SETUP_LOCK = 7_231_001;

export const meOf = (actor: Actor): Me => ({
  user: actor.userId ? { id: actor.userId, name: actor.userName ?? '', email: actor.userEmail ?? '' } : null,
  workspace: { id: actor.workspaceId, name: actor.workspaceName },
  role: actor.role,
  apiKey: actor.apiKeyId ? { id: actor.apiKeyId, name: actor.apiKeyName ?? '' } : null,
});

export async function isSetupNeeded(db: Db): Promise<boolean> {
  return (await userRepository.countUsers(db)) === 0;
}

/** First run: creates the first user, their workspace and a session. 409 once any user exists. */
export async function setup(db: Db, body: SetupBody, client: Client): Promise<SignedIn> {
  assertStrongPassword(body.password, body, 'password');
  const passwordHash = await hashPassword(body.password);
  return db.transaction().execute(async (trx) => {
    await lockTransaction(trx, SETUP_LOCK);
    if (!(await isSetupNeeded(trx))) throw conflict('Rapport is already set up. Sign in instead.');
    const now = nowIso();
    const userId = newId();
    await userRepository.insertUser(trx, {
      id: userId,
      email: body.email,
      name: body.name,
      password_hash: passwordHash,
      created_at: now,
      updated_at: now,
      last_login_at: now,
      // The person who sets the instance up administers it (the company directory).
      is_instance_admin: 1,
    });
    const by: AuditActor = { userId, apiKeyId: null, ip: client.ip, label: body.name };
    const workspace = await createWorkspaceOwnedBy(trx, userId, body.workspaceName, by);
    await recordAudit(trx, by, { workspaceId: workspace.id, action: 'auth.setup', entityType: 'user', entityId: userId });
    const session = await createSession(trx, { userId, workspaceId: workspace.id, ...client });
    return {
      me: { user: { id: userId, name: body.name, email: body.email }, workspace: { id: workspace.id, name: workspace.name }, role: 'owner', apiKey: null },
      ...session,
    };
  });
}

const BAD_CREDENTIALS = 'The e-mail or password is not right.';

/** Signs in; the same answer for an unknown e-mail and a wrong password. */
export async function login(db: Db, body: LoginBody, client: Client): Promise<SignedIn> {
  await assertLoginAllowed(db, body.email, client.ip);
  const user = await userRepository.findUserByEmail(db, body.email);
  const ok = await verifyPassword(body.password, user?.password_hash ?? null);
  const workspaces = user ? (await listUserWorkspaces(db, user.id)).data : [];
  const now = nowIso();
  if (!user || !ok) {
    await db.transaction().execute(async (trx) => {
      await recordLoginFailure(trx, body.email, client.ip, now);
      const by: AuditActor = { userId: user?.id ?? null, apiKeyId: null, ip: client.ip, label: body.email };
      const entries = (workspaces.length ? workspaces.map((w) => w.id) : [null]).map((workspaceId) => ({
        workspaceId,
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
      }));
      await recordAudit(trx, by, ...entries);
    });
    throw unauthorized(BAD_CREDENTIALS);
  }
  if (workspaces.length === 0) throw forbidden('Your account is not a member of any workspace. Ask an owner to add you.');
  const last = await sessionRepository.findLastWorkspaceId(db, user.id);
  const workspace = workspaces.find((w) => w.id === last?.workspace_id) ?? workspaces[0]!;
  return db.transaction().execute(async (trx) => {
    await clearLoginFailures(trx, body.email);
    await userRepository.updateUser(trx, user.id, { last_login_at: now });
    const session = await createSession(trx, { userId: user.id, workspaceId: workspace.id, ...client });
    await recordAudit(trx, { userId: user.id, apiKeyId: null, ip: client.ip, label: user.name }, {
      workspaceId: workspace.id,
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
    });
    return {
      me: { user: { id: user.id, name: user.name, email: user.email }, workspace: { id: workspace.id, name: workspace.name }, role: workspace.role, apiKey: null },
      ...session,
    };
  });
}

export async function logout(db: Db, actor: Actor & { sessionId: string }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sessionRepository.deleteSession(trx, actor.sessionId);
    await recordAudit(trx, { userId: actor.userId, apiKeyId: null, ip: actor.ip, label: actor.userName }, {
      workspaceId: actor.workspaceId,
      action: 'auth.logout',
      entityType: 'user',
      entityId: actor.userId,
    });
  });
}

/** Moves the session to another workspace the user belongs to; 403 otherwise. */
export async function switchWorkspace(db: Db, actor: Actor & { userId: string; sessionId: string }, workspaceId: string): Promise<Me> {
  const membership = await membershipOf(db, actor.userId, workspaceId);
  if (!membership) throw forbidden('You are not a member of that workspace.');
  await sessionRepository.setSessionWorkspace(db, actor.sessionId, workspaceId);
  return meOf({ ...actor, workspaceId, workspaceName: membership.workspaceName, role: membership.role });
}

export async function updateProfile(db: Db, actor: Actor & { userId: string }, name: string): Promise<Me> {
  await db.transaction().execute(async (trx) => {
    await userRepository.updateUser(trx, actor.userId, { name, updated_at: nowIso() });
    await recordAudit(trx, { userId: actor.userId, apiKeyId: null, ip: actor.ip, label: name }, {
      workspaceId: actor.workspaceId,
      action: 'user.profile_updated',
      entityType: 'user',
      entityId: actor.userId,
      changes: { name: { before: actor.userName, after: name } },
    });
  });
  return meOf({ ...actor, userName: name });
}

/** Changes the password and signs out every other session of the user. */
export async function changePassword(
  db: Db,
  actor: Actor & { userId: string; sessionId: string },
  body: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await userRepository.findUserById(db, actor.userId);
  if (!user || !(await verifyPassword(body.currentPassword, user.password_hash))) {
    throw badRequest('currentPassword is not right', [{ path: 'currentPassword', message: 'is not right' }]);
  }
  assertStrongPassword(body.newPassword, user, 'newPassword');
  const passwordHash = await hashPassword(body.newPassword);
  await db.transaction().execute(async (trx) => {
    await userRepository.updateUser(trx, user.id, { password_hash: passwordHash, updated_at: nowIso() });
    await sessionRepository.deleteUserSessions(trx, user.id, actor.sessionId);
    await recordAudit(trx, { userId: user.id, apiKeyId: null, ip: actor.ip, label: user.name }, {
      workspaceId: actor.workspaceId,
      action: 'auth.password_changed',
      entityType: 'user',
      entityId: user.id,
    });
  });
}

/** An invited member chooses a password and is signed in. */
export async function acceptInvitation(db: Db, body: { token: string; name?: string; password: string }, client: Client): Promise<SignedIn> {
  const invitation = await invitationByToken(db, body.token);
  const user = await userRepository.findUserById(db, invitation.userId);
  if (!user) throw new AppError(410, 'invitation_used', 'This invitation is no longer valid.');
  const name = body.name ?? user.name;
  assertStrongPassword(body.password, { email: user.email, name }, 'password');
  const passwordHash = await hashPassword(body.password);
  return db.transaction().execute(async (trx) => {
    await markInvitationAccepted(trx, body.token);
    const now = nowIso();
    await userRepository.updateUser(trx, user.id, { password_hash: passwordHash, name, updated_at: now, last_login_at: now });
    const session = await createSession(trx, { userId: user.id, workspaceId: invitation.workspaceId, ...client });
    await recordAudit(trx, { userId: user.id, apiKeyId: null, ip: client.ip, label: name }, {
      workspaceId: invitation.workspaceId,
      action: 'auth.invitation_accepted',
      entityType: 'user',
      entityId: user.id,
    });
    const membership = await membershipOf(trx, user.id, invitation.workspaceId);
    return {
      me: {
        user: { id: user.id, name, email: user.email },
        workspace: { id: invitation.workspaceId, name: invitation.workspaceName },
        role: (membership?.role ?? 'viewer') as Role,
        apiKey: null,
      },
      ...session,
    };
  });
}

/** 400 naming the field when a password is long enough but easy to guess. */
export function assertStrongPassword(password: string, context: { email?: string; name?: string }, field: string): void {
  const errors = passwordWeaknesses(password, context, field);
  if (errors.length) throw badRequest(`${field} ${errors[0]!.message}`, errors);
}

import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { Role } from '../../domain/role';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import type { Actor } from './actor';
import { sessionRepository } from './session.repository';
import { hashToken, newToken } from './token';

type Db = Kysely<Database>;

export const SESSION_COOKIE = 'rapport_session';
/** A session ends after a week without use, and after 30 days in any case. */
export const SESSION_IDLE_MS = 7 * 24 * 3600 * 1000;
export const SESSION_ABSOLUTE_MS = 30 * 24 * 3600 * 1000;
// Writing last_seen_at on every request would turn each read into a write; once a minute is enough.
const TOUCH_INTERVAL_MS = 60 * 1000;

/** Opens a session and returns its secret token (only its hash is stored). */
export async function createSession(
  db: Db,
  input: { userId: string; workspaceId: string; ip: string; userAgent: string | undefined },
): Promise<{ token: string; id: string; expiresAt: string }> {
  const token = newToken('rps_');
  const now = Date.now();
  const id = newId();
  const expiresAt = new Date(now + SESSION_ABSOLUTE_MS).toISOString();
  await sessionRepository.insertSession(db, {
    id,
    token_hash: hashToken(token),
    user_id: input.userId,
    workspace_id: input.workspaceId,
    ip: input.ip,
    user_agent: input.userAgent?.slice(0, 300) ?? null,
    created_at: new Date(now).toISOString(),
    last_seen_at: new Date(now).toISOString(),
    expires_at: expiresAt,
  });
  return { token, id, expiresAt };
}

/** The actor behind a session token, or null when the token is unknown, expired or its member was removed. */
export async function actorFromSession(db: Db, token: string, ip: string, now = Date.now()): Promise<Actor | null> {
  const row = await sessionRepository.findSessionByTokenHash(db, hashToken(token));
  if (!row) return null;
  const idleExpired = Date.parse(row.last_seen_at) + SESSION_IDLE_MS < now;
  if (idleExpired || Date.parse(row.expires_at) < now) {
    await sessionRepository.deleteSession(db, row.id);
    return null;
  }
  if (!row.role) return null;
  if (Date.parse(row.last_seen_at) + TOUCH_INTERVAL_MS < now) {
    await sessionRepository.touchSession(db, row.id, nowIso());
  }
  return {
    workspaceId: row.workspace_id,
    workspaceName: row.workspace_name,
    role: row.role as Role,
    userId: row.user_id,
    userName: row.user_name,
    userEmail: row.user_email,
    apiKeyId: null,
    apiKeyName: null,
    sessionId: row.id,
    ip,
  };
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure when the app is served over TLS. */
export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}

/** Ends a user's sessions in one workspace, e.g. when they are removed from it. */
export async function endWorkspaceSessions(db: Db, userId: string, workspaceId: string): Promise<void> {
  await sessionRepository.deleteUserWorkspaceSessions(db, userId, workspaceId);
}

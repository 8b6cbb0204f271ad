import type { FastifyRequest } from 'fastify';
import type { Role } from '../../domain/role';
import { unauthorized } from '../http/problem';

/** Who is acting, in which workspace, with which role: resolved once per request. */
export type Actor = {
  workspaceId: string;
  workspaceName: string;
  role: Role;
  userId: string | null;
  userName: string | null;
  userEmail: string | null;
  apiKeyId: string | null;
  apiKeyName: string | null;
  sessionId: string | null;
  ip: string;
};

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** The authenticated actor, or 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthorized();
  return request.actor;
}

/** The signed-in user behind a session (not an API key), or 401. */
export function requireSessionUser(request: FastifyRequest): Actor & { userId: string; sessionId: string } {
  const actor = requireActor(request);
  if (!actor.userId || !actor.sessionId) throw unauthorized('This endpoint needs a signed-in user, not an API key.');
  return actor as Actor & { userId: string; sessionId: string };
}

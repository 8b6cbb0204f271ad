import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Me } from '../../src/domain/account';
import type { Role } from '../../src/domain/role';

/** The session cookie's name (src/server/auth/session.service.ts). */
export const SESSION_COOKIE = 'rapport_session';

/** A short unique suffix, so tests sharing one database never collide. */
export const unique = () => randomBytes(4).toString('hex');

/** A password that passes every rule (length, common list, e-mail, variety). */
export const strongPassword = () => `Tidal-Quartz-${unique()}`;

/** Credentials for a request: a session cookie value or an API key (`rpk_…`). */
export type Credential = string;

/** Headers that authenticate as a session cookie or, for `rpk_…`, as an API key. */
export function authHeaders(credential: Credential): Record<string, string> {
  return credential.startsWith('rpk_') ? { authorization: `Bearer ${credential}` } : { cookie: `${SESSION_COOKIE}=${credential}` };
}

/** The session token from a response's set-cookie, or undefined when it sets none. */
export function sessionCookieOf(res: LightMyRequestResponse): string | undefined {
  return res.cookies.find((c) => c.name === SESSION_COOKIE && c.value)?.value;
}

type Body = Record<string, unknown>;

/** One JSON call as a given credential (or anonymously). */
export function call(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  options: { as?: Credential; body?: Body; headers?: Record<string, string>; remoteAddress?: string } = {},
) {
  return app.inject({
    method,
    url,
    headers: { ...(options.as ? authHeaders(options.as) : {}), ...options.headers },
    ...(options.body !== undefined ? { payload: options.body } : {}),
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
}

/** Asserts a problem+json response with this status and returns its body. */
export function expectProblem(res: LightMyRequestResponse, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = res.json() as { type: string; title: string; status: number; detail?: string; errors?: { path: string; message: string }[] };
  expect(problem.status).toBe(status);
  expect(typeof problem.type).toBe('string');
  expect(typeof problem.title).toBe('string');
  return problem;
}

export type SignedIn = { cookie: string; me: Me; email: string; password: string };

/** POST /setup (once per database): the first owner and their workspace. */
export async function setupOwner(app: FastifyInstance, input: { workspaceName?: string; name?: string; email?: string; password?: string } = {}): Promise<SignedIn> {
  const body = {
    workspaceName: input.workspaceName ?? 'Acme Cleaning',
    name: input.name ?? 'Olivia Owner',
    email: input.email ?? `owner-${unique()}@example.test`,
    password: input.password ?? strongPassword(),
  };
  const res = await call(app, 'POST', '/api/v1/setup', { body });
  expect(res.statusCode, res.body).toBe(201);
  return { cookie: sessionCookieOf(res)!, me: res.json(), email: body.email, password: body.password };
}

/** Signs in and returns the new session; fails the test unless the login succeeds. */
export async function login(app: FastifyInstance, email: string, password: string): Promise<SignedIn> {
  const res = await call(app, 'POST', '/api/v1/auth/login', { body: { email, password } });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = sessionCookieOf(res);
  expect(cookie).toBeTruthy();
  return { cookie: cookie!, me: res.json(), email, password };
}

/** Creates a workspace owned by the caller (201) and returns it. */
export async function createWorkspace(app: FastifyInstance, as: Credential, name = `Workspace ${unique()}`) {
  const res = await call(app, 'POST', '/api/v1/workspaces', { as, body: { name } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string; role: Role; createdAt: string };
}

/** Moves a session into one of the user's workspaces. */
export async function switchWorkspace(app: FastifyInstance, as: Credential, workspaceId: string): Promise<Me> {
  const res = await call(app, 'POST', '/api/v1/auth/switch-workspace', { as, body: { workspaceId } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/**
 * A workspace of its own for one test: the user signs in again (a session that only this
 * test moves around), creates a workspace and switches that session into it.
 */
export async function isolatedWorkspace(app: FastifyInstance, user: { email: string; password: string }) {
  const session = await login(app, user.email, user.password);
  const workspace = await createWorkspace(app, session.cookie);
  const me = await switchWorkspace(app, session.cookie, workspace.id);
  return { cookie: session.cookie, workspace, me, email: user.email, password: user.password };
}

export type AddedMember = { id: string; email: string; name: string; role: Role; version: number; inviteUrl: string | null; password?: string };

/** POST /users: adds a member to the caller's current workspace; with a password unless `password: null`. */
export async function addMember(
  app: FastifyInstance,
  as: Credential,
  input: { role: Role; email?: string; name?: string; password?: string | null },
): Promise<AddedMember> {
  const password = input.password === null ? undefined : (input.password ?? strongPassword());
  const body = { email: input.email ?? `member-${unique()}@example.test`, name: input.name ?? `Member ${unique()}`, role: input.role, ...(password ? { password } : {}) };
  const res = await call(app, 'POST', '/api/v1/users', { as, body });
  expect(res.statusCode, res.body).toBe(201);
  return { ...res.json(), password };
}

/** Adds a member with a password and signs them in. */
export async function addSignedInMember(app: FastifyInstance, as: Credential, role: Role) {
  const member = await addMember(app, as, { role });
  const session = await login(app, member.email, member.password!);
  return { ...member, cookie: session.cookie };
}

export type CreatedApiKey = { id: string; name: string; role: Role; prefix: string; token: string };

/** POST /api-keys as a signed-in user: a key of the session's workspace. */
export async function createApiKey(app: FastifyInstance, as: Credential, role: Role, name = `Key ${unique()}`): Promise<CreatedApiKey> {
  const res = await call(app, 'POST', '/api/v1/api-keys', { as, body: { name, role } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

type AuditEventBody = { id: string; action: string; entityType: string; entityId: string | null; changes: Record<string, { before: unknown; after: unknown }> | null; actor: { userId: string | null; apiKeyId: string | null; label: string | null } };

/** The caller's workspace audit trail, optionally filtered by action. */
export async function auditEvents(app: FastifyInstance, as: Credential, action?: string): Promise<AuditEventBody[]> {
  const res = await call(app, 'GET', `/api/v1/audit?limit=500${action ? `&action=${encodeURIComponent(action)}` : ''}`, { as });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data;
}

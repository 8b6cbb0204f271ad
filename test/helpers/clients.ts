import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Client, CreatedClient } from '../../src/domain/client';
import type { Role } from '../../src/domain/role';
import type { Actor } from '../../src/server/auth/actor';
import { authHeaders, call, unique, type Credential } from './factories';

/** A unique, valid e-mail for a client. */
export const clientEmail = () => `client-${unique()}@example.test`;

/** A unique, valid US phone number (NANP 555 range, accepted as fictional). */
export const clientPhone = () => `+1555${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;

/** POST /clients (201) with a unique name unless given; returns the created client. */
export async function createClient(app: FastifyInstance, as: Credential, body: Record<string, unknown> = {}): Promise<CreatedClient> {
  const res = await call(app, 'POST', '/api/v1/clients', { as, body: { firstName: 'Casey', lastName: `Client ${unique()}`, ...body } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

/** GET /clients/{id} (200). */
export async function getClient(app: FastifyInstance, as: Credential, id: string): Promise<Client> {
  const res = await call(app, 'GET', `/api/v1/clients/${id}`, { as });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** A PUT with a JSON body (the shared `call` helper has no PUT). */
export function put(app: FastifyInstance, url: string, as: Credential, body: unknown, headers: Record<string, string> = {}) {
  return app.inject({ method: 'PUT', url, headers: { ...authHeaders(as), ...headers }, payload: body as string });
}

/** An Actor for calling services directly (bulk functions), as the workspace's owner. */
export function ownerActor(workspaceId: string, userId: string, role: Role = 'owner'): Actor {
  return { workspaceId, workspaceName: 'Test', role, userId, userName: 'Test Owner', userEmail: null, apiKeyId: null, apiKeyName: null, sessionId: null, ip: '127.0.0.1' };
}

/**
 * A credential with a role in the caller's workspace, as an API key: role checks without the
 * cost of hashing a password and signing in. `.cookie` holds the key (call() sends it as Bearer).
 */
export async function roleKey(app: FastifyInstance, as: Credential, role: Role): Promise<{ cookie: string }> {
  const res = await call(app, 'POST', '/api/v1/api-keys', { as, body: { name: `${role} ${unique()}`, role } });
  expect(res.statusCode, res.body).toBe(201);
  return { cookie: res.json().token };
}

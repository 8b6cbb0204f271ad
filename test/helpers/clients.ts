import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Client, CreatedClient } from '../../src/domain/client';
import { call, unique, type Credential } from './factories';

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

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { apiKeySchema, createApiKeyBodySchema, createdApiKeySchema } from '../../domain/apiKey';
import { listOf } from '../../domain/list';
import { requireActor, requireSessionUser } from '../auth/actor';
import { typed, type ModuleDeps } from '../http/route-types';
import * as apiKeys from './api-key.service';

const tags = ['API keys'];

export async function apiKeyRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);

  r.get('/api-keys', { schema: { tags, summary: 'The workspace’s API keys (owner/admin)', response: { 200: listOf(apiKeySchema) } } }, async (request) =>
    apiKeys.listApiKeys(db, requireActor(request)),
  );

  r.post(
    '/api-keys',
    {
      schema: {
        tags,
        summary: 'Create an API key for the current workspace; the token is in this response only',
        body: createApiKeyBodySchema,
        response: { 201: createdApiKeySchema },
      },
    },
    async (request, reply) => reply.code(201).send(await apiKeys.createApiKey(db, requireSessionUser(request), request.body)),
  );

  r.delete(
    '/api-keys/:id',
    { schema: { tags, summary: 'Revoke an API key; calls with it fail from now on', params: z.object({ id: z.string().max(64) }) } },
    async (request, reply) => {
      await apiKeys.revokeApiKey(db, requireActor(request), request.params.id);
      return reply.code(204).send();
    },
  );
}

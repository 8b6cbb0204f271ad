import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireActor } from '../auth/actor';
import { typed, type ModuleDeps } from '../http/route-types';
import { loadSampleData } from './sample.service';

const body = z.strictObject({ clients: z.number().int().min(1).max(1000).default(200).describe('How many sample clients, 1–1000') });

export async function sampleRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  typed(app).post(
    '/sample-data',
    {
      schema: {
        tags: ['Clients'],
        summary: 'Load realistic sample clients into an empty workspace (owner/admin); 409 when it has clients',
        body,
        response: { 201: z.object({ created: z.number().int() }) },
      },
    },
    async (request, reply) => reply.code(201).send(await loadSampleData(db, requireActor(request), request.body.clients)),
  );
}

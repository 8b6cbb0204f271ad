import type { FastifyInstance } from 'fastify';
import { bulkBodySchema, bulkResultSchema } from '../../domain/bulk';
import { jobAcceptedSchema } from '../../domain/job';
import { requireActor } from '../auth/actor';
import { typed, type ModuleDeps } from '../http/route-types';
import './bulk.job';
import { runBulk } from './bulk.service';

export async function bulkRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  typed(app).post(
    '/clients/bulk',
    {
      schema: {
        tags: ['Clients'],
        summary: 'Apply setStatus, addTags, removeTags, assignOwner, delete or restore to ids or to every client a filter selects: 200 with counts (≤ 1,000 clients), else 202 with a job',
        body: bulkBodySchema,
        response: { 200: bulkResultSchema, 202: jobAcceptedSchema },
      },
    },
    async (request, reply) => {
      const outcome = await runBulk(db, requireActor(request), request.body);
      return outcome.kind === 'done' ? reply.code(200).send(outcome.counts) : reply.code(202).send({ jobId: outcome.jobId });
    },
  );
}

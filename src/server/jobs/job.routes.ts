import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { jobSchema } from '../../domain/job';
import { requireActor } from '../auth/actor';
import { typed, type ModuleDeps } from '../http/route-types';
import * as jobs from './job.service';

const tags = ['Jobs'];
const params = z.object({ id: z.string().max(64) });

export async function jobRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);
  r.get('/jobs/:id', { schema: { tags, summary: 'A background job: status, progress (done of total) and result', params, response: { 200: jobSchema } } }, async (request) =>
    jobs.getJob(db, requireActor(request), request.params.id),
  );
  r.post('/jobs/:id/cancel', { schema: { tags, summary: 'Cancel a queued or running job (work already done stays done)', params, response: { 200: jobSchema } } }, async (request) =>
    jobs.cancelJob(db, requireActor(request), request.params.id),
  );
}

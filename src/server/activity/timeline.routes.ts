import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listOf } from '../../domain/list';
import { timelineEntrySchema, timelineQuerySchema } from '../../domain/timeline';
import { requireActor } from '../auth/actor';
import { typed, type ModuleDeps } from '../http/route-types';
import { listTimeline } from './timeline.service';

const tags = ['Timeline'];
const params = z.object({ id: z.string().max(64) });

export async function timelineRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);
  r.get(
    '/clients/:id/timeline',
    { schema: { tags, summary: 'Everything that happened with a client, newest first (filter by kind; keyset pages)', params, querystring: timelineQuerySchema, response: { 200: listOf(timelineEntrySchema) } } },
    async (request) => listTimeline(db, requireActor(request), request.params.id, request.query),
  );
}

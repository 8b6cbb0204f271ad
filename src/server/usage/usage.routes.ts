import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { usageBatchBodySchema, usageBatchResultSchema, usageQuerySchema, usageSeriesSchema } from '../../domain/usage';
import { requireActor } from '../auth/actor';
import { typed, type ModuleDeps } from '../http/route-types';
import * as usage from './usage.service';

const tags = ['Usage'];

/** Usage metrics pushed by software businesses, and the daily series per client. */
export async function usageRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);
  r.post(
    '/usage',
    {
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Push up to 1,000 usage events {eventId, clientId | externalId, metric, value, at}: idempotent by eventId; answers accepted/duplicates/rejected with row errors',
        body: usageBatchBodySchema,
        response: { 200: usageBatchResultSchema },
      },
    },
    async (request) => usage.ingestUsage(db, requireActor(request), request.body.events),
  );
  r.get(
    '/clients/:id/usage',
    { schema: { tags, summary: 'Daily usage of a client per metric for the last `days` days (zeros filled in): a sparkline', params: z.object({ id: z.string().max(64) }), querystring: usageQuerySchema, response: { 200: usageSeriesSchema } } },
    async (request) => usage.getUsageSeries(db, requireActor(request), request.params.id, request.query),
  );
}

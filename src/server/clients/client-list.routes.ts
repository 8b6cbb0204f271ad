import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { clientSchema } from '../../domain/client';
import { clientQueryFieldsSchema, queryBoolean } from '../../domain/filter';
import { listOf, listQuerySchema } from '../../domain/list';
import { requireActor } from '../auth/actor';
import { typed, type ModuleDeps } from '../http/route-types';
import { countClients, listClients } from './client-list.service';

const tags = ['Clients'];

const listQuery = clientQueryFieldsSchema.extend(listQuerySchema.shape).extend({
  sort: z.string().max(80).optional().describe('name, createdAt, updatedAt, lastActivityAt, lastOrderAt, healthScore or custom.<key>; prefix - for descending'),
  withTotal: queryBoolean.optional().describe('false: leave the exact total out (`total` is null) so the page does not wait for the count; ask GET /clients/count beside it'),
});

// The list envelope, except that `total` is null when the caller asked withTotal=false.
const clientListResponse = listOf(clientSchema).extend({ total: z.number().int().nullable().describe('Number of clients matching the query across all pages; null with withTotal=false') });

/** The client list and its count (single records are in client.routes.ts). */
export async function clientListRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);
  r.get(
    '/clients',
    { schema: { tags, summary: 'List clients: search, filters, filter language, sort, keyset pages, exact total', querystring: listQuery, response: { 200: clientListResponse } } },
    async (request) => listClients(db, requireActor(request), request.query),
  );
  r.get(
    '/clients/count',
    { schema: { tags, summary: 'How many clients a list query selects (same query fields as GET /clients)', querystring: clientQueryFieldsSchema, response: { 200: z.object({ total: z.number().int() }) } } },
    async (request) => countClients(db, requireActor(request), request.query),
  );
}

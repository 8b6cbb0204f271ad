import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listOf, listQuerySchema } from '../../domain/list';
import { bulkMergeBodySchema, bulkMergeResultSchema, mergeBodySchema, mergeResultSchema, mergeSchema, undoMergeResultSchema } from '../../domain/merge';
import { requireActor } from '../auth/actor';
import { expectedVersion, setEtag } from '../http/etag';
import { typed, type ModuleDeps } from '../http/route-types';
import { bulkMerge } from './merge-bulk.service';
import { getMerge, listMerges } from './merge-list.service';
import { undoMerge } from './merge-undo.service';
import { mergeClients } from './merge.service';

const tags = ['Duplicates'];
const params = z.object({ id: z.string().max(64) });

export async function mergeRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);
  r.post(
    '/clients/:id/merge',
    {
      schema: {
        tags,
        summary:
          'Merge sourceIds into this client (manager): chosen field values, every related record moves over, the sources are marked merged (GET /clients/{sourceId} answers 301 to this one); dryRun answers the outcome without writing; If-Match or version: stale → 412',
        params,
        body: mergeBodySchema,
        response: { 200: mergeResultSchema },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const result = await mergeClients(db, requireActor(request), id, request.body, expectedVersion(request, id, request.body.version));
      setEtag(reply, result.survivor.id, result.survivor.version);
      return result;
    },
  );
  r.post(
    '/merges/bulk',
    {
      schema: {
        tags,
        summary: 'Many merges in one call (manager), each in its own transaction; dryRun answers every outcome first without writing. A client may be named by one merge only',
        body: bulkMergeBodySchema,
        response: { 200: bulkMergeResultSchema },
      },
    },
    async (request) => bulkMerge(db, requireActor(request), request.body),
  );
  r.get(
    '/merges',
    { schema: { tags, summary: 'Merges of the workspace, newest first; survivorId narrows to merges into one client', querystring: listQuerySchema.extend({ survivorId: z.string().max(64).optional() }), response: { 200: listOf(mergeSchema) } } },
    async (request) => listMerges(db, requireActor(request), request.query),
  );
  r.get('/merges/:id', { schema: { tags, summary: 'One merge: what moved, and until when it can be undone', params, response: { 200: mergeSchema } } }, async (request) =>
    getMerge(db, requireActor(request), request.params.id),
  );
  r.post(
    '/merges/:id/undo',
    { schema: { tags, summary: `Undo a merge within 30 days (manager): the sources come back and exactly what moved goes back; 409 once the survivor was edited since`, params, response: { 200: undoMergeResultSchema } } },
    async (request) => undoMerge(db, requireActor(request), request.params.id),
  );
}

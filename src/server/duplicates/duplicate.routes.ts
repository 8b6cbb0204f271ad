import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { clientDuplicateSchema, dismissDuplicateBodySchema, duplicateClusterSchema, duplicateSettingsSchema, updateDuplicateSettingsBodySchema } from '../../domain/duplicate';
import { listOf, listQuerySchema } from '../../domain/list';
import { requireActor } from '../auth/actor';
import { typed, type ModuleDeps } from '../http/route-types';
import { getDuplicateSettings, updateDuplicateSettings } from './duplicate-settings.service';
import { dismissDuplicate, listClientDuplicates, listDuplicates, startDuplicateScan } from './duplicate.service';
import { mergeRoutes } from './merge.routes';
// The scan's job handler registers itself with the job runner.
import './duplicate.scan';

const tags = ['Duplicates'];
const listQuery = listQuerySchema.extend({ minScore: z.coerce.number().int().min(0).max(100).optional().describe('Only groups whose best pair scores at least this') });

export async function duplicateRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const { db } = deps;
  const r = typed(app);
  r.get(
    '/duplicates',
    { schema: { tags, summary: 'Groups of likely duplicate clients, best score first, with each pair’s score and reasons', querystring: listQuery, response: { 200: listOf(duplicateClusterSchema) } } },
    async (request) => listDuplicates(db, requireActor(request), request.query),
  );
  r.get(
    '/clients/:id/duplicates',
    { schema: { tags, summary: 'The likely duplicates of one client, best first, with score and reasons', params: z.object({ id: z.string().max(64) }), response: { 200: z.object({ data: z.array(clientDuplicateSchema) }) } } },
    async (request) => listClientDuplicates(db, requireActor(request), request.params.id),
  );
  r.post(
    '/duplicates/scan',
    { schema: { tags, summary: 'Scan the whole workspace for duplicates as a background job (manager): 202 with the job id (GET /jobs/{id} for progress)', response: { 202: z.object({ jobId: z.string() }) } } },
    async (request, reply) => reply.code(202).send(await startDuplicateScan(db, requireActor(request))),
  );
  r.post(
    '/duplicates/dismiss',
    { schema: { tags, summary: '“Not a duplicate”: the pair leaves the queue and is never proposed again (member)', body: dismissDuplicateBodySchema } },
    async (request, reply) => {
      await dismissDuplicate(db, requireActor(request), request.body.clientIds);
      return reply.code(204).send();
    },
  );
  r.get(
    '/settings/duplicates',
    { schema: { tags: ['Settings'], summary: 'Duplicate rules: threshold, rule weights, name similarity, blocking (manager)', response: { 200: duplicateSettingsSchema } } },
    async (request) => getDuplicateSettings(db, requireActor(request)),
  );
  r.put(
    '/settings/duplicates',
    { schema: { tags: ['Settings'], summary: 'Change the duplicate rules (manager; partial; audited); the next scan applies them', body: updateDuplicateSettingsBodySchema, response: { 200: duplicateSettingsSchema } } },
    async (request) => updateDuplicateSettings(db, requireActor(request), request.body),
  );
  await mergeRoutes(app, deps);
}

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createCustomFieldBodySchema, customFieldSchema, updateCustomFieldBodySchema } from '../../domain/customField';
import { listOf } from '../../domain/list';
import { requireActor } from '../auth/actor';
import { expectedVersion, setEtag } from '../http/etag';
import { typed, type ModuleDeps } from '../http/route-types';
import * as customFields from './custom-field.service';

const tags = ['Custom fields'];
const params = z.object({ id: z.string().max(64) });

export async function customFieldRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);
  r.get('/custom-fields', { schema: { tags, summary: 'The workspace’s custom client fields', response: { 200: listOf(customFieldSchema) } } }, async (request) =>
    customFields.listCustomFields(db, requireActor(request)),
  );
  r.post('/custom-fields', { schema: { tags, summary: 'Define a custom field (admin)', body: createCustomFieldBodySchema, response: { 201: customFieldSchema } } }, async (request, reply) => {
    const field = await customFields.createCustomField(db, requireActor(request), request.body);
    setEtag(reply, field.id, field.version);
    return reply.code(201).send(field);
  });
  r.patch(
    '/custom-fields/:id',
    { schema: { tags, summary: 'Change a custom field’s label, options, required flag or position (admin)', params, body: updateCustomFieldBodySchema, response: { 200: customFieldSchema } } },
    async (request, reply) => {
      const { id } = request.params;
      const field = await customFields.updateCustomField(db, requireActor(request), id, request.body, expectedVersion(request, id, request.body.version));
      setEtag(reply, field.id, field.version);
      return field;
    },
  );
  r.delete('/custom-fields/:id', { schema: { tags, summary: 'Delete a custom field and its values (admin)', params } }, async (request, reply) => {
    await customFields.deleteCustomField(db, requireActor(request), request.params.id);
    return reply.code(204).send();
  });
}

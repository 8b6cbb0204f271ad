import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createInteractionBodySchema, interactionListQuerySchema, interactionSchema, updateInteractionBodySchema } from '../../domain/interaction';
import { listOf } from '../../domain/list';
import { requireActor } from '../auth/actor';
import { expectedVersion, setEtag } from '../http/etag';
import { typed, type ModuleDeps } from '../http/route-types';
import * as interactions from './interaction.service';

const tags = ['Interactions'];
const params = z.object({ id: z.string().max(64) });
const deleteQuery = z.object({ version: z.coerce.number().int().optional() });

export async function interactionRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);
  r.get(
    '/clients/:id/interactions',
    { schema: { tags, summary: 'A client’s communication history, newest first', params, querystring: interactionListQuerySchema, response: { 200: listOf(interactionSchema) } } },
    async (request) => interactions.listInteractions(db, requireActor(request), request.params.id, request.query),
  );
  r.post(
    '/clients/:id/interactions',
    {
      schema: {
        tags,
        summary: 'Log an interaction (member): a follow-up date creates a task; inbound ones are tracked for a response; an outbound one answers what was waiting',
        params,
        body: createInteractionBodySchema,
        response: { 201: interactionSchema },
      },
    },
    async (request, reply) => {
      const interaction = await interactions.createInteraction(db, requireActor(request), request.params.id, request.body);
      setEtag(reply, interaction.id, interaction.version);
      return reply.code(201).send(interaction);
    },
  );
  r.get('/interactions/:id', { schema: { tags, summary: 'One interaction', params, response: { 200: interactionSchema } } }, async (request, reply) => {
    const interaction = await interactions.getInteraction(db, requireActor(request), request.params.id);
    setEtag(reply, interaction.id, interaction.version);
    return interaction;
  });
  r.patch(
    '/interactions/:id',
    { schema: { tags, summary: 'Change an interaction (partial; If-Match or version: stale → 412)', params, body: updateInteractionBodySchema, response: { 200: interactionSchema } } },
    async (request, reply) => {
      const { id } = request.params;
      const interaction = await interactions.updateInteraction(db, requireActor(request), id, request.body, expectedVersion(request, id, request.body.version));
      setEtag(reply, interaction.id, interaction.version);
      return interaction;
    },
  );
  r.delete('/interactions/:id', { schema: { tags, summary: 'Delete an interaction (member; audited)', params, querystring: deleteQuery } }, async (request, reply) => {
    const { id } = request.params;
    await interactions.deleteInteraction(db, requireActor(request), id, expectedVersion(request, id, request.query.version));
    return reply.code(204).send();
  });
}

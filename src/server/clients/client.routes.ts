import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditEventSchema } from '../../domain/audit';
import { clientSchema, createClientBodySchema, createdClientSchema, deleteClientQuerySchema, updateClientBodySchema } from '../../domain/client';
import { listOf, listQuerySchema } from '../../domain/list';
import { requireActor } from '../auth/actor';
import { expectedVersion, setEtag } from '../http/etag';
import { typed, type ModuleDeps } from '../http/route-types';
import * as clients from './client.service';
import { survivorOf } from '../duplicates/merge.service';

const tags = ['Clients'];
const params = z.object({ id: z.string().max(64) });

/** Single client records. The list (GET /clients, /clients/count) and bulk actions are in client-list routes. */
export async function clientRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);

  r.post(
    '/clients',
    {
      schema: {
        tags,
        summary: 'Create a client. 409 with existingClientId when the e-mail belongs to another live client; warnings name likely duplicates (same name and phone)',
        body: createClientBodySchema,
        response: { 201: createdClientSchema },
      },
    },
    async (request, reply) => {
      const client = await clients.createClient(db, requireActor(request), request.body);
      setEtag(reply, client.id, client.version);
      return reply.code(201).send(client);
    },
  );

  r.get('/clients/:id', { schema: { tags, summary: 'One client (also from Trash: see deletedAt); a merged client’s id answers 301 to the client it was merged into', params, response: { 200: clientSchema, 301: z.object({ mergedInto: z.string() }) } } }, async (request, reply) => {
    const actor = requireActor(request);
    const client = await clients.getClient(db, actor, request.params.id);
    // A merged client's id resolves to its survivor: 301 to it (browsers and most HTTP clients follow).
    const survivor = client.deletedAt ? await survivorOf(db, actor.workspaceId, client.id) : null;
    if (survivor) return reply.code(301).header('location', `/api/v1/clients/${survivor}`).send({ mergedInto: survivor });
    setEtag(reply, client.id, client.version);
    return client;
  });

  r.patch(
    '/clients/:id',
    { schema: { tags, summary: 'Change a client (partial; concurrency-checked with If-Match or version: stale → 412)', params, body: updateClientBodySchema, response: { 200: clientSchema } } },
    async (request, reply) => {
      const { id } = request.params;
      const client = await clients.updateClient(db, requireActor(request), id, request.body, expectedVersion(request, id, request.body.version));
      setEtag(reply, client.id, client.version);
      return client;
    },
  );

  r.delete(
    '/clients/:id',
    { schema: { tags, summary: 'Move a client to Trash (manager), or with permanent=true delete it for good (owner/admin)', params, querystring: deleteClientQuerySchema } },
    async (request, reply) => {
      const { id } = request.params;
      if (request.query.permanent === 'true') await clients.purgeClient(db, requireActor(request), id);
      else await clients.deleteClient(db, requireActor(request), id, expectedVersion(request, id));
      return reply.code(204).send();
    },
  );

  r.post(
    '/clients/:id/restore',
    { schema: { tags, summary: 'Bring a client back from Trash (409 with existingClientId when its e-mail was taken meanwhile)', params, response: { 200: clientSchema } } },
    async (request, reply) => {
      const client = await clients.restoreClient(db, requireActor(request), request.params.id);
      setEtag(reply, client.id, client.version);
      return client;
    },
  );

  r.get(
    '/clients/:id/audit',
    { schema: { tags, summary: 'The client’s change history, newest first', params, querystring: listQuerySchema, response: { 200: listOf(auditEventSchema) } } },
    async (request) => clients.listClientAudit(db, requireActor(request), request.params.id, request.query),
  );
}

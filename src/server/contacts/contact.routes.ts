import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { contactSchema, createContactBodySchema, updateContactBodySchema } from '../../domain/contact';
import { listOf, listQuerySchema } from '../../domain/list';
import { requireActor } from '../auth/actor';
import { expectedVersion, setEtag } from '../http/etag';
import { typed, type ModuleDeps } from '../http/route-types';
import * as contacts from './contact.service';

const tags = ['Contacts'];
const params = z.object({ id: z.string().max(64) });

export async function contactRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);
  r.get(
    '/clients/:id/contacts',
    { schema: { tags, summary: 'The people at a client', params, querystring: listQuerySchema, response: { 200: listOf(contactSchema) } } },
    async (request) => contacts.listContacts(db, requireActor(request), request.params.id, request.query),
  );
  r.post(
    '/clients/:id/contacts',
    { schema: { tags, summary: 'Add a contact to a client (member)', params, body: createContactBodySchema, response: { 201: contactSchema } } },
    async (request, reply) => {
      const contact = await contacts.createContact(db, requireActor(request), request.params.id, request.body);
      setEtag(reply, contact.id, contact.version);
      return reply.code(201).send(contact);
    },
  );
  r.get('/contacts/:id', { schema: { tags, summary: 'One contact', params, response: { 200: contactSchema } } }, async (request, reply) => {
    const contact = await contacts.getContact(db, requireActor(request), request.params.id);
    setEtag(reply, contact.id, contact.version);
    return contact;
  });
  r.patch(
    '/contacts/:id',
    { schema: { tags, summary: 'Change a contact (partial; If-Match or version: stale → 412)', params, body: updateContactBodySchema, response: { 200: contactSchema } } },
    async (request, reply) => {
      const { id } = request.params;
      const contact = await contacts.updateContact(db, requireActor(request), id, request.body, expectedVersion(request, id, request.body.version));
      setEtag(reply, contact.id, contact.version);
      return contact;
    },
  );
  r.delete('/contacts/:id', { schema: { tags, summary: 'Delete a contact (member)', params } }, async (request, reply) => {
    await contacts.deleteContact(db, requireActor(request), request.params.id);
    return reply.code(204).send();
  });
}

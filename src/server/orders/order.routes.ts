import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listOf } from '../../domain/list';
import { createOrderBodySchema, orderListQuerySchema, orderSchema, updateOrderBodySchema } from '../../domain/order';
import { requireActor } from '../auth/actor';
import { expectedVersion, setEtag } from '../http/etag';
import { typed, type ModuleDeps } from '../http/route-types';
import * as orders from './order.service';

const tags = ['Orders'];
const params = z.object({ id: z.string().max(64) });
const deleteQuery = z.object({ version: z.coerce.number().int().optional().describe('The version you saw; stale → 412 (or send If-Match)') });

export async function orderRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);
  r.get(
    '/clients/:id/orders',
    { schema: { tags, summary: 'A client’s orders (bookings, jobs, projects), newest first', params, querystring: orderListQuerySchema, response: { 200: listOf(orderSchema) } } },
    async (request) => orders.listOrders(db, requireActor(request), request.params.id, request.query),
  );
  r.post(
    '/clients/:id/orders',
    { schema: { tags, summary: 'Book an order (member): ends Guest; a completed one turns a prospect or trial client active', params, body: createOrderBodySchema, response: { 201: orderSchema } } },
    async (request, reply) => {
      const order = await orders.createOrder(db, requireActor(request), request.params.id, request.body);
      setEtag(reply, order.id, order.version);
      return reply.code(201).send(order);
    },
  );
  r.get('/orders/:id', { schema: { tags, summary: 'One order', params, response: { 200: orderSchema } } }, async (request, reply) => {
    const order = await orders.getOrder(db, requireActor(request), request.params.id);
    setEtag(reply, order.id, order.version);
    return order;
  });
  r.patch(
    '/orders/:id',
    { schema: { tags, summary: 'Change an order (partial; If-Match or version: stale → 412)', params, body: updateOrderBodySchema, response: { 200: orderSchema } } },
    async (request, reply) => {
      const { id } = request.params;
      const order = await orders.updateOrder(db, requireActor(request), id, request.body, expectedVersion(request, id, request.body.version));
      setEtag(reply, order.id, order.version);
      return order;
    },
  );
  r.delete('/orders/:id', { schema: { tags, summary: 'Delete an order (member; If-Match or ?version: stale → 412)', params, querystring: deleteQuery } }, async (request, reply) => {
    const { id } = request.params;
    await orders.deleteOrder(db, requireActor(request), id, expectedVersion(request, id, request.query.version));
    return reply.code(204).send();
  });
}

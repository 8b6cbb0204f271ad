import type { FastifyInstance } from 'fastify';
import { orderSettingsSchema, updateOrderSettingsBodySchema } from '../../domain/orderSettings';
import { requireActor } from '../auth/actor';
import { typed, type ModuleDeps } from '../http/route-types';
import { getOrderSettings, updateOrderSettings } from './order-settings.service';

const tags = ['Settings'];

export async function orderSettingsRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);
  r.get('/settings/orders', { schema: { tags, summary: 'What the workspace calls an order (order, booking, job, project), its currency and default credit terms', response: { 200: orderSettingsSchema } } }, async (request) =>
    getOrderSettings(db, requireActor(request)),
  );
  r.put(
    '/settings/orders',
    { schema: { tags, summary: 'Change the order word, the workspace currency or the default credit terms (admin)', body: updateOrderSettingsBodySchema, response: { 200: orderSettingsSchema } } },
    async (request) => updateOrderSettings(db, requireActor(request), request.body),
  );
}

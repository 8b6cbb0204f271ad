import type { FastifyInstance } from 'fastify';
import { clientSettingsSchema, updateClientSettingsBodySchema } from '../../domain/clientSettings';
import { requireActor } from '../auth/actor';
import { typed, type ModuleDeps } from '../http/route-types';
import { getClientSettings, updateClientSettings } from './client-settings.service';

const tags = ['Settings'];

export async function clientSettingsRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);
  r.get('/settings/clients', { schema: { tags, summary: 'Client rules: default phone country, “new client” days, Trash days', response: { 200: clientSettingsSchema } } }, async (request) =>
    getClientSettings(db, requireActor(request)),
  );
  r.put(
    '/settings/clients',
    { schema: { tags, summary: 'Change the client rules (admin)', body: updateClientSettingsBodySchema, response: { 200: clientSettingsSchema } } },
    async (request) => updateClientSettings(db, requireActor(request), request.body),
  );
}

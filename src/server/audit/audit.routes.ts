import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditEventSchema } from '../../domain/audit';
import { listOf, listQuerySchema } from '../../domain/list';
import { requireActor } from '../auth/actor';
import { typed, type ModuleDeps } from '../http/route-types';
import { listAuditEvents } from './audit.service';

const querystring = listQuerySchema.extend({
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(64).optional(),
  action: z.string().max(80).optional(),
});

export async function auditRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  typed(app).get(
    '/audit',
    { schema: { tags: ['Audit'], summary: 'The workspace’s audit trail, newest first (owner/admin)', querystring, response: { 200: listOf(auditEventSchema) } } },
    async (request) => listAuditEvents(db, requireActor(request), request.query),
  );
}

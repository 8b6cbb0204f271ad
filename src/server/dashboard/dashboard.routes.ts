import type { FastifyInstance } from 'fastify';
import { dashboardQuerySchema, dashboardSchema } from '../../domain/dashboard';
import { requireActor } from '../auth/actor';
import { typed, type ModuleDeps } from '../http/route-types';
import { getDashboard } from './dashboard.service';

export async function dashboardRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  typed(app).get(
    '/dashboard',
    {
      schema: {
        tags: ['Dashboard'],
        summary: 'The morning dashboard: health bands, clients needing attention, my tasks today, overdue responses, renewals in 30 days, new alerts',
        querystring: dashboardQuerySchema,
        response: { 200: dashboardSchema },
      },
    },
    async (request) => getDashboard(db, requireActor(request), request.query),
  );
}

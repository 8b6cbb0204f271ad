import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { reportKinds, reportOverviewSchema, reportQuerySchema, reportSchema } from '../../domain/report';
import { requireActor } from '../auth/actor';
import { typed, type ModuleDeps } from '../http/route-types';
import { csvFileName, reportCsv } from './report.csv';
import * as reports from './report.service';

const tags = ['Reports'];

export async function reportRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);
  r.get(
    '/reports/overview',
    { schema: { tags, summary: 'Totals by status and health band, and the latest activity', response: { 200: reportOverviewSchema } } },
    async (request) => reports.overview(db, requireActor(request)),
  );
  for (const kind of reportKinds) {
    r.get(
      `/reports/${kind}`,
      {
        schema: {
          tags, summary: `The ${kind.replace('-', ' ')} report: {columns, rows, chart}; ?format=csv downloads it`,
          querystring: reportQuerySchema, response: { 200: z.union([reportSchema, z.string()]) },
        },
      },
      async (request, reply) => {
        const report = await reports.runReport(db, requireActor(request), kind, request.query);
        if (request.query.format !== 'csv') return report;
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${csvFileName(report)}"`)
          .send(reportCsv(report));
      },
    );
  }
}

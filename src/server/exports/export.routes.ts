import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { clientExportQuerySchema, createExportBodySchema, exportColumnSchema, exportParts, exportSchema } from '../../domain/export';
import { requireActor } from '../auth/actor';
import { typed, type ModuleDeps } from '../http/route-types';
import './export.job';
import { createExport, downloadClients, exportColumns, exportFile, getExport, listExports, type Download } from './export.service';
import { exportStorageOf, registerExportStorage } from './export.storage';

const tags = ['Exports'];
const params = z.object({ id: z.string().max(64) });

/** `filename*` carries the UTF-8 name (RFC 6266); the plain one is an ASCII fallback. */
const disposition = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export async function exportRoutes(app: FastifyInstance, { db, config }: ModuleDeps) {
  registerExportStorage(db, exportStorageOf(config.dataDir));
  const r = typed(app);
  const send = (reply: import('fastify').FastifyReply, d: Download) =>
    reply.header('content-type', d.contentType).header('content-disposition', disposition(d.filename)).header('cache-control', 'no-store').send(d.body);

  r.get(
    '/clients/export',
    {
      schema: {
        tags,
        summary: 'Download the clients a list query selects as CSV (UTF-8 with BOM), XLSX, JSON lines or vCard 3.0, streamed as it is written',
        querystring: clientExportQuerySchema,
      },
    },
    async (request, reply) => send(reply, await downloadClients(db, requireActor(request), request.query)),
  );
  r.get('/exports/columns', { schema: { tags, summary: 'The columns an export can hold: built-ins, figures and custom fields', response: { 200: z.object({ data: z.array(exportColumnSchema) }) } } }, async (request) => ({
    data: await exportColumns(db, requireActor(request)),
  }));
  r.post(
    '/exports',
    {
      schema: {
        tags,
        summary: 'Export a selection (ids, filter with the list’s query fields, or segmentId) as a background job; the files are downloaded when it has finished',
        body: createExportBodySchema,
        response: { 202: z.object({ id: z.string(), jobId: z.string() }) },
      },
    },
    async (request, reply) => reply.code(202).send(await createExport(db, requireActor(request), request.body)),
  );
  r.get('/exports', { schema: { tags, summary: 'Recent exports (your own; every one for admins), newest first', response: { 200: z.object({ data: z.array(exportSchema) }) } } }, async (request) =>
    listExports(db, requireActor(request)),
  );
  r.get('/exports/:id', { schema: { tags, summary: 'An export: progress, then its files', params, response: { 200: exportSchema } } }, async (request) =>
    getExport(db, requireActor(request), request.params.id),
  );
  r.get(
    '/exports/:id/file',
    { schema: { tags, summary: 'Download a finished export’s file (part: clients, contacts or interactions)', params, querystring: z.object({ part: z.enum(exportParts).default('clients') }) } },
    async (request, reply) => send(reply, await exportFile(db, requireActor(request), request.params.id, request.query.part)),
  );
}

import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createImportPresetBodySchema, importAcceptedSchema, importErrorSchema, importOptionsSchema, importPresetSchema, importPreviewSchema, importSchema } from '../../domain/import';
import { listOf } from '../../domain/list';
import { requireActor, type Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { AppError, badRequest } from '../http/problem';
import { typed, type ModuleDeps } from '../http/route-types';
import './import.job';
import { rejectedRowsCsv } from './import.rejected';
import * as imports from './import.service';
import type { ImportRow } from './import.repository';
import { importFileLimits, useImportStorage } from './import.storage';
import './import.undo';

const tags = ['Imports'];
const params = z.object({ id: z.string().max(64) });
const pageQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).optional(), cursor: z.string().max(500).optional() });

/** Form fields of POST /imports: strings, read as their JSON or boolean values. */
function optionsFromForm(fields: Record<string, string>): unknown {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (k === 'mapping' || k === 'transforms' || k === 'createCustomFields') {
      try {
        out[k] = JSON.parse(v);
      } catch {
        throw badRequest(`${k} is not valid JSON`, [{ path: k, message: 'is not valid JSON' }]);
      }
    } else if (k === 'dryRun') out[k] = v === 'true' || v === '1';
    else out[k] = v;
  }
  return out;
}

/** The multipart upload: the `file` part streams into storage; the other parts are form fields. */
async function receive(db: ModuleDeps['db'], request: FastifyRequest, actor: Actor): Promise<{ row: ImportRow; fields: Record<string, string> }> {
  authorize(actor, 'client.write');
  if (!request.isMultipart()) throw new AppError(415, 'multipart_required', 'Send the file as multipart/form-data with a part named "file".', [{ path: 'file', message: 'is required as a multipart part' }]);
  const fields: Record<string, string> = {};
  let row: ImportRow | undefined;
  try {
    for await (const part of request.parts({ limits: { fileSize: importFileLimits.maxBytes + 1, files: 1, fields: 20, fieldSize: 1_000_000 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || row) {
          part.file.resume();
          throw badRequest(`Unexpected file part "${part.fieldname}": send one part named "file".`, [{ path: part.fieldname, message: 'unknown field' }]);
        }
        row = await imports.receiveImportFile(db, actor, part.file, part.filename);
      } else fields[part.fieldname] = String(part.value);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const code = (error as { code?: string }).code ?? '';
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError(413, 'too_large', 'The file is too large.', [{ path: 'file', message: 'is too large' }]);
    if (/^E[A-Z]+$/.test(code)) throw error;
    throw new AppError(400, 'malformed_multipart', `The multipart body could not be read: ${(error as Error).message}.`, [{ path: 'file', message: 'the multipart body is malformed or cut short' }]);
  }
  if (!row) throw badRequest('file is required: send it as a multipart part named "file".', [{ path: 'file', message: 'is required' }]);
  return { row, fields };
}

/** Imports: upload and preview, start (or dry run), progress, history, errors, rejected rows, cancel, undo, presets. */
export async function importRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const { db } = deps;
  useImportStorage(deps.config.dataDir);
  if (deps.config.importMaxBytes) importFileLimits.maxBytes = deps.config.importMaxBytes;
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: importFileLimits.maxBytes + 1, files: 1 } });
    const r = typed(scope);
    r.post(
      '/imports',
      {
        schema: {
          tags,
          summary: 'Import a CSV, TSV or XLSX file of clients (multipart: file, mapping JSON, mode, matchOn, dryRun, transforms JSON): 202 {id}; poll GET /imports/{id}',
          consumes: ['multipart/form-data'],
          response: { 202: importAcceptedSchema },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const { row, fields } = await receive(db, request, actor);
        try {
          return reply.code(202).send(await imports.startImport(db, actor, row.id, optionsFromForm(fields)));
        } catch (error) {
          await imports.discardDraft(db, row);
          throw error;
        }
      },
    );
    r.post(
      '/imports/preview',
      {
        schema: {
          tags,
          summary: 'Upload a file to import (multipart: file): its encoding, delimiter, headers, first rows, the suggested mapping, fields and presets. Start it with POST /imports/{id}/start',
          consumes: ['multipart/form-data'],
          response: { 201: importPreviewSchema },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const { row } = await receive(db, request, actor);
        return reply.code(201).send(await imports.previewImport(db, actor, row));
      },
    );
  });
  const r = typed(app);
  r.get('/imports', { schema: { tags, summary: 'Import history, newest first', querystring: pageQuery, response: { 200: listOf(importSchema) } } }, async (request) =>
    imports.listImports(db, requireActor(request), request.query),
  );
  r.get('/imports/presets', { schema: { tags, summary: 'Mapping presets: shipped (HubSpot, Salesforce, Twenty, Google Contacts, Outlook) and saved', response: { 200: z.object({ data: z.array(importPresetSchema) }) } } }, async (request) => ({
    data: await imports.listPresets(db, requireActor(request)),
  }));
  r.post('/imports/presets', { schema: { tags, summary: 'Save a mapping preset', body: createImportPresetBodySchema, response: { 201: importPresetSchema } } }, async (request, reply) =>
    reply.code(201).send(await imports.createPreset(db, requireActor(request), request.body)),
  );
  r.delete('/imports/presets/:id', { schema: { tags, summary: 'Delete a saved preset', params } }, async (request, reply) => {
    await imports.deletePreset(db, requireActor(request), request.params.id);
    return reply.code(204).send();
  });
  r.get('/imports/:id', { schema: { tags, summary: 'An import: status, counts, rows/s, ETA and its first errors', params, response: { 200: importSchema } } }, async (request) =>
    imports.getImport(db, requireActor(request), request.params.id),
  );
  r.get('/imports/:id/preview', { schema: { tags, summary: 'The preview of an uploaded file again', params, response: { 200: importPreviewSchema } } }, async (request) => {
    const actor = requireActor(request);
    authorize(actor, 'client.read');
    return imports.previewImport(db, actor, await imports.findImportOf(db, actor, request.params.id));
  });
  r.post('/imports/:id/start', { schema: { tags, summary: 'Start an uploaded import (or a real run after a dry run — without a new mapping, with the dry run’s own options): 202 {id}', params, body: importOptionsSchema.partial().optional() } }, async (request, reply) =>
    reply.code(202).send(await imports.startImport(db, requireActor(request), request.params.id, request.body)),
  );
  r.get('/imports/:id/errors', { schema: { tags, summary: 'Every rejected row’s reasons, by row', params, querystring: pageQuery, response: { 200: listOf(importErrorSchema) } } }, async (request) =>
    imports.listImportErrors(db, requireActor(request), request.params.id, request.query),
  );
  r.get('/imports/:id/rejected.csv', { schema: { tags, summary: 'The rejected rows as CSV with an extra "Error" column (cells neutralised against formula injection)', params } }, async (request, reply) => {
    const actor = requireActor(request);
    authorize(actor, 'client.read');
    const row = await imports.findImportOf(db, actor, request.params.id);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="rejected-rows.csv"`)
      .header('cache-control', 'private, no-store')
      .send(rejectedRowsCsv(db, row));
  });
  r.post('/imports/:id/cancel', { schema: { tags, summary: 'Stop a running import after its current batch', params, response: { 200: importSchema } } }, async (request) =>
    imports.cancelImport(db, requireActor(request), request.params.id),
  );
  r.post('/imports/:id/undo', { schema: { tags, summary: 'Undo an import: removes the clients it created and restores the fields it changed (where nobody changed them since): 202 {id}', params, response: { 202: importAcceptedSchema } } }, async (request, reply) =>
    reply.code(202).send(await imports.undoImport(db, requireActor(request), request.params.id)),
  );
}

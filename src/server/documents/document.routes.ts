import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { documentListQuerySchema, documentSchema, documentSettingsSchema, updateDocumentBodySchema, updateDocumentSettingsBodySchema } from '../../domain/document';
import { listOf } from '../../domain/list';
import { requireActor } from '../auth/actor';
import { expectedVersion, setEtag } from '../http/etag';
import { AppError } from '../http/problem';
import { typed, type ModuleDeps } from '../http/route-types';
import type { FileStorage } from '../storage/storage';
import { documentStorage } from './document-files.sweep';
import * as documents from './document.service';

const tags = ['Documents'];
const params = z.object({ id: z.string().max(64) });
/** Room for the form fields and multipart framing beside the file itself. */
const FORM_OVERHEAD = 256 * 1024;

/** `attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266 / 5987). */
const contentDisposition = (fileName: string) => {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
};

/**
 * Reads a multipart upload: the `file` part is streamed into storage as it arrives (never
 * buffered whole), the other parts are the document's fields, in any order.
 */
async function receiveUpload(request: FastifyRequest, storage: FileStorage, deps: ModuleDeps) {
  const actor = requireActor(request);
  const clientId = (request.params as { id: string }).id;
  const { maxBytes } = await documents.prepareUpload(deps.db, actor, clientId);
  // Too large: refused by its header before a byte of the body is read, or as soon as the
  // file passes the limit; the connection is closed rather than drained.
  const tooLarge = () => {
    const error = documents.uploadTooLarge(maxBytes);
    return new AppError(error.status, error.code, error.message, error.errors, undefined, { connection: 'close' });
  };
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes + FORM_OVERHEAD) throw tooLarge();
  if (!request.isMultipart()) {
    throw new AppError(415, 'multipart_required', 'Send the document as multipart/form-data with a part named "file".', [{ path: 'file', message: 'is required as a multipart part' }]);
  }
  const fields: Record<string, string> = {};
  let file: documents.ReceivedFile | undefined;
  try {
    // busboy's own limit is one byte more, so storage sees the excess byte and stops at once
    // (busboy would only report its limit at the end of the part, after reading all of it).
    for await (const part of request.parts({ limits: { fileSize: maxBytes + 1, files: 1, fields: 20, fieldSize: 20_000 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file) {
          part.file.resume();
          throw new AppError(400, 'validation', `Unexpected file part "${part.fieldname}": send one part named "file".`, [{ path: part.fieldname, message: 'unknown field' }]);
        }
        file = await documents.receiveFile(storage, actor, clientId, part.file, part.filename, maxBytes);
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    if (file) await storage.delete(file.key);
    const code = (error as { code?: string }).code ?? '';
    if (error instanceof AppError && error.status === 413) throw tooLarge();
    if (error instanceof AppError) throw error;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw new AppError(400, 'validation', 'Too many parts: send one "file" and the document fields.', [{ path: 'file', message: 'only one file per upload' }]);
    }
    // Disk errors (ENOSPC, EACCES…) are ours; anything else is a body that is not valid multipart.
    if (/^E[A-Z]+$/.test(code)) throw error;
    throw new AppError(400, 'malformed_multipart', `The multipart body could not be read: ${(error as Error).message}.`, [{ path: 'file', message: 'the multipart body is malformed or cut short' }]);
  }
  return documents.createDocument(deps.db, storage, actor, clientId, file, fields);
}

async function sendFile(reply: FastifyReply, file: Awaited<ReturnType<typeof documents.openDocumentFile>>) {
  return reply
    .header('content-disposition', contentDisposition(file.fileName))
    .header('content-length', String(file.size))
    .header('cache-control', 'private, no-store')
    .type(file.contentType.startsWith('text/') ? `${file.contentType}; charset=utf-8` : file.contentType)
    .send(file.stream);
}

/** Client documents: multipart upload (type by content, size by settings), metadata, download, delete. */
export async function documentRoutes(app: FastifyInstance, deps: ModuleDeps) {
  const { db } = deps;
  const storage = documentStorage(deps.config.dataDir);

  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { files: 1, fields: 20, fieldSize: 20_000 } });
    const r = typed(scope);

    r.get(
      '/clients/:id/documents',
      { schema: { tags, summary: 'A client’s documents, newest first (confidential ones only for roles the document.confidential policy allows)', params, querystring: documentListQuerySchema, response: { 200: listOf(documentSchema) } } },
      async (request) => documents.listDocuments(db, requireActor(request), request.params.id, request.query),
    );
    r.post(
      '/clients/:id/documents',
      {
        schema: {
          tags,
          summary: 'Upload a document (member): multipart/form-data with `file` and the fields kind, title, expiresAt, confidential, verification, notes. The type is decided by the content (PDF, images, Office, zip, text/CSV); the size limit is settings/documents.maxUploadMb',
          params,
          consumes: ['multipart/form-data'],
          response: { 201: documentSchema },
        },
      },
      async (request, reply) => {
        const doc = await receiveUpload(request, storage, deps);
        setEtag(reply, doc.id, doc.version);
        return reply.code(201).send(doc);
      },
    );
    r.get('/documents/:id', { schema: { tags, summary: 'One document’s metadata', params, response: { 200: documentSchema } } }, async (request, reply) => {
      const doc = await documents.getDocument(db, requireActor(request), request.params.id);
      setEtag(reply, doc.id, doc.version);
      return doc;
    });
    r.patch(
      '/documents/:id',
      { schema: { tags, summary: 'Change a document’s metadata (partial; If-Match or version: stale → 412)', params, body: updateDocumentBodySchema, response: { 200: documentSchema } } },
      async (request, reply) => {
        const { id } = request.params;
        const doc = await documents.updateDocument(db, requireActor(request), id, request.body, expectedVersion(request, id, request.body.version));
        setEtag(reply, doc.id, doc.version);
        return doc;
      },
    );
    r.delete('/documents/:id', { schema: { tags, summary: 'Delete a document and its file (member); audited', params } }, async (request, reply) => {
      await documents.deleteDocument(db, storage, requireActor(request), request.params.id);
      return reply.code(204).send();
    });
    r.get('/documents/:id/download', { schema: { tags, summary: 'The document’s file, as an attachment', params } }, async (request, reply) =>
      sendFile(reply, await documents.openDocumentFile(db, storage, requireActor(request), request.params.id)),
    );
    r.get(
      '/clients/:id/documents/:docId/download',
      { schema: { tags, summary: 'The document’s file, as an attachment (the client in the path must own it)', params: z.object({ id: z.string().max(64), docId: z.string().max(64) }) } },
      async (request, reply) => sendFile(reply, await documents.openDocumentFile(db, storage, requireActor(request), request.params.docId, request.params.id)),
    );

    r.get('/settings/documents', { schema: { tags: ['Settings'], summary: 'Document rules: the upload size limit', response: { 200: documentSettingsSchema } } }, async (request) =>
      documents.getDocumentSettings(db, requireActor(request)),
    );
    r.put(
      '/settings/documents',
      { schema: { tags: ['Settings'], summary: 'Change the document rules (admin); audited', body: updateDocumentSettingsBodySchema, response: { 200: documentSettingsSchema } } },
      async (request) => documents.updateDocumentSettings(db, requireActor(request), request.body),
    );
  });
}

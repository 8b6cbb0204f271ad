import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireActor } from '../auth/actor';
import { typed, type ModuleDeps } from '../http/route-types';
import { deleteClientPhoto, getClientPhoto, PHOTO_MAX_BYTES, photoTooLarge, setClientPhoto } from './photo.service';

const tags = ['Clients'];
const params = z.object({ id: z.string().max(64) });

/** The uploaded image: the raw body, or the first file of a multipart form. */
async function uploadedBytes(request: FastifyRequest): Promise<Buffer | undefined> {
  // A JSON body is parsed by the JSON parser: it is not an image.
  if (!request.isMultipart()) return Buffer.isBuffer(request.body) ? request.body : undefined;
  try {
    const file = await request.file();
    return file ? await file.toBuffer() : undefined;
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw photoTooLarge();
    throw error;
  }
}

/** Client photos: upload (raw image or multipart), the photo and its thumbnail, removal. */
export async function photoRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  // Own scope: the image body parsers and multipart apply to these routes only.
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: PHOTO_MAX_BYTES, files: 1, fields: 5, parts: 6 } });
    // Any other body type is read raw: the image type is decided by its bytes, with a clear 415.
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: PHOTO_MAX_BYTES }, (_request, body, done) => done(null, body));
    const r = typed(scope);

    r.put(
      '/clients/:id/photo',
      {
        bodyLimit: PHOTO_MAX_BYTES + 64 * 1024,
        schema: {
          tags,
          summary: 'Set the client’s photo: a JPEG, PNG or WebP (by content) of at most 5 MB, as the raw body (Content-Type image/*) or a multipart file; a 256 px thumbnail is made',
          params,
          response: { 200: z.object({ photoUrl: z.string() }) },
        },
      },
      async (request) => setClientPhoto(db, requireActor(request), request.params.id, await uploadedBytes(request)),
    );

    r.get(
      '/clients/:id/photo',
      { schema: { tags, summary: 'The client’s photo (size=full, the default) or its 256 px thumbnail (size=thumb)', params, querystring: z.object({ size: z.enum(['thumb', 'full']).default('full'), v: z.string().max(64).optional() }) } },
      async (request, reply) => {
        const photo = await getClientPhoto(db, requireActor(request), request.params.id, request.query.size);
        // URLs carry the photo's id (?v=), so a changed photo is a new URL and this one may be cached.
        reply.header('cache-control', request.query.v ? 'private, max-age=31536000, immutable' : 'private, no-cache');
        return reply.type(photo.contentType).send(photo.bytes);
      },
    );

    r.delete('/clients/:id/photo', { schema: { tags, summary: 'Remove the client’s photo', params } }, async (request, reply) => {
      await deleteClientPhoto(db, requireActor(request), request.params.id);
      return reply.code(204).send();
    });
  });
}

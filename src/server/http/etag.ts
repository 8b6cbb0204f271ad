import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './problem';

/** The ETag of a versioned record: weak, since it names a version rather than bytes. */
export const etagOf = (id: string, version: number) => `W/"${id}.${version}"`;

export function setEtag(reply: FastifyReply, id: string, version: number): void {
  reply.header('etag', etagOf(id, version));
}

/**
 * The version a writer based their edit on, from If-Match or a `version` field in the body.
 * Returns undefined when the caller sent neither (a blind write, still allowed).
 */
export function expectedVersion(request: FastifyRequest, id: string, bodyVersion?: number): number | undefined {
  const ifMatch = request.headers['if-match'];
  if (ifMatch && ifMatch !== '*') {
    const match = /^(?:W\/)?"([^"]+)\.(\d+)"$/.exec(ifMatch.trim());
    if (!match || match[1] !== id) throw stale();
    return Number(match[2]);
  }
  return bodyVersion;
}

/** Throws 412 when the stored version is not the one the writer saw; nothing is written. */
export function assertVersion(current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) throw stale();
}

export const stale = () =>
  new AppError(412, 'stale_version', 'Someone else changed this record after you loaded it. Reload it and apply your change again.');

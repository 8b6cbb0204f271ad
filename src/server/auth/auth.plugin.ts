import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { actorFromApiKey } from '../api-keys/api-key.service';
import type { Db } from '../db/database';
import { AppError, unauthorized } from '../http/problem';
import { actorFromSession, SESSION_COOKIE } from './session.service';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Resolves the caller once per request: a Bearer API key or the session cookie. Routes then
 * call requireActor(). Cookie-carrying unsafe requests must come from our own origin.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: { db: Db; publicUrl: string }) => {
  app.decorateRequest('actor', null);
  const publicHost = new URL(opts.publicUrl).host;

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const authorization = request.headers.authorization;
    if (authorization) {
      const [scheme, token] = authorization.split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !token) throw unauthorized('Authorization must be "Bearer <API key>".');
      request.actor = await actorFromApiKey(opts.db, token.trim(), request.ip);
      if (!request.actor) throw unauthorized('This API key is unknown or has been revoked.');
      return;
    }
    if (UNSAFE.has(request.method)) assertSameOrigin(request, publicHost);
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.actor = await actorFromSession(opts.db, token, request.ip);
  });
});

/**
 * CSRF defence without tokens: browsers mark cross-site requests with Sec-Fetch-Site and
 * Origin, which a page on another site cannot forge. Clients that send neither (curl,
 * server-to-server) are not browsers and carry no ambient cookie to abuse.
 */
function assertSameOrigin(request: FastifyRequest, publicHost: string): void {
  const site = request.headers['sec-fetch-site'];
  if (site && site !== 'same-origin' && site !== 'none') throw csrf();
  const origin = request.headers.origin;
  if (origin) {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      throw csrf();
    }
    if (host !== request.headers.host && host !== publicHost) throw csrf();
  }
}

const csrf = () => new AppError(403, 'cross_site_request', 'Cross-site request refused: this request did not come from Rapport’s own pages.');

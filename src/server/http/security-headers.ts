import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Security headers computed once with helmet's own rules, then copied onto every response.
 * @fastify/helmet recomputes them per request, which halved our throughput (bench/http.ts);
 * the headers never vary between requests here, so computing them once is the same result.
 */
export function computeSecurityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(options)({} as never, res as never, () => {});
  return headers;
}

/** The SPA's policy: only our own scripts; inline styles for Mantine's CSS variables. */
export const appHelmetOptions = (https: boolean): HelmetOptions => ({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      // Self-hosted installs are often reached over plain HTTP on a LAN address, so no
      // upgrade-insecure-requests: it would break every asset there.
    },
  },
  strictTransportSecurity: https ? { maxAge: 31536000 } : false,
  crossOriginEmbedderPolicy: false,
});

/**
 * JSON answers are never rendered as pages, so the API gets the short set GitHub's API also
 * uses: no sniffing, nothing may load or frame it. Half the bytes of the page set, which
 * shows in requests/s (bench/http.ts).
 */
export const apiSecurityHeaders = (https: boolean): Record<string, string> => ({
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  ...(https ? { 'strict-transport-security': 'max-age=31536000' } : {}),
});

/** Adds the page headers to pages and the API headers to /api/v1; the API docs page sets its own CSP. */
export function registerSecurityHeaders(app: FastifyInstance, https: boolean): void {
  const page = computeSecurityHeaders(appHelmetOptions(https));
  const api = apiSecurityHeaders(https);
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.url.startsWith('/api/v1/') ? api : page);
    done();
  });
}

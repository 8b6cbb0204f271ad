import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { apiKeyRoutes } from './api-keys/api-key.routes';
import { auditRoutes } from './audit/audit.routes';
import { accountRoutes } from './auth/account.routes';
import { clientListRoutes } from './clients/client-list.routes';
import { clientSettingsRoutes } from './clients/client-settings.routes';
import { clientRoutes } from './clients/client.routes';
import { contactRoutes } from './contacts/contact.routes';
import { customFieldRoutes } from './custom-fields/custom-field.routes';
import { directoryRoutes } from './directory/directory.routes';
import { authPlugin } from './auth/auth.plugin';
import type { Config } from './config';
import type { Db, DialectName } from './db/database';
import { registerProblemHandler, sendProblem } from './http/problem';
import { registerSecurityHeaders } from './http/security-headers';
import { jobRoutes } from './jobs/job.routes';
import { orderSettingsRoutes } from './orders/order-settings.routes';
import { orderRoutes } from './orders/order.routes';
import { billingRoutes } from './billing/billing.routes';
import { photoRoutes } from './photos/photo.routes';
import { sampleRoutes } from './sample/sample.routes';
import { segmentRoutes } from './segments/segment.routes';
import { bulkRoutes } from './bulk/bulk.routes';
import type { ModuleDeps } from './http/route-types';
import { tagRoutes } from './tags/tag.routes';
import { teamRoutes } from './team/team.routes';
import { workspaceRoutes } from './workspaces/workspace.routes';
import { activitySettingsRoutes } from './activity/activity-settings.routes';
import { timelineRoutes } from './activity/timeline.routes';
import { interactionRoutes } from './interactions/interaction.routes';
import { taskRoutes } from './tasks/task.routes';
import { documentRoutes } from './documents/document.routes';
import { feedbackRoutes } from './feedback/feedback.routes';
import { loyaltyRoutes } from './loyalty/loyalty.routes';
import { referralRoutes } from './referrals/referral.routes';
import { usageRoutes } from './usage/usage.routes';
import { alertRoutes } from './alerts/alert.routes';
import { outboxRoutes } from './mail/outbox.routes';
import { healthRoutes } from './health/health.routes';
import { reportRoutes } from './reports/report.routes';
import { dashboardRoutes } from './dashboard/dashboard.routes';
import { importRoutes } from './imports/import.routes';
import { exportRoutes } from './exports/export.routes';
import { duplicateRoutes } from './duplicates/duplicate.routes';

export type AppDeps = { db: Db; dialect: DialectName; config: Config; logger?: FastifyServerOptions['logger'] };

const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/web');

// Secrets travel in headers and in a few URLs (invitation links); none of them reach the log.
const redactSecrets = (url: string) => url.replace(/(rp[skip]_)[A-Za-z0-9_-]+/g, '$1[redacted]');

/** Pino options for request logs: method, URL (secrets masked), status and time; never headers or bodies. */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    // The serializers below are an allow-list (no headers, no bodies), so nothing needs redacting.
    serializers: {
      req: (req) => ({ method: req.method, url: redactSecrets(req.url), remoteAddress: req.ip }),
      res: (res) => ({ statusCode: res.statusCode }),
    },
  };
}

/** Builds the whole application without listening: main.ts listens, tests use app.inject(). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    trustProxy: true,
    // One log line per request (method, URL, status, time) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { coerceTypes: false } },
    // Errors the router raises before any handler (a malformed %-escape, an over-long path
    // parameter) are problem+json like every other error, not Fastify's own shape.
    frameworkErrors: (error, _request, reply) => sendProblem(reply, error.statusCode ?? 400, 'bad_url', error.message),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandler(app);
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info({ req: request, res: reply, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
    done();
  });

  await app.register(cookie);
  registerSecurityHeaders(app, deps.config.publicUrl.startsWith('https:'));

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Rapport API',
        version: '1',
        description:
          'Client management API. Authenticate with `Authorization: Bearer <API key>` (create one under Settings → API keys) or the session cookie of the web app. Errors are application/problem+json.',
      },
      servers: [{ url: deps.config.publicUrl }],
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (rpk_…)' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true,
    // Swagger UI's own policy, minus what does not fit a self-hosted app (remote styles, forced HTTPS).
    transformStaticCSP: (h) => h.replace(' upgrade-insecure-requests;', '').replace(/ https:/g, ''),
  });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(authPlugin, { db: deps.db, publicUrl: deps.config.publicUrl });

  const moduleDeps: ModuleDeps = { db: deps.db, dialect: deps.dialect, config: deps.config };
  await app.register(
    async (api) => {
      for (const routes of [
        accountRoutes, workspaceRoutes, teamRoutes, apiKeyRoutes, auditRoutes,
        clientRoutes, clientSettingsRoutes, contactRoutes, photoRoutes, tagRoutes, customFieldRoutes, directoryRoutes,
        clientListRoutes, jobRoutes, sampleRoutes, segmentRoutes, bulkRoutes,
        activitySettingsRoutes, timelineRoutes, interactionRoutes, taskRoutes,
        documentRoutes, feedbackRoutes, referralRoutes, loyaltyRoutes, usageRoutes,
        orderRoutes, orderSettingsRoutes, billingRoutes,
        alertRoutes, outboxRoutes,
        healthRoutes,
        reportRoutes, dashboardRoutes,
        importRoutes,
        exportRoutes,
        duplicateRoutes,
      ]) {
        await routes(api, moduleDeps);
      }
    },
    { prefix: '/api/v1' },
  );

  app.get('/healthz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(deps.db);
      return { status: 'ok' };
    } catch {
      return sendProblem(reply, 503, 'database_unavailable', 'The database does not answer.');
    }
  });

  registerWebApp(app);
  return app;
}

/** Serves the built React app, with index.html for any deep link that is not an API path. */
function registerWebApp(app: FastifyInstance): void {
  const hasWeb = fs.existsSync(path.join(WEB_ROOT, 'index.html'));
  if (hasWeb) {
    app.register(fastifyStatic, {
      root: WEB_ROOT,
      wildcard: false,
      index: false,
      setHeaders: (res, file) => {
        res.setHeader('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0]!;
    if (url.startsWith('/api/') || url === '/api' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return sendProblem(reply, 404, 'not_found', `There is no ${request.method} ${url}.`);
    }
    if (!hasWeb) return reply.code(404).type('text/plain').send('The web app is not built. Run `npm run build`.');
    if (path.extname(url)) return sendProblem(reply, 404, 'not_found', `There is no file ${url}.`);
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { clientHealthSchema, healthPreviewSchema } from '../../domain/healthExplanation';
import { healthOverrideBodySchema } from '../../domain/healthOverride';
import { healthBandSchema, healthSettingsSchema, healthWeightsSchema, updateHealthSettingsBodySchema } from '../../domain/healthSettings';
import { requireActor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { expectedVersion, setEtag } from '../http/etag';
import { typed, type ModuleDeps } from '../http/route-types';
import * as client from './health.client.service';
import { enqueueHealthRecompute } from './health.job';
import * as settings from './health.settings.service';

const tags = ['Health'];
const params = z.object({ id: z.string().max(64) });
const iso = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time' }).or(z.iso.date({ error: 'must be a date such as 2026-01-31' }));
const historyQuery = z.object({ from: iso.optional().describe('History from (default: 365 days before to)'), to: iso.optional().describe('History up to (default: today)') });

const catalogSchema = z.object({
  presets: z.record(z.string(), z.array(healthBandSchema)).describe('Band presets (standard, fourBand) with their recommended actions'),
  factors: z.record(z.string(), z.object({ label: z.string(), combine: z.enum(['min', 'mean']), measures: z.array(z.string()).readonly() })),
  measures: z.record(z.string(), z.object({ label: z.string(), unit: z.string(), help: z.string() })),
  suggestions: z.record(z.string(), healthWeightsSchema).describe('Suggested weights for a profile (saas, services)'),
});
const settingsResponse = catalogSchema.extend({ settings: healthSettingsSchema, version: z.number().int().describe('Workspace version: send as If-Match W/"<workspaceId>.<version>" or `version`') });
const putBody = updateHealthSettingsBodySchema.extend({ version: z.number().int().optional().describe('The workspace version the edit is based on (412 when stale)') });

/** Health scores: a client's explanation, history and override; the workspace's settings, preview and full recompute. */
export async function healthRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);
  r.get(
    '/clients/:id/health',
    { schema: { tags, summary: 'A client’s health: score, band, each factor’s value/score/weight/contribution, what changed and why, daily history, 30-day trend, override, recommended action', params, querystring: historyQuery, response: { 200: clientHealthSchema } } },
    async (request) => client.getClientHealth(db, requireActor(request), request.params.id, request.query),
  );
  r.post(
    '/clients/:id/health/recompute',
    { schema: { tags, summary: 'Recompute a client’s health now (member)', params, response: { 200: clientHealthSchema } } },
    async (request) => client.recomputeNow(db, requireActor(request), request.params.id),
  );
  r.put(
    '/clients/:id/health/override',
    { schema: { tags, summary: 'Override the score and/or band with a reason until an expiry (manager; audited; on the timeline)', params, body: healthOverrideBodySchema, response: { 200: clientHealthSchema } } },
    async (request) => client.setHealthOverride(db, requireActor(request), request.params.id, request.body),
  );
  r.delete(
    '/clients/:id/health/override',
    { schema: { tags, summary: 'Clear the override (manager; audited)', params, response: { 204: z.null() } } },
    async (request, reply) => {
      await client.clearHealthOverride(db, requireActor(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
  r.get(
    '/settings/health',
    { schema: { tags: ['Settings', ...tags], summary: 'Health settings (weights, curves, bands, windows, profiles), band presets, factor and measure definitions, weight suggestions', response: { 200: settingsResponse } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const s = await settings.getHealthSettings(db, actor);
      setEtag(reply, actor.workspaceId, s.version);
      return s;
    },
  );
  r.put(
    '/settings/health',
    {
      schema: {
        tags: ['Settings', ...tags],
        summary: 'Change the health settings (manager; partial; If-Match or version → 412 when stale; audited; queues a full recompute)',
        body: putBody,
        response: { 200: z.object({ settings: healthSettingsSchema, recomputeJobId: z.string().nullable(), version: z.number().int() }) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { version, ...body } = request.body;
      const out = await settings.updateHealthSettings(db, actor, body, expectedVersion(request, actor.workspaceId, version));
      setEtag(reply, actor.workspaceId, out.version);
      return out;
    },
  );
  r.post(
    '/settings/health/preview',
    { schema: { tags: ['Settings', ...tags], summary: 'How many clients each band would hold with these settings (same body as PUT; nothing saved)', body: putBody, response: { 200: healthPreviewSchema } } },
    async (request) => {
      const { version: _ignored, ...body } = request.body;
      return settings.previewHealthSettings(db, requireActor(request), body);
    },
  );
  r.post(
    '/health/recompute',
    { schema: { tags, summary: 'Recompute every client’s health now, as a job (manager)', response: { 202: z.object({ jobId: z.string() }) } } },
    async (request, reply) => {
      const actor = requireActor(request);
      authorize(actor, 'health.manage');
      return reply.code(202).send({ jobId: await enqueueHealthRecompute(db, actor.workspaceId, actor.userId) });
    },
  );
}

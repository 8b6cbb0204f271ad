import type { FastifyInstance } from 'fastify';
import { activitySettingsSchema, updateActivitySettingsBodySchema } from '../../domain/activitySettings';
import { requireActor } from '../auth/actor';
import { typed, type ModuleDeps } from '../http/route-types';
import { getActivitySettings, updateActivitySettings } from './activity-settings.service';
// The nightly inactivity rule (job handler + schedule) registers itself with the job runner.
import './inactivity.job';

const tags = ['Settings'];

export async function activitySettingsRoutes(app: FastifyInstance, { db }: ModuleDeps) {
  const r = typed(app);
  r.get(
    '/settings/activity',
    { schema: { tags, summary: 'Activity rules: response targets (minutes), inactivity days, expected contact cadence per status', response: { 200: activitySettingsSchema } } },
    async (request) => getActivitySettings(db, requireActor(request)),
  );
  r.put(
    '/settings/activity',
    { schema: { tags, summary: 'Change the activity rules (admin; partial; audited)', body: updateActivitySettingsBodySchema, response: { 200: activitySettingsSchema } } },
    async (request) => updateActivitySettings(db, requireActor(request), request.body),
  );
}

import type { Kysely } from 'kysely';
import { defaultActivitySettings, type ActivitySettings, type UpdateActivitySettingsBody } from '../../domain/activitySettings';
import type { FieldError } from '../../domain/problem';
import { actorForAudit, diff, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { fromJson, toJson } from '../db/dialect';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { badRequest, notFound } from '../http/problem';

type Db = Kysely<Database>;

async function readWorkspaceSettings(db: Db, workspaceId: string) {
  const row = await db.selectFrom('workspaces').select(['settings', 'version']).where('id', '=', workspaceId).executeTakeFirst();
  if (!row) throw notFound('workspace');
  return { settings: fromJson<Record<string, unknown>>(row.settings) ?? {}, version: row.version };
}

const withDefaults = (stored: Partial<ActivitySettings> | undefined): ActivitySettings => ({
  responseTargets: { ...defaultActivitySettings.responseTargets, ...(stored?.responseTargets ?? {}) },
  inactivityDays: stored?.inactivityDays ?? defaultActivitySettings.inactivityDays,
  expectedCadence: { ...defaultActivitySettings.expectedCadence, ...(stored?.expectedCadence ?? {}) },
});

/** The workspace's activity rules (response targets, inactivity days, cadence), defaults filled in. No permission check. */
export async function activitySettingsOf(db: Db, workspaceId: string): Promise<ActivitySettings> {
  const { settings } = await readWorkspaceSettings(db, workspaceId);
  return withDefaults(settings.activity as Partial<ActivitySettings> | undefined);
}

export async function getActivitySettings(db: Db, actor: Actor): Promise<ActivitySettings> {
  authorize(actor, 'client.read');
  return activitySettingsOf(db, actor.workspaceId);
}

/** Changes response targets, inactivity days or expected cadence (admin); audited with before/after. */
export async function updateActivitySettings(db: Db, actor: Actor, body: UpdateActivitySettingsBody): Promise<ActivitySettings> {
  authorize(actor, 'settings.manage');
  // Another module may write its own settings key at the same moment: the version check
  // makes the loser read again instead of overwriting the other key.
  for (let attempt = 0; ; attempt++) {
    const result = await db.transaction().execute(async (trx) => {
      const { settings, version } = await readWorkspaceSettings(trx, actor.workspaceId);
      const before = withDefaults(settings.activity as Partial<ActivitySettings> | undefined);
      const after: ActivitySettings = {
        responseTargets: { ...before.responseTargets, ...definedOf(body.responseTargets) },
        inactivityDays: body.inactivityDays ?? before.inactivityDays,
        expectedCadence: { ...before.expectedCadence, ...definedOf(body.expectedCadence) },
      };
      const t = after.responseTargets;
      const errors: FieldError[] = [];
      if (t.urgent > t.important) errors.push({ path: 'responseTargets.urgent', message: 'must not be longer than the important target' });
      if (t.important > t.regular) errors.push({ path: 'responseTargets.important', message: 'must not be longer than the regular target' });
      if (errors.length) throw badRequest(`${errors[0]!.path} ${errors[0]!.message}`, errors);
      const changes = diff(flatten(before), flatten(after));
      if (!Object.keys(changes).length) return after;
      const r = await trx
        .updateTable('workspaces')
        .set({ settings: toJson({ ...settings, activity: after }), version: version + 1, updated_at: nowIso() })
        .where('id', '=', actor.workspaceId)
        .where('version', '=', version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return null;
      await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'settings.activity_updated', entityType: 'workspace', entityId: actor.workspaceId, changes });
      return after;
    });
    if (result) return result;
    if (attempt >= 4) throw new Error('The workspace settings kept changing underneath; try again.');
  }
}

const definedOf = <T extends Record<string, unknown>>(o: T | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;

/** responseTargets.urgent etc.: the audit names each changed setting. */
const flatten = (s: ActivitySettings): Record<string, unknown> => ({
  'responseTargets.urgent': s.responseTargets.urgent,
  'responseTargets.important': s.responseTargets.important,
  'responseTargets.regular': s.responseTargets.regular,
  inactivityDays: s.inactivityDays,
  'expectedCadence.prospect': s.expectedCadence.prospect,
  'expectedCadence.trial': s.expectedCadence.trial,
  'expectedCadence.active': s.expectedCadence.active,
  'expectedCadence.inactive': s.expectedCadence.inactive,
});

import type { Kysely } from 'kysely';
import { computeHealth, countByBand } from '../../domain/health';
import type { HealthPreview } from '../../domain/healthExplanation';
import { healthFactorDefs, healthMeasureDefs } from '../../domain/healthFactors';
import { effectiveHealth, type HealthOverride } from '../../domain/healthOverride';
import {
  applyHealthSettingsUpdate, bandPresetBands, healthSettingsFrom, healthWeightSuggestions, type HealthSettings, type UpdateHealthSettingsBody,
} from '../../domain/healthSettings';
import type { FieldError } from '../../domain/problem';
import { actorForAudit, diff, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { fromJson, toJson } from '../db/dialect';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { stale } from '../http/etag';
import { badRequest, notFound } from '../http/problem';
import { enqueueHealthRecompute } from './health.job';
import { healthRepository as repo } from './health.repository';
import { healthWorkspaceOf } from './health.service';

type Db = Kysely<Database>;

async function readWorkspace(db: Db, workspaceId: string) {
  const row = await db.selectFrom('workspaces').select(['settings', 'version']).where('id', '=', workspaceId).executeTakeFirst();
  if (!row) throw notFound('workspace');
  return { stored: fromJson<Record<string, unknown>>(row.settings) ?? {}, version: row.version };
}

export const healthCatalog = { presets: bandPresetBands, factors: healthFactorDefs, measures: healthMeasureDefs, suggestions: healthWeightSuggestions };

/** GET /settings/health: the settings, what the editor offers, and the workspace version for If-Match. */
export async function getHealthSettings(db: Db, actor: Actor) {
  authorize(actor, 'client.read');
  const { stored, version } = await readWorkspace(db, actor.workspaceId);
  return { settings: healthSettingsFrom(stored.health), ...healthCatalog, version };
}

/** The merged settings or 400 with every field error; the server also checks profiles name segments of the workspace. */
async function mergedSettings(db: Db, workspaceId: string, current: HealthSettings, body: UpdateHealthSettingsBody): Promise<HealthSettings> {
  const r = applyHealthSettingsUpdate(current, body);
  const errors: FieldError[] = r.ok ? [] : [...r.errors];
  const profiles = r.ok ? r.settings.profiles : [];
  if (profiles.length) {
    const found = await db.selectFrom('segments').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', profiles.map((p) => p.segmentId)).execute();
    profiles.forEach((p, i) => {
      if (!found.some((s) => s.id === p.segmentId)) errors.push({ path: `profiles.${i}.segmentId`, message: 'is not a segment of this workspace' });
    });
  }
  if (errors.length || !r.ok) throw badRequest(`${errors[0]!.path} ${errors[0]!.message}`, errors);
  return r.settings;
}

/** Flat keys for the audit: weights.usage, windows.usageDays, bands, curves.npsLatest… */
const flatten = (s: HealthSettings): Record<string, unknown> => ({
  bandPreset: s.bandPreset,
  bands: JSON.stringify(s.bands),
  profiles: JSON.stringify(s.profiles),
  ...Object.fromEntries(Object.entries(s.weights).map(([k, v]) => [`weights.${k}`, v])),
  ...Object.fromEntries(Object.entries(s.windows).map(([k, v]) => [`windows.${k}`, v])),
  ...Object.fromEntries(Object.entries(s.curves).map(([k, v]) => [`curves.${k}`, JSON.stringify(v)])),
});

/** PUT /settings/health (manager): merged, validated as a whole, 412 on a stale version, audited; queues a full recompute. */
export async function updateHealthSettings(db: Db, actor: Actor, body: UpdateHealthSettingsBody, expected: number | undefined) {
  authorize(actor, 'health.manage');
  return db.transaction().execute(async (trx) => {
    const { stored, version } = await readWorkspace(trx, actor.workspaceId);
    if (expected !== undefined && expected !== version) throw stale();
    const before = healthSettingsFrom(stored.health);
    const after = await mergedSettings(trx, actor.workspaceId, before, body);
    const changes = diff(flatten(before), flatten(after));
    if (!Object.keys(changes).length) return { settings: after, recomputeJobId: null, version };
    const r = await trx
      .updateTable('workspaces')
      .set({ settings: toJson({ ...stored, health: after }), version: version + 1, updated_at: nowIso() })
      .where('id', '=', actor.workspaceId)
      .where('version', '=', version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw stale();
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'settings.health_updated', entityType: 'workspace', entityId: actor.workspaceId, changes });
    const recomputeJobId = await enqueueHealthRecompute(trx, actor.workspaceId, actor.userId);
    return { settings: after, recomputeJobId, version: version + 1 };
  });
}

const PREVIEW_BATCH = 5_000;

/**
 * POST /settings/health/preview (manager): the stored inputs of every scored client re-scored
 * with the merged settings, counted per band beside today's counts. Nothing is saved.
 */
export async function previewHealthSettings(db: Db, actor: Actor, body: UpdateHealthSettingsBody): Promise<HealthPreview> {
  authorize(actor, 'health.manage');
  const hw = await healthWorkspaceOf(db, actor.workspaceId);
  const settings = await mergedSettings(db, actor.workspaceId, hw.settings, body);
  const now = nowIso();
  const scores: (number | null)[] = [];
  const current = new Map<string, number>();
  let asOf: string | null = null;
  for (let after = ''; ; ) {
    const rows = await repo.scoredBatch(db, actor.workspaceId, after, PREVIEW_BATCH);
    if (!rows.length) break;
    for (const r of rows) {
      const explanation = computeHealth(fromJson(r.inputs), settings, hw.context);
      const override = r.override ? fromJson<HealthOverride>(r.override) : null;
      scores.push(effectiveHealth(explanation, override, settings.bands, now).score);
      if (r.band) current.set(r.band, (current.get(r.band) ?? 0) + 1);
      const at = new Date(r.computed_at).toISOString();
      if (!asOf || at < asOf) asOf = at;
    }
    after = rows[rows.length - 1]!.client_id;
  }
  const total = await repo.countLive(db, actor.workspaceId);
  const counted = countByBand(scores, settings.bands);
  const windowsChanged = JSON.stringify(settings.windows) !== JSON.stringify(hw.settings.windows);
  return {
    total,
    unscored: counted.unscored + Math.max(0, total - scores.length),
    byBand: settings.bands.map((b) => ({ key: b.key, name: b.name, color: b.color, count: counted.byBand[b.key] ?? 0, current: current.get(b.key) ?? 0 })),
    sampled: false,
    asOf,
    note: windowsChanged ? 'Changed look-back windows apply at the recompute after saving: the preview re-scores the inputs gathered with the saved windows.' : null,
  };
}

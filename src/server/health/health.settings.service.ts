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
 * Above `above` scored clients the preview re-scores a sample: every `stride`-th scored client in
 * id order, stride = ⌈scored ÷ size⌉, and scales the counts up (`sampled: true`, shown as ≈).
 * The ids, bands and times are still walked in full (a narrow read); only the inputs' JSON
 * parse and the scoring, the costly part, are sampled. Mutable so tests can lower it.
 */
export const previewSampling = { above: 200_000, size: 50_000 };

/** Scales sample counts up to `total`, whole numbers summing to it exactly (largest remainder). */
export function scaleCounts(counts: readonly number[], total: number): number[] {
  const n = counts.reduce((a, b) => a + b, 0);
  if (!n) return counts.map(() => 0);
  const exact = counts.map((c) => (c * total) / n);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, frac: e - Math.floor(e) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i]!++;
    left--;
  }
  return out;
}

type PreviewRow = { client_id: string; inputs: string | unknown; band: string | null; override: string | unknown | null; computed_at: string | Date };

/** Live scored clients of the workspace (the band-count triggers' rows: a few rows, no scan). */
async function scoredCount(db: Db, workspaceId: string): Promise<number> {
  const r = await db.selectFrom('health_band_counts').select((eb) => eb.fn.sum<number>('count').as('n')).where('workspace_id', '=', workspaceId).where('band', '<>', '').executeTakeFirst();
  return Number(r?.n ?? 0);
}

const liveScores = (db: Db, workspaceId: string) =>
  db
    .selectFrom('health_scores as h')
    .innerJoin('clients as c', (j) => j.onRef('c.workspace_id', '=', 'h.workspace_id').onRef('c.id', '=', 'h.client_id'))
    .where('h.workspace_id', '=', workspaceId)
    .where('c.deleted_at', 'is', null);

/**
 * Every scored live client, or — above the sampling threshold — every stride-th of them in id
 * order (deterministic: the same data gives the same sample). Calls `score` with each chosen
 * row and `seen` with every row's band and time.
 */
async function walkScored(db: Db, workspaceId: string, stride: number, score: (rows: PreviewRow[]) => void, seen: (band: string | null, computedAt: string | Date) => void): Promise<void> {
  let position = 0;
  for (let after = ''; ; ) {
    if (stride === 1) {
      const rows = await repo.scoredBatch(db, workspaceId, after, PREVIEW_BATCH);
      if (!rows.length) return;
      for (const r of rows) seen(r.band, r.computed_at);
      score(rows);
      after = rows[rows.length - 1]!.client_id;
      continue;
    }
    const ids = await liveScores(db, workspaceId).select(['h.client_id', 'h.band', 'h.computed_at']).where('h.client_id', '>', after).orderBy('h.client_id').limit(PREVIEW_BATCH).execute();
    if (!ids.length) return;
    const chosen: string[] = [];
    for (const r of ids) {
      seen(r.band, r.computed_at);
      if (position++ % stride === 0) chosen.push(r.client_id);
    }
    if (chosen.length) score(await liveScores(db, workspaceId).select(['h.client_id', 'h.inputs', 'h.band', 'h.override', 'h.computed_at']).where('h.client_id', 'in', chosen).execute());
    after = ids[ids.length - 1]!.client_id;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * POST /settings/health/preview (manager): the stored inputs of every scored client re-scored
 * with the merged settings, counted per band beside today's counts. Nothing is saved. Above
 * `previewSampling.above` scored clients, a deterministic sample scaled up (`sampled: true`);
 * today's counts (`current`) stay exact.
 */
export async function previewHealthSettings(db: Db, actor: Actor, body: UpdateHealthSettingsBody): Promise<HealthPreview> {
  authorize(actor, 'health.manage');
  const hw = await healthWorkspaceOf(db, actor.workspaceId);
  const settings = await mergedSettings(db, actor.workspaceId, hw.settings, body);
  const now = nowIso();
  const estimate = await scoredCount(db, actor.workspaceId);
  const sampled = estimate > previewSampling.above;
  const stride = sampled ? Math.max(1, Math.ceil(estimate / previewSampling.size)) : 1;
  const scores: (number | null)[] = [];
  const current = new Map<string, number>();
  let walked = 0;
  let asOf: string | null = null;
  await walkScored(
    db, actor.workspaceId, stride,
    (rows) => {
      for (const r of rows) {
        const explanation = computeHealth(fromJson(r.inputs as string), settings, hw.context);
        const override = r.override ? fromJson<HealthOverride>(r.override as string) : null;
        scores.push(effectiveHealth(explanation, override, settings.bands, now).score);
      }
    },
    (band, computedAt) => {
      walked++;
      if (band) current.set(band, (current.get(band) ?? 0) + 1);
      const at = new Date(computedAt).toISOString();
      if (!asOf || at < asOf) asOf = at;
    },
  );
  const total = await repo.countLive(db, actor.workspaceId);
  const counted = countByBand(scores, settings.bands);
  // Sampled: each category's share of the sample, applied to every scored client walked.
  const raw = [...settings.bands.map((b) => counted.byBand[b.key] ?? 0), counted.unscored];
  const scaled = stride > 1 ? scaleCounts(raw, walked) : raw;
  const windowsChanged = JSON.stringify(settings.windows) !== JSON.stringify(hw.settings.windows);
  const notes = [
    stride > 1 ? `Estimated from every ${stride}th scored client (${scores.length.toLocaleString('en')} of ${walked.toLocaleString('en')}), scaled up.` : null,
    windowsChanged ? 'Changed look-back windows apply at the recompute after saving: the preview re-scores the inputs gathered with the saved windows.' : null,
  ].filter((n): n is string => n !== null);
  return {
    total,
    unscored: scaled[settings.bands.length]! + Math.max(0, total - walked),
    byBand: settings.bands.map((b, i) => ({ key: b.key, name: b.name, color: b.color, count: scaled[i]!, current: current.get(b.key) ?? 0 })),
    sampled: stride > 1,
    asOf,
    note: notes.length ? notes.join(' ') : null,
  };
}

import type { Kysely } from 'kysely';
import type { Cadence } from '../../domain/activitySettings';
import { bandFor, bandRef, computeHealth, type HealthContext, type HealthExplanation, type HealthInputs } from '../../domain/health';
import { diffHealth, type HealthDiff } from '../../domain/healthChanges';
import { emptyHistoryMonth, setHistoryDay } from '../../domain/healthHistory';
import { effectiveHealth, type HealthOverride } from '../../domain/healthOverride';
import { healthSettingsFrom, type HealthSettings } from '../../domain/healthSettings';
import { activitySettingsOf } from '../activity/activity-settings.service';
import { addTimelineEntries } from '../activity/timeline';
import type { NewTimelineEntry } from '../../domain/timeline';
import { fromJson } from '../db/dialect';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { gatherHealthInputs, type HealthScope } from './health.inputs';
import { healthRepository as repo, type HealthScoreRow, type HealthScoreValues } from './health.repository';

type Db = Kysely<Database>;

/** What a workspace's recompute needs, read once per request or batch. */
export type HealthWorkspace = { workspaceId: string; settings: HealthSettings; context: HealthContext; settingsVersion: number };

export async function healthWorkspaceOf(db: Db, workspaceId: string): Promise<HealthWorkspace> {
  const row = await db.selectFrom('workspaces').select(['settings', 'version']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
  const stored = fromJson<Record<string, unknown>>(row.settings) ?? {};
  const activity = await activitySettingsOf(db, workspaceId);
  return { workspaceId, settings: healthSettingsFrom(stored.health), context: { cadenceByStatus: activity.expectedCadence as Partial<Record<string, Cadence>> }, settingsVersion: row.version };
}

/** A client's health as the alerts see it, before and after a recompute. */
export type HealthSnapshot = { score: number | null; band: string | null; computedScore: number | null; explanation: HealthExplanation; inputs: HealthInputs };

/** One client whose health moved (score, band or any factor), or its first score (`before` null). */
export type HealthChange = { clientId: string; before: HealthSnapshot | null; after: HealthSnapshot & { diff: HealthDiff } };

/**
 * Called in the recompute's transaction once per batch (or once for a single client) with
 * every client whose health moved. The alerts module registers here; it gets the batch's
 * workspace context so it reads nothing per client.
 */
export type HealthChangedListener = (trx: Db, hw: HealthWorkspace, changes: HealthChange[]) => Promise<void>;
const listeners: HealthChangedListener[] = [];
export function onHealthChanged(listener: HealthChangedListener): void {
  listeners.push(listener);
}

/**
 * The stored row as a snapshot. The explanation is rebuilt from the stored inputs (the row does
 * not keep it: see the compact health scores migration), with the current settings.
 */
export function snapshotOf(hw: HealthWorkspace, row: HealthScoreRow): HealthSnapshot {
  const inputs = fromJson<HealthInputs>(row.inputs);
  return { score: row.score, band: row.band, computedScore: row.computed_score, explanation: computeHealth(inputs, hw.settings, hw.context), inputs };
}

/** Deep equality of two JSON values; key order does not matter (PostgreSQL's jsonb reorders keys). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

type ApplyOptions = {
  /** No timeline entry for a band move (the caller writes its own). */
  quiet?: boolean;
  /** The client's stored health columns, when the caller read them for a whole batch. */
  client?: { health_score: number | null; health_band: string | null };
};

/** A client scored, not yet stored. */
type Scored = {
  clientId: string;
  values: HealthScoreValues;
  explanation: HealthExplanation;
  before: HealthSnapshot | null;
  diff: HealthDiff;
  /** Score, band or any factor moved (or the first score): listeners hear of it. */
  moved: boolean;
  /** The effective score or band moved: a history point. */
  pointMoved: boolean;
  overrideReason: string | null;
};

/**
 * Whether the stored row already says what scoring these inputs would: the same settings and
 * the same inputs give the same computed score and band (the engine is pure), so only the
 * override's state (it may have expired since) is looked at again. The nightly run finds most
 * clients like this, and this test runs before the engine: building an explanation (nine
 * factors with their notes) was most of the JavaScript time of a batch with nothing to write.
 */
function storedIsCurrent(hw: HealthWorkspace, inputs: HealthInputs, previous: HealthScoreRow | undefined, now: string): boolean {
  if (!previous || previous.settings_version !== hw.settingsVersion) return false;
  if (!sameJson(fromJson<HealthInputs>(previous.inputs), inputs)) return false;
  const computedBand = hw.settings.bands.find((b) => b.key === previous.computed_band) ?? null;
  if ((bandFor(previous.computed_score, hw.settings.bands)?.key ?? null) !== previous.computed_band) return false;
  const override = previous.override ? fromJson<HealthOverride>(previous.override) : null;
  const eff = effectiveHealth({ score: previous.computed_score, band: bandRef(computedBand) }, override, hw.settings.bands, now);
  return eff.score === previous.score && (eff.band?.key ?? null) === previous.band;
}

/**
 * Scores a client from its inputs against its previous row (pure but for the JSON it reads);
 * null when the stored row is current (nothing to write: computed_at keeps the time the score
 * or its inputs last changed).
 */
function scoreClient(hw: HealthWorkspace, clientId: string, inputs: HealthInputs, previous: HealthScoreRow | undefined, now: string): Scored | null {
  if (storedIsCurrent(hw, inputs, previous, now)) return null;
  const explanation = computeHealth(inputs, hw.settings, hw.context);
  const override = previous?.override ? fromJson<HealthOverride>(previous.override) : null;
  const eff = effectiveHealth(explanation, override, hw.settings.bands, now);
  const score = eff.score;
  const band = eff.band?.key ?? null;
  const computedBand = explanation.band?.key ?? null;
  const overrideReason = eff.override?.state === 'active' ? eff.override.reason : null;
  const values = (lastChange: HealthDiff | null, lastChangeAt: string | null): HealthScoreValues => ({
    score, band, computed_score: explanation.score, computed_band: computedBand, inputs,
    last_change: lastChange, last_change_at: lastChangeAt,
    override, override_expires_at: previous?.override_expires_at ?? null,
    settings_version: hw.settingsVersion, computed_at: now,
  });
  const before = previous ? snapshotOf(hw, previous) : null;
  const diff = diffHealth(before?.explanation ?? null, explanation);
  const pointMoved = !before || before.score !== score || before.band !== band;
  const moved = pointMoved || diff.changes.length > 0 || diff.bandChanged;
  const kept = previous?.last_change ? fromJson<HealthDiff>(previous.last_change) : null;
  return {
    clientId,
    values: moved && before ? values(diff, now) : values(kept, previous?.last_change_at ?? null),
    explanation, before, diff, moved, pointMoved, overrideReason,
  };
}

type ClientColumns = { health_score: number | null; health_band: string | null };

/**
 * After the score rows are stored: the clients' columns that changed (one statement), a
 * timeline entry for each band move, then the listeners once with every client that moved.
 */
async function afterStored(trx: Db, hw: HealthWorkspace, scored: readonly Scored[], columns: ReadonlyMap<string, ClientColumns>, now: string, options: ApplyOptions): Promise<void> {
  const { workspaceId, settings } = hw;
  const moved: { id: string; score: number | null; band: string | null }[] = [];
  const changes: HealthChange[] = [];
  const entries: NewTimelineEntry[] = [];
  const names = (k: string) => settings.bands.find((b) => b.key === k)?.name ?? k;
  for (const s of scored) {
    const { clientId, values, before, diff } = s;
    const { score, band } = values;
    const client = columns.get(clientId);
    if (client && (client.health_score !== score || client.health_band !== band)) moved.push({ id: clientId, score, band });
    // A first score is no change of band; moving between bands is. A band the settings no longer
    // have (the scheme was switched) is not a move of the client: no million timeline entries.
    const oldBand = client?.health_band ?? before?.band ?? null;
    if (!options.quiet && oldBand && band && oldBand !== band && settings.bands.some((b) => b.key === oldBand)) {
      const why = s.overrideReason ? `override: ${s.overrideReason}` : (diff.changes[0]?.text ?? s.explanation.summary);
      entries.push({ workspaceId, clientId, kind: 'health', recordId: clientId, at: now, title: `Health: ${names(oldBand)} → ${names(band)} — ${why}`, summary: { before: { score: before?.score ?? null, band: oldBand }, after: { score, band }, changes: diff.changes.slice(0, 3) }, userId: null });
    }
    if (s.moved) changes.push({ clientId, before, after: { score, band, computedScore: values.computed_score, explanation: s.explanation, inputs: values.inputs as HealthInputs, diff } });
  }
  await repo.setClientsHealth(trx, workspaceId, moved);
  await addTimelineEntries(trx, entries);
  if (changes.length) for (const l of listeners) await l(trx, hw, changes);
}

/**
 * Scores one client from gathered inputs and stores it: the score row, a history point when
 * the effective score or band moved, the client's columns when they changed, a timeline entry
 * when the band changed, then the listeners.
 */
export async function applyHealth(trx: Db, hw: HealthWorkspace, clientId: string, inputs: HealthInputs, previous: HealthScoreRow | undefined, now: string, options: ApplyOptions = {}): Promise<void> {
  const s = scoreClient(hw, clientId, inputs, previous, now);
  if (!s) return;
  await repo.upsertScore(trx, hw.workspaceId, clientId, s.values);
  if (s.pointMoved) await recordHistoryDay(trx, hw.workspaceId, clientId, now.slice(0, 10), s.values.score, s.values.band);
  const client = options.client ?? (await repo.clientHealthRow(trx, hw.workspaceId, clientId));
  await afterStored(trx, hw, [s], new Map(client ? [[clientId, client]] : []), now, options);
}

/** Records the day's point in the client's month row (a later recompute the same day replaces it). */
async function recordHistoryDay(trx: Db, workspaceId: string, clientId: string, day: string, score: number | null, band: string | null): Promise<void> {
  const month = day.slice(0, 7);
  const [row] = await repo.historyMonths(trx, workspaceId, clientId, month, month);
  await repo.upsertHistoryMonth(trx, workspaceId, clientId, setHistoryDay(row ?? emptyHistoryMonth(month), day, score, band));
}

/** Gathers, scores and stores one client's health now. null when the client is not live. */
export async function recomputeClientHealth(trx: Db, workspaceId: string, clientId: string, now = nowIso(), hw?: HealthWorkspace, options: { quiet?: boolean } = {}): Promise<HealthScoreRow | null> {
  const ctx = hw ?? (await healthWorkspaceOf(trx, workspaceId));
  const inputs = (await gatherHealthInputs(trx, workspaceId, { ids: [clientId] }, ctx.settings, now)).get(clientId);
  if (!inputs) return null;
  await applyHealth(trx, ctx, clientId, inputs, await repo.findScore(trx, workspaceId, clientId), now, options);
  return (await repo.findScore(trx, workspaceId, clientId))!;
}

/** Recomputes a batch of clients with one gathering pass (the queue and the nightly run). Returns how many were scored. */
export async function recomputeHealthBatch(trx: Db, hw: HealthWorkspace, scope: HealthScope, now: string): Promise<number> {
  const inputs = await gatherHealthInputs(trx, hw.workspaceId, scope, hw.settings, now);
  if (!inputs.size) return 0;
  const ids = [...inputs.keys()];
  const rows = await trx.selectFrom('health_scores').selectAll().where('workspace_id', '=', hw.workspaceId).where('client_id', 'in', ids).execute();
  const previous = new Map(rows.map((r) => [r.client_id, r]));
  const clients = await trx.selectFrom('clients').select(['id', 'health_score', 'health_band']).where('workspace_id', '=', hw.workspaceId).where('id', 'in', ids).execute();
  const columns = new Map(clients.map((c) => [c.id, c]));
  // Multi-row statements for the batch: the score rows, then the history points of those that moved.
  const scored = ids.map((id) => scoreClient(hw, id, inputs.get(id)!, previous.get(id), now)).filter((s): s is Scored => s !== null);
  await repo.upsertScores(trx, hw.workspaceId, scored);
  const day = now.slice(0, 10);
  const pointed = scored.filter((s) => s.pointMoved);
  if (pointed.length) {
    const months = await repo.historyMonthOf(trx, hw.workspaceId, pointed.map((s) => s.clientId), day.slice(0, 7));
    const rows = pointed.map((s) => ({ clientId: s.clientId, row: setHistoryDay(months.get(s.clientId) ?? emptyHistoryMonth(day.slice(0, 7)), day, s.values.score, s.values.band) }));
    await repo.upsertHistoryMonths(trx, hw.workspaceId, rows);
  }
  await afterStored(trx, hw, scored, columns, now, {});
  return ids.length;
}

// ── Recompute on input change ────────────────────────────────────────────────

/** Above this many clients changed in one transaction, they wait for the health.queue job. */
export const INLINE_RECOMPUTE_MAX = 5;
const pending = new WeakMap<object, Map<string, Set<string>>>();
let queueWaker: ((trx: Db, workspaceId: string) => Promise<void>) | null = null;

/** The queue job registers how to wake itself (kept here so the record services need not import the job). */
export function setHealthQueueWaker(waker: (trx: Db, workspaceId: string) => Promise<void>): void {
  queueWaker = waker;
}

/**
 * Notes, in the writing transaction, that a client's health inputs changed. Record services
 * call it next to their timeline/figures call; flushHealth(trx) does the work.
 */
export function queueHealthRecompute(trx: Db, workspaceId: string, clientId: string | null | undefined): void {
  if (!clientId) return;
  const byWs = pending.get(trx) ?? new Map<string, Set<string>>();
  pending.set(trx, byWs);
  const set = byWs.get(workspaceId) ?? new Set<string>();
  byWs.set(workspaceId, set);
  set.add(clientId);
}

/** The service's last step before commit: recomputes the noted clients now, or queues them when there are many. */
export async function flushHealth(trx: Db): Promise<void> {
  const byWs = pending.get(trx);
  if (!byWs) return;
  pending.delete(trx);
  const now = nowIso();
  for (const [workspaceId, ids] of byWs) {
    if (ids.size > INLINE_RECOMPUTE_MAX) {
      await repo.queueClients(trx, workspaceId, [...ids], now);
      await queueWaker?.(trx, workspaceId);
      continue;
    }
    const hw = await healthWorkspaceOf(trx, workspaceId);
    for (const id of ids) await recomputeClientHealth(trx, workspaceId, id, now, hw);
  }
}

/** Puts clients on the health queue whatever their number (usage ingest, imports): the health.queue job recomputes them. */
export async function queueHealthClients(trx: Db, workspaceId: string, clientIds: readonly string[]): Promise<void> {
  if (!clientIds.length) return;
  await repo.queueClients(trx, workspaceId, clientIds, nowIso());
  await queueWaker?.(trx, workspaceId);
}

/** queueHealthRecompute + flushHealth for a service that changed inputs of a few clients at its end. */
export async function healthInputsChanged(trx: Db, workspaceId: string, ...clientIds: (string | null | undefined)[]): Promise<void> {
  for (const id of clientIds) queueHealthRecompute(trx, workspaceId, id);
  await flushHealth(trx);
}

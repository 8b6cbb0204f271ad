import type { Kysely } from 'kysely';
import { bandRef, recommendedAction, type HealthExplanation } from '../../domain/health';
import { healthTrend, type HealthDiff } from '../../domain/healthChanges';
import type { ClientHealth } from '../../domain/healthExplanation';
import { expandHistory } from '../../domain/healthHistory';
import { checkOverride, effectiveHealth, type HealthOverride, type HealthOverrideBody } from '../../domain/healthOverride';
import { addTimelineEntry } from '../activity/timeline';
import { actorForAudit, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { assertClientExists } from '../clients/client.service';
import { fromJson } from '../db/dialect';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { badRequest } from '../http/problem';
import { healthRepository as repo, type HealthScoreRow } from './health.repository';
import { healthWorkspaceOf, recomputeClientHealth, snapshotOf, type HealthWorkspace } from './health.service';

type Db = Kysely<Database>;
const DAY = 86_400_000;
const dayOf = (t: number) => new Date(t).toISOString().slice(0, 10);

export type HistoryRange = { from?: string; to?: string };

/** The API's view of a stored score: the override applied as of now, the history of the range, the 30-day trend. */
async function toClientHealth(db: Db, hw: HealthWorkspace, row: HealthScoreRow, range: HistoryRange, now: string): Promise<ClientHealth> {
  const explanation = snapshotOf(hw, row).explanation;
  const override = row.override ? fromJson<HealthOverride>(row.override) : null;
  const bands = hw.settings.bands;
  const eff = effectiveHealth(explanation, override, bands, now);
  const to = range.to ? range.to.slice(0, 10) : now.slice(0, 10);
  const from = range.from ? range.from.slice(0, 10) : dayOf(Date.parse(`${to}T00:00:00Z`) - 364 * DAY);
  const trendFrom = dayOf(Date.parse(now) - 30 * DAY);
  const first = from < trendFrom ? from : trendFrom;
  const months = await repo.historyMonths(db, hw.workspaceId, row.client_id, first.slice(0, 7), now.slice(0, 7));
  const before = await repo.historyMonthBefore(db, hw.workspaceId, row.client_id, first.slice(0, 7));
  const rows = before ? [before, ...months] : months;
  const points = (a: string, b: string) => expandHistory(rows, a, b, { fill: true }).map((p) => ({ at: `${p.day}T00:00:00.000Z`, score: p.score, band: p.band }));
  // The band shown is the workspace's current band for the score (names and colours follow settings).
  const band = eff.band ? (bandRef(bands.find((b) => b.key === eff.band!.key) ?? null) ?? eff.band) : null;
  return {
    ...explanation,
    score: eff.score,
    band,
    computedScore: eff.computedScore,
    computedBand: eff.computedBand,
    override: eff.override,
    recommendedAction: recommendedAction(band?.key ?? null, bands),
    changes: row.last_change ? fromJson<HealthDiff>(row.last_change) : null,
    changedAt: row.last_change_at ? new Date(row.last_change_at).toISOString() : null,
    history: points(from, to),
    trend: healthTrend(points(trendFrom, now.slice(0, 10)).map((p) => ({ at: p.at, score: p.score })), now, 30),
    computedAt: new Date(row.computed_at).toISOString(),
  };
}

const checkRange = (range: HistoryRange) => {
  const from = range.from ? Date.parse(range.from) : null;
  const to = range.to ? Date.parse(range.to) : Date.now();
  if (from !== null && from > to) throw badRequest('from must not be after to', [{ path: 'from', message: 'must not be after to' }]);
  if (from !== null && to - from > 3 * 366 * DAY) throw badRequest('history spans at most 3 years', [{ path: 'from', message: 'must be at most 3 years before to' }]);
};

/** GET /clients/{id}/health: everyone in the workspace. A client never scored is scored now (the row is derived data). */
export async function getClientHealth(db: Db, actor: Actor, clientId: string, range: HistoryRange = {}): Promise<ClientHealth> {
  authorize(actor, 'client.read');
  checkRange(range);
  await assertClientExists(db, actor.workspaceId, clientId);
  const now = nowIso();
  const hw = await healthWorkspaceOf(db, actor.workspaceId);
  let row = await repo.findScore(db, actor.workspaceId, clientId);
  // Scored with settings since changed (the recompute job has not reached it yet): the explanation
  // is built with today's settings, so the score shown must be too.
  if (row && row.settings_version !== hw.settingsVersion) {
    row = (await db.transaction().execute((trx) => recomputeClientHealth(trx, actor.workspaceId, clientId, now, hw))) ?? row;
  }
  if (!row) {
    // Scores are kept for live clients: one sent to the Trash before it was ever scored has none.
    await assertClientExists(db, actor.workspaceId, clientId, { live: true });
    row = (await db.transaction().execute((trx) => recomputeClientHealth(trx, actor.workspaceId, clientId, now, hw)))!;
  }
  return toClientHealth(db, hw, row, range, now);
}

/** POST /clients/{id}/health/recompute (member). */
export async function recomputeNow(db: Db, actor: Actor, clientId: string): Promise<ClientHealth> {
  authorize(actor, 'client.write');
  const now = nowIso();
  const row = await db.transaction().execute(async (trx) => {
    await assertClientExists(trx, actor.workspaceId, clientId, { live: true });
    return (await recomputeClientHealth(trx, actor.workspaceId, clientId, now))!;
  });
  return toClientHealth(db, await healthWorkspaceOf(db, actor.workspaceId), row, {}, now);
}

const describeOverride = (o: HealthOverride) => `${o.score !== null ? `score ${o.score}` : ''}${o.score !== null && o.band ? ', ' : ''}${o.band ? `band ${o.band}` : ''}`;

/** PUT /clients/{id}/health/override (manager): score and/or band with a reason, until an expiry; audited, on the timeline. */
export async function setHealthOverride(db: Db, actor: Actor, clientId: string, body: HealthOverrideBody): Promise<ClientHealth> {
  authorize(actor, 'health.manage');
  const now = nowIso();
  const row = await db.transaction().execute(async (trx) => {
    await assertClientExists(trx, actor.workspaceId, clientId, { live: true });
    const hw = await healthWorkspaceOf(trx, actor.workspaceId);
    const errors = checkOverride(body, hw.settings.bands, now);
    if (errors.length) throw badRequest(`${errors[0]!.path} ${errors[0]!.message}`, errors);
    const current = (await repo.findScore(trx, actor.workspaceId, clientId)) ?? (await recomputeClientHealth(trx, actor.workspaceId, clientId, now, hw))!;
    const previous = current.override ? fromJson<HealthOverride>(current.override) : null;
    const override: HealthOverride = { score: body.score ?? null, band: body.band ?? null, reason: body.reason, expiresAt: body.expiresAt, setBy: actor.userId ?? actor.apiKeyId, setAt: now };
    await repo.setOverride(trx, actor.workspaceId, clientId, override, override.expiresAt);
    // One timeline entry says it all (the override), not a second one for the band it forces.
    const after = (await recomputeClientHealth(trx, actor.workspaceId, clientId, now, hw, { quiet: true }))!;
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId, action: 'health.override_set', entityType: 'client', entityId: clientId,
      changes: { override: { before: previous, after: override }, score: { before: current.score, after: after.score }, band: { before: current.band, after: after.band } },
    });
    await addTimelineEntry(
      trx,
      { workspaceId: actor.workspaceId, clientId, kind: 'health', recordId: clientId, at: now, title: `Health overridden (${describeOverride(override)}) until ${override.expiresAt.slice(0, 10)}: ${body.reason}`, summary: { override }, userId: actor.userId },
      { touchActivity: false },
    );
    return after;
  });
  return toClientHealth(db, await healthWorkspaceOf(db, actor.workspaceId), row, {}, now);
}

/** DELETE /clients/{id}/health/override (manager); audited. Nothing to clear is fine (204). */
export async function clearHealthOverride(db: Db, actor: Actor, clientId: string): Promise<void> {
  authorize(actor, 'health.manage');
  await db.transaction().execute(async (trx) => {
    await assertClientExists(trx, actor.workspaceId, clientId, { live: true });
    const current = await repo.findScore(trx, actor.workspaceId, clientId);
    if (!current?.override) return;
    await repo.setOverride(trx, actor.workspaceId, clientId, null, null);
    const after = await recomputeClientHealth(trx, actor.workspaceId, clientId);
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId, action: 'health.override_cleared', entityType: 'client', entityId: clientId,
      changes: { override: { before: fromJson(current.override), after: null }, score: { before: current.score, after: after?.score ?? null }, band: { before: current.band, after: after?.band ?? null } },
    });
  });
}

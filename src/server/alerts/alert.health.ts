import type { Kysely, Selectable } from 'kysely';
import type { AlertParams, AlertRule, AlertRuleKind } from '../../domain/alert';
import { bandMove } from '../../domain/health';
import type { HealthExplanation } from '../../domain/healthExplanation';
import { expandHistory } from '../../domain/healthHistory';
import type { HealthBand } from '../../domain/healthSettings';
import { fromJson } from '../db/dialect';
import { onHealthChanged, type HealthChange, type HealthWorkspace } from '../health/health.service';
import type { Database } from '../db/schema';
import { enabledRules } from './alert-rules.service';
import { fireAlerts, type Firing, type RuleFiring } from './alert.fire';

type Db = Kysely<Database>;

/** What the health recompute hands over (structurally the health module's HealthSnapshot). */
export type HealthState = { score: number | null; band: string | null; explanation: HealthExplanation; inputs?: { daysSinceContact?: number | null } };

const healthKinds: AlertRuleKind[] = ['band_change', 'score_drop', 'communication_gap', 'usage_drop'];

const measure = (e: HealthExplanation, factor: string, key: string): number | null =>
  e.factors.find((f) => f.key === factor)?.measures.find((m) => m.key === key)?.value ?? null;

/** The highest score of each client's last `days` days (health_history, filled), 1,000 clients per read. */
async function peakScores(db: Db, workspaceId: string, clientIds: readonly string[], days: number, now: string): Promise<Map<string, number | null>> {
  const from = new Date(Date.parse(now) - days * 86_400_000).toISOString().slice(0, 10);
  const byClient = new Map<string, Selectable<Database['health_history']>[]>(clientIds.map((id) => [id, []]));
  for (let i = 0; i < clientIds.length; i += 1000) {
    const rows = await db
      .selectFrom('health_history').selectAll()
      .where('workspace_id', '=', workspaceId).where('client_id', 'in', clientIds.slice(i, i + 1000)).where('month', '>=', from.slice(0, 7))
      .execute();
    for (const r of rows) byClient.get(r.client_id)?.push(r);
  }
  const out = new Map<string, number | null>();
  for (const [id, rows] of byClient) {
    const points = expandHistory(rows.map((r) => ({ month: r.month, scores: r.scores, bands: r.bands, bandKeys: fromJson<string[]>(r.band_keys) })), from, now.slice(0, 10), { fill: true });
    const scores = points.map((p) => p.score).filter((s): s is number => s !== null);
    out.set(id, scores.length ? Math.max(...scores) : null);
  }
  return out;
}

/** What a batch of evaluations shares, read once: the enabled health rules and the bands. */
export type AlertBatchContext = { workspaceId: string; rules: AlertRule[]; bands: readonly HealthBand[]; usageDays: number };

export async function healthAlertContext(trx: Db, hw: HealthWorkspace): Promise<AlertBatchContext> {
  return { workspaceId: hw.workspaceId, rules: await enabledRules(trx, hw.workspaceId, healthKinds), bands: hw.settings.bands, usageDays: hw.settings.windows.usageDays };
}

/**
 * The health-driven rules, in the recompute's transaction (registered with the health
 * module's onHealthChanged): band change, score drop over D days, communication gap beyond
 * the cadence, usage drop (over the health settings' usage window). `before` is null on a client's first score (no band change then).
 * One call per recompute batch: its firings are written together (fireAlerts).
 */
export async function evaluateHealthAlerts(trx: Db, ctx: AlertBatchContext, changes: readonly { clientId: string; before: HealthState | null; after: HealthState }[], now = new Date().toISOString()): Promise<void> {
  if (!ctx.rules.length || !changes.length) return;
  // Score-drop peaks for every scored client of the batch, one read per window length.
  const peaks = new Map<number, Map<string, number | null>>();
  const scoredIds = changes.filter((c) => c.after.score !== null).map((c) => c.clientId);
  for (const rule of ctx.rules) {
    const days = rule.kind === 'score_drop' ? (rule.params as AlertParams<'score_drop'>).days : null;
    if (days !== null && !peaks.has(days) && scoredIds.length) peaks.set(days, await peakScores(trx, ctx.workspaceId, scoredIds, days, now));
  }
  const firings = changes.flatMap((c) => healthFirings(ctx, c.clientId, c.before, c.after, now, (days) => peaks.get(days)?.get(c.clientId) ?? null));
  await fireAlerts(trx, ctx.workspaceId, firings, now);
}

/** The firings of one client's health change (pure: the score-drop peak is looked up). */
function healthFirings(ctx: AlertBatchContext, clientId: string, before: HealthState | null, after: HealthState, now: string, peakOf: (days: number) => number | null): RuleFiring[] {
  const { rules, bands } = ctx;
  const out: RuleFiring[] = [];
  const fire = (rule: AlertRule, firing: Firing) => out.push({ rule, clientId, firing });
  const name = (key: string | null) => bands.find((b) => b.key === key)?.name ?? key ?? 'none';
  const why = after.explanation.summary;
  for (const rule of rules) {
    if (rule.kind === 'band_change') {
      const p = rule.params as AlertParams<'band_change'>;
      if (!before || !before.band || !after.band || before.band === after.band) continue;
      const move = bandMove(before.band, after.band, bands);
      if (move === 'none' || (p.direction !== 'any' && p.direction !== move)) continue;
      if (p.toBands?.length && !p.toBands.includes(after.band)) continue;
      fire(rule, {
        title: `Health ${move}: ${name(before.band)} → ${name(after.band)}`,
        reason: `Health moved from ${name(before.band)} (${before.score ?? '–'}) to ${name(after.band)} (${after.score ?? '–'}): ${why}`,
        detail: { from: { band: before.band, score: before.score }, to: { band: after.band, score: after.score } },
      });
    } else if (rule.kind === 'score_drop') {
      const p = rule.params as AlertParams<'score_drop'>;
      if (after.score === null) continue;
      const peak = Math.max(peakOf(p.days) ?? -1, before?.score ?? -1);
      if (peak < 0 || peak - after.score < p.points) continue;
      fire(rule, {
        title: `Health score down ${peak - after.score} points`,
        reason: `Score ${peak} → ${after.score} within ${p.days} days (rule: ${p.points} points): ${why}`,
        detail: { peak, score: after.score, days: p.days },
      });
    } else if (rule.kind === 'communication_gap') {
      const p = rule.params as AlertParams<'communication_gap'>;
      const gap = measure(after.explanation, 'communication', 'contactGap');
      if (gap === null || gap < p.factor) continue;
      fire(rule, {
        title: `No contact for ${gap.toFixed(1)} × the ${after.explanation.cadence ?? 'expected'} cadence`,
        reason: `Days since the last contact are ${gap.toFixed(1)} times the expected cadence (rule: ${p.factor} ×)`,
        detail: { contactGap: gap, cadence: after.explanation.cadence },
        // The same silence (same last contact) does not reopen an alert someone resolved.
        ...(typeof after.inputs?.daysSinceContact === 'number' ? { key: new Date(Date.parse(now) - after.inputs.daysSinceContact * 86_400_000).toISOString().slice(0, 10) } : {}),
      });
    } else if (rule.kind === 'usage_drop') {
      const p = rule.params as AlertParams<'usage_drop'>;
      const change = measure(after.explanation, 'usage', 'usageChange');
      if (change === null || change > -p.percent) continue;
      fire(rule, {
        title: `Usage down ${Math.round(-change)} %`,
        reason: `Usage of the last ${ctx.usageDays} days fell ${Math.round(-change)} % against the ${ctx.usageDays} days before (rule: ${p.percent} %)`,
        detail: { usageChange: change, usageDays: ctx.usageDays },
      });
    }
  }
  return out;
}

// Every recompute that moved a client's health (inline, queued or nightly) runs the rules above in its transaction.
onHealthChanged(async (trx, hw, changes: HealthChange[]) => {
  const ctx = await healthAlertContext(trx, hw);
  if (!ctx.rules.length) return;
  await evaluateHealthAlerts(trx, ctx, changes);
});

import type { Kysely } from 'kysely';
import type { AlertParams, AlertRule, AlertRuleKind } from '../../domain/alert';
import { bandMove } from '../../domain/health';
import type { HealthExplanation } from '../../domain/healthExplanation';
import { expandHistory } from '../../domain/healthHistory';
import type { HealthBand } from '../../domain/healthSettings';
import { fromJson } from '../db/dialect';
import { onHealthChanged, type HealthChange, type HealthWorkspace } from '../health/health.service';
import type { Database } from '../db/schema';
import { enabledRules } from './alert-rules.service';
import { fireAlert } from './alert.fire';

type Db = Kysely<Database>;

/** What the health recompute hands over (structurally the health module's HealthSnapshot). */
export type HealthState = { score: number | null; band: string | null; explanation: HealthExplanation; inputs?: { daysSinceContact?: number | null } };

const healthKinds: AlertRuleKind[] = ['band_change', 'score_drop', 'communication_gap', 'usage_drop'];

const measure = (e: HealthExplanation, factor: string, key: string): number | null =>
  e.factors.find((f) => f.key === factor)?.measures.find((m) => m.key === key)?.value ?? null;

/** The highest score of the client's last `days` days (health_history, filled). */
async function peakScore(db: Db, workspaceId: string, clientId: string, days: number, now: string): Promise<number | null> {
  const from = new Date(Date.parse(now) - days * 86_400_000).toISOString().slice(0, 10);
  const rows = await db
    .selectFrom('health_history').selectAll()
    .where('workspace_id', '=', workspaceId).where('client_id', '=', clientId).where('month', '>=', from.slice(0, 7))
    .execute();
  const points = expandHistory(rows.map((r) => ({ month: r.month, scores: r.scores, bands: r.bands, bandKeys: fromJson<string[]>(r.band_keys) })), from, now.slice(0, 10), { fill: true });
  const scores = points.map((p) => p.score).filter((s): s is number => s !== null);
  return scores.length ? Math.max(...scores) : null;
}

/** What a batch of evaluations shares, read once: the enabled health rules and the bands. */
export type AlertBatchContext = { workspaceId: string; rules: AlertRule[]; bands: readonly HealthBand[] };

export async function healthAlertContext(trx: Db, hw: HealthWorkspace): Promise<AlertBatchContext> {
  return { workspaceId: hw.workspaceId, rules: await enabledRules(trx, hw.workspaceId, healthKinds), bands: hw.settings.bands };
}

/**
 * The health-driven rules, in the recompute's transaction (registered with the health
 * module's onHealthChanged): band change, score drop over D days, communication gap beyond
 * the cadence, usage drop. `before` is null on a client's first score (no band change then).
 */
export async function evaluateHealthAlerts(trx: Db, ctx: AlertBatchContext, clientId: string, before: HealthState | null, after: HealthState, now = new Date().toISOString()): Promise<void> {
  const { workspaceId, rules, bands } = ctx;
  if (!rules.length) return;
  const name = (key: string | null) => bands.find((b) => b.key === key)?.name ?? key ?? 'none';
  const why = after.explanation.summary;
  for (const rule of rules) {
    if (rule.kind === 'band_change') {
      const p = rule.params as AlertParams<'band_change'>;
      if (!before || !before.band || !after.band || before.band === after.band) continue;
      const move = bandMove(before.band, after.band, bands);
      if (move === 'none' || (p.direction !== 'any' && p.direction !== move)) continue;
      if (p.toBands?.length && !p.toBands.includes(after.band)) continue;
      await fireAlert(trx, workspaceId, rule, clientId, {
        title: `Health ${move}: ${name(before.band)} → ${name(after.band)}`,
        reason: `Health moved from ${name(before.band)} (${before.score ?? '–'}) to ${name(after.band)} (${after.score ?? '–'}): ${why}`,
        detail: { from: { band: before.band, score: before.score }, to: { band: after.band, score: after.score } },
      }, now);
    } else if (rule.kind === 'score_drop') {
      const p = rule.params as AlertParams<'score_drop'>;
      if (after.score === null) continue;
      const peak = Math.max(await peakScore(trx, workspaceId, clientId, p.days, now) ?? -1, before?.score ?? -1);
      if (peak < 0 || peak - after.score < p.points) continue;
      await fireAlert(trx, workspaceId, rule, clientId, {
        title: `Health score down ${peak - after.score} points`,
        reason: `Score ${peak} → ${after.score} within ${p.days} days (rule: ${p.points} points): ${why}`,
        detail: { peak, score: after.score, days: p.days },
      }, now);
    } else if (rule.kind === 'communication_gap') {
      const p = rule.params as AlertParams<'communication_gap'>;
      const gap = measure(after.explanation, 'communication', 'contactGap');
      if (gap === null || gap < p.factor) continue;
      await fireAlert(trx, workspaceId, rule, clientId, {
        title: `No contact for ${gap.toFixed(1)} × the ${after.explanation.cadence ?? 'expected'} cadence`,
        reason: `Days since the last contact are ${gap.toFixed(1)} times the expected cadence (rule: ${p.factor} ×)`,
        detail: { contactGap: gap, cadence: after.explanation.cadence },
        // The same silence (same last contact) does not reopen an alert someone resolved.
        ...(typeof after.inputs?.daysSinceContact === 'number' ? { key: new Date(Date.parse(now) - after.inputs.daysSinceContact * 86_400_000).toISOString().slice(0, 10) } : {}),
      }, now);
    } else if (rule.kind === 'usage_drop') {
      const p = rule.params as AlertParams<'usage_drop'>;
      const change = measure(after.explanation, 'usage', 'usageChange');
      if (change === null || change > -p.percent) continue;
      await fireAlert(trx, workspaceId, rule, clientId, {
        title: `Usage down ${Math.round(-change)} %`,
        reason: `Usage fell ${Math.round(-change)} % against the window before (rule: ${p.percent} %)`,
        detail: { usageChange: change },
      }, now);
    }
  }
}

// Every recompute that moved a client's health (inline, queued or nightly) runs the rules above in its transaction.
onHealthChanged(async (trx, hw, changes: HealthChange[]) => {
  const ctx = await healthAlertContext(trx, hw);
  if (!ctx.rules.length) return;
  const now = new Date().toISOString();
  for (const c of changes) await evaluateHealthAlerts(trx, ctx, c.clientId, c.before, c.after, now);
});

import { cadenceDays, type Cadence } from './activitySettings';
import type { BandRef, FactorExplanation, HealthExplanation, MeasureExplanation } from './healthExplanation';
import { healthFactorDefs, healthFactorKeys, healthMeasureDefs, type HealthFactorKey, type HealthMeasureKey } from './healthFactors';
import type { CurvePoint, HealthBand, HealthProfile, HealthSettings, HealthWeights } from './healthSettings';

/**
 * The health engine: pure, no I/O. The server gathers a client's inputs from its records
 * (docs/dev/health-plan.md §2), this scores them with the workspace's settings and says why. Score = weighted
 * mean of the factor scores that have data; factors without data are left out and the other
 * weights renormalised (their shares add up to 1 again), and the explanation says so.
 */

/** Measures read straight from the records; usage and contact recency are turned into measures here (they depend on settings). */
type DirectMeasure = Exclude<HealthMeasureKey, 'usageChange' | 'contactGap'>;

/** What the server gathers per client. null/undefined = no data for that measure. */
export type HealthInputs = {
  status: string;
  /** Saved segments holding the client: picks the weight profile. */
  segmentIds?: readonly string[];
  /** Usage totals of the last window and the window before; null when the client never sent usage. */
  usage?: { recent: number; previous: number } | null;
  /** Days since the last interaction (since creation when there was none). */
  daysSinceContact?: number | null;
} & Partial<Record<DirectMeasure, number | null>>;

/** Per-status expected cadence (settings.activity.expectedCadence); statuses not in it expect no contact. */
export type HealthContext = { cadenceByStatus: Partial<Record<string, Cadence>> };

export type { BandRef, FactorExplanation, HealthExplanation, MeasureExplanation };

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** A piecewise-linear curve at x: linear between points, flat beyond the ends. */
export function curveScore(points: readonly CurvePoint[], x: number): number {
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (x <= first.x) return first.y;
  if (x >= last.x) return last.y;
  for (let i = 1; i < points.length; i++) {
    const b = points[i]!;
    if (x <= b.x) {
      const a = points[i - 1]!;
      return a.y + ((x - a.x) / (b.x - a.x)) * (b.y - a.y);
    }
  }
  return last.y;
}

/** Usage change in %: −100 when usage stopped, +100 when it started from nothing. */
export function usageChange(recent: number, previous: number): number {
  if (previous > 0) return Math.max(-100, ((recent - previous) / previous) * 100);
  return recent > 0 ? 100 : -100;
}

/** The first profile whose segment holds the client, or null (workspace weights). */
export function pickProfile(settings: HealthSettings, segmentIds: readonly string[] = []): HealthProfile | null {
  return settings.profiles.find((p) => segmentIds.includes(p.segmentId)) ?? null;
}

/** The cadence the client is expected to be contacted at: its profile's, else its status's, else none. */
export function expectedCadence(profile: HealthProfile | null, status: string, context: HealthContext): Cadence | null {
  if (status === 'churned' || status === 'blacklisted') return null;
  return profile?.cadence ?? context.cadenceByStatus[status] ?? null;
}

/** Every measure's raw value for a client (null = no data). */
export function measureValues(inputs: HealthInputs, cadence: Cadence | null): Record<HealthMeasureKey, number | null> {
  const v = (k: DirectMeasure) => {
    const x = inputs[k];
    return typeof x === 'number' && Number.isFinite(x) ? x : null;
  };
  const u = inputs.usage;
  const gap = inputs.daysSinceContact;
  return {
    usageChange: u ? round1(usageChange(u.recent, u.previous)) : null,
    contactGap: cadence && typeof gap === 'number' ? Math.round((Math.max(0, gap) / cadenceDays[cadence]) * 100) / 100 : null,
    onTimePaymentRate: v('onTimePaymentRate'), overdueDays: v('overdueDays'), openTickets: v('openTickets'), recentTickets: v('recentTickets'),
    npsLatest: v('npsLatest'), npsTrend: v('npsTrend'), csatAverage: v('csatAverage'), orderOnTimeRate: v('orderOnTimeRate'), orderRating: v('orderRating'),
    referrals: v('referrals'), responseCompliance: v('responseCompliance'), contactEngagement: v('contactEngagement'),
  };
}

/** The band holding a whole score, or null. */
export function bandFor(score: number | null, bands: readonly HealthBand[]): HealthBand | null {
  if (score === null) return null;
  const s = Math.round(score);
  return bands.find((b) => s >= b.min && s <= b.max) ?? null;
}

export const bandRef = (b: HealthBand | null): BandRef | null => (b ? { key: b.key, name: b.name, color: b.color } : null);

/** Whether moving between two bands is a move down (to a lower band), up, or none. Unknown bands: none. */
export function bandMove(fromKey: string | null, toKey: string | null, bands: readonly HealthBand[]): 'up' | 'down' | 'none' {
  const from = bands.find((b) => b.key === fromKey);
  const to = bands.find((b) => b.key === toKey);
  if (!from || !to || from.key === to.key) return 'none';
  return to.min < from.min ? 'down' : 'up';
}

/** The recommended action for a band (from the band's settings). */
export function recommendedAction(bandKey: string | null, bands: readonly HealthBand[]): { action: string; dueHours: number | null } | null {
  const b = bands.find((x) => x.key === bandKey);
  return b && b.action ? { action: b.action, dueHours: b.actionDueHours } : null;
}

type FactorPart = { measures: MeasureExplanation[]; score: number | null; speaker: MeasureExplanation };

/**
 * A factor's measures and score. Plain loops: the nightly run scores every client twice (now,
 * and the stored inputs for "what changed"), and the array helpers' garbage was most of it.
 */
function scoreFactor(key: HealthFactorKey, values: Record<HealthMeasureKey, number | null>, settings: HealthSettings): FactorPart {
  const def = healthFactorDefs[key];
  const measures: MeasureExplanation[] = [];
  let sum = 0;
  let counted = 0;
  let lowest = Infinity;
  let speaker: MeasureExplanation | null = null;
  for (const m of def.measures) {
    const value = values[m];
    const exact = value === null ? null : curveScore(settings.curves[m], value);
    const measure: MeasureExplanation = { key: m, label: healthMeasureDefs[m].label, unit: healthMeasureDefs[m].unit, value, score: exact === null ? null : round1(exact) };
    measures.push(measure);
    if (exact === null) continue;
    counted++;
    sum += exact;
    // min: the lowest measure speaks (the first of equals); mean: the first with data.
    if (def.combine === 'min' ? exact < lowest : speaker === null) speaker = measure;
    if (exact < lowest) lowest = exact;
  }
  if (!counted) return { measures, score: null, speaker: measures[0]! };
  return { measures, score: def.combine === 'min' ? lowest : sum / counted, speaker: speaker! };
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** Scores a client: every factor's raw value, score, weight, share and contribution, the score and its band. */
export function computeHealth(inputs: HealthInputs, settings: HealthSettings, context: HealthContext): HealthExplanation {
  const profile = pickProfile(settings, inputs.segmentIds);
  const weights: HealthWeights = profile?.weights ?? settings.weights;
  const cadence = expectedCadence(profile, inputs.status, context);
  const values = measureValues(inputs, cadence);
  const parts: FactorPart[] = [];
  let total = 0;
  let countedFactors = 0;
  for (const key of healthFactorKeys) {
    const part = scoreFactor(key, values, settings);
    parts.push(part);
    if (weights[key] > 0 && part.score !== null) (total += weights[key], countedFactors++);
  }
  let exactScore: number | null = null;
  if (total > 0) {
    exactScore = 0;
    for (let i = 0; i < parts.length; i++) {
      const w = weights[healthFactorKeys[i]!];
      if (w > 0 && parts[i]!.score !== null) exactScore += (parts[i]!.score! * w) / total;
    }
  }
  const leftOut: HealthFactorKey[] = [];
  const factors: FactorExplanation[] = [];
  for (let i = 0; i < parts.length; i++) {
    const key = healthFactorKeys[i]!;
    const p = parts[i]!;
    const weight = weights[key];
    const status = weight === 0 ? 'off' : p.score === null ? 'no_data' : 'scored';
    if (status === 'no_data') leftOut.push(key);
    const share = status === 'scored' ? weight / total : 0;
    const note =
      status === 'off'
        ? 'Weight 0: not part of the score'
        : status === 'no_data'
          ? key === 'communication' && !cadence
            ? `No contact cadence is expected for ${inputs.status} clients: left out, the other weights renormalised`
            : 'No data: left out, the other weights renormalised'
          : `${p.speaker.label} ${fmt(p.speaker.value!)} ${p.speaker.unit} → ${fmt(round1(p.score!))}`;
    factors.push({
      key, label: healthFactorDefs[key].label, value: p.speaker.value, unit: p.speaker.unit, measures: p.measures, score: p.score === null ? null : round1(p.score), weight,
      share: Math.round(share * 10000) / 10000, contribution: round1(status === 'scored' ? p.score! * share : 0), status, note,
    });
  }
  const score = exactScore === null ? null : Math.round(exactScore);
  const band = bandRef(bandFor(score, settings.bands));
  let names = '';
  for (const k of leftOut) names += `${names ? ', ' : ''}${healthFactorDefs[k].label.toLowerCase()}`;
  const summary =
    score === null
      ? 'No score yet: none of the weighted factors has data'
      : `${score}${band ? ` (${band.name})` : ''} from ${countedFactors} factor${countedFactors === 1 ? '' : 's'}${names ? `; left out for lack of data: ${names}` : ''}`;
  return { score, exactScore, band, profile: profile ? { id: profile.id, name: profile.name } : null, cadence, factors, leftOut, summary };
}

/** How many scores fall in each band (and how many have none): the settings preview. */
export function countByBand(scores: Iterable<number | null>, bands: readonly HealthBand[]): { byBand: Record<string, number>; unscored: number } {
  const byBand: Record<string, number> = Object.fromEntries(bands.map((b) => [b.key, 0]));
  let unscored = 0;
  for (const s of scores) {
    const b = bandFor(s, bands);
    if (b) byBand[b.key]!++;
    else unscored++;
  }
  return { byBand, unscored };
}

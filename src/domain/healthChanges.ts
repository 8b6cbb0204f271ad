import type { FactorExplanation, HealthChange, HealthDiff, HealthExplanation, HealthTrend } from './healthExplanation';

export type { HealthChange, HealthDiff };

const round1 = (n: number): number => Math.round(n * 10) / 10;
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
const signed = (n: number) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${fmt(Math.abs(n))}`;
const show = (v: number | null, unit: string) => (v === null ? 'no data' : `${fmt(v)} ${unit}`);

/** The measures of a factor whose raw value changed: "Oldest overdue invoice 0 → 45 days". */
function measureMoves(before: FactorExplanation, after: FactorExplanation): string[] {
  return after.measures.flatMap((m) => {
    const old = before.measures.find((b) => b.key === m.key);
    if (!old || old.value === m.value) return [];
    return [`${m.label} ${old.value === null ? 'no data' : fmt(old.value)} → ${show(m.value, m.unit)}`];
  });
}

function describe(before: FactorExplanation, after: FactorExplanation, points: number): string {
  const pts = `${signed(points)} point${Math.abs(points) === 1 ? '' : 's'}`;
  if (before.status === 'scored' && after.status === 'no_data') return `${after.label}: no data now — left out, the other weights renormalised (${pts})`;
  if (before.status !== 'scored' && after.status === 'scored') {
    return `${after.label}: ${before.status === 'off' ? 'now weighted' : 'new data'} — scores ${fmt(after.score!)} (${pts})`;
  }
  if (after.status === 'off') return `${after.label}: weight set to 0 — no longer counted (${pts})`;
  const moves = measureMoves(before, after);
  // Either score may be null here: a factor off (weight 0) before and without data now, as when
  // a client moves to a segment whose weight profile counts the factor.
  const scoreMove = before.score !== after.score ? ` ${before.score === null ? 'no score' : fmt(before.score)} → ${after.score === null ? 'no score' : fmt(after.score)}` : '';
  const why = moves.length ? `: ${moves.join('; ')}` : before.share !== after.share ? `: its share of the weights ${Math.round(before.share * 100)}% → ${Math.round(after.share * 100)}%` : '';
  return `${after.label}${scoreMove} (${pts})${why}`;
}

/**
 * What changed since the last score and why: the factors whose contribution moved, biggest
 * first, each with the raw values behind it. `previous` null = the first score.
 */
export function diffHealth(previous: HealthExplanation | null, current: HealthExplanation): HealthDiff {
  const scoreBefore = previous?.score ?? null;
  const scoreAfter = current.score;
  const scoreChange = scoreBefore !== null && scoreAfter !== null ? scoreAfter - scoreBefore : null;
  const bandBefore = previous?.band ?? null;
  const bandAfter = current.band;
  const bandChanged = (bandBefore?.key ?? null) !== (bandAfter?.key ?? null);
  if (!previous) {
    return { scoreBefore, scoreAfter, scoreChange, bandBefore, bandAfter, bandChanged, changes: [], summary: scoreAfter === null ? current.summary : `First score: ${current.summary}` };
  }
  const changes: HealthChange[] = [];
  for (const after of current.factors) {
    const before = previous.factors.find((f) => f.key === after.key);
    if (!before) continue;
    const points = round1(after.contribution - before.contribution);
    const moved = points !== 0 || before.status !== after.status || measureMoves(before, after).length > 0;
    if (!moved) continue;
    changes.push({ factor: after.key, label: after.label, scoreBefore: before.score, scoreAfter: after.score, points, text: describe(before, after, points) });
  }
  changes.sort((a, b) => Math.abs(b.points) - Math.abs(a.points));
  const head =
    scoreChange === null
      ? `Score ${scoreBefore ?? 'none'} → ${scoreAfter ?? 'none'}`
      : scoreChange === 0
        ? `Score unchanged at ${scoreAfter}`
        : `Score ${scoreBefore} → ${scoreAfter} (${signed(scoreChange)})`;
  const band = bandChanged ? `, ${bandBefore?.name ?? 'no band'} → ${bandAfter?.name ?? 'no band'}` : '';
  const main = changes[0] ? `. Biggest change: ${changes[0].text}` : '';
  return { scoreBefore, scoreAfter, scoreChange, bandBefore, bandAfter, bandChanged, changes, summary: `${head}${band}${main}` };
}

export type HealthPoint = { at: string; score: number | null };

/**
 * The trend over the last `days` days of history (one point per day): the latest score
 * against the earliest one in the window. Flat when it moved less than 1 point.
 */
export function healthTrend(history: readonly HealthPoint[], now: string, days = 30): HealthTrend {
  const since = Date.parse(now) - days * 86_400_000;
  const inWindow = history.filter((p) => p.score !== null && Date.parse(p.at) >= since && Date.parse(p.at) <= Date.parse(now)).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  if (inWindow.length < 2) return { days, from: inWindow[0]?.score ?? null, to: inWindow[0]?.score ?? null, change: null, direction: 'unknown' };
  const from = inWindow[0]!.score!;
  const to = inWindow[inWindow.length - 1]!.score!;
  const change = to - from;
  return { days, from, to, change, direction: Math.abs(change) < 1 ? 'flat' : change > 0 ? 'up' : 'down' };
}

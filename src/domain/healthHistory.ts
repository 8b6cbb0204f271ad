/**
 * Health history, a point per client per day for years, packed one row per client and
 * month (health_history): `scores` holds 31 two-hex-digit scores (`ff` = no point that day),
 * `bands` 31 one-character codes (`-` = none) indexing the row's `bandKeys`. A recompute
 * that moves the score or band rewrites two characters of one row instead of inserting a
 * row per client per day (1M clients × 730 days would be 730M rows); the server splices the same positions in
 * SQL with substr() || … on both databases (historySplicePositions).
 */

export const HISTORY_DAYS_PER_ROW = 31;
const NO_SCORE = 'ff';
const NO_BAND = '-';
const CODES = '0123456789abcdefghijklmnopqrstuvwxyz';

export type HistoryMonth = { month: string; scores: string; bands: string; bandKeys: string[] };
export type HistoryPoint = { day: string; score: number | null; band: string | null };

/** A month row with no points yet. */
export const emptyHistoryMonth = (month: string, bandKeys: string[] = []): HistoryMonth => ({
  month, scores: NO_SCORE.repeat(HISTORY_DAYS_PER_ROW), bands: NO_BAND.repeat(HISTORY_DAYS_PER_ROW), bandKeys: [...bandKeys],
});

/** 'YYYY-MM-DD' → its month 'YYYY-MM' and the 0-based day within it. */
export function historySlot(day: string): { month: string; index: number } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`not a day: ${day}`);
  return { month: day.slice(0, 7), index: Number(day.slice(8, 10)) - 1 };
}

/** The two-hex-digit code of a score (null = no point). */
export const scoreCode = (score: number | null): string => (score === null ? NO_SCORE : Math.max(0, Math.min(100, Math.round(score))).toString(16).padStart(2, '0'));

/**
 * Where a day's characters sit, for the SQL splice (1-based, as substr counts):
 * scores = substr(scores, 1, scoreAt − 1) || code || substr(scores, scoreAt + 2), and the
 * same for bands with bandAt and one character.
 */
export function historySplicePositions(day: string): { month: string; scoreAt: number; bandAt: number } {
  const { month, index } = historySlot(day);
  return { month, scoreAt: 2 * index + 1, bandAt: index + 1 };
}

/**
 * Records a day's score and band in a month row (a later recompute the same day replaces
 * it). A band key new to the row is appended to its bandKeys. Returns a new row.
 */
export function setHistoryDay(row: HistoryMonth, day: string, score: number | null, band: string | null): HistoryMonth {
  const { month, index } = historySlot(day);
  if (month !== row.month) throw new Error(`${day} is not in ${row.month}`);
  const bandKeys = [...row.bandKeys];
  let code = NO_BAND;
  if (band !== null) {
    let i = bandKeys.indexOf(band);
    if (i < 0) {
      if (bandKeys.length >= CODES.length) throw new Error('too many band keys in one month');
      i = bandKeys.push(band) - 1;
    }
    code = CODES[i]!;
  }
  return {
    month,
    scores: row.scores.slice(0, 2 * index) + scoreCode(score) + row.scores.slice(2 * index + 2),
    bands: row.bands.slice(0, index) + code + row.bands.slice(index + 1),
    bandKeys,
  };
}

const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The points of month rows between two days (inclusive), oldest first. Without `fill`, only
 * recorded days. With `fill`, every day from the first recorded one on (rows before `from`
 * count) up to `to` gets the latest recorded point: the recompute records a day only when
 * the score or band moved, so an unrecorded day means "unchanged".
 */
export function expandHistory(rows: readonly HistoryMonth[], from: string, to: string, options: { fill?: boolean } = {}): HistoryPoint[] {
  const recorded = recordedPoints(rows, options.fill ? '0000-00-00' : from, to);
  if (!options.fill) return recorded;
  const out: HistoryPoint[] = [];
  let last: HistoryPoint | null = null;
  let k = 0;
  for (let day = recorded[0]?.day ?? to; recorded.length && day <= to; day = nextDay(day)) {
    if (recorded[k]?.day === day) last = recorded[k++]!;
    if (day >= from && last) out.push({ ...last, day });
  }
  return out;
}

function recordedPoints(rows: readonly HistoryMonth[], from: string, to: string): HistoryPoint[] {
  const points: HistoryPoint[] = [];
  for (const row of [...rows].sort((a, b) => a.month.localeCompare(b.month))) {
    for (let i = 0; i < HISTORY_DAYS_PER_ROW; i++) {
      const day = `${row.month}-${String(i + 1).padStart(2, '0')}`;
      if (day < from || day > to) continue;
      const hex = row.scores.slice(2 * i, 2 * i + 2);
      const code = row.bands[i] ?? NO_BAND;
      const band = code === NO_BAND ? null : (row.bandKeys[CODES.indexOf(code)] ?? null);
      if (hex === NO_SCORE && band === null) continue;
      points.push({ day, score: hex === NO_SCORE ? null : parseInt(hex, 16), band });
    }
  }
  return points;
}

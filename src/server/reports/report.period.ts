import { sql, type RawBuilder } from 'kysely';
import type { ReportInterval, ReportQuery } from '../../domain/report';
import type { Db } from '../db/database';
import { dialectOf } from '../db/dialect';
import { fieldError } from '../http/problem';

/** A report's time frame: half-open [start, end) in UTC, split into buckets keyed like the SQL below. */
export type Period = { from: string; to: string; interval: ReportInterval; start: string; end: string; buckets: Bucket[] };
export type Bucket = { key: string; start: string; end: string };

const MAX_BUCKETS = 400;
const dayMs = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const ymd = (ms: number) => iso(ms).slice(0, 10);

function bucketStart(ms: number, interval: ReportInterval): number {
  const d = new Date(ms);
  if (interval === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return midnight - ((d.getUTCDay() + 6) % 7) * dayMs; // ISO weeks start on Monday
}

function nextBucket(ms: number, interval: ReportInterval): number {
  if (interval === 'week') return ms + 7 * dayMs;
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

export const bucketKey = (ms: number, interval: ReportInterval) => (interval === 'month' ? iso(ms).slice(0, 7) : ymd(ms));

/** from/to are whole UTC days, both included; the default is the last 12 calendar months up to today. */
export function periodOf(query: Pick<ReportQuery, 'from' | 'to' | 'interval'>, now = Date.now()): Period {
  const interval = query.interval;
  const toMs = query.to ? Date.parse(`${query.to}T00:00:00Z`) : Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
  if (Number.isNaN(toMs)) throw fieldError('to', 'must be a real date');
  const today = new Date(toMs);
  const fromMs = query.from ? Date.parse(`${query.from}T00:00:00Z`) : Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 11, 1);
  if (Number.isNaN(fromMs)) throw fieldError('from', 'must be a real date');
  if (fromMs > toMs) throw fieldError('from', 'must be on or before to');
  const endMs = toMs + dayMs;
  const buckets: Bucket[] = [];
  for (let b = bucketStart(fromMs, interval); b < endMs; b = nextBucket(b, interval)) {
    if (buckets.length === MAX_BUCKETS) throw fieldError('from', `makes more than ${MAX_BUCKETS} ${interval}s; pick a shorter period or a longer interval`);
    // The first and last buckets are clipped to the period so nothing outside it is counted.
    buckets.push({ key: bucketKey(b, interval), start: iso(Math.max(b, fromMs)), end: iso(Math.min(nextBucket(b, interval), endMs)) });
  }
  return { from: ymd(fromMs), to: ymd(toMs), interval, start: iso(fromMs), end: iso(endMs), buckets };
}

/** SQL for the bucket key of a timestamp column, matching bucketKey (UTC). */
export function bucketSql(db: Db, column: string, interval: ReportInterval): RawBuilder<string> {
  const col = sql.ref(column);
  if (dialectOf(db) === 'postgres') {
    return interval === 'month'
      ? sql<string>`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM')`
      : sql<string>`to_char(date_trunc('week', ${col} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`;
  }
  return interval === 'month' ? sql<string>`strftime('%Y-%m', ${col})` : sql<string>`date(${col}, '-6 days', 'weekday 1')`;
}

/** Which bucket a timestamp (ISO) falls in, or undefined outside the period. */
export function bucketOf(period: Period, at: string): Bucket | undefined {
  if (at < period.start || at >= period.end) return undefined;
  const key = bucketKey(bucketStart(Date.parse(at), period.interval), period.interval);
  return period.buckets.find((b) => b.key === key);
}

export const percent = (part: number, whole: number): number | null => (whole ? Math.round((part / whole) * 1000) / 10 : null);

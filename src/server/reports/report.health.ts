import { healthSettingsFrom } from '../../domain/healthSettings';
import { fromJson } from '../db/dialect';
import { col, type ReportBuilder } from './report.types';

const CODES = '0123456789abcdefghijklmnopqrstuvwxyz';
const dayBefore = (iso: string) => new Date(Date.parse(iso) - 86_400_000).toISOString().slice(0, 10);

/**
 * Live clients per health band on the last day of each period, read from the packed daily
 * history (an unrecorded day means unchanged, so each client's last point on or before the day
 * counts), and how many moved to a better or a worse band since the period before.
 */
export const healthMovement: ReportBuilder = async (db, ws, period) => {
  const row = await db.selectFrom('workspaces').select('settings').where('id', '=', ws).executeTakeFirst();
  const bands = healthSettingsFrom(fromJson<Record<string, unknown> | null>(row?.settings)?.health).bands;
  const rank = new Map([...bands].sort((a, b) => b.min - a.min).map((b, i) => [b.key, i])); // 0 = best
  const days = period.buckets.map((b) => dayBefore(b.end));
  const lastMonth = days.at(-1)!.slice(0, 7);
  const history = await db
    .selectFrom('health_history as h')
    .innerJoin('clients as c', (j) => j.onRef('c.workspace_id', '=', 'h.workspace_id').onRef('c.id', '=', 'h.client_id'))
    .select(['h.client_id', 'h.month', 'h.bands', 'h.band_keys'])
    .where('h.workspace_id', '=', ws).where('c.deleted_at', 'is', null).where('h.month', '<=', lastMonth)
    .orderBy('h.client_id').orderBy('h.month')
    .execute();
  const counts = days.map(() => new Map<string, number>());
  const better = days.map(() => 0);
  const worse = days.map(() => 0);
  const tally = (points: { day: string; band: string | null }[]) => {
    let k = 0;
    let band: string | null = null;
    let before: string | null = null;
    days.forEach((day, i) => {
      while (k < points.length && points[k]!.day <= day) band = points[k++]!.band;
      const key = band ?? 'unscored';
      counts[i]!.set(key, (counts[i]!.get(key) ?? 0) + 1);
      if (i > 0 && before && band && before !== band && rank.has(before) && rank.has(band)) {
        if (rank.get(band)! < rank.get(before)!) better[i]!++;
        else worse[i]!++;
      }
      before = band;
    });
  };
  let client: string | null = null;
  let points: { day: string; band: string | null }[] = [];
  for (const h of history) {
    if (h.client_id !== client) {
      if (client) tally(points);
      client = h.client_id;
      points = [];
    }
    const keys = fromJson<string[]>(h.band_keys) ?? [];
    for (let i = 0; i < h.bands.length; i++) {
      const code = h.bands[i]!;
      if (code === '-') continue;
      points.push({ day: `${h.month}-${String(i + 1).padStart(2, '0')}`, band: keys[CODES.indexOf(code)] ?? null });
    }
  }
  if (client) tally(points);
  return {
    columns: [
      col('period', 'Period', 'text'), ...bands.map((b) => col(b.key, b.name)),
      col('better', 'Improved'), col('worse', 'Worsened'),
    ],
    rows: period.buckets.map((b, i) => ({
      period: b.key, ...Object.fromEntries(bands.map((band) => [band.key, counts[i]!.get(band.key) ?? 0])), better: better[i]!, worse: worse[i]!,
    })),
    chart: { type: 'stackedBar', x: 'period', series: bands.map((b) => b.key), colors: Object.fromEntries(bands.map((b) => [b.key, b.color])) },
    note: 'Clients in each band on the last day of the period (clients not scored by then left out), and how many moved to a better (improved) or worse (worsened) band since the period before.',
  };
};

import { sql } from 'kysely';
import { clientStatuses } from '../../domain/client';
import { bucketSql, percent } from './report.period';
import { statusCountsAt, statusMovesSince } from './report.status';
import { col, num, type ReportBuilder } from './report.types';

/** New live clients per period (clients_live_created_idx range). */
export const newClients: ReportBuilder = async (db, ws, period) => {
  const rows = await db
    .selectFrom('clients')
    .select([bucketSql(db, 'created_at', period.interval).as('bucket'), sql<number>`count(*)`.as('n')])
    .where('workspace_id', '=', ws).where('deleted_at', 'is', null)
    .where('created_at', '>=', period.start).where('created_at', '<', period.end)
    .groupBy(sql.ref('bucket')).execute();
  const by = new Map(rows.map((r) => [r.bucket, num(r.n)]));
  return {
    columns: [col('period', 'Period', 'text'), col('newClients', 'New clients')],
    rows: period.buckets.map((b) => ({ period: b.key, newClients: by.get(b.key) ?? 0 })),
    chart: { type: 'bar', x: 'period', series: ['newClients'] },
    note: 'Clients added in each period that are not in the Trash.',
  };
};

const shown = ['active', 'inactive', 'churned'] as const;

/** Live clients per status at the end of each period, from today's statuses and the audited moves since. */
export const clientStatus: ReportBuilder = async (db, ws, period) => {
  const ends = period.buckets.map((b) => b.end);
  const at = await statusCountsAt(db, ws, ends);
  return {
    columns: [col('period', 'Period', 'text'), ...clientStatuses.map((s) => col(s, s[0]!.toUpperCase() + s.slice(1)))],
    rows: period.buckets.map((b) => {
      const c = at.get(b.end)!;
      return { period: b.key, ...Object.fromEntries(clientStatuses.map((s) => [s, c[s] ?? 0])) };
    }),
    chart: { type: 'line', x: 'period', series: [...shown] },
    note: 'Clients in each status at the end of the period (clients in the Trash left out).',
  };
};

/** Churn rate = clients that moved to churned in the period ÷ active clients at its start; retention = 100 − churn. */
export const retention: ReportBuilder = async (db, ws, period) => {
  const starts = period.buckets.map((b) => b.start);
  const at = await statusCountsAt(db, ws, starts);
  const moves = await statusMovesSince(db, ws, period.start);
  return {
    columns: [col('period', 'Period', 'text'), col('activeAtStart', 'Active at start'), col('churned', 'Churned'), col('churnRate', 'Churn rate', 'percent'), col('retentionRate', 'Retention rate', 'percent')],
    rows: period.buckets.map((b) => {
      const active = at.get(b.start)!.active ?? 0;
      const churned = moves.filter((m) => m.after === 'churned' && m.at >= b.start && m.at < b.end).length;
      const churnRate = percent(churned, active);
      return { period: b.key, activeAtStart: active, churned, churnRate, retentionRate: churnRate === null ? null : Math.round((100 - churnRate) * 10) / 10 };
    }),
    chart: { type: 'line', x: 'period', series: ['retentionRate', 'churnRate'] },
    note: 'Churned: clients moved to Churned during the period; rates against the clients active at its start.',
  };
};

const COHORT_MONTHS = 12;
const monthEnd = (key: string, plus: number) => {
  const [y, m] = key.split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1 + plus + 1, 1)).toISOString();
};

/** Monthly cohorts by created_at; retained k months on = not churned and not in the Trash at the end of month k. */
export const cohorts: ReportBuilder = async (db, ws, period) => {
  // Two index ranges: live clients by created_at, trashed ones by deleted_at (trashed after they were added).
  const base = () => db.selectFrom('clients').select(['id', 'status', 'created_at', 'deleted_at'])
    .where('workspace_id', '=', ws).where('created_at', '>=', period.start).where('created_at', '<', period.end);
  const members = [
    ...(await base().where('deleted_at', 'is', null).execute()),
    ...(await base().where('deleted_at', 'is not', null).where('deleted_at', '>=', period.start).execute()),
  ];
  const moves = members.length ? await statusMovesSince(db, ws, period.start) : [];
  const byClient = new Map<string, typeof moves>();
  for (const m of moves) byClient.set(m.clientId, [...(byClient.get(m.clientId) ?? []), m]);
  // A client's status at t: the `before` of its first move after t, else today's status.
  const statusAt = (id: string, now: string, t: string) => byClient.get(id)?.find((m) => m.at >= t)?.before ?? now;
  const nowIso = new Date().toISOString();
  const groups = new Map<string, typeof members>();
  for (const c of members) {
    const key = c.created_at.slice(0, 7);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const keys = [...new Set(period.buckets.map((b) => b.start.slice(0, 7)))];
  const ks = Array.from({ length: COHORT_MONTHS }, (_, k) => k);
  return {
    columns: [col('cohort', 'Cohort', 'text'), col('size', 'Clients'), ...ks.map((k) => col(`m${k}`, `Month ${k}`, 'percent'))],
    rows: keys.map((key) => {
      const list = groups.get(key) ?? [];
      const row: Record<string, string | number | null> = { cohort: key, size: list.length };
      for (const k of ks) {
        const t = monthEnd(key, k);
        if (t > nowIso && monthEnd(key, k - 1) > nowIso) { row[`m${k}`] = null; continue; }
        const at = t > nowIso ? nowIso : t;
        const kept = list.filter((c) => (!c.deleted_at || c.deleted_at >= at) && statusAt(c.id, c.status, at) !== 'churned').length;
        row[`m${k}`] = percent(kept, list.length);
      }
      return row;
    }),
    chart: { type: 'line', x: 'cohort', series: ['m1', 'm3', 'm6'] },
    note: 'Share of each month’s new clients still not churned and not in the Trash at the end of month k (month 0 = the month they were added).',
  };
};

/** New clients in the period by where they came from (referral source). */
export const acquisition: ReportBuilder = async (db, ws, period) => {
  const rows = await db
    .selectFrom('clients')
    .select(['referral_source as source', sql<number>`count(*)`.as('n')])
    .where('workspace_id', '=', ws).where('deleted_at', 'is', null)
    .where('created_at', '>=', period.start).where('created_at', '<', period.end)
    .groupBy('referral_source').execute();
  const total = rows.reduce((s, r) => s + num(r.n), 0);
  const list = rows
    .map((r) => ({ source: r.source?.trim() || '(not set)', clients: num(r.n) }))
    .sort((a, b) => b.clients - a.clients || a.source.localeCompare(b.source));
  return {
    columns: [col('source', 'Source', 'text'), col('clients', 'New clients'), col('share', 'Share', 'percent')],
    rows: list.map((r) => ({ ...r, share: percent(r.clients, total) })),
    chart: { type: 'bar', x: 'source', series: ['clients'] },
    note: 'Clients added in the period, by their referral source.',
  };
};

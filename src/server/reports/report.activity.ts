import { sql } from 'kysely';
import { responsePriorities } from '../../domain/activitySettings';
import { bucketSql, percent } from './report.period';
import { col, num, type ReportBuilder } from './report.types';

/** NPS (% promoters 9–10 − % detractors 0–6) and CSAT mean (1–5) of the feedback received in each period. */
export const satisfaction: ReportBuilder = async (db, ws, period) => {
  const rows = await db
    .selectFrom('feedback')
    .select([
      bucketSql(db, 'received_at', period.interval).as('bucket'), 'kind',
      sql<number>`count(*)`.as('n'), sql<number>`sum(score)`.as('total'),
      sql<number>`sum(CASE WHEN score >= 9 THEN 1 ELSE 0 END)`.as('promoters'),
      sql<number>`sum(CASE WHEN score <= 6 THEN 1 ELSE 0 END)`.as('detractors'),
    ])
    .where('workspace_id', '=', ws).where('kind', 'in', ['nps', 'csat']).where('score', 'is not', null)
    .where('received_at', '>=', period.start).where('received_at', '<', period.end)
    .groupBy([sql.ref('bucket'), 'kind']).execute();
  const at = new Map(rows.map((r) => [`${r.bucket} ${r.kind}`, r]));
  return {
    columns: [
      col('period', 'Period', 'text'), col('npsResponses', 'NPS responses'), col('promoters', 'Promoters'), col('detractors', 'Detractors'),
      col('nps', 'NPS'), col('csatResponses', 'CSAT responses'), col('csat', 'CSAT (mean)'),
    ],
    rows: period.buckets.map((b) => {
      const nps = at.get(`${b.key} nps`);
      const csat = at.get(`${b.key} csat`);
      const n = num(nps?.n);
      const p = num(nps?.promoters);
      const d = num(nps?.detractors);
      const c = num(csat?.n);
      return {
        period: b.key, npsResponses: n, promoters: p, detractors: d,
        nps: n ? Math.round(((p - d) / n) * 1000) / 10 : null,
        csatResponses: c, csat: c ? Math.round((num(csat?.total) / c) * 100) / 100 : null,
      };
    }),
    chart: { type: 'line', x: 'period', series: ['nps'] },
    note: 'NPS = % promoters (9–10) − % detractors (0–6), from −100 to 100; CSAT = mean score (1–5), two decimals.',
  };
};

/** Inbound interactions whose response was due in the period: met (answered by the due time), breached, or still open. */
export const responseTimes: ReportBuilder = async (db, ws, period) => {
  const now = new Date().toISOString();
  const rows = await db
    .selectFrom('interactions')
    .select([
      'priority', sql<number>`count(*)`.as('n'),
      sql<number>`sum(CASE WHEN responded_at IS NOT NULL AND responded_at <= response_due_at THEN 1 ELSE 0 END)`.as('met'),
      sql<number>`sum(CASE WHEN (responded_at IS NOT NULL AND responded_at > response_due_at) OR (responded_at IS NULL AND response_due_at < ${now}) THEN 1 ELSE 0 END)`.as('breached'),
    ])
    .where('workspace_id', '=', ws).where('response_due_at', 'is not', null)
    .where('response_due_at', '>=', period.start).where('response_due_at', '<', period.end)
    .groupBy('priority').execute();
  const by = new Map(rows.map((r) => [r.priority ?? 'regular', r]));
  return {
    columns: [col('priority', 'Priority', 'text'), col('due', 'Responses due'), col('met', 'Met'), col('breached', 'Breached'), col('open', 'Still open'), col('compliance', 'Compliance', 'percent')],
    rows: responsePriorities.map((priority) => {
      const r = by.get(priority);
      const met = num(r?.met);
      const breached = num(r?.breached);
      return { priority, due: num(r?.n), met, breached, open: num(r?.n) - met - breached, compliance: percent(met, met + breached) };
    }),
    chart: { type: 'stackedBar', x: 'priority', series: ['met', 'breached', 'open'] },
    note: 'Inbound interactions whose response target fell in the period. Compliance = met ÷ (met + breached).',
  };
};

/** Referrals made per period and how many of them converted (status converted or rewarded). */
export const referrals: ReportBuilder = async (db, ws, period) => {
  const rows = await db
    .selectFrom('referrals')
    .select([
      bucketSql(db, 'referred_at', period.interval).as('bucket'), sql<number>`count(*)`.as('n'),
      sql<number>`sum(CASE WHEN status IN ('converted', 'rewarded') THEN 1 ELSE 0 END)`.as('converted'),
    ])
    .where('workspace_id', '=', ws)
    .where('referred_at', '>=', period.start).where('referred_at', '<', period.end)
    .groupBy(sql.ref('bucket')).execute();
  const by = new Map(rows.map((r) => [r.bucket, r]));
  return {
    columns: [col('period', 'Period', 'text'), col('referrals', 'Referrals'), col('converted', 'Converted'), col('conversionRate', 'Conversion', 'percent')],
    rows: period.buckets.map((b) => {
      const r = by.get(b.key);
      return { period: b.key, referrals: num(r?.n), converted: num(r?.converted), conversionRate: percent(num(r?.converted), num(r?.n)) };
    }),
    chart: { type: 'bar', x: 'period', series: ['referrals', 'converted'] },
    note: 'Referrals by the day they were made; converted = the referred person became a client (converted or rewarded).',
  };
};

import { sql } from 'kysely';
import { dialectOf } from '../db/dialect';
import { bucketSql } from './report.period';
import { col, major, num, type ReportBuilder } from './report.types';

/** Payments received per period and currency (payments_ws_paid_idx range); amounts exact in major units. */
export const revenue: ReportBuilder = async (db, ws, period) => {
  const rows = await db
    .selectFrom('payments')
    .select([bucketSql(db, 'paid_at', period.interval).as('bucket'), 'currency', sql<number>`count(*)`.as('n'), sql<number>`sum(amount)`.as('total')])
    .where('workspace_id', '=', ws)
    .where('paid_at', '>=', period.start).where('paid_at', '<', period.end)
    .groupBy([sql.ref('bucket'), 'currency']).execute();
  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  const at = new Map(rows.map((r) => [`${r.bucket} ${r.currency}`, r]));
  return {
    columns: [col('period', 'Period', 'text'), col('currency', 'Currency', 'text'), col('payments', 'Payments'), col('amount', 'Amount', 'money')],
    rows: period.buckets.flatMap((b) =>
      currencies.map((currency) => {
        const r = at.get(`${b.key} ${currency}`);
        return { period: b.key, currency, payments: num(r?.n), amount: major(num(r?.total), currency) };
      }),
    ),
    chart: { type: 'bar', x: 'period', series: [], y: 'amount', groupBy: 'currency' },
    note: 'Payments received in each period, per currency (no conversion between currencies).',
  };
};

const cut = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;

/** Lifetime value (Σ invoiced + payments on account) of live clients, per currency: as of today, the period does not apply. */
export const lifetimeValue: ReportBuilder = async (db, ws) => {
  const pg = dialectOf(db) === 'postgres';
  const ltv = pg
    ? sql<string>`(SELECT string_agg(key || ':' || value, ',') FROM jsonb_each_text(figures->'lifetimeValue'))`
    : sql<string>`(SELECT group_concat(key || ':' || value, ',') FROM json_each(figures, '$.lifetimeValue'))`;
  const rows = await db
    .selectFrom('clients')
    .select([ltv.as('ltv')])
    .where('workspace_id', '=', ws).where('deleted_at', 'is', null).where('figures', 'is not', null)
    .execute();
  const values = new Map<string, number[]>();
  for (const r of rows) {
    for (const part of r.ltv?.split(',') ?? []) {
      const [currency, amount] = part.split(':');
      const n = Number(amount);
      if (!currency || !n) continue;
      values.set(currency, [...(values.get(currency) ?? []), n]);
    }
  }
  return {
    columns: [col('currency', 'Currency', 'text'), col('clients', 'Clients with a value'), col('total', 'Total', 'money'), col('mean', 'Mean', 'money'), col('median', 'Median', 'money'), col('p90', '90th percentile', 'money')],
    rows: [...values.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([currency, list]) => {
      const sorted = [...list].sort((a, b) => a - b);
      const total = sorted.reduce((s, n) => s + n, 0);
      return {
        currency, clients: sorted.length, total: major(total, currency), mean: major(Math.round(total / sorted.length), currency),
        median: major(cut(sorted, 0.5), currency), p90: major(cut(sorted, 0.9), currency),
      };
    }),
    chart: { type: 'bar', x: 'currency', series: ['mean', 'median', 'p90'] },
    note: 'Everything each client has been billed or paid, per currency, as of today (the period does not apply). Median and 90th percentile are the nearest-rank values.',
  };
};

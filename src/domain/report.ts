import { z } from 'zod';

export const reportKinds = [
  'new-clients', 'client-status', 'retention', 'cohorts', 'lifetime-value', 'revenue',
  'acquisition', 'satisfaction', 'response-times', 'referrals', 'health-movement',
] as const;
export type ReportKind = (typeof reportKinds)[number];

export const reportIntervals = ['month', 'week'] as const;
export type ReportInterval = (typeof reportIntervals)[number];

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)');

export const reportQuerySchema = z.object({
  from: day.optional().describe('First day (inclusive, UTC); default: the start of the month 11 months ago'),
  to: day.optional().describe('Last day (inclusive, UTC); default: today'),
  interval: z.enum(reportIntervals).default('month'),
  format: z.enum(['json', 'csv']).default('json'),
});
export type ReportQuery = z.infer<typeof reportQuerySchema>;

export const reportColumnSchema = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(['text', 'number', 'percent', 'money']).describe('percent: 0–100 with one decimal; money: major units of the row’s currency, as text'),
});
export type ReportColumn = z.infer<typeof reportColumnSchema>;

export const reportChartSchema = z.object({
  type: z.enum(['bar', 'stackedBar', 'line']),
  x: z.string().describe('The column on the x axis'),
  series: z.array(z.string()).describe('Columns drawn; with `groupBy` the values of that column become the series'),
  y: z.string().optional().describe('With groupBy: the value column'),
  groupBy: z.string().optional(),
  colors: z.record(z.string(), z.string()).optional().describe('A colour per series where it means something (health bands)'),
});
export type ReportChart = z.infer<typeof reportChartSchema>;

export const reportCell = z.union([z.string(), z.number(), z.null()]);
export const reportSchema = z.object({
  report: z.enum(reportKinds),
  from: z.string(),
  to: z.string(),
  interval: z.enum(reportIntervals),
  columns: z.array(reportColumnSchema),
  rows: z.array(z.record(z.string(), reportCell)),
  chart: reportChartSchema.optional(),
  note: z.string().optional().describe('How the figures are counted'),
});
export type Report = z.infer<typeof reportSchema>;

export const reportOverviewSchema = z.object({
  totalClients: z.number().int(),
  byStatus: z.record(z.string(), z.number().int()),
  byHealthBand: z.record(z.string(), z.number().int()).describe('Live clients per effective band; "unscored" for none yet'),
  recentActivity: z.array(z.object({
    id: z.string(), clientId: z.string(), clientName: z.string().nullable(), kind: z.string(), title: z.string(), at: z.string(), userId: z.string().nullable(),
  })),
});
export type ReportOverview = z.infer<typeof reportOverviewSchema>;

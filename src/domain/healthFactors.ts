/**
 * The factors of the health score and the measures each reads: keys, labels, units and what
 * the raw values mean. The settings (healthSettings.ts) give every measure a curve and every
 * factor a weight; the engine (health.ts) scores them.
 */

/** The factors of the score, in the order the explanation lists them. */
export const healthFactorKeys = ['usage', 'communication', 'payment', 'support', 'satisfaction', 'orders', 'referrals', 'responsiveness', 'engagement'] as const;
export type HealthFactorKey = (typeof healthFactorKeys)[number];

/**
 * The measures each factor reads: one raw number each, turned into a 0–100 score by its curve.
 * `combine` says how a factor with several measures scores: `min` when one bad signal must
 * not be hidden by a good one (an overdue invoice, a pile of open tickets), `mean` otherwise.
 */
export const healthFactorDefs: Record<HealthFactorKey, { label: string; combine: 'min' | 'mean'; measures: readonly HealthMeasureKey[] }> = {
  usage: { label: 'Usage trend', combine: 'mean', measures: ['usageChange'] },
  communication: { label: 'Communication recency', combine: 'mean', measures: ['contactGap'] },
  payment: { label: 'Payment behaviour', combine: 'min', measures: ['onTimePaymentRate', 'overdueDays'] },
  support: { label: 'Support load', combine: 'min', measures: ['openTickets', 'recentTickets'] },
  satisfaction: { label: 'Satisfaction', combine: 'mean', measures: ['npsLatest', 'npsTrend', 'csatAverage'] },
  orders: { label: 'Order success', combine: 'mean', measures: ['orderOnTimeRate', 'orderRating'] },
  referrals: { label: 'Referrals', combine: 'mean', measures: ['referrals'] },
  responsiveness: { label: 'Responsiveness', combine: 'mean', measures: ['responseCompliance'] },
  engagement: { label: 'Contact engagement', combine: 'mean', measures: ['contactEngagement'] },
};

export const healthMeasureKeys = [
  'usageChange', 'contactGap', 'onTimePaymentRate', 'overdueDays', 'openTickets', 'recentTickets', 'npsLatest', 'npsTrend', 'csatAverage',
  'orderOnTimeRate', 'orderRating', 'referrals', 'responseCompliance', 'contactEngagement',
] as const;
export type HealthMeasureKey = (typeof healthMeasureKeys)[number];

/** What each measure's raw value means (label, unit) — the explanation and the curve editor show it. */
export const healthMeasureDefs: Record<HealthMeasureKey, { label: string; unit: string; help: string }> = {
  usageChange: { label: 'Usage change', unit: '%', help: 'Usage in the last window against the window before it (−100 = stopped)' },
  contactGap: { label: 'Time since last contact', unit: '× cadence', help: 'Days since the last interaction divided by the days the expected cadence allows (1 = just due)' },
  onTimePaymentRate: { label: 'Invoices paid on time', unit: '%', help: 'Paid invoices paid by their due date' },
  overdueDays: { label: 'Oldest overdue invoice', unit: 'days', help: 'Days the oldest unpaid invoice is past due (0 = nothing overdue)' },
  openTickets: { label: 'Open support tickets', unit: 'tickets', help: 'Inbound tickets still waiting for a response' },
  recentTickets: { label: 'Support tickets in the window', unit: 'tickets', help: 'Inbound tickets in the support window' },
  npsLatest: { label: 'Latest NPS', unit: '0–10', help: 'The most recent Net Promoter answer' },
  npsTrend: { label: 'NPS trend', unit: 'points', help: 'Mean NPS in the satisfaction window minus the mean of the window before' },
  csatAverage: { label: 'CSAT', unit: '1–5', help: 'Mean CSAT in the satisfaction window' },
  orderOnTimeRate: { label: 'Orders on time', unit: '%', help: 'Completed orders in the orders window delivered on time' },
  orderRating: { label: 'Order rating', unit: '1–5', help: 'Mean rating of completed orders in the orders window' },
  referrals: { label: 'Referrals made', unit: 'referrals', help: 'Clients this client referred in the referrals window' },
  responseCompliance: { label: 'Responses within target', unit: '%', help: 'Inbound interactions in the window answered within the response target (urgent 2 h, important 24 h, regular 48 h)' },
  contactEngagement: { label: 'Contacts’ engagement', unit: '0–100', help: 'Mean engagement of the client’s contacts: hot 100, warm 70, cold 30, dormant 0' },
};

/** Engagement level → value of the contactEngagement measure. */
export const engagementValues = { hot: 100, warm: 70, cold: 30, dormant: 0 } as const;

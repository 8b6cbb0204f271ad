import { z } from 'zod';
import { cadences } from './activitySettings';
import { healthFactorKeys, healthMeasureKeys } from './healthFactors';

/**
 * The shapes the health engine returns and the API serves (GET /clients/{id}/health), so the
 * engine, the server's response schema, the OpenAPI document and the web app share one
 * definition.
 */

export const measureExplanationSchema = z.object({
  key: z.enum(healthMeasureKeys),
  label: z.string(),
  unit: z.string(),
  value: z.number().nullable().describe('Raw value (null = no data)'),
  score: z.number().nullable().describe('0–100 from the measure’s curve, one decimal'),
});
export type MeasureExplanation = z.infer<typeof measureExplanationSchema>;

export const factorExplanationSchema = z.object({
  key: z.enum(healthFactorKeys),
  label: z.string(),
  value: z.number().nullable().describe('Raw value of the measure that speaks for the factor (the deciding one when the lowest wins)'),
  unit: z.string(),
  measures: z.array(measureExplanationSchema),
  score: z.number().nullable().describe('0–100, one decimal; null without data'),
  weight: z.number().describe('The configured weight'),
  share: z.number().describe('The weight’s share after renormalisation (0–1); 0 when left out'),
  contribution: z.number().describe('Points this factor adds to the score (score × share), one decimal'),
  status: z.enum(['scored', 'no_data', 'off']).describe('no_data: left out and the other weights renormalised; off: weight 0'),
  note: z.string(),
});
export type FactorExplanation = z.infer<typeof factorExplanationSchema>;

export const bandRefSchema = z.object({ key: z.string(), name: z.string(), color: z.string() });
export type BandRef = z.infer<typeof bandRefSchema>;

export const healthExplanationSchema = z.object({
  score: z.number().int().nullable().describe('0–100 (half up); null when no weighted factor has data'),
  exactScore: z.number().nullable(),
  band: bandRefSchema.nullable(),
  profile: z.object({ id: z.string(), name: z.string() }).nullable().describe('The segment weight profile used, if any'),
  cadence: z.enum(cadences).nullable().describe('Expected contact cadence the communication factor used'),
  factors: z.array(factorExplanationSchema),
  leftOut: z.array(z.enum(healthFactorKeys)).describe('Weighted factors without data'),
  summary: z.string(),
});
export type HealthExplanation = z.infer<typeof healthExplanationSchema>;

export const healthChangeSchema = z.object({
  factor: z.enum(healthFactorKeys),
  label: z.string(),
  scoreBefore: z.number().nullable(),
  scoreAfter: z.number().nullable(),
  points: z.number().describe('Change of the factor’s contribution in score points, one decimal'),
  text: z.string(),
});
export type HealthChange = z.infer<typeof healthChangeSchema>;

export const healthDiffSchema = z.object({
  scoreBefore: z.number().nullable(),
  scoreAfter: z.number().nullable(),
  scoreChange: z.number().nullable(),
  bandBefore: bandRefSchema.nullable(),
  bandAfter: bandRefSchema.nullable(),
  bandChanged: z.boolean(),
  changes: z.array(healthChangeSchema).describe('Biggest first'),
  summary: z.string(),
});
export type HealthDiff = z.infer<typeof healthDiffSchema>;

export const healthTrendSchema = z.object({
  days: z.number().int(),
  from: z.number().nullable(),
  to: z.number().nullable(),
  change: z.number().nullable(),
  direction: z.enum(['up', 'down', 'flat', 'unknown']),
});
export type HealthTrend = z.infer<typeof healthTrendSchema>;

export const overrideStates = ['active', 'expired', 'band_removed'] as const;

export const healthOverrideSchema = z.object({
  score: z.number().int().nullable(),
  band: z.string().nullable(),
  reason: z.string(),
  expiresAt: z.string(),
  setBy: z.string().nullable(),
  setAt: z.string(),
});
export type HealthOverride = z.infer<typeof healthOverrideSchema>;

/** GET /api/v1/clients/{id}/health. */
export const clientHealthSchema = healthExplanationSchema.extend({
  score: z.number().int().nullable().describe('The score shown: the override’s while it lasts, else the computed one'),
  band: bandRefSchema.nullable(),
  computedScore: z.number().int().nullable(),
  computedBand: bandRefSchema.nullable(),
  override: healthOverrideSchema.extend({ state: z.enum(overrideStates) }).nullable(),
  recommendedAction: z.object({ action: z.string(), dueHours: z.number().int().nullable() }).nullable(),
  changes: healthDiffSchema.nullable().describe('What changed at the last recompute that moved anything, and why'),
  changedAt: z.string().nullable(),
  history: z.array(z.object({ at: z.string(), score: z.number().int().nullable(), band: z.string().nullable() })).describe('A point per day, oldest first'),
  trend: healthTrendSchema.describe('Over the last 30 days'),
  computedAt: z.string().nullable(),
});
export type ClientHealth = z.infer<typeof clientHealthSchema>;

/** POST /api/v1/settings/health/preview. */
export const healthPreviewSchema = z.object({
  total: z.number().int(),
  unscored: z.number().int(),
  byBand: z.array(z.object({ key: z.string(), name: z.string(), color: z.string(), count: z.number().int(), current: z.number().int().describe('With the saved settings') })),
  sampled: z.boolean().describe('Counts scaled up from a sample (shown as ≈)'),
  asOf: z.string().nullable().describe('When the re-scored inputs were gathered'),
  note: z.string().nullable(),
});
export type HealthPreview = z.infer<typeof healthPreviewSchema>;

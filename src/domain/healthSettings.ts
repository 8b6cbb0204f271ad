import { z } from 'zod';
import { cadences } from './activitySettings';
import { strictError } from './client';
import { healthFactorKeys, healthMeasureKeys } from './healthFactors';
import type { FieldError } from './problem';

export type { HealthFactorKey, HealthMeasureKey } from './healthFactors';

/**
 * The health score's settings (`workspaces.settings.health`): factor weights, one curve per
 * measure, bands, look-back windows and weight profiles per segment. Every part validates
 * on its own, so a partial PUT is merged and the whole checked again (applyHealthSettingsUpdate).
 */

// ── Schemas ──────────────────────────────────────────────────────────────────

const finite = (what: string) => z.number({ error: `must be a number (${what})` }).refine(Number.isFinite, 'must be a finite number');

/** One point of a curve: raw value x scores y. */
export const curvePointSchema = z.strictObject({ x: finite('raw value'), y: z.number({ error: 'must be a number (score)' }).min(0, 'must be at least 0').max(100, 'must be at most 100') }, strictError);
export type CurvePoint = z.infer<typeof curvePointSchema>;

/** A piecewise-linear curve: x strictly increasing; values beyond the ends take the end's score. */
export const curveSchema = z
  .array(curvePointSchema)
  .min(2, 'needs at least 2 points')
  .max(12, 'takes at most 12 points')
  .superRefine((points, ctx) => {
    for (let i = 1; i < points.length; i++) {
      if (!(points[i]!.x > points[i - 1]!.x)) ctx.addIssue({ code: 'custom', path: [i, 'x'], message: `must be greater than the previous point's x (${points[i - 1]!.x})` });
    }
  });

const weight = z.number({ error: 'must be a number' }).min(0, 'must not be negative').max(100, 'must be at most 100');
const weightsShape = Object.fromEntries(healthFactorKeys.map((k) => [k, weight])) as Record<(typeof healthFactorKeys)[number], typeof weight>;

/** Relative weight of each factor (they need not add up to 100); 0 leaves the factor out. */
export const healthWeightsSchema = z
  .strictObject(weightsShape, strictError)
  .refine((w) => Object.values(w).some((v) => v > 0), 'must give at least one factor a weight above 0');
export type HealthWeights = z.infer<typeof healthWeightsSchema>;

const curvesShape = Object.fromEntries(healthMeasureKeys.map((k) => [k, curveSchema])) as Record<(typeof healthMeasureKeys)[number], typeof curveSchema>;
export const healthCurvesSchema = z.strictObject(curvesShape, strictError);
export type HealthCurves = z.infer<typeof healthCurvesSchema>;

const days = z.number({ error: 'must be a number of days' }).int('must be a whole number of days').min(1, 'must be at least 1 day').max(730, 'must be at most 730 days');

/** Look-back windows in days. */
export const healthWindowsSchema = z.strictObject(
  {
    usageDays: days.describe('Usage of the last N days is compared with the N days before'),
    supportDays: days.describe('Tickets counted for support load'),
    satisfactionDays: days.describe('NPS/CSAT window (and the one before it, for the trend)'),
    ordersDays: days.describe('Orders counted for on-time rate and rating'),
    referralsDays: days.describe('Referrals counted'),
    responseDays: days.describe('Inbound interactions counted for response-time compliance'),
  },
  strictError,
);
export type HealthWindows = z.infer<typeof healthWindowsSchema>;

/** A band: scores min..max (whole numbers, inclusive), with what to do about clients in it. */
export const healthBandSchema = z.strictObject(
  {
    key: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be 1–32 lower-case letters, digits or _ starting with a letter (e.g. at_risk)'),
    name: z.string().trim().min(1, 'is required').max(40, 'must be at most 40 characters'),
    min: z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be at least 0').max(100, 'must be at most 100'),
    max: z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be at least 0').max(100, 'must be at most 100'),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #2f9e44'),
    action: z.string().trim().max(300, 'must be at most 300 characters').default('').describe('The recommended action for clients in this band'),
    actionDueHours: z.number().int().min(1, 'must be at least 1 hour').max(2160, 'must be at most 2160 hours (90 days)').nullable().default(null).describe('A task made from an alert for this band is due this many hours later'),
  },
  strictError,
);
export type HealthBand = z.infer<typeof healthBandSchema>;

const range = (b: { min: number; max: number }) => `${b.min}–${b.max}`;

/** Bands that cover 0–100 with no gap and no overlap; keys and names unique. */
export const healthBandsSchema = z
  .array(healthBandSchema)
  .min(2, 'needs at least 2 bands')
  .max(8, 'takes at most 8 bands')
  .superRefine((bands, ctx) => {
    const issue = (i: number, field: string, message: string) => ctx.addIssue({ code: 'custom', path: [i, field], message });
    bands.forEach((b, i) => {
      if (b.min > b.max) issue(i, 'max', `must not be below min (${b.min})`);
      if (bands.findIndex((o) => o.key === b.key) < i) issue(i, 'key', `is used by another band (${b.key})`);
      if (bands.findIndex((o) => o.name.toLowerCase() === b.name.toLowerCase()) < i) issue(i, 'name', `is used by another band (${b.name})`);
    });
    if (bands.some((b) => b.min > b.max)) return;
    const order = bands.map((b, i) => ({ b, i })).sort((p, q) => p.b.min - q.b.min || p.b.max - q.b.max);
    if (order[0]!.b.min !== 0) issue(order[0]!.i, 'min', `must be 0: scores 0–${order[0]!.b.min - 1} would have no band`);
    const top = order.reduce((a, p) => (p.b.max > a.b.max ? p : a));
    if (top.b.max !== 100) issue(top.i, 'max', `must be 100: scores ${top.b.max + 1}–100 would have no band`);
    for (let k = 1; k < order.length; k++) {
      const prev = order[k - 1]!;
      const cur = order[k]!;
      if (cur.b.min <= prev.b.max) issue(cur.i, 'min', `overlaps “${prev.b.name}” (${range(prev.b)})`);
      else if (cur.b.min > prev.b.max + 1) issue(cur.i, 'min', `leaves scores ${prev.b.max + 1}–${cur.b.min - 1} in no band (between “${prev.b.name}” and “${cur.b.name}”)`);
    }
  });

/** Weights (and optionally the cadence) for clients of a saved segment: the first profile whose segment holds the client wins. */
export const healthProfileSchema = z.strictObject(
  {
    id: z.string().trim().min(1, 'is required').max(64),
    name: z.string().trim().min(1, 'is required').max(60, 'must be at most 60 characters'),
    segmentId: z.string().trim().min(1, 'is required').max(64).describe('A saved segment of the workspace'),
    weights: healthWeightsSchema,
    cadence: z.enum(cadences).nullable().default(null).describe('Expected contact cadence for these clients; null = by status (settings/activity)'),
  },
  strictError,
);
export type HealthProfile = z.infer<typeof healthProfileSchema>;

export const healthProfilesSchema = z
  .array(healthProfileSchema)
  .max(20, 'takes at most 20 profiles')
  .superRefine((profiles, ctx) => {
    profiles.forEach((p, i) => {
      if (profiles.findIndex((o) => o.id === p.id) < i) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `is used by another profile (${p.id})` });
      if (profiles.findIndex((o) => o.segmentId === p.segmentId) < i) ctx.addIssue({ code: 'custom', path: [i, 'segmentId'], message: 'already has a profile' });
    });
  });

export const bandPresets = ['standard', 'fourBand', 'custom'] as const;
export type BandPreset = (typeof bandPresets)[number];

/** The whole of `workspaces.settings.health`. */
export const healthSettingsSchema = z.strictObject(
  {
    bandPreset: z.enum(bandPresets).describe('standard: Healthy/At-Risk/Critical; fourBand: Excellent/Good/Fair/At Risk; custom'),
    bands: healthBandsSchema,
    weights: healthWeightsSchema,
    curves: healthCurvesSchema,
    windows: healthWindowsSchema,
    profiles: healthProfilesSchema,
  },
  strictError,
);
export type HealthSettings = z.infer<typeof healthSettingsSchema>;

const partialOf = <K extends string, T extends z.ZodType>(keys: readonly K[], schema: T) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, schema.optional()])) as Record<K, z.ZodOptional<T>>, strictError);

/**
 * PUT /settings/health: any part; weights, curves and windows may be partial (merged into the
 * current ones). Each part is checked here with the same messages, and the merged whole again
 * by applyHealthSettingsUpdate (all-zero weights only show once merged).
 */
export const updateHealthSettingsBodySchema = z.strictObject(
  {
    bandPreset: z.enum(bandPresets).optional().describe('standard or fourBand alone replaces the bands with the preset'),
    bands: healthBandsSchema.optional(),
    weights: partialOf(healthFactorKeys, weight).optional(),
    curves: partialOf(healthMeasureKeys, curveSchema).optional(),
    windows: healthWindowsSchema.partial().optional(),
    profiles: healthProfilesSchema.optional(),
  },
  strictError,
);
export type UpdateHealthSettingsBody = z.infer<typeof updateHealthSettingsBodySchema>;

/** What applyHealthSettingsUpdate takes: a parsed body, or raw parts (checked there). */
export type HealthSettingsUpdate = {
  bandPreset?: BandPreset;
  bands?: readonly unknown[];
  weights?: Record<string, unknown>;
  curves?: Record<string, unknown>;
  windows?: Record<string, unknown>;
  profiles?: readonly unknown[];
};

// ── Presets and defaults ─────────────────────────────────────────────────────

/**
 * The two presets of the product documents, each band with its recommended action: the
 * health-based actions of the client guide (healthy: check-ins, upsell, referrals; at-risk:
 * intervene, usage plan, support; critical: emergency response with executives) and the
 * client-relations health status (excellent … at risk: immediate action required).
 */
export const bandPresetBands: Record<Exclude<BandPreset, 'custom'>, HealthBand[]> = {
  standard: [
    { key: 'healthy', name: 'Healthy', min: 75, max: 100, color: '#2f9e44', action: 'Keep regular check-ins; ask for a referral or testimonial and look for upsell opportunities', actionDueHours: null },
    { key: 'at_risk', name: 'At-Risk', min: 50, max: 74, color: '#f08c00', action: 'Intervene now: agree a usage improvement plan, offer extra support, start a retention campaign', actionDueHours: 168 },
    { key: 'critical', name: 'Critical', min: 0, max: 49, color: '#e03131', action: 'Emergency response: schedule an executive call within 48 h and agree a recovery plan', actionDueHours: 48 },
  ],
  fourBand: [
    { key: 'excellent', name: 'Excellent', min: 80, max: 100, color: '#2f9e44', action: 'Strong relationship: celebrate their successes, ask for referrals and a testimonial', actionDueHours: null },
    { key: 'good', name: 'Good', min: 60, max: 79, color: '#fab005', action: 'Healthy, minor improvements needed: keep the monthly check-in and fix small issues', actionDueHours: null },
    { key: 'fair', name: 'Fair', min: 40, max: 59, color: '#fd7e14', action: 'Needs attention: hold a relationship review this week and agree improvements', actionDueHours: 168 },
    { key: 'at_risk', name: 'At Risk', min: 0, max: 39, color: '#e03131', action: 'Immediate action required: executive call within 48 h and a recovery plan', actionDueHours: 48 },
  ],
};

/** Default curves: the raw value at which each measure scores 0, middling and 100. */
export const defaultHealthCurves: HealthCurves = {
  usageChange: [{ x: -50, y: 0 }, { x: -20, y: 50 }, { x: 0, y: 80 }, { x: 20, y: 100 }],
  contactGap: [{ x: 1, y: 100 }, { x: 2, y: 40 }, { x: 3, y: 0 }],
  onTimePaymentRate: [{ x: 50, y: 0 }, { x: 80, y: 50 }, { x: 100, y: 100 }],
  overdueDays: [{ x: 0, y: 100 }, { x: 1, y: 80 }, { x: 30, y: 40 }, { x: 60, y: 0 }],
  openTickets: [{ x: 0, y: 100 }, { x: 1, y: 80 }, { x: 3, y: 40 }, { x: 6, y: 0 }],
  recentTickets: [{ x: 1, y: 100 }, { x: 5, y: 50 }, { x: 10, y: 0 }],
  npsLatest: [{ x: 0, y: 0 }, { x: 6, y: 30 }, { x: 8, y: 70 }, { x: 10, y: 100 }],
  npsTrend: [{ x: -3, y: 0 }, { x: 0, y: 80 }, { x: 1, y: 100 }],
  csatAverage: [{ x: 1, y: 0 }, { x: 3, y: 50 }, { x: 5, y: 100 }],
  orderOnTimeRate: [{ x: 50, y: 0 }, { x: 80, y: 60 }, { x: 100, y: 100 }],
  orderRating: [{ x: 1, y: 0 }, { x: 3, y: 50 }, { x: 5, y: 100 }],
  referrals: [{ x: 0, y: 50 }, { x: 1, y: 85 }, { x: 3, y: 100 }],
  responseCompliance: [{ x: 50, y: 0 }, { x: 80, y: 50 }, { x: 95, y: 90 }, { x: 100, y: 100 }],
  contactEngagement: [{ x: 0, y: 0 }, { x: 100, y: 100 }],
};

export const defaultHealthWeights: HealthWeights = {
  usage: 15, communication: 20, payment: 15, support: 10, satisfaction: 15, orders: 10, referrals: 5, responsiveness: 5, engagement: 5,
};

/** Suggested weights for a profile: software clients weigh usage, service clients weigh orders. */
export const healthWeightSuggestions: Record<'saas' | 'services', HealthWeights> = {
  saas: { usage: 35, communication: 15, payment: 15, support: 15, satisfaction: 10, orders: 0, referrals: 5, responsiveness: 5, engagement: 0 },
  services: { usage: 0, communication: 20, payment: 20, support: 5, satisfaction: 20, orders: 25, referrals: 5, responsiveness: 5, engagement: 0 },
};

export const defaultHealthSettings: HealthSettings = {
  bandPreset: 'standard',
  bands: bandPresetBands.standard,
  weights: defaultHealthWeights,
  curves: defaultHealthCurves,
  windows: { usageDays: 30, supportDays: 90, satisfactionDays: 180, ordersDays: 365, referralsDays: 365, responseDays: 90 },
  profiles: [],
};

/** Zod issues as the API's field errors (dotted paths under `prefix`). */
export const toFieldErrors = (issues: readonly z.core.$ZodIssue[], prefix = ''): FieldError[] =>
  issues.map((i) => ({ path: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || 'body', message: i.message }));

const bandFields = ['key', 'name', 'min', 'max', 'color', 'action', 'actionDueHours'] as const;
const sameBands = (preset: readonly HealthBand[], given: readonly unknown[]): boolean =>
  preset.length === given.length &&
  preset.every((b, i) => {
    const g = (given[i] ?? {}) as Record<string, unknown>;
    return bandFields.every((f) => (g[f] ?? (f === 'action' ? '' : null)) === b[f]);
  });

/**
 * Merges a PUT body into the current settings and validates the result as a whole (so
 * weights set to zero one by one are caught when the last one goes). A preset named alone
 * brings its bands; bands given alone make the preset `custom`.
 */
export function applyHealthSettingsUpdate(current: HealthSettings, body: HealthSettingsUpdate): { ok: true; settings: HealthSettings } | { ok: false; errors: FieldError[] } {
  const merged: Record<string, unknown> = { ...current };
  if (body.weights) merged.weights = { ...current.weights, ...body.weights };
  if (body.curves) merged.curves = { ...current.curves, ...body.curves };
  if (body.windows) merged.windows = { ...current.windows, ...body.windows };
  if (body.profiles) merged.profiles = body.profiles;
  if (body.bands) {
    // Bands sent back unchanged (a settings form saving everything) keep their preset's name.
    merged.bands = body.bands;
    const same = (Object.keys(bandPresetBands) as Exclude<BandPreset, 'custom'>[]).find((p) => sameBands(bandPresetBands[p], body.bands!));
    merged.bandPreset = same ?? 'custom';
  } else if (body.bandPreset) {
    merged.bandPreset = body.bandPreset;
    if (body.bandPreset !== 'custom') merged.bands = bandPresetBands[body.bandPreset];
  }
  const parsed = healthSettingsSchema.safeParse(merged);
  return parsed.success ? { ok: true, settings: parsed.data } : { ok: false, errors: toFieldErrors(parsed.error.issues) };
}

/** Stored settings read leniently: a part that no longer validates falls back to its default. */
export function healthSettingsFrom(stored: unknown): HealthSettings {
  const s = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const part = <T>(schema: z.ZodType<T>, value: unknown, fallback: T): T => {
    const r = schema.safeParse(value);
    return r.success ? r.data : fallback;
  };
  return {
    bandPreset: part(z.enum(bandPresets), s.bandPreset, defaultHealthSettings.bandPreset),
    bands: part(healthBandsSchema, s.bands, defaultHealthSettings.bands),
    weights: part(healthWeightsSchema, s.weights, defaultHealthWeights),
    curves: part(healthCurvesSchema, { ...defaultHealthCurves, ...(s.curves as object) }, defaultHealthCurves),
    windows: part(healthWindowsSchema, { ...defaultHealthSettings.windows, ...(s.windows as object) }, defaultHealthSettings.windows),
    profiles: part(healthProfilesSchema, s.profiles, []),
  };
}

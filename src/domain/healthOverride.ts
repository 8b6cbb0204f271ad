import { z } from 'zod';
import { strictError } from './client';
import { bandFor, bandRef } from './health';
import { overrideStates, type BandRef, type HealthExplanation, type HealthOverride } from './healthExplanation';
import type { HealthBand } from './healthSettings';
import type { FieldError } from './problem';

/** Longest an override may last: it must come back for review. */
export const OVERRIDE_MAX_DAYS = 365;

/** PUT /clients/{id}/health/override: a manager's score or band, with why and until when. */
export const healthOverrideBodySchema = z
  .strictObject(
    {
      score: z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be at least 0').max(100, 'must be at most 100').nullable().optional(),
      band: z.string().max(32).nullable().optional().describe('A band key of the workspace (e.g. at_risk)'),
      reason: z.string({ error: 'is required: say why the score is overridden' }).trim().min(1, 'is required: say why the score is overridden').max(1000, 'must be at most 1000 characters'),
      expiresAt: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time such as 2026-12-31T00:00:00Z' }).transform((v) => new Date(v).toISOString()),
    },
    strictError,
  )
  .refine((b) => (b.score ?? null) !== null || (b.band ?? null) !== null, { message: 'give a score or a band', path: ['score'] });
export type HealthOverrideBody = z.infer<typeof healthOverrideBodySchema>;

/** An override as stored (health_scores.override). */
export type { HealthOverride };

/** What the body schema cannot check alone: the expiry against now, the band against the workspace's bands. */
export function checkOverride(body: HealthOverrideBody, bands: readonly HealthBand[], now: string): FieldError[] {
  const errors: FieldError[] = [];
  const at = Date.parse(body.expiresAt);
  if (at <= Date.parse(now)) errors.push({ path: 'expiresAt', message: 'must be in the future' });
  else if (at > Date.parse(now) + OVERRIDE_MAX_DAYS * 86_400_000) errors.push({ path: 'expiresAt', message: `must be within ${OVERRIDE_MAX_DAYS} days` });
  const band = body.band ? bands.find((b) => b.key === body.band) : null;
  if (body.band && !band) errors.push({ path: 'band', message: `is not a band of this workspace (${bands.map((b) => b.key).join(', ')})` });
  if (band && typeof body.score === 'number' && (body.score < band.min || body.score > band.max)) {
    errors.push({ path: 'score', message: `is outside the band “${band.name}” (${band.min}–${band.max})` });
  }
  return errors;
}

export type OverrideState = (typeof overrideStates)[number];

export type EffectiveHealth = {
  score: number | null;
  band: BandRef | null;
  computedScore: number | null;
  computedBand: BandRef | null;
  override: (HealthOverride & { state: OverrideState }) | null;
};

/**
 * The score and band a client shows: the override's while it lasts, else the computed ones.
 * An expired override — or one naming a band the workspace no longer has — is ignored (and
 * reported with its state, so the nightly job can clear and audit it).
 */
export function effectiveHealth(computed: Pick<HealthExplanation, 'score' | 'band'>, override: HealthOverride | null, bands: readonly HealthBand[], now: string): EffectiveHealth {
  const base = { score: computed.score, band: computed.band, computedScore: computed.score, computedBand: computed.band };
  if (!override) return { ...base, override: null };
  if (Date.parse(override.expiresAt) <= Date.parse(now)) return { ...base, override: { ...override, state: 'expired' } };
  const forced = override.band ? bands.find((b) => b.key === override.band) : null;
  if (override.band && !forced) return { ...base, override: { ...override, state: 'band_removed' } };
  const score = override.score ?? computed.score;
  const band = forced ? bandRef(forced) : bandRef(bandFor(score, bands));
  return { ...base, score, band, override: { ...override, state: 'active' } };
}

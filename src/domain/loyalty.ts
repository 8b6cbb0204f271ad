import { z } from 'zod';
import { strictError } from './client';

export const loyaltyEntryKinds = ['earned', 'adjusted', 'redeemed'] as const;

/** One line of a client's points ledger. */
export const loyaltyEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(loyaltyEntryKinds),
  points: z.number().int().describe('Signed: earned and positive adjustments add, redemptions and negative adjustments subtract'),
  balanceAfter: z.number().int(),
  reason: z.string().nullable(),
  orderId: z.string().nullable().describe('The completed order that earned the points'),
  createdBy: z.string().nullable(),
  at: z.string(),
});
export type LoyaltyEntry = z.infer<typeof loyaltyEntrySchema>;

export const loyaltyTierSchema = z.object({
  name: z.string(),
  threshold: z.number().int().describe('Lifetime points (earned + adjustments, redemptions not subtracted) from which the tier applies'),
});
export type LoyaltyTier = z.infer<typeof loyaltyTierSchema>;

/** GET /clients/{id}/loyalty: balance, tier and a page of the ledger (newest first). */
export const loyaltyAccountSchema = z.object({
  clientId: z.string(),
  balance: z.number().int(),
  lifetimePoints: z.number().int(),
  tier: z.string().nullable().describe('The highest tier whose threshold lifetimePoints reaches'),
  nextTier: loyaltyTierSchema.nullable(),
  ledger: z.object({ data: z.array(loyaltyEntrySchema), nextCursor: z.string().nullable(), total: z.number().int() }),
});
export type LoyaltyAccount = z.infer<typeof loyaltyAccountSchema>;

/** POST …/loyalty/adjust: a hand correction, positive or negative, always with a reason. */
export const adjustPointsBodySchema = z.strictObject(
  {
    points: z.number().int('must be a whole number').min(-1_000_000).max(1_000_000).refine((v) => v !== 0, 'must not be zero'),
    reason: z.string().trim().min(1, 'is required for an adjustment').max(500),
  },
  strictError,
);
export type AdjustPointsBody = z.infer<typeof adjustPointsBodySchema>;

/** POST …/loyalty/redeem: spend points; never more than the balance. */
export const redeemPointsBodySchema = z.strictObject(
  {
    points: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1_000_000),
    reason: z.string().trim().max(500).optional().describe('What they were redeemed for'),
  },
  strictError,
);
export type RedeemPointsBody = z.infer<typeof redeemPointsBodySchema>;

/** The workspace's points rule and tiers: `workspaces.settings.loyalty`. */
export const loyaltySettingsSchema = z.object({
  enabled: z.boolean().describe('When false, completed orders earn nothing (hand adjustments still work)'),
  pointsPerOrder: z.number().int().describe('Points for every completed order'),
  pointsPerCurrencyUnit: z.number().describe('Points per whole currency unit of the order’s value (1 = a point per dollar)'),
  tiers: z.array(loyaltyTierSchema).describe('Ascending thresholds; the first usually 0'),
});
export type LoyaltySettings = z.infer<typeof loyaltySettingsSchema>;

export const defaultLoyaltySettings: LoyaltySettings = {
  enabled: true,
  pointsPerOrder: 10,
  pointsPerCurrencyUnit: 1,
  tiers: [
    { name: 'Bronze', threshold: 0 },
    { name: 'Silver', threshold: 500 },
    { name: 'Gold', threshold: 2000 },
  ],
};

export const updateLoyaltySettingsBodySchema = z.strictObject(
  {
    enabled: z.boolean().optional(),
    pointsPerOrder: z.number().int('must be a whole number').min(0, 'must not be negative').max(100_000).optional(),
    pointsPerCurrencyUnit: z.number().min(0, 'must not be negative').max(1000).optional(),
    tiers: z
      .array(z.strictObject({ name: z.string().trim().min(1, 'is required').max(40), threshold: z.number().int().min(0, 'must not be negative').max(1_000_000_000) }, strictError))
      .max(10)
      .refine((t) => t.every((tier, i) => i === 0 || tier.threshold > t[i - 1]!.threshold), 'thresholds must increase')
      .refine((t) => new Set(t.map((tier) => tier.name.toLowerCase())).size === t.length, 'tier names must differ')
      .optional(),
  },
  strictError,
);
export type UpdateLoyaltySettingsBody = z.infer<typeof updateLoyaltySettingsBodySchema>;

/** The tier a lifetime total reaches, and the next one. */
export function tierOf(lifetime: number, tiers: LoyaltyTier[]): { tier: string | null; nextTier: LoyaltyTier | null } {
  let tier: string | null = null;
  let nextTier: LoyaltyTier | null = null;
  for (const t of [...tiers].sort((a, b) => a.threshold - b.threshold)) {
    if (lifetime >= t.threshold) tier = t.name;
    else if (!nextTier) nextTier = t;
  }
  return { tier, nextTier };
}

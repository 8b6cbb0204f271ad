import { z } from 'zod';
import { optionalText, strictError } from './client';

export const referralStatuses = ['pending', 'converted', 'rewarded', 'declined'] as const;
export const rewardStatuses = ['none', 'pending', 'issued', 'declined'] as const;

const instant = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time' }).transform((v) => new Date(v).toISOString());

const referralWriteFields = {
  referredClientId: z.string().max(64).nullable().optional().describe('The referred person once they are a client of the workspace'),
  referredName: optionalText(200).describe('Who was referred, while they are not a client yet'),
  referredEmail: z.email({ error: 'must be an e-mail address' }).max(254).nullable().optional(),
  status: z.enum(referralStatuses).optional().describe('pending when omitted'),
  rewardStatus: z.enum(rewardStatuses).optional().describe('none when omitted'),
  rewardNotes: optionalText(2000).describe('What the referrer gets or got, e.g. "£20 voucher"'),
  notes: optionalText(5000),
  referredAt: instant.optional().describe('When the referral was made; now when omitted'),
};

/**
 * POST /clients/{id}/referrals: the client in the path is the referrer. The referred is a
 * client (referredClientId) or a name/e-mail of someone who is not a client yet.
 */
export const createReferralBodySchema = z.strictObject(referralWriteFields, strictError);
export const updateReferralBodySchema = z.strictObject({ ...referralWriteFields, version: z.number().int().optional() }, strictError);
export type CreateReferralBody = z.infer<typeof createReferralBodySchema>;
export type UpdateReferralBody = z.infer<typeof updateReferralBodySchema>;

const clientRef = z.object({ id: z.string(), displayName: z.string() }).nullable();

/** One client referring someone: another client or a person not yet a client. */
export const referralSchema = z.object({
  id: z.string(),
  referrerClientId: z.string(),
  referrer: clientRef,
  referredClientId: z.string().nullable(),
  referred: clientRef,
  referredName: z.string().nullable(),
  referredEmail: z.string().nullable(),
  status: z.enum(referralStatuses),
  rewardStatus: z.enum(rewardStatuses),
  rewardNotes: z.string().nullable(),
  notes: z.string().nullable(),
  referredAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Referral = z.infer<typeof referralSchema>;

/** How many referrals a client made and received. */
export const referralCountsSchema = z.object({
  made: z.number().int().describe('Referrals this client made'),
  converted: z.number().int().describe('…of which became clients (converted or rewarded)'),
  rewarded: z.number().int(),
  received: z.number().int().describe('1 when this client came by referral (0 otherwise; more if recorded twice)'),
});
export type ReferralCounts = z.infer<typeof referralCountsSchema>;

export const referralListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(2000).optional(),
  direction: z.enum(['made', 'received', 'both']).default('both').describe('made: the client referred others; received: the client was referred'),
});
export type ReferralListQuery = z.infer<typeof referralListQuerySchema>;

export const referralListSchema = z.object({
  data: z.array(referralSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
  counts: referralCountsSchema,
});

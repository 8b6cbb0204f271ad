import { z } from 'zod';
import { strictError } from './client';

export const responsePriorities = ['urgent', 'important', 'regular'] as const;
export type ResponsePriority = (typeof responsePriorities)[number];

export const cadences = ['weekly', 'monthly', 'quarterly'] as const;
export type Cadence = (typeof cadences)[number];

/** Client statuses that expect regular contact (churned and blacklisted clients expect none). */
export const cadenceStatuses = ['prospect', 'trial', 'active', 'inactive'] as const;

/** Days between contacts that each cadence expects (the health score's communication factor reads it). */
export const cadenceDays: Record<Cadence, number> = { weekly: 7, monthly: 30, quarterly: 90 };

const minutes = z.number().int().min(1, 'must be at least 1 minute').max(60 * 24 * 90, 'must be at most 90 days (129600 minutes)');

/** The workspace's activity rules: `workspaces.settings.activity`. */
export const activitySettingsSchema = z.object({
  responseTargets: z
    .object({ urgent: z.number().int(), important: z.number().int(), regular: z.number().int() })
    .describe('Minutes within which an inbound interaction of each priority should get its first response'),
  inactivityDays: z.number().int().describe('An active client with no activity for this many days turns inactive (nightly)'),
  expectedCadence: z
    .object({ prospect: z.enum(cadences), trial: z.enum(cadences), active: z.enum(cadences), inactive: z.enum(cadences) })
    .describe('How often clients of each status expect contact'),
});
export type ActivitySettings = z.infer<typeof activitySettingsSchema>;

export const defaultActivitySettings: ActivitySettings = {
  responseTargets: { urgent: 120, important: 1440, regular: 2880 },
  inactivityDays: 90,
  expectedCadence: { prospect: 'weekly', trial: 'weekly', active: 'monthly', inactive: 'quarterly' },
};

export const updateActivitySettingsBodySchema = z.strictObject(
  {
    responseTargets: z
      .strictObject({ urgent: minutes.optional(), important: minutes.optional(), regular: minutes.optional() }, strictError)
      .optional()
      .describe('Minutes per priority; urgent ≤ important ≤ regular'),
    inactivityDays: z.number().int().min(1, 'must be at least 1').max(3650, 'must be at most 3650').optional(),
    expectedCadence: z
      .strictObject(
        { prospect: z.enum(cadences).optional(), trial: z.enum(cadences).optional(), active: z.enum(cadences).optional(), inactive: z.enum(cadences).optional() },
        strictError,
      )
      .optional(),
  },
  strictError,
);
export type UpdateActivitySettingsBody = z.infer<typeof updateActivitySettingsBodySchema>;

import { z } from 'zod';
import { countryCodeSchema, strictError } from './client';

/** The workspace's client rules: `workspaces.settings.clients`. */
export const clientSettingsSchema = z.object({
  defaultCountry: z.string().describe('ISO 3166 alpha-2: phones without a +country code are read in it'),
  newClientDays: z.number().int().describe('A client is “new” for this many days after creation'),
  trashDays: z.number().int().describe('Deleted clients are purged after this many days in Trash'),
});
export type ClientSettings = z.infer<typeof clientSettingsSchema>;

export const defaultClientSettings: ClientSettings = { defaultCountry: 'US', newClientDays: 30, trashDays: 90 };

export const updateClientSettingsBodySchema = z.strictObject(
  {
    defaultCountry: countryCodeSchema.optional(),
    newClientDays: z.number().int().min(1, 'must be at least 1').max(3650, 'must be at most 3650').optional(),
    trashDays: z.number().int().min(1, 'must be at least 1').max(3650, 'must be at most 3650').optional(),
  },
  strictError,
);
export type UpdateClientSettingsBody = z.infer<typeof updateClientSettingsBodySchema>;

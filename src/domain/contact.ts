import { z } from 'zod';
import { clientEmailSchema, clientPhoneSchema, emailItemSchema, optionalText, phoneItemSchema, strictError } from './client';

export const contactRoles = ['primary', 'secondary', 'emergency', 'reference', 'billing'] as const;
export const engagementLevels = ['hot', 'warm', 'cold', 'dormant'] as const;
export const channels = ['email', 'phone', 'sms', 'mail', 'chat', 'in_person'] as const;

const channelSchema = z.enum(channels);

/** How and when a contact wants to be reached. */
export const contactPreferencesSchema = z.strictObject(
  {
    channels: z.array(channelSchema).max(channels.length).optional().describe('Preferred channels, most preferred first'),
    bestTimes: z.array(z.string().trim().min(1).max(80)).max(10).optional().describe('e.g. "weekday mornings"'),
    frequencyLimit: z
      .strictObject({ count: z.number().int().min(1).max(100), per: z.enum(['week', 'month']) }, strictError)
      .nullable()
      .optional(),
    language: z.string().trim().max(40).nullable().optional(),
    optOuts: z
      .array(z.strictObject({ channel: channelSchema, purpose: z.string().trim().min(1).max(60).describe('e.g. marketing, surveys') }, strictError))
      .max(50)
      .optional(),
  },
  strictError,
);
export type ContactPreferences = z.infer<typeof contactPreferencesSchema>;

const contactWriteFields = {
  firstName: optionalText(100),
  lastName: optionalText(100),
  email: z.string().max(1000).nullable().optional(),
  phone: z.string().max(1000).nullable().optional(),
  emails: z.array(emailItemSchema).max(20).optional(),
  phones: z.array(phoneItemSchema).max(20).optional(),
  role: z.enum(contactRoles).nullable().optional(),
  title: optionalText(120),
  department: optionalText(120),
  engagement: z.enum(engagementLevels).nullable().optional(),
  preferences: contactPreferencesSchema.optional(),
  reportsToId: z.string().max(64).nullable().optional().describe('Another contact of the same client'),
  influences: z.array(z.string().max(64)).max(50).optional().describe('Ids of contacts of the same client this one influences'),
  notes: optionalText(10000),
};

export const createContactBodySchema = z.strictObject(contactWriteFields, strictError);
export const updateContactBodySchema = z.strictObject({ ...contactWriteFields, version: z.number().int().optional() }, strictError);
export type CreateContactBody = z.infer<typeof createContactBodySchema>;
export type UpdateContactBody = z.infer<typeof updateContactBodySchema>;

/** A person at a client. */
export const contactSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  name: z.string().describe('First + last name, or the e-mail/phone when both are empty'),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  emails: z.array(clientEmailSchema),
  phones: z.array(clientPhoneSchema),
  role: z.enum(contactRoles).nullable(),
  title: z.string().nullable(),
  department: z.string().nullable(),
  engagement: z.enum(engagementLevels).nullable(),
  preferences: z.object({
    channels: z.array(z.string()).optional(),
    bestTimes: z.array(z.string()).optional(),
    frequencyLimit: z.object({ count: z.number(), per: z.string() }).nullable().optional(),
    language: z.string().nullable().optional(),
    optOuts: z.array(z.object({ channel: z.string(), purpose: z.string() })).optional(),
  }),
  reportsToId: z.string().nullable(),
  influences: z.array(z.string()),
  notes: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Contact = z.infer<typeof contactSchema>;

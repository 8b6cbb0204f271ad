import { z } from 'zod';
import { strictError } from './client';
import { currencySchema } from './money';

/** What the workspace calls an order; the UI uses the word everywhere. */
export const orderWords = ['order', 'booking', 'job', 'project'] as const;
export type OrderWord = (typeof orderWords)[number];

/** The workspace's order and money rules: `workspaces.settings.orders`. */
export const orderSettingsSchema = z.object({
  word: z.enum(orderWords).describe('What the workspace calls an order: order, booking, job or project'),
  wordPlural: z.string().describe('The plural of `word` (orders, bookings, jobs, projects)'),
  currency: z.string().describe('ISO 4217: the workspace currency. Client totals (totalValue, outstandingBalance) are in it; other currencies are kept apart per currency'),
  defaultCreditTermsDays: z.number().int().describe('Net days an invoice is due after it is issued, when the client has no terms of its own'),
});
export type OrderSettings = z.infer<typeof orderSettingsSchema>;

export const pluralOfOrderWord = (word: OrderWord): string => `${word}s`;

export const defaultOrderSettings: OrderSettings = { word: 'order', wordPlural: 'orders', currency: 'USD', defaultCreditTermsDays: 30 };

export const updateOrderSettingsBodySchema = z.strictObject(
  {
    word: z.enum(orderWords).optional(),
    currency: currencySchema.optional(),
    defaultCreditTermsDays: z.number().int().min(0, 'must not be negative').max(365, 'must be at most 365').optional(),
  },
  strictError,
);
export type UpdateOrderSettingsBody = z.infer<typeof updateOrderSettingsBodySchema>;

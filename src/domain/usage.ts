import { z } from 'zod';
import { strictError } from './client';

/** Most events one POST /usage accepts. */
export const USAGE_BATCH_MAX = 1000;

/** One usage event pushed by a software business's own system. */
export const usageEventSchema = z
  .strictObject(
    {
      eventId: z.string().trim().min(1, 'is required').max(200).describe('The sender’s id of the event: a repeat is recognised and changes nothing'),
      clientId: z.string().max(64).optional().describe('Rapport’s client id, or…'),
      externalId: z.string().trim().min(1).max(200).optional().describe('…the client’s id in the sender’s system (clients.externalId)'),
      metric: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be 1–64 letters, digits, _ . : - (e.g. logins, api_calls)'),
      value: z.number({ error: 'must be a number' }).refine(Number.isFinite, 'must be a finite number').default(1),
      at: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time' }).transform((v) => new Date(v).toISOString()),
    },
    strictError,
  )
  .refine((e) => (e.clientId === undefined) !== (e.externalId === undefined), { message: 'give exactly one of clientId and externalId', path: ['clientId'] });
export type UsageEvent = z.infer<typeof usageEventSchema>;

/** POST /usage: events are checked one by one, so one bad row does not refuse the batch. */
export const usageBatchBodySchema = z.strictObject(
  { events: z.array(z.unknown()).min(1, 'must hold at least one event').max(USAGE_BATCH_MAX, `must hold at most ${USAGE_BATCH_MAX} events`) },
  strictError,
);

export const usageBatchResultSchema = z.object({
  accepted: z.number().int().describe('New events, counted in the daily figures'),
  duplicates: z.number().int().describe('Events whose eventId was already received: nothing changed'),
  rejected: z.number().int(),
  errors: z.array(z.object({ index: z.number().int(), eventId: z.string().nullable(), path: z.string(), message: z.string() })),
});
export type UsageBatchResult = z.infer<typeof usageBatchResultSchema>;

export const usageQuerySchema = z.object({
  metric: z.string().max(64).optional().describe('One metric; all of the client’s metrics when omitted'),
  days: z.coerce.number().int().min(1).max(366).default(30).describe('Days back from today (UTC), today included'),
});

/** Daily totals of a client's metrics, one point per day (zero days included), oldest first: a sparkline. */
export const usageSeriesSchema = z.object({
  from: z.string().describe('First day (YYYY-MM-DD, UTC)'),
  to: z.string(),
  metrics: z.array(
    z.object({
      metric: z.string(),
      total: z.number(),
      count: z.number().int(),
      series: z.array(z.object({ day: z.string(), sum: z.number(), count: z.number().int() })),
    }),
  ),
});
export type UsageSeries = z.infer<typeof usageSeriesSchema>;

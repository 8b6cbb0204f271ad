import { z } from 'zod';
import { listQuerySchema } from './list';

/** Every kind of record a client's timeline shows. */
export const timelineKinds = [
  'interaction',
  'task',
  'order',
  'invoice',
  'payment',
  'contract',
  'document',
  'feedback',
  'referral',
  'loyalty',
  'status',
  'health',
  'alert',
] as const;
export type TimelineKind = (typeof timelineKinds)[number];

/** One line of a client's timeline: what happened, when, and which record to open. */
export const timelineEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(timelineKinds),
  at: z.string().describe('When it happened (ISO-8601 UTC); the timeline is ordered by it, newest first'),
  recordId: z.string().describe('Id of the record (interaction, order…) behind the entry; for status, the client id'),
  title: z.string().describe('One line for the timeline, e.g. "Call: renewal terms"'),
  summary: z.record(z.string(), z.unknown()).describe('A few fields of the record for the timeline card (kind-specific)'),
  userId: z.string().nullable().describe('The team member who did it, when known'),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/** GET /clients/{id}/timeline: newest first, keyset pages; `kind` filters (comma-separated list allowed). */
export const timelineQuerySchema = listQuerySchema.extend({
  kind: z
    .string()
    .max(200)
    .optional()
    .describe(`Only entries of these kinds, comma-separated: ${timelineKinds.join(', ')}`),
});
export type TimelineQuery = z.infer<typeof timelineQuerySchema>;

/** What a record module hands to addTimelineEntry (server side). */
export type NewTimelineEntry = {
  workspaceId: string;
  clientId: string;
  kind: TimelineKind;
  recordId: string;
  at: string;
  title: string;
  summary?: Record<string, unknown>;
  userId?: string | null;
};

/** Fields updateTimelineEntry may change; `deletedAt: null` brings a removed entry back. */
export type TimelineEntryPatch = Partial<Pick<NewTimelineEntry, 'at' | 'title' | 'summary' | 'userId'>> & { deletedAt?: string | null };

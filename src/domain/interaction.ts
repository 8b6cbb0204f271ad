import { z } from 'zod';
import { responsePriorities } from './activitySettings';
import { optionalText, strictError } from './client';
import { listQuerySchema } from './list';

export const interactionKinds = ['email', 'call', 'meeting', 'sms', 'chat', 'note', 'ticket', 'in_person', 'automated'] as const;
export type InteractionKind = (typeof interactionKinds)[number];
export const directions = ['inbound', 'outbound'] as const;
export const sentiments = ['positive', 'neutral', 'negative'] as const;
export const responseStatuses = ['pending', 'met', 'breached'] as const;
export type ResponseStatus = (typeof responseStatuses)[number];

/** Kinds that never count as a response to the client (an internal note, an automated notification). */
export const nonResponseKinds: readonly InteractionKind[] = ['note', 'automated'];

/** An ISO-8601 date-time with an offset; stored and returned in UTC. */
export const instant = z.iso
  .datetime({ offset: true, error: 'must be an ISO-8601 date-time such as 2026-11-29T10:00:00Z' })
  .transform((v) => new Date(v).toISOString());

const idRef = z.string().max(64);

const interactionWriteFields = {
  kind: z.enum(interactionKinds),
  direction: z.enum(directions).optional().describe('Default outbound; inbound interactions are tracked for a response'),
  occurredAt: instant.optional().describe('When it happened; now when omitted'),
  durationMinutes: z.number().int().min(0, 'must not be negative').max(100_000, 'must be at most 100000').nullable().optional(),
  contactId: idRef.nullable().optional().describe('A contact of the same client'),
  userId: idRef.nullable().optional().describe('The team member who had it; the caller when omitted'),
  subject: optionalText(300),
  body: optionalText(50_000),
  outcome: optionalText(1000),
  sentiment: z.enum(sentiments).nullable().optional(),
  priority: z.enum(responsePriorities).nullable().optional().describe('Inbound only: which response target applies (default regular)'),
  followUpAt: instant.nullable().optional().describe('Creates (or moves) a follow-up task due then'),
  respondedAt: instant.nullable().optional().describe('Inbound only: when it was answered, if not by an outbound interaction logged here'),
};

export const createInteractionBodySchema = z.strictObject(interactionWriteFields, strictError);
export const updateInteractionBodySchema = z.strictObject(
  { ...interactionWriteFields, kind: z.enum(interactionKinds).optional(), version: z.number().int().optional() },
  strictError,
);
export type CreateInteractionBody = z.infer<typeof createInteractionBodySchema>;
export type UpdateInteractionBody = z.infer<typeof updateInteractionBodySchema>;

/** An e-mail, call, meeting, note… with a client. */
export const interactionSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  kind: z.enum(interactionKinds),
  direction: z.enum(directions),
  occurredAt: z.string(),
  durationMinutes: z.number().int().nullable(),
  contactId: z.string().nullable(),
  userId: z.string().nullable(),
  subject: z.string().nullable(),
  body: z.string().nullable(),
  outcome: z.string().nullable(),
  sentiment: z.enum(sentiments).nullable(),
  priority: z.enum(responsePriorities).nullable(),
  followUpAt: z.string().nullable(),
  followUpTaskId: z.string().nullable().describe('The task the follow-up date created'),
  responseDueAt: z.string().nullable().describe('Inbound: occurredAt + the workspace target for its priority'),
  respondedAt: z.string().nullable(),
  responseInteractionId: z.string().nullable().describe('The outbound interaction that answered it'),
  responseMinutes: z.number().int().nullable().describe('Minutes from occurredAt to the response'),
  responseStatus: z.enum(responseStatuses).nullable().describe('Inbound: met, breached (late or overdue) or pending; null for outbound'),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Interaction = z.infer<typeof interactionSchema>;

export const interactionListQuerySchema = listQuerySchema.extend({
  kind: z.enum(interactionKinds).optional(),
  direction: z.enum(directions).optional(),
  responseStatus: z.enum(responseStatuses).optional().describe('Inbound interactions with this response status'),
});
export type InteractionListQuery = z.infer<typeof interactionListQuerySchema>;

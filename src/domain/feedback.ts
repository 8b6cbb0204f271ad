import { z } from 'zod';
import { optionalText, strictError } from './client';

export const feedbackKinds = ['nps', 'csat', 'testimonial', 'suggestion'] as const;
export type FeedbackKind = (typeof feedbackKinds)[number];

/** The score range of each scored kind: NPS 0–10, CSAT 1–5; the others carry no score. */
export const scoreRanges: Partial<Record<FeedbackKind, { min: number; max: number }>> = { nps: { min: 0, max: 10 }, csat: { min: 1, max: 5 } };

const instant = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time such as 2026-11-29T10:00:00Z' }).transform((v) => new Date(v).toISOString());

const feedbackWriteFields = {
  score: z.number().int('must be a whole number').nullable().optional().describe('NPS 0–10, CSAT 1–5; none for testimonials and suggestions'),
  comment: optionalText(10000).describe('What the client said; required for testimonials and suggestions'),
  permissionToPublish: z.boolean().optional().describe('Testimonials: the client agreed that it may be published'),
  contactId: z.string().max(64).nullable().optional().describe('The contact of the client who gave it'),
  receivedAt: instant.optional().describe('When it was given; now when omitted'),
};

export const createFeedbackBodySchema = z.strictObject({ kind: z.enum(feedbackKinds), ...feedbackWriteFields }, strictError);
export const updateFeedbackBodySchema = z.strictObject({ ...feedbackWriteFields, version: z.number().int().optional() }, strictError);
export type CreateFeedbackBody = z.infer<typeof createFeedbackBodySchema>;
export type UpdateFeedbackBody = z.infer<typeof updateFeedbackBodySchema>;

/** One piece of feedback: an NPS or CSAT answer, a testimonial or a suggestion. */
export const feedbackSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  kind: z.enum(feedbackKinds),
  score: z.number().int().nullable(),
  comment: z.string().nullable(),
  permissionToPublish: z.boolean(),
  contactId: z.string().nullable(),
  receivedAt: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Feedback = z.infer<typeof feedbackSchema>;

export const feedbackListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(2000).optional(),
  kind: z.enum(feedbackKinds).optional(),
});
export type FeedbackListQuery = z.infer<typeof feedbackListQuerySchema>;

/** A client's satisfaction figures, for the client summary and the health score. */
export const feedbackSummarySchema = z.object({
  npsLatest: z.number().int().nullable().describe('The most recent NPS score (0–10)'),
  npsLatestAt: z.string().nullable(),
  npsAverage: z.number().nullable().describe('Mean of the client’s NPS scores, one decimal'),
  npsCount: z.number().int(),
  npsCategory: z.enum(['promoter', 'passive', 'detractor']).nullable().describe('Of the latest NPS score: 9–10 promoter, 7–8 passive, 0–6 detractor'),
  csatAverage: z.number().nullable().describe('Mean of the client’s CSAT scores (1–5), one decimal'),
  csatCount: z.number().int(),
  testimonials: z.number().int(),
  publishableTestimonials: z.number().int(),
  suggestions: z.number().int(),
});
export type FeedbackSummary = z.infer<typeof feedbackSummarySchema>;

/** NPS category of a score. */
export const npsCategory = (score: number): 'promoter' | 'passive' | 'detractor' => (score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor');

import { z } from 'zod';
import { clientStatusSchema, strictError, tagNameSchema } from './client';
import { filterSchema } from './filter';

export const bulkActions = ['setStatus', 'addTags', 'removeTags', 'assignOwner', 'delete', 'restore'] as const;
export type BulkAction = (typeof bulkActions)[number];

/**
 * POST /clients/bulk: an action and its target — `ids`, or a selection as the list makes it
 * (`filter`, `q` and the list's query fields; `status`, `tags` and `ownerId` here are the
 * action's values, so select by those through `filter`). Restore targets the Trash.
 */
export const bulkBodySchema = z.strictObject(
  {
    action: z.enum(bulkActions),
    ids: z.array(z.string().max(64)).min(1, 'must list at least one client id').max(10_000, 'at most 10,000 ids; select more with a filter').optional(),
    filter: filterSchema.optional(),
    q: z.string().max(200).optional(),
    type: z.string().max(40).optional(),
    tag: z.array(z.string().max(100)).max(100).optional().describe('Select clients having every one of these tags'),
    healthBand: z.string().max(40).optional(),
    isGuest: z.boolean().optional(),
    isNew: z.boolean().optional(),
    createdAfter: z.string().max(40).optional(),
    createdBefore: z.string().max(40).optional(),
    segmentId: z.string().max(64).optional(),
    groupId: z.string().max(64).optional(),
    status: clientStatusSchema.optional().describe('setStatus: the new status'),
    statusReason: z.string().max(500).nullable().optional().describe('setStatus: required for churned and blacklisted'),
    tags: z.array(tagNameSchema).min(1, 'must name at least one tag').max(50).optional().describe('addTags / removeTags: tag names'),
    ownerId: z.string().max(64).nullable().optional().describe('assignOwner: a team member, or null for nobody'),
  },
  strictError,
);
export type BulkBody = z.infer<typeof bulkBodySchema>;

/** Counts of a bulk action: matched the target, changed, or left as they were. */
export const bulkResultSchema = z.object({
  matched: z.number().int(),
  changed: z.number().int(),
  skipped: z.number().int().describe('Matched but unchanged: already so, or (restore) an e-mail now taken'),
});
export type BulkCounts = z.infer<typeof bulkResultSchema>;

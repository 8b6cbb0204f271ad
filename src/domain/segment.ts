import { z } from 'zod';
import { strictError } from './client';
import { filterSchema } from './filter';

const name = z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters');
const description = z.string().trim().max(1000, 'must be at most 1000 characters').nullable().optional();

/** A saved dynamic segment: a named filter. Private to its owner unless shared with the team. */
export const segmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  filter: filterSchema,
  shared: z.boolean().describe('Visible to the whole team; otherwise only to its owner'),
  ownerId: z.string().nullable(),
  memberCount: z.number().int().describe('Live clients matching the filter now'),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Segment = z.infer<typeof segmentSchema>;

export const createSegmentBodySchema = z.strictObject({ name, description, filter: filterSchema, shared: z.boolean().default(false) }, strictError);
export const updateSegmentBodySchema = z.strictObject(
  { name: name.optional(), description, filter: filterSchema.optional(), shared: z.boolean().optional(), version: z.number().int().optional() },
  strictError,
);
export type CreateSegmentBody = z.infer<typeof createSegmentBodySchema>;
export type UpdateSegmentBody = z.infer<typeof updateSegmentBodySchema>;

/** A static group of hand-picked clients. */
export const groupSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  memberCount: z.number().int().describe('Live clients in the group'),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Group = z.infer<typeof groupSchema>;

export const createGroupBodySchema = z.strictObject({ name, description }, strictError);
export const updateGroupBodySchema = z.strictObject({ name: name.optional(), description, version: z.number().int().optional() }, strictError);
export const groupMembersBodySchema = z.strictObject({ ids: z.array(z.string().max(64)).min(1, 'must list at least one client id').max(1000, 'at most 1000 ids per call') }, strictError);
export const groupMembersResultSchema = z.object({
  changed: z.number().int().describe('Clients added (or removed)'),
  skipped: z.number().int().describe('Ids already in (or not in) the group, or not clients of this workspace'),
  memberCount: z.number().int(),
});
export type CreateGroupBody = z.infer<typeof createGroupBodySchema>;
export type UpdateGroupBody = z.infer<typeof updateGroupBodySchema>;

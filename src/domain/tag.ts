import { z } from 'zod';
import { strictError, tagNameSchema } from './client';

export const colorSchema = z
  .string()
  .trim()
  .regex(/^(#[0-9a-fA-F]{6}|[a-z]{3,20})$/, 'must be a colour like #1c7ed6 or a Mantine colour name like blue');

/** A tag of the workspace; clients carry tags by name. */
export const tagSchema = z.object({
  id: z.string(),
  name: z.string(),
  categoryId: z.string().nullable(),
  color: z.string().nullable(),
  clientCount: z.number().int().nullable().describe('Live clients carrying the tag; only with ?counts=true, else null'),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Tag = z.infer<typeof tagSchema>;

export const createTagBodySchema = z.strictObject(
  { name: tagNameSchema, categoryId: z.string().max(64).nullable().optional(), color: colorSchema.nullable().optional() },
  strictError,
);
export const updateTagBodySchema = z.strictObject(
  {
    name: tagNameSchema.optional().describe('Renaming updates every client carrying the tag'),
    categoryId: z.string().max(64).nullable().optional(),
    color: colorSchema.nullable().optional(),
    version: z.number().int().optional(),
  },
  strictError,
);
export type CreateTagBody = z.infer<typeof createTagBodySchema>;
export type UpdateTagBody = z.infer<typeof updateTagBodySchema>;

/** A group of tags: industry, size, priority, service type, language, special needs… */
export const tagCategorySchema = z.object({
  id: z.string(),
  name: z.string(),
  color: z.string().nullable(),
  position: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type TagCategory = z.infer<typeof tagCategorySchema>;

const categoryName = z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters');
export const createTagCategoryBodySchema = z.strictObject(
  { name: categoryName, color: colorSchema.nullable().optional(), position: z.number().int().min(0).max(10000).optional() },
  strictError,
);
export const updateTagCategoryBodySchema = z.strictObject(
  {
    name: categoryName.optional(),
    color: colorSchema.nullable().optional(),
    position: z.number().int().min(0).max(10000).optional(),
    version: z.number().int().optional(),
  },
  strictError,
);
export type CreateTagCategoryBody = z.infer<typeof createTagCategoryBodySchema>;
export type UpdateTagCategoryBody = z.infer<typeof updateTagCategoryBodySchema>;

import { z } from 'zod';
import { strictError } from './client';

const weight = z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100');

/** The workspace's duplicate rules: `workspaces.settings.duplicates`. */
export const duplicateSettingsSchema = z.object({
  threshold: z.number().int().describe('Pairs scoring below this (0–100) are not proposed'),
  email: z.object({ enabled: z.boolean(), weight: z.number().int() }).describe('Same e-mail (case, +tags and Gmail dots ignored); weight 1–100'),
  phone: z.object({ enabled: z.boolean(), weight: z.number().int() }).describe('Same phone number (E.164); weight 1–100'),
  name: z
    .object({ enabled: z.boolean(), weight: z.number().int(), minSimilarity: z.number().int() })
    .describe('Similar names (Jaro-Winkler on accent-folded names, %); weight 1–100, scaled by the similarity'),
  blocks: z
    .object({ company: z.boolean(), city: z.boolean(), phonePrefix: z.boolean() })
    .describe('Names are only compared between clients of the same company, the same city, or phone numbers with the same prefix'),
});
export type DuplicateSettings = z.infer<typeof duplicateSettingsSchema>;

export const defaultDuplicateSettings: DuplicateSettings = {
  threshold: 65,
  email: { enabled: true, weight: 90 },
  // Alone a shared phone (a household, a switchboard) stays under the threshold; with a like name it passes.
  phone: { enabled: true, weight: 60 },
  name: { enabled: true, weight: 80, minSimilarity: 88 },
  blocks: { company: true, city: true, phonePrefix: true },
};

const rule = { enabled: z.boolean().optional(), weight: weight.optional() };
export const updateDuplicateSettingsBodySchema = z.strictObject(
  {
    threshold: z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100').optional(),
    email: z.strictObject(rule, strictError).optional(),
    phone: z.strictObject(rule, strictError).optional(),
    name: z
      .strictObject({ ...rule, minSimilarity: z.number().int().min(50, 'must be at least 50').max(100, 'must be at most 100').optional() }, strictError)
      .optional(),
    blocks: z.strictObject({ company: z.boolean().optional(), city: z.boolean().optional(), phonePrefix: z.boolean().optional() }, strictError).optional(),
  },
  strictError,
);
export type UpdateDuplicateSettingsBody = z.infer<typeof updateDuplicateSettingsBodySchema>;

export const duplicateReasonSchema = z.object({
  rule: z.enum(['email', 'phone', 'name']),
  text: z.string().describe('e.g. "same phone", "names 94 % similar"'),
  similarity: z.number().int().optional().describe('For names: the similarity in %'),
});

/** A client as the review queue shows it. */
export const duplicateClientSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  city: z.string().nullable(),
  companyName: z.string().nullable(),
  createdAt: z.string(),
});

export const duplicatePairSchema = z.object({
  clientIds: z.tuple([z.string(), z.string()]),
  score: z.number().int().describe('0–100'),
  reasons: z.array(duplicateReasonSchema),
});

/** A group of clients linked by candidate pairs. */
export const duplicateClusterSchema = z.object({
  id: z.string(),
  score: z.number().int().describe('The best pair score in the group'),
  size: z.number().int(),
  clients: z.array(duplicateClientSchema),
  pairs: z.array(duplicatePairSchema),
});
export type DuplicateCluster = z.infer<typeof duplicateClusterSchema>;

export const dismissDuplicateBodySchema = z.strictObject(
  { clientIds: z.tuple([z.string().max(64), z.string().max(64)], { error: 'must be two client ids' }) },
  strictError,
);

/** A likely duplicate of one client: the other client, the pair's score and reasons. */
export const clientDuplicateSchema = z.object({
  client: duplicateClientSchema,
  score: z.number().int(),
  reasons: z.array(duplicateReasonSchema),
  clusterId: z.string(),
});
export type ClientDuplicate = z.infer<typeof clientDuplicateSchema>;

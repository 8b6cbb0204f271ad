import { z } from 'zod';
import { clientSchema, strictError } from './client';

/** Profile fields whose value a merge may take from a source (`fields: {firstName: <sourceId>}`). */
export const mergeFields = [
  'type', 'firstName', 'lastName', 'companyName', 'email', 'phone', 'dateOfBirth', 'addresses', 'occupation', 'industry', 'companySize',
  'referralSource', 'preferredLanguage', 'specialRequirements', 'ownerId', 'lifecycleStage', 'status', 'notes', 'customFields', 'directoryCompanyId',
] as const;
export type MergeField = (typeof mergeFields)[number];

export const mergeBodySchema = z.strictObject(
  {
    sourceIds: z.array(z.string().max(64)).min(1, 'must name at least one client to merge in').max(500, 'must be at most 500 clients').describe('The clients merged into this one (no limit of 3)'),
    fields: z
      .record(z.string(), z.string().max(64))
      .optional()
      .describe('For each profile field, the client (this one or a source) whose value wins; unnamed fields keep this client’s value, or take a source’s when this one has none'),
    dryRun: z.boolean().optional().describe('Answer the outcome without writing anything'),
    version: z.number().int().optional().describe('The version of this client the merge was prepared on (or If-Match): stale → 412'),
  },
  strictError,
);
export type MergeBody = z.infer<typeof mergeBodySchema>;

/** What a merge moved (or would move) to the survivor, per kind of record. */
export const mergeMovedSchema = z.record(z.string(), z.number().int());

export const mergeResultSchema = z.object({
  mergeId: z.string().nullable().describe('Null on a dry run'),
  dryRun: z.boolean(),
  survivor: clientSchema,
  sourceIds: z.array(z.string()),
  moved: mergeMovedSchema,
  undoUntil: z.string().nullable(),
});
export type MergeResult = z.infer<typeof mergeResultSchema>;

export const undoMergeResultSchema = z.object({
  mergeId: z.string(),
  survivor: clientSchema,
  restoredIds: z.array(z.string()),
  movedBack: mergeMovedSchema,
});
export type UndoMergeResult = z.infer<typeof undoMergeResultSchema>;

/** Days during which a merge can be undone. */
export const MERGE_UNDO_DAYS = 30;

export const bulkMergeBodySchema = z.strictObject(
  {
    merges: z
      .array(
        z.strictObject(
          {
            survivorId: z.string().max(64),
            sourceIds: mergeBodySchema.shape.sourceIds,
            fields: mergeBodySchema.shape.fields,
          },
          strictError,
        ),
      )
      .min(1, 'must list at least one merge')
      .max(100, 'must be at most 100 merges per call'),
    dryRun: z.boolean().optional().describe('Answer each merge’s outcome without writing anything'),
  },
  strictError,
);
export type BulkMergeBody = z.infer<typeof bulkMergeBodySchema>;

export const bulkMergeResultSchema = z.object({
  dryRun: z.boolean(),
  merged: z.number().int().describe('Merges done (or, on a dry run, that would be done)'),
  failed: z.number().int(),
  results: z.array(
    z.object({
      survivorId: z.string(),
      sourceIds: z.array(z.string()),
      status: z.number().int().describe('200, or the status the merge alone would have answered'),
      mergeId: z.string().nullable(),
      moved: mergeMovedSchema.nullable(),
      error: z.object({ code: z.string(), detail: z.string() }).nullable(),
    }),
  ),
});
export type BulkMergeResult = z.infer<typeof bulkMergeResultSchema>;

/** A merge as its record keeps it: who merged what into whom, what moved, and whether it can still be undone. */
export const mergeSchema = z.object({
  id: z.string(),
  survivorId: z.string(),
  sourceIds: z.array(z.string()),
  fields: z.record(z.string(), z.string()),
  moved: mergeMovedSchema,
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  undoneAt: z.string().nullable(),
  undoUntil: z.string().describe('After this, undo answers 409'),
  canUndo: z.boolean(),
  clientNames: z.record(z.string(), z.string()).describe('Display names of the survivor and the sources by id, as they are now (a client deleted for good is left out)'),
});
export type Merge = z.infer<typeof mergeSchema>;

import { z } from 'zod';
import { strictError } from './client';
import { createCustomFieldBodySchema } from './customField';

/** How a row meets the clients already there. */
export const importModes = ['create', 'skip', 'update', 'upsert'] as const;
export const importMatchOn = ['email', 'phone', 'externalId'] as const;
export const importStatuses = ['draft', 'queued', 'running', 'completed', 'failed', 'cancelled', 'undoing', 'undone'] as const;
export type ImportMode = (typeof importModes)[number];
export type ImportMatchOn = (typeof importMatchOn)[number];
export type ImportStatus = (typeof importStatuses)[number];

/** Date layouts a date column may be read in (dateOfBirth, date custom fields). */
export const importDateFormats = ['YYYY-MM-DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY', 'DD-MM-YYYY', 'YYYY/MM/DD'] as const;
export type ImportDateFormat = (typeof importDateFormats)[number];

/** The built-in targets a column may be mapped to; `custom.<key>` names a custom field. */
export const importTargets = [
  'type', 'firstName', 'lastName', 'fullName', 'companyName', 'email', 'email2', 'phone', 'phone2', 'dateOfBirth',
  'occupation', 'industry', 'companySize', 'referralSource', 'preferredLanguage', 'specialRequirements',
  'lifecycleStage', 'status', 'statusReason', 'notes', 'externalId', 'tags',
  'address.line1', 'address.line2', 'address.city', 'address.region', 'address.postalCode', 'address.country',
  // The client's owner: a team member's e-mail or name.
  'owner',
  // One contact (a person at the client) per row.
  'contact.fullName', 'contact.firstName', 'contact.lastName', 'contact.email', 'contact.phone', 'contact.title', 'contact.role',
] as const;
export type ImportBuiltinTarget = (typeof importTargets)[number];

export const importTargetSchema = z
  .string()
  .max(80)
  .refine((t) => (importTargets as readonly string[]).includes(t) || /^custom\.[a-z][a-z0-9_]{0,63}$/.test(t), {
    message: `must be one of ${importTargets.join(', ')} or custom.<key>`,
  });

/** `{ "<column header>": "<target>" }`; a header left out (or mapped to null) is ignored. */
export const importMappingSchema = z.record(z.string().max(500), importTargetSchema.nullable());
export type ImportMapping = z.infer<typeof importMappingSchema>;

/** What is done to one column's cells before they are read. */
export const importTransformSchema = z.strictObject(
  {
    trim: z.boolean().default(true).describe('Trim spaces and collapse inner runs of whitespace (default on)'),
    splitName: z.boolean().optional().describe('Read the cell as a full name: "Last, First" or "First Middle Last" → firstName and lastName'),
    dateFormat: z.enum(importDateFormats).optional().describe('The layout of dates in this column'),
    valueMap: z.record(z.string().max(200), z.string().max(200)).optional().describe('Cell value (case-insensitive) → stored value, e.g. {"Customer": "active"} for status'),
  },
  strictError,
);
export type ImportTransform = z.infer<typeof importTransformSchema>;

/** The choices that start an import (the body of POST /imports/{id}/start, the form fields of POST /imports). */
export const importOptionsSchema = z.strictObject(
  {
    mapping: importMappingSchema.optional().describe('Omitted → the suggested mapping'),
    mode: z.enum(importModes).default('create').describe('create: every row is new (a match is an error); skip: matches are left alone; update: only matches are changed; upsert: both'),
    matchOn: z.enum(importMatchOn).default('email'),
    dryRun: z.boolean().default(false).describe('Validate every row and report what would happen; write nothing'),
    transforms: z.record(z.string().max(500), importTransformSchema).default({}).describe('Per column header'),
    tagSeparator: z.string().min(1).max(3).optional().describe('Between tags in a cell; default ; or ,'),
    defaultCountry: z.string().regex(/^[A-Za-z]{2}$/).optional().describe('Phones without +code are read here when the row has no address.country (default: the workspace’s)'),
    createCustomFields: z
      .array(createCustomFieldBodySchema.extend({ column: z.string().max(500).describe('The column whose values go into the new field') }))
      .max(50)
      .optional()
      .describe('Custom fields to create before the import (admin), each mapped from its column'),
  },
  strictError,
);
export type ImportOptions = z.infer<typeof importOptionsSchema>;

export const importErrorSchema = z.object({
  row: z.number().int().describe('Spreadsheet row: the header is row 1'),
  field: z.string().nullable().describe('The target field (or column) at fault; null for the row as a whole'),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof importErrorSchema>;

export const importSchema = z.object({
  id: z.string(),
  status: z.enum(importStatuses),
  fileName: z.string(),
  fileSize: z.number().int(),
  format: z.enum(['csv', 'xlsx']),
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  headers: z.array(z.string()),
  mode: z.enum(importModes).nullable(),
  matchOn: z.enum(importMatchOn).nullable(),
  dryRun: z.boolean(),
  mapping: importMappingSchema.nullable(),
  totalRows: z.number().int().nullable().describe('Data rows in the file, once counted'),
  processedRows: z.number().int(),
  created: z.number().int().describe('In a dry run: would be created'),
  updated: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
  rowsPerSecond: z.number().nullable(),
  etaSeconds: z.number().nullable(),
  errors: z.array(importErrorSchema).describe('The first 100 errors; GET /imports/{id}/errors pages through all'),
  jobId: z.string().nullable(),
  error: z.string().nullable().describe('Why the import failed as a whole'),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  undoneAt: z.string().nullable(),
  fileDeletedAt: z.string().nullable().describe('When the uploaded file was deleted (kept IMPORT_FILE_KEEP_DAYS after the import; undo still works)'),
});
export type Import = z.infer<typeof importSchema>;

/** A target field, for the mapping screen. */
export const importFieldSchema = z.object({ target: z.string(), label: z.string(), kind: z.enum(['builtin', 'custom']) });

export const importPreviewSchema = z.object({
  import: importSchema,
  rows: z.array(z.array(z.string())).describe('The first data rows, cells cut at 200 characters'),
  suggestedMapping: importMappingSchema,
  fields: z.array(importFieldSchema),
  presets: z.array(z.object({ id: z.string(), name: z.string(), builtin: z.boolean(), matches: z.number().int().describe('Headers of the file it maps') })),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const importAcceptedSchema = z.object({ id: z.string().describe('Poll GET /api/v1/imports/{id}') });

export const importPresetSchema = z.object({
  id: z.string(),
  name: z.string(),
  builtin: z.boolean(),
  mapping: importMappingSchema,
  transforms: z.record(z.string(), importTransformSchema),
  createdAt: z.string().nullable(),
});
export type ImportPreset = z.infer<typeof importPresetSchema>;

export const createImportPresetBodySchema = z.strictObject(
  { name: z.string().trim().min(1, 'must not be empty').max(100), mapping: importMappingSchema, transforms: z.record(z.string().max(500), importTransformSchema).default({}) },
  strictError,
);

import { z } from 'zod';
import { optionalText, strictError } from './client';

export const documentKinds = ['id', 'contract', 'invoice', 'receipt', 'photo', 'certificate', 'report', 'other'] as const;
export const verificationStatuses = ['unverified', 'pending', 'verified', 'rejected'] as const;

/** File types a document may have, decided by the file's content (never by its name alone). */
export const documentFileTypes = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  tif: 'image/tiff',
  heic: 'image/heic',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  zip: 'application/zip',
  txt: 'text/plain',
  csv: 'text/csv',
} as const;
export type DocumentFileType = keyof typeof documentFileTypes;

const isoInstant = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date-time such as 2027-01-31T00:00:00Z' });
/** A date or a date-time; a bare date means midnight UTC of that day. */
const expiresAtSchema = z
  .union([z.iso.date({ error: 'must be a date (YYYY-MM-DD) or an ISO-8601 date-time' }), isoInstant], { error: 'must be a date (YYYY-MM-DD) or an ISO-8601 date-time' })
  .transform((v) => new Date(v.length === 10 ? `${v}T00:00:00Z` : v).toISOString());

/** Multipart text fields beside the `file` part (they arrive as strings). */
const formBoolean = z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', 'off'], { error: 'must be true or false' })]).transform((v) => v === true || v === 'true' || v === '1' || v === 'on');

const documentWriteFields = {
  kind: z.enum(documentKinds).describe('What the document is: id (identity document), contract, invoice…'),
  title: optionalText(200).describe('A label; the file name when empty'),
  expiresAt: expiresAtSchema.nullable().optional().describe('When the document (an ID, a certificate) expires'),
  confidential: formBoolean.optional().describe('Visible (list and download) only to roles allowed by the document.confidential policy'),
  verification: z.enum(verificationStatuses).optional().describe('ID-verification status; unverified when omitted'),
  notes: optionalText(5000),
};

/** The multipart fields of an upload (POST /clients/{id}/documents), besides `file`. */
export const createDocumentFieldsSchema = z.strictObject({ ...documentWriteFields, kind: documentWriteFields.kind.default('other') }, strictError);
export type CreateDocumentFields = z.infer<typeof createDocumentFieldsSchema>;

/** PATCH /documents/{id}: metadata only; the file itself is never replaced (upload a new document). */
export const updateDocumentBodySchema = z.strictObject(
  { ...documentWriteFields, kind: documentWriteFields.kind.optional(), confidential: z.boolean().optional(), version: z.number().int().optional() },
  strictError,
);
export type UpdateDocumentBody = z.infer<typeof updateDocumentBodySchema>;

/** A client's document: metadata; GET …/download streams the file. */
export const documentSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  kind: z.enum(documentKinds),
  title: z.string().nullable(),
  fileName: z.string().describe('The uploaded file’s name (path parts removed)'),
  contentType: z.string().describe('The type found in the file’s content'),
  size: z.number().int().describe('Bytes'),
  sha256: z.string().describe('Hex digest of the stored bytes'),
  expiresAt: z.string().nullable(),
  expired: z.boolean().describe('expiresAt has passed'),
  confidential: z.boolean(),
  verification: z.enum(verificationStatuses),
  notes: z.string().nullable(),
  uploadedBy: z.string().nullable(),
  downloadUrl: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Document = z.infer<typeof documentSchema>;

export const documentListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(2000).optional(),
  kind: z.enum(documentKinds).optional(),
  verification: z.enum(verificationStatuses).optional(),
});
export type DocumentListQuery = z.infer<typeof documentListQuerySchema>;

/** The workspace's document rules: `workspaces.settings.documents`. */
export const documentSettingsSchema = z.object({
  maxUploadMb: z.number().int().describe('Largest file accepted, in MB (1 MB = 1,048,576 bytes)'),
});
export type DocumentSettings = z.infer<typeof documentSettingsSchema>;
export const defaultDocumentSettings: DocumentSettings = { maxUploadMb: 25 };
/** The instance's ceiling for maxUploadMb. */
export const MAX_UPLOAD_MB = 1024;

export const updateDocumentSettingsBodySchema = z.strictObject(
  { maxUploadMb: z.number().int('must be a whole number of MB').min(1, 'must be at least 1').max(MAX_UPLOAD_MB, `must be at most ${MAX_UPLOAD_MB}`).optional() },
  strictError,
);
export type UpdateDocumentSettingsBody = z.infer<typeof updateDocumentSettingsBodySchema>;

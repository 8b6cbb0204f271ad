import { z } from 'zod';
import { strictError } from './client';
import { clientQueryFieldsSchema, filterSchema } from './filter';

/**
 * Exports of clients (and their contacts and activity): the formats, the columns a user can
 * pick, and the API shapes. One catalogue serves the server (what each column holds) and the
 * web dialog (the checkboxes); custom fields join it as `custom.<key>`.
 */

export const exportFormats = ['csv', 'xlsx', 'json', 'vcf'] as const;
export type ExportFormat = (typeof exportFormats)[number];
export const exportFormatSchema = z.enum(exportFormats);

/** What a file holds: the clients themselves, or their contacts or interactions. */
export const exportParts = ['clients', 'contacts', 'interactions'] as const;
export type ExportPart = (typeof exportParts)[number];

export const exportContentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/x-ndjson; charset=utf-8',
  vcf: 'text/vcard; charset=utf-8',
};
/** File name endings; JSON lines keep the conventional .jsonl. */
export const exportExtensions: Record<ExportFormat, string> = { csv: 'csv', xlsx: 'xlsx', json: 'jsonl', vcf: 'vcf' };

export type ExportColumnGroup = 'profile' | 'address' | 'figures' | 'system';

/** The built-in client columns, in the order a full export lists them. */
export const clientExportColumns = [
  { key: 'id', label: 'Id', group: 'system' },
  { key: 'displayName', label: 'Name', group: 'profile' },
  { key: 'type', label: 'Type', group: 'profile' },
  { key: 'firstName', label: 'First name', group: 'profile' },
  { key: 'lastName', label: 'Last name', group: 'profile' },
  { key: 'companyName', label: 'Company', group: 'profile' },
  { key: 'email', label: 'E-mail', group: 'profile' },
  { key: 'emails', label: 'All e-mails', group: 'profile' },
  { key: 'phone', label: 'Phone', group: 'profile' },
  { key: 'phones', label: 'All phones', group: 'profile' },
  { key: 'status', label: 'Status', group: 'profile' },
  { key: 'statusReason', label: 'Status reason', group: 'profile' },
  { key: 'lifecycleStage', label: 'Lifecycle stage', group: 'profile' },
  { key: 'owner', label: 'Owner', group: 'profile' },
  { key: 'tags', label: 'Tags', group: 'profile' },
  { key: 'dateOfBirth', label: 'Date of birth', group: 'profile' },
  { key: 'industry', label: 'Industry', group: 'profile' },
  { key: 'occupation', label: 'Occupation', group: 'profile' },
  { key: 'companySize', label: 'Company size', group: 'profile' },
  { key: 'referralSource', label: 'Referral source', group: 'profile' },
  { key: 'preferredLanguage', label: 'Language', group: 'profile' },
  { key: 'specialRequirements', label: 'Special requirements', group: 'profile' },
  { key: 'notes', label: 'Notes', group: 'profile' },
  { key: 'externalId', label: 'External id', group: 'system' },
  { key: 'addressLine1', label: 'Address line 1', group: 'address' },
  { key: 'addressLine2', label: 'Address line 2', group: 'address' },
  { key: 'city', label: 'City', group: 'address' },
  { key: 'region', label: 'Region', group: 'address' },
  { key: 'postalCode', label: 'Postal code', group: 'address' },
  { key: 'country', label: 'Country', group: 'address' },
  { key: 'healthScore', label: 'Health score', group: 'figures' },
  { key: 'healthBand', label: 'Health band', group: 'figures' },
  { key: 'isGuest', label: 'Guest', group: 'figures' },
  { key: 'ordersCount', label: 'Orders', group: 'figures' },
  { key: 'totalValue', label: 'Total value', group: 'figures' },
  { key: 'outstandingBalance', label: 'Outstanding balance', group: 'figures' },
  { key: 'overdueAmount', label: 'Overdue', group: 'figures' },
  { key: 'revenue', label: 'Revenue', group: 'figures' },
  { key: 'lifetimeValue', label: 'Lifetime value', group: 'figures' },
  { key: 'onTimePaymentRate', label: 'On-time payment rate', group: 'figures' },
  { key: 'lastActivityAt', label: 'Last activity', group: 'figures' },
  { key: 'lastOrderAt', label: 'Last order', group: 'figures' },
  { key: 'nextRenewalAt', label: 'Next renewal', group: 'figures' },
  { key: 'createdAt', label: 'Created', group: 'system' },
  { key: 'updatedAt', label: 'Updated', group: 'system' },
] as const satisfies readonly { key: string; label: string; group: ExportColumnGroup }[];

export type ClientExportColumn = (typeof clientExportColumns)[number]['key'];
export const clientExportColumnKeys = clientExportColumns.map((c) => c.key) as ClientExportColumn[];

/** What an export holds when the caller names no columns (every custom field is added after these). */
export const defaultClientExportColumns: ClientExportColumn[] = [
  'displayName', 'type', 'firstName', 'lastName', 'companyName', 'email', 'phone', 'status', 'owner', 'tags',
  'addressLine1', 'city', 'postalCode', 'country', 'healthScore', 'ordersCount', 'totalValue', 'outstandingBalance', 'lastActivityAt', 'createdAt',
];

/** Columns of the contacts and interactions files (fixed: they go with the clients file). */
export const contactExportColumns = ['clientId', 'clientName', 'id', 'firstName', 'lastName', 'role', 'title', 'department', 'email', 'phone', 'engagement', 'notes', 'createdAt'] as const;
export const interactionExportColumns = ['clientId', 'clientName', 'id', 'kind', 'direction', 'occurredAt', 'durationMinutes', 'subject', 'body', 'outcome', 'sentiment', 'contactId', 'userId', 'followUpAt', 'createdAt'] as const;

/** `columns` as a comma-separated query parameter or a list: built-in keys or custom.<key>. */
const columnKey = z.string().trim().min(1).max(80);
export const exportColumnsInput = z.union([z.string().max(8000), z.array(columnKey).max(300)]).transform((v) => (Array.isArray(v) ? v : v.split(',').map((s) => s.trim()).filter(Boolean)));

/** The rows' order: the client list's `sort` (checked as the list checks it); omitted → by id. */
const exportSortSchema = z
  .string()
  .max(80)
  .optional()
  .describe('The client list’s sort (name, -createdAt, custom.<key>…; prefix - for descending): rows come in that order. Omitted → by id');

/** GET /clients/export: the list's query fields plus the format, columns and sort. */
export const clientExportQuerySchema = clientQueryFieldsSchema.extend({
  format: exportFormatSchema.default('csv'),
  columns: exportColumnsInput.optional().describe('Comma-separated column keys (see GET /exports/columns) or custom.<key>; omitted → the default columns and every custom field'),
  sort: exportSortSchema,
});
export type ClientExportQuery = z.output<typeof clientExportQuerySchema>;

/** POST /exports: a selection (ids, filter with the list's query fields, or a segment) and what to write. */
export const createExportBodySchema = z.strictObject(
  {
    format: exportFormatSchema.default('csv'),
    columns: z.array(columnKey).min(1, 'must name at least one column').max(300).optional(),
    include: z.array(z.enum(['contacts', 'interactions'])).max(2).optional().describe('Also write the contacts and/or interactions of the selected clients, as separate files (CSV, XLSX or JSON lines)'),
    ids: z.array(z.string().max(64)).min(1, 'must list at least one client id').max(10_000, 'at most 10,000 ids; select more with a filter').optional(),
    filter: filterSchema.optional(),
    q: z.string().max(200).optional(),
    status: z.array(z.string().max(40)).max(20).optional(),
    type: z.string().max(40).optional(),
    tag: z.array(z.string().max(100)).max(100).optional(),
    ownerId: z.string().max(64).optional(),
    healthBand: z.string().max(40).optional(),
    isGuest: z.boolean().optional(),
    isNew: z.boolean().optional(),
    createdAfter: z.string().max(40).optional(),
    createdBefore: z.string().max(40).optional(),
    segmentId: z.string().max(64).optional(),
    groupId: z.string().max(64).optional(),
    sort: exportSortSchema,
  },
  strictError,
);
export type CreateExportBody = z.infer<typeof createExportBodySchema>;

export const exportFileSchema = z.object({
  part: z.enum(exportParts),
  name: z.string().describe('The file name offered on download'),
  size: z.number().int(),
  rows: z.number().int(),
  url: z.string().describe('GET this to download the file'),
});
export type ExportFile = z.infer<typeof exportFileSchema>;

/** An export as GET /exports lists it: its job's progress, then its files. */
export const exportSchema = z.object({
  id: z.string().describe('Also the id of its job (GET /jobs/{id})'),
  format: exportFormatSchema,
  status: z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']),
  total: z.number().int().nullable(),
  done: z.number().int(),
  files: z.array(exportFileSchema),
  error: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  expiresAt: z.string().nullable().describe('When its files are deleted (exports are copies of personal data: kept for EXPORT_KEEP_DAYS days)'),
});
export type Export = z.infer<typeof exportSchema>;

/** Finished exports' files are deleted after this many days. */
export const EXPORT_KEEP_DAYS = 7;

/** The column catalogue of a workspace (GET /exports/columns): built-ins, then custom fields. */
export const exportColumnSchema = z.object({ key: z.string(), label: z.string(), group: z.enum(['profile', 'address', 'figures', 'system', 'custom']), default: z.boolean() });
export type ExportColumnInfo = z.infer<typeof exportColumnSchema>;

/** A file name: the workspace (as a slug), what it holds and the date. */
export function exportFileName(workspaceName: string, part: ExportPart, format: ExportFormat, at = new Date()): string {
  const slug = workspaceName.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'workspace';
  return `${slug}-${part}-${at.toISOString().slice(0, 10)}.${exportExtensions[format]}`;
}

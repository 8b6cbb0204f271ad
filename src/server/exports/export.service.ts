import { PassThrough, type Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { can } from '../auth/policy';
import {
  EXPORT_KEEP_DAYS,
  exportContentTypes,
  exportFileName,
  exportParts,
  type ClientExportQuery,
  type CreateExportBody,
  type Export,
  type ExportColumnInfo,
  type ExportFile,
  type ExportFormat,
  type ExportPart,
} from '../../domain/export';
import type { FieldError } from '../../domain/problem';
import { actorForAudit, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { countSelection } from '../clients/client.count';
import { parseClientSort, prepareSelection, type ClientSelection } from '../clients/client.query';
import { fromJson } from '../db/dialect';
import type { Database } from '../db/schema';
import { AppError, badRequest, notFound } from '../http/problem';
import { enqueueJob } from '../jobs/job.service';
import { columnCatalogue, planColumns } from './export.columns';
import { EXPORT_JOB, exportJob, exportJobs } from './export.repository';
import { exportExpiresAt, isExportExpired, sweepExportFiles } from './export.retention';
import { exportStorage } from './export.storage';
import { loadExportContext, partFormat, writeExportPart, type ExportTarget } from './export.stream';

type Db = Kysely<Database>;

/** The workspace's export columns: built-ins and custom fields, with the default set marked. */
export async function exportColumns(db: Db, actor: Actor): Promise<ExportColumnInfo[]> {
  authorize(actor, 'client.export');
  return columnCatalogue(await loadExportContext(db, actor.workspaceId));
}

const selectionKeys = ['filter', 'q', 'status', 'type', 'tag', 'ownerId', 'healthBand', 'isGuest', 'isNew', 'createdAfter', 'createdBefore', 'segmentId', 'groupId', 'includeDeleted', 'deleted'] as const;

/** The list's query fields of a request (without format and columns), for the audit trail and the job. */
function selectionOf(source: Record<string, unknown>): ClientSelection {
  const sel: Record<string, unknown> = {};
  for (const k of selectionKeys) if (source[k] !== undefined) sel[k] = source[k];
  return sel as ClientSelection;
}

async function auditExport(db: Db, actor: Actor, after: Record<string, unknown>): Promise<void> {
  await recordAudit(db, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'clients.exported', entityType: 'client', entityId: null, changes: { export: { before: null, after } } });
}

export type Download = { filename: string; contentType: string; body: Readable };

/**
 * GET /clients/export: checks everything (role, filters, columns) before the first byte, then
 * streams the file as it is written. The export is audited when the stream ends, with the
 * number of clients written and whether the download was cut short.
 */
export async function downloadClients(db: Db, actor: Actor, query: ClientExportQuery): Promise<Download> {
  authorize(actor, 'client.export');
  const selection = selectionOf(query as unknown as Record<string, unknown>);
  const [prepared, ctx] = await Promise.all([prepareSelection(db, actor, selection), loadExportContext(db, actor.workspaceId)]);
  const plan = planColumns(query.columns, ctx);
  const sort = query.sort === undefined ? undefined : parseClientSort(prepared, query.sort);
  const body = new PassThrough({ highWaterMark: 256 * 1024 });
  let rows = 0;
  const target: ExportTarget = { workspaceId: actor.workspaceId, prepared, ...(sort ? { sort } : {}) };
  const audit = (completed: boolean) =>
    auditExport(db, actor, { format: query.format, selection, ...(query.sort ? { sort: query.sort } : {}), columns: query.format === 'vcf' ? null : plan.map((c) => c.key), rows, completed, via: 'download' });
  void writeExportPart(db, body, { target, part: 'clients', format: query.format, plan, onChunk: async (n) => void (rows += n), beforeEnd: () => audit(true) }).catch(() => audit(false).catch(() => {}));
  return { filename: exportFileName(actor.workspaceName, 'clients', query.format), contentType: exportContentTypes[query.format], body };
}

export type ExportJobParams = {
  actor: Actor;
  format: ExportFormat;
  columns: string[];
  include: ExportPart[];
  ids?: string[];
  selection?: ClientSelection;
  /** The list's sort the rows follow (checked when asked for); absent → by id. */
  sort?: string;
};

/**
 * POST /exports: validates the request, then hands the writing to a job (202). The files
 * are stored and downloaded from GET /exports/{id}/file when the job has finished.
 */
export async function createExport(db: Db, actor: Actor, body: CreateExportBody): Promise<{ id: string; jobId: string }> {
  authorize(actor, 'client.export');
  const selection = selectionOf(body as Record<string, unknown>);
  const hasSelection = Object.keys(selection).length > 0;
  const errors: FieldError[] = [];
  if (body.ids && hasSelection) errors.push({ path: 'ids', message: 'give either ids or a filter (with the list’s query fields), not both' });
  if (errors.length) throw badRequest(`${errors[0]!.path} ${errors[0]!.message}`, errors);
  const ctx = await loadExportContext(db, actor.workspaceId);
  const plan = planColumns(body.columns, ctx);
  // Picked ids still need the workspace's custom fields to check a custom sort.
  const prepared = !body.ids || body.sort !== undefined ? await prepareSelection(db, actor, body.ids ? {} : selection) : null;
  if (body.sort !== undefined) parseClientSort(prepared!, body.sort);
  const total = body.ids ? new Set(body.ids).size : await countSelection(db, prepared!);
  const include = [...new Set(body.include ?? [])];
  const params: ExportJobParams = {
    actor,
    format: body.format,
    columns: plan.map((c) => c.key),
    include,
    ...(body.ids ? { ids: [...new Set(body.ids)] } : { selection }),
    ...(body.sort !== undefined ? { sort: body.sort } : {}),
  };
  const id = await enqueueJob(db, { workspaceId: actor.workspaceId, kind: EXPORT_JOB, params, createdBy: actor.userId, total: total * (1 + include.length) });
  return { id, jobId: id };
}

type JobRowLike = NonNullable<Awaited<ReturnType<typeof exportJob>>>;
export type StoredExportFile = { part: ExportPart; key: string; name: string; size: number; rows: number; contentType: string };

const filesOf = (row: JobRowLike): StoredExportFile[] => (row.result ? (fromJson<{ files?: StoredExportFile[] }>(row.result).files ?? []) : []);

const expiryOf = (row: JobRowLike) => {
  const at = exportExpiresAt(row.finished_at);
  return at === null ? null : new Date(at).toISOString();
};
const isExpired = (row: JobRowLike, now = Date.now()) => isExportExpired(row.finished_at, now);
const gone = () => new AppError(410, 'export_expired', `This export’s files have been deleted: exports are kept for ${EXPORT_KEEP_DAYS} days after they finish. Export again to get a fresh file.`);

function toExport(row: JobRowLike): Export {
  const params = fromJson<ExportJobParams>(row.params);
  const done = row.status === 'completed' && !isExpired(row);
  return {
    id: row.id,
    format: params.format,
    status: row.status as Export['status'],
    total: row.total === null ? null : Number(row.total),
    done: Number(row.done),
    files: done ? filesOf(row).map((f): ExportFile => ({ part: f.part, name: f.name, size: f.size, rows: f.rows, url: `/api/v1/exports/${row.id}/file?part=${f.part}` })) : [],
    error: row.error,
    createdBy: row.created_by,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    expiresAt: expiryOf(row),
  };
}

/** Someone else's export is another person's copy of personal data: admins see them, others only their own. */
const seesAll = (actor: Actor) => can(actor.role, 'audit.read');

export async function listExports(db: Db, actor: Actor): Promise<{ data: Export[] }> {
  authorize(actor, 'client.export');
  const rows = await exportJobs(db, actor.workspaceId, seesAll(actor) ? null : { userId: actor.userId }, 50);
  return { data: rows.map(toExport) };
}

async function findExport(db: Db, actor: Actor, id: string): Promise<JobRowLike> {
  authorize(actor, 'client.export');
  const row = await exportJob(db, actor.workspaceId, id);
  if (!row || (!seesAll(actor) && row.created_by !== actor.userId)) throw notFound('export');
  return row;
}

export async function getExport(db: Db, actor: Actor, id: string): Promise<Export> {
  return toExport(await findExport(db, actor, id));
}

/** A finished export's file; 409-free: an unfinished export simply has no file yet (404 naming why). */
export async function exportFile(db: Db, actor: Actor, id: string, part: ExportPart = 'clients'): Promise<Download> {
  const row = await findExport(db, actor, id);
  if (row.status !== 'completed') throw notFound(`file yet: the export is ${row.status}`);
  if (isExpired(row)) throw gone();
  const file = filesOf(row).find((f) => f.part === part);
  if (!file) throw notFound(`${part} file in this export`);
  let body: Readable;
  try {
    body = await exportStorage(db).get(file.key);
  } catch (error) {
    // Deleted from the disk before its time (by hand, a restored backup): gone all the same.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw gone();
    throw error;
  }
  await recordAudit(db, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'clients.export_downloaded', entityType: 'client', entityId: null, changes: { export: { before: null, after: { id, part, rows: file.rows } } } });
  return { filename: file.name, contentType: file.contentType, body };
}

/**
 * Deletes the files of the workspace's expired exports (each export job does this when it
 * ends; housekeeping sweeps every workspace hourly — export.retention.ts).
 */
export async function pruneExpiredExports(db: Db, workspaceId: string, now = Date.now()): Promise<number> {
  return sweepExportFiles(db, exportStorage(db), { workspaceIds: [workspaceId], now });
}

export const partsOf = (include: ExportPart[]): ExportPart[] => exportParts.filter((p) => p === 'clients' || include.includes(p));
export { partFormat };

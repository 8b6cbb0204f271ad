import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Import, ImportMapping, ImportOptions, ImportPreset, ImportPreview, ImportRowError, ImportStatus } from '../../domain/import';
import { importOptionsSchema, importTargets } from '../../domain/import';
import { importTargetLabels, suggestMapping } from '../../domain/importFields';
import { applyPreset, builtinImportPresets } from '../../domain/importPresets';
import type { FieldError } from '../../domain/problem';
import { actorForAudit, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { createCustomField, customFieldsOf } from '../custom-fields/custom-field.service';
import { fromJson, toJson } from '../db/dialect';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { AppError, badRequest, conflict, notFound } from '../http/problem';
import { cancelJob, enqueueJob } from '../jobs/job.service';
import { storageKey, StorageLimitError } from '../storage/storage';
import { NotReadableFile, readRecords, sniffFile, type FileFormat } from './import.file';
import { IMPORT_JOB } from './import.job';
import { importRepository as repo, type ImportRow } from './import.repository';
import { MAX_COLUMNS } from './import.rows';
import { assertImportFileKept } from './import.retention';
import { importFileLimits, importStorage } from './import.storage';
import { UNDO_JOB } from './import.undo';

type Db = Kysely<Database>;

const fileError = (message: string) => new AppError(400, 'validation', `file ${message}.`, [{ path: 'file', message }]);

/** The import as the API shows it, with its rate and ETA while running and its first errors. */
export async function importRowToImport(db: Db, row: ImportRow, withErrors = true): Promise<Import> {
  const options = row.options === null ? null : fromJson<ImportOptions>(row.options);
  const processed = row.created_count + row.updated_count + row.skipped_count + row.failed_count;
  const started = row.started_at ? new Date(row.started_at).getTime() : null;
  const until = row.finished_at ? new Date(row.finished_at).getTime() : new Date(row.updated_at).getTime();
  const seconds = started ? Math.max(0.001, (until - started) / 1000) : null;
  const rate = seconds && row.committed_rows ? Math.round(row.committed_rows / seconds) : null;
  const bytes = Number(row.bytes_read);
  const size = Number(row.file_size);
  const eta = row.status === 'running' && seconds && bytes > 0 ? Math.max(0, Math.round((seconds * (size - bytes)) / bytes)) : row.status === 'running' ? null : 0;
  const errors: ImportRowError[] = withErrors
    ? (await repo.selectErrors(db, row.workspace_id, row.id, null, 100)).map((e) => ({ row: e.row_number, field: e.field, message: e.message }))
    : [];
  return {
    id: row.id, status: row.status as ImportStatus, fileName: row.file_name, fileSize: size, format: row.format as 'csv' | 'xlsx',
    encoding: row.encoding, delimiter: row.delimiter, headers: fromJson<string[]>(row.headers), mode: options?.mode ?? null, matchOn: options?.matchOn ?? null,
    dryRun: row.dry_run === 1, mapping: options?.mapping ?? null, totalRows: row.total_rows, processedRows: processed,
    created: row.created_count, updated: row.updated_count, skipped: row.skipped_count, failed: row.failed_count,
    rowsPerSecond: rate, etaSeconds: eta, errors, jobId: row.job_id, error: row.error, createdBy: row.created_by,
    createdAt: row.created_at, startedAt: row.started_at, finishedAt: row.finished_at, undoneAt: row.undone_at, fileDeletedAt: row.file_deleted_at,
  };
}

async function findOwn(db: Db, actor: Actor, id: string): Promise<ImportRow> {
  const row = await repo.findImport(db, actor.workspaceId, id);
  if (!row) throw notFound('import');
  return row;
}

/** The first records of a stored file: the header and up to `n` data rows. */
async function firstRecords(key: string, format: FileFormat, n: number): Promise<string[][]> {
  const stream = await importStorage().get(key);
  const rows: string[][] = [];
  try {
    for await (const record of readRecords(stream, format)) {
      if ('cells' in record && (rows.length === 0 || record.cells.some((c) => c.trim()))) rows.push(record.cells);
      if (rows.length > n) break;
    }
  } finally {
    stream.destroy();
  }
  return rows;
}

/**
 * Stores an uploaded file (streamed, at most IMPORT_MAX_BYTES) and reads its format, encoding,
 * delimiter and header: a `draft` import. Bad files → 400 naming `file`, and nothing is kept.
 */
export async function receiveImportFile(db: Db, actor: Actor, body: Readable, fileName: string): Promise<ImportRow> {
  authorize(actor, 'client.write');
  const id = newId();
  const key = storageKey(actor.workspaceId, id);
  let stored;
  try {
    stored = await importStorage().put(key, body, { maxBytes: importFileLimits.maxBytes });
  } catch (error) {
    if (error instanceof StorageLimitError) throw new AppError(413, 'too_large', `The file is larger than ${importFileLimits.maxBytes} bytes.`, [{ path: 'file', message: 'is too large' }]);
    throw error;
  }
  try {
    let format: FileFormat;
    try {
      format = sniffFile(stored.head);
    } catch (error) {
      if (error instanceof NotReadableFile) throw fileError(error.message);
      throw error;
    }
    let records: string[][];
    try {
      records = await firstRecords(key, format, 0);
    } catch (error) {
      throw fileError(`could not be read as ${format.format.toUpperCase()}: ${(error as Error).message}`);
    }
    const headers = (records[0] ?? []).map((h) => h.trim());
    if (!headers.some(Boolean)) throw fileError('has no header row');
    if (headers.length > MAX_COLUMNS) throw fileError(`has ${headers.length} columns; at most ${MAX_COLUMNS} are read`);
    if (headers.some((h) => h.length > 500)) throw fileError('has a header longer than 500 characters: is the first row a header?');
    const now = nowIso();
    const row = {
      workspace_id: actor.workspaceId, id, status: 'draft', file_key: key, file_name: fileName.slice(0, 255) || 'import.csv', file_size: stored.size,
      format: format.format, encoding: format.encoding, delimiter: format.delimiter, headers: toJson(headers.map((h, i) => h || `Column ${i + 1}`)),
      options: null, total_rows: null, job_id: null, error: null, created_by: actor.userId, created_at: now, started_at: null, finished_at: null,
      undone_at: null, updated_at: now,
    };
    await repo.insertImport(db, row);
    return (await repo.findImport(db, actor.workspaceId, id))!;
  } catch (error) {
    await importStorage().delete(key);
    throw error;
  }
}

/** The preview of an uploaded file: first rows, the suggested mapping, target fields and presets that fit. */
export async function previewImport(db: Db, actor: Actor, row: ImportRow): Promise<ImportPreview> {
  assertImportFileKept(row);
  const format: FileFormat = { format: row.format as FileFormat['format'], encoding: row.encoding, delimiter: row.delimiter };
  const records = await firstRecords(row.file_key, format, 20);
  const headers = fromJson<string[]>(row.headers);
  const fields = await customFieldsOf(db, actor.workspaceId);
  const presets = await listPresets(db, actor);
  return {
    import: await importRowToImport(db, row),
    rows: records.slice(1).map((r) => r.map((c) => c.slice(0, 200))),
    suggestedMapping: suggestMapping(headers, fields),
    fields: [
      ...importTargets.map((t) => ({ target: t, label: importTargetLabels[t], kind: 'builtin' as const })),
      ...fields.map((f) => ({ target: `custom.${f.key}`, label: f.label, kind: 'custom' as const })),
    ],
    presets: presets.map((p) => ({ id: p.id, name: p.name, builtin: p.builtin, matches: applyPreset(p, headers).matches })).sort((a, b) => b.matches - a.matches),
  };
}

/** Checks the mapping against the file's headers and the workspace's custom fields. */
async function checkMapping(db: Db, actor: Actor, headers: string[], mapping: ImportMapping): Promise<void> {
  const errors: FieldError[] = [];
  const keys = new Set((await customFieldsOf(db, actor.workspaceId)).map((f) => f.key));
  const used = new Map<string, string>();
  for (const [header, target] of Object.entries(mapping)) {
    if (!headers.includes(header)) errors.push({ path: `mapping.${header}`, message: 'is not a column of the file' });
    if (!target) continue;
    if (target.startsWith('custom.') && !keys.has(target.slice(7))) errors.push({ path: `mapping.${header}`, message: `${target} is not a custom field of this workspace` });
    if (used.has(target) && target !== 'tags') errors.push({ path: `mapping.${header}`, message: `${target} is already mapped from "${used.get(target)}"` });
    used.set(target, header);
  }
  if (!Object.values(mapping).some(Boolean)) errors.push({ path: 'mapping', message: 'maps no column: map at least one column to a field' });
  if (errors.length) throw badRequest(`${errors[0]!.path} ${errors[0]!.message}`, errors);
}

/**
 * Starts a draft import with these options (the suggested mapping when none is given) as a
 * job. A finished dry run starts again as a new import of the same file.
 */
export async function startImport(db: Db, actor: Actor, id: string, body: unknown): Promise<{ id: string }> {
  authorize(actor, 'client.write');
  let row = await findOwn(db, actor, id);
  assertImportFileKept(row);
  const parsed = importOptionsSchema.safeParse(body ?? {});
  if (!parsed.success) throw badRequest(`${parsed.error.issues[0]!.path.join('.')} ${parsed.error.issues[0]!.message}`, parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'body', message: i.message })));
  const headers = fromJson<string[]>(row.headers);
  const { createCustomFields, ...chosen } = parsed.data;
  // "Import for real" after a check without a new mapping: the check's own choices, for real.
  const checked = row.status === 'completed' && row.dry_run === 1 && !!row.options && !chosen.mapping && !createCustomFields?.length;
  const options: ImportOptions = checked
    ? { ...fromJson<ImportOptions>(row.options), dryRun: false }
    : { ...chosen, mapping: { ...(chosen.mapping ?? suggestMapping(headers, await customFieldsOf(db, actor.workspaceId))) } };
  // Matching modes need the key in a column: without it every row would be skipped quietly.
  const matchTarget = options.matchOn ?? 'email';
  if (options.mode !== 'create' && !Object.values(options.mapping ?? {}).includes(matchTarget)) {
    throw badRequest(`matchOn: no column is mapped to ${matchTarget}`, [{ path: 'matchOn', message: `needs a column mapped to ${matchTarget}: map one, or match on another field` }]);
  }
  for (const [i, f] of (createCustomFields ?? []).entries()) {
    if (!headers.includes(f.column)) throw badRequest(`createCustomFields.${i}.column is not a column of the file`, [{ path: `createCustomFields.${i}.column`, message: 'is not a column of the file' }]);
    options.mapping![f.column] = `custom.${f.key}`;
  }
  if (createCustomFields?.length) {
    // Made first (each audited by the custom fields service), so the mapping check sees them.
    const existing = new Set((await customFieldsOf(db, actor.workspaceId)).map((f) => f.key));
    for (const { column: _column, ...field } of createCustomFields) if (!existing.has(field.key)) await createCustomField(db, actor, field);
  }
  await checkMapping(db, actor, headers, options.mapping!);
  if (row.status !== 'draft') {
    if (!(row.dry_run === 1 && row.status === 'completed')) throw conflict(`This import has already been started (${row.status}).`);
    const copy = { ...row, id: newId(), status: 'draft', created_at: nowIso(), updated_at: nowIso(), created_by: actor.userId };
    await repo.insertImport(db, { ...copy, headers: toJson(fromJson(row.headers)), options: null, dry_run: 0, total_rows: null, committed_rows: 0, bytes_read: 0, created_count: 0, updated_count: 0, skipped_count: 0, failed_count: 0, job_id: null, error: null, started_at: null, finished_at: null, undone_at: null });
    row = (await repo.findImport(db, actor.workspaceId, copy.id))!;
  }
  await db.transaction().execute(async (trx) => {
    const jobId = await enqueueJob(trx, { workspaceId: actor.workspaceId, kind: IMPORT_JOB, params: { importId: row.id, actor }, createdBy: actor.userId });
    await repo.updateImport(trx, actor.workspaceId, row.id, { status: 'queued', options: toJson(options), dry_run: options.dryRun ? 1 : 0, job_id: jobId, updated_at: nowIso() }, ['draft']);
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: options.dryRun ? 'import.dryRun' : 'import.started', entityType: 'import', entityId: row.id, changes: { fileName: { before: null, after: row.file_name }, mode: { before: null, after: options.mode } } });
  });
  return { id: row.id };
}

/** Drops a draft that never started (POST /imports whose options were refused): nothing of it stays. */
export async function discardDraft(db: Db, row: ImportRow): Promise<void> {
  await repo.deleteDraft(db, row.workspace_id, row.id);
  await importStorage().delete(row.file_key);
}

export async function getImport(db: Db, actor: Actor, id: string): Promise<Import> {
  authorize(actor, 'client.read');
  return importRowToImport(db, await findOwn(db, actor, id));
}

/** The import history, newest first (keyset on created_at, id). */
export async function listImports(db: Db, actor: Actor, query: { limit?: number; cursor?: string }) {
  authorize(actor, 'client.read');
  const limit = Math.min(query.limit ?? 50, 500);
  let before: { createdAt: string; id: string } | null = null;
  if (query.cursor) {
    try {
      before = JSON.parse(Buffer.from(query.cursor, 'base64url').toString());
    } catch {
      throw badRequest('cursor is not valid', [{ path: 'cursor', message: 'is not valid' }]);
    }
  }
  const rows = await repo.listImports(db, actor.workspaceId, limit + 1, before);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    data: await Promise.all(page.map((r) => importRowToImport(db, r, false))),
    nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify({ createdAt: last.created_at, id: last.id })).toString('base64url') : null,
    total: await repo.countImports(db, actor.workspaceId),
  };
}

/** Every error of an import, by row (keyset). */
export async function listImportErrors(db: Db, actor: Actor, id: string, query: { limit?: number; cursor?: string }) {
  authorize(actor, 'client.read');
  const row = await findOwn(db, actor, id);
  const limit = Math.min(query.limit ?? 100, 500);
  const after = query.cursor ? (JSON.parse(Buffer.from(query.cursor, 'base64url').toString()) as { row: number; seq: number }) : null;
  const rows = await repo.selectErrors(db, actor.workspaceId, row.id, after, limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    data: page.map((e) => ({ row: e.row_number, field: e.field, message: e.message })),
    nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify({ row: last.row_number, seq: last.seq })).toString('base64url') : null,
    total: row.failed_count,
  };
}

/** Stops a queued or running import after its current batch; what was committed stays (undo removes it). */
export async function cancelImport(db: Db, actor: Actor, id: string): Promise<Import> {
  authorize(actor, 'client.write');
  const row = await findOwn(db, actor, id);
  if (!(await repo.updateImport(db, actor.workspaceId, id, { status: 'cancelled', finished_at: nowIso(), updated_at: nowIso() }, ['queued', 'running']))) {
    throw conflict(`The import is ${row.status}; only a queued or running import can be cancelled.`);
  }
  // The job stops at its next checkpoint; one that has just finished has nothing left to stop.
  if (row.job_id) await cancelJob(db, actor, row.job_id).catch(() => {});
  await recordAudit(db, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'import.cancelled', entityType: 'import', entityId: id });
  return getImport(db, actor, id);
}

/** Queues the undo of a finished (or stopped) import: a job removes what it created and restores what it changed. */
export async function undoImport(db: Db, actor: Actor, id: string): Promise<{ id: string }> {
  authorize(actor, 'client.delete'); // removes many clients at once: the role of a bulk delete
  const row = await findOwn(db, actor, id);
  if (row.dry_run === 1) throw conflict('A dry run wrote nothing: there is nothing to undo.');
  await db.transaction().execute(async (trx) => {
    if (!(await repo.updateImport(trx, actor.workspaceId, id, { status: 'undoing', updated_at: nowIso() }, ['completed', 'cancelled', 'failed']))) {
      throw conflict(`The import is ${row.status}; only a completed, cancelled or failed import can be undone.`);
    }
    const jobId = await enqueueJob(trx, { workspaceId: actor.workspaceId, kind: UNDO_JOB, params: { importId: id, actor }, createdBy: actor.userId });
    await repo.updateImport(trx, actor.workspaceId, id, { job_id: jobId }, ['undoing']);
  });
  return { id };
}

const presetRowToPreset = (r: { id: string; name: string; mapping: unknown; transforms: unknown; created_at: string }): ImportPreset => ({
  id: r.id, name: r.name, builtin: false, mapping: fromJson(r.mapping), transforms: fromJson(r.transforms), createdAt: r.created_at,
});

/** The shipped presets, then the workspace's saved ones. */
export async function listPresets(db: Db, actor: Actor): Promise<ImportPreset[]> {
  authorize(actor, 'client.read');
  return [...builtinImportPresets, ...(await repo.selectPresets(db, actor.workspaceId)).map(presetRowToPreset)];
}

export async function createPreset(db: Db, actor: Actor, body: Pick<ImportPreset, 'name' | 'mapping' | 'transforms'>): Promise<ImportPreset> {
  authorize(actor, 'client.write');
  const row = { workspace_id: actor.workspaceId, id: newId(), name: body.name, mapping: toJson(body.mapping), transforms: toJson(body.transforms), created_by: actor.userId, created_at: nowIso() };
  await repo.insertPreset(db, row);
  return presetRowToPreset(row);
}

export async function deletePreset(db: Db, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'client.write');
  if (!(await repo.deletePreset(db, actor.workspaceId, id))) throw notFound('preset');
}

export { findOwn as findImportOf };

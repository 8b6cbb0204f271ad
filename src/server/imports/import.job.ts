import { Transform } from 'node:stream';
import type { ImportOptions } from '../../domain/import';
import type { Actor } from '../auth/actor';
import { clientSettingsOf } from '../clients/client-settings.service';
import { customFieldsOf } from '../custom-fields/custom-field.service';
import { fromJson } from '../db/dialect';
import { nowIso } from '../db/ids';
import { DUPLICATE_SCAN_JOB } from '../duplicates/duplicate.scan';
import { registerJobHandler, type JobContext } from '../jobs/job.runner';
import { enqueueJob } from '../jobs/job.service';
import { runBatch, type BatchRow } from './import.batch';
import { readRecords, type FileFormat } from './import.file';
import { importRepository as repo } from './import.repository';
import { isBlankDraft, readRow, type RowContext } from './import.rows';
import { importStorage } from './import.storage';

export const IMPORT_JOB = 'imports.run';
export type ImportJobParams = { importId: string; actor: Actor };

/** Rows per transaction; tests lower it to see several batches. */
export const importLimits = { batch: 1000 };

/**
 * Runs an import: streams the stored file again from the start (constant memory), skips the
 * rows an earlier attempt committed (the import's committed_rows, moved in each batch's own
 * transaction), and imports the rest a batch at a time. A checkpoint after each batch lets a
 * cancel stop it and the runner's heartbeat see it alive.
 */
export async function runImport(ctx: JobContext<ImportJobParams, null>): Promise<Record<string, unknown>> {
  const { importId, actor } = ctx.params;
  const ws = actor.workspaceId;
  const db = ctx.db;
  const imp = await repo.findImport(db, ws, importId);
  if (!imp || !['queued', 'running'].includes(imp.status)) return { skipped: true };
  const options = fromJson<ImportOptions>(imp.options);
  const headers = fromJson<string[]>(imp.headers);
  await repo.updateImport(db, ws, importId, { status: 'running', started_at: imp.started_at ?? nowIso(), updated_at: nowIso() }, ['queued', 'running']);
  let progressError: unknown = null;
  const checkpoint = async (done: number) => {
    try {
      await ctx.progress(done, null, { importId });
    } catch (error) {
      progressError = error;
      throw error;
    }
  };
  try {
    const [fields, settings] = await Promise.all([customFieldsOf(db, ws), clientSettingsOf(db, ws)]);
    const rowCtx: RowContext = {
      headers, mapping: options.mapping ?? {}, transforms: options.transforms ?? {},
      customFields: new Map(fields.map((f) => [f.key, f])), defaultCountry: options.defaultCountry ?? settings.defaultCountry,
      ...(options.tagSeparator ? { tagSeparator: options.tagSeparator } : {}),
    };
    const input = {
      actor, importId, mode: options.mode, matchOn: options.matchOn, dryRun: options.dryRun,
      requiredCustom: fields.filter((f) => f.required).map((f) => f.key), ...(options.dryRun ? { seen: new Set<number>() } : {}),
    };
    let bytesRead = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _e, done) {
        bytesRead += chunk.length;
        done(null, chunk);
      },
    });
    const stream = (await importStorage().get(imp.file_key)).pipe(meter);
    const format: FileFormat = { format: imp.format as FileFormat['format'], encoding: imp.encoding, delimiter: imp.delimiter };
    const skip = imp.committed_rows;
    let index = 0;
    let header = true;
    let batch: BatchRow[] = [];
    const flush = async () => {
      if (batch.length) await runBatch(db, input, batch, index, bytesRead);
      else await repo.commitBatch(db, ws, importId, index, bytesRead, { created: 0, updated: 0, skipped: 0, failed: 0 });
      batch = [];
      await checkpoint(index);
    };
    for await (const record of readRecords(stream, format)) {
      if (header) {
        header = false;
        continue;
      }
      index++;
      if (index <= skip) continue;
      const row = index + 1;
      if ('skipped' in record) batch.push({ row, cells: [], draft: null, errors: [{ path: 'row', message: `could not be read: ${record.skipped.message}` }] });
      else if (record.cells.length > 0 && record.cells.some((c) => c.trim())) {
        const read = readRow(record.cells, rowCtx);
        if (read.ok && isBlankDraft(read.draft)) batch.push({ row, cells: record.cells, draft: null, errors: [{ path: 'row', message: 'has no value in any mapped column' }] });
        else batch.push({ row, cells: record.cells, draft: read.ok ? read.draft : null, errors: read.ok ? [] : read.errors });
      }
      if (batch.length >= importLimits.batch) await flush();
    }
    await flush();
    await repo.updateImport(db, ws, importId, { status: 'completed', total_rows: index, finished_at: nowIso(), updated_at: nowIso() }, ['running']);
    // Imported clients skip the one-client duplicate check of createClient (batches are set-based):
    // a scan of the workspace follows a real import instead, once per import.
    if (!options.dryRun) {
      await enqueueJob(db, { workspaceId: ws, kind: DUPLICATE_SCAN_JOB, params: { userId: actor.userId }, createdBy: actor.userId, dedupeKey: `${DUPLICATE_SCAN_JOB}:import:${importId}` });
    }
    return { importId };
  } catch (error) {
    if (error === progressError) throw error;
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    await repo.updateImport(db, ws, importId, { status: 'failed', error: message, finished_at: nowIso(), updated_at: nowIso() }, ['queued', 'running']);
    throw error;
  }
}

registerJobHandler(IMPORT_JOB, runImport);

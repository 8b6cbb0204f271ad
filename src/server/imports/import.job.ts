import { normalizeEmail } from '../../domain/email';
import type { ImportOptions } from '../../domain/import';
import { normalizeSearch } from '../../domain/searchText';
import type { Actor } from '../auth/actor';
import { clientSettingsOf } from '../clients/client-settings.service';
import { customFieldsOf } from '../custom-fields/custom-field.service';
import { fromJson } from '../db/dialect';
import { nowIso } from '../db/ids';
import { DUPLICATE_SCAN_JOB } from '../duplicates/duplicate.scan';
import { registerJobHandler, type JobContext } from '../jobs/job.runner';
import { enqueueJob } from '../jobs/job.service';
import { runBatch } from './import.batch';
import type { FileFormat } from './import.file';
import { readBatches, type ReaderOptions } from './import.reader';
import { importRepository as repo } from './import.repository';
import type { RowContext } from './import.rows';
import { importStorage } from './import.storage';

export const IMPORT_JOB = 'imports.run';
export type ImportJobParams = { importId: string; actor: Actor };

/**
 * Rows per transaction; tests lower it to see several batches. 2,000: fewer commits (each a WAL
 * checkpoint on SQLite) and statements than 1,000, while a batch's objects stay small enough
 * for V8 to collect young (5,000 grew the server's heap by ~100 MB at peak).
 */
export const importLimits = { batch: 2000 };

/** Team members by normalised e-mail and by normalised name; a name two members share names neither. */
function ownersOf(members: { id: string; email: string; name: string }[]): Map<string, string> {
  const owners = new Map<string, string>();
  const shared = new Set<string>();
  for (const m of members) {
    owners.set(normalizeEmail(m.email), m.id);
    const name = normalizeSearch(m.name);
    if (owners.has(name) && owners.get(name) !== m.id) shared.add(name);
    else owners.set(name, m.id);
  }
  for (const name of shared) owners.delete(name);
  return owners;
}

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
      ...(Object.values(options.mapping ?? {}).includes('owner') ? { owners: ownersOf(await repo.teamMembers(db, ws)) } : {}),
    };
    const input = {
      actor, importId, mode: options.mode, matchOn: options.matchOn, dryRun: options.dryRun,
      requiredCustom: fields.filter((f) => f.required).map((f) => f.key), ...(options.dryRun ? { seen: new Set<number>() } : {}),
    };
    const source = await importStorage().get(imp.file_key);
    const reader: ReaderOptions = {
      format: { format: imp.format as FileFormat['format'], encoding: imp.encoding, delimiter: imp.delimiter },
      rowCtx, skip: imp.committed_rows, batchSize: importLimits.batch,
    };
    let index = imp.committed_rows;
    for await (const batch of readBatches(source, reader)) {
      index = Math.max(index, batch.index);
      if (batch.rows.length) await runBatch(db, input, batch.rows, index, batch.bytesRead);
      else await repo.commitBatch(db, ws, importId, index, batch.bytesRead, { created: 0, updated: 0, skipped: 0, failed: 0 });
      await checkpoint(index);
    }
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

import { PassThrough } from 'node:stream';
import { exportContentTypes, exportFileName } from '../../domain/export';
import { actorForAudit, recordAudit } from '../audit/audit.service';
import { parseClientSort, prepareSelection, type ClientSort, type PreparedSelection } from '../clients/client.query';
import { registerJobHandler, type JobContext } from '../jobs/job.runner';
import { storageKey } from '../storage/storage';
import { planColumns } from './export.columns';
import { EXPORT_JOB } from './export.repository';
import { partFormat, partsOf, pruneExpiredExports, type ExportJobParams, type StoredExportFile } from './export.service';
import { exportStorage } from './export.storage';
import { loadExportContext, writeExportPart, type ExportTarget } from './export.stream';

/** The sort checked when the export was asked for; a custom field deleted since leaves the rows in id order. */
function sortOf(prepared: PreparedSelection, raw: string): ClientSort | undefined {
  try {
    return parseClientSort(prepared, raw);
  } catch {
    return undefined;
  }
}

/** An export file may grow this large (a million clients with every column is a few hundred MB). */
const MAX_EXPORT_BYTES = 20 * 1024 ** 3;

/**
 * Writes each part of an export (clients, then contacts and interactions when asked) into
 * storage, reporting progress per chunk. A file appears under its key only once complete, so
 * a job resumed after a crash just writes its files again from the start; a cancelled job
 * stops at the next chunk and leaves no file.
 */
async function runExportJob(ctx: JobContext<ExportJobParams, null>): Promise<Record<string, unknown>> {
  const { actor, format, columns, include } = ctx.params;
  const storage = exportStorage(ctx.db);
  const exportCtx = await loadExportContext(ctx.db, actor.workspaceId);
  // Columns were checked when the export was asked for; a custom field deleted since is left out.
  const known = new Set([...columns].filter((k) => !k.startsWith('custom.') || exportCtx.customFields.some((f) => `custom.${f.key}` === k)));
  const plan = planColumns([...known], exportCtx);
  const { ids, sort: sortParam } = ctx.params;
  const prepared = !ids || sortParam !== undefined ? await prepareSelection(ctx.db, actor, ids ? {} : (ctx.params.selection ?? {})) : undefined;
  const sort = prepared && sortParam !== undefined ? sortOf(prepared, sortParam) : undefined;
  const target: ExportTarget = { workspaceId: actor.workspaceId, ...(ids ? { ids } : {}), ...(prepared ? { prepared } : {}), ...(sort ? { sort } : {}) };
  let done = 0;
  const files: StoredExportFile[] = [];
  for (const part of partsOf(include)) {
    const fileFormat = partFormat(format, part);
    const key = storageKey(actor.workspaceId, ctx.jobId, part);
    const out = new PassThrough({ highWaterMark: 256 * 1024 });
    const stored = storage.put(key, out, { maxBytes: MAX_EXPORT_BYTES });
    let rows: number;
    try {
      rows = await writeExportPart(ctx.db, out, {
        target,
        part,
        format,
        plan,
        onChunk: async (n) => {
          done += n;
          await ctx.progress(done);
        },
      });
    } catch (error) {
      await stored.catch(() => {});
      throw error;
    }
    const { size } = await stored;
    files.push({ part, key, name: exportFileName(actor.workspaceName, part, fileFormat), size, rows, contentType: exportContentTypes[fileFormat] });
  }
  const counts = Object.fromEntries(files.map((f) => [f.part, f.rows]));
  await recordAudit(ctx.db, actorForAudit(actor), {
    workspaceId: actor.workspaceId,
    action: 'clients.exported',
    entityType: 'client',
    entityId: null,
    changes: { export: { before: null, after: { format, selection: ctx.params.ids ? { ids: ctx.params.ids.length } : (ctx.params.selection ?? {}), ...(sortParam !== undefined ? { sort: sortParam } : {}), columns: format === 'vcf' ? null : plan.map((c) => c.key), rows: counts.clients ?? 0, ...counts, jobId: ctx.jobId, via: 'job' } } },
  });
  await pruneExpiredExports(ctx.db, actor.workspaceId).catch(() => {});
  return { rows: counts.clients ?? 0, files };
}

registerJobHandler(EXPORT_JOB, runExportJob);

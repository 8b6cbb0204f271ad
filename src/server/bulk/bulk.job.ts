import type { BulkCounts } from '../../domain/bulk';
import { prepareSelection, selectIdChunk } from '../clients/client.query';
import { countSelection } from '../clients/client.query';
import { registerJobHandler, type JobContext } from '../jobs/job.runner';
import { addCounts, applyToIds, auditBulk, BULK_JOB, bulkLimits, type BulkJobParams } from './bulk.service';

type State = { afterId: string | null; index: number; counts: BulkCounts };

/**
 * A bulk action on many clients, a chunk at a time: each chunk is one transaction (with its
 * audit events) and a checkpoint, so a job whose worker died resumes after the last chunk
 * done, and a cancelled job stops between chunks. Filter targets are walked by id
 * (keyset), so the set is never held in memory; `ids` targets by position.
 */
async function runBulkJob(ctx: JobContext<BulkJobParams, State>): Promise<BulkCounts> {
  const { actor, op } = ctx.params;
  let state: State = ctx.state ?? { afterId: null, index: 0, counts: { matched: 0, changed: 0, skipped: 0 } };
  let done = ctx.done;
  if (ctx.params.ids) {
    const ids = ctx.params.ids;
    while (state.index < ids.length) {
      const chunk = ids.slice(state.index, state.index + bulkLimits.chunk);
      const counts = await applyToIds(ctx.db, actor, op, chunk);
      state = { ...state, index: state.index + chunk.length, counts: addCounts(state.counts, counts) };
      done += chunk.length;
      await ctx.progress(done, state, state.counts);
    }
  } else {
    const prepared = await prepareSelection(ctx.db, actor, ctx.params.selection ?? {});
    if (state.afterId === null) await ctx.setTotal(await countSelection(ctx.db, prepared));
    for (;;) {
      const chunk = await selectIdChunk(ctx.db, prepared, state.afterId, bulkLimits.chunk);
      if (!chunk.length) break;
      const counts = await applyToIds(ctx.db, actor, op, chunk);
      state = { ...state, afterId: chunk[chunk.length - 1]!, counts: addCounts(state.counts, counts) };
      done += chunk.length;
      await ctx.progress(done, state, state.counts);
    }
  }
  await auditBulk(ctx.db, actor, op, state.counts, ctx.jobId);
  return state.counts;
}

registerJobHandler(BULK_JOB, runBulkJob);

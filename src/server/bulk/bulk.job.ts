import type { BulkCounts } from '../../domain/bulk';
import { countSelection, selectIdChunk } from '../clients/client.count';
import { prepareSelection } from '../clients/client.query';
import { dialectOf } from '../db/dialect';
import { registerJobHandler, type JobContext } from '../jobs/job.runner';
import { addCounts, applyToIds, auditBulk, BULK_JOB, bulkLimits, type BulkJobParams } from './bulk.service';

type State = { afterId: string | null; index: number; counts: BulkCounts };

/**
 * A bulk action on many clients, a chunk at a time: each chunk is one transaction (with its
 * audit events) and a checkpoint, so a job whose worker died resumes after the last chunk
 * done, and a cancelled job stops between chunks. Filter targets are walked by id
 * (keyset), so the set is never held in memory; `ids` targets by position.
 *
 * On PostgreSQL two chunks run side by side in two transactions: a chunk's cost is mostly
 * the database maintaining the clients indexes, one backend per core, so two lanes nearly
 * halve the time on a 2-core machine. SQLite has one writer: one lane. The checkpoint
 * follows both lanes; a worker that dies between them re-applies one lane's chunk on resume,
 * which the actions tolerate (already done → counted as skipped).
 */
async function runBulkJob(ctx: JobContext<BulkJobParams, State>): Promise<BulkCounts> {
  const { actor, op } = ctx.params;
  const lanes = dialectOf(ctx.db) === 'postgres' ? 2 : 1;
  const step = bulkLimits.chunk * lanes;
  let state: State = ctx.state ?? { afterId: null, index: 0, counts: { matched: 0, changed: 0, skipped: 0 } };
  let done = ctx.done;
  const apply = async (ids: string[]) => {
    const parts = Array.from({ length: Math.ceil(ids.length / bulkLimits.chunk) }, (_, i) => ids.slice(i * bulkLimits.chunk, (i + 1) * bulkLimits.chunk));
    return (await Promise.all(parts.map((part) => applyToIds(ctx.db, actor, op, part)))).reduce(addCounts, state.counts);
  };
  if (ctx.params.ids) {
    const ids = ctx.params.ids;
    while (state.index < ids.length) {
      const chunk = ids.slice(state.index, state.index + step);
      state = { ...state, index: state.index + chunk.length, counts: await apply(chunk) };
      done += chunk.length;
      await ctx.progress(done, state, state.counts);
    }
  } else {
    const prepared = await prepareSelection(ctx.db, actor, ctx.params.selection ?? {});
    if (state.afterId === null) await ctx.setTotal(await countSelection(ctx.db, prepared));
    // The next step's ids are read while this step is applied (a third connection): with a
    // filter that reads ~10 % of the rows it walks, the read is a good part of a step, and done
    // in between it left both lanes idle. Rows after `afterId` are not changed by this step.
    const idsAfter = (afterId: string | null) => {
      const read = selectIdChunk(ctx.db, prepared, afterId, step);
      read.catch(() => undefined); // awaited below; a failure while a step runs must not go unhandled
      return read;
    };
    for (let next = idsAfter(state.afterId); ; ) {
      const chunk = await next;
      if (!chunk.length) break;
      next = idsAfter(chunk[chunk.length - 1]!);
      state = { ...state, afterId: chunk[chunk.length - 1]!, counts: await apply(chunk) };
      done += chunk.length;
      await ctx.progress(done, state, state.counts);
    }
  }
  await auditBulk(ctx.db, actor, op, state.counts, ctx.jobId);
  return state.counts;
}

registerJobHandler(BULK_JOB, runBulkJob);

import type { Kysely } from 'kysely';
import type { BulkMergeBody, BulkMergeResult } from '../../domain/merge';
import { actorForAudit, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import type { Database } from '../db/schema';
import { AppError, badRequest } from '../http/problem';
import { mergeClients } from './merge.service';

type Db = Kysely<Database>;

/**
 * Many merges in one call, each in its own transaction (one failing leaves the others done),
 * in the order given. A client may appear in one merge only, so the dry run's outcomes are
 * the ones the real run would have. Audited once for the call, besides each merge's own events.
 */
export async function bulkMerge(db: Db, actor: Actor, body: BulkMergeBody): Promise<BulkMergeResult> {
  authorize(actor, 'client.merge');
  const seen = new Set<string>();
  body.merges.forEach((m, i) => {
    for (const id of [m.survivorId, ...m.sourceIds]) {
      if (seen.has(id)) throw badRequest(`merges[${i}] names client ${id} already named by an earlier merge`, [{ path: `merges[${i}]`, message: `names client ${id} already in another merge of this call` }]);
      seen.add(id);
    }
  });
  const dryRun = body.dryRun === true;
  const results: BulkMergeResult['results'] = [];
  for (const m of body.merges) {
    try {
      const r = await mergeClients(db, actor, m.survivorId, { sourceIds: m.sourceIds, ...(m.fields ? { fields: m.fields } : {}), dryRun });
      results.push({ survivorId: m.survivorId, sourceIds: m.sourceIds, status: 200, mergeId: r.mergeId, moved: r.moved, error: null });
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      results.push({ survivorId: m.survivorId, sourceIds: m.sourceIds, status: error.status, mergeId: null, moved: null, error: { code: error.code, detail: error.message } });
    }
  }
  const merged = results.filter((r) => r.status === 200).length;
  if (!dryRun && merged) {
    await recordAudit(db, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'clients.bulk_merged', entityType: 'workspace', entityId: actor.workspaceId, changes: { merges: { before: null, after: { merged, failed: results.length - merged } } } });
  }
  return { dryRun, merged, failed: results.length - merged, results };
}

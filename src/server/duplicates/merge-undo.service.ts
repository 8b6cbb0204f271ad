import type { Kysely } from 'kysely';
import { MERGE_UNDO_DAYS, type UndoMergeResult } from '../../domain/merge';
import { actorForAudit, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { clientSettingsOf } from '../clients/client-settings.service';
import { lockClient, refreshClientFigures } from '../clients/client.figures';
import { writeLookups } from '../clients/client.lookups';
import { clientRowToClient } from '../clients/client.mapper';
import type { ClientRow } from '../clients/client.repository';
import { getClient, rowValues } from '../clients/client.service';
import { fromJson } from '../db/dialect';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { AppError, notFound } from '../http/problem';
import { healthInputsChanged } from '../health/health.service';
import type { MergeRecord } from './merge.service';
import { checkClientForDuplicates } from './duplicate.service';
import { moveRecordsBack, moveUsageDailyBack, removeTagsAndGroups } from './merge.repository';

type Db = Kysely<Database>;

const cannotUndo = (code: string, message: string) => new AppError(409, code, message);

/**
 * Undoes a merge within 30 days, in one transaction: the sources come back as they were,
 * exactly the records that moved go back (records added to the survivor since stay with it;
 * records deleted since stay deleted), the tags and groups the merge added are removed, and
 * the survivor's profile returns to its state before the merge. Refused (409) once the
 * survivor was edited after the merge, since that edit would be lost.
 */
export async function undoMerge(db: Db, actor: Actor, mergeId: string): Promise<UndoMergeResult> {
  authorize(actor, 'client.merge');
  const ws = actor.workspaceId;
  const settings = await clientSettingsOf(db, ws);
  return db.transaction().execute(async (trx) => {
    const merge = await trx.selectFrom('client_merges').selectAll().where('workspace_id', '=', ws).where('id', '=', mergeId).executeTakeFirst();
    if (!merge) throw notFound('merge');
    if (merge.undone_at) throw cannotUndo('already_undone', 'This merge was already undone.');
    if (Date.now() - Date.parse(new Date(merge.created_at).toISOString()) > MERGE_UNDO_DAYS * 86_400_000) {
      throw cannotUndo('undo_expired', `A merge can be undone for ${MERGE_UNDO_DAYS} days; this one is older.`);
    }
    const sourceIds = fromJson<string[]>(merge.source_ids);
    const moved = fromJson<MergeRecord['sources']>(merge.moved);
    const before = fromJson<Pick<MergeRecord, 'survivor' | 'added'>>(merge.before);
    const survivorId = merge.survivor_id;
    for (const id of [survivorId, ...sourceIds].sort()) await lockClient(trx, ws, id);
    const rows = (await trx.selectFrom('clients').selectAll().where('workspace_id', '=', ws).where('id', 'in', [survivorId, ...sourceIds]).execute()) as ClientRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const survivorRow = byId.get(survivorId);
    if (!survivorRow || survivorRow.deleted_at || survivorRow.merged_into) throw cannotUndo('survivor_gone', 'The client merged into is in Trash, deleted or merged again; restore or undo that first.');
    if (survivorRow.version !== before.survivor.versionAfter) {
      throw cannotUndo('survivor_changed', 'The client was changed after the merge; undoing would lose that change.');
    }
    for (const id of sourceIds) {
      if (byId.get(id)?.merged_into !== survivorId) throw cannotUndo('source_gone', `Client ${id} is no longer merged here (deleted for good?); this merge cannot be undone.`);
    }
    const now = nowIso();
    const movedBack: Record<string, number> = {};
    for (const id of sourceIds) {
      const counts = await moveRecordsBack(trx, ws, id, survivorId, moved[id]?.moved ?? {});
      for (const [k, n] of Object.entries(counts)) movedBack[k] = (movedBack[k] ?? 0) + n;
      await moveUsageDailyBack(trx, ws, id, survivorId, moved[id]?.usageDaily ?? []);
    }
    await removeTagsAndGroups(trx, ws, survivorId, before.added);

    await trx.deleteFrom('client_emails').where('workspace_id', '=', ws).where('client_id', '=', survivorId).execute();
    await trx.deleteFrom('client_phones').where('workspace_id', '=', ws).where('client_id', '=', survivorId).execute();
    const restored = before.survivor.editable;
    await trx
      .updateTable('clients')
      .set({ ...rowValues(restored), last_activity_at: before.survivor.lastActivityAt, updated_at: now, version: survivorRow.version + 1 })
      .where('workspace_id', '=', ws)
      .where('id', '=', survivorId)
      .execute();
    await writeLookups(trx, ws, survivorId, restored);
    await trx
      .updateTable('clients')
      .set({ merged_into: null, deleted_at: null, updated_at: now, version: (eb) => eb('version', '+', 1) })
      .where('workspace_id', '=', ws)
      .where('id', 'in', sourceIds)
      .execute();
    for (const id of sourceIds) await writeLookups(trx, ws, id, clientRowToClient(byId.get(id)!, settings.newClientDays));

    for (const id of [survivorId, ...sourceIds]) await refreshClientFigures(trx, ws, id, now);
    await healthInputsChanged(trx, ws, survivorId, ...sourceIds);
    // The merge took the sources' pairs out of the queue; back as separate clients they are
    // likely duplicates again (unless someone said otherwise), so the group is back at once,
    // not after the next scan.
    for (const id of sourceIds) await checkClientForDuplicates(trx, ws, id);
    await trx.updateTable('client_merges').set({ undone_at: now }).where('workspace_id', '=', ws).where('id', '=', mergeId).execute();
    await recordAudit(
      trx,
      actorForAudit(actor),
      { workspaceId: ws, action: 'client.merge_undone', entityType: 'client', entityId: survivorId, changes: { mergeId: { before: null, after: mergeId }, restored: { before: null, after: sourceIds } } },
      ...sourceIds.map((id) => ({ workspaceId: ws, action: 'client.unmerged', entityType: 'client', entityId: id, changes: { mergedInto: { before: survivorId, after: null } } })),
    );
    return { mergeId, survivor: await getClient(trx, actor, survivorId), restoredIds: sourceIds, movedBack };
  });
}

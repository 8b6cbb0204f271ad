import type { Kysely } from 'kysely';
import { MERGE_UNDO_DAYS, type Merge } from '../../domain/merge';
import type { List, ListQuery } from '../../domain/list';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { fromJson } from '../db/dialect';
import type { Database } from '../db/schema';
import { decodeCursor, encodeCursor } from '../http/pagination';
import { badRequest, notFound } from '../http/problem';
import type { MergeRecord } from './merge.service';

type Db = Kysely<Database>;

type MergeRow = { id: string; survivor_id: string; source_ids: unknown; fields: unknown; moved: unknown; created_by: string | null; created_at: string; undone_at: string | null };

/**
 * `clientsHere`: whether the merge's clients are still there to undo it — the survivor live,
 * every source still merged into it (a source purged for good, by the Trash clean-up after the
 * undo window or by an admin, cannot come back).
 */
function mergeRowToMerge(row: MergeRow, clientsHere: boolean, now = Date.now()): Merge {
  const createdAt = new Date(row.created_at).toISOString();
  const undoUntil = new Date(Date.parse(createdAt) + MERGE_UNDO_DAYS * 86_400_000).toISOString();
  const moved: Record<string, number> = {};
  for (const source of Object.values(fromJson<MergeRecord['sources']>(row.moved))) {
    for (const [k, ids] of Object.entries(source.moved)) moved[k] = (moved[k] ?? 0) + ids.length;
    if (source.usageDaily.length) moved.usage_daily = (moved.usage_daily ?? 0) + source.usageDaily.length;
  }
  return {
    id: row.id,
    survivorId: row.survivor_id,
    sourceIds: fromJson<string[]>(row.source_ids),
    fields: fromJson<Record<string, string>>(row.fields),
    moved,
    createdBy: row.created_by,
    createdAt,
    undoneAt: row.undone_at ? new Date(row.undone_at).toISOString() : null,
    undoUntil,
    canUndo: !row.undone_at && Date.parse(undoUntil) > now && clientsHere,
  };
}

const columns = ['id', 'survivor_id', 'source_ids', 'fields', 'moved', 'created_by', 'created_at', 'undone_at'] as const;

/** For each merge still undoable by date, whether its clients are all still there (one read per 1,000 clients). */
async function clientsStillHere(db: Db, ws: string, rows: MergeRow[], now = Date.now()): Promise<Map<string, boolean>> {
  const open = rows.filter((r) => !r.undone_at && Date.parse(new Date(r.created_at).toISOString()) + MERGE_UNDO_DAYS * 86_400_000 > now);
  const ids = [...new Set(open.flatMap((r) => [r.survivor_id, ...fromJson<string[]>(r.source_ids)]))];
  const found = new Map<string, { deleted_at: string | null; merged_into: string | null }>();
  for (let i = 0; i < ids.length; i += 1000) {
    const part = await db.selectFrom('clients').select(['id', 'deleted_at', 'merged_into']).where('workspace_id', '=', ws).where('id', 'in', ids.slice(i, i + 1000)).execute();
    for (const c of part) found.set(c.id, c);
  }
  const here = (r: MergeRow) => {
    const survivor = found.get(r.survivor_id);
    return !!survivor && !survivor.deleted_at && fromJson<string[]>(r.source_ids).every((id) => found.get(id)?.merged_into === r.survivor_id);
  };
  return new Map(open.map((r) => [r.id, here(r)]));
}

export async function getMerge(db: Db, actor: Actor, id: string): Promise<Merge> {
  authorize(actor, 'client.read');
  const row = await db.selectFrom('client_merges').select(columns).where('workspace_id', '=', actor.workspaceId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('merge');
  return mergeRowToMerge(row, (await clientsStillHere(db, actor.workspaceId, [row])).get(row.id) ?? false);
}

/** The workspace's merges, newest first (keyset), optionally those into one client. */
export async function listMerges(db: Db, actor: Actor, query: ListQuery & { survivorId?: string }): Promise<List<Merge>> {
  authorize(actor, 'client.read');
  const ws = actor.workspaceId;
  const after = query.cursor ? decodeCursor(query.cursor, 1) : null;
  if (after && typeof after[0] !== 'string') throw badRequest('cursor is invalid', [{ path: 'cursor', message: 'is invalid or expired' }]);
  // Ids are UUIDv7, so id order is creation order.
  let q = db.selectFrom('client_merges').where('workspace_id', '=', ws);
  if (query.survivorId) q = q.where('survivor_id', '=', query.survivorId);
  let page = q.select(columns);
  if (after) page = page.where('id', '<', after[0] as string);
  const [rows, total] = await Promise.all([page.orderBy('id', 'desc').limit(query.limit + 1).execute(), q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()]);
  const more = rows.length > query.limit;
  const pageRows = rows.slice(0, query.limit);
  const here = await clientsStillHere(db, ws, pageRows);
  const data = pageRows.map((r) => mergeRowToMerge(r, here.get(r.id) ?? false));
  return { data, nextCursor: more && data.length ? encodeCursor([data[data.length - 1]!.id]) : null, total: Number(total.n) };
}

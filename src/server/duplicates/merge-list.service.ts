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

function mergeRowToMerge(row: MergeRow, now = Date.now()): Merge {
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
    canUndo: !row.undone_at && Date.parse(undoUntil) > now,
  };
}

const columns = ['id', 'survivor_id', 'source_ids', 'fields', 'moved', 'created_by', 'created_at', 'undone_at'] as const;

export async function getMerge(db: Db, actor: Actor, id: string): Promise<Merge> {
  authorize(actor, 'client.read');
  const row = await db.selectFrom('client_merges').select(columns).where('workspace_id', '=', actor.workspaceId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('merge');
  return mergeRowToMerge(row);
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
  const data = rows.slice(0, query.limit).map((r) => mergeRowToMerge(r));
  return { data, nextCursor: more && data.length ? encodeCursor([data[data.length - 1]!.id]) : null, total: Number(total.n) };
}

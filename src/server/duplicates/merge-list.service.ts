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
 * A merge can be undone within its window while its clients are still there: a source purged
 * for good (by the Trash clean-up after the undo window, or by an admin) cannot come back.
 */
function mergeRowToMerge(row: MergeRow, clients: ReadonlyMap<string, MergeClient>, now = Date.now()): Merge {
  const createdAt = new Date(row.created_at).toISOString();
  const undoUntil = new Date(Date.parse(createdAt) + MERGE_UNDO_DAYS * 86_400_000).toISOString();
  const moved: Record<string, number> = {};
  for (const source of Object.values(fromJson<MergeRecord['sources']>(row.moved))) {
    for (const [k, ids] of Object.entries(source.moved)) moved[k] = (moved[k] ?? 0) + ids.length;
    if (source.usageDaily.length) moved.usage_daily = (moved.usage_daily ?? 0) + source.usageDaily.length;
  }
  const sourceIds = fromJson<string[]>(row.source_ids);
  const survivor = clients.get(row.survivor_id);
  // The merge's clients are still there to undo it: the survivor live, every source still merged into it.
  const clientsHere = !!survivor && !survivor.deleted_at && sourceIds.every((id) => clients.get(id)?.merged_into === row.survivor_id);
  const clientNames: Record<string, string> = {};
  for (const id of [row.survivor_id, ...sourceIds]) {
    const c = clients.get(id);
    if (c) clientNames[id] = c.display_name;
  }
  return {
    id: row.id,
    survivorId: row.survivor_id,
    sourceIds,
    fields: fromJson<Record<string, string>>(row.fields),
    moved,
    createdBy: row.created_by,
    createdAt,
    undoneAt: row.undone_at ? new Date(row.undone_at).toISOString() : null,
    undoUntil,
    canUndo: !row.undone_at && Date.parse(undoUntil) > now && clientsHere,
    clientNames,
  };
}

const columns = ['id', 'survivor_id', 'source_ids', 'fields', 'moved', 'created_by', 'created_at', 'undone_at'] as const;

type MergeClient = { display_name: string; deleted_at: string | null; merged_into: string | null };

/** The clients of these merges as they are now (one read per 1,000 clients); purged ones are missing. */
async function clientsOf(db: Db, ws: string, rows: MergeRow[]): Promise<Map<string, MergeClient>> {
  const ids = [...new Set(rows.flatMap((r) => [r.survivor_id, ...fromJson<string[]>(r.source_ids)]))];
  const found = new Map<string, MergeClient>();
  for (let i = 0; i < ids.length; i += 1000) {
    const part = await db.selectFrom('clients').select(['id', 'display_name', 'deleted_at', 'merged_into']).where('workspace_id', '=', ws).where('id', 'in', ids.slice(i, i + 1000)).execute();
    for (const c of part) found.set(c.id, c);
  }
  return found;
}

export async function getMerge(db: Db, actor: Actor, id: string): Promise<Merge> {
  authorize(actor, 'client.read');
  const row = await db.selectFrom('client_merges').select(columns).where('workspace_id', '=', actor.workspaceId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('merge');
  return mergeRowToMerge(row, await clientsOf(db, actor.workspaceId, [row]));
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
  const clients = await clientsOf(db, ws, pageRows);
  const data = pageRows.map((r) => mergeRowToMerge(r, clients));
  return { data, nextCursor: more && data.length ? encodeCursor([data[data.length - 1]!.id]) : null, total: Number(total.n) };
}

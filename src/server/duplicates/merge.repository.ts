import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database>;

/**
 * The records of a client that a merge moves to the survivor, each table with its id column
 * and the column(s) naming the client. Every table with a client id is here or named in
 * `kept` with why it stays.
 */
export const movedTables = [
  { table: 'contacts', id: 'id', columns: ['client_id'] },
  { table: 'timeline_entries', id: 'id', columns: ['client_id'] },
  { table: 'interactions', id: 'id', columns: ['client_id'] },
  { table: 'tasks', id: 'id', columns: ['client_id'] },
  { table: 'orders', id: 'id', columns: ['client_id'] },
  { table: 'contracts', id: 'id', columns: ['client_id'] },
  { table: 'invoices', id: 'id', columns: ['client_id'] },
  { table: 'payments', id: 'id', columns: ['client_id'] },
  { table: 'documents', id: 'id', columns: ['client_id'] },
  { table: 'feedback', id: 'id', columns: ['client_id'] },
  { table: 'referrals', id: 'id', columns: ['referrer_client_id', 'referred_client_id'] },
  { table: 'loyalty_ledger', id: 'id', columns: ['client_id'] },
  { table: 'usage_events', id: 'event_id', columns: ['client_id'] },
  { table: 'alerts', id: 'id', columns: ['client_id'] },
] as const;

/**
 * Tables with a client id that do not move: the lookups (client_emails, client_phones) are
 * rewritten from the survivor's lists; tags and group memberships are added to the survivor
 * (the source keeps its own rows, so undo only removes what was added); health scores, their
 * history and queue are the source's own past and are recomputed for the survivor; a photo
 * stays with its client; import rows are the import's record; usage_daily rows move unless
 * the survivor has the same metric and day (see moveUsageDaily).
 */
export const keptTables = ['client_emails', 'client_phones', 'client_tags', 'group_members', 'health_scores', 'health_history', 'health_queue', 'client_photos', 'import_rows'] as const;

const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** The key of one moved row: `table.column`, for the merge record. */
export const movedKey = (table: string, column: string) => (column === 'client_id' ? table : `${table}.${column}`);

/** Moves a source's rows of every moved table to the survivor; returns the moved ids per `table[.column]`. */
export async function moveRecords(trx: Db, ws: string, sourceId: string, survivorId: string): Promise<Record<string, string[]>> {
  const db = trx as unknown as Kysely<any>;
  const moved: Record<string, string[]> = {};
  for (const t of movedTables) {
    for (const column of t.columns) {
      const rows: { id: string }[] = await db.selectFrom(t.table).select(`${t.id} as id`).where('workspace_id', '=', ws).where(column, '=', sourceId).execute();
      if (!rows.length) continue;
      const ids = rows.map((r) => r.id);
      for (const part of chunks(ids, 500)) await db.updateTable(t.table).set({ [column]: survivorId }).where('workspace_id', '=', ws).where(t.id, 'in', part).execute();
      moved[movedKey(t.table, column)] = ids;
    }
  }
  return moved;
}

/** Moves rows back to their source by id (rows deleted since are simply gone); returns how many moved back. */
export async function moveRecordsBack(trx: Db, ws: string, sourceId: string, survivorId: string, moved: Record<string, string[]>): Promise<Record<string, number>> {
  const db = trx as unknown as Kysely<any>;
  const counts: Record<string, number> = {};
  for (const t of movedTables) {
    for (const column of t.columns) {
      const ids = moved[movedKey(t.table, column)];
      if (!ids?.length) continue;
      let n = 0;
      for (const part of chunks(ids, 500)) {
        const r = await db.updateTable(t.table).set({ [column]: sourceId }).where('workspace_id', '=', ws).where(t.id, 'in', part).where(column, '=', survivorId).executeTakeFirst();
        n += Number(r.numUpdatedRows);
      }
      counts[movedKey(t.table, column)] = n;
    }
  }
  return counts;
}

/** Usage per day moves unless the survivor already has that metric and day (then the source keeps it). Returns the moved [metric, day] keys. */
export async function moveUsageDaily(trx: Db, ws: string, sourceId: string, survivorId: string): Promise<[string, string][]> {
  const mine = await trx.selectFrom('usage_daily').select(['metric', 'day']).where('workspace_id', '=', ws).where('client_id', '=', sourceId).execute();
  if (!mine.length) return [];
  const theirs = new Set((await trx.selectFrom('usage_daily').select(['metric', 'day']).where('workspace_id', '=', ws).where('client_id', '=', survivorId).execute()).map((r) => `${r.metric}|${r.day}`));
  const moving = mine.filter((r) => !theirs.has(`${r.metric}|${r.day}`)).map((r) => [r.metric, r.day] as [string, string]);
  for (const [metric, day] of moving) {
    await trx.updateTable('usage_daily').set({ client_id: survivorId }).where('workspace_id', '=', ws).where('client_id', '=', sourceId).where('metric', '=', metric).where('day', '=', day).execute();
  }
  return moving;
}

export async function moveUsageDailyBack(trx: Db, ws: string, sourceId: string, survivorId: string, keys: [string, string][]): Promise<void> {
  for (const [metric, day] of keys) {
    await trx.updateTable('usage_daily').set({ client_id: sourceId }).where('workspace_id', '=', ws).where('client_id', '=', survivorId).where('metric', '=', metric).where('day', '=', day).execute();
  }
}

/** Adds the sources' tags and group memberships the survivor lacks; returns the added tag and group ids. */
export async function addTagsAndGroups(trx: Db, ws: string, sourceIds: string[], survivorId: string): Promise<{ tagIds: string[]; groupIds: string[] }> {
  const tagsOf = async (ids: string[]) => (await trx.selectFrom('client_tags').select('tag_id').where('workspace_id', '=', ws).where('client_id', 'in', ids).execute()).map((r) => r.tag_id);
  const groupsOf = async (ids: string[]) => (await trx.selectFrom('group_members').select('group_id').where('workspace_id', '=', ws).where('client_id', 'in', ids).execute()).map((r) => r.group_id);
  const haveTags = new Set(await tagsOf([survivorId]));
  const tagIds = [...new Set(await tagsOf(sourceIds))].filter((id) => !haveTags.has(id));
  const haveGroups = new Set(await groupsOf([survivorId]));
  const groupIds = [...new Set(await groupsOf(sourceIds))].filter((id) => !haveGroups.has(id));
  if (tagIds.length) await trx.insertInto('client_tags').values(tagIds.map((tag_id) => ({ workspace_id: ws, tag_id, client_id: survivorId }))).execute();
  const now = new Date().toISOString();
  if (groupIds.length) await trx.insertInto('group_members').values(groupIds.map((group_id) => ({ workspace_id: ws, group_id, client_id: survivorId, added_at: now }))).execute();
  return { tagIds, groupIds };
}

export async function removeTagsAndGroups(trx: Db, ws: string, survivorId: string, added: { tagIds: string[]; groupIds: string[] }): Promise<void> {
  if (added.tagIds.length) await trx.deleteFrom('client_tags').where('workspace_id', '=', ws).where('client_id', '=', survivorId).where('tag_id', 'in', added.tagIds).execute();
  if (added.groupIds.length) await trx.deleteFrom('group_members').where('workspace_id', '=', ws).where('client_id', '=', survivorId).where('group_id', 'in', added.groupIds).execute();
}

/** The names of a tag id list, in the order given (the clients.tags copy). */
export async function tagNames(trx: Db, ws: string, tagIds: string[]): Promise<string[]> {
  if (!tagIds.length) return [];
  const rows = await trx.selectFrom('tags').select(['id', 'name']).where('workspace_id', '=', ws).where('id', 'in', tagIds).execute();
  return rows.map((r) => r.name);
}

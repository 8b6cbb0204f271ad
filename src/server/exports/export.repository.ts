import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { passSql, type SortPass, type SortPosition } from '../clients/client.keyset';
import { TRUE, and, whereOf, type ClientSort, type PreparedSelection } from '../clients/client.query';
import type { Database } from '../db/schema';
import type { ChunkReader } from './export.reader';

type Db = Kysely<Database>;

/**
 * The SQL of exports: a selection of clients walked by id in chunks (keyset over the primary
 * key, so a million rows never sit in memory and each chunk costs the same), and the contacts
 * and interactions of one chunk of clients in one query each — never a query per row.
 */

/** What an export may read of a client: every column a file can show, not the search or photo data. */
export const exportableClientColumns = [
  'id', 'type', 'first_name', 'last_name', 'company_name', 'display_name', 'email', 'phone', 'emails', 'phones', 'date_of_birth', 'addresses',
  'city', 'country', 'occupation', 'industry', 'company_size', 'referral_source', 'preferred_language', 'special_requirements', 'owner_id',
  'lifecycle_stage', 'status', 'status_reason', 'notes', 'tags', 'custom_fields', 'health_score', 'health_band', 'is_guest', 'last_activity_at',
  'last_order_at', 'orders_count', 'total_value', 'outstanding_balance', 'overdue_amount', 'revenue', 'next_renewal_at', 'figures',
  'created_at', 'updated_at', 'external_id',
] as const;
export type ExportableClientColumn = (typeof exportableClientColumns)[number];
const exportable = new Set<string>(exportableClientColumns);

/**
 * The SELECT list of the columns an export needs, id always first: reading only those is most
 * of an export's speed (each column read is a string made in JavaScript, per row).
 */
function selectList(columns: readonly string[]) {
  const wanted = ['id', ...columns.filter((c) => c !== 'id')];
  for (const c of wanted) if (!exportable.has(c)) throw new Error(`not an exportable client column: ${c}`);
  return sql.raw([...new Set(wanted)].map((c) => `c.${c}`).join(', '));
}

export type ExportClientRow = {
  id: string; type: string; first_name: string | null; last_name: string | null; company_name: string | null; display_name: string;
  email: string | null; phone: string | null; emails: unknown; phones: unknown; date_of_birth: string | null; addresses: unknown;
  city: string | null; country: string | null; occupation: string | null; industry: string | null; company_size: string | null;
  referral_source: string | null; preferred_language: string | null; special_requirements: string | null; owner_id: string | null;
  lifecycle_stage: string | null; status: string; status_reason: string | null; notes: string | null; tags: unknown; custom_fields: unknown;
  health_score: number | null; health_band: string | null; is_guest: number; last_activity_at: string | null; last_order_at: string | null;
  orders_count: number | string; total_value: number | string; outstanding_balance: number | string; overdue_amount: number | string;
  revenue: number | string; next_renewal_at: string | null; figures: unknown; created_at: string; updated_at: string; external_id: string | null;
};

/** The next `size` clients of a selection after `afterId`, in id order. */
export async function clientChunkBySelection(reader: ChunkReader, p: PreparedSelection, afterId: string | null, size: number, columns: readonly string[]): Promise<ExportClientRow[]> {
  const after = afterId === null ? TRUE : sql<SqlBool>`c.id > ${afterId}`;
  // As client.count.ts's selectIdChunk: walking the primary key keeps every chunk to the rows
  // after the last one, where SQLite would otherwise sort a filter's whole index per chunk.
  const from = p.pg ? sql`clients c` : sql`clients c INDEXED BY sqlite_autoindex_clients_1`;
  return reader.all(sql<ExportClientRow>`SELECT ${selectList(columns)} FROM ${from} WHERE ${whereOf(p)} AND ${after} ORDER BY c.id LIMIT ${size}`);
}

export type { SortPass, SortPosition };

/**
 * The next `size` clients of a selection in a list sort, after `after` in one pass: keyset on
 * (sort value, id) in the list's own order, so the rows come as the list shows them and each
 * chunk starts where the last ended on the sort's index (constant memory, no OFFSET). `ids`
 * narrows the selection to picked clients (one JSON parameter: up to 10,000).
 */
export async function clientChunkBySort(
  reader: ChunkReader,
  p: PreparedSelection,
  sort: ClientSort,
  pass: SortPass,
  after: SortPosition | null,
  size: number,
  columns: readonly string[],
  ids?: string[],
): Promise<(ExportClientRow & { sort_key: unknown })[]> {
  const picked = !ids ? TRUE : p.pg ? sql<SqlBool>`c.id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))` : sql<SqlBool>`c.id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`;
  const { cond, order } = passSql(p, sort, pass, after);
  return reader.all(
    sql<ExportClientRow & { sort_key: unknown }>`SELECT ${selectList(columns)}, ${sort.expr} AS sort_key FROM clients c
      WHERE ${and([whereOf(p), picked, cond])} ORDER BY ${order} LIMIT ${size}`,
  );
}

/** Live clients of the workspace among these ids, in id order (another workspace's ids match nothing). */
export async function clientsByIds(reader: ChunkReader, workspaceId: string, ids: string[], columns: readonly string[]): Promise<ExportClientRow[]> {
  if (!ids.length) return [];
  return reader.all(sql<ExportClientRow>`SELECT ${selectList(columns)} FROM clients c WHERE c.workspace_id = ${workspaceId} AND c.id IN (${sql.join(ids)}) AND c.deleted_at IS NULL ORDER BY c.id`);
}

export type ExportContactRow = {
  id: string; client_id: string; first_name: string | null; last_name: string | null; role: string | null; title: string | null;
  department: string | null; email: string | null; phone: string | null; engagement: string | null; notes: string | null; created_at: string;
};

/** The contacts of a chunk of clients. */
export async function contactsOfClients(db: Db, workspaceId: string, clientIds: string[]): Promise<ExportContactRow[]> {
  if (!clientIds.length) return [];
  return db
    .selectFrom('contacts')
    .select(['id', 'client_id', 'first_name', 'last_name', 'role', 'title', 'department', 'email', 'phone', 'engagement', 'notes', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('client_id', 'in', clientIds)
    .orderBy('client_id')
    .orderBy('id')
    .execute();
}

export type ExportInteractionRow = {
  id: string; client_id: string; kind: string; direction: string; occurred_at: string; duration_minutes: number | null; subject: string | null;
  body: string | null; outcome: string | null; sentiment: string | null; contact_id: string | null; user_id: string | null; follow_up_at: string | null; created_at: string;
};

/** The interactions of a chunk of clients, oldest first per client. */
export async function interactionsOfClients(db: Db, workspaceId: string, clientIds: string[]): Promise<ExportInteractionRow[]> {
  if (!clientIds.length) return [];
  return db
    .selectFrom('interactions')
    .select(['id', 'client_id', 'kind', 'direction', 'occurred_at', 'duration_minutes', 'subject', 'body', 'outcome', 'sentiment', 'contact_id', 'user_id', 'follow_up_at', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('client_id', 'in', clientIds)
    .orderBy('client_id')
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
}

/** Names of the workspace's members, for the Owner column (one query per export). */
export async function memberNames(db: Db, workspaceId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name'])
    .where('m.workspace_id', '=', workspaceId)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Custom field definitions in their display order. */
export async function customFieldDefs(db: Db, workspaceId: string) {
  return db.selectFrom('custom_fields').select(['key', 'label', 'type']).where('workspace_id', '=', workspaceId).orderBy('position').orderBy('key').execute();
}

export const EXPORT_JOB = 'clients.export';

/** The workspace's export jobs, newest first; `mine` limits them to one person's (null: those made with API keys). */
export async function exportJobs(db: Db, workspaceId: string, mine: { userId: string | null } | null, limit: number) {
  let q = db
    .selectFrom('jobs')
    .select(['id', 'status', 'params', 'total', 'done', 'result', 'error', 'created_by', 'created_at', 'finished_at'])
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', EXPORT_JOB);
  if (mine) q = mine.userId === null ? q.where('created_by', 'is', null) : q.where('created_by', '=', mine.userId);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function exportJob(db: Db, workspaceId: string, id: string) {
  return db
    .selectFrom('jobs')
    .select(['id', 'status', 'params', 'total', 'done', 'result', 'error', 'created_by', 'created_at', 'finished_at'])
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', EXPORT_JOB)
    .where('id', '=', id)
    .executeTakeFirst();
}

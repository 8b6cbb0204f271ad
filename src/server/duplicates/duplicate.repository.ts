import { CompiledQuery, sql, type Kysely } from 'kysely';
import { nameKey, type DuplicateFeatures, type DuplicateReason } from '../../domain/duplicateScore';
import { dialectOf, fromJson, toJson } from '../db/dialect';
import type { Database } from '../db/schema';
import type { ScanRow } from './duplicate.features';

type Db = Kysely<Database>;

/** A candidate pair as stored. */
export type PairRow = { client_a: string; client_b: string; score: number; reasons: DuplicateReason[]; cluster_id: string };

const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

const valuesOf = (json: unknown): string[] => (fromJson<{ value: string }[] | null>(json) ?? []).map((v) => v.value);

/** Names, e-mails and phones of live, unmerged clients, for scoring. */
async function featuresOf(db: Db, ws: string, ids: string[]): Promise<Map<string, DuplicateFeatures>> {
  const out = new Map<string, DuplicateFeatures>();
  for (const part of chunks([...new Set(ids)], 500)) {
    const rows = await db
      .selectFrom('clients')
      .select(['id', 'display_name', 'emails', 'phones'])
      .where('workspace_id', '=', ws)
      .where('id', 'in', part)
      .where('deleted_at', 'is', null)
      .where('merged_into', 'is', null)
      .execute();
    for (const r of rows) out.set(r.id, { id: r.id, name: r.display_name, key: nameKey(r.display_name), emails: valuesOf(r.emails), phones: valuesOf(r.phones) });
  }
  return out;
}

/** The dismissed pairs among these clients, as "a|b" keys. */
async function dismissedAmong(db: Db, ws: string, ids: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of chunks([...new Set(ids)], 500)) {
    const rows = await db.selectFrom('duplicate_dismissals').select(['client_a', 'client_b']).where('workspace_id', '=', ws).where((eb) => eb.or([eb('client_a', 'in', part), eb('client_b', 'in', part)])).execute();
    for (const r of rows) out.add(`${r.client_a}|${r.client_b}`);
  }
  return out;
}

/** Inserts or refreshes pairs (score, reasons, found_at); a new pair takes the given cluster id until reclustered. */
async function upsertPairs(db: Db, ws: string, pairs: { a: string; b: string; score: number; reasons: DuplicateReason[] }[], foundAt: string): Promise<void> {
  for (const part of chunks(pairs, 500)) {
    await db
      .insertInto('duplicate_pairs')
      .values(part.map((p) => ({ workspace_id: ws, client_a: p.a, client_b: p.b, score: p.score, reasons: toJson(p.reasons), cluster_id: p.a, found_at: foundAt })))
      .onConflict((oc) => oc.columns(['workspace_id', 'client_a', 'client_b']).doUpdateSet((eb) => ({ score: eb.ref('excluded.score'), reasons: eb.ref('excluded.reasons'), found_at: eb.ref('excluded.found_at') })))
      .execute();
  }
}

const rowOf = (r: { client_a: string; client_b: string; score: number; reasons: unknown; cluster_id: string }): PairRow => ({ ...r, reasons: fromJson<DuplicateReason[]>(r.reasons) });

/** Every pair touching these clients. */
async function pairsOfClients(db: Db, ws: string, ids: string[]): Promise<PairRow[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('duplicate_pairs')
    .select(['client_a', 'client_b', 'score', 'reasons', 'cluster_id'])
    .where('workspace_id', '=', ws)
    .where((eb) => eb.or([eb('client_a', 'in', ids), eb('client_b', 'in', ids)]))
    .execute();
  return rows.map(rowOf);
}

/** Every pair of these clusters. */
async function pairsOfClusters(db: Db, ws: string, clusterIds: string[]): Promise<PairRow[]> {
  if (!clusterIds.length) return [];
  const rows = await db.selectFrom('duplicate_pairs').select(['client_a', 'client_b', 'score', 'reasons', 'cluster_id']).where('workspace_id', '=', ws).where('cluster_id', 'in', clusterIds).execute();
  return rows.map(rowOf);
}

/** A page of the live, unmerged clients by id, with what the scan compares. */
async function scanPage(db: Db, ws: string, after: string | null, limit: number): Promise<ScanRow[]> {
  let q = db
    .selectFrom('clients')
    .select(['id', 'display_name', 'company_name', 'city', 'country', 'emails', 'phones'])
    .where('workspace_id', '=', ws)
    .where('deleted_at', 'is', null)
    .where('merged_into', 'is', null);
  if (after !== null) q = q.where('id', '>', after);
  return q.orderBy('id').limit(limit).execute();
}

/** The `emails` column of these clients, by id. */
async function emailsOfClients(db: Db, ws: string, ids: string[]): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (const part of chunks(ids, 500)) {
    const rows = await db.selectFrom('clients').select(['id', 'emails']).where('workspace_id', '=', ws).where('id', 'in', part).execute();
    for (const r of rows) out.set(r.id, r.emails);
  }
  return out;
}

/** Every dismissed pair of the workspace, as "a|b" keys (people dismiss a few; a scan checks them all). */
async function dismissedPairs(db: Db, ws: string): Promise<Set<string>> {
  const rows = await db.selectFrom('duplicate_dismissals').select(['client_a', 'client_b']).where('workspace_id', '=', ws).execute();
  return new Set(rows.map((r) => `${r.client_a}|${r.client_b}`));
}

/** Pairs to write, column by column (a batch of a full scan). */
export type PairColumns = { a: string[]; b: string[]; score: number[]; reasons: string[]; cluster: string[] };

const SQLITE_ROWS = 500;
const sqliteInsert = new Map<number, string>();
const UPSERT = 'ON CONFLICT (workspace_id, client_a, client_b) DO UPDATE SET score = excluded.score, reasons = excluded.reasons, cluster_id = excluded.cluster_id, found_at = excluded.found_at';

/**
 * Inserts or refreshes a scan's pairs with their final cluster, in one transaction. PostgreSQL:
 * one statement over arrays (unnest); SQLite: prepared multi-row statements of 500 rows, the
 * SQL text built once per size so nothing is compiled per row.
 */
async function writePairs(db: Db, ws: string, rows: PairColumns, foundAt: string): Promise<void> {
  if (!rows.a.length) return;
  if (dialectOf(db) === 'postgres') {
    await sql`INSERT INTO duplicate_pairs (workspace_id, client_a, client_b, score, reasons, cluster_id, found_at)
      SELECT ${ws}, a, b, s, r::jsonb, c, ${foundAt}::timestamptz FROM unnest(${rows.a}::text[], ${rows.b}::text[], ${rows.score}::int[], ${rows.reasons}::text[], ${rows.cluster}::text[]) AS t(a, b, s, r, c)
      ${sql.raw(UPSERT)}`.execute(db);
    return;
  }
  await db.transaction().execute(async (trx) => {
    for (let from = 0; from < rows.a.length; from += SQLITE_ROWS) {
      const to = Math.min(rows.a.length, from + SQLITE_ROWS);
      let text = sqliteInsert.get(to - from);
      if (!text) {
        text = `INSERT INTO duplicate_pairs (workspace_id, client_a, client_b, score, reasons, cluster_id, found_at) VALUES ${Array.from({ length: to - from }, () => '(?, ?, ?, ?, ?, ?, ?)').join(', ')} ${UPSERT}`;
        sqliteInsert.set(to - from, text);
      }
      const params: unknown[] = [];
      for (let i = from; i < to; i++) params.push(ws, rows.a[i], rows.b[i], rows.score[i], rows.reasons[i], rows.cluster[i], foundAt);
      await trx.executeQuery(CompiledQuery.raw(text, params));
    }
  });
}

/**
 * Runs a scan's writes with SQLite tuned for them: the WAL is not checkpointed after every
 * transaction (a million pairs touch the same index pages again and again: they are copied to
 * the database once, at the end) and the page cache is 64 MB instead of 2. Both settings go
 * back afterwards. PostgreSQL needs nothing of the kind.
 */
async function withBulkWrites<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  if (dialectOf(db) === 'postgres') return fn();
  const pragma = async (text: string) => (await sql.raw<Record<string, unknown>>(`PRAGMA ${text}`).execute(db)).rows[0];
  const cache = Number(Object.values((await pragma('cache_size')) ?? {})[0] ?? -2000);
  const checkpoint = Number(Object.values((await pragma('wal_autocheckpoint')) ?? {})[0] ?? 1000);
  await pragma('cache_size = -65536');
  await pragma('wal_autocheckpoint = 0');
  try {
    return await fn();
  } finally {
    await pragma(`wal_autocheckpoint = ${Math.trunc(checkpoint)}`);
    await pragma(`cache_size = ${Math.trunc(cache)}`);
    await pragma('wal_checkpoint(PASSIVE)');
  }
}

/** The stored pairs whose client_a is in (after, upTo] (either end open when null), in key order, for a scan to compare with. */
async function storedPairsInRange(db: Db, ws: string, after: string | null, upTo: string | null) {
  let q = db.selectFrom('duplicate_pairs').select(['client_a', 'client_b', 'score', 'reasons', 'cluster_id', 'found_at']).where('workspace_id', '=', ws);
  if (after !== null) q = q.where('client_a', '>', after);
  if (upTo !== null) q = q.where('client_a', '<=', upTo);
  return q.orderBy('client_a').orderBy('client_b').execute();
}

/** Deletes these pairs (a, b as stored). */
async function deletePairs(db: Db, ws: string, pairs: [string, string][]): Promise<void> {
  for (const part of chunks(pairs, 200)) {
    await db
      .deleteFrom('duplicate_pairs')
      .where('workspace_id', '=', ws)
      .where((eb) => eb.or(part.map(([a, b]) => eb.and([eb('client_a', '=', a), eb('client_b', '=', b)]))))
      .execute();
  }
}

/** Replaces every cluster of the workspace (end of a full scan), in one transaction. */
async function replaceClusters(db: Db, ws: string, clusters: { id: string; score: number; size: number }[], now: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await deleteClusters(trx, ws, 'all');
    await insertClusters(trx, ws, clusters, now);
  });
}

/** Clients of pairs stored after `at` by someone else than the scan (a client created meanwhile). */
async function clientsOfPairsFoundAfter(db: Db, ws: string, at: string): Promise<string[]> {
  const rows = await db.selectFrom('duplicate_pairs').select(['client_a', 'client_b']).where('workspace_id', '=', ws).where('found_at', '>', at).execute();
  return [...new Set(rows.flatMap((r) => [r.client_a, r.client_b]))];
}

/** Sets the cluster of every pair whose client_a is a key of `clusterOf`: one statement per 500 clients (a CASE), not one per cluster. */
async function setClusterOfPairs(db: Db, ws: string, clusterOf: Map<string, string>): Promise<void> {
  for (const part of chunks([...clusterOf], 500)) {
    const cases = sql.join(part.map(([a, c]) => sql`WHEN ${a} THEN ${c}`), sql` `);
    await db
      .updateTable('duplicate_pairs')
      .set({ cluster_id: sql<string>`CASE client_a ${cases} END` })
      .where('workspace_id', '=', ws)
      .where('client_a', 'in', part.map(([a]) => a))
      .execute();
  }
}

async function deleteClusters(db: Db, ws: string, ids: string[] | 'all'): Promise<void> {
  let q = db.deleteFrom('duplicate_clusters').where('workspace_id', '=', ws);
  if (ids !== 'all') {
    if (!ids.length) return;
    q = q.where('id', 'in', ids);
  }
  await q.execute();
}

async function insertClusters(db: Db, ws: string, clusters: { id: string; score: number; size: number }[], now: string): Promise<void> {
  for (const part of chunks(clusters, 500)) {
    await db.insertInto('duplicate_clusters').values(part.map((c) => ({ workspace_id: ws, ...c, updated_at: now }))).execute();
  }
}

async function deletePair(db: Db, ws: string, a: string, b: string): Promise<number> {
  const r = await db.deleteFrom('duplicate_pairs').where('workspace_id', '=', ws).where('client_a', '=', a).where('client_b', '=', b).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Pairs not seen since `before` (no longer matching the rules, or a client gone). */
async function deletePairsFoundBefore(db: Db, ws: string, before: string): Promise<void> {
  await db.deleteFrom('duplicate_pairs').where('workspace_id', '=', ws).where('found_at', '<', before).execute();
}

/** A page of clusters, best first: keyset on (score desc, id). */
async function clusterPage(db: Db, ws: string, after: { score: number; id: string } | null, limit: number, minScore: number) {
  let q = db.selectFrom('duplicate_clusters').select(['id', 'score', 'size']).where('workspace_id', '=', ws).where('score', '>=', minScore);
  if (after) q = q.where((eb) => eb.or([eb('score', '<', after.score), eb.and([eb('score', '=', after.score), eb('id', '>', after.id)])]));
  return q.orderBy('score', 'desc').orderBy('id').limit(limit).execute();
}

async function countClusters(db: Db, ws: string, minScore: number): Promise<number> {
  const r = await db.selectFrom('duplicate_clusters').select(sql<number>`count(*)`.as('n')).where('workspace_id', '=', ws).where('score', '>=', minScore).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** What the review queue shows of each client. */
async function clientsForReview(db: Db, ws: string, ids: string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('clients')
    .select(['id', 'display_name', 'emails', 'phones', 'city', 'company_name', 'created_at'])
    .where('workspace_id', '=', ws)
    .where('id', 'in', ids)
    .execute();
}

export const duplicateRepository = Object.freeze({
  featuresOf,
  dismissedAmong,
  upsertPairs,
  pairsOfClients,
  pairsOfClusters,
  scanPage,
  emailsOfClients,
  dismissedPairs,
  writePairs,
  withBulkWrites,
  storedPairsInRange,
  deletePairs,
  replaceClusters,
  clientsOfPairsFoundAfter,
  setClusterOfPairs,
  deleteClusters,
  insertClusters,
  deletePair,
  deletePairsFoundBefore,
  clusterPage,
  countClusters,
  clientsForReview,
  chunks,
  valuesOf,
});

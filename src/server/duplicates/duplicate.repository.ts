import { sql, type Kysely } from 'kysely';
import { nameKey, type DuplicateFeatures, type DuplicateReason } from '../../domain/duplicateScore';
import { fromJson, toJson } from '../db/dialect';
import type { Database } from '../db/schema';

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

/** A page of the workspace's pairs in key order (for reclustering the whole workspace). */
async function pairPage(db: Db, ws: string, after: [string, string] | null, limit: number) {
  let q = db.selectFrom('duplicate_pairs').select(['client_a', 'client_b', 'score']).where('workspace_id', '=', ws);
  if (after) q = q.where((eb) => eb.or([eb('client_a', '>', after[0]), eb.and([eb('client_a', '=', after[0]), eb('client_b', '>', after[1])])]));
  return q.orderBy('client_a').orderBy('client_b').limit(limit).execute();
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
  pairPage,
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

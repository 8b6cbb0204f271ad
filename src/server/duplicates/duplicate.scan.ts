import { sql, type Kysely } from 'kysely';
import type { DuplicateSettings } from '../../domain/duplicate';
import { dialectOf, toJson } from '../db/dialect';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { registerJobHandler, type JobContext } from '../jobs/job.runner';
import { clusterScanPairs, reclusterAround, type ScanClusters } from './duplicate.cluster';
import { ScanClients, type PairKeys } from './duplicate.features';
import { findPairs, PairScorer, reasonsOf, scanLimits, scoreOf, type PairCodec } from './duplicate.passes';
import { duplicateRepository as repo, type PairColumns } from './duplicate.repository';
import { duplicateSettingsOf } from './duplicate-settings.service';

export { scanLimits } from './duplicate.passes';

type Db = Kysely<Database>;

export const DUPLICATE_SCAN_JOB = 'duplicates.scan';

/** The checkpoint: when the scan started (pairs it writes carry that time) and how many of its pairs are written. */
type State = { startedAt: string; written: number };

/** One turn of the event loop: the scan's CPU work must not starve HTTP requests or the job's heartbeat. */
const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The live clients, read once by id a page at a time; on PostgreSQL the next page is on its way while one is taken in. */
async function readClients(db: Db, ws: string): Promise<ScanClients> {
  const clients = new ScanClients();
  let next: Promise<Awaited<ReturnType<typeof repo.scanPage>>> | null = repo.scanPage(db, ws, null, scanLimits.page);
  while (next) {
    const page: Awaited<ReturnType<typeof repo.scanPage>> = await next;
    next = page.length === scanLimits.page ? repo.scanPage(db, ws, page[page.length - 1]!.id, scanLimits.page) : null;
    for (const row of page) clients.add(row);
    await yieldNow();
  }
  clients.done();
  const owners = clients.clientsWithSharedEmailHash();
  if (owners.length) clients.resolveEmails(owners, await repo.emailsOfClients(db, ws, owners.map((c) => clients.ids[c]!)));
  return clients;
}

/** What a scan found: the clients, the pairs (PairKeys, read through the codec), how many, and the clusters. */
type Found = { clients: ScanClients; pairs: PairKeys; codec: PairCodec; dismissed: Set<string>; total: number; clusters: ScanClusters };

/**
 * Reads the clients, runs the blocking passes and groups the pairs, all in memory: nothing is
 * written yet, so a resumed scan redoes this (it is deterministic for the same data) and goes
 * on writing where the checkpoint says.
 */
async function findAll(db: Db, ws: string, settings: DuplicateSettings): Promise<Found> {
  const [clients, dismissed] = await Promise.all([readClients(db, ws), repo.dismissedPairs(db, ws)]);
  const scorer = new PairScorer(clients, settings);
  const { pairs, codec } = await findPairs(clients, settings, scorer, yieldNow);
  // "Not a duplicate" is for good: such pairs are neither stored nor grouped.
  const kept = (lo: number, hi: number) => !dismissed.size || !dismissed.has(`${clients.ids[lo]}|${clients.ids[hi]}`);
  const clusters = clusterScanPairs(clients.ids, (fn) =>
    pairs.forEach((key) => codec.read(key, (lo, hi, code) => kept(lo, hi) && fn(lo, hi, scoreOf(code, settings)))),
  );
  await yieldNow();
  let total = 0;
  const next = pairs.merged();
  for (let key = next(); key >= 0; key = next()) codec.read(key, (lo, hi) => kept(lo, hi) && total++);
  return { clients, pairs, codec, dismissed, total, clusters };
}

/**
 * The pairs to write, in order, a batch at a time, each with its score, reasons and final
 * cluster; `skip` pairs first (those a checkpoint says are written).
 */
function pairBatches(found: Found, settings: DuplicateSettings, skip: number): (size: number) => PairColumns {
  const { clients, codec, clusters, dismissed } = found;
  const ids = clients.ids;
  const next = found.pairs.merged();
  const reasonsJson = new Map<number, string>();
  let rows: PairColumns = { a: [], b: [], score: [], reasons: [], cluster: [] };
  const take = (lo: number, hi: number, code: number) => {
    if (dismissed.size && dismissed.has(`${ids[lo]}|${ids[hi]}`)) return;
    if (skip > 0) return void skip--;
    let json = reasonsJson.get(code);
    if (json === undefined) reasonsJson.set(code, (json = toJson(reasonsOf(code))));
    rows.a.push(ids[lo]!);
    rows.b.push(ids[hi]!);
    rows.score.push(scoreOf(code, settings));
    rows.reasons.push(json);
    rows.cluster.push(ids[clusters.root[lo]!]!);
  };
  return (size) => {
    rows = { a: [], b: [], score: [], reasons: [], cluster: [] };
    for (let key = next(); key >= 0; key = next()) {
      codec.read(key, take);
      if (rows.a.length >= size) break;
    }
    return rows;
  };
}

/**
 * The whole-workspace scan. The live clients are read once for all passes; each pass sorts
 * them into blocks and compares each with its `window` neighbours in the block (never all
 * pairs), scoring from what was read; pairs are grouped in memory, then written with their
 * final cluster in batches, a checkpoint after each (PostgreSQL: two batches side by side).
 * At the end, pairs not found again are dropped and the clusters replaced.
 */
async function runScan(ctx: JobContext<{ userId: string | null }, State>): Promise<Record<string, unknown>> {
  const ws = ctx.workspaceId;
  const settings = await duplicateSettingsOf(ctx.db, ws);
  // A checkpoint of the former scan (pass by pass) keeps its start time; its pairs are written again.
  const state: State = { startedAt: ctx.state?.startedAt ?? nowIso(), written: ctx.state?.written ?? 0 };
  const found = await findAll(ctx.db, ws, settings);
  const total = found.total;
  await ctx.setTotal(found.clients.size + total);
  const lanes = dialectOf(ctx.db) === 'postgres' ? 2 : 1;
  const batch = pairBatches(found, settings, state.written);
  await repo.withBulkWrites(ctx.db, async () => {
    while (state.written < total) {
      const batches: PairColumns[] = [];
      for (let lane = 0; lane < lanes; lane++) {
        const rows = batch(scanLimits.batch);
        if (rows.a.length) batches.push(rows);
      }
      if (!batches.length) break;
      await Promise.all(batches.map((rows) => repo.writePairs(ctx.db, ws, rows, state.startedAt)));
      state.written += batches.reduce((sum, rows) => sum + rows.a.length, 0);
      await ctx.progress(found.clients.size + state.written, state, { pairs: state.written });
    }
    await repo.deletePairsFoundBefore(ctx.db, ws, state.startedAt);
  });
  await repo.replaceClusters(ctx.db, ws, found.clusters.clusters, nowIso());
  // Pairs a create stored while the scan ran carry a later time: their clusters are rebuilt around them.
  const meanwhile = await repo.clientsOfPairsFoundAfter(ctx.db, ws, state.startedAt);
  if (meanwhile.length) await ctx.db.transaction().execute((trx) => reclusterAround(trx, ws, meanwhile));
  const { n } = await ctx.db.selectFrom('duplicate_pairs').select(sql<number>`count(*)`.as('n')).where('workspace_id', '=', ws).executeTakeFirstOrThrow();
  return { pairs: Number(n), clusters: found.clusters.clusters.length };
}

registerJobHandler(DUPLICATE_SCAN_JOB, runScan);

import { sql, type Kysely } from 'kysely';
import type { DuplicateSettings } from '../../domain/duplicate';
import { dialectOf, toJson } from '../db/dialect';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { registerJobHandler, type JobContext } from '../jobs/job.runner';
import { clusterScanPairs, reclusterAround, type ScanClusters } from './duplicate.cluster';
import { ScanClients } from './duplicate.features';
import { findPairs, PairScorer, reasonsOf, scanLimits, scoreOf } from './duplicate.passes';
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
  return clients;
}

/** What a scan found: pair keys `lo · n + hi` (sorted by client), their codes and scores, and the clusters. */
type Found = { clients: ScanClients; keys: Float64Array; codes: Uint16Array; scores: Uint8Array; clusters: ScanClusters };

/**
 * Reads the clients, runs the blocking passes and groups the pairs, all in memory: nothing is
 * written yet, so a resumed scan redoes this (it is deterministic for the same data) and goes
 * on writing where the checkpoint says.
 */
async function findAll(db: Db, ws: string, settings: DuplicateSettings): Promise<Found> {
  const [clients, dismissed] = await Promise.all([readClients(db, ws), repo.dismissedPairs(db, ws)]);
  const scorer = new PairScorer(clients, settings);
  const all = await findPairs(clients, settings, scorer, yieldNow);
  const n = clients.size;
  const codes = new Uint16Array(all.length);
  const scores = new Uint8Array(all.length);
  let kept = 0;
  for (let k = 0; k < all.length; k++) {
    const lo = Math.floor(all[k]! / n);
    const hi = all[k]! - lo * n;
    // "Not a duplicate" is for good: such pairs are neither stored nor grouped.
    if (dismissed.size && dismissed.has(`${clients.ids[lo]}|${clients.ids[hi]}`)) continue;
    all[kept] = all[k]!;
    codes[kept] = scorer.code(lo, hi);
    scores[kept] = scoreOf(codes[kept]!, settings);
    kept++;
  }
  const keys = all.subarray(0, kept);
  await yieldNow();
  return { clients, keys, codes: codes.subarray(0, kept), scores: scores.subarray(0, kept), clusters: clusterScanPairs(clients.ids, keys, scores.subarray(0, kept)) };
}

/** Pairs [from, to) of a scan as the rows to write, each with its final cluster. */
function columnsOf(found: Found, from: number, to: number, reasonsJson: Map<number, string>): PairColumns {
  const { clients, keys, codes, scores, clusters } = found;
  const n = clients.size;
  const rows: PairColumns = { a: [], b: [], score: [], reasons: [], cluster: [] };
  for (let k = from; k < to; k++) {
    const lo = Math.floor(keys[k]! / n);
    const code = codes[k]!;
    let json = reasonsJson.get(code);
    if (json === undefined) reasonsJson.set(code, (json = toJson(reasonsOf(code))));
    rows.a.push(clients.ids[lo]!);
    rows.b.push(clients.ids[keys[k]! - lo * n]!);
    rows.score.push(scores[k]!);
    rows.reasons.push(json);
    rows.cluster.push(clients.ids[clusters.root[lo]!]!);
  }
  return rows;
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
  const total = found.keys.length;
  await ctx.setTotal(found.clients.size + total);
  const lanes = dialectOf(ctx.db) === 'postgres' ? 2 : 1;
  const reasonsJson = new Map<number, string>();
  while (state.written < total) {
    const batches: PairColumns[] = [];
    for (let lane = 0, from = state.written; lane < lanes && from < total; lane++, from += scanLimits.batch) batches.push(columnsOf(found, from, Math.min(total, from + scanLimits.batch), reasonsJson));
    await Promise.all(batches.map((rows) => repo.writePairs(ctx.db, ws, rows, state.startedAt)));
    state.written = Math.min(total, state.written + lanes * scanLimits.batch);
    await ctx.progress(found.clients.size + state.written, state, { pairs: state.written });
  }
  await repo.deletePairsFoundBefore(ctx.db, ws, state.startedAt);
  await repo.replaceClusters(ctx.db, ws, found.clusters.clusters, nowIso());
  // Pairs a create stored while the scan ran carry a later time: their clusters are rebuilt around them.
  const meanwhile = await repo.clientsOfPairsFoundAfter(ctx.db, ws, state.startedAt);
  if (meanwhile.length) await ctx.db.transaction().execute((trx) => reclusterAround(trx, ws, meanwhile));
  const { n } = await ctx.db.selectFrom('duplicate_pairs').select(sql<number>`count(*)`.as('n')).where('workspace_id', '=', ws).executeTakeFirstOrThrow();
  return { pairs: Number(n), clusters: found.clusters.clusters.length };
}

registerJobHandler(DUPLICATE_SCAN_JOB, runScan);

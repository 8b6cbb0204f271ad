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

/** A batch of found pairs: those whose client_a is in (after, upTo], all of them, in order. */
type Batch = { rows: PairColumns; codes: number[]; after: string | null; upTo: string };

/**
 * The found pairs in order, a batch at a time, each with its score, reasons and final cluster.
 * A batch ends where client_a changes, so batches split the key space into ranges that the
 * stored pairs can be compared with. `skip` pairs first (those a checkpoint says are done).
 */
function pairBatches(found: Found, settings: DuplicateSettings, skip: number): { next: (size: number) => Batch | null; last: () => string | null } {
  const { clients, codec, clusters, dismissed } = found;
  const ids = clients.ids;
  const read = found.pairs.merged();
  const reasonsJson = new Map<number, string>();
  let upTo: string | null = null;
  let pending = -1;
  let batch: Batch | null = null;
  let full = false;
  let stop = false;
  const isDismissed = (lo: number, hi: number) => dismissed.size > 0 && dismissed.has(`${ids[lo]}|${ids[hi]}`);
  while (skip > 0) {
    const key = read();
    if (key < 0) {
      pending = -2;
      break;
    }
    codec.read(key, (lo, hi) => {
      if (isDismissed(lo, hi)) return;
      skip--;
      upTo = ids[lo]!;
    });
  }
  const take = (lo: number, hi: number, code: number) => {
    if (isDismissed(lo, hi)) return;
    const b = batch!;
    if (full && ids[lo] !== b.upTo) return void (stop = true);
    let json = reasonsJson.get(code);
    if (json === undefined) reasonsJson.set(code, (json = toJson(reasonsOf(code))));
    b.rows.a.push(ids[lo]!);
    b.rows.b.push(ids[hi]!);
    b.rows.score.push(scoreOf(code, settings));
    b.rows.reasons.push(json);
    b.rows.cluster.push(ids[clusters.root[lo]!]!);
    b.codes.push(code);
    b.upTo = ids[lo]!;
  };
  const next = (size: number): Batch | null => {
    batch = { rows: { a: [], b: [], score: [], reasons: [], cluster: [] }, codes: [], after: upTo, upTo: '' };
    full = false;
    stop = false;
    for (let key = pending >= 0 ? pending : read(); key >= 0; key = read()) {
      codec.read(key, take);
      if (stop) {
        pending = key;
        break;
      }
      pending = -1;
      full = batch.rows.a.length >= size;
    }
    if (!stop) pending = -2;
    if (!batch.rows.a.length) return null;
    upTo = batch.upTo;
    return batch;
  };
  return { next: (size) => (pending === -2 ? null : next(size)), last: () => upTo };
}

const sameReasons = (stored: unknown, json: string, code: number): boolean => (typeof stored === 'string' ? stored === json : reasonsMatch(stored, code));

/** jsonb hands reasons back with its own key order: compare them field by field. */
function reasonsMatch(stored: unknown, code: number): boolean {
  const ours = reasonsOf(code);
  const theirs = stored as { rule?: string; text?: string; similarity?: number }[];
  return Array.isArray(theirs) && theirs.length === ours.length && ours.every((r, i) => r.rule === theirs[i]?.rule && r.text === theirs[i]?.text && r.similarity === theirs[i]?.similarity);
}

/**
 * Writes one batch as a difference with what is stored in its range: pairs stored alike stay
 * as they are (a rescan of unchanged data writes nothing), new or changed ones are upserted
 * with `found_at = startedAt`, and stored pairs of the range not found again are deleted —
 * unless stored after the scan started (a create's check meanwhile).
 */
async function writeBatch(db: Db, ws: string, batch: { rows: PairColumns; codes: number[]; after: string | null; upTo: string | null }, startedAt: string, diff: boolean): Promise<void> {
  // Ids not read in code-unit order (a database collation that sorts them otherwise): the
  // ranges would not line up, so every pair is upserted and the stale ones go by found_at.
  if (!diff) {
    await repo.writePairs(db, ws, batch.rows, startedAt);
    if (batch.upTo === null) await repo.deletePairsFoundBefore(db, ws, startedAt);
    return;
  }
  // Both lists are in key order (client_a, client_b): walk them side by side.
  const stored = await repo.storedPairsInRange(db, ws, batch.after, batch.upTo);
  const { rows } = batch;
  const changed: PairColumns = { a: [], b: [], score: [], reasons: [], cluster: [] };
  const gone: [string, string][] = [];
  const leave = (p: (typeof stored)[number]) => {
    if (p.found_at < startedAt) gone.push([p.client_a, p.client_b]);
  };
  let j = 0;
  for (let i = 0; i < rows.a.length; i++) {
    const a = rows.a[i]!;
    const b = rows.b[i]!;
    while (j < stored.length && (stored[j]!.client_a < a || (stored[j]!.client_a === a && stored[j]!.client_b < b))) leave(stored[j++]!);
    const old = j < stored.length && stored[j]!.client_a === a && stored[j]!.client_b === b ? stored[j++] : undefined;
    if (old && old.score === rows.score[i] && old.cluster_id === rows.cluster[i] && sameReasons(old.reasons, rows.reasons[i]!, batch.codes[i]!)) continue;
    changed.a.push(a);
    changed.b.push(b);
    changed.score.push(rows.score[i]!);
    changed.reasons.push(rows.reasons[i]!);
    changed.cluster.push(rows.cluster[i]!);
  }
  while (j < stored.length) leave(stored[j++]!);
  // Deletes first: should the database order keys otherwise than JavaScript, a pair taken for
  // gone and for new at once is deleted, then written again.
  await repo.deletePairs(db, ws, gone);
  await repo.writePairs(db, ws, changed, startedAt);
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
  const batches = pairBatches(found, settings, state.written);
  const diff = found.clients.idsAscending;
  await repo.withBulkWrites(ctx.db, async () => {
    for (;;) {
      const group: Batch[] = [];
      for (let lane = 0; lane < lanes; lane++) {
        const b = batches.next(scanLimits.batch);
        if (b) group.push(b);
      }
      if (!group.length) break;
      await Promise.all(group.map((b) => writeBatch(ctx.db, ws, b, state.startedAt, diff)));
      state.written += group.reduce((sum, b) => sum + b.rows.a.length, 0);
      await ctx.progress(found.clients.size + state.written, state, { pairs: state.written });
    }
    // Stored pairs past the last one found.
    await writeBatch(ctx.db, ws, { rows: { a: [], b: [], score: [], reasons: [], cluster: [] }, codes: [], after: batches.last(), upTo: null }, state.startedAt, diff);
  });
  await repo.replaceClusters(ctx.db, ws, found.clusters.clusters, nowIso());
  // Pairs a create stored while the scan ran carry a later time: their clusters are rebuilt around them.
  const meanwhile = await repo.clientsOfPairsFoundAfter(ctx.db, ws, state.startedAt);
  if (meanwhile.length) await ctx.db.transaction().execute((trx) => reclusterAround(trx, ws, meanwhile));
  const { n } = await ctx.db.selectFrom('duplicate_pairs').select(sql<number>`count(*)`.as('n')).where('workspace_id', '=', ws).executeTakeFirstOrThrow();
  return { pairs: Number(n), clusters: found.clusters.clusters.length };
}

registerJobHandler(DUPLICATE_SCAN_JOB, runScan);

/**
 * bench/duplicates.ts — a full duplicate scan of one workspace (the `duplicates.scan` job, in
 * this process) on the configured database, with its time, clients/s, pairs and clusters
 * found, and this process's peak RSS.
 *
 *   DATA_DIR=/tmp/dup npm run seed -- --clients 100000        # a workspace must exist: start the app once and set up, or pass --setup below
 *   DATA_DIR=/tmp/dup node --import tsx bench/duplicates.ts [--setup] [--workspace <id>]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/rapport_bench node --import tsx bench/duplicates.ts
 *
 * `--dump <file>` writes every pair (ids, score, reasons, cluster) and cluster, sorted, and
 * prints their SHA-256: two runs on the same database must print the same digest (the check
 * that a faster scan finds exactly what the slower one did).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { openDatabase } from '../src/server/db/database';
import { migrateToLatest } from '../src/server/db/migrate';
import { DUPLICATE_SCAN_JOB } from '../src/server/duplicates/duplicate.scan';
import { enqueueJob } from '../src/server/jobs/job.service';
import { runNextJob } from '../src/server/jobs/job.runner';

const { values } = parseArgs({ options: { workspace: { type: 'string' }, setup: { type: 'boolean', default: false }, dump: { type: 'string' } } });
const config = loadConfig();
const { db, dialect } = openDatabase(config);
await migrateToLatest(db);
if (values.setup) {
  const app = await buildApp({ db, dialect, config });
  const res = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { workspaceName: 'Bench', name: 'Bench Owner', email: 'bench@example.test', password: 'Tidal-Quartz-Harbor-7' } });
  console.log(`setup: ${res.statusCode} ${res.statusCode === 201 ? '' : res.body}`);
  await app.close();
}
const workspace = values.workspace ?? (await db.selectFrom('workspaces').select('id').orderBy('created_at').limit(1).executeTakeFirstOrThrow()).id;
const clients = Number((await db.selectFrom('clients').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspace).where('deleted_at', 'is', null).executeTakeFirstOrThrow()).n);
let peak = process.memoryUsage().rss;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
const jobId = await enqueueJob(db, { workspaceId: workspace, kind: DUPLICATE_SCAN_JOB, params: { userId: null }, createdBy: null });
const started = performance.now();
while ((await runNextJob(db)) !== null) {
  // the scan (and anything queued before it)
}
const seconds = (performance.now() - started) / 1000;
clearInterval(timer);
const job = await db.selectFrom('jobs').select(['status', 'result', 'error']).where('id', '=', jobId).executeTakeFirstOrThrow();
console.log(
  JSON.stringify({ dialect, clients, status: job.status, result: typeof job.result === 'string' ? JSON.parse(job.result) : job.result, error: job.error, seconds: Math.round(seconds * 10) / 10, clientsPerSecond: Math.round(clients / seconds), peakRssMb: Math.round(peak / 2 ** 20) }),
);
if (values.dump) {
  const pairs = await db.selectFrom('duplicate_pairs').select(['client_a', 'client_b', 'score', 'reasons', 'cluster_id']).where('workspace_id', '=', workspace).execute();
  const clusters = await db.selectFrom('duplicate_clusters').select(['id', 'score', 'size']).where('workspace_id', '=', workspace).execute();
  const reasonsOf = (r: unknown) => JSON.stringify(typeof r === 'string' ? JSON.parse(r) : r);
  const lines = [
    ...pairs.map((p) => `pair ${p.client_a} ${p.client_b} ${p.score} ${p.cluster_id} ${reasonsOf(p.reasons)}`),
    ...clusters.map((c) => `cluster ${c.id} ${c.score} ${c.size}`),
  ].sort();
  writeFileSync(values.dump, lines.join('\n') + '\n');
  console.log(`dump: ${pairs.length} pairs, ${clusters.length} clusters, sha256 ${createHash('sha256').update(lines.join('\n')).digest('hex')}`);
}
await db.destroy();

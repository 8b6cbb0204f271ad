/**
 * bench/duplicates.ts — a full duplicate scan of one workspace (the `duplicates.scan` job, in
 * this process) on the configured database, with its time, clients/s, pairs and clusters
 * found, and this process's peak RSS.
 *
 *   DATA_DIR=/tmp/dup node --import tsx bench/duplicates.ts --clients 1000000
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/rapport_dup node --import tsx bench/duplicates.ts --clients 1000000
 *
 * `--clients N` sets up a workspace when there is none and tops it up to N sample clients with
 * the seed script (COPY on PostgreSQL, prepared statements on SQLite); a database that already
 * holds them is reused as it is, so a second run only scans. Without it: `--setup` and
 * `npm run seed` by hand, `--workspace <id>` to pick one.
 *
 * `--dump <file>` writes every pair (ids, score, reasons, cluster) and cluster, sorted, and
 * prints their SHA-256: two runs on the same database must print the same digest (the check
 * that a faster scan finds exactly what the slower one did).
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { openDatabase } from '../src/server/db/database';
import { migrateToLatest } from '../src/server/db/migrate';
import { DUPLICATE_SCAN_JOB } from '../src/server/duplicates/duplicate.scan';
import { enqueueJob } from '../src/server/jobs/job.service';
import { runNextJob } from '../src/server/jobs/job.runner';

const { values } = parseArgs({ options: { workspace: { type: 'string' }, setup: { type: 'boolean', default: false }, dump: { type: 'string' }, clients: { type: 'string' } } });
const config = loadConfig();
let { db, dialect } = openDatabase(config);
await migrateToLatest(db);
const hasWorkspace = async () => (await db.selectFrom('workspaces').select('id').limit(1).executeTakeFirst()) !== undefined;
if (values.setup || (values.clients && !(await hasWorkspace()))) {
  const app = await buildApp({ db, dialect, config });
  const res = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { workspaceName: 'Bench', name: 'Bench Owner', email: 'bench@example.test', password: 'Tidal-Quartz-Harbor-7' } });
  console.log(`setup: ${res.statusCode} ${res.statusCode === 201 ? '' : res.body}`);
  await app.close();
}
const workspace = values.workspace ?? (await db.selectFrom('workspaces').select('id').orderBy('created_at').limit(1).executeTakeFirstOrThrow()).id;
const liveClients = async () =>
  Number((await db.selectFrom('clients').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspace).where('deleted_at', 'is', null).executeTakeFirstOrThrow()).n);
const wanted = Number(values.clients ?? 0);
if (wanted > 0) {
  const missing = wanted - (await liveClients());
  if (missing > 0) {
    // The seed loads SQLite with the journal off for speed, which needs the file to itself.
    await db.destroy();
    const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--clients', String(missing), '--workspace', workspace], { stdio: 'inherit', env: process.env });
    if (seeded.status !== 0) process.exit(seeded.status ?? 1);
    ({ db, dialect } = openDatabase(config));
  }
}
const clients = await liveClients();
const startRss = process.memoryUsage().rss;
let peak = startRss;
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
  JSON.stringify({ dialect, clients, status: job.status, result: typeof job.result === 'string' ? JSON.parse(job.result) : job.result, error: job.error, seconds: Math.round(seconds * 10) / 10, clientsPerSecond: Math.round(clients / seconds), startRssMb: Math.round(startRss / 2 ** 20), peakRssMb: Math.round(peak / 2 ** 20) }),
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

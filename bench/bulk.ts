/**
 * bench/bulk.ts — bulk addTags / removeTags by filter on a database seeded by bench/clients.ts
 * (`npm run bench:clients -- --seed-only`), repeated, with the server's peak RSS. Quicker than
 * the whole clients benchmark when working on the bulk path alone.
 *
 *   node --import tsx bench/bulk.ts --db postgres --runs 3
 *
 * Each run adds a new tag to every churned client (~10 %: 100k at 1M) and then removes it, so
 * the database ends as it started (tag rows aside); --keep leaves the tags on.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { apiClient, startServer, stopServer, waitUp } from './bench-server';

const { values: args } = parseArgs({ options: { db: { type: 'string', default: 'postgres' }, runs: { type: 'string', default: '3' }, keep: { type: 'boolean', default: false } } });
const PORT = 3878;
const BASE = `http://127.0.0.1:${PORT}`;
const PG_SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const dialect = args.db as 'sqlite' | 'postgres';
const env =
  dialect === 'sqlite'
    ? { DATA_DIR: path.join(os.tmpdir(), 'rapport-bench-sqlite'), DATABASE_URL: '' }
    : { DATA_DIR: path.join(os.tmpdir(), 'rapport-bench-pgdata'), DATABASE_URL: `${PG_SERVER}/rapport_bench` };
const state = JSON.parse(fs.readFileSync(path.join(os.tmpdir(), `rapport-bench-${dialect}.json`), 'utf8'));
const client = apiClient(BASE);

const memOf = (pid: number, key: 'VmHWM' | 'VmRSS') => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function runJob(body: unknown): Promise<{ ms: number; result: unknown }> {
  const t0 = performance.now();
  const started = await client.call('POST', '/api/v1/clients/bulk', body);
  if (started.status !== 202) throw new Error(`bulk: ${started.status} ${JSON.stringify(started.json)}`);
  let job: any;
  do {
    await new Promise((r) => setTimeout(r, 50));
    job = (await client.call('GET', `/api/v1/jobs/${started.json.jobId}`)).json;
  } while (job.status === 'queued' || job.status === 'running');
  if (job.status !== 'completed' && job.status !== 'succeeded' && job.status !== 'done') throw new Error(`job ${job.status}: ${JSON.stringify(job)}`);
  return { ms: performance.now() - t0, result: job.result };
}

const server = startServer(env, PORT, BASE);
try {
  await waitUp(BASE);
  const login = await client.call('POST', '/api/v1/auth/login', { email: state.owner.email, password: state.owner.password });
  if (login.status !== 200) throw new Error(`login: ${login.status}`);
  console.log(`server RSS after start and sign-in ${Math.round(memOf(server.pid!, 'VmRSS'))} MB`);
  const filter = { field: 'status', op: 'eq', value: 'churned' };
  for (let i = 0; i < Number(args.runs); i++) {
    const tag = `Bulk bench ${Date.now()}`;
    const add = await runJob({ action: 'addTags', filter, tags: [tag] });
    console.log(`addTags    ${(add.ms / 1000).toFixed(1)} s ${JSON.stringify(add.result)} · load ${os.loadavg()[0]!.toFixed(1)}`);
    if (!args.keep) {
      const rem = await runJob({ action: 'removeTags', filter, tags: [tag] });
      console.log(`removeTags ${(rem.ms / 1000).toFixed(1)} s ${JSON.stringify(rem.result)} · load ${os.loadavg()[0]!.toFixed(1)}`);
    }
  }
  console.log(`server RSS at the end ${Math.round(memOf(server.pid!, 'VmRSS'))} MB, peak ${Math.round(memOf(server.pid!, 'VmHWM'))} MB`);
} finally {
  await stopServer(server);
}

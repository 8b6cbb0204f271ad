/**
 * bench/export.ts — exporting every client of a seeded workspace through GET /clients/export
 * (CSV with the default columns, then XLSX and JSON lines), downloaded by curl into a file, against the
 * CLI doing the same read: `sqlite3 -csv` and `psql \copy (SELECT …) TO`. Reports rows/s, the
 * ratio to the CLI and the server's peak RSS while it streams.
 *
 *   npm run bench:clients -- --seed-only                    # seed first (1,000,000 clients, both databases)
 *   node --import tsx bench/export.ts                        # both databases
 *   node --import tsx bench/export.ts --db sqlite --formats csv
 *   node --import tsx bench/export.ts --db sqlite --formats csv --sort=-custom.tier   # in a list sort (keyset on it)
 *
 * Uses the databases and owner that bench/clients.ts seeded (its state files in the temp folder).
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { apiClient, startServer, stopServer, waitUp } from './bench-server';

const { values: args } = parseArgs({ options: { db: { type: 'string', default: 'both' }, formats: { type: 'string', default: 'csv,xlsx,json' }, sort: { type: 'string' } } });
const sortParam = args.sort ? `&sort=${encodeURIComponent(args.sort)}` : '';
const PORT = 3878;
const BASE = `http://127.0.0.1:${PORT}`;
const PG_SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const PG_DB = 'rapport_bench';
const SQLITE_DIR = path.join(os.tmpdir(), 'rapport-bench-sqlite');
const dialects = args.db === 'both' ? (['sqlite', 'postgres'] as const) : ([args.db as 'sqlite' | 'postgres'] as const);
const envOf = (dialect: 'sqlite' | 'postgres') =>
  dialect === 'sqlite' ? { DATA_DIR: SQLITE_DIR, DATABASE_URL: '' } : { DATA_DIR: path.join(os.tmpdir(), 'rapport-bench-pgdata'), DATABASE_URL: `${PG_SERVER}/${PG_DB}` };

// The stored columns behind the default export columns (bar custom fields), for the CLI's read.
const CLI_COLUMNS = 'display_name, type, first_name, last_name, company_name, email, phone, status, owner_id, tags, addresses, city, country, health_score, orders_count, total_value, outstanding_balance, last_activity_at, created_at, custom_fields';

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

type Result = { what: string; rows: number; seconds: number; mb: number; peakRss: number | null };

async function download(url: string, cookie: string, pid: number): Promise<Omit<Result, 'what' | 'rows'> & { lines: number }> {
  let peak = rssMb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
  // curl writes the file as a browser would, and as the CLI below writes its own: the bench's
  // own JavaScript reading a web stream was slower than the server, and measured itself.
  const out = path.join(os.tmpdir(), 'rapport-bench-export-http.out');
  const t = performance.now();
  const status = await new Promise<string>((resolve, reject) =>
    execFile('curl', ['-s', '-o', out, '-w', '%{http_code}', '-H', `cookie: ${cookie}`, `${BASE}${url}`], (error, stdout) => (error ? reject(error) : resolve(stdout))),
  );
  const seconds = (performance.now() - t) / 1000;
  if (status !== '200') throw new Error(`${url}: ${status} ${fs.readFileSync(out, 'utf8').slice(0, 500)}`);
  const bytes = fs.statSync(out).size;
  const lines = Number(execFileSync('wc', ['-l', out]).toString().trim().split(' ')[0]);
  fs.rmSync(out, { force: true });
  clearInterval(timer);
  return { seconds, mb: bytes / 1e6, peakRss: peak, lines };
}

function cli(dialect: 'sqlite' | 'postgres', workspaceId: string): Result {
  const out = path.join(os.tmpdir(), 'rapport-bench-export-cli.csv');
  const query = `SELECT ${CLI_COLUMNS} FROM clients WHERE workspace_id = '${workspaceId}' AND deleted_at IS NULL ORDER BY id`;
  const t = performance.now();
  if (dialect === 'sqlite') execFileSync('sh', ['-c', `sqlite3 -csv -header ${path.join(SQLITE_DIR, 'rapport.sqlite')} "${query}" > ${out}`]);
  else execFileSync('psql', [`${PG_SERVER}/${PG_DB}`, '-qc', `\\copy (${query}) TO '${out}' WITH (FORMAT csv, HEADER)`]);
  const seconds = (performance.now() - t) / 1000;
  const mb = fs.statSync(out).size / 1e6;
  const rows = Number(execFileSync('wc', ['-l', out]).toString().trim().split(' ')[0]) - 1;
  fs.rmSync(out, { force: true });
  return { what: dialect === 'sqlite' ? 'sqlite3 -csv (CLI)' : 'psql \\copy … TO (CLI)', rows, seconds, mb, peakRss: null };
}

async function measure(dialect: 'sqlite' | 'postgres'): Promise<Result[]> {
  const state = JSON.parse(fs.readFileSync(path.join(os.tmpdir(), `rapport-bench-${dialect}.json`), 'utf8'));
  const server = startServer(envOf(dialect), PORT, BASE);
  const results: Result[] = [];
  try {
    await waitUp(BASE);
    const client = apiClient(BASE);
    const login = await client.call('POST', '/api/v1/auth/login', { email: state.owner.email, password: state.owner.password });
    if (login.status !== 200) throw new Error(`login: ${login.status}`);
    const cookie = await signedInCookie(state.owner);
    results.push(cli(dialect, state.workspaceId));
    for (const format of args.formats!.split(',')) {
      process.stdout.write(`  ${dialect} ${format} … `);
      const r = await download(`/api/v1/clients/export?format=${format}${sortParam}`, cookie, server.pid!);
      const rows = format === 'xlsx' ? results[0]!.rows : r.lines - (format === 'csv' ? 1 : 0);
      console.log(`${r.seconds.toFixed(1)} s, ${r.mb.toFixed(0)} MB, peak RSS ${r.peakRss!.toFixed(0)} MB`);
      results.push({ what: `GET /clients/export?format=${format}${sortParam}`, rows, seconds: r.seconds, mb: r.mb, peakRss: r.peakRss });
    }
  } finally {
    await stopServer(server);
  }
  return results;
}

async function signedInCookie(owner: { email: string; password: string }): Promise<string> {
  const res = await fetch(`${BASE}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: BASE }, body: JSON.stringify({ email: owner.email, password: owner.password }) });
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

for (const dialect of dialects) {
  console.log(`\n## Export on ${dialect}`);
  const results = await measure(dialect);
  const cliRate = results[0]!.rows / results[0]!.seconds;
  console.log('\n| what | rows | time | rows/s | vs CLI | MB | server peak RSS |\n|---|--:|--:|--:|--:|--:|--:|');
  for (const r of results) {
    const rate = r.rows / r.seconds;
    console.log(`| ${r.what} | ${r.rows.toLocaleString('en')} | ${r.seconds.toFixed(1)} s | ${Math.round(rate).toLocaleString('en')} | ${Math.round((100 * rate) / cliRate)} % | ${r.mb.toFixed(0)} | ${r.peakRss === null ? '—' : `${r.peakRss.toFixed(0)} MB`} |`);
  }
}

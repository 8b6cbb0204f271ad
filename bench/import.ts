/**
 * bench/import.ts — issue 7's import target: a realistic messy client CSV imported through the
 * HTTP API (POST /imports, the job polled to the end) on each database, with the time, rows/s,
 * the counts, and the server's peak RSS (VmHWM); then the same file loaded by the database's own
 * CLI (`sqlite3 .import` / `psql \copy`) with the same unique and search indexes built after,
 * as the physical limit.
 *
 *   npm run bench:import                          # 1,000,000 rows, both databases
 *   npm run bench:import -- --rows 20000 --db sqlite
 *   npm run bench:import -- --rows 20000 --db sqlite --kill-after 3   # SIGKILL the server 3 s in, start it
 *                                 again: the import resumes (after the runner's 60 s stale limit) and
 *                                 the counts must equal an uninterrupted run's
 *
 * The file (/tmp/rapport-bench-import-<rows>.csv) is generated once and reused: ~1 % invalid
 * e-mails, ~1 % e-mails repeated from an earlier row, ~1 % bad phones, ~0.1 % formula cells,
 * phones in national and international formats, stray spaces, mixed case, quoted commas.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startServer, stopServer, waitUp } from './bench-server';

const { values: args } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, 'kill-after': { type: 'string' }, db: { type: 'string', default: 'both' }, port: { type: 'string', default: '3881' }, 'no-cli': { type: 'boolean', default: false } },
});
const ROWS = Number(args.rows);
const PORT = Number(args.port);
const BASE = `http://127.0.0.1:${PORT}`;
const PG_SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const PG_DB = 'rapport_bench_import';
const SQLITE_DIR = path.join(os.tmpdir(), 'rapport-bench-import-sqlite');
const FILE = path.join(os.tmpdir(), `rapport-bench-import-${ROWS}.csv`);
const log = (line: string) => console.log(line);

const FIRST = ['Anna', 'José', 'Zoë', 'Łukasz', 'Mei', 'Olu', 'Renée', 'Jürgen', 'Aisha', 'Liam', 'Sofía', 'Noah', 'Chloé', 'Mateo', 'Yuki'];
const LAST = ['García', 'Müller', "O'Brien", 'Nguyen', 'Smith', 'Rossi', 'Dubois', 'Kowalski', 'Silva', 'Okafor', 'Andersson', 'Tanaka'];
const CITIES = ['Paris', 'Berlin', 'New York', 'São Paulo', 'Milano', 'Lyon', 'Austin', 'Kraków'];

async function generate(): Promise<void> {
  if (fs.existsSync(FILE)) return;
  const out = fs.createWriteStream(FILE);
  out.write('First Name,Last Name,E-mail,Phone,City,Country,Tags,Status,Company,Notes\n');
  let seed = 42;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)]!;
  let buf = '';
  for (let i = 0; i < ROWS; i++) {
    const r = rnd();
    const email = r < 0.01 ? `not-an-email-${i}` : r < 0.02 && i > 10 ? `User${Math.floor(rnd() * i)}@Example.test` : `  User${i}@Example.test `;
    const n = String(i % 10_000_000).padStart(7, '0');
    const phone = rnd() < 0.01 ? '12' : rnd() < 0.5 ? `(202) 555-${n.slice(3)}` : `+1 202 555 ${n.slice(3)}`;
    const first = rnd() < 0.001 ? '=HYPERLINK("http://x")' : pick(FIRST);
    const company = rnd() < 0.3 ? `"${pick(LAST)}, ${pick(LAST)} & Co"` : '';
    buf += `${first},${pick(LAST)},${email},${phone},${pick(CITIES)},US,${rnd() < 0.5 ? 'vip;newsletter' : 'lead'},${rnd() < 0.5 ? 'active' : 'prospect'},${company},note ${i}\n`;
    if (buf.length > 1 << 20) {
      out.write(buf);
      buf = '';
    }
  }
  await new Promise<void>((resolve) => out.end(buf, resolve));
}

const peakRss = (pid: number) => {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
};

type Counts = { status: string; created: number; updated: number; skipped: number; failed: number; processedRows: number };

async function throughApi(dialect: 'sqlite' | 'postgres', killAfter?: number): Promise<Counts> {
  fs.rmSync(SQLITE_DIR, { recursive: true, force: true });
  fs.mkdirSync(SQLITE_DIR, { recursive: true });
  if (dialect === 'postgres') execFileSync('psql', [`${PG_SERVER}/postgres`, '-qc', `DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)`, '-c', `CREATE DATABASE ${PG_DB}`]);
  const env = { DATA_DIR: SQLITE_DIR, DATABASE_URL: dialect === 'postgres' ? `${PG_SERVER}/${PG_DB}` : '' };
  let server = startServer(env, PORT, BASE);
  try {
    await waitUp(BASE);
    const setup = await fetch(`${BASE}/api/v1/setup`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: BASE },
      body: JSON.stringify({ workspaceName: 'Bench', name: 'Bench', email: 'bench@example.test', password: 'Tidal-Quartz-93kd-x' }),
    });
    if (!setup.ok) throw new Error(`set-up: ${setup.status} ${await setup.text()}`);
    const session = setup.headers.get('set-cookie')!.split(';')[0]!;
    const form = new FormData();
    form.set('mode', 'upsert');
    form.set('file', await fs.openAsBlob(FILE), 'clients.csv');
    const t0 = Date.now();
    const res = await fetch(`${BASE}/api/v1/imports`, { method: 'POST', headers: { cookie: session, origin: BASE }, body: form });
    const { id } = (await res.json()) as { id: string };
    const uploaded = (Date.now() - t0) / 1000;
    let imp: Counts;
    if (killAfter !== undefined) {
      await new Promise((r) => setTimeout(r, killAfter * 1000));
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
      const before = (await (async () => {
        server = startServer(env, PORT, BASE);
        await waitUp(BASE);
        return (await fetch(`${BASE}/api/v1/imports/${id}`, { headers: { cookie: session } })).json();
      })()) as Counts;
      log(`${dialect}: killed after ${killAfter} s with ${before.processedRows} rows committed (${before.status}); restarted`);
    }
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      imp = (await (await fetch(`${BASE}/api/v1/imports/${id}`, { headers: { cookie: session } })).json()) as typeof imp;
      if (!['queued', 'running'].includes(imp.status)) break;
    }
    const seconds = (Date.now() - t0) / 1000;
    if (killAfter === undefined) log(`${dialect}: ${ROWS.toLocaleString('en')} rows in ${seconds.toFixed(1)} s (upload ${uploaded.toFixed(1)} s) = ${Math.round(ROWS / seconds).toLocaleString('en')} rows/s; ${imp.status}: created ${imp.created}, updated ${imp.updated}, skipped ${imp.skipped}, failed ${imp.failed}; server peak RSS ${Math.round(peakRss(server.pid!))} MB`);
    return imp;
  } finally {
    await stopServer(server);
  }
}

function throughCli(dialect: 'sqlite' | 'postgres') {
  const t0 = Date.now();
  if (dialect === 'sqlite') {
    const file = path.join(os.tmpdir(), 'rapport-bench-import-cli.sqlite');
    fs.rmSync(file, { force: true });
    execFileSync('sqlite3', [file], {
      input: `.mode csv\n.import ${FILE} raw\nCREATE UNIQUE INDEX raw_email ON raw ("E-mail") WHERE 0;\nCREATE VIRTUAL TABLE raw_fts USING fts5(t, tokenize='trigram');\nINSERT INTO raw_fts(t) SELECT "First Name" || ' ' || "Last Name" || ' ' || "E-mail" FROM raw;\n`,
    });
  } else {
    execFileSync('psql', [`${PG_SERVER}/postgres`, '-qc', 'DROP DATABASE IF EXISTS rapport_bench_import_cli WITH (FORCE)', '-c', 'CREATE DATABASE rapport_bench_import_cli']);
    execFileSync('psql', [`${PG_SERVER}/rapport_bench_import_cli`, '-qc', 'CREATE EXTENSION IF NOT EXISTS pg_trgm',
      '-c', 'CREATE TABLE raw (first text, last text, email text, phone text, city text, country text, tags text, status text, company text, notes text)',
      '-c', `\\copy raw FROM '${FILE}' CSV HEADER`, '-c', "CREATE INDEX raw_search ON raw USING gin ((first || ' ' || last || ' ' || email) gin_trgm_ops)"]);
  }
  log(`${dialect} CLI load + search index: ${((Date.now() - t0) / 1000).toFixed(1)} s (physical limit; no validation, no dedupe)`);
}

await generate();
log(`file ${FILE}: ${(fs.statSync(FILE).size / 1e6).toFixed(0)} MB, ${ROWS.toLocaleString('en')} rows; machine ${os.cpus().length} cores, ${Math.round(os.totalmem() / 1e9)} GB`);
for (const dialect of args.db === 'both' ? (['sqlite', 'postgres'] as const) : [args.db as 'sqlite' | 'postgres']) {
  const whole = await throughApi(dialect);
  if (args['kill-after'] !== undefined) {
    const resumed = await throughApi(dialect, Number(args['kill-after']));
    const same = (['status', 'created', 'updated', 'skipped', 'failed', 'processedRows'] as const).every((k) => whole[k] === resumed[k]);
    const pick = (c: Counts) => JSON.stringify({ status: c.status, created: c.created, updated: c.updated, skipped: c.skipped, failed: c.failed, processedRows: c.processedRows });
    log(`${dialect}: killed and resumed → ${pick(resumed)}; ${same ? 'the same counts as the uninterrupted run' : `DIFFERENT from ${pick(whole)}`}`);
    if (!same) process.exitCode = 1;
  }
  if (!args['no-cli']) throughCli(dialect);
}

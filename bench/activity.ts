/**
 * bench/activity.ts — Client 360 at scale: the client page's API calls (GET client + summary +
 * first timeline page), a deep timeline page, a client's orders, the list sorted by activity
 * and by last order, and logging an interaction, on a fresh database of each kind.
 *
 * Seeds N clients with `npm run seed` (src/server/sample), then their history: interactions
 * and orders spread unevenly over them (exponential per client; prospects book fewer orders),
 * each with its timeline entry as the API writes it, plus one client with a long history
 * (--big entries, split like the totals), generated in batches of 2,000 clients
 * (src/server/sample/activity.generator.ts) and bulk-loaded into empty tables with their
 * indexes built afterwards (activity.writer.ts: multi-row INSERTs on SQLite, COPY on
 * PostgreSQL). The client figures (orders count, total value, last order, guest flag, status,
 * last activity) are then derived in set-based SQL (activity.figures.ts) and checked, for a
 * few clients, against what the application computes (bench/activity-check.ts).
 *
 * Default size: the issue's — 1,000,000 clients and 10,000,000 records split into 6,000,000
 * interactions and 4,000,000 orders (+ as many timeline entries, and ~415,000 status entries).
 * 10M of each (20M records, 20M entries) would need ~90 GB for the two databases, more than
 * the reference disk holds. At the default size a seed takes ~17 min on SQLite (20 GiB file)
 * and ~11 min on PostgreSQL (24 GB database), on the 2-vCPU reference machine while shared.
 *
 *   npm run bench:activity                                     # seed both databases, then measure
 *   npm run bench:activity -- --seed-only                      # seed only (takes minutes)
 *   npm run bench:activity -- --reuse                          # measure databases seeded earlier at the same size
 *   npm run bench:activity -- --clients 20000 --interactions 200000 --orders 200000 --db sqlite
 *   npm run bench:activity -- --reuse --write                  # replace "Client 360" in BENCHMARKS.md
 *
 * SQLite: /tmp/rapport-bench-activity-sqlite. PostgreSQL: BENCH_PG_URL (default
 * postgres://postgres@127.0.0.1:5432), database rapport_bench_activity. `--name x --port p`
 * uses rapport-bench-x-sqlite / rapport_bench_x and port p instead (a second set beside).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { loadActivityPg, loadActivitySqlite, type ActivityLoad, type ActivityTotals } from '../src/server/sample/activity.writer';
import { checkDerivedFigures } from './activity-check';
import { apiClient, startServer as startAt, stopServer, waitUp as waitUpAt } from './bench-server';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000000' },
    interactions: { type: 'string', default: '6000000' },
    orders: { type: 'string', default: '4000000' },
    big: { type: 'string', default: '50000' },
    db: { type: 'string', default: 'both' },
    reuse: { type: 'boolean', default: false },
    'seed-only': { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
    runs: { type: 'string', default: '40' },
    seed: { type: 'string', default: '42' },
    // Another set of databases and port, e.g. for a small run beside a big one.
    name: { type: 'string', default: 'activity' },
    port: { type: 'string', default: '3878' },
  },
});
const CLIENTS = Number(args.clients);
const INTERACTIONS = Number(args.interactions);
const ORDERS = Number(args.orders);
const BIG = Number(args.big);
const RUNS = Number(args.runs);
const PORT = Number(args.port);
const BASE = `http://127.0.0.1:${PORT}`;
const PG_SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const PG_DB = `rapport_bench_${args.name!.replace(/\W/g, '_')}`;
const SQLITE_DIR = path.join(os.tmpdir(), `rapport-bench-${args.name}-sqlite`);
const SQLITE_FILE = path.join(SQLITE_DIR, 'rapport.sqlite');
const dialects = args.db === 'both' ? (['sqlite', 'postgres'] as const) : ([args.db as 'sqlite' | 'postgres'] as const);
type Dialect = 'sqlite' | 'postgres';

const envOf = (dialect: Dialect) =>
  dialect === 'sqlite' ? { DATA_DIR: SQLITE_DIR, DATABASE_URL: '' } : { DATA_DIR: path.join(os.tmpdir(), `rapport-bench-${args.name}-pgdata`), DATABASE_URL: `${PG_SERVER}/${PG_DB}` };
const stateFile = (dialect: Dialect) => path.join(os.tmpdir(), `rapport-bench-${args.name}-${dialect}.json`);

const startServer = (dialect: Dialect) => startAt(envOf(dialect), PORT, BASE);
const waitUp = () => waitUpAt(BASE);
const client = apiClient(BASE);
const api = client.call;

async function get(url: string): Promise<any> {
  const r = await api('GET', url);
  if (r.status !== 200) throw new Error(`${url}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

async function query<T>(dialect: Dialect, text: string, params: unknown[] = []): Promise<T[]> {
  if (dialect === 'postgres') {
    const c = new pg.Client({ connectionString: `${PG_SERVER}/${PG_DB}` });
    await c.connect();
    try {
      let n = 0;
      return (await c.query(text.replace(/\?/g, () => `$${++n}`), params)).rows as T[];
    } finally {
      await c.end();
    }
  }
  const db = new SQLite(SQLITE_FILE, { readonly: true });
  try {
    return db.prepare(text).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** A few clients to check: the big one, some with orders (of both currencies), some without. */
async function clientsToCheck(dialect: Dialect, workspaceId: string, bigClientId: string): Promise<string[]> {
  const pick = (where: string) => query<{ id: string }>(dialect, `SELECT id FROM clients WHERE workspace_id = ? AND ${where} ORDER BY id LIMIT 5`, [workspaceId]);
  const lists = await Promise.all([
    pick('orders_count > 2'),
    pick("id IN (SELECT client_id FROM orders WHERE workspace_id = clients.workspace_id AND currency <> 'USD')"),
    pick("id IN (SELECT client_id FROM orders WHERE workspace_id = clients.workspace_id AND status = 'cancelled')"),
    pick('orders_count = 0'),
  ]);
  return [...new Set([bigClientId, ...lists.flat().map((r) => r.id)])];
}

async function seed(dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') fs.rmSync(SQLITE_DIR, { recursive: true, force: true });
  else execFileSync('psql', [`${PG_SERVER}/postgres`, '-qc', `DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)`, '-c', `CREATE DATABASE ${PG_DB}`]);
  const server = startServer(dialect);
  await waitUp();
  client.reset();
  const owner = { workspaceName: 'Bench 360', name: 'Bench Owner', email: 'owner@bench360.example.com', password: 'Bench-Quartz-Tidal-2026' };
  const setup = await api('POST', '/api/v1/setup', owner);
  if (setup.status !== 201) throw new Error(`setup: ${setup.status} ${JSON.stringify(setup.json)}`);
  await stopServer(server);
  const workspaceId = setup.json.workspace.id as string;
  const started = Date.now();
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--clients', String(CLIENTS), '--workspace', workspaceId], {
    env: { ...process.env, ...envOf(dialect) },
    stdio: 'inherit',
  });
  const clientSeconds = (Date.now() - started) / 1000;
  // The client with the long history: the first seeded one (the oldest, three years of it).
  const bigClientId = (await query<{ id: string }>(dialect, 'SELECT id FROM clients WHERE workspace_id = ? ORDER BY id LIMIT 1', [workspaceId]))[0]!.id;
  const bigInteractions = Math.round((BIG * INTERACTIONS) / Math.max(1, INTERACTIONS + ORDERS));
  const load: ActivityLoad = {
    workspaceId,
    per: { interactions: Math.max(0, INTERACTIONS - bigInteractions) / Math.max(1, CLIENTS - 1), orders: Math.max(0, ORDERS - (BIG - bigInteractions)) / Math.max(1, CLIENTS - 1) },
    big: { clientId: bigClientId, interactions: bigInteractions, orders: BIG - bigInteractions },
    seed: Number(args.seed),
    log: (line) => console.log(`  ${line}`),
  };
  console.log(`\n  adding ~${INTERACTIONS.toLocaleString('en')} interactions and ~${ORDERS.toLocaleString('en')} orders (${BIG.toLocaleString('en')} records for one client) and their timeline entries`);
  const t = Date.now();
  let totals: ActivityTotals;
  if (dialect === 'postgres') totals = await loadActivityPg(`${PG_SERVER}/${PG_DB}`, load);
  else {
    const db = new SQLite(SQLITE_FILE);
    try {
      totals = loadActivitySqlite(db, load);
    } finally {
      db.close();
    }
  }
  const activitySeconds = (Date.now() - t) / 1000;
  console.log(`  ${totals.interactions.toLocaleString('en')} interactions, ${totals.orders.toLocaleString('en')} orders, ${totals.timeline.toLocaleString('en')} timeline entries in ${activitySeconds.toFixed(0)} s`);
  const checked = await checkDerivedFigures(envOf(dialect), workspaceId, await clientsToCheck(dialect, workspaceId, bigClientId));
  console.log(`  derived figures of ${checked} clients match what the API computes`);
  fs.writeFileSync(stateFile(dialect), JSON.stringify({ owner, workspaceId, bigClientId, clients: CLIENTS, interactions: INTERACTIONS, orders: ORDERS, totals, clientSeconds, activitySeconds, size: dataSize(dialect) }));
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
type Row = { what: string; p50: number; p95: number };

async function time(what: string, fn: (i: number) => Promise<unknown>): Promise<Row> {
  process.stdout.write(`  ${what} … `);
  for (let i = 0; i < 3; i++) await fn(-1 - i);
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn(i);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  console.log(`p50 ${pct(ms, 50).toFixed(1)} ms, p95 ${pct(ms, 95).toFixed(1)} ms`);
  return { what, p50: pct(ms, 50), p95: pct(ms, 95) };
}

async function measure(dialect: Dialect) {
  const state = JSON.parse(fs.readFileSync(stateFile(dialect), 'utf8'));
  await checkDerivedFigures(envOf(dialect), state.workspaceId, await clientsToCheck(dialect, state.workspaceId, state.bigClientId));
  const server = startServer(dialect);
  await waitUp();
  client.reset();
  const login = await api('POST', '/api/v1/auth/login', { email: state.owner.email, password: state.owner.password });
  if (login.status !== 200) throw new Error(`login: ${login.status}`);
  const rows: Row[] = [];
  const notes: string[] = [];
  let deep: Deep | undefined;
  try {
    // Typical clients: 40 different ones from the list (a page each run, never the same cache line twice in a row).
    const typical = (await get('/api/v1/clients?sort=-lastActivityAt&limit=200')).data.map((c: { id: string }) => c.id).filter((id: string) => id !== state.bigClientId);
    const summaryOk = (await api('GET', `/api/v1/clients/${typical[0]}/summary`)).status === 200;
    if (!summaryOk) notes.push('GET /clients/{id}/summary was not available in this build: the page was timed without it.');
    const page = async (id: string) => {
      await Promise.all([get(`/api/v1/clients/${id}`), summaryOk ? get(`/api/v1/clients/${id}/summary`) : null, get(`/api/v1/clients/${id}/timeline?limit=50`)]);
    };
    const pick = (i: number) => typical[(i + typical.length) % typical.length];
    const perClient = Math.round(state.totals.timeline / state.clients);
    rows.push(await time(`client page, typical client (~${perClient} entries on average): client + summary + timeline page 1, in parallel`, (i) => page(pick(i))));
    rows.push(await time('  GET /clients/{id}', (i) => get(`/api/v1/clients/${pick(i)}`)));
    if (summaryOk) rows.push(await time('  GET /clients/{id}/summary', (i) => get(`/api/v1/clients/${pick(i)}/summary`)));
    rows.push(await time('  GET /clients/{id}/timeline?limit=50', (i) => get(`/api/v1/clients/${pick(i)}/timeline?limit=50`)));
    // Clients with orders: the summary's figures are not empty.
    const buyers = (await get('/api/v1/clients?sort=-lastOrderAt&limit=200')).data.filter((c: { id: string; ordersCount?: number }) => c.id !== state.bigClientId).map((c: { id: string }) => c.id);
    const buyer = (i: number) => buyers[(i + buyers.length) % buyers.length];
    const sample = await get(`/api/v1/clients/${buyer(0)}/summary`);
    if (!(sample.ordersCount > 0)) throw new Error(`client ${buyer(0)} has a last order but its summary counts ${sample.ordersCount} orders`);
    rows.push(await time('client page, client with orders (summary figures): client + summary + timeline page 1', (i) => page(buyer(i))));
    rows.push(await time('GET /clients?sort=-lastActivityAt&limit=50', () => get('/api/v1/clients?sort=-lastActivityAt&limit=50')));
    rows.push(await time('GET /clients?sort=lastOrderAt&limit=50', () => get('/api/v1/clients?sort=lastOrderAt&limit=50')));
    rows.push(await time('GET /clients?sort=-lastOrderAt&limit=50', () => get('/api/v1/clients?sort=-lastOrderAt&limit=50')));
    const big = state.bigClientId as string;
    const first = await get(`/api/v1/clients/${big}/timeline?limit=50`);
    notes.push(`The big client's timeline holds ${first.total.toLocaleString('en')} entries.`);
    rows.push(await time(`client page, the client with ${first.total.toLocaleString('en')} entries`, () => page(big)));
    rows.push(await time('  GET /clients/{id}/timeline?limit=50 (same client)', () => get(`/api/v1/clients/${big}/timeline?limit=50`)));
    let cursor = first.nextCursor as string;
    const depth = Math.min(500, Math.floor(first.total / 50) - 1);
    for (let i = 1; i < depth; i++) cursor = (await get(`/api/v1/clients/${big}/timeline?limit=50&cursor=${cursor}`)).nextCursor;
    rows.push(await time(`deep timeline page (page ${depth + 1}, after ${(depth * 50).toLocaleString('en')} entries)`, () => get(`/api/v1/clients/${big}/timeline?limit=50&cursor=${cursor}`)));
    const [deepAt, deepId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string, number];
    deep = { at: deepAt, id: deepId, client: big, workspace: state.workspaceId };
    rows.push(await time('timeline?kind=interaction, page 1 (big client)', () => get(`/api/v1/clients/${big}/timeline?kind=interaction&limit=50`)));
    rows.push(await time('GET /clients/{id}/interactions page 1 (big client)', () => get(`/api/v1/clients/${big}/interactions?limit=50`)));
    const bigOrders = await get(`/api/v1/clients/${big}/orders?limit=50`);
    notes.push(`The big client has ${bigOrders.total.toLocaleString('en')} orders.`);
    rows.push(await time('GET /clients/{id}/orders page 1 (big client)', () => get(`/api/v1/clients/${big}/orders?limit=50`)));
    rows.push(
      await time('POST interaction (inbound, response tracking + timeline + activity)', async (i) => {
        const r = await api('POST', `/api/v1/clients/${pick(i)}/interactions`, { kind: 'email', direction: 'inbound', subject: `bench ${i}` });
        if (r.status !== 201) throw new Error(`create: ${r.status} ${JSON.stringify(r.json)}`);
      }),
    );
    rows.push(
      await time('POST interaction on the big client (outbound: answers what waits)', async (i) => {
        const r = await api('POST', `/api/v1/clients/${big}/interactions`, { kind: 'call', direction: 'outbound', subject: `bench ${i}` });
        if (r.status !== 201) throw new Error(`create: ${r.status} ${JSON.stringify(r.json)}`);
      }),
    );
    return { rows, notes, state, cli: cliTimeline(dialect, deep!) };
  } finally {
    await stopServer(server);
  }
}

type Deep = { at: string; id: string; client: string; workspace: string };

/** The deep page's query and the total's count straight in the database's CLI (best of 3): the cost without HTTP and Node. */
function cliTimeline(dialect: Dialect, d: Deep): { what: string; ms: string }[] {
  const where = `workspace_id = '${d.workspace}' AND client_id = '${d.client}' AND deleted_at IS NULL`;
  const queries = [
    ['deep page (50 rows after the cursor)', `SELECT id, kind, at, record_id, title, summary, user_id FROM timeline_entries WHERE ${where} AND at <= '${d.at}' AND (at < '${d.at}' OR id < '${d.id}') ORDER BY at DESC, id DESC LIMIT 51;`],
    ['total (count of the client’s entries)', `SELECT count(*) FROM timeline_entries WHERE ${where};`],
  ];
  const out: { what: string; ms: string }[] = [];
  for (const [what, q] of queries) {
    const text =
      dialect === 'sqlite'
        ? execFileSync('sqlite3', [SQLITE_FILE], { input: `.timer on\n${q}\n${q}\n${q}\n` }).toString()
        : execFileSync('psql', [`${PG_SERVER}/${PG_DB}`, '-q'], { input: `\\timing on\n${q}\n${q}\n${q}\n` }).toString();
    const times = dialect === 'sqlite' ? [...text.matchAll(/Run Time: real ([\d.]+)/g)].map((m) => Number(m[1]) * 1000) : [...text.matchAll(/Time: ([\d.]+) ms/g)].map((m) => Number(m[1]));
    out.push({ what: what!, ms: times.length ? Math.min(...times).toFixed(1) : 'n/a' });
  }
  return out;
}

function dataSize(dialect: Dialect): string {
  if (dialect === 'sqlite') {
    const bytes = fs.readdirSync(SQLITE_DIR).reduce((n, f) => n + fs.statSync(path.join(SQLITE_DIR, f)).size, 0);
    return `${(bytes / 2 ** 30).toFixed(2)} GiB database file`;
  }
  return execFileSync('psql', [`${PG_SERVER}/${PG_DB}`, '-tAc', `SELECT pg_size_pretty(pg_database_size('${PG_DB}'))`]).toString().trim() + ' database';
}

const f1 = (n: number) => (n < 10 ? n.toFixed(1) : Math.round(n).toString());

async function main() {
  const sections: string[] = [];
  for (const dialect of dialects) {
    const state = args.reuse && fs.existsSync(stateFile(dialect)) ? JSON.parse(fs.readFileSync(stateFile(dialect), 'utf8')) : null;
    const reusable = state && state.clients === CLIENTS && state.interactions === INTERACTIONS && state.orders === ORDERS;
    if (args.reuse && !reusable) console.log(`\n▶ ${dialect}: no database seeded at this size to reuse`);
    if (!reusable) {
      console.log(`\n▶ ${dialect}: seeding ${CLIENTS.toLocaleString('en')} clients`);
      const t = Date.now();
      await seed(dialect);
      console.log(`  ${dialect} seeded in ${((Date.now() - t) / 1000).toFixed(0)} s, ${dataSize(dialect)}`);
    }
    if (args['seed-only']) continue;
    console.log(`\n▶ ${dialect}: measuring`);
    const m = await measure(dialect);
    const lines = [
      `### ${dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL 15'} — ${CLIENTS.toLocaleString('en')} clients, ${m.state.totals.interactions.toLocaleString('en')} interactions, ${m.state.totals.orders.toLocaleString('en')} orders, ${m.state.totals.timeline.toLocaleString('en')} timeline entries, ${dataSize(dialect)}`,
      '',
      `Seeded in ${Math.round(m.state.clientSeconds)} s (clients) + ${Math.round(m.state.activitySeconds)} s (interactions, orders, timeline, indexes, client figures, ANALYZE).`,
      '',
      '| request (HTTP, sequential, one connection) | p50 ms | p95 ms |',
      '|---|---:|---:|',
      ...m.rows.map((r) => `| ${r.what} | ${f1(r.p50)} | ${f1(r.p95)} |`),
      '',
      `Same queries in the ${dialect === 'sqlite' ? '`sqlite3` CLI' : '`psql`'} (best of 3, big client):`,
      '',
      '| query | ms |',
      '|---|---:|',
      ...m.cli.map((c) => `| ${c.what} | ${c.ms} |`),
      '',
      ...m.notes.map((n) => `- ${n}`),
      `- Load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (1 / 5 / 15 min).`,
      '',
    ];
    console.log(lines.join('\n'));
    sections.push(lines.join('\n'));
  }
  if (args.write && sections.length) writeSection(sections.join('\n'));
}

const PROSE = `Machine: the reference machine above (2 vCPU; nothing else ran during the timed requests — each
section gives the load average at its end). Data: one
workspace seeded by \`npm run seed\` (src/server/sample) plus interactions and orders (counts in
each heading) spread unevenly over the clients, and one client with a long history
(src/server/sample/activity.generator.ts), each with its timeline entry as the API writes it; the
client figures (orders count, total value, last order, guest flag, status, last activity) are
derived from them in SQL and checked against the application's own computation before timing.
Not generated: invoices and payments (billing figures stay empty), loyalty points, follow-up
tasks, audit events. Requests are
timed over HTTP against the server as its own process (LOG_LEVEL=warn), p50/p95 of ${RUNS} runs after 3
warm-up calls. "Client page" is the three calls the client page makes, in parallel. A POST of an
interaction also recomputes the client's health score in its transaction (issue 6).

Why it is fast: the timeline is one table (\`timeline_entries\`) written in the same transaction as
each record, read through the index \`(workspace_id, client_id, at DESC, id DESC)\` (and one with
\`kind\` for the filter); a page is an index range from the keyset cursor (\`at <= v AND (at < v OR
id < i)\`), so a deep page costs what page 1 costs. The exact \`total\` is counted once, for the first
page, from the same (partial, live-entries) index; the cursor carries it to the next pages.`;

function writeSection(body: string) {
  const file = 'BENCHMARKS.md';
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const heading = '## Client 360';
  const section = `${heading} (\`npm run bench:activity\`)\n\n${PROSE}\n\n<!-- figures below are written by bench/activity.ts -->\n\n${body}\n`;
  const start = text.indexOf(heading);
  if (start === -1) {
    fs.writeFileSync(file, `${text.trimEnd()}\n\n${section}`);
    return;
  }
  const next = text.indexOf('\n## ', start + heading.length);
  fs.writeFileSync(file, text.slice(0, start) + section + (next === -1 ? '' : text.slice(next + 1)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

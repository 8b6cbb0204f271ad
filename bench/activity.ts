/**
 * bench/activity.ts — Client 360 at scale: the client page's API calls (GET client + summary +
 * first timeline page) and a deep timeline page, on a fresh database of each kind.
 *
 * Seeds N clients with `npm run seed` (src/server/sample), then adds M interactions spread
 * over them (each with its timeline entry, as the API writes them) and one client with a
 * big history (50,000 interactions), server-side in SQL (generate_series on PostgreSQL, a
 * recursive CTE on SQLite). Orders are not generated (interactions only).
 *
 *   npm run bench:activity                                            # 1,000,000 clients, 10,000,000 interactions
 *   npm run bench:activity -- --clients 100000 --interactions 1000000 --db sqlite
 *   npm run bench:activity -- --reuse                                 # keep databases seeded earlier
 *   npm run bench:activity -- --write                                 # replace "Client 360" in BENCHMARKS.md
 *
 * PostgreSQL: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432), database rapport_bench_activity.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { apiClient, startServer as startAt, stopServer, waitUp as waitUpAt } from './bench-server';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000000' },
    interactions: { type: 'string', default: '10000000' },
    big: { type: 'string', default: '50000' },
    db: { type: 'string', default: 'both' },
    reuse: { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
    runs: { type: 'string', default: '40' },
  },
});
const CLIENTS = Number(args.clients);
const INTERACTIONS = Number(args.interactions);
const BIG = Number(args.big);
const RUNS = Number(args.runs);
const PORT = 3878;
const BASE = `http://127.0.0.1:${PORT}`;
const PG_SERVER = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const PG_DB = 'rapport_bench_activity';
const SQLITE_DIR = path.join(os.tmpdir(), 'rapport-bench-activity-sqlite');
const SQLITE_FILE = path.join(SQLITE_DIR, 'rapport.sqlite');
const dialects = args.db === 'both' ? (['sqlite', 'postgres'] as const) : ([args.db as 'sqlite' | 'postgres'] as const);
type Dialect = 'sqlite' | 'postgres';

const envOf = (dialect: Dialect) =>
  dialect === 'sqlite' ? { DATA_DIR: SQLITE_DIR, DATABASE_URL: '' } : { DATA_DIR: path.join(os.tmpdir(), 'rapport-bench-activity-pgdata'), DATABASE_URL: `${PG_SERVER}/${PG_DB}` };
const stateFile = (dialect: Dialect) => path.join(os.tmpdir(), `rapport-bench-activity-${dialect}.json`);

const startServer = (dialect: Dialect) => startAt(envOf(dialect), PORT, BASE);
const waitUp = () => waitUpAt(BASE);
const client = apiClient(BASE);
const api = client.call;

async function get(url: string): Promise<any> {
  const r = await api('GET', url);
  if (r.status !== 200) throw new Error(`${url}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json;
}

const KINDS = ['email', 'call', 'meeting', 'sms', 'chat', 'note', 'ticket', 'in_person', 'automated'];

/** Interactions + their timeline entries, server-side. `per` each for every client, `big` more for one. */
function interactionSql(dialect: Dialect, workspaceId: string, per: number, big: number, bigClientId: string): string[] {
  const kinds = KINDS.map((k) => `'${k}'`).join(',');
  if (dialect === 'postgres') {
    const insert = (source: string, count: string) => `
      INSERT INTO interactions (workspace_id, id, client_id, kind, direction, occurred_at, duration_minutes, user_id, subject, body, outcome, sentiment, priority,
        response_due_at, responded_at, created_by, created_at, updated_at, version)
      SELECT c.workspace_id, gen_random_uuid()::text, c.id, (ARRAY[${kinds}])[1 + (g + c.h) % 9],
        CASE WHEN (g + c.h) % 3 = 0 THEN 'inbound' ELSE 'outbound' END,
        t.at, 5 + (g % 55), c.owner_id, 'Bench interaction ' || g, 'Talked about the next visit and the invoice.', 'Followed up', 'neutral',
        CASE WHEN (g + c.h) % 3 = 0 THEN 'regular' END,
        CASE WHEN (g + c.h) % 3 = 0 THEN t.at + interval '48 hours' END,
        CASE WHEN (g + c.h) % 3 = 0 THEN t.at + interval '3 hours' END,
        c.owner_id, t.at, t.at, 1
      FROM ${source} c CROSS JOIN LATERAL generate_series(1, ${count}) g
      CROSS JOIN LATERAL (SELECT now() - ((g * 7919 + c.h) % 63072000) * interval '1 second' AS at) t`;
    return [
      insert(`(SELECT workspace_id, id, owner_id, abs(hashtext(id)) % 1000 AS h FROM clients WHERE workspace_id = '${workspaceId}' AND id <> '${bigClientId}')`, String(per)),
      insert(`(SELECT workspace_id, id, owner_id, 7 AS h FROM clients WHERE id = '${bigClientId}')`, String(big)),
      `INSERT INTO timeline_entries (workspace_id, id, client_id, at, kind, record_id, title, summary, user_id)
       SELECT workspace_id, gen_random_uuid()::text, client_id, occurred_at, 'interaction', id, initcap(kind) || ' (' || direction || '): ' || subject,
         jsonb_build_object('kind', kind, 'direction', direction, 'subject', subject, 'excerpt', body, 'durationMinutes', duration_minutes, 'priority', priority,
           'responseDueAt', response_due_at, 'respondedAt', responded_at),
         user_id FROM interactions WHERE workspace_id = '${workspaceId}'`,
      `UPDATE clients c SET last_activity_at = m.at FROM (SELECT client_id, max(occurred_at) AS at FROM interactions GROUP BY client_id) m
       WHERE c.workspace_id = '${workspaceId}' AND c.id = m.client_id`,
    ];
  }
  const iso = (expr: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || (${expr}) || ' seconds')`;
  const plus = (at: string, hours: number) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${at}, '+${hours} hours')`;
  const insert = (where: string, count: number, h: string) => `
    WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ${count}),
    src AS (SELECT c.workspace_id, c.id, c.owner_id, ${h} AS h, g.n FROM clients c, g WHERE ${where}),
    t AS (SELECT *, ${iso('(n * 7919 + h) % 63072000')} AS at FROM src)
    INSERT INTO interactions (workspace_id, id, client_id, kind, direction, occurred_at, duration_minutes, user_id, subject, body, outcome, sentiment, priority,
      response_due_at, responded_at, created_by, created_at, updated_at, version)
    SELECT workspace_id, lower(hex(randomblob(16))), id, json_extract('[${kinds.replace(/'/g, '"')}]', '$[' || ((n + h) % 9) || ']'),
      CASE WHEN (n + h) % 3 = 0 THEN 'inbound' ELSE 'outbound' END,
      at, 5 + (n % 55), owner_id, 'Bench interaction ' || n, 'Talked about the next visit and the invoice.', 'Followed up', 'neutral',
      CASE WHEN (n + h) % 3 = 0 THEN 'regular' END,
      CASE WHEN (n + h) % 3 = 0 THEN ${plus('at', 48)} END,
      CASE WHEN (n + h) % 3 = 0 THEN ${plus('at', 3)} END,
      owner_id, at, at, 1
    FROM t`;
  return [
    insert(`c.workspace_id = '${workspaceId}' AND c.id <> '${bigClientId}'`, per, `(unicode(substr(c.id, -3)) * 7 + unicode(substr(c.id, -1))) % 1000`),
    insert(`c.id = '${bigClientId}'`, big, '7'),
    `INSERT INTO timeline_entries (workspace_id, id, client_id, at, kind, record_id, title, summary, user_id)
     SELECT workspace_id, lower(hex(randomblob(16))), client_id, occurred_at, 'interaction', id, upper(substr(kind, 1, 1)) || substr(kind, 2) || ' (' || direction || '): ' || subject,
       json_object('kind', kind, 'direction', direction, 'subject', subject, 'excerpt', body, 'durationMinutes', duration_minutes, 'priority', priority,
         'responseDueAt', response_due_at, 'respondedAt', responded_at),
       user_id FROM interactions WHERE workspace_id = '${workspaceId}'`,
    `UPDATE clients SET last_activity_at = (SELECT max(occurred_at) FROM interactions i WHERE i.workspace_id = clients.workspace_id AND i.client_id = clients.id)
     WHERE workspace_id = '${workspaceId}'`,
  ];
}

async function runSql(dialect: Dialect, statements: string[]): Promise<void> {
  if (dialect === 'postgres') {
    const client = new pg.Client({ connectionString: `${PG_SERVER}/${PG_DB}` });
    await client.connect();
    try {
      for (const s of statements) {
        const t = Date.now();
        await client.query(s);
        console.log(`  ${s.trim().split('\n')[0]!.slice(0, 60)}… ${((Date.now() - t) / 1000).toFixed(1)} s`);
      }
      await client.query('VACUUM ANALYZE');
    } finally {
      await client.end();
    }
  } else {
    const db = new SQLite(SQLITE_FILE);
    db.pragma('journal_mode = WAL');
    db.pragma('cache_size = -1000000');
    for (const s of statements) {
      const t = Date.now();
      db.exec(s);
      console.log(`  ${s.trim().split('\n')[0]!.slice(0, 60)}… ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    db.exec('ANALYZE');
    db.close();
  }
}

async function firstClientId(dialect: Dialect, workspaceId: string): Promise<string> {
  if (dialect === 'postgres') {
    const client = new pg.Client({ connectionString: `${PG_SERVER}/${PG_DB}` });
    await client.connect();
    try {
      return (await client.query('SELECT id FROM clients WHERE workspace_id = $1 ORDER BY id LIMIT 1', [workspaceId])).rows[0].id;
    } finally {
      await client.end();
    }
  }
  const db = new SQLite(SQLITE_FILE, { readonly: true });
  try {
    return (db.prepare('SELECT id FROM clients WHERE workspace_id = ? ORDER BY id LIMIT 1').get(workspaceId) as { id: string }).id;
  } finally {
    db.close();
  }
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
  console.log(`\n  adding ${INTERACTIONS.toLocaleString('en')} interactions (+ ${BIG.toLocaleString('en')} for one client) and their timeline entries`);
  const t = Date.now();
  const per = Math.max(1, Math.round((INTERACTIONS - BIG) / (CLIENTS - 1)));
  // The client with the long history: the first seeded one.
  const bigClientId = await firstClientId(dialect, workspaceId);
  await runSql(dialect, interactionSql(dialect, workspaceId, per, BIG, bigClientId));
  const activitySeconds = (Date.now() - t) / 1000;
  fs.writeFileSync(stateFile(dialect), JSON.stringify({ owner, workspaceId, bigClientId, clients: CLIENTS, interactions: INTERACTIONS, per, clientSeconds, activitySeconds }));
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
    rows.push(await time(`client page, typical client (~${state.per} entries): client + summary + timeline page 1, in parallel`, (i) => page(pick(i))));
    rows.push(await time('  GET /clients/{id}', (i) => get(`/api/v1/clients/${pick(i)}`)));
    if (summaryOk) rows.push(await time('  GET /clients/{id}/summary', (i) => get(`/api/v1/clients/${pick(i)}/summary`)));
    rows.push(await time('  GET /clients/{id}/timeline?limit=50', (i) => get(`/api/v1/clients/${pick(i)}/timeline?limit=50`)));
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
    const reusable = args.reuse && fs.existsSync(stateFile(dialect)) && JSON.parse(fs.readFileSync(stateFile(dialect), 'utf8')).clients === CLIENTS;
    if (!reusable) {
      console.log(`\n▶ ${dialect}: seeding ${CLIENTS.toLocaleString('en')} clients`);
      await seed(dialect);
    }
    console.log(`\n▶ ${dialect}: measuring`);
    const m = await measure(dialect);
    const lines = [
      `### ${dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL 15'} — ${CLIENTS.toLocaleString('en')} clients, ${Number(m.state.interactions).toLocaleString('en')} interactions (+ as many timeline entries), ${dataSize(dialect)}`,
      '',
      `Seeded in ${Math.round(m.state.clientSeconds)} s (clients) + ${Math.round(m.state.activitySeconds)} s (interactions, timeline, last activity, ANALYZE).`,
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

const PROSE = `Machine: the reference machine above (2 vCPU, shared with other work during the run). Data: one
workspace seeded by \`npm run seed\` (src/server/sample) plus interactions spread evenly over every
client and one client with a long history, each interaction with its timeline entry, as the API
writes them. Orders are not generated yet: the timeline holds interactions only. Requests are
timed over HTTP against the server as its own process (LOG_LEVEL=warn), p50/p95 of ${RUNS} runs after 3
warm-up calls. "Client page" is the three calls the client page makes, in parallel.

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

/**
 * bench/http.ts — requests/s and p99 latency of `GET /api/v1/me` with an API key, against a
 * raw node:http server returning a JSON body of the same size, measured in the same run.
 *
 *   npm run bench:http                      # SQLite (default)
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/rapport_bench npm run bench:http
 *
 * Both servers run as separate processes with their default settings (LOG_LEVEL=info for
 * Rapport); autocannon drives them one after the other from this process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const RAPPORT_PORT = 3411;
const RAW_PORT = 3412;

async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up`);
}

function startRapport(dataDir: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(RAPPORT_PORT),
      DATA_DIR: dataDir,
      DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** A bare node:http server that answers every request with the given JSON body: the ceiling. */
function startRaw(body: string): ChildProcess {
  const code = `
    const http = require('node:http');
    const body = ${JSON.stringify(body)};
    http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    }).listen(${RAW_PORT}, '127.0.0.1');`;
  return spawn(process.execPath, ['-e', code], { stdio: 'inherit' });
}

async function load(url: string, headers: Record<string, string>) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p99: result.latency.p99, total: result.requests.total };
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-'));
  const rapport = startRapport(dataDir);
  const children: ChildProcess[] = [rapport];
  try {
    const base = `http://127.0.0.1:${RAPPORT_PORT}`;
    await waitFor(`${base}/healthz`);
    const setup = await fetch(`${base}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspaceName: 'Bench Agency', name: 'Bench Owner', email: 'owner@bench.example', password: 'bench-password-2026' }),
    });
    if (setup.status !== 201) throw new Error(`set-up failed (${setup.status}); BENCH_DATABASE_URL must point to an empty database`);
    const cookie = setup.headers.get('set-cookie')!.split(';')[0]!;
    const keyRes = await fetch(`${base}/api/v1/api-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: base },
      body: JSON.stringify({ name: 'bench', role: 'member' }),
    });
    const { token } = (await keyRes.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    const sample = await fetch(`${base}/api/v1/me`, { headers: auth });
    const body = await sample.text();

    const raw = startRaw(body);
    children.push(raw);
    await waitFor(`http://127.0.0.1:${RAW_PORT}/`);

    // Warm both up so JIT and caches are in the same state before measuring.
    await autocannon({ url: `${base}/api/v1/me`, connections: CONNECTIONS, duration: 2, headers: auth });
    await autocannon({ url: `http://127.0.0.1:${RAW_PORT}/`, connections: CONNECTIONS, duration: 2 });

    const rawResult = await load(`http://127.0.0.1:${RAW_PORT}/`, {});
    const rapportResult = await load(`${base}/api/v1/me`, auth);

    const database = process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'SQLite';
    console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
    console.log(`load: autocannon, ${CONNECTIONS} connections, ${DURATION} s each; body ${Buffer.byteLength(body)} bytes; database ${database}`);
    console.log('| server | requests/s | p99 latency (ms) |');
    console.log('|---|---:|---:|');
    console.log(`| raw node:http, same body | ${rawResult.rps.toFixed(0)} | ${rawResult.p99} |`);
    console.log(`| Rapport GET /api/v1/me (API key, ${database}) | ${rapportResult.rps.toFixed(0)} | ${rapportResult.p99} |`);
    console.log(`ratio Rapport / raw: ${(rapportResult.rps / rawResult.rps).toFixed(2)} (target ≥ 0.50)`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

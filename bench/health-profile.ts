/**
 * bench/health-profile.ts — where a full recompute's time goes, one batch of 5,000 clients at a
 * time, in-process (no HTTP, no job runner): every SQL statement timed through Kysely's log and
 * grouped by what it does (gathering per source, writes per table, the alert rules' reads),
 * the rest being JavaScript (the engine, JSON, Kysely). Two cases per batch: the first score
 * (the batch's health rows removed first) and a recompute with nothing changed.
 *
 * It deletes health rows, so it only runs on a bench's own databases (default --name health,
 * seeded by `npm run bench:health -- --clients 20000`), never on the activity bench's.
 *
 *   node --import tsx bench/health-profile.ts --db sqlite --batches 2
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { Kysely, PostgresDialect, SqliteDialect, sql, type LogEvent } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Database } from '../src/server/db/schema';
import { healthWorkspaceOf, recomputeHealthBatch } from '../src/server/health/health.service';
import { gatherHealthInputs } from '../src/server/health/health.inputs';
import { computeHealth } from '../src/domain/health';
import '../src/server/alerts/alert.health';
import { migrateToLatest } from '../src/server/db/migrate';

const { values: args } = parseArgs({ options: { db: { type: 'string', default: 'sqlite' }, name: { type: 'string', default: 'health' }, batches: { type: 'string', default: '2' }, batch: { type: 'string', default: '5000' } } });
if (args.name === 'activity') throw new Error('health-profile deletes health rows: not on the activity bench databases');
const dialect = args.db as 'sqlite' | 'postgres';
const state = JSON.parse(fs.readFileSync(path.join(os.tmpdir(), `rapport-bench-${args.name}-${dialect}.json`), 'utf8'));
const ws: string = state.workspaceId;

type Stat = { n: number; ms: number };
let stats = new Map<string, Stat>();
/** What a statement does: "gather <table>" for reads, "<verb> <table>" for writes. */
function kindOf(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim().toLowerCase();
  const verb = s.split(' ')[0]!;
  const table = (re: RegExp) => s.match(re)?.[1]?.replace(/"/g, '') ?? '?';
  if (verb === 'insert') return `insert ${table(/insert into ("?\w+"?)/)}`;
  if (verb === 'update') return `update ${table(/update ("?\w+"?)/)}`;
  if (verb === 'delete') return `delete ${table(/delete from ("?\w+"?)/)}`;
  return `read ${table(/ from ("?\w+"?)/)}`;
}
const log = (e: LogEvent) => {
  const k = kindOf(e.query.sql);
  const st = stats.get(k) ?? { n: 0, ms: 0 };
  st.n++;
  st.ms += e.queryDurationMillis;
  stats.set(k, st);
};
const db =
  dialect === 'postgres'
    ? new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: `${process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432'}/rapport_bench_${args.name}`, max: 4 }) }), log })
    : (() => {
        const s = new SQLite(path.join(os.tmpdir(), `rapport-bench-${args.name}-sqlite`, 'rapport.sqlite'));
        s.pragma('journal_mode = WAL');
        s.pragma('foreign_keys = ON');
        s.pragma('synchronous = NORMAL');
        return new Kysely<Database>({ dialect: new SqliteDialect({ database: s }), log });
      })();

// The databases may have been seeded before the latest migrations.
await migrateToLatest(db);

function report(label: string, total: number, clients: number) {
  const sqlMs = [...stats.values()].reduce((a, s) => a + s.ms, 0);
  console.log(`\n  ${label}: ${total.toFixed(0)} ms for ${clients} clients → ${Math.round((clients / total) * 1000)} clients/s, 1M ≈ ${Math.round((total / clients) * 1000)} s`);
  for (const [k, s] of [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`    ${k.padEnd(34)} ${String(s.n).padStart(6)} statements ${s.ms.toFixed(0).padStart(7)} ms  (${((s.ms / total) * 100).toFixed(0)} %)`);
  }
  console.log(`    ${'JavaScript (engine, JSON, Kysely)'.padEnd(34)} ${''.padStart(17)} ${(total - sqlMs).toFixed(0).padStart(7)} ms  (${(((total - sqlMs) / total) * 100).toFixed(0)} %)`);
  stats = new Map();
}

async function main() {
  const hw = await healthWorkspaceOf(db, ws);
  const now = new Date().toISOString();
  let afterId = '';
  for (let b = 0; b < Number(args.batches); b++) {
    const ids = (await db.selectFrom('clients').select('id').where('workspace_id', '=', ws).where('deleted_at', 'is', null).where('id', '>', afterId).orderBy('id').limit(Number(args.batch)).execute()).map((r) => r.id);
    if (!ids.length) break;
    const scope = { fromId: ids[0]!, toId: ids[ids.length - 1]! };
    afterId = scope.toId;
    console.log(`\n▶ ${dialect} batch ${b + 1}: ${ids.length} clients`);

    stats = new Map();
    let t = performance.now();
    const inputs = await gatherHealthInputs(db, ws, scope, hw.settings, now);
    report('gathering only (gatherHealthInputs)', performance.now() - t, inputs.size);
    t = performance.now();
    for (const i of inputs.values()) computeHealth(i, hw.settings, hw.context);
    const engine = performance.now() - t;
    console.log(`\n  engine only (computeHealth × ${inputs.size}): ${engine.toFixed(0)} ms`);

    // First score: no health rows for the batch yet.
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('health_scores').where('workspace_id', '=', ws).where(sql.ref('client_id'), '>=', scope.fromId).where('client_id', '<=', scope.toId).execute();
      await trx.deleteFrom('health_history').where('workspace_id', '=', ws).where('client_id', '>=', scope.fromId).where('client_id', '<=', scope.toId).execute();
      await trx.updateTable('clients').set({ health_score: null, health_band: null }).where('workspace_id', '=', ws).where('id', '>=', scope.fromId).where('id', '<=', scope.toId).execute();
    });
    stats = new Map();
    t = performance.now();
    let n = await db.transaction().execute((trx) => recomputeHealthBatch(trx, hw, scope, now));
    report('recomputeHealthBatch, first score', performance.now() - t, n);
    t = performance.now();
    n = await db.transaction().execute((trx) => recomputeHealthBatch(trx, hw, scope, now));
    report('recomputeHealthBatch, nothing changed', performance.now() - t, n);
  }
  await db.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

/**
 * The health inputs bench/activity.ts does not seed, added set-based to a seeded workspace
 * (one INSERT … SELECT per table over the clients, no rows through Node):
 *
 * - invoices: two thirds of the clients get a paid invoice (due 60 days ago) and a sent one,
 *   due in 20 days or, for ~12 % of them, overdue by 10–59 days (payment factor: overdueDays);
 * - feedback: half of the clients answered NPS twice (20 and 200 days ago: latest and trend),
 *   a quarter also CSAT 30 days ago (satisfaction factor);
 * - contacts: one or two per client, most with an engagement level (engagement factor);
 * - usage_daily: 60 days of one metric for a third of the clients, some growing, some
 *   shrinking, a few stopped in the last 30 days (usage factor).
 *
 * Idempotent: each table is skipped when it already holds this seed's rows (recognised by a
 * marker: invoice numbers `BH-…`, feedback comment, contact e-mail domain, usage metric), and
 * each table is one transaction, so an interrupted run resumes where it stopped.
 * Values are derived from a hash of the client id, so two runs on the same clients agree.
 * Not seeded: `clients.figures.onTimePaymentRate` (refreshClientFigures derives it from
 * payments; the payment factor reads overdueDays here).
 */
import { randomUUID } from 'node:crypto';
import SQLite from 'better-sqlite3';
import pg from 'pg';

export type HealthSeedCounts = { invoices: number; feedback: number; contacts: number; usage: number; seconds: number; skipped: string[] };
type Dialect = 'sqlite' | 'postgres';

export const USAGE_METRIC = 'bench_active_users';
const MARK = { invoices: "number_key LIKE 'BH-%'", feedback: "comment = 'health bench'", contacts: "email LIKE '%@health-bench.example'", usage_daily: `metric = '${USAGE_METRIC}'` } as const;

/** SQL fragments that differ between the two databases. */
function fragments(dialect: Dialect) {
  const pgd = dialect === 'postgres';
  return {
    /** 0 … mod−1 from a hash of the client id and a salt. */
    rnd: (id: string, salt: string, mod: number) => (pgd ? `(abs(hashtext(${id} || '${salt}')) % ${mod})` : `bh_hash(${id}, '${salt}', ${mod})`),
    /** The timestamp `days` days ago (negative: in the future), as the application stores it. */
    ago: (days: string) => (pgd ? `(now() - make_interval(days => (${days})::int))` : `strftime('%Y-%m-%dT%H:%M:%fZ', 'now', printf('%+d days', -(${days})))`),
    /** The day 'YYYY-MM-DD' `days` days ago (UTC). */
    day: (days: string) => (pgd ? `to_char((now() at time zone 'UTC')::date - (${days})::int, 'YYYY-MM-DD')` : `date('now', printf('%+d days', -(${days})))`),
    uuid: pgd ? 'gen_random_uuid()::text' : 'bh_uuid()',
  };
}

function statements(dialect: Dialect, ws: string): Record<keyof typeof MARK, string> {
  const { rnd, ago, day, uuid } = fragments(dialect);
  const live = `c.workspace_id = '${ws}' AND c.deleted_at IS NULL`;
  const invoiceDue = `CASE WHEN k.k = 0 THEN ${ago('60')} WHEN ${rnd('c.id', 'due', 100)} < 12 THEN ${ago(`10 + ${rnd('c.id', 'late', 50)}`)} ELSE ${ago('-20')} END`;
  return {
    invoices: `
      INSERT INTO invoices (workspace_id, id, client_id, number, number_key, currency, amount, total, paid_amount, status, issued_at, due_at, paid_at, created_at, updated_at)
      SELECT c.workspace_id, ${uuid}, c.id, 'BH-' || c.id || '-' || k.k, upper('BH-' || c.id || '-' || k.k), 'USD',
        10000 + 100 * ${rnd('c.id', 'amt', 200)}, 10000 + 100 * ${rnd('c.id', 'amt', 200)},
        CASE WHEN k.k = 0 THEN 10000 + 100 * ${rnd('c.id', 'amt', 200)} ELSE 0 END,
        CASE WHEN k.k = 0 THEN 'paid' ELSE 'sent' END,
        ${ago('90 - 50 * k.k')}, ${invoiceDue}, CASE WHEN k.k = 0 THEN ${ago('62')} END, ${ago('90 - 50 * k.k')}, ${ago('90 - 50 * k.k')}
      FROM clients c CROSS JOIN bh_k k
      WHERE ${live} AND k.k < 2 AND ${rnd('c.id', 'inv', 3)} <> 0`,
    feedback: `
      INSERT INTO feedback (workspace_id, id, client_id, kind, score, comment, received_at, created_at, updated_at)
      SELECT c.workspace_id, ${uuid}, c.id, CASE WHEN k.k = 2 THEN 'csat' ELSE 'nps' END,
        CASE WHEN k.k = 2 THEN 1 + ${rnd('c.id', 'csat', 5)} ELSE ${rnd(`c.id || k.k`, 'nps', 11)} END, 'health bench',
        ${ago('CASE k.k WHEN 0 THEN 200 WHEN 1 THEN 20 ELSE 30 END')}, ${ago('CASE k.k WHEN 0 THEN 200 WHEN 1 THEN 20 ELSE 30 END')}, ${ago('CASE k.k WHEN 0 THEN 200 WHEN 1 THEN 20 ELSE 30 END')}
      FROM clients c CROSS JOIN bh_k k
      WHERE ${live} AND k.k < 3 AND ${rnd('c.id', 'fb', 2)} = 0 AND (k.k < 2 OR ${rnd('c.id', 'cs', 2)} = 0)`,
    contacts: `
      INSERT INTO contacts (workspace_id, id, client_id, first_name, last_name, email, engagement, created_at, updated_at)
      SELECT c.workspace_id, ${uuid}, c.id, 'Contact', 'Number ' || (k.k + 1), 'contact' || (k.k + 1) || '.' || c.id || '@health-bench.example',
        CASE ${rnd(`c.id || k.k`, 'eng', 10)} WHEN 0 THEN 'hot' WHEN 1 THEN 'hot' WHEN 2 THEN 'hot' WHEN 3 THEN 'warm' WHEN 4 THEN 'warm' WHEN 5 THEN 'warm'
          WHEN 6 THEN 'cold' WHEN 7 THEN 'cold' WHEN 8 THEN 'dormant' END,
        c.created_at, c.created_at
      FROM clients c CROSS JOIN bh_k k
      WHERE ${live} AND (k.k = 0 OR (k.k = 1 AND ${rnd('c.id', 'c2', 2)} = 0))`,
    // Last 30 days vs the 30 before: a change of −20 … +20 %, and one in 20 stopped.
    usage_daily: `
      INSERT INTO usage_daily (workspace_id, client_id, metric, day, sum, count)
      SELECT c.workspace_id, c.id, '${USAGE_METRIC}', ${day('k.k')},
        CASE WHEN k.k < 30 AND ${rnd('c.id', 'stop', 20)} = 0 THEN 0
          WHEN k.k < 30 THEN (10 + ${rnd('c.id', 'base', 90)}) * (100 + ${rnd('c.id', 'trend', 41)} - 20) / 100.0
          ELSE 10 + ${rnd('c.id', 'base', 90)} END, 1
      FROM clients c CROSS JOIN bh_k k
      WHERE ${live} AND k.k < 60 AND ${rnd('c.id', 'use', 3)} = 0`,
  };
}

/** 32-bit FNV-1a of id + salt, modulo `mod`: the SQLite side of `rnd` (PostgreSQL uses hashtext). */
function fnv(id: string, salt: string, mod: number): number {
  let h = 0x811c9dc5;
  const s = id + salt;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0) % mod;
}

/** Adds what is missing; returns the rows added per table. `log` prints progress lines. */
export async function seedHealthInputs(dialect: Dialect, target: { sqliteFile: string; pgUrl: string }, workspaceId: string, log: (line: string) => void): Promise<HealthSeedCounts> {
  const started = Date.now();
  const sqls = statements(dialect, workspaceId);
  const counts: HealthSeedCounts = { invoices: 0, feedback: 0, contacts: 0, usage: 0, seconds: 0, skipped: [] };
  const key = (t: keyof typeof MARK) => (t === 'usage_daily' ? 'usage' : t);
  if (dialect === 'sqlite') {
    const db = new SQLite(target.sqliteFile);
    try {
      db.pragma('synchronous = OFF');
      db.pragma('cache_size = -1000000');
      db.function('bh_hash', { deterministic: true }, (id: unknown, salt: unknown, mod: unknown) => fnv(String(id), String(salt), Number(mod)));
      db.function('bh_uuid', () => randomUUID());
      db.exec('CREATE TEMP TABLE IF NOT EXISTS bh_k (k INTEGER PRIMARY KEY)');
      db.exec('DELETE FROM bh_k');
      db.exec('WITH RECURSIVE s(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM s WHERE k < 59) INSERT INTO bh_k SELECT k FROM s');
      for (const table of Object.keys(sqls) as (keyof typeof MARK)[]) {
        if (db.prepare(`SELECT 1 FROM ${table} WHERE workspace_id = ? AND ${MARK[table]} LIMIT 1`).get(workspaceId)) {
          counts.skipped.push(table);
          continue;
        }
        const t = Date.now();
        const n = db.transaction(() => db.prepare(sqls[table]).run().changes)();
        counts[key(table)] = n;
        log(`${table}: ${n.toLocaleString('en')} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      }
      if (counts.skipped.length < 4) db.exec('ANALYZE');
    } finally {
      db.close();
    }
  } else {
    const c = new pg.Client({ connectionString: target.pgUrl });
    await c.connect();
    try {
      await c.query('CREATE TEMP TABLE IF NOT EXISTS bh_k (k int PRIMARY KEY)');
      await c.query('INSERT INTO bh_k SELECT generate_series(0, 59) ON CONFLICT DO NOTHING');
      for (const table of Object.keys(sqls) as (keyof typeof MARK)[]) {
        if ((await c.query(`SELECT 1 FROM ${table} WHERE workspace_id = $1 AND ${MARK[table]} LIMIT 1`, [workspaceId])).rowCount) {
          counts.skipped.push(table);
          continue;
        }
        const t = Date.now();
        const r = await c.query(sqls[table]);
        counts[key(table)] = r.rowCount ?? 0;
        log(`${table}: ${(r.rowCount ?? 0).toLocaleString('en')} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
        await c.query(`VACUUM (ANALYZE) ${table}`);
      }
    } finally {
      await c.end();
    }
  }
  counts.seconds = (Date.now() - started) / 1000;
  return counts;
}

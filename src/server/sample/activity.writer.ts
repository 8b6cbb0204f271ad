import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { defaultOrderSettings } from '../../domain/orderSettings';
import { clientFiguresSql } from './activity.figures';
import {
  activityCounts, clientActivity, idMinter, INTERACTION_COLUMNS, ORDER_COLUMNS, TIMELINE_COLUMNS, type ActivityClient, type ActivityOptions, type Row,
} from './activity.generator';
import { prng } from './sample.generator';

/**
 * Bulk load of generated history (activity.generator.ts) into a workspace whose clients are
 * seeded: a batch of clients at a time (constant memory), SQLite through multi-row INSERTs,
 * PostgreSQL through COPY (FREEZE), all in one transaction. Into empty tables the secondary
 * indexes (and, on PostgreSQL, the foreign keys) are dropped first and built once at the
 * end — a sort per index instead of millions of random inserts. Then the client figures
 * are derived in SQL (activity.figures.ts) and the statistics refreshed.
 */
export type ActivityLoad = {
  workspaceId: string;
  /** Average interactions and orders per client (the big client excepted). */
  per: { interactions: number; orders: number };
  /** The client with a long history, and how much of it. */
  big: { clientId: string; interactions: number; orders: number };
  seed: number;
  now?: number;
  log?: (line: string) => void;
};
export type ActivityTotals = { interactions: number; orders: number; timeline: number; clients: number };

const TABLES = ['interactions', 'orders', 'timeline_entries'] as const;
const BATCH = 2000;
type ClientRow = { id: string; owner_id: string | null; created_at: string | Date; status: string; is_guest: number };

function workspaceContext(settings: unknown, load: ActivityLoad, fallbackUserId: string | null): ActivityOptions {
  const s = (typeof settings === 'string' ? JSON.parse(settings) : settings ?? {}) as { orders?: { currency?: string; word?: string } };
  const currency = s.orders?.currency ?? defaultOrderSettings.currency;
  const now = load.now ?? Date.now();
  return {
    workspaceId: load.workspaceId, currency, otherCurrency: currency === 'EUR' ? 'USD' : 'EUR', orderWord: s.orders?.word ?? defaultOrderSettings.word,
    fallbackUserId, now, newId: idMinter(now - 60_000, prng(load.seed ^ 0x2545f491)),
  };
}

/** The history of a batch of clients, with the running totals. */
function* historyOf(clients: ClientRow[], first: number, load: ActivityLoad, o: ActivityOptions, totals: ActivityTotals) {
  for (const [k, row] of clients.entries()) {
    const c: ActivityClient = { id: row.id, ownerId: row.owner_id, createdAt: new Date(row.created_at).toISOString(), status: row.status, isGuest: Number(row.is_guest) === 1 };
    const seed = Math.imul(load.seed, 1_000_003) + first + k;
    const counts = c.id === load.big.clientId ? { interactions: load.big.interactions, orders: load.big.orders } : activityCounts(seed, c, load.per);
    const a = clientActivity(seed, c, counts, o);
    totals.interactions += a.interactions.length;
    totals.orders += a.orders.length;
    totals.timeline += a.timeline.length;
    totals.clients++;
    yield a;
  }
}

type Batch = { interactions: Row[]; orders: Row[]; timeline: Row[] };
function append(batch: Batch, a: Batch) {
  for (const r of a.interactions) batch.interactions.push(r);
  for (const r of a.orders) batch.orders.push(r);
  for (const r of a.timeline) batch.timeline.push(r);
}

const values = (rows: Row[], columns: readonly string[]) => rows.map((r) => columns.map((c) => r[c] ?? null));

// ── SQLite ───────────────────────────────────────────────────────────────────

/** INSERT … VALUES (…), (…), … of up to 400 rows per statement (prepared once per size). */
function multiInsert(sqlite: BetterSqlite3.Database, table: string, columns: readonly string[]) {
  const cache = new Map<number, BetterSqlite3.Statement>();
  const one = `(${columns.map(() => '?').join(', ')})`;
  const statement = (n: number) => {
    let s = cache.get(n);
    if (!s) cache.set(n, (s = sqlite.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(n).fill(one).join(', ')}`)));
    return s;
  };
  return (rows: Row[]) => {
    for (let i = 0; i < rows.length; i += 400) {
      const part = rows.slice(i, i + 400);
      statement(part.length).run(values(part, columns).flat());
    }
  };
}

export function loadActivitySqlite(sqlite: BetterSqlite3.Database, load: ActivityLoad): ActivityTotals {
  const log = load.log ?? (() => {});
  const ws = sqlite.prepare('SELECT settings FROM workspaces WHERE id = ?').get(load.workspaceId) as { settings: string } | undefined;
  if (!ws) throw new Error(`No workspace ${load.workspaceId}`);
  const owner = sqlite.prepare("SELECT user_id FROM memberships WHERE workspace_id = ? ORDER BY CASE role WHEN 'owner' THEN 0 ELSE 1 END LIMIT 1").get(load.workspaceId) as { user_id: string } | undefined;
  const o = workspaceContext(ws.settings, load, owner?.user_id ?? null);
  const fresh = TABLES.every((t) => !sqlite.prepare(`SELECT 1 FROM ${t} LIMIT 1`).get());
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -1000000');
  // A rollback journal only copies pages that existed before: next to nothing for empty tables.
  if (fresh) sqlite.pragma('journal_mode = DELETE');
  const indexes = fresh
    ? (sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${TABLES.map(() => '?').join(', ')})`).all(...TABLES) as { name: string; sql: string }[])
    : [];
  // The per-row trigger that versions client counts would fire once per client updated below: re-created after, bumped once.
  const countsTrigger = sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'client_counts_au'").get() as { sql: string } | undefined;
  const insert = { interactions: multiInsert(sqlite, 'interactions', INTERACTION_COLUMNS), orders: multiInsert(sqlite, 'orders', ORDER_COLUMNS), timeline: multiInsert(sqlite, 'timeline_entries', TIMELINE_COLUMNS) };
  const readBatch = sqlite.prepare(`SELECT id, owner_id, created_at, status, is_guest FROM clients WHERE workspace_id = ? AND deleted_at IS NULL AND id > ? ORDER BY id LIMIT ${BATCH}`);
  const totals: ActivityTotals = { interactions: 0, orders: 0, timeline: 0, clients: 0 };
  const started = Date.now();
  sqlite.exec('BEGIN');
  try {
    for (const { name } of indexes) sqlite.exec(`DROP INDEX "${name}"`);
    let after = '';
    for (;;) {
      const clients = readBatch.all(load.workspaceId, after) as ClientRow[];
      if (!clients.length) break;
      after = clients[clients.length - 1]!.id;
      const batch: Batch = { interactions: [], orders: [], timeline: [] };
      for (const a of historyOf(clients, totals.clients, load, o, totals)) append(batch, a);
      insert.interactions(batch.interactions);
      insert.orders(batch.orders);
      insert.timeline(batch.timeline);
      if (totals.clients % 50_000 < BATCH) log(`${totals.clients.toLocaleString('en')} clients, ${(totals.interactions + totals.orders).toLocaleString('en')} records (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    log(`loaded in ${((Date.now() - started) / 1000).toFixed(0)} s; building ${indexes.length} indexes`);
    for (const { sql } of indexes) sqlite.exec(sql);
    log(`indexes built (${((Date.now() - started) / 1000).toFixed(0)} s); deriving client figures`);
    if (countsTrigger) sqlite.exec('DROP TRIGGER client_counts_au');
    for (const s of clientFiguresSql('sqlite', load.workspaceId, o.currency, new Date(o.now).toISOString())) sqlite.exec(s);
    if (countsTrigger) {
      sqlite.exec(countsTrigger.sql);
      sqlite.prepare('UPDATE client_counts SET version = version + 1 WHERE workspace_id = ?').run(load.workspaceId);
    }
    sqlite.exec('COMMIT');
  } catch (error) {
    sqlite.exec('ROLLBACK');
    throw error;
  }
  if (fresh) sqlite.pragma('journal_mode = WAL');
  log(`figures derived (${((Date.now() - started) / 1000).toFixed(0)} s); ANALYZE`);
  sqlite.exec('ANALYZE');
  return totals;
}

// ── PostgreSQL ───────────────────────────────────────────────────────────────

const copyValue = (v: unknown): string =>
  v === null || v === undefined ? '\\N' : String(v).replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));

async function copyRows(client: pg.Client, table: string, columns: readonly string[], rows: Row[], freeze: boolean): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN${freeze ? ' WITH (FREEZE)' : ''}`));
  function* lines() {
    let buffer = '';
    for (const row of rows) {
      buffer += columns.map((c) => copyValue(row[c])).join('\t') + '\n';
      if (buffer.length > 1 << 20) {
        yield buffer;
        buffer = '';
      }
    }
    if (buffer) yield buffer;
  }
  await pipeline(Readable.from(lines()), stream);
}

export async function loadActivityPg(connectionString: string, load: ActivityLoad): Promise<ActivityTotals> {
  const log = load.log ?? (() => {});
  const writer = new pg.Client({ connectionString });
  const reader = new pg.Client({ connectionString });
  await Promise.all([writer.connect(), reader.connect()]);
  try {
    const ws = (await reader.query('SELECT settings FROM workspaces WHERE id = $1', [load.workspaceId])).rows[0];
    if (!ws) throw new Error(`No workspace ${load.workspaceId}`);
    const owner = (await reader.query("SELECT user_id FROM memberships WHERE workspace_id = $1 ORDER BY CASE role WHEN 'owner' THEN 0 ELSE 1 END LIMIT 1", [load.workspaceId])).rows[0];
    const o = workspaceContext(ws.settings, load, owner?.user_id ?? null);
    let fresh = true;
    for (const t of TABLES) if ((await reader.query(`SELECT 1 FROM ${t} LIMIT 1`)).rowCount) fresh = false;
    let indexes: { indexdef: string }[] = [];
    let foreignKeys: { table: string; name: string; def: string }[] = [];
    if (fresh) {
      // Dropped in a transaction of their own: the reader then scans clients without waiting for the load's locks.
      ({ rows: indexes } = await writer.query(
        `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ANY($1) AND indexname NOT IN (SELECT conname FROM pg_constraint)`, [TABLES],
      ));
      ({ rows: foreignKeys } = await writer.query(
        `SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY($1)`, [TABLES],
      ));
      await writer.query('BEGIN');
      for (const f of foreignKeys) await writer.query(`ALTER TABLE ${f.table} DROP CONSTRAINT "${f.name}"`);
      for (const i of indexes as { indexname?: string }[]) await writer.query(`DROP INDEX "${i.indexname}"`);
      await writer.query('COMMIT');
    }
    await writer.query('BEGIN');
    await writer.query(`SET LOCAL maintenance_work_mem = '1GB'`);
    await writer.query('SET LOCAL synchronous_commit = off');
    // Emptied in this transaction, so COPY may write the rows frozen (no later vacuum rewrite; index-only scans right away).
    if (fresh) await writer.query(`TRUNCATE ${TABLES.join(', ')}`);
    const totals: ActivityTotals = { interactions: 0, orders: 0, timeline: 0, clients: 0 };
    const started = Date.now();
    let after = '';
    let pending: Promise<unknown> = Promise.resolve();
    for (;;) {
      const clients = (await reader.query(`SELECT id, owner_id, created_at, status, is_guest FROM clients WHERE workspace_id = $1 AND deleted_at IS NULL AND id > $2 ORDER BY id LIMIT ${BATCH}`, [load.workspaceId, after])).rows as ClientRow[];
      if (!clients.length) break;
      after = clients[clients.length - 1]!.id;
      const batch: Batch = { interactions: [], orders: [], timeline: [] };
      let k = 0;
      for (const a of historyOf(clients, totals.clients, load, o, totals)) {
        append(batch, a);
        // Let the previous batch's COPY stream on while this one is generated.
        if (++k % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      await pending;
      pending = (async () => {
        await copyRows(writer, 'interactions', INTERACTION_COLUMNS, batch.interactions, fresh);
        await copyRows(writer, 'orders', ORDER_COLUMNS, batch.orders, fresh);
        await copyRows(writer, 'timeline_entries', TIMELINE_COLUMNS, batch.timeline, fresh);
      })();
      if (totals.clients % 50_000 < BATCH) log(`${totals.clients.toLocaleString('en')} clients, ${(totals.interactions + totals.orders).toLocaleString('en')} records (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    await pending;
    log(`loaded in ${((Date.now() - started) / 1000).toFixed(0)} s; building ${indexes.length} indexes and ${foreignKeys.length} foreign keys`);
    for (const { indexdef } of indexes) await writer.query(indexdef);
    for (const f of foreignKeys) await writer.query(`ALTER TABLE ${f.table} ADD CONSTRAINT "${f.name}" ${f.def}`);
    log(`indexes built (${((Date.now() - started) / 1000).toFixed(0)} s); deriving client figures`);
    // PostgreSQL writes a new entry into every index of a row it rewrites (no HOT update: indexed
    // columns change), so the clients' own indexes are built again after the UPDATE instead.
    const { rows: clientIndexes } = await writer.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'clients' AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
    );
    for (const { indexname } of clientIndexes) await writer.query(`DROP INDEX "${indexname}"`);
    for (const s of clientFiguresSql('postgres', load.workspaceId, o.currency, new Date(o.now).toISOString())) await writer.query(s);
    log(`client figures derived (${((Date.now() - started) / 1000).toFixed(0)} s); building the ${clientIndexes.length} client indexes again`);
    for (const { indexdef } of clientIndexes) await writer.query(indexdef);
    await writer.query('COMMIT');
    log(`figures derived (${((Date.now() - started) / 1000).toFixed(0)} s); VACUUM ANALYZE`);
    for (const t of ['clients', ...TABLES]) await writer.query(`VACUUM ANALYZE ${t}`);
    return totals;
  } catch (error) {
    await writer.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await Promise.all([writer.end(), reader.end()]);
  }
}

// `npm run seed -- --clients N [--workspace <id>] [--seed <n>]`: loads N realistic sample
// clients into a workspace of the configured database (DATABASE_URL / DATA_DIR), fast enough
// for a million: SQLite through prepared statements in large transactions, PostgreSQL through
// COPY … FROM STDIN while the next chunk is generated.
import path from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../src/server/config';
import { syncCustomFieldIndexes } from '../src/server/custom-fields/custom-field.index';
import { openDatabase } from '../src/server/db/database';
import { migrateToLatest } from '../src/server/db/migrate';
import { generateSampleClients } from '../src/server/sample/sample.generator';
import { countAllClients, workspaceMemberIds } from '../src/server/sample/sample.service';
import { copySampleClientsPg, insertSampleClientsSqlite, prepareSampleVocabulary } from '../src/server/sample/sample.writer';

const { values } = parseArgs({ options: { clients: { type: 'string' }, workspace: { type: 'string' }, seed: { type: 'string', default: '42' } } });
const total = Number(values.clients);
if (!Number.isInteger(total) || total < 1) {
  console.error('usage: npm run seed -- --clients N [--workspace <id>] [--seed <n>]');
  process.exit(1);
}
const config = loadConfig();
const { db, dialect } = openDatabase({ ...config, poolSize: 2 });
await migrateToLatest(db);

const workspace = values.workspace
  ? await db.selectFrom('workspaces').select(['id', 'name']).where('id', '=', values.workspace).executeTakeFirst()
  : await db.selectFrom('workspaces').select(['id', 'name']).orderBy('created_at').limit(1).executeTakeFirst();
if (!workspace) {
  console.error(values.workspace ? `No workspace ${values.workspace}.` : 'No workspace yet: start the app and complete the set-up first (or pass --workspace).');
  process.exit(1);
}
const workspaceId = workspace.id;
const tagIds = await prepareSampleVocabulary(db, workspaceId);
// The sort indexes of the sample custom fields, built with the other indexes after the load.
await syncCustomFieldIndexes(db);
const owners = await workspaceMemberIds(db, workspaceId);
const createdBy = owners[0] ?? null;
const start = await countAllClients(db, workspaceId);
const options = { seed: Number(values.seed), ownerIds: owners, span: { first: start, count: total } };
// Loading into an empty clients table: drop its secondary indexes, load, and build them
// again at the end (a sort per index instead of a million random inserts), all in one
// transaction so nobody ever sees the table without them.
const fresh = (await db.selectFrom('clients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n == 0;
const LOADED_TABLES = ['clients', 'client_emails', 'client_phones', 'client_tags'];
const CHUNK = 50_000;
const started = Date.now();
const report = (done: number) => process.stdout.write(`\r${done.toLocaleString('en')} / ${total.toLocaleString('en')} clients (${((Date.now() - started) / 1000).toFixed(1)} s)`);

if (dialect === 'postgres') {
  await db.destroy();
  const client = new pg.Client({ connectionString: config.databaseUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query(`SET LOCAL maintenance_work_mem = '512MB'`);
  await client.query('SET LOCAL synchronous_commit = off');
  let indexes: { indexname: string; indexdef: string }[] = [];
  if (fresh) {
    ({ rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ANY($1)
       AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
      [LOADED_TABLES],
    ));
    for (const { indexname } of indexes) await client.query(`DROP INDEX "${indexname}"`);
  }
  let pending: Promise<unknown> = Promise.resolve();
  for (let done = 0; done < total; done += CHUNK) {
    const n = Math.min(CHUNK, total - done);
    const chunk = [...generateSampleClients(n, options, start + done)];
    await pending; // the previous chunk was written while this one was generated
    pending = copySampleClientsPg(client, workspaceId, chunk, tagIds, createdBy).then(() => report(done + n));
  }
  await pending;
  if (indexes.length) process.stdout.write(`\nBuilding ${indexes.length} indexes…`);
  for (const { indexdef } of indexes) await client.query(indexdef);
  await client.query('COMMIT');
  await client.query('ANALYZE clients');
  await client.query('ANALYZE client_tags');
  await client.end();
} else {
  await db.destroy();
  const sqlite = new SQLite(path.join(config.dataDir, 'rapport.sqlite'));
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -1000000');
  sqlite.pragma('busy_timeout = 10000');
  // The search index is filled per chunk with one INSERT … SELECT instead of a trigger call
  // per row (several times faster); the trigger is dropped and re-created inside the same
  // transaction, so no other connection ever sees clients without their search entries.
  const trigger = sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'clients_fts_ai'").get() as { sql: string } | undefined;
  if (fresh) {
    // A rollback journal only copies pages that existed before: next to nothing here.
    sqlite.pragma('journal_mode = DELETE');
    const indexes = sqlite
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${LOADED_TABLES.map(() => '?').join(', ')})`)
      .all(...LOADED_TABLES) as { name: string; sql: string }[];
    sqlite.exec('BEGIN');
    for (const { name } of indexes) sqlite.exec(`DROP INDEX "${name}"`);
    if (trigger) sqlite.exec('DROP TRIGGER clients_fts_ai');
    for (let done = 0; done < total; done += CHUNK) {
      const n = Math.min(CHUNK, total - done);
      insertSampleClientsSqlite(sqlite, workspaceId, [...generateSampleClients(n, options, start + done)], tagIds, createdBy);
      report(done + n);
    }
    process.stdout.write(`\nBuilding ${indexes.length} indexes and the search index…`);
    for (const { sql } of indexes) sqlite.exec(sql);
    if (trigger) {
      sqlite.exec(`INSERT INTO clients_fts(clients_fts) VALUES ('rebuild')`);
      sqlite.exec(trigger.sql);
    }
    sqlite.exec('COMMIT');
    sqlite.pragma('journal_mode = WAL');
  } else {
    const write = sqlite.transaction((chunk: ReturnType<typeof generateSampleClients> extends Generator<infer C> ? C[] : never) => {
      const before = (sqlite.prepare('SELECT coalesce(max(rowid), 0) AS r FROM clients').get() as { r: number }).r;
      if (trigger) sqlite.exec('DROP TRIGGER clients_fts_ai');
      insertSampleClientsSqlite(sqlite, workspaceId, chunk, tagIds, createdBy);
      if (trigger) {
        sqlite.prepare('INSERT INTO clients_fts(rowid, search_text) SELECT rowid, search_text FROM clients WHERE rowid > ?').run(before);
        sqlite.exec(trigger.sql);
      }
    });
    for (let done = 0; done < total; done += CHUNK) {
      const n = Math.min(CHUNK, total - done);
      write([...generateSampleClients(n, options, start + done)]);
      report(done + n);
    }
  }
  sqlite.exec('ANALYZE');
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  sqlite.close();
}
process.stdout.write(`\nSeeded ${total.toLocaleString('en')} clients into “${workspace.name}” (${workspaceId}) in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);

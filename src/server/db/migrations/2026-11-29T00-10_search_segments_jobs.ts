import { sql, type Kysely } from 'kysely';
import { dialectOf, jsonType, timestampType } from '../dialect';

// The client list: substring search over clients.search_text, the sort and filter indexes,
// saved segments, static groups and the background job table. Frozen once landed.
//
// Search: SQLite keeps an FTS5 table with the trigram tokenizer over search_text (external
// content = clients, by rowid, kept in step by triggers in the writing transaction);
// PostgreSQL a pg_trgm GIN index. Both answer `search_text LIKE '%term%'` from the index.
// (SQLite: VACUUM may renumber the rowids of clients; run
// `INSERT INTO clients_fts(clients_fts) VALUES('rebuild')` after a VACUUM.)
//
// Sorts: every list sort has a partial index over live clients (deleted_at IS NULL),
// (workspace_id, sort key, id) — the id is the keyset tie-break. On PostgreSQL nullable keys
// are NULLS FIRST so both databases order NULL as the lowest value, and sort_name uses
// COLLATE "C" (byte order, as SQLite's BINARY): the same order on both, and cheap compares.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db);
  const json = jsonType(db);
  const pg = dialectOf(db) === 'postgres';

  if (pg) {
    await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
    await sql`CREATE INDEX clients_search_trgm_idx ON clients USING gin (search_text gin_trgm_ops)`.execute(db);
  } else {
    await sql`CREATE VIRTUAL TABLE clients_fts USING fts5(search_text, content='clients', content_rowid='rowid', tokenize='trigram')`.execute(db);
    await sql`INSERT INTO clients_fts(clients_fts) VALUES ('rebuild')`.execute(db);
    await sql`CREATE TRIGGER clients_fts_ai AFTER INSERT ON clients BEGIN
      INSERT INTO clients_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
    END`.execute(db);
    await sql`CREATE TRIGGER clients_fts_ad AFTER DELETE ON clients BEGIN
      INSERT INTO clients_fts(clients_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    END`.execute(db);
    await sql`CREATE TRIGGER clients_fts_au AFTER UPDATE OF search_text ON clients WHEN old.search_text IS NOT new.search_text BEGIN
      INSERT INTO clients_fts(clients_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
      INSERT INTO clients_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
    END`.execute(db);
  }

  const live = sql`WHERE deleted_at IS NULL`;
  const nullsFirst = pg ? sql` NULLS FIRST` : sql``;
  const byName = pg ? sql`sort_name COLLATE "C"` : sql`sort_name`;
  await sql`CREATE INDEX clients_live_name_idx ON clients (workspace_id, ${byName}, id) ${live}`.execute(db);
  await sql`CREATE INDEX clients_live_created_idx ON clients (workspace_id, created_at, id) ${live}`.execute(db);
  await sql`CREATE INDEX clients_live_updated_idx ON clients (workspace_id, updated_at, id) ${live}`.execute(db);
  await sql`CREATE INDEX clients_live_activity_idx ON clients (workspace_id, last_activity_at${nullsFirst}, id) ${live}`.execute(db);
  await sql`CREATE INDEX clients_live_order_idx ON clients (workspace_id, last_order_at${nullsFirst}, id) ${live}`.execute(db);
  await sql`CREATE INDEX clients_live_health_idx ON clients (workspace_id, health_score${nullsFirst}, id) ${live}`.execute(db);
  // Filters: status (also "status = x sorted by name"), owner, place.
  await sql`CREATE INDEX clients_live_status_idx ON clients (workspace_id, status, ${byName}, id) ${live}`.execute(db);
  await sql`CREATE INDEX clients_live_owner_idx ON clients (workspace_id, owner_id) ${live}`.execute(db);
  await sql`CREATE INDEX clients_live_place_idx ON clients (workspace_id, country, city) ${live}`.execute(db);

  await db.schema
    .createTable('segments')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('filter', json, (c) => c.notNull())
    .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('owner_user_id', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('segments_pk', ['workspace_id', 'id'])
    .execute();

  await db.schema
    .createTable('groups')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('groups_pk', ['workspace_id', 'id'])
    .execute();

  await db.schema
    .createTable('group_members')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('added_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('group_members_pk', ['workspace_id', 'group_id', 'client_id'])
    .addForeignKeyConstraint('group_members_group_fk', ['workspace_id', 'group_id'], 'groups', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .addForeignKeyConstraint('group_members_client_fk', ['workspace_id', 'client_id'], 'clients', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('group_members_client_idx').on('group_members').columns(['workspace_id', 'client_id']).execute();

  // Background jobs (bulk actions, imports): claimed with a conditional UPDATE, resumed from
  // `state` when their worker stops beating.
  await db.schema
    .createTable('jobs')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('params', json, (c) => c.notNull())
    .addColumn('total', 'integer')
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('result', json)
    .addColumn('state', json)
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_by', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('started_at', ts)
    .addColumn('finished_at', ts)
    .addColumn('heartbeat_at', ts)
    .addPrimaryKeyConstraint('jobs_pk', ['workspace_id', 'id'])
    .execute();
  await db.schema.createIndex('jobs_status_idx').on('jobs').columns(['status', 'created_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('The list migration cannot be reverted.');
}

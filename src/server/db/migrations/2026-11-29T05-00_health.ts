import { sql, type Kysely } from 'kysely';
import { dialectOf, jsonType, timestampType } from '../dialect';

// Health scores (docs/dev/health-plan.md §3): the latest score per client with its
// explanation and inputs, the history packed one row per client and month, live clients per
// band kept by triggers (the dashboard reads a few rows, not a million), and the queue of
// clients waiting for a recompute. Frozen once landed.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db);
  const json = jsonType(db);
  const clientFk = (table: string): [string, any[], string, string[]] => [`${table}_client_fk`, ['workspace_id', 'client_id'], 'clients', ['workspace_id', 'id']];

  await db.schema
    .createTable('health_scores')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('score', 'integer')
    .addColumn('band', 'text')
    .addColumn('computed_score', 'integer')
    .addColumn('computed_band', 'text')
    .addColumn('explanation', json, (c) => c.notNull())
    .addColumn('inputs', json, (c) => c.notNull())
    .addColumn('last_change', json)
    .addColumn('last_change_at', ts)
    .addColumn('override', json)
    .addColumn('override_expires_at', ts)
    .addColumn('settings_version', 'integer', (c) => c.notNull())
    .addColumn('computed_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addPrimaryKeyConstraint('health_scores_pk', ['workspace_id', 'client_id'])
    .addForeignKeyConstraint(...clientFk('health_scores'), (fk) => fk.onDelete('cascade'))
    .execute();
  // The nightly job clears expired overrides by this range.
  await sql`CREATE INDEX health_scores_override_idx ON health_scores (workspace_id, override_expires_at) WHERE override_expires_at IS NOT NULL`.execute(db);

  await db.schema
    .createTable('health_history')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('scores', 'text', (c) => c.notNull())
    .addColumn('bands', 'text', (c) => c.notNull())
    .addColumn('band_keys', json, (c) => c.notNull())
    .addPrimaryKeyConstraint('health_history_pk', ['workspace_id', 'client_id', 'month'])
    .addForeignKeyConstraint(...clientFk('health_history'), (fk) => fk.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('health_queue')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('queued_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('health_queue_pk', ['workspace_id', 'client_id'])
    .addForeignKeyConstraint(...clientFk('health_queue'), (fk) => fk.onDelete('cascade'))
    .execute();

  // Band '' = not scored yet (a primary key column cannot hold null on PostgreSQL).
  await db.schema
    .createTable('health_band_counts')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('band', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('health_band_counts_pk', ['workspace_id', 'band'])
    .execute();
  await sql`INSERT INTO health_band_counts (workspace_id, band, count)
    SELECT workspace_id, coalesce(health_band, ''), count(*) FROM clients WHERE deleted_at IS NULL GROUP BY workspace_id, coalesce(health_band, '')`.execute(db);

  if (dialectOf(db) === 'postgres') {
    // Statement-level with transition tables, like client_counts: a bulk write adjusts each counter once.
    // An UPDATE moves every changed row out of its old band and into its new one (net 0 when unchanged).
    await sql`CREATE FUNCTION health_band_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO health_band_counts AS hc (workspace_id, band, count)
          SELECT workspace_id, band, sum(n) FROM (
            SELECT workspace_id, coalesce(health_band, '') AS band, 1 AS n FROM new_rows WHERE deleted_at IS NULL
            UNION ALL
            SELECT workspace_id, coalesce(health_band, ''), -1 FROM old_rows WHERE deleted_at IS NULL
          ) d GROUP BY workspace_id, band HAVING sum(n) <> 0
        ON CONFLICT (workspace_id, band) DO UPDATE SET count = hc.count + excluded.count;
        RETURN NULL;
      END $$`.execute(db);
    // A transition table named in the function must exist for every event: INSERT and DELETE get their own functions.
    await sql`CREATE FUNCTION health_band_counts_ins() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO health_band_counts AS hc (workspace_id, band, count)
          SELECT workspace_id, coalesce(health_band, ''), count(*) FROM new_rows WHERE deleted_at IS NULL GROUP BY workspace_id, coalesce(health_band, '')
        ON CONFLICT (workspace_id, band) DO UPDATE SET count = hc.count + excluded.count;
        RETURN NULL;
      END $$`.execute(db);
    await sql`CREATE FUNCTION health_band_counts_del() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE health_band_counts hc SET count = hc.count - o.n
        FROM (SELECT workspace_id, coalesce(health_band, '') AS band, count(*) AS n FROM old_rows WHERE deleted_at IS NULL GROUP BY 1, 2) o
        WHERE hc.workspace_id = o.workspace_id AND hc.band = o.band;
        RETURN NULL;
      END $$`.execute(db);
    await sql`CREATE TRIGGER health_band_counts_ins AFTER INSERT ON clients REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION health_band_counts_ins()`.execute(db);
    await sql`CREATE TRIGGER health_band_counts_upd AFTER UPDATE ON clients REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION health_band_counts_apply()`.execute(db);
    await sql`CREATE TRIGGER health_band_counts_del AFTER DELETE ON clients REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION health_band_counts_del()`.execute(db);
  } else {
    const add = (row: 'new' | 'old', n: 1 | -1) => sql.raw(`INSERT INTO health_band_counts (workspace_id, band, count) VALUES (${row}.workspace_id, coalesce(${row}.health_band, ''), ${n})
      ON CONFLICT (workspace_id, band) DO UPDATE SET count = count + excluded.count;`);
    await sql`CREATE TRIGGER health_band_counts_ai AFTER INSERT ON clients WHEN new.deleted_at IS NULL BEGIN ${add('new', 1)} END`.execute(db);
    await sql`CREATE TRIGGER health_band_counts_ad AFTER DELETE ON clients WHEN old.deleted_at IS NULL BEGIN ${add('old', -1)} END`.execute(db);
    await sql`CREATE TRIGGER health_band_counts_au_old AFTER UPDATE OF health_band, deleted_at ON clients
      WHEN old.deleted_at IS NULL AND (new.deleted_at IS NOT NULL OR coalesce(old.health_band, '') <> coalesce(new.health_band, '')) BEGIN ${add('old', -1)} END`.execute(db);
    await sql`CREATE TRIGGER health_band_counts_au_new AFTER UPDATE OF health_band, deleted_at ON clients
      WHEN new.deleted_at IS NULL AND (old.deleted_at IS NOT NULL OR coalesce(old.health_band, '') <> coalesce(new.health_band, '')) BEGIN ${add('new', 1)} END`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('The health migration cannot be reverted.');
}

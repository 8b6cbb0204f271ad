import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect';

// client_counts.version: bumped by every write to a workspace's clients (same triggers, same
// transaction). A count computed at version v stays exact while the version is v, so the list
// can reuse the total of a search or filter across pages and repeated requests instead of
// counting tens of thousands of matches again. Frozen once landed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('client_counts').addColumn('version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  if (dialectOf(db) === 'postgres') {
    await sql`CREATE OR REPLACE FUNCTION client_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO client_counts AS cc (workspace_id, live, deleted, version)
            SELECT workspace_id, count(*) FILTER (WHERE deleted_at IS NULL), count(*) FILTER (WHERE deleted_at IS NOT NULL), 1
            FROM new_rows GROUP BY workspace_id
          ON CONFLICT (workspace_id) DO UPDATE SET live = cc.live + excluded.live, deleted = cc.deleted + excluded.deleted, version = cc.version + 1;
        ELSIF TG_OP = 'DELETE' THEN
          UPDATE client_counts cc SET live = cc.live - o.live, deleted = cc.deleted - o.deleted, version = cc.version + 1
          FROM (SELECT workspace_id, count(*) FILTER (WHERE deleted_at IS NULL) AS live, count(*) FILTER (WHERE deleted_at IS NOT NULL) AS deleted
                FROM old_rows GROUP BY workspace_id) o
          WHERE cc.workspace_id = o.workspace_id;
        ELSE
          UPDATE client_counts cc SET live = cc.live + d.moved, deleted = cc.deleted - d.moved, version = cc.version + 1
          FROM (SELECT n.workspace_id, sum(CASE WHEN (n.deleted_at IS NULL) = (o.deleted_at IS NULL) THEN 0 WHEN n.deleted_at IS NULL THEN 1 ELSE -1 END) AS moved
                FROM new_rows n JOIN old_rows o ON o.workspace_id = n.workspace_id AND o.id = n.id GROUP BY n.workspace_id) d
          WHERE cc.workspace_id = d.workspace_id;
        END IF;
        RETURN NULL;
      END $$`.execute(db);
    return;
  }
  await sql`DROP TRIGGER client_counts_ai`.execute(db);
  await sql`DROP TRIGGER client_counts_ad`.execute(db);
  await sql`DROP TRIGGER client_counts_au`.execute(db);
  await sql`CREATE TRIGGER client_counts_ai AFTER INSERT ON clients BEGIN
    INSERT INTO client_counts (workspace_id, live, deleted, version) VALUES (new.workspace_id, new.deleted_at IS NULL, new.deleted_at IS NOT NULL, 1)
    ON CONFLICT (workspace_id) DO UPDATE SET live = live + excluded.live, deleted = deleted + excluded.deleted, version = version + 1;
  END`.execute(db);
  await sql`CREATE TRIGGER client_counts_ad AFTER DELETE ON clients BEGIN
    UPDATE client_counts SET live = live - (old.deleted_at IS NULL), deleted = deleted - (old.deleted_at IS NOT NULL), version = version + 1 WHERE workspace_id = old.workspace_id;
  END`.execute(db);
  await sql`CREATE TRIGGER client_counts_au AFTER UPDATE ON clients BEGIN
    UPDATE client_counts SET live = live + (new.deleted_at IS NULL) - (old.deleted_at IS NULL),
      deleted = deleted + (new.deleted_at IS NOT NULL) - (old.deleted_at IS NOT NULL), version = version + 1 WHERE workspace_id = new.workspace_id;
  END`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The client counts version migration cannot be reverted.');
}

import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect';

// Live and Trash client counts per workspace, kept by triggers in the writing transaction,
// so the list's unfiltered total is one row read instead of a count over a million index
// entries. PostgreSQL uses statement-level triggers with transition tables: a COPY or a
// bulk UPDATE adjusts the counter once per statement, not once per row. Frozen once landed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('client_counts')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    .addColumn('live', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`INSERT INTO client_counts (workspace_id, live, deleted)
    SELECT workspace_id, sum(CASE WHEN deleted_at IS NULL THEN 1 ELSE 0 END), sum(CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END)
    FROM clients GROUP BY workspace_id`.execute(db);

  if (dialectOf(db) === 'postgres') {
    await sql`CREATE FUNCTION client_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO client_counts AS cc (workspace_id, live, deleted)
            SELECT workspace_id, count(*) FILTER (WHERE deleted_at IS NULL), count(*) FILTER (WHERE deleted_at IS NOT NULL)
            FROM new_rows GROUP BY workspace_id
          ON CONFLICT (workspace_id) DO UPDATE SET live = cc.live + excluded.live, deleted = cc.deleted + excluded.deleted;
        ELSIF TG_OP = 'DELETE' THEN
          UPDATE client_counts cc SET live = cc.live - o.live, deleted = cc.deleted - o.deleted
          FROM (SELECT workspace_id, count(*) FILTER (WHERE deleted_at IS NULL) AS live, count(*) FILTER (WHERE deleted_at IS NOT NULL) AS deleted
                FROM old_rows GROUP BY workspace_id) o
          WHERE cc.workspace_id = o.workspace_id;
        ELSE
          -- Only rows moved to or from Trash change a count; other updates touch no counter row.
          UPDATE client_counts cc SET live = cc.live + d.moved, deleted = cc.deleted - d.moved
          FROM (SELECT n.workspace_id, sum(CASE WHEN n.deleted_at IS NULL THEN 1 ELSE -1 END) AS moved
                FROM new_rows n JOIN old_rows o ON o.workspace_id = n.workspace_id AND o.id = n.id
                WHERE (n.deleted_at IS NULL) <> (o.deleted_at IS NULL) GROUP BY n.workspace_id) d
          WHERE cc.workspace_id = d.workspace_id;
        END IF;
        RETURN NULL;
      END $$`.execute(db);
    await sql`CREATE TRIGGER client_counts_ins AFTER INSERT ON clients REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION client_counts_apply()`.execute(db);
    await sql`CREATE TRIGGER client_counts_upd AFTER UPDATE ON clients REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION client_counts_apply()`.execute(db);
    await sql`CREATE TRIGGER client_counts_del AFTER DELETE ON clients REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION client_counts_apply()`.execute(db);
  } else {
    await sql`CREATE TRIGGER client_counts_ai AFTER INSERT ON clients BEGIN
      INSERT INTO client_counts (workspace_id, live, deleted) VALUES (new.workspace_id, new.deleted_at IS NULL, new.deleted_at IS NOT NULL)
      ON CONFLICT (workspace_id) DO UPDATE SET live = live + excluded.live, deleted = deleted + excluded.deleted;
    END`.execute(db);
    await sql`CREATE TRIGGER client_counts_ad AFTER DELETE ON clients BEGIN
      UPDATE client_counts SET live = live - (old.deleted_at IS NULL), deleted = deleted - (old.deleted_at IS NOT NULL) WHERE workspace_id = old.workspace_id;
    END`.execute(db);
    await sql`CREATE TRIGGER client_counts_au AFTER UPDATE OF deleted_at ON clients WHEN (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
      UPDATE client_counts SET live = live + (new.deleted_at IS NULL) - (old.deleted_at IS NULL),
        deleted = deleted + (new.deleted_at IS NOT NULL) - (old.deleted_at IS NOT NULL) WHERE workspace_id = new.workspace_id;
    END`.execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('The client counts migration cannot be reverted.');
}

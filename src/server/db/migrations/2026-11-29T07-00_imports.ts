import type { Kysely } from 'kysely';
import { jsonType, timestampType } from '../dialect';

// Imports: one row per uploaded file with its options, counts and cursor (committed_rows moves
// in the same transaction as each batch, so a resumed import never writes a row twice);
// import_rows, what each import created or changed (before values) for undo days later;
// import_errors, the rejected rows with their cells; import_presets, saved mappings.
// Frozen once landed.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db);
  const json = jsonType(db);
  await db.schema
    .createTable('imports')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('file_key', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_size', 'bigint', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('encoding', 'text')
    .addColumn('delimiter', 'text')
    .addColumn('headers', json, (c) => c.notNull())
    .addColumn('options', json)
    .addColumn('dry_run', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total_rows', 'integer')
    .addColumn('committed_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bytes_read', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('job_id', 'text')
    .addColumn('error', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('started_at', ts)
    .addColumn('finished_at', ts)
    .addColumn('undone_at', ts)
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('imports_pk', ['workspace_id', 'id'])
    .execute();
  await db.schema.createIndex('imports_ws_created_idx').on('imports').columns(['workspace_id', 'created_at', 'id']).execute();

  await db.schema
    .createTable('import_rows')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('before', json)
    .addColumn('after', json)
    .addPrimaryKeyConstraint('import_rows_pk', ['workspace_id', 'import_id', 'row_number'])
    .addForeignKeyConstraint('import_rows_import_fk', ['workspace_id', 'import_id'], 'imports', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('import_errors')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('field', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('raw', json)
    .addPrimaryKeyConstraint('import_errors_pk', ['workspace_id', 'import_id', 'row_number', 'seq'])
    .addForeignKeyConstraint('import_errors_import_fk', ['workspace_id', 'import_id'], 'imports', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('import_presets')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('mapping', json, (c) => c.notNull())
    .addColumn('transforms', json, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('import_presets_pk', ['workspace_id', 'id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('The imports migration cannot be reverted.');
}

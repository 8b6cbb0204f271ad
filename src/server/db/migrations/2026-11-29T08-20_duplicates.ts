import { sql, type Kysely } from 'kysely';
import { jsonType, timestampType } from '../dialect';

// Duplicates: candidate pairs (client_a < client_b) with their score, reasons and cluster;
// clusters (the review queue's rows, ordered by their best score); pairs a person marked
// "not a duplicate" (kept apart for good); merges (what moved, for undo) and the merged
// client's pointer to its survivor. Frozen once landed.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db);
  const json = jsonType(db);
  await db.schema
    .createTable('duplicate_pairs')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('client_a', 'text', (c) => c.notNull())
    .addColumn('client_b', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('reasons', json, (c) => c.notNull())
    .addColumn('cluster_id', 'text', (c) => c.notNull())
    .addColumn('found_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('duplicate_pairs_pk', ['workspace_id', 'client_a', 'client_b'])
    .execute();
  await db.schema.createIndex('duplicate_pairs_b_idx').on('duplicate_pairs').columns(['workspace_id', 'client_b']).execute();
  await db.schema.createIndex('duplicate_pairs_cluster_idx').on('duplicate_pairs').columns(['workspace_id', 'cluster_id']).execute();

  await db.schema
    .createTable('duplicate_clusters')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('duplicate_clusters_pk', ['workspace_id', 'id'])
    .execute();
  await sql`CREATE INDEX duplicate_clusters_score_idx ON duplicate_clusters (workspace_id, score DESC, id)`.execute(db);

  await db.schema
    .createTable('duplicate_dismissals')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('client_a', 'text', (c) => c.notNull())
    .addColumn('client_b', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('duplicate_dismissals_pk', ['workspace_id', 'client_a', 'client_b'])
    .execute();

  await db.schema.alterTable('clients').addColumn('merged_into', 'text').execute();

  await db.schema
    .createTable('client_merges')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('survivor_id', 'text', (c) => c.notNull())
    .addColumn('source_ids', json, (c) => c.notNull())
    .addColumn('fields', json, (c) => c.notNull())
    .addColumn('moved', json, (c) => c.notNull())
    .addColumn('before', json, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('undone_at', ts)
    .addPrimaryKeyConstraint('client_merges_pk', ['workspace_id', 'id'])
    .execute();
  await db.schema.createIndex('client_merges_survivor_idx').on('client_merges').columns(['workspace_id', 'survivor_id']).execute();
}

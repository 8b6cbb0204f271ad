import { sql, type Kysely } from 'kysely';
import { dialectOf, jsonType, timestampType } from '../dialect';

// Client records: clients with their e-mail/phone lookup tables, tags and tag categories,
// custom field definitions, contacts, photos and the instance-wide company directory.
// Every tenant table leads with workspace_id in its primary, unique and foreign keys.
// Booleans are integers 0/1 on both databases (better-sqlite3 cannot bind a boolean).
// Frozen once landed; the list's search and sort indexes come in 2026-11-29T00-10.
export async function up(db: Kysely<any>): Promise<void> {
  const ts = timestampType(db);
  const json = jsonType(db);
  const blob = dialectOf(db) === 'postgres' ? sql`bytea` : sql`blob`;

  await db.schema
    .alterTable('users')
    .addColumn('is_instance_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // The person who set the instance up (the oldest account) administers it.
  await sql`UPDATE users SET is_instance_admin = 1 WHERE id = (SELECT id FROM users ORDER BY created_at, id LIMIT 1)`.execute(db);

  await db.schema
    .createTable('directory_companies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('website', 'text')
    .addColumn('address', json)
    .addColumn('notes', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('directory_companies_name_idx').on('directory_companies').columns(['name_key', 'id']).execute();

  await db.schema
    .createTable('clients')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('company_name', 'text')
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('sort_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('emails', json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('phones', json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('date_of_birth', 'text')
    .addColumn('addresses', json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('city', 'text')
    .addColumn('country', 'text')
    .addColumn('occupation', 'text')
    .addColumn('industry', 'text')
    .addColumn('company_size', 'text')
    .addColumn('referral_source', 'text')
    .addColumn('preferred_language', 'text')
    .addColumn('special_requirements', 'text')
    .addColumn('photo_id', 'text')
    .addColumn('owner_id', 'text')
    .addColumn('lifecycle_stage', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('status_changed_at', ts)
    .addColumn('notes', 'text')
    .addColumn('tags', json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('custom_fields', json, (c) => c.notNull().defaultTo('{}'))
    .addColumn('directory_company_id', 'text', (c) => c.references('directory_companies.id').onDelete('set null'))
    .addColumn('health_score', 'integer')
    .addColumn('health_band', 'text')
    .addColumn('is_guest', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_activity_at', ts)
    .addColumn('last_order_at', ts)
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('deleted_at', ts)
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'text')
    .addPrimaryKeyConstraint('clients_pk', ['workspace_id', 'id'])
    .execute();
  // Trash (deleted=only) and its purge; the live list's indexes are the list migration's.
  await db.schema.createIndex('clients_deleted_idx').on('clients').columns(['workspace_id', 'deleted_at']).execute();

  // One row per e-mail of every live client: the unique index behind 409 + existingClientId.
  await db.schema
    .createTable('client_emails')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('email_normalized', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_emails_pk', ['workspace_id', 'email_normalized'])
    .addForeignKeyConstraint('client_emails_client_fk', ['workspace_id', 'client_id'], 'clients', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('client_emails_client_idx').on('client_emails').columns(['workspace_id', 'client_id']).execute();

  await db.schema
    .createTable('client_phones')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('e164', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_phones_pk', ['workspace_id', 'client_id', 'e164'])
    .addForeignKeyConstraint('client_phones_client_fk', ['workspace_id', 'client_id'], 'clients', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('client_phones_e164_idx').on('client_phones').columns(['workspace_id', 'e164']).execute();

  // Tags keep a category id without a foreign key: a composite SET NULL would also null
  // workspace_id. Deleting a category clears it in the same transaction instead.
  await db.schema
    .createTable('tag_categories')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('color', 'text')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('tag_categories_pk', ['workspace_id', 'id'])
    .addUniqueConstraint('tag_categories_name_uq', ['workspace_id', 'name_key'])
    .execute();

  await db.schema
    .createTable('tags')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text')
    .addColumn('color', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('tags_pk', ['workspace_id', 'id'])
    .addUniqueConstraint('tags_name_uq', ['workspace_id', 'name_key'])
    .execute();

  await db.schema
    .createTable('client_tags')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('tag_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_tags_pk', ['workspace_id', 'tag_id', 'client_id'])
    .addForeignKeyConstraint('client_tags_tag_fk', ['workspace_id', 'tag_id'], 'tags', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .addForeignKeyConstraint('client_tags_client_fk', ['workspace_id', 'client_id'], 'clients', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('client_tags_client_idx').on('client_tags').columns(['workspace_id', 'client_id']).execute();

  await db.schema
    .createTable('custom_fields')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('options', json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('custom_fields_pk', ['workspace_id', 'id'])
    .addUniqueConstraint('custom_fields_key_uq', ['workspace_id', 'key'])
    .execute();

  await db.schema
    .createTable('contacts')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('emails', json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('phones', json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('role', 'text')
    .addColumn('title', 'text')
    .addColumn('department', 'text')
    .addColumn('engagement', 'text')
    .addColumn('preferences', json, (c) => c.notNull().defaultTo('{}'))
    .addColumn('reports_to_id', 'text')
    .addColumn('influences', json, (c) => c.notNull().defaultTo('[]'))
    .addColumn('notes', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('contacts_pk', ['workspace_id', 'id'])
    .addForeignKeyConstraint('contacts_client_fk', ['workspace_id', 'client_id'], 'clients', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('contacts_client_idx').on('contacts').columns(['workspace_id', 'client_id']).execute();

  // Photos stay in the database so API servers stay stateless.
  await db.schema
    .createTable('client_photos')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('bytes', blob, (c) => c.notNull())
    .addColumn('thumb_type', 'text', (c) => c.notNull())
    .addColumn('thumb', blob, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('client_photos_pk', ['workspace_id', 'client_id'])
    .addForeignKeyConstraint('client_photos_client_fk', ['workspace_id', 'client_id'], 'clients', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('The clients migration cannot be reverted.');
}

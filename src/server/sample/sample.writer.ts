import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { sql, type Insertable, type Kysely } from 'kysely';
import { normalizeSearch } from '../../domain/searchText';
import { dialectOf, toJson } from '../db/dialect';
import { newId, nowIso } from '../db/ids';
import type { ClientTable, Database } from '../db/schema';
import { sampleCustomFields, sampleTagCategories, type SampleClient } from './sample.generator';

type Db = Kysely<Database>;

/**
 * Writes sample clients exactly as the client service stores a client: the row (with
 * display/sort name, primary e-mail and phone, JSON copies of e-mails, phones, addresses,
 * tags and custom fields, search_text), one client_emails row per e-mail, one client_phones
 * row per phone and one client_tags row per tag. Three ways: through Kysely (any size, used
 * by POST /sample-data), and two bulk paths for `npm run seed` at a million rows.
 */

/** The clients row of a sample client. */
export function sampleClientRow(c: SampleClient, workspaceId: string, createdBy: string | null): Insertable<ClientTable> {
  return {
    workspace_id: workspaceId,
    id: c.id,
    type: c.type,
    first_name: c.firstName,
    last_name: c.lastName,
    company_name: c.companyName,
    display_name: c.displayName,
    sort_name: c.sortName,
    email: c.email,
    phone: c.phone,
    emails: toJson([{ value: c.email, label: c.type === 'business' ? 'work' : 'home', primary: true }]),
    phones: toJson([{ value: c.phone, label: 'mobile', primary: true }]),
    date_of_birth: c.dateOfBirth,
    addresses: toJson([c.address]),
    city: c.address.city,
    country: c.address.country,
    occupation: c.occupation,
    industry: c.industry,
    company_size: c.companySize,
    referral_source: c.referralSource,
    preferred_language: c.preferredLanguage,
    special_requirements: null,
    photo_id: null,
    owner_id: c.ownerId,
    lifecycle_stage: c.lifecycleStage,
    status: c.status,
    status_reason: c.statusReason,
    status_changed_at: c.createdAt,
    notes: null,
    tags: toJson(c.tags),
    custom_fields: toJson(c.customFields),
    directory_company_id: null,
    health_score: c.healthScore,
    health_band: c.healthBand,
    is_guest: c.isGuest ? 1 : 0,
    last_activity_at: c.lastActivityAt,
    last_order_at: c.lastOrderAt,
    search_text: c.searchText,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    deleted_at: null,
    version: 1,
    created_by: createdBy,
  };
}

const CLIENT_COLUMNS: readonly string[] = Object.keys(sampleClientRow({ address: {} } as SampleClient, '', null));

/**
 * Creates the sample tag categories, tags and custom field definitions the workspace does
 * not have yet. Returns tag name → tag id (existing tags of the same name are reused).
 */
export async function prepareSampleVocabulary(db: Db, workspaceId: string): Promise<Map<string, string>> {
  const now = nowIso();
  const tagIds = new Map<string, string>();
  for (const [position, category] of sampleTagCategories.entries()) {
    const key = normalizeSearch(category.name);
    let cat = await db.selectFrom('tag_categories').select('id').where('workspace_id', '=', workspaceId).where('name_key', '=', key).executeTakeFirst();
    if (!cat) {
      cat = { id: newId() };
      await db.insertInto('tag_categories').values({ workspace_id: workspaceId, id: cat.id, name: category.name, name_key: key, color: category.color, position, created_at: now, updated_at: now }).execute();
    }
    for (const name of category.tags) {
      const nameKey = normalizeSearch(name);
      let tag = await db.selectFrom('tags').select('id').where('workspace_id', '=', workspaceId).where('name_key', '=', nameKey).executeTakeFirst();
      if (!tag) {
        tag = { id: newId() };
        await db.insertInto('tags').values({ workspace_id: workspaceId, id: tag.id, name, name_key: nameKey, category_id: cat.id, color: null, created_at: now, updated_at: now }).execute();
      }
      tagIds.set(name, tag.id);
    }
  }
  for (const [position, field] of sampleCustomFields.entries()) {
    const exists = await db.selectFrom('custom_fields').select('id').where('workspace_id', '=', workspaceId).where('key', '=', field.key).executeTakeFirst();
    if (!exists) {
      await db
        .insertInto('custom_fields')
        .values({ workspace_id: workspaceId, id: newId(), key: field.key, label: field.label, type: field.type, options: toJson(field.options), required: 0, position, created_at: now, updated_at: now })
        .execute();
    }
  }
  return tagIds;
}

type Links = { emails: { workspace_id: string; email_normalized: string; client_id: string }[]; phones: { workspace_id: string; client_id: string; e164: string }[]; tags: { workspace_id: string; tag_id: string; client_id: string }[] };

function linksOf(clients: readonly SampleClient[], workspaceId: string, tagIds: Map<string, string>): Links {
  const links: Links = { emails: [], phones: [], tags: [] };
  for (const c of clients) {
    links.emails.push({ workspace_id: workspaceId, email_normalized: c.emailNormalized, client_id: c.id });
    links.phones.push({ workspace_id: workspaceId, client_id: c.id, e164: c.phone });
    for (const t of c.tags) links.tags.push({ workspace_id: workspaceId, tag_id: tagIds.get(t)!, client_id: c.id });
  }
  return links;
}

/** Inserts sample clients through Kysely in batches (call inside a transaction). */
export async function insertSampleClients(db: Db, workspaceId: string, clients: readonly SampleClient[], tagIds: Map<string, string>, createdBy: string | null): Promise<void> {
  if (dialectOf(db) === 'postgres') return insertSampleClientsPg(db, workspaceId, clients, tagIds, createdBy);
  const batch = 100; // 44 columns × 100 rows stays under SQLite's bound-parameter limit
  for (let i = 0; i < clients.length; i += batch) {
    const part = clients.slice(i, i + batch);
    await db.insertInto('clients').values(part.map((c) => sampleClientRow(c, workspaceId, createdBy))).execute();
    const links = linksOf(part, workspaceId, tagIds);
    await db.insertInto('client_emails').values(links.emails).execute();
    await db.insertInto('client_phones').values(links.phones).execute();
    if (links.tags.length) await db.insertInto('client_tags').values(links.tags).execute();
  }
}

const pgColumnType: Partial<Record<string, string>> = {
  emails: 'jsonb', phones: 'jsonb', addresses: 'jsonb', tags: 'jsonb', custom_fields: 'jsonb',
  status_changed_at: 'timestamptz', last_activity_at: 'timestamptz', last_order_at: 'timestamptz', created_at: 'timestamptz', updated_at: 'timestamptz', deleted_at: 'timestamptz',
  health_score: 'integer', is_guest: 'integer', version: 'integer',
};

/**
 * PostgreSQL bulk path: one INSERT … SELECT FROM unnest($1::text[], …) per 5,000 clients —
 * one round trip and one parse for thousands of rows.
 */
export async function insertSampleClientsPg(db: Db, workspaceId: string, clients: readonly SampleClient[], tagIds: Map<string, string>, createdBy: string | null): Promise<void> {
  const batch = 5000;
  for (let i = 0; i < clients.length; i += batch) {
    const rows = clients.slice(i, i + batch).map((c) => sampleClientRow(c, workspaceId, createdBy) as Record<string, unknown>);
    const arrays = CLIENT_COLUMNS.map((col) => rows.map((r) => (r[col] === undefined || r[col] === null ? null : String(r[col]))));
    const selects = CLIENT_COLUMNS.map((col, k) => {
      const cast = pgColumnType[col];
      return cast ? sql`${sql.ref(`u.c${k}`)}::${sql.raw(cast)}` : sql.ref(`u.c${k}`);
    });
    const unnests = arrays.map((a) => sql`${a}::text[]`);
    const names = CLIENT_COLUMNS.map((_, k) => sql.raw(`c${k}`));
    await sql`INSERT INTO clients (${sql.join(CLIENT_COLUMNS.map((c) => sql.ref(c)))})
      SELECT ${sql.join(selects)} FROM unnest(${sql.join(unnests)}) AS u(${sql.join(names)})`.execute(db);
    const links = linksOf(clients.slice(i, i + batch), workspaceId, tagIds);
    await sql`INSERT INTO client_emails (workspace_id, email_normalized, client_id)
      SELECT ${workspaceId}, e, c FROM unnest(${links.emails.map((l) => l.email_normalized)}::text[], ${links.emails.map((l) => l.client_id)}::text[]) AS u(e, c)`.execute(db);
    await sql`INSERT INTO client_phones (workspace_id, client_id, e164)
      SELECT ${workspaceId}, c, p FROM unnest(${links.phones.map((l) => l.client_id)}::text[], ${links.phones.map((l) => l.e164)}::text[]) AS u(c, p)`.execute(db);
    if (links.tags.length) {
      await sql`INSERT INTO client_tags (workspace_id, tag_id, client_id)
        SELECT ${workspaceId}, t, c FROM unnest(${links.tags.map((l) => l.tag_id)}::text[], ${links.tags.map((l) => l.client_id)}::text[]) AS u(t, c)`.execute(db);
    }
  }
}

/** SQLite bulk path: prepared statements on the raw better-sqlite3 handle (call inside its transaction). */
export function insertSampleClientsSqlite(sqlite: BetterSqlite3.Database, workspaceId: string, clients: readonly SampleClient[], tagIds: Map<string, string>, createdBy: string | null): void {
  const insertClient = sqlite.prepare(`INSERT INTO clients (${CLIENT_COLUMNS.join(', ')}) VALUES (${CLIENT_COLUMNS.map((c) => `@${c}`).join(', ')})`);
  const insertEmail = sqlite.prepare('INSERT INTO client_emails (workspace_id, email_normalized, client_id) VALUES (?, ?, ?)');
  const insertPhone = sqlite.prepare('INSERT INTO client_phones (workspace_id, client_id, e164) VALUES (?, ?, ?)');
  const insertTag = sqlite.prepare('INSERT INTO client_tags (workspace_id, tag_id, client_id) VALUES (?, ?, ?)');
  for (const c of clients) {
    insertClient.run(sampleClientRow(c, workspaceId, createdBy));
    insertEmail.run(workspaceId, c.emailNormalized, c.id);
    insertPhone.run(workspaceId, c.id, c.phone);
    for (const t of c.tags) insertTag.run(workspaceId, tagIds.get(t)!, c.id);
  }
}

/** A value in COPY's text format: \\N for NULL, backslash, tab and newlines escaped. */
const copyValue = (v: unknown): string =>
  v === null || v === undefined ? '\\N' : String(v).replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));

async function copyRows(client: pg.ClientBase, table: string, columns: readonly string[], rows: Iterable<readonly unknown[]>): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  async function* lines() {
    let buffer = '';
    for (const row of rows) {
      buffer += row.map(copyValue).join('\t') + '\n';
      if (buffer.length > 1 << 20) {
        yield buffer;
        buffer = '';
      }
    }
    if (buffer) yield buffer;
  }
  await pipeline(Readable.from(lines()), stream);
}

/**
 * PostgreSQL bulk path for a million rows: COPY … FROM STDIN on a raw pg client (call inside
 * its transaction). Several times faster than any INSERT.
 */
export async function copySampleClientsPg(client: pg.ClientBase, workspaceId: string, clients: readonly SampleClient[], tagIds: Map<string, string>, createdBy: string | null): Promise<void> {
  await copyRows(client, 'clients', CLIENT_COLUMNS, (function* () {
    for (const c of clients) {
      const row = sampleClientRow(c, workspaceId, createdBy) as Record<string, unknown>;
      yield CLIENT_COLUMNS.map((col) => row[col]);
    }
  })());
  const links = linksOf(clients, workspaceId, tagIds);
  await copyRows(client, 'client_emails', ['workspace_id', 'email_normalized', 'client_id'], links.emails.map((l) => [l.workspace_id, l.email_normalized, l.client_id]));
  await copyRows(client, 'client_phones', ['workspace_id', 'client_id', 'e164'], links.phones.map((l) => [l.workspace_id, l.client_id, l.e164]));
  await copyRows(client, 'client_tags', ['workspace_id', 'tag_id', 'client_id'], links.tags.map((l) => [l.workspace_id, l.tag_id, l.client_id]));
}

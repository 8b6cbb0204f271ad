import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import { dialectOf, toJson } from '../db/dialect';
import type { ClientTable, Database, ImportErrorTable, ImportPresetTable, ImportRowTable, ImportTable } from '../db/schema';
import type { ColumnValues } from './import.client';

type Db = Kysely<Database>;
export type ImportRow = Selectable<ImportTable>;
export type ClientRow = Selectable<ClientTable>;

// Statements list at most this many values, well under both databases' bind-parameter limits.
const CHUNK = 500;
const chunks = <T>(items: T[], size = CHUNK) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

const findImport = (db: Db, workspaceId: string, id: string) =>
  db.selectFrom('imports').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

async function insertImport(db: Db, row: Insertable<ImportTable>) {
  await db.insertInto('imports').values(row).execute();
}

/** Updates an import; with `onlyIf`, only while its status is one of those. Returns whether it did. */
async function updateImport(db: Db, workspaceId: string, id: string, values: Updateable<ImportTable>, onlyIf?: string[]) {
  let q = db.updateTable('imports').set(values).where('workspace_id', '=', workspaceId).where('id', '=', id);
  if (onlyIf) q = q.where('status', 'in', onlyIf);
  return Number((await q.executeTakeFirst()).numUpdatedRows) > 0;
}

/** Adds a batch's counts and moves the cursor, in the batch's transaction. */
async function commitBatch(db: Db, workspaceId: string, id: string, cursor: number, bytesRead: number, c: { created: number; updated: number; skipped: number; failed: number }) {
  await db
    .updateTable('imports')
    .set({
      committed_rows: cursor,
      bytes_read: bytesRead,
      created_count: sql`created_count + ${c.created}`,
      updated_count: sql`updated_count + ${c.updated}`,
      skipped_count: sql`skipped_count + ${c.skipped}`,
      failed_count: sql`failed_count + ${c.failed}`,
      updated_at: new Date().toISOString(),
    })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .execute();
}

async function deleteDraft(db: Db, workspaceId: string, id: string) {
  await db.deleteFrom('imports').where('workspace_id', '=', workspaceId).where('id', '=', id).where('status', '=', 'draft').execute();
}

const listImports = (db: Db, workspaceId: string, limit: number, before: { createdAt: string; id: string } | null) => {
  let q = db.selectFrom('imports').selectAll().where('workspace_id', '=', workspaceId);
  if (before) q = q.where((eb) => eb.or([eb('created_at', '<', before.createdAt), eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)])]));
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
};

const countImports = async (db: Db, workspaceId: string) =>
  Number((await db.selectFrom('imports').select((eb) => eb.fn.countAll().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow()).n);

const selectErrors = (db: Db, workspaceId: string, importId: string, after: { row: number; seq: number } | null, limit: number) => {
  let q = db.selectFrom('import_errors').selectAll().where('workspace_id', '=', workspaceId).where('import_id', '=', importId);
  if (after) q = q.where((eb) => eb.or([eb('row_number', '>', after.row), eb.and([eb('row_number', '=', after.row), eb('seq', '>', after.seq)])]));
  return q.orderBy('row_number').orderBy('seq').limit(limit).execute();
};

async function insertErrors(db: Db, rows: Insertable<ImportErrorTable>[]) {
  for (const part of chunks(rows, 200)) if (part.length) await db.insertInto('import_errors').values(part).execute();
}

/** The next part of an import's log, last rows first (undo goes backwards). */
const selectRowLog = (db: Db, workspaceId: string, importId: string, limit: number) =>
  db.selectFrom('import_rows').selectAll().where('workspace_id', '=', workspaceId).where('import_id', '=', importId).orderBy('row_number', 'desc').limit(limit).execute();

async function deleteRowLog(db: Db, workspaceId: string, importId: string, rowNumbers: number[]) {
  for (const part of chunks(rowNumbers)) await db.deleteFrom('import_rows').where('workspace_id', '=', workspaceId).where('import_id', '=', importId).where('row_number', 'in', part).execute();
}

/** Live clients holding these normalised e-mails. */
async function emailOwners(db: Db, workspaceId: string, emails: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const part of chunks([...new Set(emails)])) {
    const rows = await db.selectFrom('client_emails').select(['email_normalized', 'client_id']).where('workspace_id', '=', workspaceId).where('email_normalized', 'in', part).execute();
    for (const r of rows) found.set(r.email_normalized, r.client_id);
  }
  return found;
}

/** The oldest live client with each of these phones (ids are time-ordered). */
async function phoneOwners(db: Db, workspaceId: string, phones: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const part of chunks([...new Set(phones)])) {
    const rows = await db
      .selectFrom('client_phones')
      .select(['e164', (eb) => eb.fn.min('client_id').as('client_id')])
      .where('workspace_id', '=', workspaceId)
      .where('e164', 'in', part)
      .groupBy('e164')
      .execute();
    for (const r of rows) found.set(r.e164, r.client_id as string);
  }
  return found;
}

/** Clients (live or in Trash) holding these external ids. */
async function externalIdHolders(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, { id: string; deleted: boolean }>> {
  const found = new Map<string, { id: string; deleted: boolean }>();
  for (const part of chunks([...new Set(ids)])) {
    const rows = await db.selectFrom('clients').select(['id', 'external_id', 'deleted_at']).where('workspace_id', '=', workspaceId).where('external_id', 'in', part).execute();
    for (const r of rows) found.set(r.external_id!, { id: r.id, deleted: r.deleted_at !== null });
  }
  return found;
}

async function findClients(db: Db, workspaceId: string, ids: string[]): Promise<ClientRow[]> {
  const rows: ClientRow[] = [];
  for (const part of chunks([...new Set(ids)])) rows.push(...((await db.selectFrom('clients').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', part).execute()) as ClientRow[]));
  return rows;
}

const updatable: (keyof ColumnValues)[] = [
  'type', 'first_name', 'last_name', 'company_name', 'display_name', 'sort_name', 'email', 'phone', 'emails', 'phones', 'date_of_birth', 'addresses',
  'city', 'country', 'occupation', 'industry', 'company_size', 'referral_source', 'preferred_language', 'special_requirements', 'owner_id',
  'lifecycle_stage', 'status', 'status_reason', 'notes', 'tags', 'custom_fields', 'directory_company_id', 'external_id', 'search_text',
];
const jsonColumns = new Set(['emails', 'phones', 'addresses', 'tags', 'custom_fields']);

/**
 * Writes many clients' new columns in one statement per chunk (jsonb_to_recordset on
 * PostgreSQL, json_each on SQLite), bumping each one's version; status_changed_at moves only
 * for the clients whose status did.
 */
async function updateClients(db: Db, workspaceId: string, updates: { id: string; values: ColumnValues; statusChanged: boolean }[], now: string) {
  const pg = dialectOf(db) === 'postgres';
  for (const part of chunks(updates, 200)) {
    if (!part.length) continue;
    const payload = part.map((u) => {
      const o: Record<string, unknown> = { id: u.id, status_changed: u.statusChanged ? 1 : 0 };
      for (const c of updatable) o[c] = pg && jsonColumns.has(c) ? JSON.parse(u.values[c] as string) : u.values[c];
      return o;
    });
    const sets = sql.join(updatable.map((c) => sql`${sql.ref(c)} = v.${sql.ref(c)}`));
    if (pg) {
      const cols = sql.join([sql`id text`, sql`status_changed int`, ...updatable.map((c) => sql`${sql.ref(c)} ${sql.raw(jsonColumns.has(c) ? 'jsonb' : 'text')}`)]);
      await sql`UPDATE clients c SET ${sets}, updated_at = ${now}, version = c.version + 1,
        status_changed_at = CASE WHEN v.status_changed = 1 THEN ${now}::timestamptz ELSE c.status_changed_at END
        FROM jsonb_to_recordset(${toJson(payload)}::jsonb) AS v(${cols})
        WHERE c.workspace_id = ${workspaceId} AND c.id = v.id`.execute(db);
    } else {
      // The values as a MATERIALIZED CTE: SQLite then walks them and probes each client by its
      // primary key. Joined to json_each directly it may walk every client of the workspace and
      // scan the JSON for each (seen: 7 s for 161 updates among 20k clients); an IN list over the
      // JSON is quadratic (42 s for 5,000).
      const cols = sql.join([sql`json_extract(value, '$.id') AS id`, sql`json_extract(value, '$.status_changed') AS status_changed`, ...updatable.map((c) => sql`json_extract(value, ${`$.${c}`}) AS ${sql.ref(c)}`)]);
      await sql`WITH v AS MATERIALIZED (SELECT ${cols} FROM json_each(${toJson(payload)}))
        UPDATE clients SET ${sets}, updated_at = ${now}, version = version + 1,
        status_changed_at = CASE WHEN v.status_changed = 1 THEN ${now} ELSE clients.status_changed_at END
        FROM v
        WHERE clients.workspace_id = ${workspaceId} AND clients.id = v.id`.execute(db);
    }
  }
}

async function insertLookups(db: Db, workspaceId: string, emails: { client_id: string; email_normalized: string }[], phones: { client_id: string; e164: string }[]) {
  for (const part of chunks(emails, 2000)) if (part.length) await db.insertInto('client_emails').values(part.map((e) => ({ workspace_id: workspaceId, ...e }))).execute();
  for (const part of chunks(phones, 2000)) if (part.length) await db.insertInto('client_phones').values(part.map((p) => ({ workspace_id: workspaceId, ...p }))).execute();
}

async function deleteLookups(db: Db, workspaceId: string, emailsOf: string[], phonesOf: string[]) {
  for (const part of chunks(emailsOf)) await db.deleteFrom('client_emails').where('workspace_id', '=', workspaceId).where('client_id', 'in', part).execute();
  for (const part of chunks(phonesOf)) await db.deleteFrom('client_phones').where('workspace_id', '=', workspaceId).where('client_id', 'in', part).execute();
}

async function insertClientTags(db: Db, workspaceId: string, rows: { client_id: string; tag_id: string }[]) {
  for (const part of chunks(rows, 2000)) {
    if (part.length) await db.insertInto('client_tags').values(part.map((r) => ({ workspace_id: workspaceId, ...r }))).onConflict((oc) => oc.doNothing()).execute();
  }
}

async function deleteClientTags(db: Db, workspaceId: string, clientIds: string[]) {
  for (const part of chunks(clientIds)) await db.deleteFrom('client_tags').where('workspace_id', '=', workspaceId).where('client_id', 'in', part).execute();
}

/** Moves clients to Trash (their lookups go separately), bumping their version. */
async function trashClients(db: Db, workspaceId: string, ids: string[], now: string) {
  for (const part of chunks(ids)) {
    await db.updateTable('clients').set({ deleted_at: now, updated_at: now, version: sql`version + 1` }).where('workspace_id', '=', workspaceId).where('id', 'in', part).execute();
  }
}

async function deleteContacts(db: Db, workspaceId: string, ids: string[]) {
  for (const part of chunks(ids)) await db.deleteFrom('contacts').where('workspace_id', '=', workspaceId).where('id', 'in', part).execute();
}

/** The workspace's team: user id, e-mail and name (an `owner` column names one of them). */
const teamMembers = (db: Db, workspaceId: string) =>
  db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id').select(['users.id', 'users.email', 'users.name']).where('memberships.workspace_id', '=', workspaceId).execute();

async function deleteClients(db: Db, workspaceId: string, ids: string[]) {
  for (const part of chunks(ids)) await db.deleteFrom('clients').where('workspace_id', '=', workspaceId).where('id', 'in', part).execute();
}

const selectPresets = (db: Db, workspaceId: string) => db.selectFrom('import_presets').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').execute();
async function insertPreset(db: Db, row: Insertable<ImportPresetTable>) {
  await db.insertInto('import_presets').values(row).execute();
}
const deletePreset = async (db: Db, workspaceId: string, id: string) =>
  Number((await db.deleteFrom('import_presets').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst()).numDeletedRows) > 0;

export const importRepository = Object.freeze({
  findImport, insertImport, updateImport, deleteDraft, commitBatch, listImports, countImports, selectErrors, insertErrors, selectRowLog, deleteRowLog,
  emailOwners, phoneOwners, externalIdHolders, findClients, updateClients, insertLookups, deleteLookups, insertClientTags,
  deleteClientTags, deleteClients, deleteContacts, teamMembers, trashClients, selectPresets, insertPreset, deletePreset,
});

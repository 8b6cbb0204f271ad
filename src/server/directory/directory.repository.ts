import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database, DirectoryCompanyTable } from '../db/schema';

type Db = Kysely<Database>;
export type DirectoryCompanyRow = Selectable<DirectoryCompanyTable>;

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function selectCompanies(db: Db, filter: { nameContains?: string; kind?: string }) {
  let q = db.selectFrom('directory_companies').selectAll();
  if (filter.nameContains) q = q.where(sql<boolean>`name_key like ${`%${likeEscape(filter.nameContains)}%`} escape '\\'`);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  return q;
}

async function countCompanies(db: Db, filter: { nameContains?: string; kind?: string }) {
  const row = await selectCompanies(db, filter).clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

const findCompany = (db: Db, id: string) => db.selectFrom('directory_companies').selectAll().where('id', '=', id).executeTakeFirst();

async function insertCompany(db: Db, row: Insertable<DirectoryCompanyTable>) {
  await db.insertInto('directory_companies').values(row).execute();
}

async function updateCompany(db: Db, id: string, version: number, values: Updateable<DirectoryCompanyTable>) {
  const result = await db.updateTable('directory_companies').set({ ...values, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

async function deleteCompany(db: Db, id: string) {
  await db.deleteFrom('directory_companies').where('id', '=', id).execute();
}

async function isInstanceAdmin(db: Db, userId: string) {
  const row = await db.selectFrom('users').select('is_instance_admin').where('id', '=', userId).executeTakeFirst();
  return Number(row?.is_instance_admin ?? 0) === 1;
}

export const directoryRepository = Object.freeze({ selectCompanies, countCompanies, findCompany, insertCompany, updateCompany, deleteCompany, isInstanceAdmin });

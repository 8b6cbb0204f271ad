import type { Kysely, Updateable } from 'kysely';
import type { Database, UserTable } from '../db/schema';

type Db = Kysely<Database>;

const findUserByEmail = (db: Db, email: string) =>
  db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();

const findUserById = (db: Db, id: string) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

async function insertUser(db: Db, row: Database['users']) {
  await db.insertInto('users').values(row).execute();
}

async function updateUser(db: Db, id: string, values: Updateable<UserTable>) {
  await db.updateTable('users').set(values).where('id', '=', id).execute();
}

async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export const userRepository = Object.freeze({ findUserByEmail, findUserById, insertUser, updateUser, countUsers });

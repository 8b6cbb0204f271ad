import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { userRepository } from './user.repository';

type Db = Kysely<Database>;

export type UserRecord = Database['users'];

/** Accounts are instance-wide; other modules reach them only through these. */
export const findUserByEmail = (db: Db, email: string): Promise<UserRecord | undefined> => userRepository.findUserByEmail(db, email);

export async function insertUser(db: Db, user: UserRecord): Promise<void> {
  await userRepository.insertUser(db, user);
}

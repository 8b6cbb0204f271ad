import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { localDiskStorage } from '../storage/local-disk.storage';
import type { FileStorage } from '../storage/storage';

/**
 * Where finished export files live: DATA_DIR/exports/<workspace>/<export>/<part>. The job
 * runner hands its handlers only the database, so the routes register the storage of the
 * installation against that database when the app is built; the runner of the same process
 * (same database handle) finds it there.
 */
const storages = new WeakMap<object, FileStorage>();

export const exportStorageOf = (dataDir: string): FileStorage => localDiskStorage(path.join(dataDir, 'exports'));

export function registerExportStorage(db: Kysely<Database>, storage: FileStorage): void {
  storages.set(db, storage);
}

export function exportStorage(db: Kysely<Database>): FileStorage {
  const storage = storages.get(db);
  if (!storage) throw new Error('No export storage for this database: build the app (exportRoutes) before running export jobs.');
  return storage;
}

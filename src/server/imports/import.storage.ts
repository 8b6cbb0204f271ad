import path from 'node:path';
import { localDiskStorage } from '../storage/local-disk.storage';
import type { FileStorage } from '../storage/storage';

/**
 * Where uploaded import files live (DATA_DIR/imports/<workspace>/<import>). Set when the
 * routes are registered, so the job runner of the same process reads the same place.
 */
let storage: FileStorage | null = null;

export function useImportStorage(dataDir: string): FileStorage {
  storage = localDiskStorage(path.join(dataDir, 'imports'));
  return storage;
}

export function importStorage(): FileStorage {
  if (!storage) throw new Error('Import storage is not configured: register the import routes first.');
  return storage;
}

/** The upload limit: IMPORT_MAX_BYTES (config.ts, checked at start), default 1 GiB; set by importRoutes. */
export const importFileLimits = { maxBytes: 1024 ** 3 };

import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { localDiskStorage } from '../storage/local-disk.storage';
import type { FileStorage } from '../storage/storage';
import { documentRepository } from './document.repository';

type Db = Kysely<Database>;
const HOUR = 3600_000;

/** The documents' storage of an installation: DATA_DIR/documents on the local disk. */
export const documentStorage = (dataDir: string): FileStorage => localDiskStorage(path.join(dataDir, 'documents'));

/** The creation time inside a UUIDv7 (its first 48 bits), or null for anything else. */
function uuidV7Time(name: string): number | null {
  const hex = name.slice(0, 13).replace('-', '');
  return /^[0-9a-f]{12}$/i.test(hex) && name[14] === '7' ? parseInt(hex, 16) : null;
}

/**
 * Removes stored files that no document row names any more: every file of a client deleted
 * for good (the rows went by FK cascade, which cannot reach the disk), and files of uploads
 * that never became a document (a crash between storing and committing) once an hour old.
 * Returns how many client folders and files went. `workspaceIds` limits the sweep.
 *
 * Only workspaces of this database are swept: a DATA_DIR once used with another database (SQLite
 * before PostgreSQL) keeps that database's files untouched.
 */
export async function sweepDocumentFiles(db: Db, storage: FileStorage, options: { workspaceIds?: string[]; now?: number } = {}): Promise<{ clients: number; files: number }> {
  const now = options.now ?? Date.now();
  let clients = 0;
  let files = 0;
  const folders = (options.workspaceIds ?? (await storage.list(''))).filter((name) => /^[A-Za-z0-9_-]{1,100}$/.test(name));
  for (const workspaceId of await documentRepository.existingWorkspaceIds(db, folders)) {
    const clientIds = await storage.list(workspaceId);
    if (!clientIds.length) continue;
    const live = new Set(await documentRepository.existingClientIds(db, workspaceId, clientIds));
    for (const clientId of clientIds) {
      if (!live.has(clientId)) {
        await storage.deletePrefix(`${workspaceId}/${clientId}`);
        clients++;
        continue;
      }
      const names = await storage.list(`${workspaceId}/${clientId}`);
      const stale = names.filter((n) => (uuidV7Time(n) ?? now) < now - HOUR);
      const known = new Set(await documentRepository.existingDocumentIds(db, workspaceId, stale.map((n) => n.split('.')[0]!)));
      for (const name of stale) {
        if (name.includes('.tmp-') || !known.has(name)) {
          await storage.delete(`${workspaceId}/${clientId}/${name}`);
          files++;
        }
      }
    }
  }
  return { clients, files };
}

/** Sweeps hourly (and once at start); returns a stop function. Errors wait for the next run. */
export function startDocumentSweep(db: Db, dataDir: string): () => void {
  const storage = documentStorage(dataDir);
  const run = () => void sweepDocumentFiles(db, storage).catch(() => {});
  run();
  const timer = setInterval(run, HOUR);
  timer.unref();
  return () => clearInterval(timer);
}

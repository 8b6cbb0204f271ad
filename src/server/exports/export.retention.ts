import type { Kysely } from 'kysely';
import { EXPORT_KEEP_DAYS } from '../../domain/export';
import type { Database } from '../db/schema';
import type { FileStorage } from '../storage/storage';
import { EXPORT_JOB } from './export.repository';

/**
 * Retention of export files (DATA_DIR/exports/<workspace>/<export>/<part>): copies of personal
 * data, kept EXPORT_KEEP_DAYS after the export finished, then deleted; a download after that
 * answers 410 Gone. The sweep walks the folders on disk (not every export ever made), so a run
 * costs what is stored, and it also takes what a failed or cancelled export left half-way.
 */

type Db = Kysely<Database>;
const DAY = 86_400_000;
/** A failed or cancelled export's folder waits this long, so a job still ending its last chunk is not raced. */
const UNFINISHED_GRACE = 3_600_000;

/** When a finished export's files are deleted (null while it runs). */
export const exportExpiresAt = (finishedAt: string | null): number | null => (finishedAt ? Date.parse(finishedAt) + EXPORT_KEEP_DAYS * DAY : null);

export const isExportExpired = (finishedAt: string | null, now = Date.now()): boolean => {
  const at = exportExpiresAt(finishedAt);
  return at !== null && at <= now;
};

const safeName = (name: string) => /^[A-Za-z0-9_-]{1,100}$/.test(name);

/**
 * Deletes the stored files of expired exports, of exports that failed or were cancelled, and
 * of exports whose record is gone. Only the workspaces of this database are swept (a DATA_DIR
 * once used with another database keeps that one's files); `workspaceIds` limits it further.
 * Returns how many exports' files went.
 */
export async function sweepExportFiles(db: Db, storage: FileStorage, options: { workspaceIds?: string[]; now?: number } = {}): Promise<number> {
  const now = options.now ?? Date.now();
  const folders = (options.workspaceIds ?? (await storage.list(''))).filter(safeName);
  let deleted = 0;
  for (let i = 0; i < folders.length; i += 500) {
    const known = await db.selectFrom('workspaces').select('id').where('id', 'in', folders.slice(i, i + 500)).execute();
    for (const { id: ws } of known) {
      const names = (await storage.list(ws)).filter(safeName);
      for (let j = 0; j < names.length; j += 500) {
        const part = names.slice(j, j + 500);
        const jobs = new Map(
          (await db.selectFrom('jobs').select(['id', 'status', 'finished_at']).where('workspace_id', '=', ws).where('kind', '=', EXPORT_JOB).where('id', 'in', part).execute()).map((r) => [r.id, r]),
        );
        for (const name of part) {
          const job = jobs.get(name);
          const finished = job?.finished_at ? Date.parse(job.finished_at) : null;
          const drop =
            !job ||
            (job.status === 'completed' && isExportExpired(job.finished_at, now)) ||
            ((job.status === 'failed' || job.status === 'cancelled') && finished !== null && finished + UNFINISHED_GRACE <= now);
          if (!drop) continue;
          await storage.deletePrefix(`${ws}/${name}`);
          deleted++;
        }
      }
    }
  }
  return deleted;
}

import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { nowIso } from '../db/ids';
import { AppError } from '../http/problem';
import type { FileStorage } from '../storage/storage';

/**
 * Retention of uploaded import files (DATA_DIR/imports/<workspace>/<import>): copies of
 * personal data that only an import's run needs. Undo works from the recorded changes
 * (import_rows) and the rejected-rows CSV from import_errors, so neither needs the file.
 *
 * - An upload previewed but never started (a `draft`) is abandoned after IMPORT_DRAFT_HOURS:
 *   its file and its record go.
 * - A finished import (completed — a dry run too —, failed, cancelled, undone) keeps its file
 *   IMPORT_FILE_KEEP_DAYS (config.ts) after it finished; then the file goes and the record
 *   stays with `file_deleted_at` (the history says the file is gone).
 * - "Import for real" after a dry run is a new record on the same file: a file goes only when
 *   every record naming it is past its time, and nothing queued or running ever loses it.
 * - Files no record names (a crash between storing and recording, a delete that failed after
 *   its commit) and half-written `.tmp-` files go once IMPORT_DRAFT_HOURS old.
 */

type Db = Kysely<Database>;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Hours an uploaded file may wait as a draft (previewed, never started) before it is deleted. */
export const IMPORT_DRAFT_HOURS = 24;

const settled = ['completed', 'failed', 'cancelled', 'undone'];

/** 410 for an import whose file the retention sweep deleted (preview, "import for real"). */
export function assertImportFileKept(row: { file_deleted_at: string | null }): void {
  if (!row.file_deleted_at) return;
  const day = new Date(row.file_deleted_at).toISOString().slice(0, 10);
  throw new AppError(410, 'file_deleted', `The file of this import was deleted on ${day} (uploaded files are kept for a set time after their import); upload the file again.`);
}

/** Records past their time: abandoned drafts, and finished imports past the keep period. */
function expired(eb: ExpressionBuilder<Database, 'imports'>, draftBefore: string, keepBefore: string) {
  return eb.or([
    eb.and([eb('status', '=', 'draft'), eb('created_at', '<', draftBefore)]),
    eb.and([eb('status', 'in', settled), eb(eb.fn.coalesce('finished_at', 'updated_at'), '<', keepBefore)]),
  ]);
}

/** The creation time inside a UUIDv7 (its first 48 bits), or null for anything else. */
function uuidV7Time(name: string): number | null {
  const hex = name.slice(0, 13).replace('-', '');
  return /^[0-9a-f]{12}$/i.test(hex) && name[14] === '7' ? parseInt(hex, 16) : null;
}

export type ImportSweep = { drafts: number; files: number; orphans: number };

/**
 * One pass of the sweep (housekeeping runs it hourly). `keepDays`: IMPORT_FILE_KEEP_DAYS.
 * Returns how many drafts were removed, files of recorded imports deleted and unrecorded files deleted.
 */
export async function sweepImportFiles(db: Db, storage: FileStorage, options: { keepDays: number; now?: number }): Promise<ImportSweep> {
  const now = options.now ?? Date.now();
  const draftBefore = new Date(now - IMPORT_DRAFT_HOURS * HOUR).toISOString();
  const keepBefore = new Date(now - options.keepDays * DAY).toISOString();
  const result: ImportSweep = { drafts: 0, files: 0, orphans: 0 };
  let after: { ws: string; key: string } | null = null;
  for (;;) {
    let q = db
      .selectFrom('imports')
      .select(['workspace_id', 'file_key'])
      .distinct()
      .where('file_deleted_at', 'is', null)
      .where((eb) => expired(eb, draftBefore, keepBefore));
    if (after) q = q.where((eb) => eb(eb.refTuple('workspace_id', 'file_key'), '>', eb.tuple(after!.ws, after!.key)));
    const keys = await q.orderBy('workspace_id').orderBy('file_key').limit(500).execute();
    for (const { workspace_id: ws, file_key: key } of keys) {
      const gone = await db.transaction().execute(async (trx) => {
        const needed = await trx
          .selectFrom('imports')
          .select('id')
          .where('workspace_id', '=', ws)
          .where('file_key', '=', key)
          .where('file_deleted_at', 'is', null)
          .where((eb) => eb.not(expired(eb, draftBefore, keepBefore)))
          .limit(1)
          .executeTakeFirst();
        if (needed) return false;
        const drafts = await trx.deleteFrom('imports').where('workspace_id', '=', ws).where('file_key', '=', key).where('status', '=', 'draft').executeTakeFirst();
        result.drafts += Number(drafts.numDeletedRows);
        await trx.updateTable('imports').set({ file_deleted_at: nowIso() }).where('workspace_id', '=', ws).where('file_key', '=', key).where('file_deleted_at', 'is', null).execute();
        return true;
      });
      // After the commit: a failed delete leaves a file no record needs, which the orphan pass below removes later.
      if (gone) {
        await storage.delete(key);
        result.files++;
      }
    }
    if (keys.length < 500) break;
    after = { ws: keys[keys.length - 1]!.workspace_id, key: keys[keys.length - 1]!.file_key };
  }
  result.orphans = await sweepUnrecordedFiles(db, storage, now - IMPORT_DRAFT_HOURS * HOUR);
  return result;
}

/**
 * Files under the workspaces of this database that no live import record names, created
 * before `before` (a UUIDv7 name carries its time; an upload in progress is younger).
 * Workspaces of another database sharing the DATA_DIR are left alone.
 */
async function sweepUnrecordedFiles(db: Db, storage: FileStorage, before: number): Promise<number> {
  const folders = (await storage.list('')).filter((name) => /^[A-Za-z0-9_-]{1,100}$/.test(name));
  let deleted = 0;
  for (let i = 0; i < folders.length; i += 500) {
    const known = await db.selectFrom('workspaces').select('id').where('id', 'in', folders.slice(i, i + 500)).execute();
    for (const { id: ws } of known) {
      const old = (await storage.list(ws)).filter((name) => (uuidV7Time(name) ?? Infinity) < before);
      for (let j = 0; j < old.length; j += 500) {
        const part = old.slice(j, j + 500);
        const keys = part.filter((n) => !n.includes('.tmp-')).map((n) => `${ws}/${n}`);
        const live = keys.length
          ? new Set((await db.selectFrom('imports').select('file_key').where('workspace_id', '=', ws).where('file_key', 'in', keys).where('file_deleted_at', 'is', null).execute()).map((r) => r.file_key))
          : new Set<string>();
        for (const name of part) {
          if (live.has(`${ws}/${name}`)) continue;
          await storage.delete(`${ws}/${name}`);
          deleted++;
        }
      }
    }
  }
  return deleted;
}

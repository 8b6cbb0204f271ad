import type { Db } from './db/database';
import { refreshPlannerStatistics } from './db/dialect';
import { pruneLoginAttempts } from './auth/login-throttle';
import { sessionRepository } from './auth/session.repository';
import { purgeExpiredTrash } from './clients/client.service';
import './health/health.retention'; // registers the nightly health-history prune (a job, not run here)
import { sweepExportFiles } from './exports/export.retention';
import { exportStorage } from './exports/export.storage';
import { sweepImportFiles } from './imports/import.retention';
import { importStorage } from './imports/import.storage';

const HOUR = 3600 * 1000;

/**
 * Hourly clean-up of expired sessions, old login attempts, clients past their Trash period,
 * fresh planner statistics, and the files of abandoned or old imports (`importFileKeepDays`:
 * IMPORT_FILE_KEEP_DAYS) and of expired exports. Build the app first: its routes set up the
 * file storages. Returns a stop function.
 */
export function startHousekeeping(db: Db, options: { importFileKeepDays: number }): () => void {
  // Each sweep on its own: a disk error in one must not keep the other's copies of personal data.
  const sweeps = [
    () => sweepImportFiles(db, importStorage(), { keepDays: options.importFileKeepDays }),
    () => sweepExportFiles(db, exportStorage(db)),
  ];
  const run = async () => {
    try {
      await sessionRepository.deleteExpiredSessions(db, new Date().toISOString());
      await pruneLoginAttempts(db);
      await purgeExpiredTrash(db);
      await refreshPlannerStatistics(db);
    } catch {
      // The next run tries again; a busy database must not take the server down.
    }
    for (const sweep of sweeps) {
      try {
        await sweep();
      } catch {
        // As above: the next run tries again.
      }
    }
  };
  void run();
  const timer = setInterval(run, HOUR);
  timer.unref();
  return () => clearInterval(timer);
}

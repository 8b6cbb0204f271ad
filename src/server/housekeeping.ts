import type { Db } from './db/database';
import { refreshPlannerStatistics } from './db/dialect';
import { pruneLoginAttempts } from './auth/login-throttle';
import { sessionRepository } from './auth/session.repository';
import { purgeExpiredTrash } from './clients/client.service';
import './health/health.retention'; // registers the nightly health-history prune (a job, not run here)

const HOUR = 3600 * 1000;

/** Hourly clean-up of expired sessions, old login attempts, clients past their Trash period, and fresh planner statistics. Returns a stop function. */
export function startHousekeeping(db: Db): () => void {
  const run = async () => {
    try {
      await sessionRepository.deleteExpiredSessions(db, new Date().toISOString());
      await pruneLoginAttempts(db);
      await purgeExpiredTrash(db);
      await refreshPlannerStatistics(db);
    } catch {
      // The next run tries again; a busy database must not take the server down.
    }
  };
  void run();
  const timer = setInterval(run, HOUR);
  timer.unref();
  return () => clearInterval(timer);
}

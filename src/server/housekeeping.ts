import type { Db } from './db/database';
import { pruneLoginAttempts } from './auth/login-throttle';
import { sessionRepository } from './auth/session.repository';

const HOUR = 3600 * 1000;

/** Hourly clean-up of expired sessions and old login attempts. Returns a stop function. */
export function startHousekeeping(db: Db): () => void {
  const run = async () => {
    try {
      await sessionRepository.deleteExpiredSessions(db, new Date().toISOString());
      await pruneLoginAttempts(db);
    } catch {
      // The next run tries again; a busy database must not take the server down.
    }
  };
  void run();
  const timer = setInterval(run, HOUR);
  timer.unref();
  return () => clearInterval(timer);
}

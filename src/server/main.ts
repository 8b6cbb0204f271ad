import { sql } from 'kysely';
import { buildApp, loggerOptions } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { openDatabase } from './db/database';
import { refreshPlannerStatistics } from './db/dialect';
import { migrateToLatest } from './db/migrate';
import { startDocumentSweep } from './documents/document-files.sweep';
import { startHousekeeping } from './housekeeping';
import { startJobRunner } from './jobs/job.runner';

/** Prints one line naming what is wrong and exits: no stack trace for a configuration mistake. */
function fail(message: string): never {
  process.stderr.write(`rapport: ${message}\n`);
  process.exit(1);
}

async function main() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }

  let opened: ReturnType<typeof openDatabase>;
  try {
    opened = openDatabase(config);
  } catch (error) {
    fail(`DATA_DIR=${config.dataDir}: cannot open the database file there (${describe(error)}).`);
  }
  const { db, dialect } = opened;
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    fail(`DATABASE_URL: cannot reach the database (${describe(error)}). Check the URL and that PostgreSQL is running.`);
  }
  await migrateToLatest(db);
  await refreshPlannerStatistics(db, true);

  const app = await buildApp({ db, dialect, config, logger: loggerOptions(config.logLevel) });
  const stopHousekeeping = startHousekeeping(db, { importFileKeepDays: config.importFileKeepDays });
  // Files of clients deleted for good (the rows go by FK cascade) and of abandoned uploads.
  const stopDocumentSweep = startDocumentSweep(db, config.dataDir);
  // Background jobs (bulk actions, imports): every server runs a runner; claims are atomic.
  const stopJobs = startJobRunner(db, { onError: (error) => app.log.error({ err: error }, 'job runner') });
  const shutdown = async () => {
    stopHousekeeping();
    stopDocumentSweep();
    await stopJobs();
    await app.close();
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') fail(`PORT=${config.port} is already in use by another program. Set PORT to a free port.`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') fail(`HOST=${config.host} is not an address of this machine.`);
    throw error;
  }
  const where = dialect === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL';
  process.stdout.write(`Rapport is running at ${config.publicUrl} (database: ${where})\n`);
}

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string };
  if (e.message && e.code && e.message.startsWith(e.code)) return e.message;
  return [e.code, e.message].filter(Boolean).join(': ') || String(error);
}

main().catch((error) => {
  fail(error instanceof Error ? error.message : String(error));
});

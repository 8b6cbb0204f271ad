import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateTestDatabase } from './helpers/ts-migrations';
import { databaseUrl, dropDatabase, quoteIdent, TEMPLATE_PREFIX, TEST_DATABASE_URL, TEST_DB_PREFIX, withAdminClient } from './helpers/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Name of the migrated template database, or null when PostgreSQL is not reachable (tests skipped). */
    pgTemplate: string | null;
  }
}

/**
 * Once per run: migrates a PostgreSQL template database that every API test file clones
 * (CREATE DATABASE … TEMPLATE), so each file starts from an empty, migrated schema in
 * milliseconds. SQLite needs nothing here: each file migrates its own temporary file.
 */
export default async function setup(project: TestProject) {
  const template = `${TEMPLATE_PREFIX}${process.pid}`;
  try {
    await withAdminClient(async (client) => {
      await dropLeftovers(client);
      await dropDatabase(client, template);
      await client.query(`CREATE DATABASE ${quoteIdent(template)}`);
    });
  } catch (error) {
    const message = `PostgreSQL not reachable at ${redact(TEST_DATABASE_URL)} (${(error as Error).message})`;
    if (process.env.CI === 'true') throw new Error(`${message}: CI needs both databases. Start it or set TEST_DATABASE_URL.`);
    console.warn(`\n⚠⚠⚠ ${message}: postgres tests SKIPPED ⚠⚠⚠\n`);
    project.provide('pgTemplate', null);
    return;
  }

  const pool = new pg.Pool({ connectionString: databaseUrl(template), max: 1 });
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateTestDatabase(db);
  } finally {
    // A template must have no open connection when it is cloned.
    await db.destroy();
  }
  project.provide('pgTemplate', template);

  return async () => {
    await withAdminClient((client) => dropDatabase(client, template));
  };
}

/** Databases of earlier runs whose process is gone (killed mid-run): they would pile up. */
async function dropLeftovers(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2`,
    [`${TEMPLATE_PREFIX}%`, `${TEST_DB_PREFIX}%`],
  );
  for (const { datname } of rows) {
    const pid = Number(/^rapport_(?:template|t)_(\d+)/.exec(datname)?.[1]);
    if (pid && !isAlive(pid)) await dropDatabase(client, datname);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { openDatabase, type Db, type DialectName } from '../../src/server/db/database';
import { migrateTestDatabase } from './ts-migrations';
import type pg from 'pg';
import { databaseUrl, dropDatabase, quoteIdent, TEMPLATE_PREFIX, TEST_DB_PREFIX, withAdminClient } from './postgres';

/** Every API test file runs once per database, as Kysely's own suite does. */
export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

/** The address the app believes it is served at; same-origin requests send this Origin. */
export const PUBLIC_URL = 'http://rapport.test';

const pgTemplate = inject('pgTemplate');

/**
 * `describe(dialect, …)`, skipped for PostgreSQL when global-setup found no server (it has
 * already printed a loud warning; with CI=true the run failed there instead).
 */
export function describeDialect(dialect: DialectName, body: () => void): void {
  const skip = dialect === 'postgres' && !pgTemplate;
  (skip ? describe.skip : describe)(dialect, body);
}

export type TestApp = { app: FastifyInstance; db: Db; dialect: DialectName };

/**
 * A fresh, migrated database and an app on it for the current describe block: created in
 * beforeAll, closed and dropped in afterAll. Read `.app` / `.db` inside tests and hooks.
 */
export function useTestApp(dialect: DialectName): TestApp {
  const handle = {} as TestApp;
  let cleanup: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const fresh = dialect === 'postgres' ? await freshPostgres() : await freshSqlite();
    cleanup = fresh.cleanup;
    const config = loadConfig({ DATA_DIR: fresh.dataDir, DATABASE_URL: fresh.databaseUrl, PUBLIC_URL, LOG_LEVEL: 'silent' });
    const app = await buildApp({ db: fresh.db, dialect, config });
    await app.ready();
    Object.assign(handle, { app, db: fresh.db, dialect });
    const dropDb = cleanup;
    cleanup = async () => {
      await app.close();
      await dropDb();
    };
  });

  afterAll(async () => {
    await cleanup();
  });

  return handle;
}

type FreshDatabase = { db: Db; dataDir: string; databaseUrl: string; cleanup: () => Promise<void> };

async function freshSqlite(): Promise<FreshDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-test-'));
  const { db } = openDatabase({ databaseUrl: '', dataDir });
  await migrateTestDatabase(db);
  return {
    db,
    dataDir,
    databaseUrl: '',
    cleanup: async () => {
      await db.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function freshPostgres(): Promise<FreshDatabase> {
  if (!pgTemplate) throw new Error('PostgreSQL tests should have been skipped: no template database.');
  // The run's pid (from the template's name) lets a later run drop what a killed run left.
  const runPid = pgTemplate.slice(TEMPLATE_PREFIX.length);
  const name = `${TEST_DB_PREFIX}${runPid}_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => cloneTemplate(client, pgTemplate, name));
  const url = databaseUrl(name);
  const { db } = openDatabase({ databaseUrl: url, dataDir: os.tmpdir(), poolSize: 5 });
  return {
    db,
    dataDir: os.tmpdir(),
    databaseUrl: url,
    cleanup: async () => {
      await db.destroy();
      await withAdminClient((client) => dropDatabase(client, name));
    },
  };
}

/**
 * CREATE DATABASE … TEMPLATE fails (55006) while any session is connected to the template;
 * autovacuum may briefly be one. Retry a few times rather than fail a whole file.
 */
async function cloneTemplate(client: pg.Client, template: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt === 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

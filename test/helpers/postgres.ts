import pg from 'pg';

/** The server the PostgreSQL half of the suite uses; an admin connection (trust auth locally). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** The same server's URL, pointing at another database. */
export function databaseUrl(database: string): string {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs admin statements (CREATE/DROP DATABASE) on one short-lived connection. */
export async function withAdminClient<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Identifiers we build ourselves (prefix, pid, random hex): quoting stays trivial. */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Drops a database even if a leaked connection is still open (PostgreSQL 13+). */
export async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
}

/** Test databases carry the pid of the run that made them: `rapport_template_<pid>`, `rapport_t_<pid>_<hex>`. */
export const TEMPLATE_PREFIX = 'rapport_template_';
export const TEST_DB_PREFIX = 'rapport_t_';

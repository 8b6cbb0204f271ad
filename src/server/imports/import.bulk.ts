import type { Statement } from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { sqliteHandleOf } from '../db/database';
import { dialectOf } from '../db/dialect';
import type { Database } from '../db/schema';

/**
 * Many rows into one table, as fast as each database takes them, for the import's batches.
 *
 * SQLite: one prepared multi-row INSERT per table, kept for the life of the connection (Kysely
 * would compile, and better-sqlite3 prepare, a new 500-row statement each time: a quarter of a
 * batch's time). Multi-row, not row by row: FTS5 flushes its pending terms to a new segment at
 * every statement that writes through the clients trigger, so one-row statements cost ~5× more
 * (measured: 19.6k clients, 4.2 s of CPU one by one, 0.9 s by 500). The last chunk is padded
 * with rows of NULLs that the statement's WHERE leaves out, so one statement serves every size.
 *
 * PostgreSQL: one INSERT … SELECT FROM unnest(one array per column) per batch: one parse, one
 * round trip, whatever the number of rows.
 */

export type Cell = string | number | null;

const statements = new WeakMap<object, Map<string, Statement>>();
const pgTypes = new WeakMap<object, Map<string, Map<string, string>>>();

function prepared(db: Kysely<any>, text: string): Statement {
  const handle = sqliteHandleOf(db);
  if (!handle) throw new Error('prepared statements need the SQLite handle');
  let byText = statements.get(handle);
  if (!byText) statements.set(handle, (byText = new Map()));
  let statement = byText.get(text);
  if (!statement) byText.set(text, (statement = handle.prepare(text)));
  return statement;
}

/** Each column's declared type (as format_type spells it), read once per table and pool. */
async function columnTypes(db: Kysely<any>, table: string): Promise<Map<string, string>> {
  const key = db.getExecutor().adapter;
  let byTable = pgTypes.get(key);
  if (!byTable) pgTypes.set(key, (byTable = new Map()));
  let types = byTable.get(table);
  if (!types) {
    const { rows } = await sql<{ name: string; type: string }>`SELECT attname AS name, format_type(atttypid, atttypmod) AS type
      FROM pg_attribute WHERE attrelid = ${table}::regclass AND attnum > 0 AND NOT attisdropped`.execute(db);
    byTable.set(table, (types = new Map(rows.map((r) => [r.name, r.type]))));
  }
  return types;
}

/**
 * Inserts `rows` (each the values of `columns`, in order; the first never null) into `table`,
 * in the caller's transaction. `ignoreConflicts`: a row that would break a unique key is left out.
 */
export async function insertRows<T extends keyof Database & string>(
  db: Kysely<Database>, table: T, columns: readonly (keyof Database[T] & string)[], rows: readonly Cell[][], options: { ignoreConflicts?: boolean } = {},
): Promise<void> {
  if (!rows.length) return;
  const conflict = options.ignoreConflicts ? ' ON CONFLICT DO NOTHING' : '';
  const names = columns.map((c) => `"${c}"`).join(', ');
  if (dialectOf(db) === 'sqlite') {
    // Under SQLite's 32,766 bound parameters.
    const size = Math.min(500, Math.floor(30_000 / columns.length));
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const statement = prepared(db, `INSERT INTO "${table}" (${names}) SELECT * FROM (VALUES ${Array(size).fill(tuple).join(', ')}) WHERE column1 IS NOT NULL${conflict}`);
    const params: Cell[] = new Array(size * columns.length);
    for (let at = 0; at < rows.length; at += size) {
      let k = 0;
      for (let i = at; i < at + size; i++) {
        const row = rows[i];
        for (let c = 0; c < columns.length; c++) params[k++] = row ? (row[c] ?? null) : null;
      }
      statement.run(params);
    }
    return;
  }
  const types = await columnTypes(db, table);
  const arrays = columns.map((_, i) => rows.map((r) => r[i] ?? null));
  const unnest = sql.join(columns.map((c, i) => sql`${arrays[i]}::${sql.raw(types.get(c) ?? 'text')}[]`));
  await sql`INSERT INTO ${sql.table(table)} (${sql.raw(names)}) SELECT * FROM unnest(${unnest})${sql.raw(conflict)}`.execute(db);
}

import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { CustomFieldType } from '../../domain/customField';
import { customFieldKeySchema } from '../../domain/customField';
import { dialectOf } from '../db/dialect';
import type { Database } from '../db/schema';
import { registerJobHandler } from '../jobs/job.runner';
import { nextDailyAt, registerSchedule } from '../jobs/job.schedule';
import { enqueueJob } from '../jobs/job.service';

/**
 * Custom fields sort like built-in ones: each sortable custom field gets an expression index
 * `(workspace_id, <value>, id)` over live clients, the same shape as the built-in sort indexes,
 * so a page sorted by `custom.budget` is a walk of that index (ms) instead of a sort of every
 * live client (0.5–1 s at a million).
 *
 * The planner only uses the index when the query's expression is the index's, word for word:
 * `customValueSql` is the one definition both the list (sort, filters) and the DDL use, with the
 * key as a literal (keys are slugs, checked again here). Indexes are named by key and value kind,
 * shared by the workspaces that define the same key with the same kind, and built by a job
 * (`syncCustomFieldIndexes`: a build reads every client — seconds at a million — so it runs off
 * the request; on PostgreSQL CONCURRENTLY, so writes go on meanwhile). The list works without
 * the index, only slower, until the job has run.
 */

type Db = Kysely<Database>;
export const CUSTOM_FIELD_INDEX_JOB = 'custom_field.index';
const PREFIX = 'clients_cf_';
/** Text values sort by their first 300 characters on PostgreSQL: a btree entry must stay under ~2.7 kB. */
const PG_TEXT_SORT_CHARS = 300;

type ValueKind = 'n' | 'b' | 't';
/** How a field's values compare: numbers, booleans or text (dates are ISO text). Multi-select: not sortable. */
export function valueKindOf(type: CustomFieldType | string): ValueKind | null {
  if (type === 'multiselect') return null;
  return type === 'number' ? 'n' : type === 'boolean' ? 'b' : 't';
}

function checkedKey(key: string): string {
  if (!customFieldKeySchema.safeParse(key).success) throw new Error(`not a custom field key: ${key}`);
  return key;
}

/**
 * The value of a custom field as SQL, typed for comparison and sorting. `column` is the
 * custom_fields column as the statement names it (`c.custom_fields` in the list, bare in the DDL).
 * `forSort` truncates PostgreSQL text to what its index holds.
 */
export function customValueSql(pg: boolean, column: RawBuilder<unknown>, key: string, type: CustomFieldType | string, forSort = false): RawBuilder<unknown> {
  const k = checkedKey(key);
  if (!pg) return sql`json_extract(${column}, ${sql.lit(`$.${k}`)})`;
  const lit = sql`${sql.lit(k)}::text`;
  if (type === 'number') return sql`(CASE WHEN jsonb_typeof(${column} -> ${lit}) = 'number' THEN (${column} ->> ${lit})::numeric END)`;
  if (type === 'boolean') return sql`(CASE WHEN jsonb_typeof(${column} -> ${lit}) = 'boolean' THEN (${column} ->> ${lit})::boolean END)`;
  return forSort ? sql`left(${column} ->> ${lit}, ${sql.lit(PG_TEXT_SORT_CHARS)})` : sql`(${column} ->> ${lit})`;
}

const indexName = (key: string, kind: ValueKind) => `${PREFIX}${kind}_${checkedKey(key)}`;
/** A representative type of a value kind (the expression depends on the kind only). */
const typeOfKind: Record<ValueKind, CustomFieldType> = { n: 'number', b: 'boolean', t: 'text' };

async function existingIndexes(db: Db): Promise<Map<string, boolean>> {
  if (dialectOf(db) === 'postgres') {
    const { rows } = await sql<{ name: string; valid: boolean }>`SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
      WHERE t.relname = 'clients' AND c.relname LIKE ${`${PREFIX}%`}`.execute(db);
    return new Map(rows.map((r) => [r.name, r.valid]));
  }
  const { rows } = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'clients' AND name LIKE ${`${PREFIX}%`}`.execute(db);
  return new Map(rows.map((r) => [r.name, true]));
}

/**
 * Makes the custom field indexes match the definitions of every workspace: builds the missing
 * ones (and rebuilds one a failed concurrent build left invalid), drops those no definition
 * uses any more. Idempotent; safe to run again after a crash.
 */
export async function syncCustomFieldIndexes(db: Db): Promise<{ created: string[]; dropped: string[] }> {
  const pg = dialectOf(db) === 'postgres';
  const defs = await db.selectFrom('custom_fields').select(['key', 'type']).distinct().execute();
  const wanted = new Map<string, { key: string; kind: ValueKind }>();
  for (const d of defs) {
    const kind = valueKindOf(d.type);
    if (kind && customFieldKeySchema.safeParse(d.key).success) wanted.set(indexName(d.key, kind), { key: d.key, kind });
  }
  const existing = await existingIndexes(db);
  const created: string[] = [];
  const dropped: string[] = [];
  for (const [name, valid] of existing) {
    if (wanted.has(name) && valid) continue;
    await sql`DROP INDEX ${sql.raw(pg ? 'CONCURRENTLY ' : '')}IF EXISTS ${sql.id(name)}`.execute(db);
    if (!wanted.has(name)) dropped.push(name);
  }
  for (const [name, { key, kind }] of wanted) {
    if (existing.get(name)) continue;
    const value = customValueSql(pg, sql.ref('custom_fields'), key, typeOfKind[kind], true);
    // NULL first ascending, as the list sorts (SQLite's default; PostgreSQL must be told).
    const nulls = pg ? sql` NULLS FIRST` : sql``;
    await sql`CREATE INDEX ${sql.raw(pg ? 'CONCURRENTLY ' : '')}IF NOT EXISTS ${sql.id(name)} ON clients (workspace_id, ${value}${nulls}, id) WHERE deleted_at IS NULL`.execute(db);
    created.push(name);
  }
  return { created, dropped };
}

/** Asks for the indexes to follow a definition created or deleted (the job runs after the commit). */
export const enqueueCustomFieldIndexSync = (db: Db, workspaceId: string, createdBy: string | null) =>
  enqueueJob(db, { workspaceId, kind: CUSTOM_FIELD_INDEX_JOB, params: {}, createdBy });

registerJobHandler(CUSTOM_FIELD_INDEX_JOB, async (ctx) => syncCustomFieldIndexes(ctx.db), { maxAttempts: 5, backoffMs: 30_000 });
// Also nightly at 04:00 UTC: fields defined before the indexes existed get theirs, and a build
// that failed for good is tried again.
registerSchedule({
  name: CUSTOM_FIELD_INDEX_JOB,
  everySeconds: 86_400,
  firstRunAt: (now) => nextDailyAt(now, 4),
  enqueue: async (trx, runAt) => {
    const any = await trx.selectFrom('custom_fields').select('workspace_id').limit(1).executeTakeFirst();
    if (any) await enqueueJob(trx, { workspaceId: any.workspace_id, kind: CUSTOM_FIELD_INDEX_JOB, params: {}, createdBy: null, dedupeKey: `${CUSTOM_FIELD_INDEX_JOB}:${runAt}` });
  },
});

import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { dialectOf } from '../db/dialect';
import type { Database } from '../db/schema';

export type AuditRow = Database['audit_events'];

/**
 * Appends rows. On PostgreSQL a batch goes as ONE parameter (a JSON array expanded by
 * jsonb_populate_recordset): a bulk chunk writes 1,000 events, and as a multi-row VALUES that
 * was 11,000 parameters to compile in Node and to parse and bind in the server — about as long
 * as the insert itself. `changes` is already JSON text, spliced in as it is.
 */
async function insertAuditEvents(db: Kysely<Database>, rows: AuditRow[]): Promise<void> {
  if (!rows.length) return;
  if (rows.length < 20 || dialectOf(db) !== 'postgres') {
    await db.insertInto('audit_events').values(rows).execute();
    return;
  }
  const payload = `[${rows
    .map(({ changes, ...rest }) => `${JSON.stringify(rest).slice(0, -1)},"changes":${changes === null ? 'null' : typeof changes === 'string' ? changes : JSON.stringify(changes)}}`)
    .join(',')}]`;
  await sql`INSERT INTO audit_events (id, workspace_id, at, actor_user_id, actor_api_key_id, actor_label, action, entity_type, entity_id, changes, ip)
    SELECT id, workspace_id, at, actor_user_id, actor_api_key_id, actor_label, action, entity_type, entity_id, changes, ip
    FROM jsonb_populate_recordset(NULL::audit_events, ${payload}::jsonb)`.execute(db);
}

function selectWorkspaceEvents(db: Kysely<Database>, workspaceId: string, filter: { entityType?: string; entityId?: string; action?: string }) {
  let q = db.selectFrom('audit_events').selectAll().where('workspace_id', '=', workspaceId);
  if (filter.entityType) q = q.where('entity_type', '=', filter.entityType);
  if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
  if (filter.action) q = q.where('action', '=', filter.action);
  return q;
}

async function countWorkspaceEvents(db: Kysely<Database>, workspaceId: string, filter: { entityType?: string; entityId?: string; action?: string }) {
  const row = await selectWorkspaceEvents(db, workspaceId, filter)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Events of one record plus events of records that belong to it (e.g. a client and its
 * contacts): `related` builds the condition that picks the related events.
 */
function selectEventsOf(
  db: Kysely<Database>,
  workspaceId: string,
  entity: { entityType: string; entityId: string },
  related: (eb: ExpressionBuilder<Database, 'audit_events'>) => Expression<SqlBool>,
) {
  return db
    .selectFrom('audit_events')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb.and([eb('entity_type', '=', entity.entityType), eb('entity_id', '=', entity.entityId)]), related(eb)]));
}

export const auditRepository = Object.freeze({ insertAuditEvents, selectWorkspaceEvents, countWorkspaceEvents, selectEventsOf });

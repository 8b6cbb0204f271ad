import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { Database } from '../db/schema';

export type AuditRow = Database['audit_events'];

async function insertAuditEvents(db: Kysely<Database>, rows: AuditRow[]): Promise<void> {
  if (rows.length) await db.insertInto('audit_events').values(rows).execute();
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

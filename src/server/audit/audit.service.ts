import type { Expression, ExpressionBuilder, Kysely, SqlBool } from 'kysely';
import type { AuditEvent } from '../../domain/audit';
import type { ListQuery, List } from '../../domain/list';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { fromJson, toJson } from '../db/dialect';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { keysetPage } from '../http/pagination';
import { auditRepository, type AuditRow } from './audit.repository';

export type Changes = Record<string, { before: unknown; after: unknown }>;

/** Who did it when there is no full Actor (a failed login, set-up before any session exists). */
export type AuditActor = Pick<Actor, 'userId' | 'apiKeyId' | 'ip'> & { label: string | null };

export type AuditEntry = {
  workspaceId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  changes?: Changes | null;
};

export const actorForAudit = (actor: Actor): AuditActor => ({
  userId: actor.userId,
  apiKeyId: actor.apiKeyId,
  ip: actor.ip,
  label: actor.userName ?? (actor.apiKeyName ? `API key “${actor.apiKeyName}”` : null),
});

/** Per-field before/after of the fields that actually changed. */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>): Changes {
  const changes: Changes = {};
  for (const [field, value] of Object.entries(after)) {
    if (value !== undefined && JSON.stringify(before[field]) !== JSON.stringify(value)) {
      changes[field] = { before: before[field] ?? null, after: value };
    }
  }
  return changes;
}

/**
 * Appends audit events. Pass the transaction that makes the change, so the event and the
 * change commit or roll back together.
 */
export async function recordAudit(db: Kysely<Database>, by: AuditActor, ...entries: AuditEntry[]): Promise<void> {
  const at = nowIso();
  const rows: AuditRow[] = entries.map((e) => ({
    id: newId(),
    workspace_id: e.workspaceId,
    at,
    actor_user_id: by.userId,
    actor_api_key_id: by.apiKeyId,
    actor_label: by.label,
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId ?? null,
    changes: e.changes && Object.keys(e.changes).length ? toJson(e.changes) : null,
    ip: by.ip,
  }));
  await auditRepository.insertAuditEvents(db, rows);
}

export const auditRowToEvent = (row: AuditRow): AuditEvent => ({
  id: row.id,
  at: row.at,
  action: row.action,
  entityType: row.entity_type,
  entityId: row.entity_id,
  actor: { userId: row.actor_user_id, apiKeyId: row.actor_api_key_id, label: row.actor_label },
  changes: row.changes === null ? null : fromJson(row.changes),
  ip: row.ip,
});

/** The workspace's audit trail, newest first. */
export async function listAuditEvents(
  db: Kysely<Database>,
  actor: Actor,
  query: ListQuery & { entityType?: string; entityId?: string; action?: string },
): Promise<List<AuditEvent>> {
  authorize(actor, 'audit.read');
  const base = auditRepository.selectWorkspaceEvents(db, actor.workspaceId, query);
  const [page, total] = await Promise.all([
    keysetPage(base, { sort: { column: 'at', direction: 'desc' }, idColumn: 'id', limit: query.limit, cursor: query.cursor }),
    auditRepository.countWorkspaceEvents(db, actor.workspaceId, query),
  ]);
  return { data: page.rows.map(auditRowToEvent), nextCursor: page.nextCursor, total };
}

/**
 * One record's history, newest first, for a module that has already checked that the caller
 * may read the record (e.g. GET /clients/{id}/audit, open to viewers).
 */
export async function listEntityAuditEvents(
  db: Kysely<Database>,
  workspaceId: string,
  entity: { entityType: string; entityId: string },
  query: ListQuery,
  /** Also the events this condition picks (e.g. those of the record's contacts). */
  related?: (eb: ExpressionBuilder<Database, 'audit_events'>) => Expression<SqlBool>,
): Promise<List<AuditEvent>> {
  const base = related ? auditRepository.selectEventsOf(db, workspaceId, entity, related) : auditRepository.selectWorkspaceEvents(db, workspaceId, entity);
  const [page, total] = await Promise.all([
    keysetPage(base, { sort: { column: 'at', direction: 'desc' }, idColumn: 'id', limit: query.limit, cursor: query.cursor }),
    base
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n)),
  ]);
  return { data: page.rows.map(auditRowToEvent), nextCursor: page.nextCursor, total };
}

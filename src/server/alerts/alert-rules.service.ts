import type { Kysely } from 'kysely';
import {
  alertDeliverySchema,
  alertParamsSchemas,
  defaultRedFlagKeywords,
  type AlertDelivery,
  type AlertRule,
  type AlertRuleKind,
  type AlertSeverity,
  type CreateAlertRuleBody,
  type UpdateAlertRuleBody,
  withoutRetired,
} from '../../domain/alert';
import { toFieldErrors } from '../../domain/healthSettings';
import { actorForAudit, diff, recordAudit, type AuditActor } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { fromJson, lockTransaction, lockKey, toJson } from '../db/dialect';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { deleteWorkspaceRow, updateWorkspaceRow } from '../db/workspace-rows';
import { assertVersion, stale } from '../http/etag';
import { badRequest, notFound } from '../http/problem';
import { alertRepository as repo, type AlertRuleRow } from './alert.repository';

type Db = Kysely<Database>;

export const kindNames: Record<AlertRuleKind, string> = {
  band_change: 'Health band dropped',
  score_drop: 'Health score dropped',
  communication_gap: 'No contact beyond the cadence',
  usage_drop: 'Usage dropped',
  renewal_upcoming: 'Renewal coming up',
  payment_overdue: 'Payment overdue',
  response_breach: 'Response time breached',
  satisfaction_drop: 'Low satisfaction',
  document_expiring: 'Document expiring',
  red_flag_keywords: 'Red-flag words in an interaction',
};

/** The rules a new workspace starts with (plan §6): the product documents' red flags and standards. */
const defaultRules: { kind: AlertRuleKind; params: Record<string, unknown>; severity: AlertSeverity; name?: string }[] = [
  { kind: 'band_change', params: { direction: 'down' }, severity: 'critical' },
  { kind: 'payment_overdue', params: { days: 1 }, severity: 'warning' },
  { kind: 'response_breach', params: { priorities: ['urgent', 'important', 'regular'] }, severity: 'warning' },
  { kind: 'satisfaction_drop', params: { npsAtMost: 6 }, severity: 'warning', name: 'NPS of 6 or less' },
  { kind: 'renewal_upcoming', params: { days: 30 }, severity: 'info', name: 'Renewal within 30 days' },
  { kind: 'communication_gap', params: { factor: 1.5 }, severity: 'warning', name: 'No contact for 1.5 × the cadence' },
  { kind: 'red_flag_keywords', params: { keywords: defaultRedFlagKeywords }, severity: 'warning' },
];

const system: AuditActor = { userId: null, apiKeyId: null, ip: null as unknown as string, label: 'Alert defaults' };
const SEEDED = 'alert_rules.defaults_created';

export const ruleRowToRule = (row: AlertRuleRow): AlertRule => ({
  id: row.id,
  kind: row.kind as AlertRuleKind,
  name: row.name,
  params: withoutRetired(row.kind as AlertRuleKind)(fromJson(row.params)) as Record<string, unknown>,
  severity: row.severity as AlertSeverity,
  enabled: row.enabled === 1,
  deliver: fromJson(row.deliver),
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
});

/**
 * Gives a workspace its default rules the first time its rules are read (by the API or a
 * firing path), once: the audit event marks it, so a workspace that deleted every rule keeps none.
 */
export async function ensureDefaultRules(db: Db, workspaceId: string): Promise<void> {
  const hasRule = () => db.selectFrom('alert_rules').select('id').where('workspace_id', '=', workspaceId).limit(1).executeTakeFirst();
  if (await hasRule()) return;
  // Two first reads at once must not both seed: the second waits, then finds the rules.
  await lockTransaction(db, lockKey(`alert_rules:${workspaceId}`));
  if (await hasRule()) return;
  const seeded = await db.selectFrom('audit_events').select('id').where('workspace_id', '=', workspaceId).where('action', '=', SEEDED).limit(1).executeTakeFirst();
  if (seeded) return;
  const now = nowIso();
  const deliver = toJson(alertDeliverySchema.parse({}));
  for (const r of defaultRules) {
    await repo.insertRule(db, {
      workspace_id: workspaceId, id: newId(), kind: r.kind, name: r.name ?? kindNames[r.kind], params: toJson(alertParamsSchemas[r.kind].parse(r.params)),
      severity: r.severity, enabled: 1, deliver, created_by: null, created_at: now, updated_at: now,
    });
  }
  await recordAudit(db, system, { workspaceId, action: SEEDED, entityType: 'workspace', entityId: workspaceId, changes: { rules: { before: null, after: defaultRules.map((r) => r.kind) } } });
}

/** The enabled rules of these kinds (defaults created on first use). */
export async function enabledRules(db: Db, workspaceId: string, kinds: readonly AlertRuleKind[]): Promise<AlertRule[]> {
  await ensureDefaultRules(db, workspaceId);
  return (await repo.enabledRules(db, workspaceId, kinds)).map(ruleRowToRule);
}

export async function listRules(db: Db, actor: Actor): Promise<AlertRule[]> {
  authorize(actor, 'alert.read');
  await db.transaction().execute((trx) => ensureDefaultRules(trx, actor.workspaceId));
  return (await repo.rules(db, actor.workspaceId)).map(ruleRowToRule);
}

export async function getRule(db: Db, actor: Actor, id: string): Promise<AlertRule> {
  authorize(actor, 'alert.read');
  const row = await repo.rule(db, actor.workspaceId, id);
  if (!row) throw notFound('alert rule');
  return ruleRowToRule(row);
}

export async function createRule(db: Db, actor: Actor, body: CreateAlertRuleBody): Promise<AlertRule> {
  authorize(actor, 'alert.rules');
  const now = nowIso();
  const row = {
    workspace_id: actor.workspaceId, id: newId(), kind: body.kind, name: body.name ?? kindNames[body.kind], params: toJson(body.params),
    severity: body.severity ?? 'warning', enabled: body.enabled === false ? 0 : 1, deliver: toJson(body.deliver ?? alertDeliverySchema.parse({})),
    created_by: actor.userId, created_at: now, updated_at: now,
  };
  await db.transaction().execute(async (trx) => {
    await ensureDefaultRules(trx, actor.workspaceId);
    await repo.insertRule(trx, row);
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId, action: 'alert_rule.created', entityType: 'alert_rule', entityId: row.id,
      changes: {
        kind: { before: null, after: body.kind }, name: { before: null, after: row.name }, params: { before: null, after: body.params },
        severity: { before: null, after: row.severity }, deliver: { before: null, after: fromJson(row.deliver) },
      },
    });
  });
  return getRule(db, actor, row.id);
}

/** PATCH: params are checked whole against the rule's kind, errors named `params.<field>`. */
export async function updateRule(db: Db, actor: Actor, id: string, body: UpdateAlertRuleBody, expectedVersion?: number): Promise<AlertRule> {
  authorize(actor, 'alert.rules');
  await db.transaction().execute(async (trx) => {
    const row = await repo.rule(trx, actor.workspaceId, id);
    if (!row) throw notFound('alert rule');
    assertVersion(row.version, expectedVersion);
    const before = ruleRowToRule(row);
    let params = before.params;
    if (body.params !== undefined) {
      const parsed = alertParamsSchemas[before.kind].safeParse(body.params);
      if (!parsed.success) {
        const errors = toFieldErrors(parsed.error.issues, 'params');
        throw badRequest(`${errors[0]!.path} ${errors[0]!.message}`, errors);
      }
      params = parsed.data as Record<string, unknown>;
    }
    const next = { name: body.name ?? before.name, params, severity: body.severity ?? before.severity, enabled: body.enabled ?? before.enabled, deliver: (body.deliver ?? before.deliver) as AlertDelivery };
    const changes = diff(
      { name: before.name, params: toJson(before.params), severity: before.severity, enabled: before.enabled, deliver: toJson(before.deliver) },
      { name: next.name, params: toJson(next.params), severity: next.severity, enabled: next.enabled, deliver: toJson(next.deliver) },
    );
    if (!Object.keys(changes).length) return;
    const ok = await updateWorkspaceRow(trx, 'alert_rules', actor.workspaceId, id, row.version, {
      name: next.name, params: toJson(next.params), severity: next.severity, enabled: next.enabled ? 1 : 0, deliver: toJson(next.deliver), updated_at: nowIso(),
    });
    if (!ok) throw stale();
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'alert_rule.updated', entityType: 'alert_rule', entityId: id, changes });
  });
  return getRule(db, actor, id);
}

/** DELETE: the rule's alerts go with it (FK cascade) — they would have no rule to explain them. */
export async function deleteRule(db: Db, actor: Actor, id: string, expectedVersion?: number): Promise<void> {
  authorize(actor, 'alert.rules');
  await db.transaction().execute(async (trx) => {
    const row = await repo.rule(trx, actor.workspaceId, id);
    if (!row) throw notFound('alert rule');
    assertVersion(row.version, expectedVersion);
    await deleteWorkspaceRow(trx, 'alert_rules', actor.workspaceId, id);
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId, action: 'alert_rule.deleted', entityType: 'alert_rule', entityId: id,
      changes: { kind: { before: row.kind, after: null }, name: { before: row.name, after: null } },
    });
  });
}

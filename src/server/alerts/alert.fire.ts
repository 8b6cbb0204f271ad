import type { Kysely } from 'kysely';
import type { AlertRule } from '../../domain/alert';
import { addTimelineEntry } from '../activity/timeline';
import { recordAudit, type AuditActor } from '../audit/audit.service';
import { fromJson, toJson } from '../db/dialect';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { emitWebhook } from '../webhooks/hooks';
import { alertRepository as repo } from './alert.repository';

type Db = Kysely<Database>;

/**
 * `key` names the occurrence (a renewal date, an invoice): once an alert with that key is
 * resolved, the sweep finding the same condition again does not reopen it.
 */
export type Firing = { title: string; reason: string; detail?: Record<string, unknown>; key?: string };

const ruleActor = (rule: AlertRule): AuditActor => ({ userId: null, apiKeyId: null, ip: null as unknown as string, label: `Alert rule “${rule.name}”` });

/**
 * Fires a rule for a client, in the caller's transaction. One alert per rule and client stays
 * open (the partial unique index): firing again only bumps fire_count and last_fired_at, so a
 * condition that holds for days is one alert, not a flood. A new alert is audited, shown on
 * the client's timeline (not as activity with the client) and handed to the webhook hook.
 * A new alert goes to the client's owner when it has one.
 */
export async function fireAlert(trx: Db, workspaceId: string, rule: AlertRule, clientId: string, firing: Firing, now = nowIso()): Promise<{ id: string; created: boolean } | null> {
  const client = await trx.selectFrom('clients').select(['owner_id', 'deleted_at']).where('workspace_id', '=', workspaceId).where('id', '=', clientId).executeTakeFirst();
  if (!client || client.deleted_at) return null;
  if (firing.key !== undefined) {
    const last = await trx
      .selectFrom('alerts').select(['detail']).where('workspace_id', '=', workspaceId).where('client_id', '=', clientId).where('rule_id', '=', rule.id).where('status', '=', 'resolved')
      .orderBy('resolved_at', 'desc').limit(1).executeTakeFirst();
    if (last && fromJson<{ key?: string }>(last.detail)?.key === firing.key) return null;
  }
  const id = newId();
  const detail = { ...(firing.detail ?? {}), ...(firing.key !== undefined ? { key: firing.key } : {}) };
  const result = await repo.fire(trx, {
    workspace_id: workspaceId, id, rule_id: rule.id, client_id: clientId, kind: rule.kind, severity: rule.severity, status: 'open',
    title: firing.title.slice(0, 300), reason: firing.reason.slice(0, 2000), detail: toJson(detail),
    assignee_id: client.owner_id, snoozed_until: null, opened_at: now, last_fired_at: now,
    acknowledged_at: null, acknowledged_by: null, resolved_at: null, resolved_by: null, resolution: null, task_id: null,
  });
  if (!result.created) return result;
  await recordAudit(trx, ruleActor(rule), {
    workspaceId, action: 'alert.opened', entityType: 'alert', entityId: id,
    changes: { ruleId: { before: null, after: rule.id }, clientId: { before: null, after: clientId }, kind: { before: null, after: rule.kind }, reason: { before: null, after: firing.reason } },
  });
  await addTimelineEntry(
    trx,
    { workspaceId, clientId, kind: 'alert', recordId: id, at: now, title: `Alert: ${firing.title}`, summary: { kind: rule.kind, severity: rule.severity, reason: firing.reason, ruleId: rule.id }, userId: null },
    { touchActivity: false },
  );
  if (rule.deliver.webhook) {
    await emitWebhook('alert.opened', { workspaceId, alert: { id, ruleId: rule.id, clientId, kind: rule.kind, severity: rule.severity, title: firing.title, reason: firing.reason, detail, openedAt: now } });
  }
  return result;
}

import type { Kysely, Selectable } from 'kysely';
import type { AlertRule } from '../../domain/alert';
import { addTimelineEntries } from '../activity/timeline';
import { recordAudit, type AuditActor } from '../audit/audit.service';
import { fromJson, toJson } from '../db/dialect';
import { newId, nowIso } from '../db/ids';
import type { AlertTable, Database } from '../db/schema';
import { emitWebhook } from '../webhooks/hooks';
import { alertRepository as repo } from './alert.repository';

type Db = Kysely<Database>;

/**
 * `key` names the occurrence (a renewal date, an invoice): once an alert with that key is
 * resolved, the sweep finding the same condition again does not reopen it.
 */
export type Firing = { title: string; reason: string; detail?: Record<string, unknown>; key?: string };

const ruleActor = (rule: AlertRule): AuditActor => ({ userId: null, apiKeyId: null, ip: null as unknown as string, label: `Alert rule “${rule.name}”` });

/** One rule firing for one client. */
export type RuleFiring = { rule: AlertRule; clientId: string; firing: Firing };
type Fired = { id: string; created: boolean } | null;
const pairKey = (ruleId: string, clientId: string) => `${ruleId}\u0000${clientId}`;
const CHUNK = 500;

/**
 * Fires a rule for a client, in the caller's transaction. One alert per rule and client stays
 * open (the partial unique index): firing again only bumps fire_count and last_fired_at, so a
 * condition that holds for days is one alert, not a flood. A new alert is audited, shown on
 * the client's timeline (not as activity with the client) and handed to the webhook hook.
 * A new alert goes to the client's owner when it has one.
 */
export async function fireAlert(trx: Db, workspaceId: string, rule: AlertRule, clientId: string, firing: Firing, now = nowIso()): Promise<Fired> {
  return (await fireAlerts(trx, workspaceId, [{ rule, clientId, firing }], now))[0]!;
}

/**
 * fireAlert for many firings at once (a recompute batch): a few statements whatever their
 * number — the clients and the resolved keyed alerts read per chunk, the alerts written in
 * multi-row upserts, then the new ones' audit events and timeline entries. Returns, per
 * firing, the alert and whether it is new (null: the client is gone or the key was resolved).
 */
export async function fireAlerts(trx: Db, workspaceId: string, firings: readonly RuleFiring[], now = nowIso()): Promise<Fired[]> {
  const results = new Map<string, Fired>();
  // One row per rule and client: an upsert may not touch the same row twice.
  const byPair = new Map<string, RuleFiring>();
  for (const f of firings) byPair.set(pairKey(f.rule.id, f.clientId), f);
  const all = [...byPair.values()];
  for (let i = 0; i < all.length; i += CHUNK) {
    const part = all.slice(i, i + CHUNK);
    const clientIds = [...new Set(part.map((f) => f.clientId))];
    const clients = new Map((await trx.selectFrom('clients').select(['id', 'owner_id', 'deleted_at']).where('workspace_id', '=', workspaceId).where('id', 'in', clientIds).execute()).map((c) => [c.id, c]));
    const keyed = part.filter((f) => f.firing.key !== undefined);
    const lastResolved = new Map<string, { detail: unknown; resolved_at: string | null }>();
    if (keyed.length) {
      const rows = await trx
        .selectFrom('alerts').select(['rule_id', 'client_id', 'detail', 'resolved_at'])
        .where('workspace_id', '=', workspaceId).where('status', '=', 'resolved')
        .where('client_id', 'in', [...new Set(keyed.map((f) => f.clientId))]).where('rule_id', 'in', [...new Set(keyed.map((f) => f.rule.id))])
        .execute();
      for (const r of rows) {
        const k = pairKey(r.rule_id, r.client_id);
        const seen = lastResolved.get(k);
        if (!seen || (r.resolved_at ?? '') > (seen.resolved_at ?? '')) lastResolved.set(k, r);
      }
    }
    const rows: (Omit<Selectable<AlertTable>, 'version' | 'fire_count'> & { firing: RuleFiring; detailObj: Record<string, unknown> })[] = [];
    for (const f of part) {
      const k = pairKey(f.rule.id, f.clientId);
      const client = clients.get(f.clientId);
      if (!client || client.deleted_at) { results.set(k, null); continue; }
      const { firing, rule } = f;
      const last = lastResolved.get(k);
      if (firing.key !== undefined && last && fromJson<{ key?: string }>(last.detail)?.key === firing.key) { results.set(k, null); continue; }
      const detailObj = { ...(firing.detail ?? {}), ...(firing.key !== undefined ? { key: firing.key } : {}) };
      rows.push({
        workspace_id: workspaceId, id: newId(), rule_id: rule.id, client_id: f.clientId, kind: rule.kind, severity: rule.severity, status: 'open',
        title: firing.title.slice(0, 300), reason: firing.reason.slice(0, 2000), detail: toJson(detailObj),
        assignee_id: client.owner_id, snoozed_until: null, opened_at: now, last_fired_at: now,
        acknowledged_at: null, acknowledged_by: null, resolved_at: null, resolved_by: null, resolution: null, task_id: null,
        firing: f, detailObj,
      });
    }
    if (!rows.length) continue;
    const stored = await repo.fireMany(trx, rows.map(({ firing: _f, detailObj: _d, ...row }) => row));
    const created = rows.filter((r) => stored.get(pairKey(r.rule_id, r.client_id)) === r.id);
    for (const r of rows) {
      const id = stored.get(pairKey(r.rule_id, r.client_id))!;
      results.set(pairKey(r.rule_id, r.client_id), { id, created: id === r.id });
    }
    // Audit events carry their rule as actor: one multi-row insert per rule.
    const byRule = new Map<string, typeof created>();
    for (const r of created) byRule.set(r.rule_id, [...(byRule.get(r.rule_id) ?? []), r]);
    for (const group of byRule.values()) {
      const rule = group[0]!.firing.rule;
      await recordAudit(trx, ruleActor(rule), ...group.map((r) => ({
        workspaceId, action: 'alert.opened', entityType: 'alert', entityId: r.id,
        changes: { ruleId: { before: null, after: rule.id }, clientId: { before: null, after: r.client_id }, kind: { before: null, after: rule.kind }, reason: { before: null, after: r.firing.firing.reason } },
      })));
    }
    await addTimelineEntries(trx, created.map((r) => ({
      workspaceId, clientId: r.client_id, kind: 'alert' as const, recordId: r.id, at: now, title: `Alert: ${r.firing.firing.title}`,
      summary: { kind: r.firing.rule.kind, severity: r.firing.rule.severity, reason: r.firing.firing.reason, ruleId: r.firing.rule.id }, userId: null,
    })));
    for (const r of created) {
      const { rule, firing } = r.firing;
      if (rule.deliver.webhook) {
        await emitWebhook('alert.opened', { workspaceId, alert: { id: r.id, ruleId: rule.id, clientId: r.client_id, kind: rule.kind, severity: rule.severity, title: firing.title, reason: firing.reason, detail: r.detailObj, openedAt: now } });
      }
    }
  }
  return firings.map((f) => results.get(pairKey(f.rule.id, f.clientId)) ?? null);
}

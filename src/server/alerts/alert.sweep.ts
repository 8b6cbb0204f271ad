import { sql, type Kysely } from 'kysely';
import type { AlertParams, AlertRule } from '../../domain/alert';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { registerJobHandler, type JobContext } from '../jobs/job.runner';
import { registerSchedule } from '../jobs/job.schedule';
import { enqueueJob } from '../jobs/job.service';
import { enabledRules } from './alert-rules.service';
import { alertRepository } from './alert.repository';
import { fireAlert, type Firing } from './alert.fire';

type Db = Kysely<Database>;

export const SWEEP_JOB = 'alerts.sweep';
const DAY = 86_400_000;
// A sweep looks at this many matching rows per rule: the rest are found 15 minutes later.
const CAP = 5_000;

const plus = (now: string, days: number) => new Date(Date.parse(now) + days * DAY).toISOString();
const dayOf = (at: string) => at.slice(0, 10);

/** Clients with a renewal in the next `days` days (clients_live_renewal_idx). */
async function renewals(db: Db, ws: string, rule: AlertRule, now: string): Promise<[string, Firing][]> {
  const { days } = rule.params as AlertParams<'renewal_upcoming'>;
  const rows = await db
    .selectFrom('clients').select(['id', 'next_renewal_at'])
    .where('workspace_id', '=', ws).where('deleted_at', 'is', null)
    .where('next_renewal_at', '>=', now).where('next_renewal_at', '<=', plus(now, days))
    .orderBy('next_renewal_at').limit(CAP).execute();
  return rows.map((r) => {
    const left = Math.max(0, Math.ceil((Date.parse(r.next_renewal_at!) - Date.parse(now)) / DAY));
    return [r.id, { title: `Renewal on ${dayOf(r.next_renewal_at!)}`, reason: `The renewal is in ${left} day${left === 1 ? '' : 's'} (rule: within ${days} days)`, detail: { renewalAt: r.next_renewal_at, daysLeft: left }, key: r.next_renewal_at! }];
  });
}

/** Unpaid invoices more than `days` days past due, per client (invoices_due_idx). */
async function overdue(db: Db, ws: string, rule: AlertRule, now: string): Promise<[string, Firing][]> {
  const { days, minAmount } = rule.params as AlertParams<'payment_overdue'>;
  const rows = await db
    .selectFrom('invoices').select(['id', 'client_id', 'number', 'currency', 'due_at', sql<number>`total - paid_amount`.as('open')])
    .where('workspace_id', '=', ws).where('status', 'in', ['sent', 'overdue'])
    .where('due_at', '<', plus(now, -days)).whereRef('total', '>', 'paid_amount')
    .orderBy('due_at').limit(CAP).execute();
  const byClient = new Map<string, typeof rows>();
  for (const r of rows) byClient.set(r.client_id, [...(byClient.get(r.client_id) ?? []), r]);
  const out: [string, Firing][] = [];
  for (const [clientId, list] of byClient) {
    const amount = list.reduce((s, r) => s + Number(r.open), 0);
    if (minAmount !== undefined && amount < minAmount) continue;
    const oldest = list[0]!;
    const late = Math.floor((Date.parse(now) - Date.parse(oldest.due_at!)) / DAY);
    out.push([clientId, {
      title: list.length === 1 ? `Invoice ${oldest.number} overdue` : `${list.length} invoices overdue`,
      reason: `Invoice ${oldest.number} is ${late} day${late === 1 ? '' : 's'} past due (rule: more than ${days})`,
      detail: { invoiceIds: list.map((r) => r.id), oldestDueAt: oldest.due_at, daysOverdue: late, openAmount: amount, currency: oldest.currency },
      key: oldest.id,
    }]);
  }
  return out;
}

/** Inbound interactions past their response target and still unanswered (interactions_due_idx). */
async function breaches(db: Db, ws: string, rule: AlertRule, now: string): Promise<[string, Firing][]> {
  const { priorities } = rule.params as AlertParams<'response_breach'>;
  const rows = await db
    .selectFrom('interactions').select(['id', 'client_id', 'kind', 'subject', 'priority', 'response_due_at'])
    .where('workspace_id', '=', ws).where('direction', '=', 'inbound').where('responded_at', 'is', null)
    .where('response_due_at', '<', now)
    .orderBy('response_due_at').limit(CAP).execute();
  const byClient = new Map<string, (typeof rows)[number][]>();
  for (const r of rows) {
    if (!priorities.includes((r.priority ?? 'regular') as (typeof priorities)[number])) continue;
    byClient.set(r.client_id, [...(byClient.get(r.client_id) ?? []), r]);
  }
  return [...byClient].map(([clientId, list]) => {
    const first = list[0]!;
    const hours = Math.floor((Date.parse(now) - Date.parse(first.response_due_at!)) / 3_600_000);
    return [clientId, {
      title: list.length === 1 ? `No response to a ${first.priority ?? 'regular'} ${first.kind}` : `${list.length} inbound messages unanswered past target`,
      reason: `${first.subject ? `“${first.subject}”` : `A ${first.kind}`} was due a response ${hours} h ago (${first.priority ?? 'regular'} target)`,
      detail: { interactionIds: list.map((r) => r.id), oldestDueAt: first.response_due_at, priority: first.priority ?? 'regular' },
      key: first.id,
    }];
  });
}

/** Documents expiring in the next `days` days (documents_expiry_idx). */
async function expiring(db: Db, ws: string, rule: AlertRule, now: string): Promise<[string, Firing][]> {
  const { days } = rule.params as AlertParams<'document_expiring'>;
  const rows = await db
    .selectFrom('documents').select(['id', 'client_id', 'title', 'file_name', 'expires_at'])
    .where('workspace_id', '=', ws).where('expires_at', '>=', now).where('expires_at', '<=', plus(now, days))
    .orderBy('expires_at').limit(CAP).execute();
  const seen = new Set<string>();
  const out: [string, Firing][] = [];
  for (const r of rows) {
    if (seen.has(r.client_id)) continue;
    seen.add(r.client_id);
    const name = r.title ?? r.file_name;
    out.push([r.client_id, { title: `“${name}” expires ${dayOf(r.expires_at!)}`, reason: `The document “${name}” expires on ${dayOf(r.expires_at!)} (rule: within ${days} days)`, detail: { documentId: r.id, expiresAt: r.expires_at }, key: r.id }]);
  }
  return out;
}

const finders = { renewal_upcoming: renewals, payment_overdue: overdue, response_breach: breaches, document_expiring: expiring } as const;

/** One workspace's time-driven rules: wakes snoozed alerts, then fires what the clock made true. */
export async function sweepWorkspace(db: Db, workspaceId: string, now = nowIso()): Promise<Record<string, number>> {
  const woken = await alertRepository.wakeSnoozed(db, workspaceId, now);
  const rules = await db.transaction().execute((trx) => enabledRules(trx, workspaceId, Object.keys(finders) as (keyof typeof finders)[]));
  let opened = 0;
  let fired = 0;
  for (const rule of rules) {
    const found = await finders[rule.kind as keyof typeof finders](db, workspaceId, rule, now);
    // Small transactions: a sweep never holds locks across a whole workspace.
    for (let i = 0; i < found.length; i += 200) {
      await db.transaction().execute(async (trx) => {
        for (const [clientId, firing] of found.slice(i, i + 200)) {
          const r = await fireAlert(trx, workspaceId, rule, clientId, firing, now);
          if (r) fired++;
          if (r?.created) opened++;
        }
      });
    }
  }
  return { woken, fired, opened };
}

type Params = { plannedAt?: string };

export async function runSweep(ctx: JobContext<Params>): Promise<Record<string, unknown>> {
  return sweepWorkspace(ctx.db, ctx.workspaceId);
}

/** Every 15 minutes, a sweep per workspace (the dedupe key names the run). */
export async function enqueueSweeps(trx: Db, plannedAt: string): Promise<void> {
  for (const { id } of await trx.selectFrom('workspaces').select('id').execute()) {
    await enqueueJob(trx, { workspaceId: id, kind: SWEEP_JOB, params: { plannedAt }, createdBy: null, dedupeKey: `${SWEEP_JOB}:${plannedAt}` });
  }
}

registerJobHandler<Params, unknown>(SWEEP_JOB, runSweep, { maxAttempts: 3, backoffMs: 60_000 });
registerSchedule({
  name: SWEEP_JOB,
  everySeconds: 900,
  firstRunAt: (now) => new Date(Math.ceil(now / 900_000) * 900_000).toISOString(),
  enqueue: enqueueSweeps,
});

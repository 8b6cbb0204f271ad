import type { Kysely } from 'kysely';
import type { ListQuery } from '../../domain/list';
import {
  defaultLoyaltySettings,
  tierOf,
  type AdjustPointsBody,
  type LoyaltyAccount,
  type LoyaltyEntry,
  type LoyaltySettings,
  type RedeemPointsBody,
  type UpdateLoyaltySettingsBody,
} from '../../domain/loyalty';
import { minorDigits, type Money } from '../../domain/money';
import { addTimelineEntry } from '../activity/timeline';
import { actorForAudit, recordAudit, type AuditActor } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import type { SummaryContributor } from '../clients/client.figures';
import { assertClientExists } from '../clients/client.service';
import { lockKey, lockTransaction } from '../db/dialect';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { keysetPage } from '../http/pagination';
import { fieldError } from '../http/problem';
import { loyaltyRepository, type LoyaltyRow } from './loyalty.repository';
import { settingsSectionOf, updateSettingsSection } from './workspace-settings';

type Db = Kysely<Database>;
type Kind = LoyaltyEntry['kind'];

export const loyaltyRowToEntry = (row: LoyaltyRow): LoyaltyEntry => ({
  id: row.id,
  kind: row.kind as Kind,
  points: Number(row.points),
  balanceAfter: Number(row.balance_after),
  reason: row.reason,
  orderId: row.order_id,
  createdBy: row.created_by,
  at: new Date(row.at).toISOString(),
});

export const loyaltySettingsOf = (db: Db, workspaceId: string) => settingsSectionOf<LoyaltySettings>(db, workspaceId, 'loyalty', defaultLoyaltySettings);

export async function getLoyaltySettings(db: Db, actor: Actor): Promise<LoyaltySettings> {
  authorize(actor, 'client.read');
  return loyaltySettingsOf(db, actor.workspaceId);
}

/** Changes the points rule and tiers (admin); audited. */
export async function updateLoyaltySettings(db: Db, actor: Actor, body: UpdateLoyaltySettingsBody): Promise<LoyaltySettings> {
  authorize(actor, 'settings.manage');
  return updateSettingsSection<LoyaltySettings>(db, actor, 'loyalty', defaultLoyaltySettings, body);
}

/** A client's points balance, lifetime points and tier. No permission check: for summaries and health. */
export async function loyaltyStanding(db: Db, workspaceId: string, clientId: string) {
  const [totals, settings] = await Promise.all([loyaltyRepository.totals(db, workspaceId, clientId), loyaltySettingsOf(db, workspaceId)]);
  return { balance: totals.balance, lifetimePoints: totals.lifetime, tier: tierOf(totals.lifetime, settings.tiers).tier };
}

/** The client summary's extra.loyalty: balance, lifetime points, tier. */
export const loyaltySummaryContributor: SummaryContributor = async (db, workspaceId, clientId) => ({ extra: { loyalty: await loyaltyStanding(db, workspaceId, clientId) } });

/** Balance, tier and a page of the ledger, newest first. */
export async function getLoyaltyAccount(db: Db, actor: Actor, clientId: string, query: ListQuery): Promise<LoyaltyAccount> {
  authorize(actor, 'client.read');
  await assertClientExists(db, actor.workspaceId, clientId);
  const [totals, page, settings] = await Promise.all([
    loyaltyRepository.totals(db, actor.workspaceId, clientId),
    keysetPage(loyaltyRepository.selectLedger(db, actor.workspaceId, clientId), { sort: { column: 'at', direction: 'desc' }, idColumn: 'id', limit: query.limit, cursor: query.cursor }),
    loyaltySettingsOf(db, actor.workspaceId),
  ]);
  return {
    clientId,
    balance: totals.balance,
    lifetimePoints: totals.lifetime,
    ...tierOf(totals.lifetime, settings.tiers),
    ledger: { data: page.rows.map(loyaltyRowToEntry), nextCursor: page.nextCursor, total: totals.entries },
  };
}

type NewEntry = { kind: Kind; points: number; reason: string | null; orderId: string | null; userId: string | null };

/**
 * Appends an entry under a per-client lock, so two redemptions at once cannot both spend the
 * same points. `check` sees the balance before the entry and may refuse it.
 */
async function appendEntry(trx: Db, workspaceId: string, clientId: string, entry: NewEntry, check?: (balance: number) => void): Promise<LoyaltyEntry> {
  await lockTransaction(trx, lockKey(`loyalty:${workspaceId}:${clientId}`));
  const { balance } = await loyaltyRepository.totals(trx, workspaceId, clientId);
  check?.(balance);
  const row: LoyaltyRow = {
    workspace_id: workspaceId,
    id: newId(),
    client_id: clientId,
    kind: entry.kind,
    points: entry.points,
    balance_after: balance + entry.points,
    reason: entry.reason,
    order_id: entry.orderId,
    created_by: entry.userId,
    at: nowIso(),
  };
  await loyaltyRepository.insertEntry(trx, row);
  return loyaltyRowToEntry(row);
}

const titleOf = (e: LoyaltyEntry) =>
  e.kind === 'earned' ? `Earned ${e.points} points` : e.kind === 'redeemed' ? `Redeemed ${-e.points} points` : `Points adjusted by ${e.points > 0 ? '+' : ''}${e.points}`;

async function recordEntry(trx: Db, by: AuditActor, workspaceId: string, clientId: string, entry: LoyaltyEntry, userId: string | null, touchActivity: boolean) {
  await recordAudit(trx, by, {
    workspaceId,
    action: `loyalty.${entry.kind}`,
    entityType: 'client',
    entityId: clientId,
    changes: { loyaltyPoints: { before: entry.balanceAfter - entry.points, after: entry.balanceAfter }, ...(entry.reason ? { reason: { before: null, after: entry.reason } } : {}), ...(entry.orderId ? { orderId: { before: null, after: entry.orderId } } : {}) },
  });
  await addTimelineEntry(
    trx,
    { workspaceId, clientId, kind: 'loyalty', recordId: entry.id, at: entry.at, userId, title: titleOf(entry), summary: { kind: entry.kind, points: entry.points, balanceAfter: entry.balanceAfter, reason: entry.reason } },
    { touchActivity },
  );
}

/** A hand correction (manager), positive or negative, with a reason; the balance may not go below zero. */
export async function adjustPoints(db: Db, actor: Actor, clientId: string, body: AdjustPointsBody): Promise<LoyaltyEntry> {
  authorize(actor, 'loyalty.adjust');
  return db.transaction().execute(async (trx) => {
    await assertClientExists(trx, actor.workspaceId, clientId, { live: true });
    const entry = await appendEntry(trx, actor.workspaceId, clientId, { kind: 'adjusted', points: body.points, reason: body.reason, orderId: null, userId: actor.userId }, (balance) => {
      if (balance + body.points < 0) throw fieldError('points', `would take the balance below zero (balance is ${balance})`);
    });
    await recordEntry(trx, actorForAudit(actor), actor.workspaceId, clientId, entry, actor.userId, false);
    return entry;
  });
}

/** Spends points (member); never more than the balance (400). Counts as client activity. */
export async function redeemPoints(db: Db, actor: Actor, clientId: string, body: RedeemPointsBody): Promise<LoyaltyEntry> {
  authorize(actor, 'client.write');
  return db.transaction().execute(async (trx) => {
    await assertClientExists(trx, actor.workspaceId, clientId, { live: true });
    const entry = await appendEntry(trx, actor.workspaceId, clientId, { kind: 'redeemed', points: -body.points, reason: body.reason ?? null, orderId: null, userId: actor.userId }, (balance) => {
      if (body.points > balance) throw fieldError('points', `must not be more than the balance (${balance})`);
    });
    await recordEntry(trx, actorForAudit(actor), actor.workspaceId, clientId, entry, actor.userId, true);
    return entry;
  });
}

/** Points an order of this value earns under the workspace's rule. */
export function orderPoints(settings: LoyaltySettings, value: Money | null): number {
  if (!settings.enabled) return 0;
  const units = value && value.amount > 0 ? value.amount / 10 ** minorDigits(value.currency) : 0;
  return settings.pointsPerOrder + Math.floor(units * settings.pointsPerCurrencyUnit);
}

const RULE: AuditActor = { userId: null, apiKeyId: null, ip: null as unknown as string, label: 'Loyalty rule' };

/**
 * Awards the points a completed order earns (pointsPerOrder + pointsPerCurrencyUnit × value),
 * inside the caller's transaction (the orders module calls it when an order completes).
 * Idempotent per order: a second call awards nothing and returns null. An order completed
 * again after revokeOrderPoints gets its points back (as an adjustment), once.
 */
export async function awardOrderPoints(trx: Db, workspaceId: string, clientId: string, orderId: string, value: Money | null): Promise<LoyaltyEntry | null> {
  await lockTransaction(trx, lockKey(`loyalty:${workspaceId}:${clientId}`));
  const earned = await loyaltyRepository.findOrderEntry(trx, workspaceId, orderId);
  if (earned) {
    if ((await loyaltyRepository.orderNet(trx, workspaceId, orderId)) > 0) return null;
    const entry = await appendEntry(trx, workspaceId, clientId, { kind: 'adjusted', points: Number(earned.points), reason: 'Order completed again', orderId, userId: null });
    await recordEntry(trx, RULE, workspaceId, clientId, entry, null, false);
    return entry;
  }
  const points = orderPoints(await loyaltySettingsOf(trx, workspaceId), value);
  if (points <= 0) return null;
  const entry = await appendEntry(trx, workspaceId, clientId, { kind: 'earned', points, reason: null, orderId, userId: null });
  await recordEntry(trx, RULE, workspaceId, clientId, entry, null, false);
  return entry;
}

/**
 * Takes back an order's points when it stops being completed (reopened, cancelled, deleted),
 * in the caller's transaction; never below a zero balance (points already redeemed stay
 * spent). Idempotent: returns null when the order holds no points.
 */
export async function revokeOrderPoints(trx: Db, workspaceId: string, clientId: string, orderId: string): Promise<LoyaltyEntry | null> {
  await lockTransaction(trx, lockKey(`loyalty:${workspaceId}:${clientId}`));
  const net = await loyaltyRepository.orderNet(trx, workspaceId, orderId);
  if (net <= 0) return null;
  const { balance } = await loyaltyRepository.totals(trx, workspaceId, clientId);
  const points = Math.min(net, balance);
  if (points <= 0) return null;
  const entry = await appendEntry(trx, workspaceId, clientId, { kind: 'adjusted', points: -points, reason: 'Order no longer completed', orderId, userId: null });
  await recordEntry(trx, RULE, workspaceId, clientId, entry, null, false);
  return entry;
}

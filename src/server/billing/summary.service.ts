import type { Kysely } from 'kysely';
import type { ClientSummary, CreditStatus } from '../../domain/billing';
import { totalsToList } from '../../domain/money';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { figuresOf, overdueNow, summaryContributions } from '../clients/client.figures';
import { assertClientExists } from '../clients/client.service';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { orderSettingsOf } from '../orders/order-settings.service';

type Db = Kysely<Database>;

/**
 * The client page's quick stats: stored figures (exact as of the last write) with the overdue
 * amount computed now. Totals in the workspace currency come first; other currencies are
 * listed beside them, never converted.
 */
export async function getClientSummary(db: Db, actor: Actor, clientId: string): Promise<ClientSummary> {
  authorize(actor, 'client.read');
  const row = await assertClientExists(db, actor.workspaceId, clientId);
  const now = nowIso();
  const [settings, overdue, contributed] = await Promise.all([
    orderSettingsOf(db, actor.workspaceId),
    overdueNow(db, actor.workspaceId, clientId, now),
    summaryContributions(db, actor.workspaceId, clientId),
  ]);
  const c = settings.currency;
  const f = figuresOf(row);
  const list = (totals: Record<string, number> | undefined) => totalsToList(totals ?? {}, c).filter((m) => m.amount !== 0);
  return {
    clientId,
    currency: c,
    orderWord: settings.word,
    ordersCount: Number(row.orders_count),
    completedOrders: f?.completedOrders ?? 0,
    totalValue: { amount: Number(row.total_value), currency: c },
    totalValueByCurrency: list(f?.orderValue),
    averageOrderValue: list(f?.averageOrderValue),
    outstandingBalance: { amount: Number(row.outstanding_balance), currency: c },
    outstandingByCurrency: list(f?.outstanding),
    overdueAmount: { amount: overdue[c] ?? 0, currency: c },
    overdueByCurrency: list(overdue),
    revenue: list(f?.revenue),
    lifetimeValue: list(f?.lifetimeValue),
    credit: list(f?.credit),
    onTimePaymentRate: f?.onTimePaymentRate ?? null,
    onTimeOrderRate: f && f.completedOrders ? f.onTimeOrders / f.completedOrders : null,
    creditStatus: (row.credit_status ?? 'good') as CreditStatus,
    lastOrderAt: row.last_order_at,
    nextRenewalAt: row.next_renewal_at,
    lastActivityAt: row.last_activity_at,
    nps: contributed.nps,
    extra: contributed.extra,
  };
}

import type { Kysely } from 'kysely';
import type { Credit, CreditStatus, UpdateCreditBody } from '../../domain/billing';
import { totalsToList } from '../../domain/money';
import { actorForAudit, diff, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { figuresOf, lockClient, setClientCredit } from '../clients/client.figures';
import { assertClientExists } from '../clients/client.service';
import type { Database } from '../db/schema';
import { orderSettingsOf } from '../orders/order-settings.service';

type Db = Kysely<Database>;
type ClientCreditRow = { id: string; credit_terms_days: number | null; credit_status: string | null; figures: unknown };

async function creditOf(db: Db, ws: string, row: ClientCreditRow): Promise<Credit> {
  const settings = await orderSettingsOf(db, ws);
  return {
    clientId: row.id,
    netDays: row.credit_terms_days,
    effectiveNetDays: row.credit_terms_days ?? settings.defaultCreditTermsDays,
    status: (row.credit_status ?? 'good') as CreditStatus,
    credit: totalsToList(figuresOf(row)?.credit ?? {}, settings.currency).filter((m) => m.amount !== 0),
  };
}

/** A client's credit terms, credit status and unapplied credit. */
export async function getCredit(db: Db, actor: Actor, clientId: string): Promise<Credit> {
  authorize(actor, 'client.read');
  return creditOf(db, actor.workspaceId, await assertClientExists(db, actor.workspaceId, clientId, { live: true }));
}

/** Sets the client's net days or credit status (member); audited on the client. */
export async function updateCredit(db: Db, actor: Actor, clientId: string, body: UpdateCreditBody): Promise<Credit> {
  authorize(actor, 'client.write');
  return db.transaction().execute(async (trx) => {
    await lockClient(trx, actor.workspaceId, clientId);
    const row = await assertClientExists(trx, actor.workspaceId, clientId, { live: true });
    const before = { creditTermsDays: row.credit_terms_days, creditStatus: row.credit_status ?? 'good' };
    const after = { creditTermsDays: body.netDays !== undefined ? body.netDays : before.creditTermsDays, creditStatus: body.status ?? before.creditStatus };
    const changes = diff(before, after);
    if (Object.keys(changes).length) {
      await setClientCredit(trx, actor.workspaceId, clientId, { netDays: after.creditTermsDays, status: after.creditStatus });
      await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'client.credit_updated', entityType: 'client', entityId: clientId, changes });
    }
    return creditOf(trx, actor.workspaceId, { ...row, credit_terms_days: after.creditTermsDays, credit_status: after.creditStatus });
  });
}

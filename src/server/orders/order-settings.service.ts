import type { Kysely } from 'kysely';
import { defaultOrderSettings, pluralOfOrderWord, type OrderSettings, type UpdateOrderSettingsBody } from '../../domain/orderSettings';
import { actorForAudit, diff, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { refreshClientFigures } from '../clients/client.figures';
import { fromJson, toJson } from '../db/dialect';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { notFound } from '../http/problem';
import { renameOrderWordInTimeline } from './order.timeline';

type Db = Kysely<Database>;

async function readWorkspaceSettings(db: Db, workspaceId: string) {
  const row = await db.selectFrom('workspaces').select(['settings', 'version']).where('id', '=', workspaceId).executeTakeFirst();
  if (!row) throw notFound('workspace');
  return { settings: fromJson<Record<string, unknown>>(row.settings) ?? {}, version: row.version };
}

const withDefaults = (stored: Partial<OrderSettings> | undefined): OrderSettings => {
  const s = { ...defaultOrderSettings, ...(stored ?? {}) };
  return { ...s, wordPlural: pluralOfOrderWord(s.word) };
};

/** The workspace's order word, currency and default credit terms, defaults filled in. No permission check. */
export async function orderSettingsOf(db: Db, workspaceId: string): Promise<OrderSettings> {
  const { settings } = await readWorkspaceSettings(db, workspaceId);
  return withDefaults(settings.orders as Partial<OrderSettings> | undefined);
}

export async function getOrderSettings(db: Db, actor: Actor): Promise<OrderSettings> {
  authorize(actor, 'client.read');
  return orderSettingsOf(db, actor.workspaceId);
}

/**
 * Changes the word, the workspace currency or the default credit terms (admin); audited.
 * A new currency recomputes the figures of every client with orders or billing, since the
 * client columns hold the workspace currency's totals (nothing is converted); a new word
 * renames the timeline's order entries.
 */
export async function updateOrderSettings(db: Db, actor: Actor, body: UpdateOrderSettingsBody): Promise<OrderSettings> {
  authorize(actor, 'settings.manage');
  return db.transaction().execute(async (trx) => {
    const { settings, version } = await readWorkspaceSettings(trx, actor.workspaceId);
    const before = withDefaults(settings.orders as Partial<OrderSettings> | undefined);
    const after = withDefaults({ ...before, ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) });
    const changes = diff(before, after);
    if (!Object.keys(changes).length) return after;
    const { wordPlural: _p, ...stored } = after;
    await trx
      .updateTable('workspaces')
      .set({ settings: toJson({ ...settings, orders: stored }), version: version + 1, updated_at: nowIso() })
      .where('id', '=', actor.workspaceId)
      .execute();
    if (changes.word) await renameOrderWordInTimeline(trx, actor.workspaceId, before.word, after.word);
    if (changes.currency) {
      const clients = await trx.selectFrom('clients').select('id').where('workspace_id', '=', actor.workspaceId).where('figures', 'is not', null).execute();
      for (const c of clients) await refreshClientFigures(trx, actor.workspaceId, c.id);
    }
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'settings.orders_updated', entityType: 'workspace', entityId: actor.workspaceId, changes });
    return after;
  });
}

import { isSupportedCountry } from 'libphonenumber-js';
import type { Kysely } from 'kysely';
import { defaultClientSettings, type ClientSettings, type UpdateClientSettingsBody } from '../../domain/clientSettings';
import { actorForAudit, diff, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { fromJson, toJson } from '../db/dialect';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { fieldError, notFound } from '../http/problem';

type Db = Kysely<Database>;

async function readWorkspaceSettings(db: Db, workspaceId: string) {
  const row = await db.selectFrom('workspaces').select(['settings', 'version']).where('id', '=', workspaceId).executeTakeFirst();
  if (!row) throw notFound('workspace');
  return { settings: fromJson<Record<string, unknown>>(row.settings) ?? {}, version: row.version };
}

/** The workspace's client rules, defaults filled in. No permission check: every module needs them. */
export async function clientSettingsOf(db: Db, workspaceId: string): Promise<ClientSettings> {
  const { settings } = await readWorkspaceSettings(db, workspaceId);
  return { ...defaultClientSettings, ...((settings.clients as Partial<ClientSettings> | undefined) ?? {}) };
}

export async function getClientSettings(db: Db, actor: Actor): Promise<ClientSettings> {
  authorize(actor, 'client.read');
  return clientSettingsOf(db, actor.workspaceId);
}

/** Changes the default country, the "new client" period or the Trash period (admin); audited. */
export async function updateClientSettings(db: Db, actor: Actor, body: UpdateClientSettingsBody): Promise<ClientSettings> {
  authorize(actor, 'settings.manage');
  if (body.defaultCountry && !isSupportedCountry(body.defaultCountry)) {
    throw fieldError('defaultCountry', 'is not a country we know phone numbers of');
  }
  return db.transaction().execute(async (trx) => {
    const { settings, version } = await readWorkspaceSettings(trx, actor.workspaceId);
    const before: ClientSettings = { ...defaultClientSettings, ...((settings.clients as Partial<ClientSettings> | undefined) ?? {}) };
    const after: ClientSettings = { ...before, ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) };
    const changes = diff(before, after);
    if (!Object.keys(changes).length) return after;
    await trx
      .updateTable('workspaces')
      .set({ settings: toJson({ ...settings, clients: after }), version: version + 1, updated_at: nowIso() })
      .where('id', '=', actor.workspaceId)
      .execute();
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId,
      action: 'settings.clients_updated',
      entityType: 'workspace',
      entityId: actor.workspaceId,
      changes,
    });
    return after;
  });
}

import type { Kysely } from 'kysely';
import { actorForAudit, diff, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { fromJson, toJson } from '../db/dialect';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { notFound } from '../http/problem';

type Db = Kysely<Database>;

async function readSettings(db: Db, workspaceId: string) {
  const row = await db.selectFrom('workspaces').select(['settings', 'version']).where('id', '=', workspaceId).executeTakeFirst();
  if (!row) throw notFound('workspace');
  return { settings: fromJson<Record<string, unknown>>(row.settings) ?? {}, version: row.version };
}

/** One section of `workspaces.settings` (e.g. `documents`), defaults filled in. */
export async function settingsSectionOf<T extends Record<string, unknown>>(db: Db, workspaceId: string, key: string, defaults: T): Promise<T> {
  const { settings } = await readSettings(db, workspaceId);
  return { ...defaults, ...((settings[key] as Partial<T> | undefined) ?? {}) };
}

/**
 * Writes the given fields over one section (the caller has authorised and validated them);
 * audited as `settings.<key>_updated` with before/after, in the same transaction.
 */
export async function updateSettingsSection<T extends Record<string, unknown>>(db: Db, actor: Actor, key: string, defaults: T, body: Partial<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const { settings, version } = await readSettings(trx, actor.workspaceId);
    const before: T = { ...defaults, ...((settings[key] as Partial<T> | undefined) ?? {}) };
    const after: T = { ...before, ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) };
    const changes = diff(before, after);
    if (!Object.keys(changes).length) return after;
    await trx
      .updateTable('workspaces')
      .set({ settings: toJson({ ...settings, [key]: after }), version: version + 1, updated_at: nowIso() })
      .where('id', '=', actor.workspaceId)
      .where('version', '=', version)
      .execute();
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: `settings.${key}_updated`, entityType: 'workspace', entityId: actor.workspaceId, changes });
    return after;
  });
}

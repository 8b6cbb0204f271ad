import type { Kysely } from 'kysely';
import { defaultDuplicateSettings, type DuplicateSettings, type UpdateDuplicateSettingsBody } from '../../domain/duplicate';
import { actorForAudit, diff, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { fromJson, toJson } from '../db/dialect';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { notFound } from '../http/problem';

type Db = Kysely<Database>;

async function readWorkspaceSettings(db: Db, workspaceId: string) {
  const row = await db.selectFrom('workspaces').select(['settings', 'version']).where('id', '=', workspaceId).executeTakeFirst();
  if (!row) throw notFound('workspace');
  return { settings: fromJson<Record<string, unknown>>(row.settings) ?? {}, version: row.version };
}

const d = defaultDuplicateSettings;
const withDefaults = (s: Partial<DuplicateSettings> | undefined): DuplicateSettings => ({
  threshold: s?.threshold ?? d.threshold,
  email: { ...d.email, ...(s?.email ?? {}) },
  phone: { ...d.phone, ...(s?.phone ?? {}) },
  name: { ...d.name, ...(s?.name ?? {}) },
  blocks: { ...d.blocks, ...(s?.blocks ?? {}) },
});

const defined = <T extends Record<string, unknown>>(o: T | undefined): Partial<T> =>
  Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;

/** The workspace's duplicate rules, defaults filled in. No permission check. */
export async function duplicateSettingsOf(db: Db, workspaceId: string): Promise<DuplicateSettings> {
  const { settings } = await readWorkspaceSettings(db, workspaceId);
  return withDefaults(settings.duplicates as Partial<DuplicateSettings> | undefined);
}

export async function getDuplicateSettings(db: Db, actor: Actor): Promise<DuplicateSettings> {
  authorize(actor, 'duplicate.manage');
  return duplicateSettingsOf(db, actor.workspaceId);
}

/** e.g. `name.minSimilarity`: the audit names each changed rule. */
const flatten = (s: DuplicateSettings): Record<string, unknown> =>
  Object.fromEntries(Object.entries(s).flatMap(([k, v]) => (typeof v === 'object' ? Object.entries(v).map(([k2, v2]) => [`${k}.${k2}`, v2]) : [[k, v]])));

/** Changes the rules (manager; partial; audited). Stored pairs keep their scores until the next scan. */
export async function updateDuplicateSettings(db: Db, actor: Actor, body: UpdateDuplicateSettingsBody): Promise<DuplicateSettings> {
  authorize(actor, 'duplicate.manage');
  // Another module may write its own settings key meanwhile: the version check makes the loser read again.
  for (let attempt = 0; ; attempt++) {
    const result = await db.transaction().execute(async (trx) => {
      const { settings, version } = await readWorkspaceSettings(trx, actor.workspaceId);
      const before = withDefaults(settings.duplicates as Partial<DuplicateSettings> | undefined);
      const after: DuplicateSettings = {
        threshold: body.threshold ?? before.threshold,
        email: { ...before.email, ...defined(body.email) },
        phone: { ...before.phone, ...defined(body.phone) },
        name: { ...before.name, ...defined(body.name) },
        blocks: { ...before.blocks, ...defined(body.blocks) },
      };
      const changes = diff(flatten(before), flatten(after));
      if (!Object.keys(changes).length) return after;
      const r = await trx
        .updateTable('workspaces')
        .set({ settings: toJson({ ...settings, duplicates: after }), version: version + 1, updated_at: nowIso() })
        .where('id', '=', actor.workspaceId)
        .where('version', '=', version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return null;
      await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'settings.duplicates_updated', entityType: 'workspace', entityId: actor.workspaceId, changes });
      return after;
    });
    if (result) return result;
    if (attempt >= 4) throw new Error('The workspace settings kept changing underneath; try again.');
  }
}

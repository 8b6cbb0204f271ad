import type { Kysely } from 'kysely';
import type { Client, ClientEmail } from '../../domain/client';
import { MERGE_UNDO_DAYS } from '../../domain/merge';
import { actorForAudit, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import type { Database } from '../db/schema';
import { nowIso } from '../db/ids';
import { assertVersion, stale } from '../http/etag';
import { AppError, notFound } from '../http/problem';
import { clientSettingsOf } from './client-settings.service';
import { assertEmailsFree, rethrowEmailRace, writeLookups } from './client.lookups';
import { clientRowToClient } from './client.mapper';
import { clientRepository } from './client.repository';

/** Trash: soft delete, restore, permanent delete, and the purge of what stayed in Trash too long. */

type Db = Kysely<Database>;
const DAY = 86_400_000;

/** Moves a client to Trash (manager): its e-mails become free for other clients. Idempotent. */
export async function deleteClient(db: Db, actor: Actor, id: string, expectedVersion?: number): Promise<void> {
  authorize(actor, 'client.delete');
  await db.transaction().execute(async (trx) => {
    const row = await clientRepository.findClient(trx, actor.workspaceId, id);
    if (!row) throw notFound('client');
    assertVersion(row.version, expectedVersion);
    if (row.deleted_at) return;
    const now = nowIso();
    if (!(await clientRepository.updateClient(trx, actor.workspaceId, id, row.version, { deleted_at: now, updated_at: now }))) throw stale();
    await clientRepository.deleteEmails(trx, actor.workspaceId, [id]);
    await clientRepository.deletePhones(trx, actor.workspaceId, [id]);
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'client.deleted', entityType: 'client', entityId: id, changes: { deletedAt: { before: null, after: now } } });
  });
}

/** Brings a client back from Trash; 409 + existingClientId when its e-mail was taken meanwhile. */
export async function restoreClient(db: Db, actor: Actor, id: string): Promise<Client> {
  authorize(actor, 'client.delete');
  const settings = await clientSettingsOf(db, actor.workspaceId);
  let emails: ClientEmail[] = [];
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await clientRepository.findClient(trx, actor.workspaceId, id);
      if (!row) throw notFound('client');
      const client = clientRowToClient(row, settings.newClientDays);
      if (!row.deleted_at) return client;
      // A merged client lives on in its survivor: only undoing the merge brings it back.
      if (row.merged_into) throw new AppError(409, 'merged', 'This client was merged into another; undo the merge (POST /merges/{id}/undo) to bring it back.');
      emails = client.emails;
      await assertEmailsFree(trx, actor.workspaceId, client.emails, id);
      const now = nowIso();
      if (!(await clientRepository.updateClient(trx, actor.workspaceId, id, row.version, { deleted_at: null, updated_at: now }))) throw stale();
      await writeLookups(trx, actor.workspaceId, id, client);
      await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'client.restored', entityType: 'client', entityId: id, changes: { deletedAt: { before: row.deleted_at, after: null } } });
      return { ...client, deletedAt: null, updatedAt: now, version: row.version + 1 };
    });
  } catch (error) {
    return rethrowEmailRace(db, actor.workspaceId, emails, error);
  }
}

/** Deletes a client for good (owner/admin) with its contacts, tags and photo; audited. */
export async function purgeClient(db: Db, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'client.purge');
  await db.transaction().execute(async (trx) => {
    const row = await clientRepository.findClient(trx, actor.workspaceId, id);
    if (!row) throw notFound('client');
    await clientRepository.deleteClients(trx, actor.workspaceId, [id]);
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId,
      action: 'client.purged',
      entityType: 'client',
      entityId: id,
      changes: { displayName: { before: row.display_name, after: null } },
    });
  });
}

/**
 * Deletes for good the clients that have been in Trash longer than their workspace's
 * trashDays (housekeeping). Clients merged into another (not in Trash, but deleted) go after
 * trashDays too, and never while their merge can still be undone (MERGE_UNDO_DAYS): once
 * purged, their ids answer 404 and the merge says it can no longer be undone. Audited as the
 * system. Returns how many went.
 */
export async function purgeExpiredTrash(db: Db, now = Date.now()): Promise<number> {
  let purged = 0;
  for (const workspace of await clientRepository.selectWorkspacesWithTrash(db)) {
    const settings = await clientSettingsOf(db, workspace.id);
    const before = new Date(now - settings.trashDays * DAY).toISOString();
    const mergedBefore = new Date(now - Math.max(settings.trashDays, MERGE_UNDO_DAYS) * DAY).toISOString();
    for (;;) {
      const ids = await clientRepository.selectExpiredTrash(db, workspace.id, before, mergedBefore, 500);
      if (!ids.length) break;
      await db.transaction().execute(async (trx) => {
        await clientRepository.deleteClients(trx, workspace.id, ids);
        await recordAudit(
          trx,
          { userId: null, apiKeyId: null, ip: null as unknown as string, label: 'Trash clean-up' },
          ...ids.map((id) => ({ workspaceId: workspace.id, action: 'client.purged', entityType: 'client', entityId: id, changes: { trashDays: { before: null, after: settings.trashDays } } })),
        );
      });
      purged += ids.length;
      if (ids.length < 500) break;
    }
  }
  return purged;
}

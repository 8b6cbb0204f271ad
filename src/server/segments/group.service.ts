import { sql, type Kysely } from 'kysely';
import type { List } from '../../domain/list';
import type { CreateGroupBody, Group, UpdateGroupBody } from '../../domain/segment';
import { actorForAudit, diff, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { assertVersion, stale } from '../http/etag';
import { notFound } from '../http/problem';
import { groupRepository, type GroupRow } from './segment.repository';

type Db = Kysely<Database>;

export const groupRowToGroup = (row: GroupRow, memberCount: number): Group => ({
  id: row.id,
  name: row.name,
  description: row.description,
  memberCount,
  createdBy: row.created_by,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
});

export async function listGroups(db: Db, actor: Actor): Promise<List<Group>> {
  authorize(actor, 'client.read');
  const rows = await groupRepository.selectGroups(db, actor.workspaceId).orderBy(sql`lower(name)`).orderBy('id').limit(1000).execute();
  const counts = await groupRepository.countGroupMembers(db, actor.workspaceId, rows.map((r) => r.id));
  return { data: rows.map((r) => groupRowToGroup(r, counts.get(r.id) ?? 0)), nextCursor: null, total: rows.length };
}

export async function getGroup(db: Db, actor: Actor, id: string): Promise<Group> {
  authorize(actor, 'client.read');
  const row = await groupRepository.findGroup(db, actor.workspaceId, id);
  if (!row) throw notFound('group');
  const counts = await groupRepository.countGroupMembers(db, actor.workspaceId, [id]);
  return groupRowToGroup(row, counts.get(id) ?? 0);
}

export async function createGroup(db: Db, actor: Actor, body: CreateGroupBody): Promise<Group> {
  authorize(actor, 'group.write');
  const id = newId();
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await groupRepository.insertGroup(trx, { workspace_id: actor.workspaceId, id, name: body.name, description: body.description ?? null, created_by: actor.userId, created_at: now, updated_at: now });
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'group.created', entityType: 'group', entityId: id, changes: { name: { before: null, after: body.name } } });
  });
  return getGroup(db, actor, id);
}

export async function updateGroup(db: Db, actor: Actor, id: string, body: UpdateGroupBody, expected?: number): Promise<Group> {
  authorize(actor, 'group.write');
  await db.transaction().execute(async (trx) => {
    const row = await groupRepository.findGroup(trx, actor.workspaceId, id);
    if (!row) throw notFound('group');
    assertVersion(row.version, expected ?? body.version);
    const changes = diff({ name: row.name, description: row.description }, { name: body.name, description: body.description });
    if (!Object.keys(changes).length) return;
    const ok = await groupRepository.updateGroup(trx, actor.workspaceId, id, row.version, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      updated_at: nowIso(),
    });
    if (!ok) throw stale();
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'group.updated', entityType: 'group', entityId: id, changes });
  });
  return getGroup(db, actor, id);
}

export async function deleteGroup(db: Db, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'group.write');
  await db.transaction().execute(async (trx) => {
    const row = await groupRepository.findGroup(trx, actor.workspaceId, id);
    if (!row) throw notFound('group');
    await groupRepository.deleteGroup(trx, actor.workspaceId, id);
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'group.deleted', entityType: 'group', entityId: id, changes: { name: { before: row.name, after: null } } });
  });
}

/**
 * Adds or removes clients by id. Ids that are not clients of this workspace are skipped
 * (never revealed), as are ids already in (or not in) the group. One audit event per call.
 */
export async function changeGroupMembers(db: Db, actor: Actor, id: string, ids: string[], adding: boolean): Promise<{ changed: number; skipped: number; memberCount: number }> {
  authorize(actor, 'group.write');
  const unique = [...new Set(ids)];
  const changed = await db.transaction().execute(async (trx) => {
    const row = await groupRepository.findGroup(trx, actor.workspaceId, id);
    if (!row) throw notFound('group');
    const already = new Set(await groupRepository.memberIds(trx, actor.workspaceId, id, unique));
    let changing: string[];
    if (adding) {
      const clients = await groupRepository.existingClientIds(trx, actor.workspaceId, unique.filter((c) => !already.has(c)));
      changing = clients;
      await groupRepository.addMembers(trx, actor.workspaceId, id, changing, nowIso());
    } else {
      changing = [...already];
      await groupRepository.removeMembers(trx, actor.workspaceId, id, changing);
    }
    if (changing.length) {
      await recordAudit(trx, actorForAudit(actor), {
        workspaceId: actor.workspaceId,
        action: adding ? 'group.members_added' : 'group.members_removed',
        entityType: 'group',
        entityId: id,
        changes: { clientIds: adding ? { before: null, after: changing } : { before: changing, after: null } },
      });
    }
    return changing.length;
  });
  const counts = await groupRepository.countGroupMembers(db, actor.workspaceId, [id]);
  return { changed, skipped: unique.length - changed + (ids.length - unique.length), memberCount: counts.get(id) ?? 0 };
}

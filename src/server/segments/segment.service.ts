import { sql, type Kysely } from 'kysely';
import type { List } from '../../domain/list';
import type { CreateSegmentBody, Segment, UpdateSegmentBody } from '../../domain/segment';
import { actorForAudit, diff, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize, can } from '../auth/policy';
import { countSelection } from '../clients/client.count';
import { prepareSelection } from '../clients/client.query';
import { fromJson, toJson } from '../db/dialect';
import { recomputeIfProfileSegment } from '../health/health.segments';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { assertVersion, stale } from '../http/etag';
import { badRequest, forbidden, notFound } from '../http/problem';
import { segmentRepository, type SegmentRow } from './segment.repository';

type Db = Kysely<Database>;

export const segmentRowToSegment = (row: SegmentRow, memberCount: number): Segment => ({
  id: row.id,
  name: row.name,
  description: row.description,
  filter: fromJson(row.filter),
  shared: Number(row.shared) === 1,
  ownerId: row.owner_user_id,
  memberCount,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  version: row.version,
});

const memberCountOf = async (db: Db, actor: Actor, id: string) => {
  try {
    return await countSelection(db, await prepareSelection(db, actor, { segmentId: id }));
  } catch {
    return 0; // a filter left invalid by a deleted custom field matches nobody until fixed
  }
};

/** Checks a filter as the list would use it (fields, ops, values, segments it names: 400 with paths). */
async function assertUsableFilter(db: Db, actor: Actor, filter: unknown, selfId?: string): Promise<void> {
  const prepared = await prepareSelection(db, actor, { filter });
  // The new filter must not lead back to the segment being edited.
  if (selfId && prepared.segments.has(selfId)) {
    throw badRequest('filter refers back to this segment (through the segments it names)', [{ path: 'filter', message: 'refers back to this segment through the segments it names' }]);
  }
}

/** Only the owner edits a private segment; a shared one also a manager or above. */
function assertMayChange(actor: Actor, row: SegmentRow): void {
  if (row.owner_user_id && row.owner_user_id === actor.userId) return;
  if (Number(row.shared) === 1 && can(actor.role, 'segment.manageShared')) return;
  throw forbidden('Only the segment’s owner (or, for a shared segment, a manager) can change it.');
}

export async function listSegments(db: Db, actor: Actor): Promise<List<Segment>> {
  authorize(actor, 'client.read');
  const rows = await segmentRepository.selectVisibleSegments(db, actor.workspaceId, actor.userId).orderBy(sql`lower(name)`).orderBy('id').limit(500).execute();
  const data: Segment[] = [];
  for (const row of rows) data.push(segmentRowToSegment(row, await memberCountOf(db, actor, row.id)));
  return { data, nextCursor: null, total: data.length };
}

export async function getSegment(db: Db, actor: Actor, id: string): Promise<Segment> {
  authorize(actor, 'client.read');
  const row = await segmentRepository.findVisibleSegment(db, actor.workspaceId, actor.userId, id);
  if (!row) throw notFound('segment');
  return segmentRowToSegment(row, await memberCountOf(db, actor, id));
}

export async function createSegment(db: Db, actor: Actor, body: CreateSegmentBody): Promise<Segment> {
  authorize(actor, 'segment.write');
  await assertUsableFilter(db, actor, body.filter);
  const id = newId();
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await segmentRepository.insertSegment(trx, {
      workspace_id: actor.workspaceId,
      id,
      name: body.name,
      description: body.description ?? null,
      filter: toJson(body.filter),
      shared: body.shared ? 1 : 0,
      owner_user_id: actor.userId,
      created_at: now,
      updated_at: now,
    });
    await recordAudit(trx, actorForAudit(actor), {
      workspaceId: actor.workspaceId,
      action: 'segment.created',
      entityType: 'segment',
      entityId: id,
      changes: { name: { before: null, after: body.name }, filter: { before: null, after: body.filter }, shared: { before: null, after: body.shared } },
    });
  });
  return getSegment(db, actor, id);
}

export async function updateSegment(db: Db, actor: Actor, id: string, body: UpdateSegmentBody, expected?: number): Promise<Segment> {
  authorize(actor, 'segment.write');
  if (body.filter !== undefined) await assertUsableFilter(db, actor, body.filter, id);
  await db.transaction().execute(async (trx) => {
    const row = await segmentRepository.findVisibleSegment(trx, actor.workspaceId, actor.userId, id);
    if (!row) throw notFound('segment');
    assertMayChange(actor, row);
    assertVersion(row.version, expected ?? body.version);
    const before = { name: row.name, description: row.description, filter: fromJson(row.filter), shared: Number(row.shared) === 1 };
    const after = { name: body.name, description: body.description, filter: body.filter, shared: body.shared };
    const changes = diff(before, after);
    if (!Object.keys(changes).length) return;
    const ok = await segmentRepository.updateSegment(trx, actor.workspaceId, id, row.version, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.filter !== undefined ? { filter: toJson(body.filter) } : {}),
      ...(body.shared !== undefined ? { shared: body.shared ? 1 : 0 } : {}),
      updated_at: nowIso(),
    });
    if (!ok) throw stale();
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'segment.updated', entityType: 'segment', entityId: id, changes });
    // A health weight profile picks its clients through this segment: their profile may have changed.
    if (changes.filter) await recomputeIfProfileSegment(trx, actor.workspaceId, id, actor.userId);
  });
  return getSegment(db, actor, id);
}

export async function deleteSegment(db: Db, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'segment.write');
  await db.transaction().execute(async (trx) => {
    const row = await segmentRepository.findVisibleSegment(trx, actor.workspaceId, actor.userId, id);
    if (!row) throw notFound('segment');
    assertMayChange(actor, row);
    // Checked before the row goes: a profile through this segment no longer matches anyone.
    await recomputeIfProfileSegment(trx, actor.workspaceId, id, actor.userId);
    await segmentRepository.deleteSegment(trx, actor.workspaceId, id);
    await recordAudit(trx, actorForAudit(actor), { workspaceId: actor.workspaceId, action: 'segment.deleted', entityType: 'segment', entityId: id, changes: { name: { before: row.name, after: null } } });
  });
}

/**
 * A member leaves the team: their segments must not become unreachable (a private segment is
 * seen by its owner only). They go to `toUserId` when the remover names someone; otherwise they
 * stay with the team as shared segments without an owner (managers can change or delete them).
 * Audited per segment. Returns how many were handed on.
 */
export async function handOnSegments(trx: Db, actor: Actor, fromUserId: string, toUserId: string | null): Promise<number> {
  const owned = await trx.selectFrom('segments').select(['id', 'shared']).where('workspace_id', '=', actor.workspaceId).where('owner_user_id', '=', fromUserId).execute();
  if (!owned.length) return 0;
  const now = nowIso();
  await trx
    .updateTable('segments')
    .set((eb) => ({ owner_user_id: toUserId, ...(toUserId ? {} : { shared: 1 }), updated_at: now, version: eb('version', '+', 1) }))
    .where('workspace_id', '=', actor.workspaceId)
    .where('owner_user_id', '=', fromUserId)
    .execute();
  await recordAudit(
    trx,
    actorForAudit(actor),
    ...owned.map((s) => ({
      workspaceId: actor.workspaceId,
      action: 'segment.updated',
      entityType: 'segment',
      entityId: s.id,
      changes: { ownerId: { before: fromUserId, after: toUserId }, ...(!toUserId && Number(s.shared) !== 1 ? { shared: { before: false, after: true } } : {}) },
    })),
  );
  return owned.length;
}

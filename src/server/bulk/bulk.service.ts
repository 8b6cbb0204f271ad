import type { Kysely } from 'kysely';
import type { BulkAction, BulkBody, BulkCounts } from '../../domain/bulk';
import type { ClientStatus } from '../../domain/client';
import type { FieldError } from '../../domain/problem';
import { actorForAudit, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { countSelection, selectIdChunk } from '../clients/client.count';
import { prepareSelection, type ClientSelection } from '../clients/client.query';
import { bulkAssignOwner, bulkDelete, bulkRestore, bulkSetStatus } from '../clients/client.service';
import type { Database } from '../db/schema';
import { badRequest } from '../http/problem';
import { enqueueJob } from '../jobs/job.service';
import { changeTagsSetBased } from './bulk.repository';

type Db = Kysely<Database>;

/** Up to this many clients a bulk action runs in the request; more become a background job. */
export const bulkLimits = { inline: 1000, chunk: 1000 };

/** The action and its values, as a job keeps them. */
export type BulkOperation = { action: BulkAction; status?: ClientStatus; statusReason?: string | null; tags?: string[]; ownerId?: string | null };

const selectionKeys = ['filter', 'q', 'type', 'tag', 'healthBand', 'isGuest', 'isNew', 'createdAfter', 'createdBefore', 'segmentId', 'groupId'] as const;

/** Checks that the action has its values (400 naming the missing one) and the caller's role. */
function operationOf(actor: Actor, body: BulkBody): BulkOperation {
  authorize(actor, body.action === 'delete' || body.action === 'restore' ? 'client.delete' : 'client.write');
  const errors: FieldError[] = [];
  if (body.action === 'setStatus' && !body.status) errors.push({ path: 'status', message: 'is required for setStatus' });
  if ((body.action === 'addTags' || body.action === 'removeTags') && !body.tags?.length) errors.push({ path: 'tags', message: `is required for ${body.action}` });
  if (body.action === 'assignOwner' && body.ownerId === undefined) errors.push({ path: 'ownerId', message: 'is required for assignOwner (null for nobody)' });
  const hasSelection = selectionKeys.some((k) => body[k] !== undefined);
  if (body.ids && hasSelection) errors.push({ path: 'ids', message: 'give either ids or a filter (with the list’s query fields), not both' });
  if (!body.ids && !hasSelection) errors.push({ path: 'ids', message: 'is required unless a filter (or q and the list’s query fields) chooses the clients' });
  if (errors.length) throw badRequest(`${errors[0]!.path} ${errors[0]!.message}`, errors);
  return { action: body.action, status: body.status, statusReason: body.statusReason, tags: body.tags, ownerId: body.ownerId };
}

/** The selection of a body: restore looks in the Trash, every other action at live clients. */
function selectionOf(body: BulkBody): ClientSelection {
  const sel: ClientSelection = {};
  for (const k of selectionKeys) if (body[k] !== undefined) (sel as Record<string, unknown>)[k] = body[k];
  if (body.action === 'restore') sel.deleted = 'only';
  return sel;
}

/**
 * Applies an operation to ids (one transaction, audited per client): the client service's
 * bulk functions, except tags, which use the set-based version in bulk.repository.ts.
 */
export async function applyToIds(db: Db, actor: Actor, op: BulkOperation, ids: string[]): Promise<BulkCounts> {
  switch (op.action) {
    case 'setStatus':
      return bulkSetStatus(db, actor, ids, { status: op.status!, statusReason: op.statusReason });
    case 'addTags':
      return changeTagsSetBased(db, actor, ids, op.tags!, true);
    case 'removeTags':
      return changeTagsSetBased(db, actor, ids, op.tags!, false);
    case 'assignOwner':
      return bulkAssignOwner(db, actor, ids, op.ownerId ?? null);
    case 'delete':
      return bulkDelete(db, actor, ids);
    case 'restore':
      return bulkRestore(db, actor, ids);
  }
}

export const addCounts = (a: BulkCounts, b: BulkCounts): BulkCounts => ({ matched: a.matched + b.matched, changed: a.changed + b.changed, skipped: a.skipped + b.skipped });
const zero: BulkCounts = { matched: 0, changed: 0, skipped: 0 };

/** One audit event for the whole bulk action, beside the per-client events. */
export async function auditBulk(db: Db, actor: Actor, op: BulkOperation, counts: BulkCounts, jobId: string | null): Promise<void> {
  await recordAudit(db, actorForAudit(actor), {
    workspaceId: actor.workspaceId,
    action: 'clients.bulk',
    entityType: 'client',
    entityId: null,
    changes: { bulk: { before: null, after: { action: op.action, ...counts, ...(jobId ? { jobId } : {}) } } },
  });
}

export type BulkOutcome = { kind: 'done'; counts: BulkCounts } | { kind: 'job'; jobId: string };

/**
 * Runs a bulk action now when it touches at most `bulkLimits.inline` clients, else queues a
 * job that works through the set in chunks (keyset over ids).
 */
export async function runBulk(db: Db, actor: Actor, body: BulkBody): Promise<BulkOutcome> {
  const op = operationOf(actor, body);
  if (op.action === 'assignOwner' || op.action === 'setStatus' || op.action === 'addTags') await precheck(db, actor, op);
  if (body.ids) {
    const ids = [...new Set(body.ids)];
    if (ids.length > bulkLimits.inline) return { kind: 'job', jobId: await queue(db, actor, op, { ids }, ids.length) };
    let counts = zero;
    for (let i = 0; i < ids.length; i += bulkLimits.chunk) counts = addCounts(counts, await applyToIds(db, actor, op, ids.slice(i, i + bulkLimits.chunk)));
    await auditBulk(db, actor, op, counts, null);
    return { kind: 'done', counts };
  }
  const selection = selectionOf(body);
  const prepared = await prepareSelection(db, actor, selection);
  const total = await countSelection(db, prepared);
  if (total > bulkLimits.inline) return { kind: 'job', jobId: await queue(db, actor, op, { selection }, total) };
  const ids = await selectIdChunk(db, prepared, null, bulkLimits.inline + 1);
  const counts = await applyToIds(db, actor, op, ids);
  await auditBulk(db, actor, op, counts, null);
  return { kind: 'done', counts };
}

/** Refuses bad action values before queueing (a job should not fail on its first chunk for them). */
async function precheck(db: Db, actor: Actor, op: BulkOperation): Promise<void> {
  await applyToIds(db, actor, op, []);
  if (op.action === 'assignOwner' && op.ownerId) {
    const member = await db.selectFrom('memberships').select('user_id').where('workspace_id', '=', actor.workspaceId).where('user_id', '=', op.ownerId).executeTakeFirst();
    if (!member) throw badRequest('ownerId is not a member of this workspace', [{ path: 'ownerId', message: 'is not a member of this workspace' }]);
  }
  if (op.action === 'setStatus' && (op.status === 'churned' || op.status === 'blacklisted') && !op.statusReason?.trim()) {
    throw badRequest(`statusReason is required for ${op.status}`, [{ path: 'statusReason', message: `is required for ${op.status}` }]);
  }
}

export type BulkJobParams = { actor: Actor; op: BulkOperation; ids?: string[]; selection?: ClientSelection };

async function queue(db: Db, actor: Actor, op: BulkOperation, target: { ids?: string[]; selection?: ClientSelection }, total: number): Promise<string> {
  const params: BulkJobParams = { actor, op, ...target };
  return enqueueJob(db, { workspaceId: actor.workspaceId, kind: BULK_JOB, params, createdBy: actor.userId, total });
}

export const BULK_JOB = 'clients.bulk';

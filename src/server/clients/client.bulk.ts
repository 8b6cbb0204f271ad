import type { Kysely } from 'kysely';
import type { ClientStatus } from '../../domain/client';
import { normalizeEmail } from '../../domain/email';
import type { FieldError } from '../../domain/problem';
import { normalizeSearch } from '../../domain/searchText';
import { actorForAudit, recordAudit, type AuditEntry } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { fromJson, toJson } from '../db/dialect';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { badRequest, fieldError } from '../http/problem';
import { resolveTagNames } from '../tags/tag.service';
import { membershipOf } from '../workspaces/workspace.service';
import { checkStatusReason } from './client.input';
import { clientRepository, type ClientRow } from './client.repository';
import { healthInputsChanged } from '../health/health.service';

/**
 * Bulk actions on a list of client ids, each in one transaction with one audit event per
 * changed client. The bulk module calls these per chunk (ids it has already selected).
 * `matched`: ids that are clients of the workspace in the state the action applies to
 * (live; in Trash for restore); `changed`: those actually modified; `skipped`: matched but
 * unchanged (already so, or, for restore, an e-mail now taken by another client).
 */
export type BulkResult = { matched: number; changed: number; skipped: number };

type Db = Kysely<Database>;

const MAX_IDS = 5000;

function assertIds(ids: string[]) {
  if (ids.length > MAX_IDS) throw fieldError('ids', `at most ${MAX_IDS} per call; split the set into chunks`);
}

async function run(
  db: Db,
  actor: Actor,
  ids: string[],
  select: (row: ClientRow) => boolean,
  apply: (trx: Db, rows: ClientRow[], now: string) => Promise<AuditEntry[]>,
): Promise<BulkResult> {
  assertIds(ids);
  if (!ids.length) return { matched: 0, changed: 0, skipped: 0 };
  return db.transaction().execute(async (trx) => {
    const rows = (await clientRepository.findClients(trx, actor.workspaceId, [...new Set(ids)])).filter(select);
    const entries = await apply(trx, rows, nowIso());
    for (let i = 0; i < entries.length; i += 500) await recordAudit(trx, actorForAudit(actor), ...entries.slice(i, i + 500));
    return { matched: rows.length, changed: entries.length, skipped: rows.length - entries.length };
  });
}

const live = (row: ClientRow) => !row.deleted_at;
const entry = (actor: Actor, action: string, id: string, changes: AuditEntry['changes']): AuditEntry => ({ workspaceId: actor.workspaceId, action, entityType: 'client', entityId: id, changes });

/** Sets the status (and reason: required for churned and blacklisted) of live clients. */
export async function bulkSetStatus(db: Db, actor: Actor, ids: string[], params: { status: ClientStatus; statusReason?: string | null }): Promise<BulkResult> {
  authorize(actor, 'client.write');
  const reason = params.statusReason?.trim() || null;
  const errors: FieldError[] = [];
  checkStatusReason(params.status, reason, errors);
  if (errors.length) throw badRequest(`${errors[0]!.path} ${errors[0]!.message}`, errors);
  return run(db, actor, ids, live, async (trx, rows, now) => {
    const changing = rows.filter((r) => r.status !== params.status || (r.status_reason ?? null) !== reason);
    const statusMoves = changing.filter((r) => r.status !== params.status).map((r) => r.id);
    const reasonOnly = changing.filter((r) => r.status === params.status).map((r) => r.id);
    await clientRepository.updateClients(trx, actor.workspaceId, statusMoves, { status: params.status, status_reason: reason, status_changed_at: now, updated_at: now });
    await clientRepository.updateClients(trx, actor.workspaceId, reasonOnly, { status_reason: reason, updated_at: now });
    await healthInputsChanged(trx, actor.workspaceId, ...statusMoves);
    return changing.map((r) =>
      entry(actor, 'client.updated', r.id, {
        ...(r.status !== params.status ? { status: { before: r.status, after: params.status } } : {}),
        ...((r.status_reason ?? null) !== reason ? { statusReason: { before: r.status_reason, after: reason } } : {}),
      }),
    );
  });
}

async function changeTags(db: Db, actor: Actor, ids: string[], names: string[], adding: boolean): Promise<BulkResult> {
  authorize(actor, 'client.write');
  if (!names.length) throw fieldError('tags', 'must name at least one tag');
  return run(db, actor, ids, live, async (trx, rows, now) => {
    // Adding creates unknown tags; removing only needs the ones that exist.
    const tags = adding ? await resolveTagNames(trx, actor, names) : names.map((n) => ({ id: '', name: n.trim() }));
    const keys = new Set(tags.map((t) => normalizeSearch(t.name)));
    const entries: AuditEntry[] = [];
    // Clients with the same tags before get the same tags after: one UPDATE per distinct set, not per client.
    // Tags are labels: they move version and History, not updated_at (see writeTagLists).
    const byNewTags = new Map<string, string[]>();
    for (const row of rows) {
      const before = fromJson<string[]>(row.tags) ?? [];
      const has = new Set(before.map(normalizeSearch));
      const after = adding ? [...before, ...tags.filter((t) => !has.has(normalizeSearch(t.name))).map((t) => t.name)] : before.filter((t) => !keys.has(normalizeSearch(t)));
      if (after.length === before.length) continue;
      const json = toJson(after);
      byNewTags.set(json, [...(byNewTags.get(json) ?? []), row.id]);
      entries.push(entry(actor, 'client.updated', row.id, { tags: { before, after } }));
    }
    for (const [json, clientIds] of byNewTags) await clientRepository.updateClients(trx, actor.workspaceId, clientIds, { tags: json });
    const changedIds = entries.map((e) => e.entityId!);
    if (adding) {
      await clientRepository.insertClientTags(trx, changedIds.flatMap((clientId) => tags.map((t) => ({ workspace_id: actor.workspaceId, tag_id: t.id, client_id: clientId }))));
    } else {
      const existing = await resolveExistingTagIds(trx, actor.workspaceId, [...keys]);
      await clientRepository.deleteClientTags(trx, actor.workspaceId, changedIds, existing);
    }
    return entries;
  });
}

async function resolveExistingTagIds(trx: Db, workspaceId: string, keys: string[]): Promise<string[]> {
  if (!keys.length) return [];
  const rows = await trx.selectFrom('tags').select('id').where('workspace_id', '=', workspaceId).where('name_key', 'in', keys).execute();
  return rows.map((r) => r.id);
}

/** Adds tags (by name; unknown ones are created) to live clients. */
export const bulkAddTags = (db: Db, actor: Actor, ids: string[], tags: string[]) => changeTags(db, actor, ids, tags, true);
/** Takes tags (by name) off live clients. */
export const bulkRemoveTags = (db: Db, actor: Actor, ids: string[], tags: string[]) => changeTags(db, actor, ids, tags, false);

/** Assigns live clients to a team member (or to nobody with null). */
export async function bulkAssignOwner(db: Db, actor: Actor, ids: string[], ownerId: string | null): Promise<BulkResult> {
  authorize(actor, 'client.write');
  if (ownerId && !(await membershipOf(db, ownerId, actor.workspaceId))) throw fieldError('ownerId', 'is not a member of this workspace');
  return run(db, actor, ids, live, async (trx, rows, now) => {
    const changing = rows.filter((r) => r.owner_id !== ownerId);
    await clientRepository.updateClients(trx, actor.workspaceId, changing.map((r) => r.id), { owner_id: ownerId, updated_at: now });
    return changing.map((r) => entry(actor, 'client.updated', r.id, { ownerId: { before: r.owner_id, after: ownerId } }));
  });
}

/** Moves live clients to Trash (manager); their e-mails become free. */
export async function bulkDelete(db: Db, actor: Actor, ids: string[]): Promise<BulkResult> {
  authorize(actor, 'client.delete');
  return run(db, actor, ids, live, async (trx, rows, now) => {
    const changing = rows.map((r) => r.id);
    await clientRepository.updateClients(trx, actor.workspaceId, changing, { deleted_at: now, updated_at: now });
    await clientRepository.deleteEmails(trx, actor.workspaceId, changing);
    await clientRepository.deletePhones(trx, actor.workspaceId, changing);
    return changing.map((id) => entry(actor, 'client.deleted', id, { deletedAt: { before: null, after: now } }));
  });
}

/** Restores clients from Trash; one whose e-mail another live client took meanwhile is skipped. */
export async function bulkRestore(db: Db, actor: Actor, ids: string[]): Promise<BulkResult> {
  authorize(actor, 'client.delete');
  return run(db, actor, ids, (r) => !!r.deleted_at, async (trx, rows, now) => {
    const emailsOf = (r: ClientRow) => (fromJson<{ value: string }[]>(r.emails) ?? []).map((e) => normalizeEmail(e.value));
    const taken = new Set((await clientRepository.findEmailOwners(trx, actor.workspaceId, rows.flatMap(emailsOf))).map((o) => o.email_normalized));
    const restoring: ClientRow[] = [];
    for (const row of rows) {
      const emails = emailsOf(row);
      if (emails.some((e) => taken.has(e))) continue;
      emails.forEach((e) => taken.add(e));
      restoring.push(row);
    }
    const restoredIds = restoring.map((r) => r.id);
    await clientRepository.updateClients(trx, actor.workspaceId, restoredIds, { deleted_at: null, updated_at: now });
    await clientRepository.insertEmails(trx, restoring.flatMap((r) => emailsOf(r).map((e) => ({ workspace_id: actor.workspaceId, client_id: r.id, email_normalized: e }))));
    await clientRepository.insertPhones(
      trx,
      restoring.flatMap((r) => [...new Set((fromJson<{ value: string }[]>(r.phones) ?? []).map((p) => p.value))].map((e164) => ({ workspace_id: actor.workspaceId, client_id: r.id, e164 }))),
    );
    return restoring.map((r) => entry(actor, 'client.restored', r.id, { deletedAt: { before: r.deleted_at, after: null } }));
  });
}

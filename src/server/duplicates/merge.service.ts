import type { Kysely } from 'kysely';
import type { Client, ClientEmail, ClientPhone } from '../../domain/client';
import { normalizeEmail } from '../../domain/email';
import { MERGE_UNDO_DAYS, mergeFields, type MergeBody, type MergeField, type MergeResult } from '../../domain/merge';
import type { FieldError } from '../../domain/problem';
import { actorForAudit, diff, recordAudit } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { clientSettingsOf } from '../clients/client-settings.service';
import { lockClient, refreshClientFigures } from '../clients/client.figures';
import { writeLookups } from '../clients/client.lookups';
import { clientRowToClient } from '../clients/client.mapper';
import type { ClientRow } from '../clients/client.repository';
import { getClient, rowValues, type Editable } from '../clients/client.service';
import { toJson } from '../db/dialect';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { assertVersion } from '../http/etag';
import { AppError, badRequest, notFound } from '../http/problem';
import { healthInputsChanged } from '../health/health.service';
import { reclusterAround } from './duplicate.cluster';
import { addTagsAndGroups, moveRecords, moveUsageDaily, tagNames } from './merge.repository';

type Db = Kysely<Database>;

/** What a merge keeps for its undo: the survivor as it was, and what moved from each source. */
export type MergeRecord = {
  survivor: { editable: Editable; lastActivityAt: string | null; versionAfter: number };
  sources: Record<string, { moved: Record<string, string[]>; usageDaily: [string, string][] }>;
  added: { tagIds: string[]; groupIds: string[] };
};

const editableKeys = [
  'type', 'firstName', 'lastName', 'companyName', 'email', 'phone', 'emails', 'phones', 'dateOfBirth', 'addresses', 'occupation', 'industry', 'companySize',
  'referralSource', 'preferredLanguage', 'specialRequirements', 'ownerId', 'lifecycleStage', 'status', 'statusReason', 'notes', 'tags', 'customFields',
  'directoryCompanyId', 'externalId',
] as const satisfies readonly (keyof Editable)[];
export const editableOf = (c: Client): Editable => Object.fromEntries(editableKeys.map((k) => [k, c[k]])) as Editable;

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length) || (typeof v === 'object' && v !== null && !Array.isArray(v) && !Object.keys(v).length);

const mergedAway = (id: string, path: string) => new AppError(409, 'merged', `Client ${id} was merged into another client; merge that one instead.`, [{ path, message: 'was merged into another client' }]);
const inTrashProblem = (path: string) => new AppError(409, 'in_trash', 'A client of this merge is in Trash. Restore it first.', [{ path, message: 'is in Trash' }]);

/** 400 naming each bad source or field choice; nothing read from the database. */
function checkBody(survivorId: string, body: MergeBody): void {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  body.sourceIds.forEach((id, i) => {
    if (id === survivorId) errors.push({ path: `sourceIds[${i}]`, message: 'is the client merged into; name only the others' });
    else if (seen.has(id)) errors.push({ path: `sourceIds[${i}]`, message: 'is named twice' });
    seen.add(id);
  });
  for (const [field, chooser] of Object.entries(body.fields ?? {})) {
    if (!(mergeFields as readonly string[]).includes(field)) errors.push({ path: `fields.${field}`, message: `is not a field a merge can choose (${mergeFields.join(', ')})` });
    else if (chooser !== survivorId && !seen.has(chooser)) errors.push({ path: `fields.${field}`, message: 'must be this client or one of sourceIds' });
  }
  if (errors.length) throw badRequest(`${errors[0]!.path} ${errors[0]!.message}`, errors);
}

/** The survivor's profile after the merge: chosen values, else its own, else the first source that has one; e-mails and phones united. */
function mergedProfile(survivor: Client, sources: Client[], fields: Partial<Record<MergeField, string>>): Editable {
  const next = editableOf(survivor);
  const all = [survivor, ...sources];
  const byId = new Map(all.map((c) => [c.id, c]));
  const set = next as Record<string, unknown>;
  for (const field of mergeFields) {
    if (field === 'email' || field === 'phone') continue;
    const chosen = fields[field] ? byId.get(fields[field]!) : isEmpty(next[field]) ? sources.find((s) => !isEmpty(s[field])) : undefined;
    if (!chosen) continue;
    set[field] = chosen[field];
    if (field === 'status') next.statusReason = chosen.statusReason;
  }
  const emails: ClientEmail[] = [];
  const seenEmails = new Set<string>();
  for (const c of all) for (const e of c.emails) if (!seenEmails.has(normalizeEmail(e.value)) && seenEmails.add(normalizeEmail(e.value))) emails.push({ ...e, primary: false });
  const primaryEmail = (fields.email ? byId.get(fields.email)?.email : null) ?? survivor.email ?? sources.find((s) => s.email)?.email ?? null;
  for (const e of emails) e.primary = primaryEmail !== null && normalizeEmail(e.value) === normalizeEmail(primaryEmail);
  const phones: ClientPhone[] = [];
  const seenPhones = new Set<string>();
  for (const c of all) for (const p of c.phones) if (!seenPhones.has(p.value) && seenPhones.add(p.value)) phones.push({ ...p, primary: false });
  const primaryPhone = (fields.phone ? byId.get(fields.phone)?.phone : null) ?? survivor.phone ?? sources.find((s) => s.phone)?.phone ?? null;
  for (const p of phones) p.primary = p.value === primaryPhone;
  return { ...next, emails, phones, email: primaryEmail, phone: primaryPhone };
}

/** Thrown inside a dry run's transaction to roll everything back after the outcome is known. */
class DryRunDone extends Error {
  constructor(readonly result: MergeResult) {
    super('dry run');
  }
}

const countsOf = (moved: Record<string, string[]>[], usageDaily: number, added: { tagIds: string[]; groupIds: string[] }): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const m of moved) for (const [k, ids] of Object.entries(m)) counts[k] = (counts[k] ?? 0) + ids.length;
  if (usageDaily) counts.usage_daily = usageDaily;
  if (added.tagIds.length) counts.tags = added.tagIds.length;
  if (added.groupIds.length) counts.group_members = added.groupIds.length;
  return counts;
};

/**
 * Merges sources into a survivor in one transaction: the survivor takes the chosen values
 * (and every e-mail and phone of the sources), the sources' records move to it, the sources
 * are marked merged (their ids resolve to the survivor), their pairs leave the duplicate queue,
 * figures and health are recomputed, and a merge record keeps what moved for undo. A dry run
 * does all of it and rolls back, answering the same outcome.
 */
export async function mergeClients(db: Db, actor: Actor, survivorId: string, body: MergeBody, expectedVersion?: number): Promise<MergeResult> {
  authorize(actor, 'client.merge');
  checkBody(survivorId, body);
  const ws = actor.workspaceId;
  const settings = await clientSettingsOf(db, ws);
  const run = async (trx: Db): Promise<MergeResult> => {
    for (const id of [survivorId, ...body.sourceIds].sort()) await lockClient(trx, ws, id);
    const rows = (await trx.selectFrom('clients').selectAll().where('workspace_id', '=', ws).where('id', 'in', [survivorId, ...body.sourceIds]).execute()) as ClientRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const survivorRow = byId.get(survivorId);
    if (!survivorRow) throw notFound('client');
    body.sourceIds.forEach((id) => {
      if (!byId.has(id)) throw notFound('client');
    });
    assertVersion(survivorRow.version, expectedVersion);
    if (survivorRow.merged_into) throw mergedAway(survivorId, 'id');
    if (survivorRow.deleted_at) throw inTrashProblem('id');
    body.sourceIds.forEach((id, i) => {
      const row = byId.get(id)!;
      if (row.merged_into) throw mergedAway(id, `sourceIds[${i}]`);
      if (row.deleted_at) throw inTrashProblem(`sourceIds[${i}]`);
    });
    const survivor = clientRowToClient(survivorRow, settings.newClientDays);
    const sources = body.sourceIds.map((id) => clientRowToClient(byId.get(id)!, settings.newClientDays));
    const next = mergedProfile(survivor, sources, (body.fields ?? {}) as Partial<Record<MergeField, string>>);
    const now = nowIso();

    const record: MergeRecord = {
      survivor: { editable: editableOf(survivor), lastActivityAt: survivorRow.last_activity_at, versionAfter: survivorRow.version + 1 },
      sources: {},
      added: { tagIds: [], groupIds: [] },
    };
    for (const source of sources) {
      record.sources[source.id] = { moved: await moveRecords(trx, ws, source.id, survivorId), usageDaily: await moveUsageDaily(trx, ws, source.id, survivorId) };
    }
    record.added = await addTagsAndGroups(trx, ws, body.sourceIds, survivorId);
    const tags = [...survivor.tags, ...(await tagNames(trx, ws, record.added.tagIds))];
    const lastActivity = [survivorRow.last_activity_at, ...body.sourceIds.map((id) => byId.get(id)!.last_activity_at)].filter((v): v is string => !!v).map((v) => new Date(v).toISOString()).sort().pop() ?? null;

    // The sources leave the lookups first: their e-mails become the survivor's.
    await trx.deleteFrom('client_emails').where('workspace_id', '=', ws).where('client_id', 'in', [survivorId, ...body.sourceIds]).execute();
    await trx.deleteFrom('client_phones').where('workspace_id', '=', ws).where('client_id', 'in', [survivorId, ...body.sourceIds]).execute();
    await trx
      .updateTable('clients')
      .set({ merged_into: survivorId, deleted_at: now, updated_at: now, version: (eb) => eb('version', '+', 1) })
      .where('workspace_id', '=', ws)
      .where('id', 'in', body.sourceIds)
      .execute();
    const merged = { ...next, tags };
    await trx
      .updateTable('clients')
      .set({ ...rowValues(merged), last_activity_at: lastActivity, updated_at: now, version: survivorRow.version + 1 })
      .where('workspace_id', '=', ws)
      .where('id', '=', survivorId)
      .execute();
    await writeLookups(trx, ws, survivorId, merged);

    // The sources' candidate pairs are settled by the merge.
    const stale = await trx.selectFrom('duplicate_pairs').select('cluster_id').where('workspace_id', '=', ws).where((eb) => eb.or([eb('client_a', 'in', body.sourceIds), eb('client_b', 'in', body.sourceIds)])).execute();
    await trx.deleteFrom('duplicate_pairs').where('workspace_id', '=', ws).where((eb) => eb.or([eb('client_a', 'in', body.sourceIds), eb('client_b', 'in', body.sourceIds)])).execute();
    await reclusterAround(trx, ws, [survivorId], [...new Set(stale.map((s) => s.cluster_id))]);

    for (const id of [survivorId, ...body.sourceIds]) await refreshClientFigures(trx, ws, id, now);
    await healthInputsChanged(trx, ws, survivorId);

    const mergeId = newId();
    await trx
      .insertInto('client_merges')
      .values({ workspace_id: ws, id: mergeId, survivor_id: survivorId, source_ids: toJson(body.sourceIds), fields: toJson(body.fields ?? {}), moved: toJson(record.sources), before: toJson({ survivor: record.survivor, added: record.added }), created_by: actor.userId, created_at: now, undone_at: null })
      .execute();
    const audit = actorForAudit(actor);
    const changes = diff(editableOf(survivor) as Record<string, unknown>, merged as Record<string, unknown>);
    await recordAudit(
      trx,
      audit,
      { workspaceId: ws, action: 'client.merged', entityType: 'client', entityId: survivorId, changes: { ...changes, mergedFrom: { before: null, after: body.sourceIds }, mergeId: { before: null, after: mergeId } } },
      ...body.sourceIds.map((id) => ({ workspaceId: ws, action: 'client.merged_into', entityType: 'client', entityId: id, changes: { mergedInto: { before: null, after: survivorId }, mergeId: { before: null, after: mergeId } } })),
    );
    const moved = countsOf(Object.values(record.sources).map((s) => s.moved), Object.values(record.sources).reduce((n, s) => n + s.usageDaily.length, 0), record.added);
    const undoUntil = new Date(Date.parse(now) + MERGE_UNDO_DAYS * 86_400_000).toISOString();
    const result: MergeResult = { mergeId, dryRun: false, survivor: await getClient(trx, actor, survivorId), sourceIds: body.sourceIds, moved, undoUntil };
    if (body.dryRun) throw new DryRunDone({ ...result, mergeId: null, dryRun: true, undoUntil: null });
    return result;
  };
  try {
    return await db.transaction().execute(run);
  } catch (error) {
    if (error instanceof DryRunDone) return error.result;
    throw error;
  }
}

/** The survivor a merged client's id resolves to (following merges of merges), or null. */
export async function survivorOf(db: Db, ws: string, id: string): Promise<string | null> {
  let current = id;
  for (let hops = 0; hops < 20; hops++) {
    const row = await db.selectFrom('clients').select('merged_into').where('workspace_id', '=', ws).where('id', '=', current).executeTakeFirst();
    if (!row?.merged_into) return current === id ? null : current;
    current = row.merged_into;
  }
  return current;
}

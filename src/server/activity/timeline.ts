import type { Kysely } from 'kysely';
import type { NewTimelineEntry, TimelineEntryPatch, TimelineKind } from '../../domain/timeline';
import { toJson } from '../db/dialect';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';

/**
 * The timeline's write side, shared by every record module. Call these with the transaction
 * that writes the record, so the timeline and the record never disagree.
 */
type Db = Kysely<Database>;

/** Adds a record's entry to its client's timeline and raises the client's last activity to `at`. Returns the entry id. */
export async function addTimelineEntry(trx: Db, entry: NewTimelineEntry, options: { touchActivity?: boolean } = {}): Promise<string> {
  const id = newId();
  await trx
    .insertInto('timeline_entries')
    .values({
      workspace_id: entry.workspaceId,
      id,
      client_id: entry.clientId,
      at: entry.at,
      kind: entry.kind,
      record_id: entry.recordId,
      title: entry.title.slice(0, 300),
      summary: toJson(entry.summary ?? {}),
      user_id: entry.userId ?? null,
      deleted_at: null,
    })
    .execute();
  if (options.touchActivity !== false) await touchClientActivity(trx, entry.workspaceId, entry.clientId, entry.at);
  return id;
}

/**
 * Many entries in multi-row statements, without raising the clients' last activity (derived
 * entries of a batch: health moves, alerts). 1,000 rows per statement stays under both
 * databases' parameter limits.
 */
export async function addTimelineEntries(trx: Db, entries: readonly NewTimelineEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 1000) {
    const rows = entries.slice(i, i + 1000).map((entry) => ({
      workspace_id: entry.workspaceId,
      id: newId(),
      client_id: entry.clientId,
      at: entry.at,
      kind: entry.kind,
      record_id: entry.recordId,
      title: entry.title.slice(0, 300),
      summary: toJson(entry.summary ?? {}),
      user_id: entry.userId ?? null,
      deleted_at: null,
    }));
    await trx.insertInto('timeline_entries').values(rows).execute();
  }
}

/**
 * Changes the entry of a record (its time, title, summary); `{deletedAt: null}` shows a
 * removed entry again. Raises the client's last activity when the new time is later.
 */
export async function updateTimelineEntry(trx: Db, workspaceId: string, kind: TimelineKind, recordId: string, patch: TimelineEntryPatch): Promise<void> {
  const set: Record<string, unknown> = {};
  if (patch.at !== undefined) set.at = patch.at;
  if (patch.title !== undefined) set.title = patch.title.slice(0, 300);
  if (patch.summary !== undefined) set.summary = toJson(patch.summary);
  if (patch.userId !== undefined) set.user_id = patch.userId;
  if (patch.deletedAt !== undefined) set.deleted_at = patch.deletedAt;
  if (Object.keys(set).length === 0) return;
  const rows = await trx
    .updateTable('timeline_entries')
    .set(set)
    .where('workspace_id', '=', workspaceId)
    .where('record_id', '=', recordId)
    .where('kind', '=', kind)
    .returning(['client_id', 'at', 'deleted_at'])
    .execute();
  for (const row of rows) if (row.deleted_at === null) await touchClientActivity(trx, workspaceId, row.client_id, row.at);
}

/** Hides a record's entry from the timeline (the record was deleted). Last activity is not lowered. */
export async function removeTimelineEntry(trx: Db, workspaceId: string, kind: TimelineKind, recordId: string): Promise<void> {
  await trx
    .updateTable('timeline_entries')
    .set({ deleted_at: nowIso() })
    .where('workspace_id', '=', workspaceId)
    .where('record_id', '=', recordId)
    .where('kind', '=', kind)
    .where('deleted_at', 'is', null)
    .execute();
}

/**
 * Raises clients.last_activity_at to `at` when `at` is later (never lowers it, never in the
 * future beyond now). Not a profile edit: version and updated_at stay, so nobody's open edit
 * of the client gets a 412 because a call was logged.
 */
export async function touchClientActivity(trx: Db, workspaceId: string, clientId: string, at: string): Promise<void> {
  const now = nowIso();
  const iso = new Date(at).toISOString();
  const when = iso > now ? now : iso;
  await trx
    .updateTable('clients')
    .set({ last_activity_at: when })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', clientId)
    .where((eb) => eb.or([eb('last_activity_at', 'is', null), eb('last_activity_at', '<', when)]))
    .execute();
}

/** Removes the entries of records that are gone for good (hard delete of a record). */
export async function purgeTimelineEntries(trx: Db, workspaceId: string, kind: TimelineKind, recordIds: string[]): Promise<void> {
  if (recordIds.length === 0) return;
  await trx.deleteFrom('timeline_entries').where('workspace_id', '=', workspaceId).where('kind', '=', kind).where('record_id', 'in', recordIds).execute();
}

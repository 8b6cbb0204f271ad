import { sql, type Kysely } from 'kysely';
import { normalizeSearch } from '../../domain/searchText';
import { actorForAudit, recordAudit, type AuditEntry } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { dialectOf, fromJson, toJson } from '../db/dialect';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { clientRepository } from './client.repository';

/**
 * Changes that another record's change makes to many clients at once — a tag renamed or
 * deleted, a team member removed. Each client so changed is a real edit: its version and
 * updated_at move (a form opened before gets 412) and it gets a 'client.updated' event, as a
 * bulk action would write. Set-based, a chunk of clients per few statements.
 *
 * Tag changes are the exception to updated_at: a tag is a label, not the client's profile. Its
 * changes move `version` (a form opened before gets 412) and are written in History, but do not
 * make 50,000 clients "recently updated" and bury the ones someone edited. It also keeps a
 * tag-only write free of indexed columns, so PostgreSQL can update those rows in place (HOT,
 * see the clients fillfactor migration) instead of touching every index of `clients`.
 */

type Db = Kysely<Database>;
export const CASCADE_CHUNK = 1000;
const AUDIT_BATCH = 500;

async function audit(trx: Db, actor: Actor, entries: AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += AUDIT_BATCH) await recordAudit(trx, actorForAudit(actor), ...entries.slice(i, i + AUDIT_BATCH));
}

/** Writes each client's new tag list (and bumps version, not updated_at) in one statement. */
export async function writeTagLists(trx: Db, workspaceId: string, changes: { id: string; after: string[] }[]): Promise<void> {
  if (!changes.length) return;
  if (dialectOf(trx) === 'postgres') {
    await sql`UPDATE clients c SET tags = v.tags::jsonb, version = c.version + 1
      FROM unnest(${changes.map((c) => c.id)}::text[], ${changes.map((c) => toJson(c.after))}::text[]) AS v(id, tags)
      WHERE c.workspace_id = ${workspaceId} AND c.id = v.id`.execute(trx);
    return;
  }
  const payload = toJson(changes.map((c) => ({ id: c.id, tags: toJson(c.after) })));
  // MATERIALIZED: the values drive the join, each client probed by its primary key (see setClientsHealth).
  await sql`WITH v AS MATERIALIZED (SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.tags') AS tags FROM json_each(${payload}))
    UPDATE clients SET tags = v.tags, version = version + 1 FROM v
    WHERE clients.workspace_id = ${workspaceId} AND clients.id = v.id`.execute(trx);
}

/**
 * Replaces (to = a name) or removes (to = null) the tag whose key is `fromKey` in the `tags`
 * copy of these clients (live or in Trash — a restored client must not bring back a stale
 * name). The caller keeps client_tags right; this writes the copies, versions and audit.
 * Returns how many clients changed.
 */
export async function replaceTagOnClients(trx: Db, actor: Actor, clientIds: string[], fromKey: string, to: string | null): Promise<number> {
  let changed = 0;
  for (let i = 0; i < clientIds.length; i += CASCADE_CHUNK) {
    const part = clientIds.slice(i, i + CASCADE_CHUNK);
    const rows = await trx.selectFrom('clients').select(['id', 'tags']).where('workspace_id', '=', actor.workspaceId).where('id', 'in', part).execute();
    const changes: { id: string; before: string[]; after: string[] }[] = [];
    for (const row of rows) {
      const before = fromJson<string[]>(row.tags) ?? [];
      const seen = new Set<string>();
      const after: string[] = [];
      for (const name of before.flatMap((t) => (normalizeSearch(t) === fromKey ? (to === null ? [] : [to]) : [t]))) {
        const key = normalizeSearch(name);
        if (!seen.has(key)) (seen.add(key), after.push(name));
      }
      if (JSON.stringify(after) !== JSON.stringify(before)) changes.push({ id: row.id, before, after });
    }
    await writeTagLists(trx, actor.workspaceId, changes);
    await audit(
      trx,
      actor,
      changes.map((c) => ({ workspaceId: actor.workspaceId, action: 'client.updated', entityType: 'client', entityId: c.id, changes: { tags: { before: c.before, after: c.after } } })),
    );
    changed += changes.length;
  }
  return changed;
}

/**
 * Hands every client (live or in Trash) owned by `fromUserId` to `toUserId`, or to nobody.
 * Returns how many clients changed.
 */
export async function reassignClientOwner(trx: Db, actor: Actor, fromUserId: string, toUserId: string | null): Promise<number> {
  if (fromUserId === toUserId) return 0;
  const owned = (q: 'live' | 'trash') =>
    trx
      .selectFrom('clients')
      .select('id')
      .where('workspace_id', '=', actor.workspaceId)
      .where('owner_id', '=', fromUserId)
      // Two reads so each can use its index (the live-owner index is partial).
      .where('deleted_at', q === 'live' ? 'is' : 'is not', null)
      .execute();
  const ids = [...(await owned('live')), ...(await owned('trash'))].map((r) => r.id);
  for (let i = 0; i < ids.length; i += CASCADE_CHUNK) {
    const part = ids.slice(i, i + CASCADE_CHUNK);
    await clientRepository.updateClients(trx, actor.workspaceId, part, { owner_id: toUserId, updated_at: nowIso() });
    await audit(
      trx,
      actor,
      part.map((id) => ({ workspaceId: actor.workspaceId, action: 'client.updated', entityType: 'client', entityId: id, changes: { ownerId: { before: fromUserId, after: toUserId } } })),
    );
  }
  return ids.length;
}

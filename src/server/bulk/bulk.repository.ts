import type { Kysely } from 'kysely';
import type { BulkCounts } from '../../domain/bulk';
import { normalizeSearch } from '../../domain/searchText';
import { actorForAudit, recordAudit, type AuditEntry } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { writeTagLists } from '../clients/client.cascade';
import { dialectOf, fromJson } from '../db/dialect';
import type { Database } from '../db/schema';
import { fieldError } from '../http/problem';
import { resolveTagNames } from '../tags/tag.service';

type Db = Kysely<Database>;

/**
 * Adding and removing tags on a chunk of clients in a few set-based statements: read the
 * chunk's tag lists once, write every changed list with ONE UPDATE … FROM (values), insert or
 * delete the client_tags rows in multi-row statements, and append the audit events in
 * batches. The client service's bulkAddTags/bulkRemoveTags update row by row (about 1 s per
 * 1,000 clients at 1M); this keeps a 100,000-client job within seconds. Same rules, same
 * audit events ('client.updated' with tags before/after), same counts.
 */
export async function changeTagsSetBased(db: Db, actor: Actor, ids: string[], names: string[], adding: boolean): Promise<BulkCounts> {
  authorize(actor, 'client.write');
  if (!names.length) throw fieldError('tags', 'must name at least one tag');
  const unique = [...new Set(ids)];
  if (!unique.length) return { matched: 0, changed: 0, skipped: 0 };
  return db.transaction().execute(async (trx) => {
    // Live ones are picked here, not in SQL: `deleted_at IS NULL` lures SQLite's planner onto
    // the (workspace_id, deleted_at) index, a scan of every live client, instead of the key.
    // FOR NO KEY UPDATE on PostgreSQL: the lists are read here and written back at the end,
    // so an edit committed in between would be overwritten (SQLite has one writer at a time).
    // Holding the rows also makes the client_tags foreign-key checks find them already locked.
    const read = trx.selectFrom('clients').select(['id', 'tags', 'deleted_at']).where('workspace_id', '=', actor.workspaceId).where('id', 'in', unique);
    const rows = (await (dialectOf(trx) === 'postgres' ? read.forNoKeyUpdate() : read).execute()).filter((r) => !r.deleted_at);
    const tags = adding
      ? await resolveTagNames(trx, actor, names)
      : await trx.selectFrom('tags').select(['id', 'name']).where('workspace_id', '=', actor.workspaceId).where('name_key', 'in', [...new Set(names.map((n) => normalizeSearch(n.trim())))]).execute();
    const keys = new Set((adding ? tags.map((t) => t.name) : names).map((n) => normalizeSearch(n.trim())));
    const changes: { id: string; before: string[]; after: string[] }[] = [];
    for (const row of rows) {
      const before = fromJson<string[]>(row.tags) ?? [];
      const has = new Set(before.map(normalizeSearch));
      const after = adding ? [...before, ...tags.filter((t) => !has.has(normalizeSearch(t.name))).map((t) => t.name)] : before.filter((t) => !keys.has(normalizeSearch(t)));
      if (after.length !== before.length) changes.push({ id: row.id, before, after });
    }
    if (changes.length) {
      const changedIds = changes.map((c) => c.id);
      if (adding) {
        const links = changedIds.flatMap((clientId) => tags.map((t) => ({ workspace_id: actor.workspaceId, tag_id: t.id, client_id: clientId })));
        for (let i = 0; i < links.length; i += 2000) await trx.insertInto('client_tags').values(links.slice(i, i + 2000)).onConflict((oc) => oc.doNothing()).execute();
      } else if (tags.length) {
        for (let i = 0; i < changedIds.length; i += 2000) {
          await trx.deleteFrom('client_tags').where('workspace_id', '=', actor.workspaceId).where('tag_id', 'in', tags.map((t) => t.id)).where('client_id', 'in', changedIds.slice(i, i + 2000)).execute();
        }
      }
      const entries: AuditEntry[] = changes.map((c) => ({ workspaceId: actor.workspaceId, action: 'client.updated', entityType: 'client', entityId: c.id, changes: { tags: { before: c.before, after: c.after } } }));
      for (let i = 0; i < entries.length; i += 500) await recordAudit(trx, actorForAudit(actor), ...entries.slice(i, i + 500));
      // Last: on PostgreSQL the clients UPDATE locks the workspace's client_counts row (its
      // statement trigger bumps the data version) until commit; taking it last keeps that lock
      // short, so two chunks running side by side (bulk.job.ts) overlap nearly all their work.
      await writeTagLists(trx, actor.workspaceId, changes);
    }
    return { matched: rows.length, changed: changes.length, skipped: rows.length - changes.length };
  });
}

import { normalizeEmail } from '../../domain/email';
import { normalizeSearch } from '../../domain/searchText';
import { actorForAudit, recordAudit, type AuditEntry } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { clientRowToClient } from '../clients/client.service';
import { fromJson } from '../db/dialect';
import { nowIso } from '../db/ids';
import { registerJobHandler, type JobContext } from '../jobs/job.runner';
import { resolveTagNames } from '../tags/tag.service';
import { columnValues, editableOf, type Editable } from './import.client';
import { importRepository as repo } from './import.repository';

export const UNDO_JOB = 'imports.undo';
const CHUNK = 1000;

/**
 * Undoes an import from its log, last rows first, a chunk per transaction: created clients
 * are deleted for good; each field an update changed is put back where it still holds what
 * the import wrote (a later edit by a person wins). The chunk's log rows are deleted in the
 * same transaction, so a resumed undo goes on with what is left and never undoes twice.
 */
async function runUndo(ctx: JobContext<{ importId: string; actor: Actor }, null>): Promise<Record<string, unknown>> {
  const { importId, actor } = ctx.params;
  const ws = actor.workspaceId;
  let removed = 0;
  let restored = 0;
  const imp = await repo.findImport(ctx.db, ws, importId);
  if (!imp || imp.status !== 'undoing') return { skipped: true };
  // Times are ISO strings on both databases (db/database.ts), so they compare as strings.
  const finishedAt = imp.finished_at ?? imp.updated_at;
  for (;;) {
    const log = await repo.selectRowLog(ctx.db, ws, importId, CHUNK);
    if (!log.length) break;
    const counts = await ctx.db.transaction().execute(async (trx) => {
      const createdRows = await repo.findClients(trx, ws, log.filter((l) => l.action === 'created').map((l) => l.client_id));
      // Untouched since the import → gone for good; edited or with activity since → Trash, so
      // nobody's later work is lost (the Trash keeps it for the workspace's trashDays).
      const untouched = (r: (typeof createdRows)[number]) => r.updated_at <= finishedAt && r.last_activity_at === null && r.last_order_at === null;
      const created = createdRows.filter(untouched).map((r) => r.id);
      const trashed = createdRows.filter((r) => !untouched(r) && r.deleted_at === null).map((r) => r.id);
      const updated = log.filter((l) => l.action === 'updated');
      const addedContacts = updated.flatMap((l) => (fromJson<{ $contacts?: string[] }>(l.after).$contacts ?? []));
      await repo.deleteContacts(trx, ws, addedContacts);
      const events: AuditEntry[] = [
        ...created.map((id) => ({ workspaceId: ws, action: 'client.purged', entityType: 'client', entityId: id, changes: { importId: { before: importId, after: null } } })),
        ...addedContacts.map((id) => ({ workspaceId: ws, action: 'contact.deleted', entityType: 'contact', entityId: id, changes: { importId: { before: importId, after: null } } })),
        ...trashed.map((id) => ({ workspaceId: ws, action: 'client.deleted', entityType: 'client', entityId: id, changes: { deletedAt: { before: null, after: nowIso() }, importId: { before: importId, after: null } } })),
      ];
      await repo.deleteClients(trx, ws, created);
      await repo.trashClients(trx, ws, trashed, nowIso());
      await repo.deleteLookups(trx, ws, trashed, trashed);
      const rows = new Map((await repo.findClients(trx, ws, updated.map((l) => l.client_id))).map((r) => [r.id, r]));
      const writes: { id: string; next: Editable; statusChanged: boolean; emails: boolean; phones: boolean; tags: boolean }[] = [];
      const owners = await repo.emailOwners(trx, ws, updated.flatMap((l) => ((fromJson<Record<string, unknown>>(l.before).emails as { value: string }[] | undefined) ?? []).map((e) => normalizeEmail(e.value))));
      for (const l of updated) {
        const row = rows.get(l.client_id);
        if (!row || row.deleted_at) continue;
        const current = editableOf(clientRowToClient(row, 30));
        const before = fromJson<Record<string, unknown>>(l.before);
        const after = fromJson<Record<string, unknown>>(l.after);
        const next: Record<string, unknown> = { ...current };
        const back: Record<string, { before: unknown; after: unknown }> = {};
        for (const [k, v] of Object.entries(before)) {
          if (JSON.stringify((current as Record<string, unknown>)[k]) !== JSON.stringify(after[k])) continue;
          if (k === 'emails' && (v as { value: string }[]).some((e) => (owners.get(normalizeEmail(e.value)) ?? l.client_id) !== l.client_id)) continue;
          next[k] = v;
          back[k] = { before: after[k], after: v };
        }
        if (back.emails) next.email = (next.emails as { value: string; primary: boolean }[]).find((e) => e.primary)?.value ?? null;
        if (back.phones) next.phone = (next.phones as { value: string; primary: boolean }[]).find((p) => p.primary)?.value ?? null;
        if (!Object.keys(back).length) continue;
        writes.push({ id: l.client_id, next: next as Editable, statusChanged: 'status' in back, emails: 'emails' in back, phones: 'phones' in back, tags: 'tags' in back });
        events.push({ workspaceId: ws, action: 'client.updated', entityType: 'client', entityId: l.client_id, changes: { ...back, importId: { before: importId, after: null } } });
      }
      const now = nowIso();
      await repo.updateClients(trx, ws, writes.map((w) => ({ id: w.id, values: columnValues(w.next), statusChanged: w.statusChanged })), now);
      await repo.deleteLookups(trx, ws, writes.filter((w) => w.emails).map((w) => w.id), writes.filter((w) => w.phones).map((w) => w.id));
      await repo.insertLookups(
        trx,
        ws,
        writes.filter((w) => w.emails).flatMap((w) => w.next.emails.map((e) => ({ client_id: w.id, email_normalized: normalizeEmail(e.value) }))),
        writes.filter((w) => w.phones).flatMap((w) => [...new Set(w.next.phones.map((p) => p.value))].map((e164) => ({ client_id: w.id, e164 }))),
      );
      const retag = writes.filter((w) => w.tags);
      await repo.deleteClientTags(trx, ws, retag.map((w) => w.id));
      const tags = new Map((await resolveTagNames(trx, actor, [...new Set(retag.flatMap((w) => w.next.tags))])).map((t) => [normalizeSearch(t.name), t.id]));
      await repo.insertClientTags(trx, ws, retag.flatMap((w) => w.next.tags.map((t) => ({ client_id: w.id, tag_id: tags.get(normalizeSearch(t))! }))));
      for (let i = 0; i < events.length; i += 500) await recordAudit(trx, actorForAudit(actor), ...events.slice(i, i + 500));
      await repo.deleteRowLog(trx, ws, importId, log.map((l) => l.row_number));
      return { removed: created.length + trashed.length + addedContacts.length, restored: writes.length };
    });
    removed += counts.removed;
    restored += counts.restored;
    await ctx.progress(ctx.done + removed + restored, null);
  }
  await ctx.db.transaction().execute(async (trx) => {
    await repo.updateImport(trx, ws, importId, { status: 'undone', undone_at: nowIso(), updated_at: nowIso() }, ['undoing']);
    await recordAudit(trx, actorForAudit(actor), { workspaceId: ws, action: 'import.undone', entityType: 'import', entityId: importId, changes: { removed: { before: null, after: removed }, restored: { before: null, after: restored } } });
  });
  return { removed, restored };
}

registerJobHandler(UNDO_JOB, runUndo);

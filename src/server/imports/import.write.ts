import type { Kysely } from 'kysely';
import { normalizeEmail } from '../../domain/email';
import { normalizeSearch } from '../../domain/searchText';
import { actorForAudit } from '../audit/audit.service';
import { toJson } from '../db/dialect';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { queueHealthClients } from '../health/health.service';
import { resolveTagNames } from '../tags/tag.service';
import type { BatchInput, Planned } from './import.batch';
import { insertRows, type Cell } from './import.bulk';
import { changedFields, columnValues, emptyEditable, type Editable } from './import.client';
import { writeContacts } from './import.contact';
import { importRepository as repo } from './import.repository';

type Db = Kysely<Database>;

const columnKeys = Object.keys(columnValues(emptyEditable())) as (keyof ReturnType<typeof columnValues>)[];
const clientColumns = ['workspace_id', 'id', ...columnKeys, 'status_changed_at', 'created_at', 'updated_at', 'created_by'] as const;
const auditColumns = ['id', 'workspace_id', 'at', 'actor_user_id', 'actor_api_key_id', 'actor_label', 'action', 'entity_type', 'entity_id', 'changes', 'ip'] as const;

const emailsOf = (e: Editable) => e.emails.map((x) => normalizeEmail(x.value));

/**
 * Writes a batch's planned clients set-based, in the batch's transaction: client rows, e-mail
 * and phone lookups, tags, the undo log, one audit event per client, the health queue.
 * `nationals` (E.164 → national digits) spares parsing the phones again for search.
 */
export async function writePlanned(trx: Db, input: BatchInput, planned: Planned[], nationals: ReadonlyMap<string, string>): Promise<void> {
  const ws = input.actor.workspaceId;
  const now = nowIso();
  const tagNames = [...new Set(planned.flatMap((p) => p.next.tags))];
  const tags = new Map((await resolveTagNames(trx, input.actor, tagNames)).map((t) => [normalizeSearch(t.name), t]));
  for (const p of planned) if (p.next.tags.length) p.next = { ...p.next, tags: p.next.tags.map((t) => tags.get(normalizeSearch(t))?.name ?? t) };
  const created = planned.filter((p) => p.action === 'create');
  const updated = planned.filter((p) => p.action === 'update').map((p) => ({ p, diff: changedFields(p.before, p.next) }));

  await insertRows(trx, 'clients', clientColumns, created.map((p) => {
    const values = columnValues(p.next, nationals);
    return [ws, p.clientId, ...columnKeys.map((k) => values[k] as Cell), now, now, now, input.actor.userId];
  }));
  await repo.updateClients(trx, ws, updated.filter(({ diff }) => Object.keys(diff.after).length).map(({ p, diff }) => ({ id: p.clientId, values: columnValues(p.next, nationals), statusChanged: 'status' in diff.after })), now);

  const relist = updated.filter(({ diff }) => 'emails' in diff.after).map(({ p }) => p);
  const rephone = updated.filter(({ diff }) => 'phones' in diff.after).map(({ p }) => p);
  await repo.deleteLookups(trx, ws, relist.map((p) => p.clientId), rephone.map((p) => p.clientId));
  await insertRows(trx, 'client_emails', ['workspace_id', 'client_id', 'email_normalized'], [...created, ...relist].flatMap((p) => emailsOf(p.next).map((e) => [ws, p.clientId, e])));
  await insertRows(trx, 'client_phones', ['workspace_id', 'client_id', 'e164'], [...created, ...rephone].flatMap((p) => [...new Set(p.next.phones.map((x) => x.value))].map((e164) => [ws, p.clientId, e164])));
  const tagRows = planned.flatMap((p) => p.next.tags.map((t): Cell[] => [ws, p.clientId, tags.get(normalizeSearch(t))!.id]));
  await insertRows(trx, 'client_tags', ['workspace_id', 'client_id', 'tag_id'], tagRows, { ignoreConflicts: true });

  const contactsCreated = await writeContacts(trx, ws, planned.map((p) => ({ clientId: p.clientId, existing: p.action === 'update', contacts: p.contacts })), now);

  // An updated client's log also lists the contacts the row added ($contacts): undo removes them.
  await insertRows(trx, 'import_rows', ['workspace_id', 'import_id', 'row_number', 'client_id', 'action', 'before', 'after'], [
    ...created.map((p) => [ws, input.importId, p.row, p.clientId, 'created', null, null]),
    ...updated.map(({ p, diff }) => {
      const contacts = contactsCreated.get(p.clientId);
      return [ws, input.importId, p.row, p.clientId, 'updated', toJson(diff.before), toJson(contacts ? { ...diff.after, $contacts: contacts } : diff.after)];
    }),
  ]);

  const by = actorForAudit(input.actor);
  const importedBy = { importId: { before: null, after: input.importId } };
  const createdChanges = toJson(importedBy);
  const event = (action: string, entityType: string, id: string, changes: string): Cell[] => [newId(), ws, now, by.userId, by.apiKeyId, by.label, action, entityType, id, changes, by.ip];
  await insertRows(trx, 'audit_events', auditColumns, [
    ...created.map((p) => event('client.created', 'client', p.clientId, createdChanges)),
    ...updated.filter(({ diff }) => Object.keys(diff.after).length).map(({ p, diff }) => {
      const changes = Object.fromEntries(Object.keys(diff.after).map((k) => [k, { before: diff.before[k], after: diff.after[k] }]));
      return event('client.updated', 'client', p.clientId, toJson({ ...changes, ...importedBy }));
    }),
    ...[...contactsCreated].flatMap(([clientId, ids]) => ids.map((id) => event('contact.created', 'contact', id, toJson({ clientId: { before: null, after: clientId }, ...importedBy })))),
  ]);
  await queueHealthClients(trx, ws, [...created.map((p) => p.clientId), ...updated.filter(({ diff }) => 'status' in diff.after).map(({ p }) => p.clientId)]);
}

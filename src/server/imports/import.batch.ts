import type { Kysely } from 'kysely';
import { normalizeEmail } from '../../domain/email';
import type { ImportMatchOn, ImportMode } from '../../domain/import';
import type { FieldError } from '../../domain/problem';
import type { Actor } from '../auth/actor';
import { deriveDisplayName } from '../clients/client.input';
import { clientRowToClient } from '../clients/client.service';
import { isUniqueViolation, toJson } from '../db/dialect';
import { newId } from '../db/ids';
import type { Database } from '../db/schema';
import { applyDraft, changedFields, editableOf, emptyEditable, type Editable } from './import.client';
import { importRepository as repo, type ClientRow } from './import.repository';
import { mergeContact, type ContactDraft } from './import.contact';
import { matchKeyOf, type RowDraft } from './import.rows';
import { writePlanned } from './import.write';

type Db = Kysely<Database>;

/** A row of the file as the batch receives it: read (draft) or refused (errors). */
export type BatchRow = { row: number; cells: string[]; draft: RowDraft | null; errors: FieldError[] };
export type BatchCounts = { created: number; updated: number; skipped: number; failed: number };
export type BatchInput = {
  actor: Actor;
  importId: string;
  mode: ImportMode;
  matchOn: ImportMatchOn;
  dryRun: boolean;
  requiredCustom: string[];
  /** Dry run only: hashes of the match keys of earlier batches (nothing was written to find them by). */
  seen?: Set<number>;
};

export type Planned = { row: number; clientId: string; action: 'create' | 'update'; before: Editable; next: Editable; version: number; contacts: ContactDraft[] };

/** A 52-bit hash: a set of these stands for a million keys in a few MB. */
export function keyHash(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const emailsOf = (e: Editable) => e.emails.map((x) => normalizeEmail(x.value));

/**
 * Decides each row's fate with one lookup query per kind of key for the whole batch: created,
 * updated (over the stored client, or over an earlier row of the batch with the same key),
 * skipped, or refused with its reasons. Writes nothing.
 */
async function plan(db: Db, input: BatchInput, rows: BatchRow[]) {
  const ws = input.actor.workspaceId;
  const { mode, matchOn } = input;
  const drafts = rows.filter((r) => r.draft) as (BatchRow & { draft: RowDraft })[];
  const allEmails = drafts.flatMap((r) => r.draft.emails.map(normalizeEmail));
  const [emailOwners, phoneOwners, holders] = await Promise.all([
    repo.emailOwners(db, ws, allEmails),
    matchOn === 'phone' ? repo.phoneOwners(db, ws, drafts.flatMap((r) => r.draft.phones.slice(0, 1))) : Promise.resolve(new Map<string, string>()),
    repo.externalIdHolders(db, ws, drafts.flatMap((r) => (r.draft.fields.externalId ? [r.draft.fields.externalId] : []))),
  ]);
  const matchOf = (key: string): { id: string; deleted: boolean } | undefined => {
    if (matchOn === 'email') return emailOwners.has(key) ? { id: emailOwners.get(key)!, deleted: false } : undefined;
    if (matchOn === 'phone') return phoneOwners.has(key) ? { id: phoneOwners.get(key)!, deleted: false } : undefined;
    return holders.get(key);
  };
  const matchedIds = drafts.flatMap((r) => {
    const k = matchKeyOf(r.draft, matchOn);
    const m = k ? matchOf(k) : undefined;
    return m && !m.deleted ? [m.id] : [];
  });
  const stored = new Map((mode === 'update' || mode === 'upsert' ? await repo.findClients(db, ws, matchedIds) : []).map((c) => [c.id, c]));

  const counts: BatchCounts = { created: 0, updated: 0, skipped: 0, failed: 0 };
  const planned: Planned[] = [];
  const byKey = new Map<string, Planned | 'skipped'>();
  const emailHolder = new Map<string, Planned>();
  const externalHolder = new Map<string, Planned>();
  const rejected: BatchRow[] = [];
  const refuse = (r: BatchRow, path: string, message: string) => {
    r.errors.push({ path, message });
    rejected.push(r);
    counts.failed++;
  };

  /** E-mails and external id of `next` free for `p` (in the database and in this batch); registers them. */
  const conflicts = (r: BatchRow, p: Planned, next: Editable): boolean => {
    for (const e of emailsOf(next)) {
      const owner = emailOwners.get(e);
      if (owner && owner !== p.clientId) return refuse(r, 'email', `${e} belongs to another client`), true;
      const other = emailHolder.get(e);
      if (other && other !== p) return refuse(r, 'email', `${e} is also on row ${other.row} of this file`), true;
    }
    if (next.externalId && next.externalId !== p.before.externalId) {
      const holder = holders.get(next.externalId);
      if (holder && holder.id !== p.clientId) return refuse(r, 'externalId', 'belongs to another client'), true;
      const other = externalHolder.get(next.externalId);
      if (other && other !== p) return refuse(r, 'externalId', `is also on row ${other.row} of this file`), true;
    }
    for (const e of emailsOf(next)) emailHolder.set(e, p);
    if (next.externalId) externalHolder.set(next.externalId, p);
    return false;
  };

  for (const r of rows) {
    if (!r.draft) {
      rejected.push(r);
      counts.failed++;
      continue;
    }
    const d = r.draft;
    const key = matchKeyOf(d, matchOn);
    const earlier = key ? byKey.get(key) : undefined;
    if (earlier) {
      if (mode === 'create') refuse(r, matchOn, `repeats row ${earlier === 'skipped' ? 'above' : earlier.row} of this file`);
      else if (mode === 'skip' || earlier === 'skipped') counts.skipped++;
      else {
        const next = applyDraft(earlier.next, d);
        if (!conflicts(r, earlier, next)) {
          earlier.next = next;
          earlier.contacts = mergeContact(earlier.contacts, d.contact);
          counts.skipped++; // the client is counted once, on its first row
        }
      }
      continue;
    }
    const match = key ? matchOf(key) : undefined;
    if (match?.deleted) {
      refuse(r, matchOn, 'belongs to a client in Trash: restore it first');
      continue;
    }
    const seenEarlier = !match && key && input.seen?.has(keyHash(key));
    if (match || seenEarlier) {
      if (mode === 'create') refuse(r, matchOn, seenEarlier ? 'repeats an earlier row of this file' : 'belongs to an existing client (mode create only adds new clients)');
      else if (mode === 'skip' || seenEarlier) {
        // A dry run wrote nothing: an upsert's earlier row would have made the client this row updates.
        if (seenEarlier && mode === 'upsert') counts.updated++;
        else counts.skipped++;
        if (key) byKey.set(key, 'skipped');
      } else {
        const row = stored.get(match!.id)!;
        const before = editableOf(clientRowToClient(row as never, 30));
        const p: Planned = { row: r.row, clientId: row.id, action: 'update', before, next: before, version: row.version, contacts: mergeContact([], d.contact) };
        const next = applyDraft(before, d);
        if (!conflicts(r, p, next)) {
          p.next = next;
          planned.push(p);
          if (key) byKey.set(key, p);
        }
      }
      continue;
    }
    if (mode === 'update') {
      counts.skipped++;
      if (key) byKey.set(key, 'skipped');
      continue;
    }
    const missing = input.requiredCustom.find((k) => !(k in d.custom));
    if (missing) {
      refuse(r, `custom.${missing}`, 'is required');
      continue;
    }
    const base = emptyEditable();
    const p: Planned = { row: r.row, clientId: newId(), action: 'create', before: base, next: base, version: 1, contacts: mergeContact([], d.contact) };
    const next = applyDraft(base, d);
    if (!deriveDisplayName(next)) {
      refuse(r, 'firstName', 'a client needs a name, a company name, an e-mail or a phone');
      continue;
    }
    if (conflicts(r, p, next)) continue;
    p.next = next;
    planned.push(p);
    if (key) byKey.set(key, p);
  }
  const changes = planned.filter((p) => p.action === 'create' || p.contacts.length || Object.keys(changedFields(p.before, p.next).after).length);
  const changed = new Set(changes);
  for (const p of planned) {
    if (p.action === 'create') counts.created++;
    else if (changed.has(p)) counts.updated++;
    else counts.skipped++;
  }
  if (input.seen) for (const key of byKey.keys()) input.seen.add(keyHash(key));
  return { counts, planned: changes, rejected };
}

/** E.164 → national digits of every phone the batch's rows gave. */
function nationalsOf(rows: BatchRow[]): Map<string, string> {
  const nationals = new Map<string, string>();
  for (const r of rows) if (r.draft) for (const [e164, national] of Object.entries(r.draft.nationals)) nationals.set(e164, national);
  return nationals;
}

/** The rejected rows' errors as stored (one line per reason, with the row's cells). */
const errorRows = (input: BatchInput, rejected: BatchRow[]) =>
  rejected.flatMap((r) =>
    r.errors.map((e, seq) => ({
      workspace_id: input.actor.workspaceId, import_id: input.importId, row_number: r.row, seq, field: e.path, message: e.message.slice(0, 1000),
      raw: seq === 0 ? toJson(r.cells.slice(0, 500).map((c) => (c.length > 32_000 ? c.slice(0, 32_000) : c))) : null,
    })),
  );

/**
 * Imports one batch in one transaction with the import's cursor, so the batch and the cursor
 * commit together. A unique violation (someone took an e-mail meanwhile) re-plans the batch.
 */
export async function runBatch(db: Db, input: BatchInput, rows: BatchRow[], cursor: number, bytesRead: number): Promise<BatchCounts> {
  for (let attempt = 1; ; attempt++) {
    const errorsBefore = rows.map((r) => r.errors.length);
    try {
      return await db.transaction().execute(async (trx) => {
        const { counts, planned, rejected } = await plan(trx, input, rows);
        if (!input.dryRun) await writePlanned(trx, input, planned, nationalsOf(rows));
        await repo.insertErrors(trx, errorRows(input, rejected));
        await repo.commitBatch(trx, input.actor.workspaceId, input.importId, cursor, bytesRead, counts);
        return counts;
      });
    } catch (error) {
      rows.forEach((r, i) => (r.errors.length = errorsBefore[i]!));
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}

export type { ClientRow };

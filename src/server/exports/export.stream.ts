import type { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import { contactExportColumns, interactionExportColumns, type ExportFormat, type ExportPart } from '../../domain/export';
import type { Database } from '../db/schema';
import { fromJson } from '../db/dialect';
import { orderSettingsOf } from '../orders/order-settings.service';
import type { ClientSort, PreparedSelection } from '../clients/client.query';
import { needsOf, readColumnsOf, viewOf, type Cell, type ExportContext, type PlannedColumn } from './export.columns';
import { clientChunkBySelection, clientChunkBySort, clientsByIds, contactsOfClients, customFieldDefs, exportableClientColumns, interactionsOfClients, memberNames, type ExportableClientColumn, type ExportClientRow, type SortPosition } from './export.repository';
import { passesFrom } from '../clients/client.keyset';
import { openChunkReader } from './export.reader';
import { openTable, vcard, writeChunk, type TableFormat } from './export.writers';

type Db = Kysely<Database>;

/**
 * Writing one export file into a stream: the clients of a target walked in id order, a chunk
 * at a time, with whatever a chunk needs (contacts, interactions) read for the whole chunk in
 * one query. `onChunk` reports progress and may throw to stop (a cancelled job).
 */

/** Clients read per query: large enough to amortise the round trip, small enough to keep memory flat. */
export const EXPORT_CHUNK = 2000;

/**
 * Which clients: a checked selection (filters, search, segment) or explicit ids; with a sort
 * (the list's), in that order — `prepared` is then required (an empty selection for ids).
 */
export type ExportTarget = { workspaceId: string; prepared?: PreparedSelection; ids?: string[]; sort?: ClientSort };

export async function loadExportContext(db: Db, workspaceId: string): Promise<ExportContext> {
  const [settings, owners, customFields] = await Promise.all([orderSettingsOf(db, workspaceId), memberNames(db, workspaceId), customFieldDefs(db, workspaceId)]);
  return { currency: settings.currency, owners, customFields };
}

/** The target's clients, chunk by chunk in the target's sort, else in id order. */
export async function* clientChunks(db: Db, target: ExportTarget, columns: readonly ExportableClientColumn[] = exportableClientColumns, size = EXPORT_CHUNK): AsyncGenerator<ExportClientRow[]> {
  const reader = await openChunkReader(db);
  try {
    if (target.sort) {
      const { sort } = target;
      const ids = target.ids ? [...new Set(target.ids)] : undefined;
      // The list's own pass order (client.keyset.ts), walked from the start.
      for (const { pass } of passesFrom(sort, null)) {
        let after: SortPosition | null = null;
        for (;;) {
          const rows = await clientChunkBySort(reader, target.prepared!, sort, pass, after, size, columns, ids);
          if (!rows.length) break;
          const last = rows[rows.length - 1]!;
          after = { value: last.sort_key, id: last.id };
          yield rows;
          if (rows.length < size) break;
        }
      }
      return;
    }
    if (target.ids) {
      const ids = [...new Set(target.ids)].sort();
      for (let i = 0; i < ids.length; i += size) {
        const rows = await clientsByIds(reader, target.workspaceId, ids.slice(i, i + size), columns);
        if (rows.length) yield rows;
      }
      return;
    }
    let after: string | null = null;
    for (;;) {
      const rows = await clientChunkBySelection(reader, target.prepared!, after, size, columns);
      if (!rows.length) return;
      yield rows;
      if (rows.length < size) return;
      after = rows[rows.length - 1]!.id;
    }
  } finally {
    reader.close();
  }
}

const contactHeaders: Record<(typeof contactExportColumns)[number], string> = {
  clientId: 'Client id', clientName: 'Client', id: 'Contact id', firstName: 'First name', lastName: 'Last name', role: 'Role', title: 'Title',
  department: 'Department', email: 'E-mail', phone: 'Phone', engagement: 'Engagement', notes: 'Notes', createdAt: 'Created',
};
const interactionHeaders: Record<(typeof interactionExportColumns)[number], string> = {
  clientId: 'Client id', clientName: 'Client', id: 'Interaction id', kind: 'Kind', direction: 'Direction', occurredAt: 'When', durationMinutes: 'Minutes',
  subject: 'Subject', body: 'Details', outcome: 'Outcome', sentiment: 'Sentiment', contactId: 'Contact id', userId: 'Team member id', followUpAt: 'Follow up', createdAt: 'Created',
};

const sheetNames: Record<ExportPart, string> = { clients: 'Clients', contacts: 'Contacts', interactions: 'Activity' };

/** vCards only describe people: the contacts and activity files of a vCard export are CSV. */
export const partFormat = (format: ExportFormat, part: ExportPart): ExportFormat => (format === 'vcf' && part !== 'clients' ? 'csv' : format);

/**
 * Writes one part of an export into `out` and ends it. Returns the number of records written
 * (clients, contacts or interactions).
 */
export async function writeExportPart(
  db: Db,
  out: Writable,
  options: {
    target: ExportTarget;
    part: ExportPart;
    format: ExportFormat;
    plan: PlannedColumn[];
    onChunk?: (clients: number) => Promise<void>;
    /** Runs after the last row and before the stream ends (the audit of a download: the reader sees its end only once it is recorded). */
    beforeEnd?: (written: number) => Promise<void>;
  },
): Promise<number> {
  const { target, part, plan, onChunk, beforeEnd } = options;
  const format = partFormat(options.format, part);
  let written = 0;
  try {
    if (format === 'vcf') {
      const cols: ExportableClientColumn[] = ['type', 'first_name', 'last_name', 'display_name', 'company_name', 'occupation', 'date_of_birth', 'emails', 'phones', 'addresses', 'tags', 'notes', 'updated_at'];
      for await (const rows of clientChunks(db, target, cols)) {
        await writeChunk(out, rows.map((row) => vcard(vcardInput(row))).join(''));
        written += rows.length;
        await onChunk?.(rows.length);
      }
      await beforeEnd?.(written);
      out.end();
      return written;
    }
    const tf = format as TableFormat;
    if (part === 'clients') {
      const needs = needsOf(plan);
      const table = await openTable(tf, out, plan.map((c) => c.header), plan.map((c) => c.key), sheetNames.clients);
      for await (const rows of clientChunks(db, target, readColumnsOf(plan))) {
        await table.writeRows(rows.map((row) => {
          const view = viewOf(row, needs);
          return plan.map((c) => c.get(view));
        }));
        written += rows.length;
        await onChunk?.(rows.length);
      }
      await beforeEnd?.(written);
      await table.finish();
      return written;
    }
    const keys = part === 'contacts' ? [...contactExportColumns] : [...interactionExportColumns];
    const headers = keys.map((k) => (part === 'contacts' ? contactHeaders : interactionHeaders)[k as never] as string);
    const table = await openTable(tf, out, headers, keys, sheetNames[part]);
    for await (const rows of clientChunks(db, target, ['display_name'])) {
      const names = new Map(rows.map((r) => [r.id, r.display_name]));
      const ids = rows.map((r) => r.id);
      const cells: Cell[][] = [];
      // One query per chunk of clients, split so a chunk's id list stays within bind-parameter limits.
      for (let i = 0; i < ids.length; i += 1000) {
        const slice = ids.slice(i, i + 1000);
        if (part === 'contacts') {
          for (const c of await contactsOfClients(db, target.workspaceId, slice)) {
            cells.push([c.client_id, names.get(c.client_id) ?? null, c.id, c.first_name, c.last_name, c.role, c.title, c.department, c.email, c.phone, c.engagement, c.notes, c.created_at]);
          }
        } else {
          for (const x of await interactionsOfClients(db, target.workspaceId, slice)) {
            cells.push([x.client_id, names.get(x.client_id) ?? null, x.id, x.kind, x.direction, x.occurred_at, x.duration_minutes === null ? null : Number(x.duration_minutes), x.subject, x.body, x.outcome, x.sentiment, x.contact_id, x.user_id, x.follow_up_at, x.created_at]);
          }
        }
      }
      if (target.sort) {
        // Each client's records together, the clients in the file's order (the queries gave them by client id).
        const position = new Map(ids.map((id, i) => [id, i]));
        cells.sort((a, b) => position.get(a[0] as string)! - position.get(b[0] as string)!);
      }
      await table.writeRows(cells);
      written += cells.length;
      await onChunk?.(rows.length);
    }
    await beforeEnd?.(written);
    await table.finish();
    return written;
  } catch (error) {
    out.destroy(error as Error);
    throw error;
  }
}

const parsed = <T>(v: unknown, fallback: T): T => (v === null || v === undefined ? fallback : (fromJson<T>(v) ?? fallback));

function vcardInput(row: ExportClientRow) {
  return {
    id: row.id,
    type: row.type,
    firstName: row.first_name,
    lastName: row.last_name,
    displayName: row.display_name,
    companyName: row.company_name,
    occupation: row.occupation,
    dateOfBirth: row.date_of_birth,
    emails: parsed(row.emails, []),
    phones: parsed(row.phones, []),
    addresses: parsed(row.addresses, []),
    tags: parsed<string[]>(row.tags, []),
    notes: row.notes,
    updatedAt: row.updated_at,
  };
}

import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Kysely } from 'kysely';
import { fromJson } from '../db/dialect';
import type { Database } from '../db/schema';
import { importRepository as repo, type ImportRow } from './import.repository';

/** A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP's CSV injection advice). */
export const neutralise = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

/**
 * The rejected rows of an import as CSV, streamed a page at a time: the file's header plus
 * "Row" and "Error", then each rejected row's cells and its reasons joined by "; ".
 */
export function rejectedRowsCsv(db: Kysely<Database>, imp: ImportRow): Readable {
  const headers = fromJson<string[]>(imp.headers);
  async function* lines() {
    yield [...headers, 'Row', 'Error'];
    let after: { row: number; seq: number } | null = null;
    let current: { row: number; cells: string[]; messages: string[] } | null = null;
    for (;;) {
      const page = await repo.selectErrors(db, imp.workspace_id, imp.id, after, 1000);
      for (const e of page) {
        if (current && current.row !== e.row_number) {
          yield [...current.cells, String(current.row), current.messages.join('; ')];
          current = null;
        }
        current ??= { row: e.row_number, cells: e.raw ? fromJson<string[]>(e.raw) : [], messages: [] };
        current.messages.push(e.field ? `${e.field}: ${e.message}` : e.message);
      }
      if (page.length < 1000) break;
      const last = page[page.length - 1]!;
      after = { row: last.row_number, seq: last.seq };
    }
    if (current) yield [...current.cells, String(current.row), current.messages.join('; ')];
  }
  const neutralised = async function* () {
    for await (const line of lines()) yield line.map(neutralise);
  };
  return Readable.from(neutralised()).pipe(stringify({ bom: true, record_delimiter: 'windows' }));
}

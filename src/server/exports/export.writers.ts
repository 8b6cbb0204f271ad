import type { Writable } from 'node:stream';
import { csvSafe } from '../../domain/csvSafe';
import type { Cell } from './export.columns';

/**
 * The file formats, each writing rows into a stream and waiting whenever the stream's reader
 * (the HTTP response, or the file being stored) is behind: memory stays at about one chunk
 * however many rows go through.
 */

export type TableFormat = 'csv' | 'xlsx' | 'json';

export interface TableWriter {
  writeRows(rows: Cell[][]): Promise<void>;
  finish(): Promise<void>;
}

/** Writes and, when the stream's buffer is full, waits for it to drain (backpressure). */
export async function writeChunk(out: Writable, chunk: string): Promise<void> {
  if (!chunk) return;
  if (!out.write(chunk)) await drained(out);
}

const closed = () => new Error('The download was closed before the export ended.');

/** Resolves on 'drain'; rejects when the reader goes away instead ('close' without drain, or an error). */
function drained(out: Writable): Promise<void> {
  if (out.destroyed) return Promise.reject(closed());
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(closed());
    const onError = (error: Error) => settle(error);
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', onError);
  });
}

/** A list in one cell: "a; b". */
const joined = (v: string[]) => v.join('; ');

const QUOTE_NEEDED = /[",\r\n]/;

/** RFC 4180: a field with a quote, comma or line break is quoted, quotes doubled. Text is neutralised against formulas. */
function csvText(value: string): string {
  const text = csvSafe(value);
  return QUOTE_NEEDED.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvField(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return csvText(cell);
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  return csvText(joined(cell));
}

/** One CSV record (CRLF-terminated), built by concatenation: this runs once per exported row. */
export function csvLine(cells: Cell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += ',';
    const cell = cells[i];
    if (typeof cell === 'string') line += csvText(cell);
    else if (cell !== null && cell !== undefined) line += csvField(cell);
  }
  return `${line}\r\n`;
}

/** XLSX keeps numbers and booleans typed (a negative amount stays a number); text is neutralised. */
function xlsxCell(cell: Cell): string | number | boolean | null {
  if (cell === null || typeof cell === 'number' || typeof cell === 'boolean') return typeof cell === 'number' && !Number.isFinite(cell) ? null : cell;
  // A sheet cell holds at most 32,767 characters.
  return csvSafe(Array.isArray(cell) ? joined(cell) : cell).slice(0, 32_767);
}

/** A table (header row, then rows) as CSV with a BOM, XLSX or JSON lines keyed by `keys`. */
export async function openTable(format: TableFormat, out: Writable, headers: string[], keys: string[], sheetName: string): Promise<TableWriter> {
  if (format === 'csv') {
    // The BOM makes Excel read the file as UTF-8 (accents, non-Latin names) instead of the locale's code page.
    await writeChunk(out, `\uFEFF${csvLine(headers)}`);
    return {
      writeRows: (rows) => writeChunk(out, rows.map(csvLine).join('')),
      finish: async () => {
        out.end();
      },
    };
  }
  if (format === 'json') {
    return {
      writeRows: (rows) => writeChunk(out, rows.map((cells) => `${JSON.stringify(Object.fromEntries(keys.map((k, i) => [k, cells[i] ?? null])))}\n`).join('')),
      finish: async () => {
        out.end();
      },
    };
  }
  // Streaming writer: each committed row is zipped out at once; no shared strings table, no styles.
  // exceljs is loaded on first use: ~30 MB of memory the server does not carry until someone asks for Excel.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  let sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(headers).commit();
  let rowsInSheet = 0;
  let sheets = 1;
  return {
    async writeRows(rows) {
      for (const cells of rows) {
        // A sheet holds at most 1,048,576 rows: a bigger export continues on "Clients 2"…
        if (rowsInSheet === XLSX_MAX_ROWS - 1) {
          sheet.commit();
          sheet = workbook.addWorksheet(`${sheetName} ${++sheets}`);
          sheet.addRow(headers).commit();
          rowsInSheet = 0;
        }
        sheet.addRow(cells.map(xlsxCell)).commit();
        rowsInSheet++;
      }
      if (out.writableNeedDrain) await drained(out);
    },
    async finish() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

/** Rows of one Excel worksheet, the header included. */
let XLSX_MAX_ROWS = 1_048_576;
/** Tests lower the limit to see the roll-over without a million rows. */
export const setXlsxMaxRows = (n: number) => {
  XLSX_MAX_ROWS = n;
};

// ---------------------------------------------------------------------------------------
// vCard 3.0: what Google Contacts, Outlook and Apple Contacts all import
// ---------------------------------------------------------------------------------------

export type VcardInput = {
  id: string;
  type: string;
  firstName: string | null;
  lastName: string | null;
  displayName: string;
  companyName: string | null;
  occupation: string | null;
  dateOfBirth: string | null;
  emails: { value?: string; label?: string; primary?: boolean }[];
  phones: { value?: string; label?: string; primary?: boolean }[];
  addresses: { kind?: string; line1?: string | null; line2?: string | null; city?: string | null; region?: string | null; postalCode?: string | null; country?: string | null }[];
  tags: string[];
  notes: string | null;
  updatedAt: string;
};

/** Text value escaping of RFC 2426 §5: backslash, comma, semicolon, line breaks. */
const esc = (v: string | null | undefined) => (v ?? '').replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/;/g, '\\;').replace(/\r\n|\r|\n/g, '\\n');

/** Folds a content line at 75 octets (continuation lines start with a space), never inside a UTF-8 character. */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line) <= 75) return `${line}\r\n`;
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    const limit = parts.length ? 74 : 75; // the leading space counts
    if (bytes + size > limit) {
      parts.push(current);
      current = '';
      bytes = 0;
    }
    current += ch;
    bytes += size;
  }
  parts.push(current);
  return `${parts.join('\r\n ')}\r\n`;
}

const emailTypes: Record<string, string> = { work: 'INTERNET,WORK', home: 'INTERNET,HOME' };
const phoneTypes: Record<string, string> = { mobile: 'CELL', work: 'WORK,VOICE', home: 'HOME,VOICE' };

/** One client as a vCard 3.0. */
export function vcard(c: VcardInput): string {
  const lines = ['BEGIN:VCARD', 'VERSION:3.0', `UID:urn:uuid:${c.id}`, `FN:${esc(c.displayName)}`];
  lines.push(c.type === 'business' && !c.firstName && !c.lastName ? `N:${esc(c.displayName)};;;;` : `N:${esc(c.lastName)};${esc(c.firstName)};;;`);
  if (c.companyName) lines.push(`ORG:${esc(c.companyName)}`);
  if (c.type === 'business') lines.push('X-ABShowAs:COMPANY');
  if (c.occupation) lines.push(`TITLE:${esc(c.occupation)}`);
  if (c.dateOfBirth) lines.push(`BDAY:${c.dateOfBirth}`);
  const primaryFirst = <T extends { primary?: boolean }>(items: T[]) => [...items].sort((a, b) => Number(!!b.primary) - Number(!!a.primary));
  primaryFirst(c.emails).forEach((e, i) => e.value && lines.push(`EMAIL;TYPE=${emailTypes[e.label ?? ''] ?? 'INTERNET'}${i === 0 ? ',PREF' : ''}:${esc(e.value)}`));
  primaryFirst(c.phones).forEach((p, i) => p.value && lines.push(`TEL;TYPE=${phoneTypes[p.label ?? ''] ?? 'VOICE'}${i === 0 ? ',PREF' : ''}:${esc(p.value)}`));
  for (const a of c.addresses) {
    const type = a.kind === 'mailing' ? 'POSTAL' : a.kind === 'primary' ? (c.type === 'business' ? 'WORK,PREF' : 'HOME,PREF') : 'WORK';
    const street = [a.line1, a.line2].filter(Boolean).join('\n');
    lines.push(`ADR;TYPE=${type}:;;${esc(street)};${esc(a.city)};${esc(a.region)};${esc(a.postalCode)};${esc(a.country)}`);
  }
  if (c.tags.length) lines.push(`CATEGORIES:${c.tags.map(esc).join(',')}`);
  if (c.notes) lines.push(`NOTE:${esc(c.notes)}`);
  lines.push(`REV:${c.updatedAt}`, 'END:VCARD');
  return lines.map(foldLine).join('');
}

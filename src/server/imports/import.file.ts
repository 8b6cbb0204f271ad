import type { Readable } from 'node:stream';
import chardet from 'chardet';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';

/**
 * Reading an uploaded file as rows of text cells, streamed: the format (CSV/TSV or XLSX) and,
 * for text, the encoding and delimiter are sniffed from the first bytes once, at upload, and
 * stored with the import so every later pass (dry run, run, resume) reads the file the same way.
 */

export type FileFormat = { format: 'csv' | 'xlsx'; encoding: string | null; delimiter: string | null };

/** A record the parser could not read: it becomes that row's error; the file goes on. */
export type SkippedRecord = { message: string };
export type FileRecord = { cells: string[] } | { skipped: SkippedRecord };

/** Beyond this a record is not a row but a quote left open: the rest of the file would be one cell. */
const MAX_RECORD_CHARS = 16 * 1024 * 1024;

export class NotReadableFile extends Error {}

/** Whether the bytes are valid UTF-8 (a character cut at the end of the sample is allowed). */
function isUtf8(head: Buffer): boolean {
  let end = head.length;
  // Drop an incomplete trailing sequence: up to 3 continuation bytes after a lead byte.
  for (let i = Math.max(0, end - 4); i < end; i++) {
    const b = head[i]!;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
    if (need && i + need > end) {
      end = i;
      break;
    }
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/**
 * A file of UTF-8 with a few stray single-byte characters (two exports pasted together): read
 * as UTF-8, so the rows with the stray bytes get an error instead of every accent turning into
 * mojibake.
 */
function mostlyUtf8(head: Buffer): boolean {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < head.length; i++) {
    const b = head[i]!;
    if (b < 0x80) continue;
    const need = b >= 0xf0 && b < 0xf8 ? 3 : b >= 0xe0 ? 2 : b >= 0xc2 && b < 0xe0 ? 1 : -1;
    let ok = need > 0 && i + need < head.length;
    for (let k = 1; ok && k <= need; k++) ok = (head[i + k]! & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += need;
    } else invalid++;
  }
  return valid > 0 && invalid * 4 <= valid;
}

/** The text encoding of a file from its first bytes: BOM, then UTF-16 by its zero bytes, UTF-8, else chardet's guess (Windows-1252 for Latin text). */
export function detectEncoding(head: Buffer): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const sample = head.subarray(0, 4096);
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) i % 2 ? oddZeros++ : evenZeros++;
  if (oddZeros > sample.length / 8 && evenZeros === 0) return 'utf-16le';
  if (evenZeros > sample.length / 8 && oddZeros === 0) return 'utf-16be';
  if (evenZeros + oddZeros > 0) throw new NotReadableFile('is not a text file (CSV or TSV) nor an XLSX workbook');
  if (isUtf8(head) || mostlyUtf8(head)) return 'utf-8';
  const guess = (chardet.detect(head) ?? '').toLowerCase();
  // Western single-byte guesses are all read as Windows-1252, the superset Excel writes.
  if (!guess || /^(iso-8859-1|iso-8859-15|windows-1252|ascii)$/.test(guess)) return 'windows-1252';
  return iconv.encodingExists(guess) ? guess : 'windows-1252';
}

/** The delimiter that splits the first lines most consistently into more than one column. */
export function detectDelimiter(text: string): string {
  const lines: string[] = [];
  let inQuotes = false;
  let line = '';
  for (const ch of text.slice(0, 64 * 1024)) {
    if (ch === '"') inQuotes = !inQuotes;
    if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (line.trim()) lines.push(line);
      line = '';
      if (lines.length >= 20) break;
      continue;
    }
    line += ch;
  }
  if (line.trim() && lines.length < 20) lines.push(line);
  let best = ',';
  let bestScore = 0;
  // On a tie the rarer delimiter wins: a tab or semicolon file may hold commas in its cells.
  for (const d of ['\t', ';', ',', '|']) {
    const counts = lines.map((l) => l.replace(/"[^"]*"/g, '').split(d).length - 1);
    if (!counts.length || counts[0] === 0) continue;
    const same = counts.filter((c) => c === counts[0]).length / counts.length;
    const score = same * 1000 + counts[0]!;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** Format, encoding and delimiter of an upload from its first bytes. */
export function sniffFile(head: Buffer): FileFormat {
  if (!head.length) throw new NotReadableFile('is empty');
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return { format: 'xlsx', encoding: null, delimiter: null };
  const encoding = detectEncoding(head);
  const text = iconv.decode(head, encoding).replace(/^\uFEFF/, '');
  if (/[\x00-\x08\x0e-\x1a]/.test(text.slice(0, 4096))) throw new NotReadableFile('is not a text file (CSV or TSV) nor an XLSX workbook');
  return { format: 'csv', encoding, delimiter: detectDelimiter(text) };
}

const cellText = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { result?: unknown; text?: unknown; richText?: { text: string }[]; error?: string };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.error) return '';
    return '';
  }
  return String(value);
};

async function* xlsxRecords(stream: Readable): AsyncGenerator<FileRecord> {
  // Loaded on first use (~30 MB the server does not carry until an Excel file comes in).
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore' });
  for await (const sheet of reader) {
    let expected = 1;
    for await (const row of sheet) {
      // Blank rows are absent from the stream; keep row numbers those of the sheet.
      for (; expected < row.number; expected++) yield { cells: [] };
      const values = row.values as unknown[];
      yield { cells: values.slice(1).map(cellText) };
      expected = row.number + 1;
    }
    return; // the first sheet only
  }
}

async function* csvRecords(stream: Readable, format: FileFormat): AsyncGenerator<FileRecord> {
  const skipped: SkippedRecord[] = [];
  const parser = parse({
    delimiter: format.delimiter ?? ',',
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_CHARS,
    on_skip: (error) => {
      if (error) skipped.push({ message: error.message });
    },
  });
  const decoded = stream.pipe(iconv.decodeStream(format.encoding ?? 'utf-8', { stripBOM: true }));
  decoded.on('error', (e) => parser.destroy(e));
  decoded.pipe(parser);
  for await (const record of parser as AsyncIterable<string[]>) {
    while (skipped.length) yield { skipped: skipped.shift()! };
    yield { cells: record };
  }
  while (skipped.length) yield { skipped: skipped.shift()! };
}

/** Every record of the file in order, the header first; blank lines of a CSV are left out. */
export function readRecords(stream: Readable, format: FileFormat): AsyncGenerator<FileRecord> {
  return format.format === 'xlsx' ? xlsxRecords(stream) : csvRecords(stream, format);
}

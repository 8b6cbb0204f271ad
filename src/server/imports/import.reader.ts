import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import type { BatchRow } from './import.batch';
import { readRecords, type FileFormat } from './import.file';
import { isBlankDraft, readRow, type RowContext } from './import.rows';

/**
 * The file → batches of read rows: records parsed, each row read (validated, phones parsed),
 * blank rows left out, the first `skip` data records passed over (committed by an earlier
 * attempt). No database.
 */

/** A batch as the writer receives it: its rows, the data records read so far, the file's bytes read so far. */
export type ReadBatch = { rows: BatchRow[]; index: number; bytesRead: number };

export type ReaderOptions = { format: FileFormat; rowCtx: RowContext; skip: number; batchSize: number };

/** Every batch of the file; the last may be empty (only skipped or blank records after the last full one). */
export async function* readBatches(source: Readable, options: ReaderOptions): AsyncGenerator<ReadBatch> {
  const { rowCtx } = options;
  let bytesRead = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _e, done) {
      bytesRead += chunk.length;
      done(null, chunk);
    },
  });
  source.on('error', (e) => meter.destroy(e));
  let index = 0;
  let header = true;
  let rows: BatchRow[] = [];
  for await (const record of readRecords(source.pipe(meter), options.format)) {
    if (header) {
      header = false;
      continue;
    }
    index++;
    if (index <= options.skip) continue;
    const row = index + 1;
    if ('skipped' in record) rows.push({ row, cells: [], draft: null, errors: [{ path: 'row', message: `could not be read: ${record.skipped.message}` }] });
    else if (record.cells.length > 0 && record.cells.some((c) => c.trim())) {
      const read = readRow(record.cells, rowCtx);
      if (read.ok && isBlankDraft(read.draft)) rows.push({ row, cells: record.cells, draft: null, errors: [{ path: 'row', message: 'has no value in any mapped column' }] });
      else rows.push({ row, cells: record.cells, draft: read.ok ? read.draft : null, errors: read.ok ? [] : read.errors });
    }
    if (rows.length >= options.batchSize) {
      yield { rows, index, bytesRead };
      rows = [];
    }
  }
  yield { rows, index, bytesRead };
}

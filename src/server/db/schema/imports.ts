import type { Generated } from 'kysely';
import type { Json } from './foundation';

// Row types of imports: the import itself, what it wrote (for undo), its rejected rows, saved mappings.

/** An uploaded file and its import: options, counts and the cursor of committed data rows. */
export interface ImportTable {
  workspace_id: string;
  id: string;
  status: string;
  file_key: string;
  file_name: string;
  file_size: number;
  format: string;
  encoding: string | null;
  delimiter: string | null;
  headers: Json;
  options: Json | null;
  dry_run: Generated<number>;
  total_rows: number | null;
  /** Data rows finished: moved in the same transaction as each batch's writes. */
  committed_rows: Generated<number>;
  /** Bytes of the file read when the cursor last moved: progress and ETA before the rows are counted. */
  bytes_read: Generated<number>;
  created_count: Generated<number>;
  updated_count: Generated<number>;
  skipped_count: Generated<number>;
  failed_count: Generated<number>;
  job_id: string | null;
  error: string | null;
  created_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  undone_at: string | null;
  updated_at: string;
  /** When the retention sweep deleted the uploaded file (the record and its undo log stay). */
  file_deleted_at: string | null;
}

/** A client an import created or changed; `before`/`after` hold the fields it changed. */
export interface ImportRowTable {
  workspace_id: string;
  import_id: string;
  row_number: number;
  client_id: string;
  action: string;
  before: Json | null;
  after: Json | null;
}

/** One reason a row was rejected, with the row's cells (for the rejected-rows CSV). */
export interface ImportErrorTable {
  workspace_id: string;
  import_id: string;
  row_number: number;
  seq: number;
  field: string | null;
  message: string;
  raw: Json | null;
}

/** A saved mapping. */
export interface ImportPresetTable {
  workspace_id: string;
  id: string;
  name: string;
  mapping: Json;
  transforms: Json;
  created_by: string | null;
  created_at: string;
}

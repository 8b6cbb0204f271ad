import type { Import, ImportMatchOn, ImportMode } from '../../api/imports';

export const modeOptions: { value: ImportMode; label: string; help: string }[] = [
  { value: 'create', label: 'Create only', help: 'Every row becomes a new client; a row matching an existing client is rejected.' },
  { value: 'skip', label: 'Skip existing', help: 'New rows become clients; rows matching an existing client are left alone.' },
  { value: 'update', label: 'Update existing', help: 'Only rows matching a client change it; other rows are skipped. Empty cells never clear a value.' },
  { value: 'upsert', label: 'Create and update', help: 'Matching rows update their client, the others become new clients.' },
];

export const matchOptions: { value: ImportMatchOn; label: string; help: string }[] = [
  { value: 'email', label: 'E-mail', help: 'A row is the same client when its e-mail (any case) is one a client already has.' },
  { value: 'phone', label: 'Phone', help: 'Phones are compared as full international numbers, read in the row’s country.' },
  { value: 'externalId', label: 'External id', help: 'The id the other system gave each record (map a column to External id).' },
];

export const statusWords: Record<Import['status'], { label: string; color: string }> = {
  draft: { label: 'Not started', color: 'gray' },
  queued: { label: 'Waiting', color: 'blue' },
  running: { label: 'Running', color: 'blue' },
  completed: { label: 'Completed', color: 'teal' },
  failed: { label: 'Failed', color: 'red' },
  cancelled: { label: 'Cancelled', color: 'orange' },
  undoing: { label: 'Undoing', color: 'grape' },
  undone: { label: 'Undone', color: 'gray' },
};

const n = new Intl.NumberFormat();
export const count = (value: number, one: string, many = `${one}s`) => `${n.format(value)} ${value === 1 ? one : many}`;
export const num = (value: number) => n.format(value);

/** "about 2 min", "12 s" — an ETA that does not pretend to be exact. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min`;
  return `about ${(seconds / 3600).toFixed(1)} h`;
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

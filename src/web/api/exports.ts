import { useMutation, useQuery } from '@tanstack/react-query';
import type { Export, ExportColumnInfo, ExportFormat } from '../../domain/export';
import { api } from './api';
import { clientQueryParams, type BulkTarget } from './clients';
import { clientStatuses, type Filter } from './clientTypes';

export type { Export, ExportColumnInfo, ExportFormat };

/** The columns an export can hold in this workspace (built-ins, figures, custom fields). */
export function useExportColumns(enabled = true) {
  return useQuery({ queryKey: ['exports', 'columns'], queryFn: () => api.get<{ data: ExportColumnInfo[] }>('/exports/columns').then((r) => r.data), enabled, staleTime: 60_000 });
}

/** `sort`: the list's sort, so the file comes in the order the list shows. */
export type ExportRequest = { format: ExportFormat; columns: string[]; include: ('contacts' | 'interactions')[]; target: BulkTarget; sort?: string };

/** The address of a direct, streamed download of the list's query (no job). */
export function directExportUrl(request: ExportRequest): string | null {
  if ('ids' in request.target || request.include.length) return null;
  const params = clientQueryParams({ q: request.target.query.q, filter: request.target.query.filter ?? null, ...(request.sort ? { sort: request.sort } : {}) });
  params.set('format', request.format);
  if (request.format !== 'vcf') params.set('columns', request.columns.join(','));
  return `/api/v1/clients/export?${params}`;
}

/** POST /exports: a background export of picked clients or of the list's query. */
export function useCreateExport() {
  return useMutation({
    mutationFn: ({ target, format, columns, include, sort }: ExportRequest) => {
      // As useBulk: "every client" is every status, which every client has.
      const everyone: Filter = { field: 'status', op: 'in', value: [...clientStatuses] };
      const scope =
        'ids' in target
          ? { ids: target.ids }
          : { filter: target.query.filter ?? (target.query.q?.trim() ? undefined : everyone), ...(target.query.q?.trim() ? { q: target.query.q.trim() } : {}) };
      return api.post<{ id: string; jobId: string }>('/exports', { format, ...(format === 'vcf' ? {} : { columns }), include, ...scope, ...(sort ? { sort } : {}) });
    },
  });
}

/** Polls an export until its files are ready (or it failed). */
export function useExport(id: string | null) {
  return useQuery({
    queryKey: ['exports', id],
    enabled: id !== null,
    queryFn: () => api.get<Export>(`/exports/${encodeURIComponent(id!)}`),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'completed' || status === 'failed' || status === 'cancelled' ? false : 700;
    },
  });
}

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Import, ImportMapping, ImportMatchOn, ImportMode, ImportPreset, ImportPreview, ImportRowError, ImportTransform } from '../../domain/import';
import { ApiError, api } from './api';

export type { Import, ImportMapping, ImportMatchOn, ImportMode, ImportPreset, ImportPreview, ImportRowError, ImportTransform };

export type ImportStartBody = {
  mapping: ImportMapping;
  mode: ImportMode;
  matchOn: ImportMatchOn;
  dryRun: boolean;
  transforms: Record<string, ImportTransform>;
};

const BASE = '/api/v1';
const importsKey = ['imports'] as const;

/** Statuses after which an import's numbers no longer move. */
export const settledStatuses: Import['status'][] = ['draft', 'completed', 'failed', 'cancelled', 'undone'];
export const isSettled = (status: Import['status']) => settledStatuses.includes(status);

/**
 * POST /imports/preview through XMLHttpRequest: fetch cannot report upload progress, and a
 * large file takes a while to leave the browser. Resolves with the draft's preview.
 */
export function uploadForPreview(file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<ImportPreview> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${BASE}/imports/preview`);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let json: unknown = null;
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        json = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(json as ImportPreview);
      else reject(new ApiError(xhr.status, json as ConstructorParameters<typeof ApiError>[1], null));
    };
    xhr.onerror = () => reject(new ApiError(0, null, null));
    xhr.onabort = () => reject(new DOMException('The upload was stopped.', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    const body = new FormData();
    body.append('file', file, file.name);
    xhr.send(body);
  });
}

/** The preview of an uploaded draft again (after a reload, or from the history). */
export function useImportPreview(id: string | null) {
  return useQuery({ queryKey: [...importsKey, id, 'preview'], enabled: id !== null, queryFn: () => api.get<ImportPreview>(`/imports/${encodeURIComponent(id!)}/preview`), staleTime: Infinity });
}

/** Shipped and saved presets with their whole mappings (the preview lists them by name and fit only). */
export function useImportPresets() {
  return useQuery({ queryKey: [...importsKey, 'presets'], queryFn: () => api.get<{ data: ImportPreset[] }>('/imports/presets').then((r) => r.data), staleTime: 60_000 });
}

export function useSavePreset() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; mapping: ImportMapping; transforms: Record<string, ImportTransform> }) => api.post<ImportPreset>('/imports/presets', body),
    onSettled: () => qc.invalidateQueries({ queryKey: [...importsKey, 'presets'] }),
  });
}

export function useDeletePreset() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/imports/presets/${encodeURIComponent(id)}`),
    onSettled: () => qc.invalidateQueries({ queryKey: [...importsKey, 'presets'] }),
  });
}

/** Starts a draft (or a real run after a finished dry run, which the API makes a new import): its id. */
export function useStartImport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ImportStartBody }) => api.post<{ id: string }>(`/imports/${encodeURIComponent(id)}/start`, body),
    onSettled: () => qc.invalidateQueries({ queryKey: [...importsKey, 'list'] }),
  });
}

/** One import, polled while its numbers move. */
export function useImport(id: string | null) {
  return useQuery({
    queryKey: [...importsKey, id],
    enabled: id !== null,
    queryFn: () => api.get<Import>(`/imports/${encodeURIComponent(id!)}`),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status && isSettled(status) ? false : 700;
    },
  });
}

/** The import history, newest first; polled while one of the loaded imports is still moving. */
export function useImportList() {
  return useInfiniteQuery({
    queryKey: [...importsKey, 'list'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api.get<{ data: Import[]; nextCursor: string | null; total?: number }>(`/imports?limit=50${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: (query) => (query.state.data?.pages.some((p) => p.data.some((i) => !isSettled(i.status))) ? 1500 : false),
  });
}

function useImportAction(action: 'cancel' | 'undo') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<unknown>(`/imports/${encodeURIComponent(id)}/${action}`),
    onSettled: async (_r, _e, id) => {
      await qc.invalidateQueries({ queryKey: [...importsKey, id] });
      await qc.invalidateQueries({ queryKey: [...importsKey, 'list'] });
      await qc.invalidateQueries({ queryKey: ['clients'] });
    },
  });
}

export const useCancelImport = () => useImportAction('cancel');
export const useUndoImport = () => useImportAction('undo');

/** Where the rejected rows download as CSV (a plain link: the browser streams it). */
export const rejectedRowsUrl = (id: string) => `${BASE}/imports/${encodeURIComponent(id)}/rejected.csv`;

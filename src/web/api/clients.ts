import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AuditEvent } from '../../domain/audit';
import type { List } from '../../domain/list';
import { api } from './api';
import { clientStatuses, type BulkAction, type BulkResult, type Client, type ClientStatus, type CreatedClient, type Filter, type Job } from './clientTypes';

export const clientsKey = ['clients'] as const;
const clientKey = (id: string) => ['client', id] as const;

/** What the list asks the server for: the search box, the filter tree, the sort, and Trash. */
export type ClientQuery = { q?: string; filter?: Filter | null; sort?: string; deleted?: 'only' };

export function clientQueryParams(query: ClientQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q?.trim()) params.set('q', query.q.trim());
  if (query.filter) params.set('filter', JSON.stringify(query.filter));
  if (query.sort) params.set('sort', query.sort);
  if (query.deleted) params.set('deleted', query.deleted);
  return params;
}

/**
 * The list, page after page over the keyset cursor. `withTotal: false` when the page shows
 * useClientCount beside it: the rows then never wait for the count (a common search term's
 * exact count can take longer than its first page at a million clients).
 */
export function useClientList(query: ClientQuery, pageSize = 100, { withTotal = true } = {}) {
  return useInfiniteQuery({
    queryKey: [...clientsKey, 'list', query, pageSize, withTotal],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = clientQueryParams(query);
      params.set('limit', String(pageSize));
      if (!withTotal) params.set('withTotal', 'false');
      if (pageParam) params.set('cursor', pageParam);
      return api.get<Omit<List<Client>, 'total'> & { total: number | null }>(`/clients?${params}`, signal);
    },
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/** The count apart from the page: at a million rows it may take longer than the first page. */
export function useClientCount(query: ClientQuery, enabled = true) {
  return useQuery({
    queryKey: [...clientsKey, 'count', query],
    queryFn: ({ signal }) => api.get<{ total: number }>(`/clients/count?${clientQueryParams(query)}`, signal),
    placeholderData: keepPreviousData,
    enabled,
    meta: { silent: true },
  });
}

export function useClient(id: string) {
  return useQuery({ queryKey: clientKey(id), queryFn: () => api.get<Client>(`/clients/${encodeURIComponent(id)}`), meta: { silent: true } });
}

export type ClientInput = Partial<Omit<Client, 'id' | 'displayName' | 'photoUrl' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'version' | 'isGuest' | 'isNew' | 'healthScore' | 'healthBand'>>;

export function useCreateClient() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ClientInput) => api.post<CreatedClient>('/clients', body),
    onSuccess: (client) => {
      qc.setQueryData(clientKey(client.id), client);
      void qc.invalidateQueries({ queryKey: clientsKey });
    },
  });
}

/** A concurrency-checked partial update: a stale `version` answers 412 and writes nothing. */
export function useUpdateClient(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ version, ...changes }: ClientInput & { version: number }) =>
      api.patch<Client>(`/clients/${encodeURIComponent(id)}`, { ...changes, version }),
    onSuccess: (client) => {
      qc.setQueryData(clientKey(id), client);
      void qc.invalidateQueries({ queryKey: clientsKey });
      void qc.invalidateQueries({ queryKey: ['client-audit', id] });
    },
  });
}

export function useReloadClient(id: string) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: clientKey(id) });
}

export function useDeleteClient() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, permanent }: { id: string; permanent?: boolean }) => api.delete(`/clients/${encodeURIComponent(id)}${permanent ? '?permanent=true' : ''}`),
    onSuccess: (_, { id }) => {
      qc.removeQueries({ queryKey: clientKey(id) });
      void qc.invalidateQueries({ queryKey: clientsKey });
    },
  });
}

export function useRestoreClient() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<Client>(`/clients/${encodeURIComponent(id)}/restore`),
    onSuccess: (client) => {
      qc.setQueryData(clientKey(client.id), client);
      void qc.invalidateQueries({ queryKey: clientsKey });
    },
  });
}

export function useClientAudit(id: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ['client-audit', id],
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: '50' });
      if (pageParam) params.set('cursor', pageParam);
      return api.get<List<AuditEvent>>(`/clients/${encodeURIComponent(id)}/audit?${params}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useClientPhoto(id: string) {
  const qc = useQueryClient();
  const done = () => {
    void qc.invalidateQueries({ queryKey: clientKey(id) });
    void qc.invalidateQueries({ queryKey: clientsKey });
  };
  const upload = useMutation({ mutationFn: (file: File) => api.upload<unknown>(`/clients/${encodeURIComponent(id)}/photo`, file), onSuccess: done });
  const remove = useMutation({ mutationFn: () => api.delete(`/clients/${encodeURIComponent(id)}/photo`), onSuccess: done });
  return { upload, remove };
}

/** Who a bulk action applies to: picked rows, or everything the list's query matches. */
export type BulkTarget = { ids: string[] } | { query: ClientQuery };
export type BulkBody = { action: BulkAction; status?: ClientStatus; statusReason?: string; tags?: string[]; ownerId?: string | null };

export function useBulk() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ target, ...body }: BulkBody & { target: BulkTarget }) => {
      // The server wants an explicit selector; "every client" is every status, which every client has.
      const everyone: Filter = { field: 'status', op: 'in', value: [...clientStatuses] };
      const scope =
        'ids' in target
          ? { ids: target.ids }
          : { filter: target.query.filter ?? (target.query.q?.trim() ? undefined : everyone), ...(target.query.q?.trim() ? { q: target.query.q.trim() } : {}) };
      return api.post<BulkResult | { jobId: string }>('/clients/bulk', { ...body, ...scope });
    },
    onSettled: () => qc.invalidateQueries({ queryKey: clientsKey }),
  });
}

/** Polls a background job until it ends. */
export function useJob(id: string | null) {
  return useQuery({
    queryKey: ['job', id],
    enabled: id !== null,
    queryFn: () => api.get<Job>(`/jobs/${encodeURIComponent(id!)}`),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'completed' || status === 'failed' || status === 'cancelled' ? false : 700;
    },
  });
}

export function useLoadSampleData() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (clients: number) => api.post<unknown>('/sample-data', { clients }),
    onSuccess: () => qc.invalidateQueries({ queryKey: clientsKey }),
  });
}

import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ActivitySettings, UpdateActivitySettingsBody } from '../../domain/activitySettings';
import type { ClientSummary } from '../../domain/billing';
import type { CreateInteractionBody, Interaction } from '../../domain/interaction';
import type { List } from '../../domain/list';
import type { TimelineEntry, TimelineKind } from '../../domain/timeline';
import type { UsageSeries } from '../../domain/usage';
import { api } from './api';
import { clientsKey } from './clients';

export type { TimelineEntry, TimelineKind } from '../../domain/timeline';

/** Every query about one client's related records starts with this key, so one write refreshes them all. */
export const client360Key = (clientId: string) => ['c360', clientId] as const;
const enc = encodeURIComponent;

/**
 * After a write that touches a client's history: its timeline, tabs, quick stats, the
 * client itself (guest → existing, status), the list and My tasks.
 */
export function refreshClient(qc: QueryClient, clientId: string | null | undefined) {
  if (clientId) {
    void qc.invalidateQueries({ queryKey: client360Key(clientId) });
    void qc.invalidateQueries({ queryKey: ['client', clientId] });
    void qc.invalidateQueries({ queryKey: ['client-audit', clientId] });
  }
  void qc.invalidateQueries({ queryKey: clientsKey });
  void qc.invalidateQueries({ queryKey: ['tasks'] });
}

/** The timeline, newest first, page after page over the keyset cursor. */
export function useTimeline(clientId: string, kinds: TimelineKind[], pageSize = 30) {
  return useInfiniteQuery({
    queryKey: [...client360Key(clientId), 'timeline', kinds.join(','), pageSize],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: String(pageSize) });
      if (kinds.length) params.set('kind', kinds.join(','));
      if (pageParam) params.set('cursor', pageParam);
      return api.get<List<TimelineEntry>>(`/clients/${enc(clientId)}/timeline?${params}`, signal);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** Quick stats: orders, total value, balance, NPS, last activity. */
export function useClientSummary(clientId: string) {
  return useQuery({
    queryKey: [...client360Key(clientId), 'summary'],
    queryFn: ({ signal }) => api.get<ClientSummary>(`/clients/${enc(clientId)}/summary`, signal),
    meta: { silent: true },
  });
}

/** Daily usage of the client's metrics (oldest day first). */
export function useClientUsage(clientId: string, days = 30) {
  return useQuery({
    queryKey: [...client360Key(clientId), 'usage', days],
    queryFn: ({ signal }) => api.get<UsageSeries>(`/clients/${enc(clientId)}/usage?days=${days}`, signal),
    meta: { silent: true },
  });
}

export function useClientInteractions(clientId: string) {
  return useQuery({
    queryKey: [...client360Key(clientId), 'interactions'],
    queryFn: ({ signal }) => api.get<List<Interaction>>(`/clients/${enc(clientId)}/interactions?limit=100`, signal),
  });
}

export function useCreateInteraction(clientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateInteractionBody) => api.post<Interaction>(`/clients/${enc(clientId)}/interactions`, body),
    onSuccess: () => refreshClient(qc, clientId),
  });
}

const activitySettingsKey = ['settings', 'activity'] as const;

export function useActivitySettings() {
  return useQuery({ queryKey: activitySettingsKey, queryFn: () => api.get<ActivitySettings>('/settings/activity') });
}

export function useUpdateActivitySettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateActivitySettingsBody) => api.put<ActivitySettings>('/settings/activity', body),
    onSuccess: (settings) => qc.setQueryData(activitySettingsKey, settings),
  });
}

/** A few live clients matching what was typed, for "pick a client first". */
export function useClientSearch(q: string) {
  return useQuery({
    queryKey: [...clientsKey, 'pick', q],
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ limit: '20', sort: q.trim() ? 'name' : '-lastActivityAt' });
      if (q.trim()) params.set('q', q.trim());
      return api.get<List<{ id: string; displayName: string; email: string | null }>>(`/clients?${params}`, signal);
    },
    placeholderData: (prev) => prev,
    meta: { silent: true },
  });
}

/** The record kinds a client's timeline and tabs can open for editing, by their API path. */
export type EditablePath = 'interactions' | 'tasks' | 'orders' | 'contracts' | 'invoices' | 'payments';
const recordKey = (clientId: string, path: EditablePath, id: string | null) => [...client360Key(clientId), 'record', path, id] as const;

/** One record, fetched fresh when its edit form opens (so the form edits the latest version). */
export function useRecord<T>(clientId: string, path: EditablePath, id: string | null) {
  return useQuery({
    queryKey: recordKey(clientId, path, id),
    enabled: id !== null,
    staleTime: 0,
    queryFn: ({ signal }) => api.get<T>(`/${path}/${enc(id!)}`, signal),
  });
}

/**
 * Save (PATCH with the version the form was loaded from) and delete (?version=) of one record.
 * A stale version answers 412 and writes nothing; both refresh the client's history.
 */
export function useRecordWrites<T, B extends object>(clientId: string, path: EditablePath) {
  const qc = useQueryClient();
  const done = () => refreshClient(qc, clientId);
  const update = useMutation({
    mutationFn: ({ id, version, body }: { id: string; version: number; body: B }) => api.patch<T>(`/${path}/${enc(id)}`, { ...body, version }),
    onSuccess: done,
  });
  const remove = useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) => api.delete(`/${path}/${enc(id)}?version=${version}`),
    onSuccess: done,
  });
  /** Loads the record again after a conflict, so the form and the lists show what the other person saved. */
  const reload = (id: string) => {
    refreshClient(qc, clientId);
    return qc.invalidateQueries({ queryKey: recordKey(clientId, path, id) });
  };
  return { update, remove, reload };
}

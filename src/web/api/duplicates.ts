import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import type { ClientDuplicate, DuplicateCluster, DuplicateSettings, UpdateDuplicateSettingsBody } from '../../domain/duplicate';
import type { List } from '../../domain/list';
import type { Merge, MergeBody, MergeResult, UndoMergeResult } from '../../domain/merge';
import { api } from './api';
import type { Client } from './clientTypes';
import { clientsKey } from './clients';

export type { ClientDuplicate, DuplicateCluster, DuplicateSettings, Merge, MergeResult };
export type DuplicateReason = DuplicateCluster['pairs'][number]['reasons'][number];
export type DuplicatePair = DuplicateCluster['pairs'][number];

const enc = encodeURIComponent;
const duplicatesKey = ['duplicates'] as const;
const mergesKey = ['merges'] as const;
const settingsKey = ['settings', 'duplicates'] as const;
const clientDuplicatesKey = (id: string) => ['duplicates', 'client', id] as const;

/** After a merge, an undo or a dismissal: the queue, the clients' own candidates, the lists and the merge history move. */
async function refreshAfterChange(qc: QueryClient) {
  await Promise.all([
    qc.invalidateQueries({ queryKey: duplicatesKey }),
    qc.invalidateQueries({ queryKey: mergesKey }),
    qc.invalidateQueries({ queryKey: clientsKey }),
    qc.invalidateQueries({ queryKey: ['client'] }),
  ]);
}

/**
 * Takes settled groups (or pairs) out of the cached queue at once, so going back to it never shows
 * them for the moment its refetch takes; a group without pairs left goes too.
 */
function dropFromQueue(qc: QueryClient, settled: (pair: DuplicatePair) => boolean) {
  qc.setQueriesData<InfiniteData<List<DuplicateCluster>>>({ queryKey: [...duplicatesKey, 'queue'] }, (data) => {
    if (!data) return data;
    const pages = data.pages.map((page) => {
      const kept = page.data.map((c) => ({ ...c, pairs: c.pairs.filter((p) => !settled(p)) })).filter((c) => c.pairs.length > 0);
      return { ...page, data: kept, total: page.total - (page.data.length - kept.length) };
    });
    return { ...data, pages };
  });
}

/** Undoes a merge and refreshes what it touched; a plain function, as the merge notification lives outside the React tree's providers. */
export async function undoMerge(qc: QueryClient, mergeId: string): Promise<UndoMergeResult> {
  const result = await api.post<UndoMergeResult>(`/merges/${enc(mergeId)}/undo`);
  for (const id of result.restoredIds) qc.removeQueries({ queryKey: ['client', id] });
  qc.setQueryData(['client', result.survivor.id], result.survivor);
  await refreshAfterChange(qc);
  return result;
}

/** The review queue, best group first, page after page over the keyset cursor. */
export function useDuplicateQueue(pageSize = 20) {
  return useInfiniteQuery({
    queryKey: [...duplicatesKey, 'queue', pageSize],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => api.get<List<DuplicateCluster>>(`/duplicates?limit=${pageSize}${pageParam ? `&cursor=${enc(pageParam)}` : ''}`, signal),
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** One client's likely duplicates (for its page and for the compare view's reasons). */
export function useClientDuplicates(clientId: string, enabled = true) {
  return useQuery({
    queryKey: clientDuplicatesKey(clientId),
    enabled,
    queryFn: ({ signal }) => api.get<{ data: ClientDuplicate[] }>(`/clients/${enc(clientId)}/duplicates`, signal).then((r) => r.data),
    meta: { silent: true },
  });
}

/**
 * The full records of the clients being compared. A merged client's id answers 301 and fetch
 * follows it, so a record whose id differs from the one asked for has been merged away.
 */
export function useCompareClients(ids: string[]) {
  return useQueries({
    queries: ids.map((id) => ({ queryKey: ['client', id], queryFn: () => api.get<Client>(`/clients/${enc(id)}`), meta: { silent: true } })),
  });
}

/** Every candidate pair among the compared clients, each once, with its score and reasons. */
export function useComparePairs(ids: string[]) {
  const results = useQueries({ queries: ids.map((id) => ({ queryKey: clientDuplicatesKey(id), queryFn: () => api.get<{ data: ClientDuplicate[] }>(`/clients/${enc(id)}/duplicates`).then((r) => r.data), meta: { silent: true } })) });
  const inGroup = new Set(ids);
  const seen = new Set<string>();
  const pairs: DuplicatePair[] = [];
  results.forEach((r, i) => {
    for (const d of r.data ?? []) {
      if (!inGroup.has(d.client.id)) continue;
      const pair = [ids[i]!, d.client.id].sort() as [string, string];
      const key = pair.join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      pairs.push({ clientIds: pair, score: d.score, reasons: d.reasons });
    }
  });
  return { pairs: pairs.sort((a, b) => b.score - a.score), isPending: results.some((r) => r.isPending) };
}

export function useStartScan() {
  return useMutation({ mutationFn: () => api.post<{ jobId: string }>('/duplicates/scan') });
}

/** Re-reads the queue once a scan has finished. */
export function useRefreshQueue() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: duplicatesKey });
}

/** "Not a duplicate": the pair is remembered and leaves the queue for good. */
export function useDismissPair() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (clientIds: [string, string]) => api.post<void>('/duplicates/dismiss', { clientIds }),
    onSuccess: (_r, ids) => {
      const key = [...ids].sort().join(' ');
      dropFromQueue(qc, (p) => [...p.clientIds].sort().join(' ') === key);
      return qc.invalidateQueries({ queryKey: duplicatesKey });
    },
  });
}

/** A merge into the survivor; with dryRun the very same transaction runs and is rolled back (the preview). */
export function useMerge() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ survivorId, ...body }: MergeBody & { survivorId: string }) => api.post<MergeResult>(`/clients/${enc(survivorId)}/merge`, body),
    onSuccess: async (result) => {
      if (result.dryRun) return;
      const merged = new Set([result.survivor.id, ...result.sourceIds]);
      dropFromQueue(qc, (p) => result.sourceIds.includes(p.clientIds[0]) || result.sourceIds.includes(p.clientIds[1]) || (merged.has(p.clientIds[0]) && merged.has(p.clientIds[1])));
      qc.setQueryData(['client', result.survivor.id], result.survivor);
      // Not awaited: the page that merged moves on at once; the lists refetch behind it.
      void refreshAfterChange(qc);
    },
  });
}

export function useUndoMerge() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (mergeId: string) => undoMerge(qc, mergeId),
  });
}

/** Merges of the workspace, newest first. */
export function useMergeHistory(pageSize = 25) {
  return useInfiniteQuery({
    queryKey: [...mergesKey, pageSize],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => api.get<List<Merge>>(`/merges?limit=${pageSize}${pageParam ? `&cursor=${enc(pageParam)}` : ''}`, signal),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useDuplicateSettings(enabled = true) {
  return useQuery({ queryKey: settingsKey, enabled, queryFn: () => api.get<DuplicateSettings>('/settings/duplicates'), meta: { silent: true } });
}

export function useUpdateDuplicateSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateDuplicateSettingsBody) => api.put<DuplicateSettings>('/settings/duplicates', body),
    onSuccess: (s) => qc.setQueryData(settingsKey, s),
  });
}

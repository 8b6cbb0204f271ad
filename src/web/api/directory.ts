import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateDirectoryCompanyBody, DirectoryCompany, UpdateDirectoryCompanyBody } from '../../domain/directory';
import { directoryKinds } from '../../domain/directory';
import type { List } from '../../domain/list';
import { api } from './api';

export type { DirectoryCompany };
export { directoryKinds };
export type DirectoryKind = (typeof directoryKinds)[number];

export const directoryKindLabels: Record<DirectoryKind, string> = {
  title_company: 'Title company',
  lender: 'Lender',
  insurer: 'Insurer',
  law_firm: 'Law firm',
  appraiser: 'Appraiser',
  inspector: 'Inspector',
  supplier: 'Supplier',
  other: 'Other',
};

const key = ['directory'] as const;
const id = (s: string) => encodeURIComponent(s);

/** Directory entries whose name contains `q` (accents and case ignored), optionally of one kind. */
export function useDirectoryCompanies(q: string, kind: DirectoryKind | null = null, limit = 100, enabled = true) {
  return useQuery({
    queryKey: [...key, 'list', q, kind, limit],
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ limit: String(limit) });
      if (q.trim()) params.set('q', q.trim());
      if (kind) params.set('kind', kind);
      return api.get<List<DirectoryCompany>>(`/directory/companies?${params}`, signal);
    },
  });
}

export function useDirectoryCompany(companyId: string | null | undefined) {
  return useQuery({
    queryKey: [...key, 'one', companyId],
    enabled: !!companyId,
    staleTime: 60_000,
    retry: false,
    meta: { silent: true },
    queryFn: () => api.get<DirectoryCompany>(`/directory/companies/${id(companyId!)}`),
  });
}

export function useDirectoryAccess() {
  return useQuery({ queryKey: [...key, 'access'], staleTime: 5 * 60_000, meta: { silent: true }, queryFn: () => api.get<{ canManage: boolean }>('/directory/access') });
}

export function useSaveDirectoryCompany() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ companyId, ...body }: (CreateDirectoryCompanyBody | UpdateDirectoryCompanyBody) & { companyId?: string }) =>
      companyId ? api.patch<DirectoryCompany>(`/directory/companies/${id(companyId)}`, body) : api.post<DirectoryCompany>('/directory/companies', body),
    onSettled: () => qc.invalidateQueries({ queryKey: key }),
  });
}

export function useDeleteDirectoryCompany() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (companyId: string) => api.delete(`/directory/companies/${id(companyId)}`), onSettled: () => qc.invalidateQueries({ queryKey: key }) });
}

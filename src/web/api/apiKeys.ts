import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiKey } from '../../domain/apiKey';
import type { Role } from '../../domain/role';
import { api } from './api';
import { apiKeysKey } from './keys';

export type CreatedApiKey = ApiKey & { token: string };

export function useApiKeys(enabled: boolean) {
  return useQuery({ queryKey: apiKeysKey, queryFn: () => api.get<{ data: ApiKey[] }>('/api-keys'), enabled });
}

export function useCreateApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; role: Role }) => api.post<CreatedApiKey>('/api-keys', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: apiKeysKey }),
  });
}

export function useRevokeApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api-keys/${encodeURIComponent(id)}`),
    onSettled: () => qc.invalidateQueries({ queryKey: apiKeysKey }),
  });
}

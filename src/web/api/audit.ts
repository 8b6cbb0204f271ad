import { useInfiniteQuery } from '@tanstack/react-query';
import type { AuditEvent } from '../../domain/audit';
import type { List } from '../../domain/list';
import { api } from './api';
import { auditKey } from './keys';

export function useAuditLog(enabled: boolean) {
  return useInfiniteQuery({
    queryKey: auditKey,
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: '50' });
      if (pageParam) params.set('cursor', pageParam);
      return api.get<List<AuditEvent>>(`/audit?${params}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}

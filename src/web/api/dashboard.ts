import { useQuery } from '@tanstack/react-query';
import type { Dashboard } from '../../domain/dashboard';
import { api } from './api';

export type { Dashboard } from '../../domain/dashboard';
const timeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** The home page's tiles; "today" in the browser's time zone. Refreshed when the tab regains focus. */
export function useDashboard() {
  return useQuery({
    queryKey: ['dashboard'],
    queryFn: ({ signal }) => api.get<Dashboard>(`/dashboard?tz=${encodeURIComponent(timeZone())}`, signal),
    staleTime: 30_000,
  });
}

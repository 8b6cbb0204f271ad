import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me, WorkspaceWithRole } from '../../domain/account';
import type { List } from '../../domain/list';
import { api } from './api';
import { meKey, workspacesKey } from './keys';

export function useWorkspaces() {
  return useQuery({ queryKey: workspacesKey, queryFn: () => api.get<List<WorkspaceWithRole>>('/workspaces') });
}

export function useSwitchWorkspace() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (workspaceId: string) => api.post<Me>('/auth/switch-workspace', { workspaceId }),
    onSuccess: async (me) => {
      qc.setQueryData(meKey, me);
      // Every other cached answer belonged to the previous workspace.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] && q.queryKey[0] !== workspacesKey[0] });
      await qc.invalidateQueries({ queryKey: workspacesKey });
    },
  });
}

export function useCreateWorkspace() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post<WorkspaceWithRole>('/workspaces', { name }),
    onSuccess: () => qc.invalidateQueries({ queryKey: workspacesKey }),
  });
}

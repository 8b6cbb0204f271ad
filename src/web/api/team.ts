import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../domain/role';
import type { TeamMember } from '../../domain/team';
import { api } from './api';
import { teamKey } from './keys';

export type AddMemberBody = { email: string; name: string; role: Role; password?: string };
export type AddedMember = TeamMember & { inviteUrl: string | null };

export function useTeam() {
  return useQuery({ queryKey: teamKey, queryFn: () => api.get<{ data: TeamMember[] }>('/users') });
}

export function useAddMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AddMemberBody) => api.post<AddedMember>('/users', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: teamKey }),
  });
}

export function useChangeRole() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, role, version }: { id: string; role: Role; version: number }) =>
      api.patch<TeamMember>(`/users/${encodeURIComponent(id)}`, { role, version }),
    onSettled: () => qc.invalidateQueries({ queryKey: teamKey }),
  });
}

export function useRemoveMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/users/${encodeURIComponent(id)}`),
    onSettled: () => qc.invalidateQueries({ queryKey: teamKey }),
  });
}

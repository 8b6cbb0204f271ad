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

/** Removes a member; their clients go to `reassignTo`, or to nobody. */
export function useRemoveMember() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reassignTo }: { id: string; reassignTo: string | null }) =>
      api.delete(`/users/${encodeURIComponent(id)}${reassignTo ? `?reassignTo=${encodeURIComponent(reassignTo)}` : ''}`),
    onSettled: async () => {
      await qc.invalidateQueries({ queryKey: teamKey });
      await qc.invalidateQueries({ queryKey: ['clients'] });
    },
  });
}

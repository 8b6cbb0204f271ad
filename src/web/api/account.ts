import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me } from '../../domain/account';
import { api, isApiError } from './api';
import { meKey, setupKey } from './keys';

export type InvitationInfo = { email: string; name: string; workspaceName: string; invitedBy: string | null };

/** The signed-in user, or null when there is no session. */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async (): Promise<Me | null> => {
      try {
        return await api.get<Me>('/me');
      } catch (error) {
        if (isApiError(error, 401)) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
  });
}

export function useSetupState() {
  return useQuery({ queryKey: setupKey, queryFn: () => api.get<{ needed: boolean }>('/setup') });
}

/** After a sign-in of any kind: everything cached belonged to nobody or someone else. */
function useSignedIn() {
  const qc = useQueryClient();
  return (me: Me) => {
    qc.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
    qc.setQueryData(meKey, me);
    qc.setQueryData(setupKey, { needed: false });
  };
}

export function useSetup() {
  const signedIn = useSignedIn();
  return useMutation({
    mutationFn: (body: { workspaceName: string; name: string; email: string; password: string }) => api.post<Me>('/setup', body),
    onSuccess: signedIn,
  });
}

export function useLogin() {
  const signedIn = useSignedIn();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) => api.post<Me>('/auth/login', body),
    onSuccess: signedIn,
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<void>('/auth/logout'),
    onSettled: () => {
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] });
      qc.setQueryData(meKey, null);
    },
  });
}

export function useInvitation(token: string) {
  return useQuery({
    queryKey: ['invitation', token],
    queryFn: () => api.get<InvitationInfo>(`/invitations/${encodeURIComponent(token)}`),
    meta: { silent: true },
    staleTime: Infinity,
  });
}

export function useAcceptInvitation() {
  const signedIn = useSignedIn();
  return useMutation({
    mutationFn: (body: { token: string; name?: string; password: string }) => api.post<Me>('/auth/accept-invitation', body),
    onSuccess: signedIn,
  });
}

export function useUpdateProfile() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string }) => api.patch<Me>('/me', body),
    onSuccess: (me) => {
      qc.setQueryData(meKey, me);
      void qc.invalidateQueries({ queryKey: ['team'] });
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api.post<void>('/me/password', body),
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AdjustPointsBody, LoyaltyAccount, LoyaltySettings, RedeemPointsBody, UpdateLoyaltySettingsBody } from '../../domain/loyalty';
import { api } from './api';
import { client360Key, refreshClient } from './activity';

export type { LoyaltyAccount, LoyaltySettings } from '../../domain/loyalty';
const enc = encodeURIComponent;

export function useLoyalty(clientId: string) {
  return useQuery({
    queryKey: [...client360Key(clientId), 'loyalty'],
    queryFn: ({ signal }) => api.get<LoyaltyAccount>(`/clients/${enc(clientId)}/loyalty?limit=50`, signal),
  });
}

/** Adjust (signed, with a reason) or redeem points. */
export function useLoyaltyWrite(clientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: 'adjust'; body: AdjustPointsBody } | { action: 'redeem'; body: RedeemPointsBody }) =>
      api.post<unknown>(`/clients/${enc(clientId)}/loyalty/${action}`, body),
    onSuccess: () => refreshClient(qc, clientId),
  });
}

const loyaltySettingsKey = ['settings', 'loyalty'] as const;
export function useLoyaltySettings() {
  return useQuery({ queryKey: loyaltySettingsKey, queryFn: () => api.get<LoyaltySettings>('/settings/loyalty') });
}
export function useUpdateLoyaltySettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateLoyaltySettingsBody) => api.put<LoyaltySettings>('/settings/loyalty', body),
    onSuccess: (s) => qc.setQueryData(loyaltySettingsKey, s),
  });
}

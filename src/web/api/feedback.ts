import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateFeedbackBody, Feedback, FeedbackSummary } from '../../domain/feedback';
import type { List } from '../../domain/list';
import type { CreateReferralBody, Referral, ReferralCounts } from '../../domain/referral';
import { api } from './api';
import { client360Key, refreshClient } from './activity';

export type { Feedback, FeedbackSummary } from '../../domain/feedback';
export type { Referral } from '../../domain/referral';
const enc = encodeURIComponent;

export function useFeedback(clientId: string) {
  return useQuery({
    queryKey: [...client360Key(clientId), 'feedback'],
    queryFn: ({ signal }) => api.get<List<Feedback>>(`/clients/${enc(clientId)}/feedback?limit=200`, signal),
  });
}

export function useFeedbackSummary(clientId: string) {
  return useQuery({
    queryKey: [...client360Key(clientId), 'feedback-summary'],
    queryFn: ({ signal }) => api.get<FeedbackSummary>(`/clients/${enc(clientId)}/feedback/summary`, signal),
  });
}

export function useCreateFeedback(clientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateFeedbackBody) => api.post<Feedback>(`/clients/${enc(clientId)}/feedback`, body),
    onSuccess: () => refreshClient(qc, clientId),
  });
}

export function useReferrals(clientId: string) {
  return useQuery({
    queryKey: [...client360Key(clientId), 'referrals'],
    queryFn: ({ signal }) => api.get<List<Referral> & { counts: ReferralCounts }>(`/clients/${enc(clientId)}/referrals?limit=200`, signal),
  });
}

export function useCreateReferral(clientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateReferralBody) => api.post<Referral>(`/clients/${enc(clientId)}/referrals`, body),
    onSuccess: () => refreshClient(qc, clientId),
  });
}

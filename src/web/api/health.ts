import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ClientHealth, HealthPreview } from '../../domain/healthExplanation';
import type { HealthOverrideBody } from '../../domain/healthOverride';
import type { HealthBand, HealthSettings, HealthWeights, UpdateHealthSettingsBody } from '../../domain/healthSettings';
import { api } from './api';
import { client360Key, refreshClient } from './activity';

export type { ClientHealth, HealthPreview } from '../../domain/healthExplanation';
const enc = encodeURIComponent;

/** GET /settings/health: the settings plus what the editor needs to label them. */
export type HealthSettingsResponse = {
  settings: HealthSettings;
  presets: Record<string, HealthBand[]>;
  factors: Record<string, { label: string; combine: 'min' | 'mean'; measures: readonly string[] }>;
  measures: Record<string, { label: string; unit: string; help: string }>;
  suggestions: Record<string, HealthWeights>;
  version: number;
};

/** Under the client's 360 key, so any write to the client's records refreshes its score too. */
const healthKey = (clientId: string, days: number) => [...client360Key(clientId), 'health', days] as const;

/** A client's health with `days` of daily history. */
export function useClientHealth(clientId: string, days = 365) {
  return useQuery({
    queryKey: healthKey(clientId, days),
    queryFn: ({ signal }) => {
      const from = new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
      return api.get<ClientHealth>(`/clients/${enc(clientId)}/health?from=${from}`, signal);
    },
    // Switching the chart's range keeps the page up while the longer history loads.
    placeholderData: keepPreviousData,
  });
}

export function useRecomputeHealth(clientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<ClientHealth>(`/clients/${enc(clientId)}/health/recompute`),
    onSuccess: () => refreshClient(qc, clientId),
  });
}

export function useSetHealthOverride(clientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: HealthOverrideBody) => api.put<ClientHealth>(`/clients/${enc(clientId)}/health/override`, body),
    onSuccess: () => refreshClient(qc, clientId),
  });
}

export function useClearHealthOverride(clientId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete(`/clients/${enc(clientId)}/health/override`),
    onSuccess: () => refreshClient(qc, clientId),
  });
}

export const healthSettingsKey = ['settings', 'health'] as const;

export function useHealthSettings() {
  return useQuery({ queryKey: healthSettingsKey, queryFn: ({ signal }) => api.get<HealthSettingsResponse>('/settings/health', signal) });
}

export type HealthSettingsPut = UpdateHealthSettingsBody & { version: number };

export function useUpdateHealthSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: HealthSettingsPut) => api.put<{ settings: HealthSettings; recomputeJobId: string | null; version: number }>('/settings/health', body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: healthSettingsKey });
    },
  });
}

/** The preview is a read: a POST only because it carries a settings body. */
export const previewHealthSettings = (body: UpdateHealthSettingsBody) => api.post<HealthPreview>('/settings/health/preview', body);

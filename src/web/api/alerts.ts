import { keepPreviousData, useInfiniteQuery, type InfiniteData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Alert, AlertRule, AlertRuleKind, AlertSeverity, CreateAlertRuleBody, UpdateAlertRuleBody } from '../../domain/alert';
import type { List } from '../../domain/list';
import { api } from './api';
import { refreshClient } from './activity';

export type { Alert, AlertRule } from '../../domain/alert';
const enc = encodeURIComponent;

/** `delivery` all: also the alerts of rules not delivered in the app (digest or webhook only). */
export type AlertFilters = { status: string; assignee: string | null; severity: AlertSeverity | null; kind: AlertRuleKind | null; delivery?: 'inApp' | 'all' };
const alertsKey = ['alerts'] as const;

/** The inbox, newest first, page after page. */
export function useAlerts(f: AlertFilters) {
  return useInfiniteQuery({
    queryKey: [...alertsKey, 'list', f],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const p = new URLSearchParams({ status: f.status, limit: '50' });
      if (f.assignee) p.set('assignee', f.assignee);
      if (f.severity) p.set('severity', f.severity);
      if (f.kind) p.set('kind', f.kind);
      if (f.delivery) p.set('delivery', f.delivery);
      if (pageParam) p.set('cursor', pageParam);
      return api.get<List<Alert>>(`/alerts?${p}`, signal);
    },
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/** A client's active alerts (open, acknowledged, snoozed). */
export function useClientAlerts(clientId: string) {
  return useQuery({
    queryKey: [...alertsKey, 'client', clientId],
    queryFn: ({ signal }) => api.get<List<Alert>>(`/clients/${enc(clientId)}/alerts?status=active&limit=20`, signal),
    meta: { silent: true },
  });
}

/** How many alerts of rules delivered in the app are open (the nav badge); refreshed every minute. */
export function useOpenAlertCount(enabled = true) {
  return useQuery({
    queryKey: [...alertsKey, 'open-count'],
    queryFn: ({ signal }) => api.get<List<Alert>>('/alerts?status=open&limit=1', signal).then((r) => r.total),
    enabled,
    refetchInterval: 60_000,
    meta: { silent: true },
  });
}

export type AlertAction =
  | { kind: 'assign'; assigneeId: string | null }
  | { kind: 'acknowledge' }
  | { kind: 'snooze'; until: string }
  | { kind: 'resolve'; resolution?: string }
  | { kind: 'reopen' }
  | { kind: 'task' };

/** One inbox action on an alert, with the version the list showed (stale → 412). */
export function useAlertAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ alert, action }: { alert: Alert; action: AlertAction }) => {
      const { kind, ...rest } = action;
      const path = `/alerts/${enc(alert.id)}/${kind}`;
      return kind === 'task' ? api.post<{ alert: Alert; taskId: string }>(path, { version: alert.version }).then((r) => r.alert) : api.post<Alert>(path, { ...rest, version: alert.version });
    },
    // The answer carries the new version: put it in every list at once, so a second action right
    // after the first (assign, then acknowledge) does not send the old version and get a 412.
    onSuccess: (updated) => {
      const swap = (list: List<Alert>) => ({ ...list, data: list.data.map((a) => (a.id === updated.id ? updated : a)) });
      qc.setQueriesData<InfiniteData<List<Alert>>>({ queryKey: [...alertsKey, 'list'] }, (d) => (d ? { ...d, pages: d.pages.map(swap) } : d));
      qc.setQueriesData<List<Alert>>({ queryKey: [...alertsKey, 'client'] }, (d) => (d ? swap(d) : d));
    },
    onSettled: (_a, _e, { alert }) => {
      void qc.invalidateQueries({ queryKey: alertsKey });
      refreshClient(qc, alert.client.id);
    },
  });
}

const rulesKey = ['alert-rules'] as const;

export function useAlertRules() {
  return useQuery({ queryKey: rulesKey, queryFn: ({ signal }) => api.get<{ data: AlertRule[] }>('/alert-rules', signal).then((r) => r.data) });
}

export function useUpdateAlertRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateAlertRuleBody & { id: string }) => api.patch<AlertRule>(`/alert-rules/${enc(id)}`, body),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: rulesKey });
      // Delivery in the app decides what the inbox and the nav count show.
      void qc.invalidateQueries({ queryKey: alertsKey });
    },
  });
}

export function useCreateAlertRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateAlertRuleBody) => api.post<AlertRule>('/alert-rules', body),
    onSettled: () => qc.invalidateQueries({ queryKey: rulesKey }),
  });
}

/** Deletes a rule and its alerts (the version the page showed: stale → 412). */
export function useDeleteAlertRule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (rule: AlertRule) => api.delete(`/alert-rules/${enc(rule.id)}?version=${rule.version}`),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: rulesKey });
      void qc.invalidateQueries({ queryKey: alertsKey });
    },
  });
}

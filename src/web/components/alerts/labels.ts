import type { AlertRuleKind, AlertSeverity, AlertStatus } from '../../../domain/alert';

export const kindLabels: Record<AlertRuleKind, string> = {
  band_change: 'Health band change',
  score_drop: 'Score drop',
  communication_gap: 'Communication gap',
  usage_drop: 'Usage drop',
  renewal_upcoming: 'Renewal coming',
  payment_overdue: 'Payment overdue',
  response_breach: 'Response-time breach',
  satisfaction_drop: 'Low satisfaction',
  document_expiring: 'Document expiring',
  red_flag_keywords: 'Red-flag words',
};

export const severityColors: Record<AlertSeverity, string> = { info: 'blue', warning: 'orange', critical: 'red' };
export const statusLabels: Record<AlertStatus, string> = { open: 'Open', acknowledged: 'Acknowledged', snoozed: 'Snoozed', resolved: 'Resolved' };

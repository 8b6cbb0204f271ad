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

/** What each kind watches, in a line, for the rule form. */
export const kindHelp: Record<AlertRuleKind, string> = {
  band_change: 'A client’s health moves to another band (down, up or either way).',
  score_drop: 'The health score falls by some points within some days.',
  communication_gap: 'No contact for longer than the expected cadence allows.',
  usage_drop: 'Product usage falls against the window before.',
  renewal_upcoming: 'A renewal date is coming up.',
  payment_overdue: 'An invoice stays unpaid past its due date.',
  response_breach: 'An inbound message waits past its response target.',
  satisfaction_drop: 'A low NPS or CSAT answer comes in.',
  document_expiring: 'A client document is about to expire.',
  red_flag_keywords: 'An inbound message mentions one of these words.',
};

export const severityColors: Record<AlertSeverity, string> = { info: 'blue', warning: 'orange', critical: 'red' };
export const statusLabels: Record<AlertStatus, string> = { open: 'Open', acknowledged: 'Acknowledged', snoozed: 'Snoozed', resolved: 'Resolved' };

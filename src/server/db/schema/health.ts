import type { Generated } from 'kysely';
import type { Json } from './foundation';

// Row types of health scores and their history, band counts and queue; alerts, digests, the outbox and notification preferences.

/**
 * A client's health: the effective (override applied) and computed score, the inputs it read and
 * the last change. The explanation is built from the inputs when read (computeHealth).
 */
export interface HealthScoreTable {
  workspace_id: string;
  client_id: string;
  score: number | null;
  band: string | null;
  computed_score: number | null;
  computed_band: string | null;
  inputs: Json;
  last_change: Json | null;
  last_change_at: string | null;
  override: Json | null;
  override_expires_at: string | null;
  settings_version: number;
  computed_at: string;
  version: Generated<number>;
}

/** Health history packed per client and month (healthHistory.ts): 31 hex scores, 31 band codes. */
export interface HealthHistoryTable {
  workspace_id: string;
  client_id: string;
  month: string;
  scores: string;
  bands: string;
  band_keys: Json;
}

/** Live clients per effective band ('' = not scored yet), kept by triggers on clients. */
export interface HealthBandCountTable {
  workspace_id: string;
  band: string;
  count: number;
}

/** Clients whose health waits for the health.queue job (more changed in one transaction than recompute inline). */
export interface HealthQueueTable {
  workspace_id: string;
  client_id: string;
  queued_at: string;
}

/** A workspace's alert rule (docs/dev/health-plan.md §6); params and deliver are JSON. */
export interface AlertRuleTable {
  workspace_id: string;
  id: string;
  kind: string;
  name: string;
  params: Json;
  severity: string;
  enabled: number;
  deliver: Json;
  version: Generated<number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** An alert a rule opened for a client; at most one not resolved per rule and client. */
export interface AlertTable {
  workspace_id: string;
  id: string;
  rule_id: string;
  client_id: string;
  kind: string;
  severity: string;
  status: string;
  title: string;
  reason: string;
  detail: Json;
  assignee_id: string | null;
  snoozed_until: string | null;
  opened_at: string;
  last_fired_at: string;
  fire_count: Generated<number>;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: string | null;
  task_id: string | null;
  version: Generated<number>;
}

/** One digest e-mail per user per day (the row is written when it is sent). */
export interface AlertDigestTable {
  workspace_id: string;
  user_id: string;
  day: string;
  sent_at: string;
  message_id: string | null;
}

/** Mail kept in the database when SMTP_URL is empty (the Outbox page). */
export interface OutboxMessageTable {
  workspace_id: string | null;
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  created_at: string;
  sent_at: string | null;
  error: string | null;
}

/** A member's digest preference in a workspace (no row = digest on at 07:00 UTC). */
export interface NotificationPrefTable {
  workspace_id: string;
  user_id: string;
  digest: number;
  digest_hour: number;
  time_zone: string;
  version: Generated<number>;
  updated_at: string;
}

import type { Generated } from 'kysely';

/** Row types of every table, as Kysely sees them. Times are ISO-8601 strings on both databases. */
export interface WorkspaceTable {
  id: string;
  name: string;
  settings: string | Record<string, unknown>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
  /** 1 for instance administrators (the set-up user): they manage the company directory. Optional: defaults to 0. */
  is_instance_admin?: number;
}

export interface MembershipTable {
  workspace_id: string;
  user_id: string;
  role: string;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  id: string;
  token_hash: string;
  user_id: string;
  workspace_id: string;
  ip: string | null;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface ApiKeyTable {
  workspace_id: string;
  id: string;
  name: string;
  role: string;
  token_hash: string;
  token_prefix: string;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface InvitationTable {
  token_hash: string;
  workspace_id: string;
  user_id: string;
  invited_by: string | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
}

export interface LoginAttemptTable {
  id: string;
  email: string;
  ip: string;
  at: string;
}

export interface AuditEventTable {
  id: string;
  workspace_id: string | null;
  at: string;
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  actor_label: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  changes: string | Record<string, unknown> | null;
  ip: string | null;
}

/** JSON columns: pg returns parsed jsonb, SQLite the text; read them with fromJson. */
type Json = string | unknown;

/** A client (individual or business) of a workspace. Booleans are integers 0/1 on both databases. */
export interface ClientTable {
  workspace_id: string;
  id: string;
  type: string;
  first_name: string | null;
  last_name: string | null;
  company_name: string | null;
  display_name: string;
  /** normalizeSearch(display_name): the name sort's key. */
  sort_name: string;
  email: string | null;
  phone: string | null;
  emails: Json;
  phones: Json;
  date_of_birth: string | null;
  addresses: Json;
  city: string | null;
  country: string | null;
  occupation: string | null;
  industry: string | null;
  company_size: string | null;
  referral_source: string | null;
  preferred_language: string | null;
  special_requirements: string | null;
  photo_id: string | null;
  owner_id: string | null;
  lifecycle_stage: string | null;
  status: string;
  status_reason: string | null;
  status_changed_at: string | null;
  notes: string | null;
  tags: Json;
  custom_fields: Json;
  directory_company_id: string | null;
  health_score: number | null;
  health_band: string | null;
  is_guest: Generated<number>;
  last_activity_at: string | null;
  last_order_at: string | null;
  /** Client figures (orders/billing migration), recomputed by refreshClientFigures in the writer's transaction. */
  orders_count: Generated<number>;
  /** Minor units of the workspace currency; other currencies live in `figures`. */
  total_value: Generated<number>;
  outstanding_balance: Generated<number>;
  overdue_amount: Generated<number>;
  revenue: Generated<number>;
  next_renewal_at: string | null;
  /** ClientFigures JSON: per-currency totals, rates, lifetime and average values. */
  figures: Json | null;
  /** Credit terms (net days) and credit status (good | watch | hold). */
  credit_terms_days: number | null;
  credit_status: string | null;
  /** clientSearchText(client): what `q` searches. */
  search_text: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  version: Generated<number>;
  created_by: string | null;
  /** The client's id in another system (usage pushed by API, imports); unique per workspace. Optional: defaults to null. */
  external_id: string | null;
}

/** Every e-mail (normalised) of every live client; its primary key makes e-mails unique per workspace. */
export interface ClientEmailTable {
  workspace_id: string;
  email_normalized: string;
  client_id: string;
}

/** Every phone (E.164) of every live client, for the name + phone duplicate warning. */
export interface ClientPhoneTable {
  workspace_id: string;
  client_id: string;
  e164: string;
}

export interface TagCategoryTable {
  workspace_id: string;
  id: string;
  name: string;
  name_key: string;
  color: string | null;
  position: Generated<number>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface TagTable {
  workspace_id: string;
  id: string;
  name: string;
  /** normalizeSearch(name): unique per workspace. */
  name_key: string;
  category_id: string | null;
  color: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** Which clients carry which tag: the truth for tag filters (clients.tags is a copy for reads). */
export interface ClientTagTable {
  workspace_id: string;
  tag_id: string;
  client_id: string;
}

export interface CustomFieldTable {
  workspace_id: string;
  id: string;
  key: string;
  label: string;
  type: string;
  options: Json;
  required: Generated<number>;
  position: Generated<number>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ContactTable {
  workspace_id: string;
  id: string;
  client_id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  emails: Json;
  phones: Json;
  role: string | null;
  title: string | null;
  department: string | null;
  engagement: string | null;
  preferences: Json;
  reports_to_id: string | null;
  influences: Json;
  notes: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** Instance-wide company directory (title companies, lenders…): no workspace. */
export interface DirectoryCompanyTable {
  id: string;
  name: string;
  name_key: string;
  kind: string;
  email: string | null;
  phone: string | null;
  website: string | null;
  address: Json | null;
  notes: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ClientPhotoTable {
  workspace_id: string;
  client_id: string;
  content_type: string;
  bytes: Buffer;
  thumb_type: string;
  thumb: Buffer;
  updated_at: string;
}

/** A saved dynamic segment: a named filter, private to its owner unless shared with the team. */
export interface SegmentTable {
  workspace_id: string;
  id: string;
  name: string;
  description: string | null;
  filter: Json;
  shared: number;
  owner_user_id: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** A static group of hand-picked clients. */
export interface GroupTable {
  workspace_id: string;
  id: string;
  name: string;
  description: string | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface GroupMemberTable {
  workspace_id: string;
  group_id: string;
  client_id: string;
  added_at: string;
}

/** A background job (bulk action, import): status, progress, checkpoint state and result. */
export interface JobTable {
  workspace_id: string;
  id: string;
  kind: string;
  status: string;
  params: Json;
  total: number | null;
  done: number;
  result: Json | null;
  state: Json | null;
  error: string | null;
  attempts: Generated<number>;
  locked_by: string | null;
  created_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  heartbeat_at: string | null;
  /** When the job may run (a retry waits here with exponential backoff). */
  run_at: string | null;
  /** Attempts before the job fails for good; optional: defaults to 1. */
  max_attempts?: number;
  /** Unique per workspace while set: a scheduled run is queued once. */
  dedupe_key?: string | null;
}

/** One row per record on a client's timeline, written in the same transaction as the record. */
export interface TimelineEntryTable {
  workspace_id: string;
  id: string;
  client_id: string;
  at: string;
  kind: string;
  record_id: string;
  title: string;
  summary: Json;
  user_id: string | null;
  deleted_at: string | null;
}

/** A logged e-mail, call, meeting, note… with a client; inbound ones track the first response. */
export interface InteractionTable {
  workspace_id: string;
  id: string;
  client_id: string;
  kind: string;
  direction: string;
  occurred_at: string;
  duration_minutes: number | null;
  contact_id: string | null;
  user_id: string | null;
  subject: string | null;
  body: string | null;
  outcome: string | null;
  sentiment: string | null;
  priority: string | null;
  follow_up_at: string | null;
  follow_up_task_id: string | null;
  response_due_at: string | null;
  responded_at: string | null;
  response_interaction_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

/** A to-do for a team member, usually about a client (client_id may be null). */
export interface TaskTable {
  workspace_id: string;
  id: string;
  client_id: string | null;
  contact_id: string | null;
  interaction_id: string | null;
  title: string;
  notes: string | null;
  due_at: string | null;
  assignee_id: string | null;
  priority: string;
  status: string;
  source: string;
  completed_at: string | null;
  completed_by: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  version: Generated<number>;
}

/** A recurring schedule (instance-wide): the server that moves next_run_at forward queues the run. */
export interface ScheduleTable {
  name: string;
  every_seconds: number;
  next_run_at: string;
  last_run_at: string | null;
  updated_at: string;
}

/** An order (booking, job, project: the workspace's word). Amounts in minor units of `currency`. */
export interface OrderTable {
  workspace_id: string;
  id: string;
  client_id: string;
  title: string;
  status: string;
  service_type: string | null;
  scheduled_at: string | null;
  scheduled_end_at: string | null;
  completed_at: string | null;
  cancelled_at: string | null;
  location: string | null;
  assignee_id: string | null;
  currency: string;
  estimated_value: number | null;
  value: number | null;
  estimated_minutes: number | null;
  actual_minutes: number | null;
  /** 1/0, null while unknown. */
  on_time: number | null;
  /** 1 when a person set on_time (it is no longer derived on completion). */
  on_time_set: Generated<number>;
  rating: number | null;
  notes: string | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ContractTable {
  workspace_id: string;
  id: string;
  client_id: string;
  plan: string;
  currency: string;
  value: number;
  billing_period: string | null;
  status: string;
  start_at: string;
  end_at: string | null;
  renewal_at: string | null;
  auto_renew: Generated<number>;
  notes: string | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** An invoice: amount = Σ lines, total = amount + tax, paid_amount = Σ applied payments. Status draft|sent|paid|void. */
export interface InvoiceTable {
  workspace_id: string;
  id: string;
  client_id: string;
  number: string;
  number_key: string;
  currency: string;
  lines: Json;
  amount: number;
  tax_rate_bps: number | null;
  tax: Generated<number>;
  total: number;
  paid_amount: Generated<number>;
  status: string;
  issued_at: string | null;
  due_at: string | null;
  paid_at: string | null;
  order_id: string | null;
  contract_id: string | null;
  notes: string | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** A payment; applied_amount settles its invoice, the rest is the client's credit. */
export interface PaymentTable {
  workspace_id: string;
  id: string;
  client_id: string;
  invoice_id: string | null;
  currency: string;
  amount: number;
  applied_amount: Generated<number>;
  paid_at: string;
  method: string;
  reference: string | null;
  notes: string | null;
  created_by: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** A file of a client: metadata here, bytes in storage under storage_key. */
export interface DocumentTable {
  workspace_id: string;
  id: string;
  client_id: string;
  kind: string;
  title: string | null;
  file_name: string;
  content_type: string;
  /** Bytes; pg returns bigint as a string, read with Number(). */
  size: number | string;
  sha256: string;
  storage_key: string;
  expires_at: string | null;
  confidential: number;
  verification: string;
  notes: string | null;
  uploaded_by: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface FeedbackTable {
  workspace_id: string;
  id: string;
  client_id: string;
  kind: string;
  score: number | null;
  comment: string | null;
  permission_to_publish: number;
  contact_id: string | null;
  received_at: string;
  created_by: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface ReferralTable {
  workspace_id: string;
  id: string;
  referrer_client_id: string;
  referred_client_id: string | null;
  referred_name: string | null;
  referred_email: string | null;
  status: string;
  reward_status: string;
  reward_notes: string | null;
  notes: string | null;
  referred_at: string;
  created_by: string | null;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** Append-only points ledger; the balance is the sum of points. */
export interface LoyaltyLedgerTable {
  workspace_id: string;
  id: string;
  client_id: string;
  kind: string;
  points: number;
  balance_after: number;
  reason: string | null;
  order_id: string | null;
  created_by: string | null;
  at: string;
}

/** Every usage event received, by the sender's event id (its primary key makes repeats harmless). */
export interface UsageEventTable {
  workspace_id: string;
  event_id: string;
  client_id: string;
  metric: string;
  value: number;
  at: string;
  received_at: string;
}

/** Per client, metric and UTC day: the sum and count of usage events. */
export interface UsageDailyTable {
  workspace_id: string;
  client_id: string;
  metric: string;
  day: string;
  sum: number;
  count: number;
}

/** A client's health: the effective (override applied) and computed score, why, and the inputs it read. */
export interface HealthScoreTable {
  workspace_id: string;
  client_id: string;
  score: number | null;
  band: string | null;
  computed_score: number | null;
  computed_band: string | null;
  explanation: Json;
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

export interface Database {
  workspaces: WorkspaceTable;
  users: UserTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  api_keys: ApiKeyTable;
  invitations: InvitationTable;
  login_attempts: LoginAttemptTable;
  audit_events: AuditEventTable;
  clients: ClientTable;
  client_emails: ClientEmailTable;
  client_phones: ClientPhoneTable;
  tag_categories: TagCategoryTable;
  tags: TagTable;
  client_tags: ClientTagTable;
  custom_fields: CustomFieldTable;
  contacts: ContactTable;
  directory_companies: DirectoryCompanyTable;
  client_photos: ClientPhotoTable;
  segments: SegmentTable;
  groups: GroupTable;
  group_members: GroupMemberTable;
  jobs: JobTable;
  timeline_entries: TimelineEntryTable;
  interactions: InteractionTable;
  tasks: TaskTable;
  schedules: ScheduleTable;
  orders: OrderTable;
  contracts: ContractTable;
  invoices: InvoiceTable;
  payments: PaymentTable;
  documents: DocumentTable;
  feedback: FeedbackTable;
  referrals: ReferralTable;
  loyalty_ledger: LoyaltyLedgerTable;
  usage_events: UsageEventTable;
  usage_daily: UsageDailyTable;
  health_scores: HealthScoreTable;
  health_history: HealthHistoryTable;
  health_band_counts: HealthBandCountTable;
  health_queue: HealthQueueTable;
  alert_rules: AlertRuleTable;
  alerts: AlertTable;
  alert_digests: AlertDigestTable;
  outbox_messages: OutboxMessageTable;
  notification_prefs: NotificationPrefTable;
}

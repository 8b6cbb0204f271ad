/**
 * Row types of every table, as Kysely sees them, one file per area under ./schema. Times are
 * ISO-8601 strings on both databases.
 */
import type { WorkspaceTable, UserTable, MembershipTable, SessionTable, ApiKeyTable, InvitationTable, LoginAttemptTable, AuditEventTable } from './schema/foundation';
import type { ClientTable, ClientEmailTable, ClientPhoneTable, TagCategoryTable, TagTable, ClientTagTable, CustomFieldTable, ContactTable, DirectoryCompanyTable, ClientPhotoTable, SegmentTable, GroupTable, GroupMemberTable } from './schema/clients';
import type { JobTable, TimelineEntryTable, InteractionTable, TaskTable, ScheduleTable } from './schema/activity';
import type { OrderTable, ContractTable, InvoiceTable, PaymentTable, DocumentTable, FeedbackTable, ReferralTable, LoyaltyLedgerTable, UsageEventTable, UsageDailyTable } from './schema/records';
import type { ImportTable, ImportRowTable, ImportErrorTable, ImportPresetTable } from './schema/imports';
import type { DuplicatePairTable, DuplicateClusterTable, DuplicateDismissalTable, ClientMergeTable } from './schema/duplicates';
import type { HealthScoreTable, HealthHistoryTable, HealthBandCountTable, HealthQueueTable, AlertRuleTable, AlertTable, AlertDigestTable, OutboxMessageTable, NotificationPrefTable } from './schema/health';

export * from './schema/foundation';
export * from './schema/clients';
export * from './schema/activity';
export * from './schema/records';
export * from './schema/health';
export * from './schema/imports';
export * from './schema/duplicates';

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
  imports: ImportTable;
  import_rows: ImportRowTable;
  import_errors: ImportErrorTable;
  import_presets: ImportPresetTable;
  duplicate_pairs: DuplicatePairTable;
  duplicate_clusters: DuplicateClusterTable;
  duplicate_dismissals: DuplicateDismissalTable;
  client_merges: ClientMergeTable;
}

import type { Generated } from 'kysely';
import type { Json } from './foundation';

// Row types of orders, billing (contracts, invoices, payments), documents, feedback, referrals, loyalty and usage.

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

import type { Generated } from 'kysely';
import type { Json } from './foundation';

// Row types of clients and what hangs off the record itself: e-mails, phones, tags, custom fields, contacts, the company directory, photos, segments and groups.

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
  /** Set when the client was merged into another: its id resolves to that survivor. Optional: defaults to null. */
  merged_into: Generated<string | null>;
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

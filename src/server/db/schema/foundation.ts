import type { Generated } from 'kysely';

// Row types of workspaces, people, sessions, API keys, invitations and the audit trail.

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
export type Json = string | unknown;

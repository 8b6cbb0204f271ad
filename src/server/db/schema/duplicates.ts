import type { Json } from './foundation';

// Row types of duplicate detection and merges.

/** A candidate pair of clients that may be one person or business; client_a < client_b. */
export interface DuplicatePairTable {
  workspace_id: string;
  client_a: string;
  client_b: string;
  /** 0–100. */
  score: number;
  /** DuplicateReason[] JSON. */
  reasons: Json;
  /** The smallest client id of the connected pairs this one belongs to. */
  cluster_id: string;
  found_at: string;
}

/** A group of clients linked by candidate pairs: one row of the review queue. */
export interface DuplicateClusterTable {
  workspace_id: string;
  id: string;
  /** The best pair score in the cluster. */
  score: number;
  size: number;
  updated_at: string;
}

/** A pair a person marked "not a duplicate": never proposed again. client_a < client_b. */
export interface DuplicateDismissalTable {
  workspace_id: string;
  client_a: string;
  client_b: string;
  created_by: string | null;
  created_at: string;
}

/** One merge of source clients into a survivor, with what moved (for undo within 30 days). */
export interface ClientMergeTable {
  workspace_id: string;
  id: string;
  survivor_id: string;
  source_ids: Json;
  fields: Json;
  moved: Json;
  before: Json;
  created_by: string | null;
  created_at: string;
  undone_at: string | null;
}

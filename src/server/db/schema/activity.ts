import type { Generated } from 'kysely';
import type { Json } from './foundation';

// Row types of background jobs and schedules; the timeline, interactions and tasks.

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

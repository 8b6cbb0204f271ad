import type { Kysely } from 'kysely';
import type { Job, JobStatus } from '../../domain/job';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { fromJson, toJson } from '../db/dialect';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { conflict, notFound } from '../http/problem';
import { jobRepository, type JobRow } from './job.repository';
import { jobQueued, retryPolicyOf } from './job.runner';

type Db = Kysely<Database>;

export const jobRowToJob = (row: JobRow): Job => ({
  id: row.id,
  kind: row.kind,
  status: row.status as JobStatus,
  total: row.total,
  done: row.done,
  result: row.result === null ? null : fromJson(row.result),
  error: row.error,
  createdBy: row.created_by,
  createdAt: row.created_at,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
});

export type EnqueueInput = {
  workspaceId: string;
  kind: string;
  params: unknown;
  createdBy: string | null;
  total?: number | null;
  /** Not before this time (default now). */
  runAt?: string;
  /** Attempts in all; default the kind's retry policy. */
  maxAttempts?: number;
  /** A job with the same key already queued (or run) in the workspace → nothing is queued, null is returned. */
  dedupeKey?: string;
};

/**
 * Queues a job of a registered kind; a runner (this process or another) picks it up. Pass a
 * transaction to queue it atomically with the write that needs it.
 */
export async function enqueueJob(db: Db, input: EnqueueInput & { dedupeKey?: undefined }): Promise<string>;
export async function enqueueJob(db: Db, input: EnqueueInput): Promise<string | null>;
export async function enqueueJob(db: Db, input: EnqueueInput): Promise<string | null> {
  const id = newId();
  const now = nowIso();
  const row = {
    workspace_id: input.workspaceId,
    id,
    kind: input.kind,
    status: 'queued',
    params: toJson(input.params),
    total: input.total ?? null,
    done: 0,
    created_by: input.createdBy,
    created_at: now,
    run_at: input.runAt ?? now,
    max_attempts: input.maxAttempts ?? retryPolicyOf(input.kind).maxAttempts,
  };
  if (input.dedupeKey !== undefined) {
    if (!(await jobRepository.insertJobOnce(db, { ...row, dedupe_key: input.dedupeKey }))) return null;
  } else {
    await jobRepository.insertJob(db, row);
  }
  jobQueued();
  return id;
}

export async function getJob(db: Db, actor: Actor, id: string): Promise<Job> {
  authorize(actor, 'client.read');
  const row = await jobRepository.findJob(db, actor.workspaceId, id);
  if (!row) throw notFound('job');
  return jobRowToJob(row);
}

/** Cancels a queued or running job: work already committed stays; the rest is not done. */
export async function cancelJob(db: Db, actor: Actor, id: string): Promise<Job> {
  authorize(actor, 'client.write');
  const row = await jobRepository.findJob(db, actor.workspaceId, id);
  if (!row) throw notFound('job');
  if (!(await jobRepository.cancel(db, actor.workspaceId, id, nowIso()))) {
    throw conflict(`The job has already ${row.status === 'cancelled' ? 'been cancelled' : 'finished'}.`);
  }
  return jobRowToJob((await jobRepository.findJob(db, actor.workspaceId, id))!);
}

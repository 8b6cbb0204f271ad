import type { Kysely } from 'kysely';
import type { Job, JobStatus } from '../../domain/job';
import type { Actor } from '../auth/actor';
import { authorize } from '../auth/policy';
import { fromJson, toJson } from '../db/dialect';
import { newId, nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { conflict, notFound } from '../http/problem';
import { jobRepository, type JobRow } from './job.repository';
import { jobQueued } from './job.runner';

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

/** Queues a job of a registered kind; a runner (this process or another) picks it up. */
export async function enqueueJob(db: Db, input: { workspaceId: string; kind: string; params: unknown; createdBy: string | null; total?: number | null }): Promise<string> {
  const id = newId();
  await jobRepository.insertJob(db, {
    workspace_id: input.workspaceId,
    id,
    kind: input.kind,
    status: 'queued',
    params: toJson(input.params),
    total: input.total ?? null,
    done: 0,
    created_by: input.createdBy,
    created_at: nowIso(),
  });
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

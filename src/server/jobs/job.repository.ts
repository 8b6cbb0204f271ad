import type { Kysely } from 'kysely';
import type { Database, JobTable } from '../db/schema';
import type { Insertable, Selectable } from 'kysely';

type Db = Kysely<Database>;
export type JobRow = Selectable<JobTable>;

const insertJob = (db: Db, row: Insertable<JobTable>) => db.insertInto('jobs').values({ ...row, run_at: row.run_at ?? row.created_at }).execute();

/** Inserts a job unless one with the same dedupe key exists in the workspace; returns whether it was inserted. */
async function insertJobOnce(db: Db, row: Insertable<JobTable> & { dedupe_key: string }): Promise<boolean> {
  const r = await db
    .insertInto('jobs')
    .values({ ...row, run_at: row.run_at ?? row.created_at })
    .onConflict((oc) => oc.columns(['workspace_id', 'dedupe_key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

const findJob = (db: Db, workspaceId: string, id: string) =>
  db.selectFrom('jobs').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();

/**
 * The queued job that has waited longest for its run_at (a retry waits for its backoff) and,
 * failing that, a running job whose worker stopped beating.
 */
async function findClaimable(db: Db, staleBefore: string, now: string = new Date().toISOString()): Promise<JobRow | undefined> {
  const queued = await db.selectFrom('jobs').selectAll().where('status', '=', 'queued').where('run_at', '<=', now).orderBy('run_at').orderBy('id').limit(1).executeTakeFirst();
  if (queued) return queued;
  // Rows written without a run_at (older code, hand-made rows) run at once.
  const unscheduled = await db.selectFrom('jobs').selectAll().where('status', '=', 'queued').where('run_at', 'is', null).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
  if (unscheduled) return unscheduled;
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('status', '=', 'running')
    .where('heartbeat_at', '<', staleBefore)
    .orderBy('heartbeat_at')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Takes a job for this worker with one conditional UPDATE: only one worker's UPDATE finds
 * the row still queued (or still stale), so two workers never run the same job.
 */
async function claim(db: Db, job: JobRow, worker: string, now: string, staleBefore: string): Promise<boolean> {
  let q = db
    .updateTable('jobs')
    .set({ status: 'running', locked_by: worker, heartbeat_at: now, started_at: job.started_at ?? now, attempts: job.attempts + 1 })
    .where('workspace_id', '=', job.workspace_id)
    .where('id', '=', job.id);
  // The attempt count must still be the one read: a job retried in between is a new claim.
  q = job.status === 'queued' ? q.where('status', '=', 'queued').where('attempts', '=', job.attempts) : q.where('status', '=', 'running').where('heartbeat_at', '<', staleBefore);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records progress while the job is still this worker's and still running; false = cancelled or taken over. */
async function beat(db: Db, job: { workspace_id: string; id: string }, worker: string, values: Partial<Pick<JobRow, 'done' | 'total' | 'state' | 'result'>> & { heartbeat_at: string }) {
  const r = await db
    .updateTable('jobs')
    .set(values)
    .where('workspace_id', '=', job.workspace_id)
    .where('id', '=', job.id)
    .where('status', '=', 'running')
    .where('locked_by', '=', worker)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

async function finish(db: Db, job: { workspace_id: string; id: string }, worker: string, values: Pick<JobRow, 'status' | 'finished_at'> & Partial<Pick<JobRow, 'result' | 'error' | 'done'>>) {
  await db
    .updateTable('jobs')
    .set(values)
    .where('workspace_id', '=', job.workspace_id)
    .where('id', '=', job.id)
    .where('status', '=', 'running')
    .where('locked_by', '=', worker)
    .execute();
}

/** Puts a job this worker holds back in the queue (shutdown): the next runner resumes it from its checkpoint. */
async function requeue(db: Db, job: { workspace_id: string; id: string }, worker: string) {
  await db
    .updateTable('jobs')
    .set({ status: 'queued', locked_by: null })
    .where('workspace_id', '=', job.workspace_id)
    .where('id', '=', job.id)
    .where('status', '=', 'running')
    .where('locked_by', '=', worker)
    .execute();
}

/** A failed attempt with attempts left: back to the queue, to run again at `runAt`. */
async function retryLater(db: Db, job: { workspace_id: string; id: string }, worker: string, runAt: string, error: string) {
  await db
    .updateTable('jobs')
    .set({ status: 'queued', locked_by: null, run_at: runAt, error })
    .where('workspace_id', '=', job.workspace_id)
    .where('id', '=', job.id)
    .where('status', '=', 'running')
    .where('locked_by', '=', worker)
    .execute();
}

/** Cancels a queued or running job; returns whether it was still cancellable. */
async function cancel(db: Db, workspaceId: string, id: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ status: 'cancelled', finished_at: now })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const jobRepository = Object.freeze({ insertJob, insertJobOnce, findJob, findClaimable, claim, beat, finish, requeue, retryLater, cancel });

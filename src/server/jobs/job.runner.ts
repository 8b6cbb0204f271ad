import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { fromJson, toJson } from '../db/dialect';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { jobRepository, type JobRow } from './job.repository';
import { runDueSchedules } from './job.schedule';

type Db = Kysely<Database>;

/** Thrown by `progress` when the job was cancelled (or taken over): the handler just stops. */
export class JobCancelled extends Error {
  constructor() {
    super('The job was cancelled.');
  }
}

/** What a handler gets: its parameters, the checkpoint of an earlier attempt, and progress reporting. */
export type JobContext<P = unknown, S = unknown> = {
  db: Db;
  jobId: string;
  workspaceId: string;
  createdBy: string | null;
  params: P;
  /** What the last `progress` call saved: a resumed job continues from here. */
  state: S | null;
  /** Units done when the last checkpoint was saved. */
  done: number;
  /** Partial result saved with the last checkpoint. */
  result: Record<string, unknown> | null;
  setTotal(total: number): Promise<void>;
  /** Saves a checkpoint (done, state, partial result) and heartbeat; throws JobCancelled if cancelled. */
  progress(done: number, state?: S, result?: Record<string, unknown>): Promise<void>;
};

/** A job kind's work. Returns the result summary. Must be resumable from `ctx.state`. */
export type JobHandler<P = any, S = any> = (ctx: JobContext<P, S>) => Promise<Record<string, unknown>>;

/** How a job kind retries: attempts in all (1 = never retried) and the first backoff, doubled per attempt. */
export type RetryPolicy = { maxAttempts: number; backoffMs: number };

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 1, backoffMs: 30_000 };
const MAX_BACKOFF_MS = 6 * 3600_000;

const handlers = new Map<string, { handler: JobHandler; retry: RetryPolicy }>();

/**
 * Registers the handler of a job kind (once per process, at import of the module that owns
 * it). With `retry`, a failed attempt is queued again after an exponential backoff.
 */
export function registerJobHandler<P, S>(kind: string, handler: JobHandler<P, S>, retry: Partial<RetryPolicy> = {}): void {
  handlers.set(kind, { handler: handler as JobHandler, retry: { ...DEFAULT_RETRY, ...retry } });
}

/** The retry policy of a job kind (enqueueJob stores its maxAttempts with the job). */
export const retryPolicyOf = (kind: string): RetryPolicy => handlers.get(kind)?.retry ?? DEFAULT_RETRY;

/** Delay before attempt n+1 after n failed attempts: backoff · 2^(n−1), capped at 6 h, plus up to 10% jitter. */
export function backoffDelayMs(policy: RetryPolicy, failedAttempts: number): number {
  const base = Math.min(MAX_BACKOFF_MS, policy.backoffMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(base * (1 + Math.random() * 0.1));
}

/** Thrown by `progress` when this process is shutting down: the job goes back to the queue. */
class JobInterrupted extends Error {}

export type RunnerOptions = { staleMs?: number; worker?: string; shouldStop?: () => boolean };

const DEFAULT_STALE_MS = 60_000;
const defaultWorker = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

/**
 * Claims the next queued job (or a running one whose worker died: no heartbeat for
 * `staleMs`) and runs it to the end. Returns the job id, or null when there was nothing to do.
 */
export async function runNextJob(db: Db, options: RunnerOptions = {}): Promise<string | null> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const worker = options.worker ?? defaultWorker;
  for (let attempt = 0; attempt < 5; attempt++) {
    const staleBefore = new Date(Date.now() - staleMs).toISOString();
    const job = await jobRepository.findClaimable(db, staleBefore);
    if (!job) return null;
    if (await jobRepository.claim(db, job, worker, nowIso(), staleBefore)) {
      await runClaimed(db, { ...job, attempts: job.attempts + 1 }, worker, staleMs, options.shouldStop);
      return job.id;
    }
    // another worker took it first: look again
  }
  return null;
}

async function runClaimed(db: Db, job: JobRow, worker: string, staleMs: number, shouldStop?: () => boolean): Promise<void> {
  const registered = handlers.get(job.kind);
  if (!registered) {
    await jobRepository.finish(db, job, worker, { status: 'failed', finished_at: nowIso(), error: `No handler for job kind ${job.kind}` });
    return;
  }
  let cancelled = false;
  let total = job.total;
  // Beats between checkpoints too, so a long chunk never looks like a dead worker.
  const timer = setInterval(() => {
    jobRepository.beat(db, job, worker, { heartbeat_at: nowIso() }).then((still) => {
      if (!still) cancelled = true;
    }, () => {});
  }, Math.max(50, Math.floor(staleMs / 4)));
  timer.unref();
  const ctx: JobContext = {
    db,
    jobId: job.id,
    workspaceId: job.workspace_id,
    createdBy: job.created_by,
    params: fromJson(job.params),
    state: job.state === null ? null : fromJson(job.state),
    done: job.done,
    result: job.result === null ? null : fromJson(job.result),
    async setTotal(n) {
      total = n;
      if (!(await jobRepository.beat(db, job, worker, { total: n, heartbeat_at: nowIso() }))) throw new JobCancelled();
    },
    async progress(done, state, result) {
      // better-sqlite3 answers every query synchronously, so a job's await chain never returns to
      // the event loop by itself: without this, a long job on SQLite starves every HTTP request
      // (and this runner's own heartbeat timer) until it ends. One turn per checkpoint is enough.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (cancelled) throw new JobCancelled();
      if (shouldStop?.()) {
        // Save the checkpoint, then hand the job back to the queue for the next runner.
        await jobRepository.beat(db, job, worker, { done, heartbeat_at: nowIso(), ...(state !== undefined ? { state: toJson(state) } : {}), ...(result !== undefined ? { result: toJson(result) } : {}) });
        throw new JobInterrupted();
      }
      const still = await jobRepository.beat(db, job, worker, {
        done,
        heartbeat_at: nowIso(),
        ...(state !== undefined ? { state: toJson(state) } : {}),
        ...(result !== undefined ? { result: toJson(result) } : {}),
      });
      if (!still) {
        cancelled = true;
        throw new JobCancelled();
      }
    },
  };
  try {
    const result = await registered.handler(ctx);
    await jobRepository.finish(db, job, worker, { status: 'completed', finished_at: nowIso(), result: toJson(result), ...(total !== null ? { done: total } : {}) });
  } catch (error) {
    if (error instanceof JobInterrupted) {
      await jobRepository.requeue(db, job, worker).catch(() => {});
    } else if (!(error instanceof JobCancelled)) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
      const maxAttempts = job.max_attempts ?? registered.retry.maxAttempts;
      if (job.attempts < maxAttempts) {
        const runAt = new Date(Date.now() + backoffDelayMs(registered.retry, job.attempts)).toISOString();
        await jobRepository.retryLater(db, job, worker, runAt, message).catch(() => {});
      } else {
        await jobRepository.finish(db, job, worker, { status: 'failed', finished_at: nowIso(), error: message }).catch(() => {});
      }
    }
  } finally {
    clearInterval(timer);
  }
}

let wake: (() => void) | null = null;

/** Tells a runner in this process that a job was queued, so it starts without waiting for its poll. */
export function jobQueued(): void {
  wake?.();
}

/**
 * Polls for jobs and runs them one at a time until stopped. Any number of processes may run
 * one: claims are atomic, and a job whose worker died is resumed from its last checkpoint.
 */
export function startJobRunner(
  db: Db,
  options: RunnerOptions & { pollMs?: number; onError?: (error: unknown) => void; scheduleMs?: number; schedules?: boolean } = {},
): () => Promise<void> {
  const pollMs = options.pollMs ?? 1000;
  // Recurring schedules are checked every scheduleMs (one small SELECT) by every runner.
  const scheduleMs = options.scheduleMs ?? 15_000;
  let schedulesCheckedAt = 0;
  let stopped = false;
  let sleeping: { timer: NodeJS.Timeout; resolve: () => void } | null = null;
  const sleep = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollMs);
      timer.unref();
      sleeping = { timer, resolve };
    });
  wake = () => {
    if (sleeping) {
      clearTimeout(sleeping.timer);
      sleeping.resolve();
    }
  };
  const loop = (async () => {
    while (!stopped) {
      let ran: string | null = null;
      if (options.schedules !== false && Date.now() - schedulesCheckedAt >= scheduleMs) {
        schedulesCheckedAt = Date.now();
        await runDueSchedules(db).catch((error) => options.onError?.(error));
      }
      try {
        ran = await runNextJob(db, { ...options, shouldStop: () => stopped });
      } catch (error) {
        options.onError?.(error);
      }
      if (!ran && !stopped) await sleep();
      sleeping = null;
    }
  })();
  return async () => {
    stopped = true;
    wake?.();
    wake = null;
    await loop;
  };
}

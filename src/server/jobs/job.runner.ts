import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { fromJson, toJson } from '../db/dialect';
import { nowIso } from '../db/ids';
import type { Database } from '../db/schema';
import { jobRepository, type JobRow } from './job.repository';

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

const handlers = new Map<string, JobHandler>();

/** Registers the handler of a job kind (once per process, at import of the module that owns it). */
export function registerJobHandler<P, S>(kind: string, handler: JobHandler<P, S>): void {
  handlers.set(kind, handler as JobHandler);
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
  const handler = handlers.get(job.kind);
  if (!handler) {
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
    const result = await handler(ctx);
    await jobRepository.finish(db, job, worker, { status: 'completed', finished_at: nowIso(), result: toJson(result), ...(total !== null ? { done: total } : {}) });
  } catch (error) {
    if (error instanceof JobInterrupted) {
      await jobRepository.requeue(db, job, worker).catch(() => {});
    } else if (!(error instanceof JobCancelled)) {
      const message = error instanceof Error ? error.message : String(error);
      await jobRepository.finish(db, job, worker, { status: 'failed', finished_at: nowIso(), error: message.slice(0, 2000) }).catch(() => {});
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
export function startJobRunner(db: Db, options: RunnerOptions & { pollMs?: number; onError?: (error: unknown) => void } = {}): () => Promise<void> {
  const pollMs = options.pollMs ?? 1000;
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

import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database>;

/**
 * Recurring schedules. Each has a row in `schedules` (next_run_at survives restarts); every
 * runner looks for due ones, and the one whose conditional UPDATE moves next_run_at forward
 * queues the run in the same transaction, so however many servers notice, a run is queued
 * once. Runs missed while every server was down are caught up once, not once per missed slot.
 */
export type Schedule = {
  name: string;
  everySeconds: number;
  /** The first run when the schedule has no row yet (e.g. the next 02:00 UTC). */
  firstRunAt: (now: number) => string;
  /** Queues the work of the run planned for `runAt` (with `trx`; use a dedupe key per run). */
  enqueue: (trx: Db, runAt: string) => Promise<void>;
};

const schedules = new Map<string, Schedule>();

/** Registers a recurring schedule (once per process, at import of the module that owns it). */
export function registerSchedule(schedule: Schedule): void {
  schedules.set(schedule.name, schedule);
}

/** The next time-of-day `hour`:00 UTC after `now`: the first run of a nightly schedule. */
export function nextDailyAt(now: number, hourUtc: number): string {
  const d = new Date(now);
  let at = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hourUtc);
  if (at <= now) at += 86_400_000;
  return new Date(at).toISOString();
}

/** Queues every schedule that is due; returns the names this server queued. */
export async function runDueSchedules(db: Db, now = Date.now()): Promise<string[]> {
  if (!schedules.size) return [];
  const nowAt = new Date(now).toISOString();
  const names = [...schedules.keys()];
  const rows = await db.selectFrom('schedules').select(['name', 'next_run_at']).where('name', 'in', names).execute();
  const known = new Set(rows.map((r) => r.name));
  for (const name of names.filter((n) => !known.has(n))) {
    const first = schedules.get(name)!.firstRunAt(now);
    await db
      .insertInto('schedules')
      .values({ name, every_seconds: schedules.get(name)!.everySeconds, next_run_at: first, last_run_at: null, updated_at: nowAt })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    rows.push({ name, next_run_at: first });
  }
  const fired: string[] = [];
  for (const row of rows) {
    if (row.next_run_at > nowAt) continue;
    const schedule = schedules.get(row.name)!;
    const every = schedule.everySeconds * 1000;
    const planned = Date.parse(row.next_run_at);
    const next = new Date(planned + (Math.floor((now - planned) / every) + 1) * every).toISOString();
    const won = await db.transaction().execute(async (trx) => {
      const r = await trx
        .updateTable('schedules')
        .set({ next_run_at: next, last_run_at: nowAt, every_seconds: schedule.everySeconds, updated_at: nowAt })
        .where('name', '=', row.name)
        .where('next_run_at', '=', row.next_run_at)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      await schedule.enqueue(trx, row.next_run_at);
      return true;
    });
    if (won) fired.push(row.name);
  }
  return fired;
}

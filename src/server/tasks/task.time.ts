import { fieldError } from '../http/problem';

/** Milliseconds the zone is ahead of UTC at this instant. */
function zoneOffsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - Math.floor(at / 1000) * 1000;
}

/** Throws 400 unless `tz` is an IANA time zone this runtime knows. */
export function assertTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw fieldError('tz', 'is not a time zone (use an IANA name such as Europe/Paris)');
  }
}

/** The UTC instant at which the day after `now`'s local day begins in `tz` ("end of today"). */
export function endOfLocalDay(now: number, tz: string): string {
  const localNow = now + zoneOffsetMs(now, tz);
  const d = new Date(localNow);
  const nextMidnightLocal = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
  // Two passes: the offset at midnight may differ from the offset now (a DST change today).
  let utc = nextMidnightLocal - zoneOffsetMs(nextMidnightLocal, tz);
  utc = nextMidnightLocal - zoneOffsetMs(utc, tz);
  return new Date(utc).toISOString();
}

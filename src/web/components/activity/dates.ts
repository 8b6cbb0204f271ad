/** Helpers for the browser's own date inputs (no date-picker package is installed). */

const pad = (n: number) => String(n).padStart(2, '0');

/** A Date as the value of an `<input type="datetime-local">` (local time, minutes). */
export function toLocalInput(date: Date = new Date()): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A Date as the value of an `<input type="date">`. */
export const toDateInput = (date: Date = new Date()) => toLocalInput(date).slice(0, 10);

/** What a datetime-local or date input holds, as an ISO instant; a bare date means 09:00 local. Null when empty or invalid. */
export function fromInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value.length === 10 ? `${value}T09:00` : value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A date without the time: "29 Nov 2026". */
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
export const formatDate = (iso: string | null | undefined) => (iso ? dateOnly.format(new Date(iso)) : '—');

/** Tomorrow's date for a follow-up default. */
export const tomorrow = () => toDateInput(new Date(Date.now() + 86_400_000));

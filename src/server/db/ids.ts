import { v7 } from 'uuid';

/** A new UUIDv7: time-sortable, generated in the application so any node can mint ids. */
export const newId = (): string => v7();

/** The current time as an ISO-8601 UTC string, the one time format the application uses. */
export const nowIso = (): string => new Date().toISOString();

import { isApiError } from '../../../api/api';

/** Field errors by dotted path (`weights.usage`, `bands.0.min`), as the server names them. */
export type Errors = Record<string, string>;

const cap = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

export function errorsFrom(error: unknown): Errors {
  if (!isApiError(error)) return {};
  const out: Errors = {};
  for (const { path, message } of error.fieldErrors) out[path] = out[path] ? `${out[path]}; ${message}` : cap(message);
  return out;
}

/** The errors under a prefix, with the prefix taken off (`bands.0.min` → `0.min` for prefix `bands`). */
export function under(errors: Errors, prefix: string): Errors {
  const out: Errors = {};
  for (const [k, v] of Object.entries(errors)) if (k.startsWith(`${prefix}.`)) out[k.slice(prefix.length + 1)] = v;
  return out;
}

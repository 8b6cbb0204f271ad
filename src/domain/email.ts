/**
 * E-mail addresses of clients and contacts: trimmed, compared lowercase, and checked by a
 * deliberately simple, strict rule — a local part of the usual characters, an @, and a domain
 * of at least two labels whose last is letters only (so `ann@localhost` is refused).
 */
const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/i;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

export const EMAIL_MAX = 254;

/** The form an address is compared and kept unique in: trimmed and lowercase. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** Why an address is not acceptable, or null when it is. Pass it trimmed. */
export function emailProblem(email: string): string | null {
  if (!email) return 'is required';
  if (email.length > EMAIL_MAX) return `must be at most ${EMAIL_MAX} characters`;
  const at = email.lastIndexOf('@');
  if (at < 1) return 'must be an e-mail address like name@example.com';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length > 64 || !LOCAL.test(local)) return 'has an invalid part before the @';
  const labels = domain.split('.');
  if (labels.length < 2) return 'needs a domain with a dot, like example.com';
  if (!labels.every((l) => LABEL.test(l)) || !/^[a-z]{2,63}$/i.test(labels[labels.length - 1]!)) return 'has an invalid domain';
  return null;
}

/** Whether an address passes emailProblem. */
export const isValidEmail = (email: string): boolean => emailProblem(email.trim()) === null;

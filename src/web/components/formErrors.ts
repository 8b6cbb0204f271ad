import { notifications } from '@mantine/notifications';
import { isApiError } from '../api/api';

type FormLike = { setErrors: (errors: Record<string, string>) => void; values: object };

/**
 * Shows an API failure where the user will see it: each field error beside its field
 * (when the form has that field), and the problem's detail as a notification otherwise.
 */
export function showApiError(error: unknown, form?: FormLike, title = 'That did not work'): void {
  if (isApiError(error) && form && error.fieldErrors.length > 0) {
    const fields = Object.keys(form.values);
    const errors: Record<string, string> = {};
    const unmatched: string[] = [];
    for (const { path, message } of error.fieldErrors) {
      const field = path.split('.')[0] ?? path;
      if (fields.includes(field)) errors[field] = errors[field] ? `${errors[field]}; ${message}` : capitalise(message);
      else unmatched.push(`${path} ${message}`);
    }
    form.setErrors(errors);
    if (unmatched.length === 0) return;
    notifications.show({ color: 'red', title, message: unmatched.join('; ') });
    return;
  }
  const message = isApiError(error) ? error.detail : error instanceof Error ? error.message : String(error);
  notifications.show({ color: 'red', title: isApiError(error, 429) ? 'Too many attempts' : title, message });
}

const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** Client-side checks mirror the server's messages, so both read the same. */
export const required = (label: string) => (value: string) => (value.trim() ? null : `${label} is required`);

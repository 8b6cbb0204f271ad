import { notifications } from '@mantine/notifications';
import { isApiError } from '../../api/api';
import { showApiError } from '../formErrors';

const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/**
 * A rule form's field errors by field: `params.days` → `days` (the params' inputs), `name`,
 * `severity`, `params` (about the params as a whole). Null when the failure was shown as a notification.
 */
export function fieldErrorsOf(e: unknown, title: string): Record<string, string> | null {
  if (isApiError(e, 412)) {
    notifications.show({ color: 'orange', title: 'Changed by someone else', message: 'The rule is reloaded with their change; make yours again.' });
    return null;
  }
  if (isApiError(e) && e.fieldErrors.length) {
    const out: Record<string, string> = {};
    for (const f of e.fieldErrors) {
      const key = f.path === 'params' ? 'params' : f.path.replace(/^params\./, '').replace(/^deliver\..*/, 'deliver').split('.')[0]!;
      out[key] = out[key] ? `${out[key]}; ${f.message}` : capitalise(f.message);
    }
    return out;
  }
  showApiError(e, undefined, title);
  return null;
}

import { PASSWORD_MAX, PASSWORD_MIN } from '../../domain/account';

// Loose on purpose: the server has the final word, this only catches typos before a round trip.
export const validEmail = (value: string) => {
  const v = value.trim();
  if (!v) return 'Email is required';
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? null : 'Enter a valid e-mail address, like name@example.com';
};

export const validNewPassword = (value: string) => {
  if (!value) return 'Password is required';
  if (value.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters`;
  if (value.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters`;
  return null;
};

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { dictionary } from '@zxcvbn-ts/language-common';
import type { FieldError } from '../../domain/problem';

const scryptAsync = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

// N=2^15, r=8: about 32 MiB and ~80 ms per hash on this class of machine (OWASP's scrypt floor is N=2^17 with
// p=1 or N=2^15 with r=8 and p=3; we take p=1 for login latency on 2-core machines and keep the
// parameters in the hash so they can be raised later without breaking stored passwords).
const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEYLEN = 32;

/** Hashes a password as `scrypt$N$r$p$salt$key` (base64url parts). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password.normalize('NFKC'), salt, KEYLEN, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  // Without a stored hash we still spend the same work, so timing does not reveal unknown e-mails.
  const [scheme, n, r, p, salt, key] = (stored ?? DUMMY_HASH).split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scryptAsync(password.normalize('NFKC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return stored !== null && timingSafeEqual(actual, expected);
}

const DUMMY_HASH = `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEYLEN).toString('base64url')}`;

// zxcvbn's list of the ~49,000 most common leaked passwords. Length rules already refuse the
// short ones; this catches "password123", "qwertyuiop" and friends.
const commonPasswords = new Set(dictionary.passwords as unknown as string[]);

/** Field errors for a password that is long enough but still easy to guess; empty when fine. */
export function passwordWeaknesses(password: string, context: { email?: string; name?: string }, field = 'password'): FieldError[] {
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) {
    return [{ path: field, message: 'is one of the most common passwords; choose something less guessable' }];
  }
  const emailName = context.email?.split('@')[0]?.toLowerCase();
  if ((emailName && emailName.length >= 4 && lower.includes(emailName)) || (context.email && lower === context.email.toLowerCase())) {
    return [{ path: field, message: 'must not contain your e-mail address' }];
  }
  if (new Set(lower).size < 4) {
    return [{ path: field, message: 'uses too few different characters' }];
  }
  return [];
}

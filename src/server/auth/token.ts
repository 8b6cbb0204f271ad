import { createHash, randomBytes } from 'node:crypto';

/** A new secret: 256 random bits, base64url, with a readable prefix (`rps_` session, `rpk_` API key…). */
export const newToken = (prefix: string): string => `${prefix}${randomBytes(32).toString('base64url')}`;

/** Tokens are stored only as their SHA-256: a leaked table does not let anyone sign in. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

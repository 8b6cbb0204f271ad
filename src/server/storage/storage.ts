import type { Readable } from 'node:stream';

/** What put() learned while writing: the byte count, the SHA-256 and the first bytes (for type sniffing). */
export type StoredObject = { size: number; sha256: string; head: Buffer };

/**
 * Where uploaded files live. Keys are `<workspace>/<client>/<id>`; the local disk keeps them
 * under DATA_DIR/documents, and an S3-compatible store can implement the same four calls.
 */
export interface FileStorage {
  /** Streams the body into storage; nothing is visible under `key` until the whole body is stored. */
  put(key: string, body: Readable, options: { maxBytes: number }): Promise<StoredObject>;
  /** A stream of the stored bytes; rejects with a not-found error when there is no such key. */
  get(key: string): Promise<Readable>;
  /** Removes the object; a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** The names one level below a prefix (`''` for the top): key parts, not full keys. */
  list(prefix: string): Promise<string[]>;
  /** Removes every object under a prefix (a purged client's files). */
  deletePrefix(prefix: string): Promise<void>;
}

/** Thrown by put() when the body is longer than maxBytes; nothing is kept. */
export class StorageLimitError extends Error {
  constructor(readonly maxBytes: number) {
    super(`body exceeds ${maxBytes} bytes`);
  }
}

/** A storage key from its parts; ids are ours (UUIDs), so they are safe path segments. */
export const storageKey = (...parts: string[]): string => {
  for (const part of parts) if (!/^[A-Za-z0-9_-]{1,100}$/.test(part)) throw new Error(`unsafe storage key part: ${part}`);
  return parts.join('/');
};

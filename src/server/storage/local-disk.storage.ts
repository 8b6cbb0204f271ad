import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StorageLimitError, type FileStorage, type StoredObject } from './storage';

/** How many leading bytes put() keeps for content sniffing (enough for Office/zip detection). */
const HEAD_BYTES = 256 * 1024;

/**
 * Files on the local disk under `root`: written to a temporary file in the same directory
 * tree, fsynced, then renamed into place, so a reader never sees half a file and a crash
 * leaves only a `.tmp-` file behind.
 */
export function localDiskStorage(root: string): FileStorage {
  const pathOf = (key: string) => {
    const full = path.resolve(root, key);
    if (!full.startsWith(path.resolve(root) + path.sep)) throw new Error(`storage key escapes the root: ${key}`);
    return full;
  };

  return {
    async put(key, body, { maxBytes }) {
      const target = pathOf(key);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      const temp = `${target}.tmp-${randomBytes(6).toString('hex')}`;
      const hash = createHash('sha256');
      const head: Buffer[] = [];
      let headLength = 0;
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          if (size > maxBytes) return done(new StorageLimitError(maxBytes));
          hash.update(chunk);
          if (headLength < HEAD_BYTES) {
            const part = chunk.subarray(0, HEAD_BYTES - headLength);
            head.push(part);
            headLength += part.length;
          }
          done(null, chunk);
        },
      });
      try {
        const out = fs.createWriteStream(temp, { flags: 'wx' });
        await pipeline(body, meter, out);
        const handle = await fs.promises.open(temp, 'r');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        await fs.promises.rename(temp, target);
      } catch (error) {
        await fs.promises.rm(temp, { force: true });
        throw error;
      }
      return { size, sha256: hash.digest('hex'), head: Buffer.concat(head) } satisfies StoredObject;
    },

    async get(key) {
      const file = pathOf(key);
      // Open first, so a missing file rejects here instead of erroring the response stream.
      const handle = await fs.promises.open(file, 'r');
      return handle.createReadStream() as Readable;
    },

    async delete(key) {
      await fs.promises.rm(pathOf(key), { force: true });
    },

    async list(prefix) {
      try {
        return await fs.promises.readdir(prefix ? pathOf(prefix) : path.resolve(root));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    },

    async deletePrefix(prefix) {
      await fs.promises.rm(pathOf(prefix), { recursive: true, force: true });
    },
  };
}

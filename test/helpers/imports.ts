import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Import } from '../../src/domain/import';
import type { Db } from '../../src/server/db/database';
import { runNextJob } from '../../src/server/jobs/job.runner';
import { authHeaders, call, unique, type Credential } from './factories';

/** A multipart/form-data body with one file part and text fields. */
export function multipart(file: Buffer | string, fileName: string, fields: Record<string, string> = {}) {
  const boundary = `----rapport${unique()}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
  parts.push(typeof file === 'string' ? Buffer.from(file) : file);
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** POST a file to an imports endpoint as multipart. */
export function upload(app: FastifyInstance, as: Credential, url: string, file: Buffer | string, fields: Record<string, string> = {}, fileName = 'clients.csv') {
  const body = multipart(file, fileName, fields);
  return app.inject({ method: 'POST', url, headers: { ...authHeaders(as), ...body.headers }, payload: body.payload });
}

/** Runs queued jobs (of any kind) until this import has left queued/running/undoing, or `maxJobs` ran. */
export async function runImportJobs(app: FastifyInstance, db: Db, as: Credential, id: string, options: { shouldStop?: () => boolean; maxJobs?: number } = {}): Promise<Import> {
  for (let i = 0; i < (options.maxJobs ?? 20); i++) {
    const ran = await runNextJob(db, { staleMs: 60_000, ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}) });
    const imp = (await call(app, 'GET', `/api/v1/imports/${id}`, { as })).json() as Import;
    if (!['queued', 'running', 'undoing'].includes(imp.status) || !ran || options.maxJobs) return imp;
  }
  return (await call(app, 'GET', `/api/v1/imports/${id}`, { as })).json();
}

/** Uploads and starts an import, runs it, and returns it finished. */
export async function importFile(app: FastifyInstance, db: Db, as: Credential, file: Buffer | string, fields: Record<string, string> = {}, fileName = 'clients.csv'): Promise<Import> {
  const res = await upload(app, as, '/api/v1/imports', file, fields, fileName);
  expect(res.statusCode, res.body).toBe(202);
  return runImportJobs(app, db, as, res.json().id);
}

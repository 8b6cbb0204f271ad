import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { v7 } from 'uuid';
import type { FastifyInstance } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { sweepDocumentFiles } from '../../src/server/documents/document-files.sweep';
import { localDiskStorage } from '../../src/server/storage/local-disk.storage';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, put, roleKey } from '../helpers/clients';
import { authHeaders, call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

type Ws = Awaited<ReturnType<typeof isolatedWorkspace>>;

const BOUNDARY = '----rapport-documents-boundary';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62, 0), Buffer.from('PE\0\0'), Buffer.alloc(400, 1)]);

/** A multipart/form-data body: text fields, then (unless omitted) the file part. */
function form(fields: Record<string, string>, file?: { name: string; bytes: Buffer; type?: string }) {
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`), file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

const upload = (app: FastifyInstance, as: string, clientId: string, body: Buffer | Readable, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: `/api/v1/clients/${clientId}/documents`, headers: { ...authHeaders(as), 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, ...headers }, payload: body });

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    let ws: Ws;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
      ws = await isolatedWorkspace(t.app, owner);
    });

    const uploadOk = async (clientId: string, fields: Record<string, string>, file: { name: string; bytes: Buffer; type?: string }, as = ws.cookie) => {
      const res = await upload(t.app, as, clientId, form(fields, file));
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };

    it('uploads, lists, reads, downloads, changes and deletes a document; audited and on the timeline', async () => {
      const client = await createClient(t.app, ws.cookie);
      const res = await upload(t.app, ws.cookie, client.id, form({ kind: 'id', title: 'Passport', verification: 'pending', expiresAt: '2027-01-31', confidential: 'false' }, { name: 'C:\\scans\\pass port é.pdf', bytes: PDF, type: 'application/pdf' }));
      expect(res.statusCode, res.body).toBe(201);
      const doc = res.json();
      expect(res.headers.etag).toBe(`W/"${doc.id}.1"`);
      expect(doc).toMatchObject({
        clientId: client.id,
        kind: 'id',
        title: 'Passport',
        fileName: 'pass port é.pdf',
        contentType: 'application/pdf',
        size: PDF.length,
        expiresAt: '2027-01-31T00:00:00.000Z',
        expired: false,
        confidential: false,
        verification: 'pending',
        downloadUrl: `/api/v1/documents/${doc.id}/download`,
        version: 1,
      });
      expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);

      // Fields may also follow the file; text is typed by content (CSV by its name).
      const csv = await upload(t.app, ws.cookie, client.id, Buffer.concat([form({}, { name: 'prices.csv', bytes: Buffer.from('item,price\nclean,40\n') }).subarray(0, -(`--${BOUNDARY}--\r\n`.length)), form({ kind: 'other' })]));
      expect(csv.statusCode, csv.body).toBe(201);
      expect(csv.json()).toMatchObject({ contentType: 'text/csv', kind: 'other', verification: 'unverified' });

      const list = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/documents`, { as: ws.cookie })).json();
      expect(list.total).toBe(2);
      expect(list.data.map((d: { id: string }) => d.id)).toEqual([csv.json().id, doc.id]);
      expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}/documents?kind=id`, { as: ws.cookie })).json().total).toBe(1);

      const download = await call(t.app, 'GET', doc.downloadUrl, { as: ws.cookie });
      expect(download.statusCode).toBe(200);
      expect(download.rawPayload.equals(PDF)).toBe(true);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(download.headers['content-disposition']).toBe(`attachment; filename="pass port _.pdf"; filename*=UTF-8''pass%20port%20%C3%A9.pdf`);
      expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}/documents/${doc.id}/download`, { as: ws.cookie })).statusCode).toBe(200);
      const otherClient = await createClient(t.app, ws.cookie);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${otherClient.id}/documents/${doc.id}/download`, { as: ws.cookie }), 404);

      const patched = await call(t.app, 'PATCH', `/api/v1/documents/${doc.id}`, { as: ws.cookie, body: { verification: 'verified', expiresAt: '2020-01-01T00:00:00Z' }, headers: { 'if-match': `W/"${doc.id}.1"` } });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json()).toMatchObject({ verification: 'verified', expired: true, version: 2 });
      expectProblem(await call(t.app, 'PATCH', `/api/v1/documents/${doc.id}`, { as: ws.cookie, body: { notes: 'stale', version: 1 } }), 412);
      expect(expectProblem(await call(t.app, 'PATCH', `/api/v1/documents/${doc.id}`, { as: ws.cookie, body: { colour: 'red' } }), 400).detail).toMatch(/colour/);
      expect(expectProblem(await call(t.app, 'PATCH', `/api/v1/documents/${doc.id}`, { as: ws.cookie, body: { verification: 'maybe' } }), 400).errors?.[0]?.path).toBe('verification');

      const timeline = await t.db.selectFrom('timeline_entries').select(['title', 'deleted_at']).where('record_id', '=', doc.id).execute();
      expect(timeline).toEqual([{ title: 'Document: Passport', deleted_at: null }]);
      expect((await t.db.selectFrom('clients').select('last_activity_at').where('id', '=', client.id).executeTakeFirstOrThrow()).last_activity_at).not.toBeNull();

      expect((await call(t.app, 'DELETE', `/api/v1/documents/${doc.id}`, { as: ws.cookie })).statusCode).toBe(204);
      expectProblem(await call(t.app, 'GET', `/api/v1/documents/${doc.id}`, { as: ws.cookie }), 404);
      expectProblem(await call(t.app, 'GET', doc.downloadUrl, { as: ws.cookie }), 404);
      expectProblem(await call(t.app, 'DELETE', `/api/v1/documents/${doc.id}`, { as: ws.cookie }), 404);
      const audit = await t.db.selectFrom('audit_events').select('action').where('entity_id', '=', doc.id).orderBy('at').orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['document.created', 'document.updated', 'document.deleted']);
      expect((await t.db.selectFrom('timeline_entries').select('deleted_at').where('record_id', '=', doc.id).executeTakeFirstOrThrow()).deleted_at).not.toBeNull();
    });

    it('refuses by content: an .exe renamed .pdf, an unknown binary, an empty file, no file; bad fields named; nothing kept', async () => {
      const client = await createClient(t.app, ws.cookie);
      const exe = expectProblem(await upload(t.app, ws.cookie, client.id, form({ kind: 'contract' }, { name: 'contract.pdf', bytes: EXE, type: 'application/pdf' })), 415);
      expect(exe.errors?.[0]?.path).toBe('file');
      expect(exe.detail).toMatch(/msdownload|not a type/);
      expectProblem(await upload(t.app, ws.cookie, client.id, form({}, { name: 'blob.pdf', bytes: Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0, 9]) })), 415);
      expect(expectProblem(await upload(t.app, ws.cookie, client.id, form({}, { name: 'empty.pdf', bytes: Buffer.alloc(0) })), 400).errors?.[0]?.path).toBe('file');
      expect(expectProblem(await upload(t.app, ws.cookie, client.id, form({ kind: 'id' })), 400).errors?.[0]?.path).toBe('file');
      expect(expectProblem(await upload(t.app, ws.cookie, client.id, form({ kind: 'banana' }, { name: 'a.pdf', bytes: PDF })), 400).errors?.[0]?.path).toBe('kind');
      expect(expectProblem(await upload(t.app, ws.cookie, client.id, form({ expiresAt: 'next tuesday' }, { name: 'a.pdf', bytes: PDF })), 400).errors?.[0]?.path).toBe('expiresAt');
      expect(expectProblem(await upload(t.app, ws.cookie, client.id, form({ colour: 'red' }, { name: 'a.pdf', bytes: PDF })), 400).detail).toMatch(/colour/);
      expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/documents`, { as: ws.cookie, body: { kind: 'id' } }), 415);
      const cut = form({ kind: 'id' }, { name: 'a.pdf', bytes: PDF });
      expect(expectProblem(await upload(t.app, ws.cookie, client.id, cut.subarray(0, cut.length - 30)), 400).errors?.[0]?.path).toBe('file');
      const twoFiles = Buffer.concat([form({}, { name: 'a.pdf', bytes: PDF }).subarray(0, -(`--${BOUNDARY}--\r\n`.length)), form({}, { name: 'b.pdf', bytes: PDF })]);
      expectProblem(await upload(t.app, ws.cookie, client.id, twoFiles), 400);
      expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}/documents`, { as: ws.cookie })).json().total).toBe(0);
    });

    it('the size limit comes from settings/documents: over it 413 (streamed), a 2 GB upload refused by its header', async () => {
      const own = await isolatedWorkspace(t.app, owner);
      const client = await createClient(t.app, own.cookie);
      expect((await call(t.app, 'GET', '/api/v1/settings/documents', { as: own.cookie })).json()).toEqual({ maxUploadMb: 25 });
      const member = await roleKey(t.app, own.cookie, 'member');
      expectProblem(await put(t.app, '/api/v1/settings/documents', member.cookie, { maxUploadMb: 1 }), 403);
      expect(expectProblem(await put(t.app, '/api/v1/settings/documents', own.cookie, { maxUploadMb: 0 }), 400).errors?.[0]?.path).toBe('maxUploadMb');
      expectProblem(await put(t.app, '/api/v1/settings/documents', own.cookie, { maxUploadMb: 2, extra: true }), 400);
      const set = await put(t.app, '/api/v1/settings/documents', own.cookie, { maxUploadMb: 1 });
      expect(set.statusCode, set.body).toBe(200);
      const audit = await t.db.selectFrom('audit_events').select('changes').where('workspace_id', '=', own.workspace.id).where('action', '=', 'settings.documents_updated').execute();
      expect(audit).toHaveLength(1);

      const big = Buffer.concat([PDF, Buffer.alloc(1024 * 1024, 0x20)]);
      const tooBig = expectProblem(await upload(t.app, own.cookie, client.id, form({}, { name: 'big.pdf', bytes: big })), 413);
      expect(tooBig.errors?.[0]?.path).toBe('file');

      // 2 GB announced: refused before the body is read (the stream would take minutes to produce).
      let produced = 0;
      const endless = new Readable({
        read() {
          produced += 64 * 1024;
          this.push(produced > 2 * 1024 ** 3 ? null : Buffer.alloc(64 * 1024, 0x41));
        },
      });
      const started = Date.now();
      const huge = await upload(t.app, own.cookie, client.id, endless, { 'content-length': String(2 * 1024 ** 3) });
      expectProblem(huge, 413);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(produced).toBeLessThan(64 * 1024 * 1024);
      expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}/documents`, { as: own.cookie })).json().total).toBe(0);
    });

    it('confidential documents: only the policy’s roles set, list, read and download them; the timeline does not name them', async () => {
      const client = await createClient(t.app, ws.cookie);
      const member = await roleKey(t.app, ws.cookie, 'member');
      const manager = await roleKey(t.app, ws.cookie, 'manager');
      expectProblem(await upload(t.app, member.cookie, client.id, form({ confidential: 'true' }, { name: 'secret.pdf', bytes: PDF })), 403);
      const secret = await uploadOk(client.id, { kind: 'contract', confidential: 'true' }, { name: 'secret-terms.pdf', bytes: PDF });
      const open = await uploadOk(client.id, { kind: 'photo' }, { name: 'site.txt', bytes: Buffer.from('gate code is on the note') }, member.cookie);
      expect(open.contentType).toBe('text/plain');

      const memberList = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/documents`, { as: member.cookie })).json();
      expect(memberList.data.map((d: { id: string }) => d.id)).toEqual([open.id]);
      expect(memberList.total).toBe(1);
      expectProblem(await call(t.app, 'GET', `/api/v1/documents/${secret.id}`, { as: member.cookie }), 404);
      expectProblem(await call(t.app, 'GET', secret.downloadUrl, { as: member.cookie }), 404);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/documents/${secret.id}`, { as: member.cookie, body: { notes: 'x' } }), 404);
      expectProblem(await call(t.app, 'DELETE', `/api/v1/documents/${secret.id}`, { as: member.cookie }), 404);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/documents/${open.id}`, { as: member.cookie, body: { confidential: true } }), 403);

      expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}/documents`, { as: manager.cookie })).json().total).toBe(2);
      expect((await call(t.app, 'GET', secret.downloadUrl, { as: manager.cookie })).statusCode).toBe(200);
      const reads = await t.db.selectFrom('audit_events').select('action').where('entity_id', '=', secret.id).where('action', '=', 'document.downloaded').execute();
      expect(reads).toHaveLength(1);
      const line = await t.db.selectFrom('timeline_entries').select(['title', 'summary']).where('record_id', '=', secret.id).executeTakeFirstOrThrow();
      expect(`${line.title} ${JSON.stringify(line.summary)}`).not.toMatch(/secret/);
    });

    it('viewers read but cannot write; another workspace gets 404; a trashed client keeps its documents and restoring shows them', async () => {
      const client = await createClient(t.app, ws.cookie);
      const doc = await uploadOk(client.id, { kind: 'invoice' }, { name: 'inv.pdf', bytes: PDF });
      const viewer = await roleKey(t.app, ws.cookie, 'viewer');
      expect((await call(t.app, 'GET', doc.downloadUrl, { as: viewer.cookie })).statusCode).toBe(200);
      expectProblem(await upload(t.app, viewer.cookie, client.id, form({}, { name: 'a.pdf', bytes: PDF })), 403);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/documents/${doc.id}`, { as: viewer.cookie, body: { notes: 'x' } }), 403);
      expectProblem(await call(t.app, 'DELETE', `/api/v1/documents/${doc.id}`, { as: viewer.cookie }), 403);
      expectProblem(await put(t.app, '/api/v1/settings/documents', viewer.cookie, { maxUploadMb: 5 }), 403);

      const other = await isolatedWorkspace(t.app, owner);
      expectProblem(await call(t.app, 'GET', `/api/v1/documents/${doc.id}`, { as: other.cookie }), 404);
      expectProblem(await call(t.app, 'GET', doc.downloadUrl, { as: other.cookie }), 404);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/documents/${doc.id}`, { as: other.cookie, body: { notes: 'x' } }), 404);
      expectProblem(await call(t.app, 'DELETE', `/api/v1/documents/${doc.id}`, { as: other.cookie }), 404);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}/documents`, { as: other.cookie }), 404);
      expectProblem(await upload(t.app, other.cookie, client.id, form({}, { name: 'a.pdf', bytes: PDF })), 404);

      expect((await call(t.app, 'DELETE', `/api/v1/clients/${client.id}`, { as: ws.cookie })).statusCode).toBe(204);
      expectProblem(await upload(t.app, ws.cookie, client.id, form({}, { name: 'a.pdf', bytes: PDF })), 409);
      expect(await t.db.selectFrom('documents').select('id').where('client_id', '=', client.id).execute()).toHaveLength(1);
      expect((await call(t.app, 'POST', `/api/v1/clients/${client.id}/restore`, { as: ws.cookie })).statusCode).toBe(200);
      const list = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/documents`, { as: ws.cookie })).json();
      expect(list.data.map((d: { id: string }) => d.id)).toEqual([doc.id]);
      expect((await call(t.app, 'GET', doc.downloadUrl, { as: ws.cookie })).rawPayload.equals(PDF)).toBe(true);
    });
    it('the sweep removes the files of clients deleted for good and of uploads that never became documents', async () => {
      const own = await isolatedWorkspace(t.app, owner);
      const purged = await createClient(t.app, own.cookie);
      const kept = await createClient(t.app, own.cookie);
      const doc = await uploadOk(kept.id, {}, { name: 'keep.pdf', bytes: PDF }, own.cookie);
      expect((await call(t.app, 'DELETE', `/api/v1/clients/${purged.id}?permanent=true`, { as: own.cookie })).statusCode).toBe(204);
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-sweep-'));
      try {
        const storage = localDiskStorage(root);
        const put = (key: string) => storage.put(key, Readable.from([PDF]), { maxBytes: 1e6 });
        const ws = own.workspace.id;
        const oldOrphan = v7({ msecs: Date.now() - 2 * 3600_000 });
        const freshOrphan = v7();
        for (const key of [`${ws}/${purged.id}/${v7()}`, `${ws}/${kept.id}/${doc.id}`, `${ws}/${kept.id}/${oldOrphan}`, `${ws}/${kept.id}/${freshOrphan}`]) await put(key);
        const foreign = `${v7()}/${v7()}/${v7({ msecs: Date.now() - 2 * 3600_000 })}`;
        await put(foreign);
        expect(await sweepDocumentFiles(t.db, storage, { workspaceIds: [ws, foreign.split('/')[0]!] })).toEqual({ clients: 1, files: 1 });
        expect(await storage.list(foreign.split('/')[0]!)).toHaveLength(1);
        expect(await storage.list(ws)).toEqual([kept.id]);
        expect((await storage.list(`${ws}/${kept.id}`)).sort()).toEqual([doc.id, freshOrphan].sort());
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  });
}

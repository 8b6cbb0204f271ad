import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvSafe, isFormulaLike } from '../../src/domain/csvSafe';
import { runNextJob } from '../../src/server/jobs/job.runner';
import { foldLine, setXlsxMaxRows } from '../../src/server/exports/export.writers';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { addSignedInMember, auditEvents, call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';
import { createClient, ownerActor, roleKey } from '../helpers/clients';
import { prepareSelection } from '../../src/server/clients/client.query';
import { clientChunks } from '../../src/server/exports/export.stream';
import { exportStorage } from '../../src/server/exports/export.storage';
import { sweepExportFiles } from '../../src/server/exports/export.retention';
import { Readable } from 'node:stream';
import { v7 } from 'uuid';

type Ws = Awaited<ReturnType<typeof isolatedWorkspace>>;

describe('csvSafe', () => {
  it('prefixes text that a spreadsheet would run as a formula, and nothing else', () => {
    for (const v of ['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx']) expect(csvSafe(v)).toBe(`'${v}`);
    for (const v of ['Ada', '1-2', ' =x', '', "'quoted"]) expect(csvSafe(v)).toBe(v);
    expect(isFormulaLike('=HYPERLINK("x")')).toBe(true);
  });
  it('folds vCard lines at 75 octets without splitting a character', () => {
    const folded = foldLine(`NOTE:${'é'.repeat(100)}`);
    for (const line of folded.split('\r\n').filter(Boolean)) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(`NOTE:${'é'.repeat(100)}\r\n`);
  });
});

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
    });

    const exportUrl = (query: string) => `/api/v1/clients/export?${query}`;
    const csvOf = (body: Buffer | string) => {
      const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
      expect(text.charCodeAt(0)).toBe(0xfeff);
      return parse(text.slice(1), { columns: true, relax_column_count: false }) as Record<string, string>[];
    };
    const runJobs = async () => {
      while ((await runNextJob(t.db)) !== null) {
        /* until the queue is empty */
      }
    };

    /** A workspace with a custom field, three clients (one with an order and a formula-looking name), a segment. */
    async function seeded() {
      const ws = await isolatedWorkspace(t.app, owner);
      expect((await call(t.app, 'POST', '/api/v1/custom-fields', { as: ws.cookie, body: { key: 'tier', label: 'Tier', type: 'select', options: ['Gold', 'Silver'] } })).statusCode).toBe(201);
      expect((await call(t.app, 'POST', '/api/v1/custom-fields', { as: ws.cookie, body: { key: 'seats', label: 'Seats', type: 'number' } })).statusCode).toBe(201);
      const ada = await createClient(t.app, ws.cookie, {
        firstName: 'Ada',
        lastName: 'Lovelace, "Countess"',
        email: 'ada@example.test',
        phone: '+15555550101',
        status: 'active',
        tags: ['VIP', 'North'],
        customFields: { tier: 'Gold', seats: -3 },
        addresses: [{ kind: 'primary', line1: '12 St James; Square', city: 'London', postalCode: 'SW1', country: 'GB' }],
        notes: 'Line one\nLine two',
      });
      const evil = await createClient(t.app, ws.cookie, { firstName: '=HYPERLINK("http://evil.test","x")', lastName: '-Minus', status: 'prospect', customFields: { tier: 'Silver' } });
      const bob = await createClient(t.app, ws.cookie, { type: 'business', firstName: null, lastName: null, companyName: 'Bob & Co', status: 'active', email: 'bob@example.test' });
      expect((await call(t.app, 'POST', `/api/v1/clients/${ada.id}/orders`, { as: ws.cookie, body: { title: 'First', value: { amount: 12345, currency: 'USD' } } })).statusCode).toBe(201);
      return { ws, ada, evil, bob };
    }

    it('CSV: UTF-8 with BOM, RFC 4180 quoting, default columns with custom fields and figures, formulas neutralised; audited', async () => {
      const { ws } = await seeded();
      const res = await call(t.app, 'GET', exportUrl('format=csv'), { as: ws.cookie });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/attachment; filename="[a-z0-9-]+-clients-\d{4}-\d{2}-\d{2}\.csv"/);
      const rows = csvOf(res.rawPayload);
      expect(rows).toHaveLength(3);
      expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['Name', 'E-mail', 'Status', 'Tags', 'Orders', 'Total value (USD)', 'Tier', 'Seats']));
      const a = rows.find((r) => r['E-mail'] === 'ada@example.test')!;
      expect(a['Last name']).toBe('Lovelace, "Countess"');
      expect(a.Tags).toBe('VIP; North');
      expect(a.Tier).toBe('Gold');
      expect(a.Seats).toBe('-3'); // a real number stays a number
      expect(a.Orders).toBe('1');
      expect(a['Total value (USD)']).toBe('123.45');
      expect(a['Address line 1']).toBe('12 St James; Square');
      const e = rows.find((r) => r.Tier === 'Silver')!;
      expect(e['First name']).toBe(`'=HYPERLINK("http://evil.test","x")`);
      expect(e['Last name']).toBe(`'-Minus`);
      expect(e.Name).toBe(`'=HYPERLINK("http://evil.test","x") -Minus`);
      const audit = (await auditEvents(t.app, ws.cookie, 'clients.exported'))[0]!;
      expect(audit.changes!.export!.after).toMatchObject({ format: 'csv', rows: 3, completed: true, via: 'download' });
    });

    it('chosen columns in order; list filters, search, tag, segment and the filter language are honoured', async () => {
      const { ws, ada, bob } = await seeded();
      const cols = 'id,displayName,custom.tier,ordersCount,outstandingBalance';
      const byStatus = csvOf((await call(t.app, 'GET', exportUrl(`status=active&columns=${cols}`), { as: ws.cookie })).rawPayload);
      expect(Object.keys(byStatus[0]!)).toEqual(['Id', 'Name', 'Tier', 'Orders', 'Outstanding balance (USD)']);
      expect(byStatus.map((r) => r.Id).sort()).toEqual([ada.id, bob.id].sort());
      expect(csvOf((await call(t.app, 'GET', exportUrl('tag=VIP&columns=id'), { as: ws.cookie })).rawPayload).map((r) => r.Id)).toEqual([ada.id]);
      expect(csvOf((await call(t.app, 'GET', exportUrl('q=bob&columns=id'), { as: ws.cookie })).rawPayload).map((r) => r.Id)).toEqual([bob.id]);
      const filter = encodeURIComponent(JSON.stringify({ field: 'custom.tier', op: 'eq', value: 'Gold' }));
      expect(csvOf((await call(t.app, 'GET', exportUrl(`filter=${filter}&columns=id`), { as: ws.cookie })).rawPayload).map((r) => r.Id)).toEqual([ada.id]);
      const segment = (await call(t.app, 'POST', '/api/v1/segments', { as: ws.cookie, body: { name: 'Business', filter: { field: 'type', op: 'eq', value: 'business' } } })).json();
      expect(csvOf((await call(t.app, 'GET', exportUrl(`segmentId=${segment.id}&columns=id`), { as: ws.cookie })).rawPayload).map((r) => r.Id)).toEqual([bob.id]);

      const bad = expectProblem(await call(t.app, 'GET', exportUrl('columns=id,nope,custom.missing'), { as: ws.cookie }), 400);
      expect(bad.errors!.map((x) => x.path)).toEqual(['columns', 'columns']);
      expect(bad.errors![1]!.message).toContain('missing');
      expect(expectProblem(await call(t.app, 'GET', exportUrl('format=pdf'), { as: ws.cookie }), 400).errors!.map((x) => x.path)).toContain('format');
      expect(expectProblem(await call(t.app, 'GET', exportUrl('filter={"field":"nope","op":"eq","value":1}'), { as: ws.cookie }), 400).errors![0]!.path).toMatch(/^filter/);
    });

    it('XLSX: typed numbers (negatives stay numbers), neutralised text; JSON lines keep raw values', async () => {
      const { ws } = await seeded();
      const res = await call(t.app, 'GET', exportUrl('format=xlsx&columns=firstName,custom.seats,totalValue,tags,isGuest'), { as: ws.cookie });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/\.xlsx"/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = book.getWorksheet('Clients')!;
      expect(sheet.getRow(1).values).toEqual([undefined, 'First name', 'Seats', 'Total value (USD)', 'Tags', 'Guest']);
      const data = [2, 3, 4].map((n) => sheet.getRow(n).values as unknown[]);
      const ada = data.find((r) => r[1] === 'Ada')!;
      expect(ada[2]).toBe(-3);
      expect(ada[3]).toBe(123.45);
      expect(ada[4]).toBe('VIP; North');
      expect(ada[5]).toBe(false);
      expect(data.some((r) => r[1] === `'=HYPERLINK("http://evil.test","x")`)).toBe(true);

      const json = await call(t.app, 'GET', exportUrl('format=json&columns=firstName,tags,custom.seats'), { as: ws.cookie });
      expect(json.headers['content-type']).toMatch(/^application\/x-ndjson/);
      const lines = json.body.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines).toHaveLength(3);
      expect(lines.find((l) => l.firstName === 'Ada')).toEqual({ firstName: 'Ada', tags: ['VIP', 'North'], 'custom.seats': -3 });
      expect(lines.some((l) => l.firstName === '=HYPERLINK("http://evil.test","x")')).toBe(true);
    });

    it('XLSX: an export longer than a worksheet continues on a second sheet with the header again', async () => {
      const { ws } = await seeded();
      setXlsxMaxRows(3);
      try {
        const res = await call(t.app, 'GET', exportUrl('format=xlsx&columns=id,firstName'), { as: ws.cookie });
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
        expect(book.worksheets.map((s) => [s.name, s.rowCount])).toEqual([['Clients', 3], ['Clients 2', 2]]);
        expect(book.getWorksheet('Clients 2')!.getRow(1).values).toEqual([undefined, 'Id', 'First name']);
      } finally {
        setXlsxMaxRows(1_048_576);
      }
    });

    it('vCard 3.0: one card per client with names, organisation, e-mails, phones and address', async () => {
      const { ws } = await seeded();
      const res = await call(t.app, 'GET', exportUrl('format=vcf'), { as: ws.cookie });
      expect(res.headers['content-type']).toMatch(/^text\/vcard/);
      const text = res.body.replace(/\r\n /g, '');
      const cards = text.split('END:VCARD\r\n').filter(Boolean);
      expect(cards).toHaveLength(3);
      const ada = cards.find((c) => c.includes('FN:Ada'))!;
      expect(ada).toContain('VERSION:3.0');
      expect(ada).toContain('N:Lovelace\\, "Countess";Ada;;;');
      expect(ada).toContain('EMAIL;TYPE=INTERNET,PREF:ada@example.test');
      expect(ada).toContain('TEL;TYPE=CELL,PREF:+15555550101');
      expect(ada).toContain('ADR;TYPE=HOME,PREF:;;12 St James\\; Square;London;;SW1;GB');
      expect(ada).toContain('NOTE:Line one\\nLine two');
      expect(ada).toContain('CATEGORIES:VIP,North');
      const bob = cards.find((c) => c.includes('ORG:Bob & Co'))!;
      expect(bob).toContain('X-ABShowAs:COMPANY');
    });

    it('job: ids or filter with contacts and activity, progress, files downloaded; listed for their owner', async () => {
      const { ws, ada, evil } = await seeded();
      expect((await call(t.app, 'POST', `/api/v1/clients/${ada.id}/contacts`, { as: ws.cookie, body: { firstName: '+Pat', lastName: 'Assistant' } })).statusCode).toBe(201);
      expect((await call(t.app, 'POST', `/api/v1/clients/${ada.id}/interactions`, { as: ws.cookie, body: { kind: 'call', occurredAt: new Date().toISOString(), body: '@everyone called' } })).statusCode).toBe(201);
      const other = await seeded();
      const started = await call(t.app, 'POST', '/api/v1/exports', { as: ws.cookie, body: { format: 'csv', ids: [ada.id, evil.id, other.ada.id], columns: ['id', 'displayName'], include: ['contacts', 'interactions'] } });
      expect(started.statusCode, started.body).toBe(202);
      const { id, jobId } = started.json();
      expect(jobId).toBe(id);
      expect((await call(t.app, 'GET', `/api/v1/exports/${id}`, { as: ws.cookie })).json()).toMatchObject({ status: 'queued', files: [] });
      expectProblem(await call(t.app, 'GET', `/api/v1/exports/${id}/file`, { as: ws.cookie }), 404);
      await runJobs();
      const done = (await call(t.app, 'GET', `/api/v1/exports/${id}`, { as: ws.cookie })).json();
      expect(done.status).toBe('completed');
      expect(done.files.map((f: { part: string; rows: number }) => [f.part, f.rows])).toEqual([['clients', 2], ['contacts', 1], ['interactions', 1]]);
      const clients = csvOf((await call(t.app, 'GET', done.files[0].url, { as: ws.cookie })).rawPayload);
      expect(clients.map((r) => r.Id).sort()).toEqual([ada.id, evil.id].sort()); // the other workspace's id exported nothing
      const contacts = csvOf((await call(t.app, 'GET', `/api/v1/exports/${id}/file?part=contacts`, { as: ws.cookie })).rawPayload);
      expect(contacts[0]).toMatchObject({ 'Client id': ada.id, 'First name': "'+Pat", 'Last name': 'Assistant' });
      const activity = csvOf((await call(t.app, 'GET', `/api/v1/exports/${id}/file?part=interactions`, { as: ws.cookie })).rawPayload);
      expect(activity[0]).toMatchObject({ 'Client id': ada.id, Kind: 'call', Details: "'@everyone called" });

      const byFilter = (await call(t.app, 'POST', '/api/v1/exports', { as: ws.cookie, body: { format: 'xlsx', filter: { field: 'type', op: 'eq', value: 'business' } } })).json();
      await runJobs();
      const xlsx = await call(t.app, 'GET', `/api/v1/exports/${byFilter.id}/file`, { as: ws.cookie });
      expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
      expect(book.getWorksheet('Clients')!.rowCount).toBe(2);
      expect(book.getWorksheet('Clients')!.getRow(2).values).toContain('Bob & Co');
      expect((await call(t.app, 'GET', '/api/v1/jobs/' + byFilter.id, { as: ws.cookie })).json()).toMatchObject({ status: 'completed', done: 1, total: 1 });

      const listed = (await call(t.app, 'GET', '/api/v1/exports', { as: ws.cookie })).json().data;
      expect(listed.map((e: { id: string }) => e.id)).toEqual([byFilter.id, id]);
      const audit = await auditEvents(t.app, ws.cookie, 'clients.exported');
      expect(audit.find((a) => (a.changes!.export!.after as { jobId?: string }).jobId === id)!.changes!.export!.after).toMatchObject({ format: 'csv', rows: 2, contacts: 1, interactions: 1, via: 'job' });
      expect((await auditEvents(t.app, ws.cookie, 'clients.export_downloaded')).length).toBeGreaterThanOrEqual(3);

      // Another workspace sees neither the export nor its files; bad bodies are 400 naming the field.
      expectProblem(await call(t.app, 'GET', `/api/v1/exports/${id}`, { as: other.ws.cookie }), 404);
      expectProblem(await call(t.app, 'GET', `/api/v1/exports/${id}/file`, { as: other.ws.cookie }), 404);
      expect((await call(t.app, 'GET', '/api/v1/exports', { as: other.ws.cookie })).json().data).toEqual([]);
      const paths = async (body: unknown) => expectProblem(await call(t.app, 'POST', '/api/v1/exports', { as: ws.cookie, body: body as Record<string, unknown> }), 400).errors!.map((e) => e.path);
      expect(await paths({ ids: [ada.id], q: 'x' })).toContain('ids');
      expect(await paths({ columns: ['nope'] })).toContain('columns');
      expect(await paths({ include: ['orders'] })).toContain('include.0');
      expect(await paths({ segmentId: 'nope' })).toContain('segmentId');
    });

    it('exports never reach another workspace’s clients; viewers may not export; members see only their own exports', async () => {
      const a = await seeded();
      const b = await seeded();
      const rows = csvOf((await call(t.app, 'GET', exportUrl('columns=id'), { as: a.ws.cookie })).rawPayload).map((r) => r.Id);
      expect(rows.sort()).toEqual([a.ada.id, a.evil.id, a.bob.id].sort());
      expect(rows).not.toContain(b.ada.id);

      const viewer = await roleKey(t.app, a.ws.cookie, 'viewer');
      expectProblem(await call(t.app, 'GET', exportUrl('format=csv'), { as: viewer.cookie }), 403);
      expectProblem(await call(t.app, 'POST', '/api/v1/exports', { as: viewer.cookie, body: { format: 'csv' } }), 403);
      expectProblem(await call(t.app, 'GET', '/api/v1/exports', { as: viewer.cookie }), 403);

      const member = await addSignedInMember(t.app, a.ws.cookie, 'member');
      const mine = (await call(t.app, 'POST', '/api/v1/exports', { as: member.cookie, body: { format: 'json' } })).json();
      const ownerExport = (await call(t.app, 'POST', '/api/v1/exports', { as: a.ws.cookie, body: { format: 'csv' } })).json();
      await runJobs();
      expect((await call(t.app, 'GET', '/api/v1/exports', { as: member.cookie })).json().data.map((e: { id: string }) => e.id)).toEqual([mine.id]);
      expectProblem(await call(t.app, 'GET', `/api/v1/exports/${ownerExport.id}/file`, { as: member.cookie }), 404);
      const adminSees = (await call(t.app, 'GET', '/api/v1/exports', { as: a.ws.cookie })).json().data.map((e: { id: string }) => e.id);
      expect(adminSees).toEqual(expect.arrayContaining([mine.id, ownerExport.id]));
      const lines = (await call(t.app, 'GET', `/api/v1/exports/${mine.id}/file`, { as: member.cookie })).body.trim().split('\n');
      expect(lines).toHaveLength(3);
    });

    it('an export’s files are kept for a week: then listed without files, 410 Gone to download, and deleted from storage', async () => {
      const { ws } = await seeded();
      const old = (await call(t.app, 'POST', '/api/v1/exports', { as: ws.cookie, body: { format: 'csv' } })).json();
      await runJobs();
      const stored = await exportStorage(t.db).list(`${ws.me.workspace!.id}/${old.id}`);
      expect(stored).toEqual(['clients']);
      const finished = (await call(t.app, 'GET', `/api/v1/exports/${old.id}`, { as: ws.cookie })).json();
      expect(Date.parse(finished.expiresAt) - Date.parse(finished.finishedAt)).toBe(7 * 86_400_000);
      await t.db.updateTable('jobs').set({ finished_at: new Date(Date.now() - 8 * 86_400_000).toISOString() }).where('id', '=', old.id).execute();
      expect((await call(t.app, 'GET', `/api/v1/exports/${old.id}`, { as: ws.cookie })).json().files).toEqual([]);
      const gone = await call(t.app, 'GET', `/api/v1/exports/${old.id}/file`, { as: ws.cookie });
      expect(gone.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(expectProblem(gone, 410).detail).toMatch(/files have been deleted: exports are kept for 7 days/);
      // The export job of the same workspace deletes it when it ends; housekeeping's sweep does it for every workspace.
      const fresh = (await call(t.app, 'POST', '/api/v1/exports', { as: ws.cookie, body: { format: 'json' } })).json();
      await runJobs();
      expect(await exportStorage(t.db).list(`${ws.me.workspace!.id}/${old.id}`)).toEqual([]);
      expect(await exportStorage(t.db).list(ws.me.workspace!.id)).toEqual([fresh.id]);
      expectProblem(await call(t.app, 'GET', `/api/v1/exports/${old.id}/file`, { as: ws.cookie }), 410);

      // The hourly sweep: expired and failed exports' folders and folders of no export go; a fresh one stays.
      const other = await seeded();
      const expired = (await call(t.app, 'POST', '/api/v1/exports', { as: other.ws.cookie, body: { format: 'csv' } })).json();
      const failed = (await call(t.app, 'POST', '/api/v1/exports', { as: other.ws.cookie, body: { format: 'csv' } })).json();
      const kept = (await call(t.app, 'POST', '/api/v1/exports', { as: other.ws.cookie, body: { format: 'csv' } })).json();
      await runJobs();
      const otherWs = other.ws.me.workspace!.id;
      await t.db.updateTable('jobs').set({ finished_at: new Date(Date.now() - 8 * 86_400_000).toISOString() }).where('id', '=', expired.id).execute();
      await t.db.updateTable('jobs').set({ status: 'failed', finished_at: new Date(Date.now() - 2 * 3_600_000).toISOString() }).where('id', '=', failed.id).execute();
      const stray = v7();
      await exportStorage(t.db).put(`${otherWs}/${stray}/clients`, Readable.from([Buffer.from('x')]), { maxBytes: 10 });
      expect((await exportStorage(t.db).list(otherWs)).sort()).toEqual([expired.id, failed.id, kept.id, stray].sort());
      expect(await sweepExportFiles(t.db, exportStorage(t.db))).toBe(3);
      expect(await exportStorage(t.db).list(otherWs)).toEqual([kept.id]);
      expectProblem(await call(t.app, 'GET', `/api/v1/exports/${expired.id}/file`, { as: other.ws.cookie }), 410);
      expect((await call(t.app, 'GET', `/api/v1/exports/${kept.id}/file`, { as: other.ws.cookie })).statusCode).toBe(200);
      // A file gone from the disk before its time answers 410 as well, not 500.
      await exportStorage(t.db).deletePrefix(`${otherWs}/${kept.id}`);
      expectProblem(await call(t.app, 'GET', `/api/v1/exports/${kept.id}/file`, { as: other.ws.cookie }), 410);
    });

    it('a selection larger than one chunk is walked completely, each client once', async () => {
      const ws: Ws = await isolatedWorkspace(t.app, owner);
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push((await createClient(t.app, ws.cookie, { firstName: `Chunk${i}` })).id);
      const actor = ownerActor(ws.me.workspace!.id, ws.me.user!.id);
      const prepared = await prepareSelection(t.db, actor, {});
      const seen: string[] = [];
      let chunks = 0;
      for await (const rows of clientChunks(t.db, { workspaceId: actor.workspaceId, prepared }, ['id'], 3)) {
        chunks++;
        seen.push(...rows.map((r) => r.id));
      }
      expect(chunks).toBe(3);
      expect(seen).toEqual([...ids].sort());
    });
  });
}

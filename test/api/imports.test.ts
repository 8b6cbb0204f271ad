import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { getClient } from '../helpers/clients';
import { addSignedInMember, call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';
import { importFile, runImportJobs, upload } from '../helpers/imports';
import { runNextJob } from '../../src/server/jobs/job.runner';

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
    });

    const clients = async (as: string, q = '') => (await call(t.app, 'GET', `/api/v1/clients?limit=500${q}`, { as })).json() as { data: { id: string; displayName: string; email: string | null; phone: string | null; tags: string[] }[]; total: number };

    it('preview: sniffs encoding, delimiter and header, shows the first rows, suggests a mapping in several languages and ranks presets', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const csv = '\uFEFFPrénom;Nom de famille;Courriel;Téléphone;Ville;Étiquettes\nZoë;Durand;zoe@example.test;+33 1 42 68 53 00;Paris;VIP\n';
      const res = await upload(t.app, ws.cookie, '/api/v1/imports/preview', csv);
      expect(res.statusCode, res.body).toBe(201);
      const preview = res.json();
      expect(preview.import).toMatchObject({ status: 'draft', format: 'csv', encoding: 'utf-8', delimiter: ';', headers: ['Prénom', 'Nom de famille', 'Courriel', 'Téléphone', 'Ville', 'Étiquettes'] });
      expect(preview.rows).toEqual([['Zoë', 'Durand', 'zoe@example.test', '+33 1 42 68 53 00', 'Paris', 'VIP']]);
      expect(preview.suggestedMapping).toEqual({ Prénom: 'firstName', 'Nom de famille': 'lastName', Courriel: 'email', Téléphone: 'phone', Ville: 'address.city', Étiquettes: 'tags' });

      const hubspot = await upload(t.app, ws.cookie, '/api/v1/imports/preview', 'Record ID,First Name,Last Name,Email,Lifecycle Stage\n1,A,B,a@example.test,customer\n');
      expect(hubspot.json().presets[0]).toMatchObject({ id: 'builtin:hubspot', matches: 5 });
      // The draft starts with the suggested mapping when none is sent.
      const start = await call(t.app, 'POST', `/api/v1/imports/${preview.import.id}/start`, { as: ws.cookie, body: { mode: 'create' } });
      expect(start.statusCode, start.body).toBe(202);
    });

    it('create: a messy file imports its good rows; each bad row gets its reasons; duplicates in the file never make two clients', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const long = 'x'.repeat(2_000_000);
      const rows = [
        'First name,Last name,Email,Phone,Tags,Country,Notes',
        'Ada,Lovelace,ada@example.test,(202) 555-0143,VIP;Gold,US,first',
        'Bad,Email,not-an-email,,,,',
        'Bad,Phone,badphone@example.test,12,,,',
        '=HYPERLINK("http://x"),Formula,formula@example.test,,,,',
        'Ada,Again,ADA@example.test,,,,dup',
        `Long,Cell,long@example.test,,,,${long}`,
        'Too,Many,many@example.test,,,,,extra,cells',
        ',,,,,,',
        '"Quoted, Name",Smith,smith@example.test,+44 20 7946 0958,,GB,"multi',
        'line"',
        'Émile,Zola,emile@example.test,,Writers,FR,',
      ];
      const imp = await importFile(t.app, t.db, ws.cookie, rows.join('\r\n'), { mode: 'create', matchOn: 'email' });
      expect(imp).toMatchObject({ status: 'completed', created: 3, updated: 0, skipped: 0, failed: 6, processedRows: 9 });
      const byRow = Object.fromEntries(imp.errors.map((e) => [e.row, e]));
      expect(byRow[3]).toMatchObject({ field: 'email' });
      expect(byRow[4]).toMatchObject({ field: 'phone' });
      expect(byRow[5]).toMatchObject({ field: 'firstName', message: expect.stringContaining('formula') });
      expect(byRow[6]).toMatchObject({ field: 'email', message: 'repeats row 2 of this file' });
      expect(byRow[7]).toMatchObject({ field: 'notes', message: expect.stringContaining('2000000 characters') });
      expect(byRow[8]).toMatchObject({ field: 'row' });
      const list = await clients(ws.cookie);
      expect(list.total).toBe(3);
      const ada = list.data.find((c) => c.email === 'ada@example.test')!;
      expect(ada).toMatchObject({ phone: '+12025550143', tags: ['VIP', 'Gold'] });
      expect((await clients(ws.cookie, '&q=lovelace')).total).toBe(1);
      expect((await clients(ws.cookie, '&q=emile')).total).toBe(1);
      expect((await call(t.app, 'GET', '/api/v1/clients?tag=Writers', { as: ws.cookie })).json().total).toBe(1);
      expect(list.data.find((c) => c.email === 'smith@example.test')).toMatchObject({ displayName: 'Quoted, Name Smith', phone: '+442079460958' });

      const csv = await call(t.app, 'GET', `/api/v1/imports/${imp.id}/rejected.csv`, { as: ws.cookie });
      expect(csv.statusCode).toBe(200);
      const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
      expect(lines[0]).toBe('First name,Last name,Email,Phone,Tags,Country,Notes,Row,Error');
      expect(lines.length, 'header and six rejected rows').toBe(7);
      expect(csv.body).toContain(`"'=HYPERLINK(""http://x"")"`);
      expect(csv.body).toContain('email: repeats row 2 of this file');
      const history = (await call(t.app, 'GET', '/api/v1/imports', { as: ws.cookie })).json();
      expect(history.data[0]).toMatchObject({ id: imp.id, fileName: 'clients.csv', created: 3 });
    });

    it('dry run writes nothing and reports what would happen; the real run after it matches', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const csv = 'Name,E-mail\nJane Doe,jane@example.test\nJohn Roe,bad\nJane D.,JANE@example.test\n';
      const dry = await importFile(t.app, t.db, ws.cookie, csv, { mode: 'upsert', dryRun: 'true' });
      expect(dry).toMatchObject({ status: 'completed', dryRun: true, created: 1, updated: 0, skipped: 1, failed: 1 });
      expect(dry.errors).toEqual([{ row: 3, field: 'email', message: expect.any(String) }]);
      expect((await clients(ws.cookie)).total).toBe(0);
      // "Import for real" sends nothing: the check's own mapping and mode (upsert) are used.
      const real = await call(t.app, 'POST', `/api/v1/imports/${dry.id}/start`, { as: ws.cookie, body: {} });
      expect(real.statusCode, real.body).toBe(202);
      expect(real.json().id).not.toBe(dry.id);
      const { runImportJobs } = await import('../helpers/imports');
      const done = await runImportJobs(t.app, t.db, ws.cookie, real.json().id);
      expect(done).toMatchObject({ status: 'completed', dryRun: false, created: 1, failed: 1 });
      const list = await clients(ws.cookie);
      expect(list.total).toBe(1);
      expect(list.data[0]).toMatchObject({ email: 'jane@example.test', displayName: 'Jane D.' });
    });

    it('a real import is followed by a duplicate scan: look-alikes it brought in are in the duplicates queue; a dry run queues none', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const csv = 'Name,E-mail,Phone,City\nMarta Kowalska,marta.k@example.test,+48 601 234 567,Kraków\nMarta Kowalsky,marta.kowalsky@example.test,+48 601 234 567,Kraków\n';
      const dry = await importFile(t.app, t.db, ws.cookie, csv, { dryRun: 'true' });
      const scans = () => t.db.selectFrom('jobs').select('id').where('workspace_id', '=', ws.workspace.id).where('kind', '=', 'duplicates.scan').execute();
      expect(dry.status).toBe('completed');
      expect(await scans()).toEqual([]);
      const imp = await importFile(t.app, t.db, ws.cookie, csv);
      expect(imp).toMatchObject({ status: 'completed', created: 2 });
      expect(await scans()).toHaveLength(1);
      while ((await runNextJob(t.db)) !== null) {
        // the scan (and any other queued job)
      }
      const groups = (await call(t.app, 'GET', '/api/v1/duplicates', { as: ws.cookie })).json().data;
      expect(groups).toHaveLength(1);
      expect(JSON.stringify(groups[0])).toMatch(/same phone/);
    });

    it('a matching mode needs a column mapped to its key: 400 naming matchOn, and nothing starts', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const res = await upload(t.app, ws.cookie, '/api/v1/imports', 'Name,E-mail\nJane Doe,jane@example.test\n', { mode: 'update', matchOn: 'phone' });
      expect(expectProblem(res, 400).errors).toEqual([{ path: 'matchOn', message: expect.stringMatching(/needs a column mapped to phone/) }]);
      expect((await call(t.app, 'GET', '/api/v1/imports', { as: ws.cookie })).json().data).toEqual([]);
    });

    it('skip, update and upsert by external id; undo removes what it created and restores what it changed', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const first = await importFile(t.app, t.db, ws.cookie, 'ID,First name,Status\nA1,Anna,prospect\nA2,Bruno,prospect\n', { matchOn: 'externalId' });
      expect(first).toMatchObject({ created: 2 });
      const skip = await importFile(t.app, t.db, ws.cookie, 'ID,First name\nA1,Annie\nA3,Carla\n', { mode: 'skip', matchOn: 'externalId' });
      expect(skip).toMatchObject({ created: 1, skipped: 1, updated: 0 });
      const update = await importFile(t.app, t.db, ws.cookie, 'ID,First name\nA1,Annie\nA9,Nobody\n', { mode: 'update', matchOn: 'externalId' });
      expect(update).toMatchObject({ created: 0, updated: 1, skipped: 1 });
      const upsert = await importFile(t.app, t.db, ws.cookie, 'ID,First name,Status\nA2,Bruno,Kunde\nA4,Dora,\n', {
        mode: 'upsert', matchOn: 'externalId', transforms: JSON.stringify({ Status: { valueMap: { kunde: 'active' } } }),
      });
      expect(upsert).toMatchObject({ created: 1, updated: 1, failed: 0 });
      const byName = async () => Object.fromEntries((await clients(ws.cookie)).data.map((c) => [c.displayName, c]));
      expect(Object.keys(await byName()).sort()).toEqual(['Annie', 'Bruno', 'Carla', 'Dora']);
      const bruno = (await byName()).Bruno!;
      expect((await getClient(t.app, ws.cookie, bruno.id)).status).toBe('active');

      // A person edits Annie after the update import: undo keeps their edit.
      const annie = (await byName()).Annie!;
      const edited = await call(t.app, 'PATCH', `/api/v1/clients/${annie.id}`, { as: ws.cookie, body: { firstName: 'Anne-Marie' } });
      expect(edited.statusCode, edited.body).toBe(200);
      const undo = async (id: string) => {
        const res = await call(t.app, 'POST', `/api/v1/imports/${id}/undo`, { as: ws.cookie });
        expect(res.statusCode, res.body).toBe(202);
        const { runImportJobs } = await import('../helpers/imports');
        return runImportJobs(t.app, t.db, ws.cookie, id);
      };
      // Dora, created by the upsert, gets a note after it: undo moves her to Trash instead of deleting her for good.
      const dora = (await byName()).Dora!;
      expect((await call(t.app, 'PATCH', `/api/v1/clients/${dora.id}`, { as: ws.cookie, body: { notes: 'Called back' } })).statusCode).toBe(200);
      expect((await undo(upsert.id)).status).toBe('undone');
      expect((await getClient(t.app, ws.cookie, bruno.id)).status).toBe('prospect');
      expect(Object.keys(await byName()).sort()).toEqual(['Anne-Marie', 'Bruno', 'Carla']);
      expect((await getClient(t.app, ws.cookie, dora.id)).deletedAt).not.toBeNull();
      expect((await call(t.app, 'GET', '/api/v1/clients?deleted=only', { as: ws.cookie })).json().total).toBe(1);
      expect((await undo(update.id)).status).toBe('undone');
      expect((await getClient(t.app, ws.cookie, annie.id)).firstName).toBe('Anne-Marie');
      expectProblem(await call(t.app, 'POST', `/api/v1/imports/${update.id}/undo`, { as: ws.cookie }), 409);
      const audit = (await call(t.app, 'GET', '/api/v1/audit?action=import.undone', { as: ws.cookie })).json();
      expect(audit.data.map((e: { entityId: string }) => e.entityId).sort()).toEqual([update.id, upsert.id].sort());
    });

    it('upsert by e-mail: a repeated e-mail in the file updates the one client; an e-mail of another client is that row’s error', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      await importFile(t.app, t.db, ws.cookie, 'Email,Name\nowner@example.test,Olga Owner\n');
      const imp = await importFile(t.app, t.db, ws.cookie, 'Email,Email 2,City,Tags\nnew@example.test,,Lyon,A\nNEW@example.test,,,B\nfresh@example.test,owner@example.test,,\n', { mode: 'upsert' });
      expect(imp).toMatchObject({ created: 1, skipped: 1, failed: 1 });
      expect(imp.errors[0]).toMatchObject({ row: 4, field: 'email', message: 'owner@example.test belongs to another client' });
      const fresh = (await clients(ws.cookie)).data.find((c) => c.email === 'new@example.test')!;
      expect(fresh.tags).toEqual(['A', 'B']);
      expect((await clients(ws.cookie)).total).toBe(2);
    });
  });
}

describe('files', () => {
  for (const dialect of DIALECTS) {
    describeDialect(dialect, () => {
      const t = useTestApp(dialect);
      let owner: SignedIn;
      beforeAll(async () => {
        owner = await setupOwner(t.app);
      });

      it('reads UTF-16, Windows-1252, TSV and XLSX files', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('First name,Email\nJosé,jose@example.test\n', 'utf-16le')]);
        expect(await importFile(t.app, t.db, ws.cookie, utf16)).toMatchObject({ encoding: 'utf-16le', created: 1 });
        // UTF-8 with one row pasted from a Windows-1252 file: that row's error, the others intact.
        const mixed = Buffer.concat([Buffer.from('First name,Last name\nRenée,Åberg\nJürgen,Groß\n'), iconv.encode('Zoé,Faure\n', 'windows-1252'), Buffer.from('Łukasz,Żak\n')]);
        const mixedImport = await importFile(t.app, t.db, ws.cookie, mixed);
        expect(mixedImport).toMatchObject({ encoding: 'utf-8', created: 3, failed: 1, errors: [{ row: 4, field: 'firstName', message: expect.stringContaining('encoding') }] });
        expect((await call(t.app, 'GET', '/api/v1/clients?q=groß', { as: ws.cookie })).json().total).toBe(1);
        await call(t.app, 'POST', `/api/v1/imports/${mixedImport.id}/undo`, { as: ws.cookie });
        await runImportJobs(t.app, t.db, ws.cookie, mixedImport.id);
        const cp1252 = iconv.encode('First name;Last name\nFrançois;Müller\n', 'windows-1252');
        expect(await importFile(t.app, t.db, ws.cookie, cp1252)).toMatchObject({ encoding: 'windows-1252', delimiter: ';', created: 1 });
        expect(await importFile(t.app, t.db, ws.cookie, 'Company\tCity\nAcme GmbH\tBerlin\n', {}, 'clients.tsv')).toMatchObject({ delimiter: '\t', created: 1 });
        const wb = new ExcelJS.Workbook();
        const sheet = wb.addWorksheet('Clients');
        sheet.addRow(['First name', 'Birthday']);
        sheet.addRow(['Xavier', new Date(Date.UTC(1990, 4, 17))]);
        const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
        expect(await importFile(t.app, t.db, ws.cookie, xlsx, {}, 'clients.xlsx')).toMatchObject({ format: 'xlsx', created: 1 });
        const names = (await call(t.app, 'GET', '/api/v1/clients?limit=10', { as: ws.cookie })).json().data.map((c: { displayName: string }) => c.displayName).sort();
        expect(names).toEqual(['Acme GmbH', 'François Müller', 'José', 'Xavier']);
        const xavier = (await call(t.app, 'GET', '/api/v1/clients?q=xavier', { as: ws.cookie })).json().data[0];
        expect((await getClient(t.app, ws.cookie, xavier.id)).dateOfBirth).toBe('1990-05-17');
      });

      it('refuses files that are not CSV/XLSX, empty, or without a header (400 naming file); a header alone imports nothing', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const bad = async (file: Buffer | string) => expectProblem(await upload(t.app, ws.cookie, '/api/v1/imports', file), 400).errors?.map((e) => e.path);
        expect(await bad('')).toEqual(['file']);
        expect(await bad(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2, 3, 0, 0, 0]))).toEqual(['file']);
        expect(await bad('\n\n\n')).toEqual(['file']);
        const refused = expectProblem(await upload(t.app, ws.cookie, '/api/v1/imports', 'Email\n', { mapping: JSON.stringify({ Nope: 'email' }), mode: 'merge' }), 400);
        expect(refused.errors?.map((e) => e.path)).toEqual(['mode']);
        expect(expectProblem(await upload(t.app, ws.cookie, '/api/v1/imports', 'Email\n', { mapping: JSON.stringify({ Nope: 'email' }) }), 400).errors).toEqual([{ path: 'mapping.Nope', message: 'is not a column of the file' }]);
        // Nothing of a refused import stays in the history.
        expect((await call(t.app, 'GET', '/api/v1/imports', { as: ws.cookie })).json().total).toBe(0);
        expect(await importFile(t.app, t.db, ws.cookie, 'First name,Email\n')).toMatchObject({ status: 'completed', totalRows: 0, created: 0 });
        expectProblem(await call(t.app, 'POST', '/api/v1/imports/preview', { as: ws.cookie, body: {} }), 415);
      });

      it('another workspace’s import is 404; a viewer may read but not import (403)', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const other = await isolatedWorkspace(t.app, owner);
        const imp = await importFile(t.app, t.db, ws.cookie, 'First name\nAl\n');
        expectProblem(await call(t.app, 'GET', `/api/v1/imports/${imp.id}`, { as: other.cookie }), 404);
        expectProblem(await call(t.app, 'POST', `/api/v1/imports/${imp.id}/undo`, { as: other.cookie }), 404);
        expectProblem(await call(t.app, 'GET', `/api/v1/imports/${imp.id}/rejected.csv`, { as: other.cookie }), 404);
        expect((await call(t.app, 'GET', '/api/v1/imports', { as: other.cookie })).json().total).toBe(0);
        const viewer = await addSignedInMember(t.app, ws.cookie, 'viewer');
        expect((await call(t.app, 'GET', `/api/v1/imports/${imp.id}`, { as: viewer.cookie })).statusCode).toBe(200);
        expectProblem(await upload(t.app, viewer.cookie, '/api/v1/imports', 'First name\nBo\n'), 403);
        expectProblem(await call(t.app, 'POST', `/api/v1/imports/${imp.id}/undo`, { as: viewer.cookie }), 403);
      });
    });
  }
});

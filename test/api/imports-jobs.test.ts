import { afterEach, beforeAll, expect, it } from 'vitest';
import type { Import } from '../../src/domain/import';
import { fromJson } from '../../src/server/db/dialect';
import { importLimits, runImport, type ImportJobParams } from '../../src/server/imports/import.job';
import { runNextJob, type JobContext } from '../../src/server/jobs/job.runner';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { getClient } from '../helpers/clients';
import { call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';
import { importFile, runImportJobs, upload } from '../helpers/imports';

const defaults = { ...importLimits };

/** A file of `n` clients with unique e-mails, and a few rows that repeat earlier ones. */
const peopleCsv = (n: number, tag: string) =>
  ['First name,Last name,Email,Tags', ...Array.from({ length: n }, (_, i) => `P${i},${tag},p${i}.${tag}@example.test,${tag}`)].join('\n');

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
    });
    afterEach(() => Object.assign(importLimits, defaults));

    const get = async (as: string, id: string) => (await call(t.app, 'GET', `/api/v1/imports/${id}`, { as })).json() as Import;
    const count = async (as: string, q: string) => (await call(t.app, 'GET', `/api/v1/clients/count?q=${q}`, { as })).json().total as number;
    const start = async (as: string, csv: string, fields: Record<string, string> = {}) => {
      const res = await upload(t.app, as, '/api/v1/imports', csv, fields);
      expect(res.statusCode, res.body).toBe(202);
      return res.json().id as string;
    };

    it('resumes after the process died right after a batch committed: every row once, counts exact', async () => {
      importLimits.batch = 3;
      const ws = await isolatedWorkspace(t.app, owner);
      const id = await start(ws.cookie, `${peopleCsv(10, 'resume')}\nP0,Again,p0.resume@example.test,x`, { mode: 'create' });
      const job = await t.db.selectFrom('jobs').selectAll().where('workspace_id', '=', ws.workspace.id).where('kind', '=', 'imports.run').executeTakeFirstOrThrow();
      // The handler as the runner would call it, but the process "dies" at its first checkpoint:
      // the batch and the import's cursor are committed, the job's own checkpoint is not.
      const ctx = {
        db: t.db, jobId: job.id, workspaceId: ws.workspace.id, createdBy: null, params: fromJson<ImportJobParams>(job.params), state: null, done: 0, result: null,
        setTotal: async () => {}, progress: async () => { throw new Error('killed'); },
      } as unknown as JobContext<ImportJobParams, null>;
      await expect(runImport(ctx)).rejects.toThrow('killed');
      expect(await get(ws.cookie, id)).toMatchObject({ status: 'running', processedRows: 3, created: 3 });
      expect(await count(ws.cookie, 'resume')).toBe(3);
      // The server starts again: the runner picks the job up and the import goes on after row 4.
      const done = await runImportJobs(t.app, t.db, ws.cookie, id);
      expect(done).toMatchObject({ status: 'completed', totalRows: 11, processedRows: 11, created: 10, failed: 1 });
      // Row 12 repeats row 2, committed in the first batch before the crash: found in the database.
      expect(done.errors).toEqual([{ row: 12, field: 'email', message: 'belongs to an existing client (mode create only adds new clients)' }]);
      expect(await count(ws.cookie, 'resume')).toBe(10);
      expect((await call(t.app, 'GET', '/api/v1/clients?tag=resume', { as: ws.cookie })).json().total).toBe(10);
    });

    it('a dry run across several batches reports what the real run then does, in every mode', async () => {
      importLimits.batch = 2;
      const ws = await isolatedWorkspace(t.app, owner);
      await importFile(t.app, t.db, ws.cookie, 'Email,First name\nold@example.test,Old\n');
      // Rows 2–3 and 4–5 are separate batches; rows 5 and 7 repeat row 2, row 6 an existing client.
      const csv = 'Email,First name\na@example.test,A\nb@example.test,B\nc@example.test,C\nA@example.test,A2\nold@example.test,Old2\na@example.test,A3\nbad,X\n';
      for (const mode of ['create', 'skip', 'update', 'upsert']) {
        const dry = await importFile(t.app, t.db, ws.cookie, csv, { mode, dryRun: 'true' });
        const counts = ({ created, updated, skipped, failed }: Import) => ({ created, updated, skipped, failed });
        const real = await importFile(t.app, t.db, ws.cookie, csv, { mode });
        expect(counts(dry), mode).toEqual(counts(real));
        await call(t.app, 'POST', `/api/v1/imports/${real.id}/undo`, { as: ws.cookie });
        await runImportJobs(t.app, t.db, ws.cookie, real.id);
      }
    });

    it('a runner shut down between batches hands the import back; the next one finishes it', async () => {
      importLimits.batch = 4;
      const ws = await isolatedWorkspace(t.app, owner);
      const id = await start(ws.cookie, peopleCsv(9, 'handoff'));
      let checkpoints = 0;
      const stopped = await runImportJobs(t.app, t.db, ws.cookie, id, { shouldStop: () => ++checkpoints > 1, maxJobs: 1 });
      expect(stopped).toMatchObject({ status: 'running', processedRows: 8 });
      expect(stopped.rowsPerSecond).toBeGreaterThan(0);
      expect(await runImportJobs(t.app, t.db, ws.cookie, id)).toMatchObject({ status: 'completed', created: 9, processedRows: 9, etaSeconds: 0 });
      expect(await count(ws.cookie, 'handoff')).toBe(9);
    });

    it('cancel stops an import after its batch; what was committed stays and undo removes it', async () => {
      importLimits.batch = 2;
      // Jobs left by earlier tests (the duplicate scan after an import) would take the one run.
      while (await runNextJob(t.db, { staleMs: 60_000 }));
      const ws = await isolatedWorkspace(t.app, owner);
      const id = await start(ws.cookie, peopleCsv(6, 'cancel'));
      let checkpoints = 0;
      // The first checkpoint: someone presses Cancel while the second batch is being read.
      await runImportJobs(t.app, t.db, ws.cookie, id, {
        maxJobs: 1,
        shouldStop: () => {
          if (++checkpoints === 1) void call(t.app, 'POST', `/api/v1/imports/${id}/cancel`, { as: ws.cookie });
          return false;
        },
      });
      const cancelled = await get(ws.cookie, id);
      expect(cancelled.status).toBe('cancelled');
      expect(cancelled.created).toBeLessThan(6);
      expect(await count(ws.cookie, 'cancel')).toBe(cancelled.created);
      expectProblem(await call(t.app, 'POST', `/api/v1/imports/${id}/cancel`, { as: ws.cookie }), 409);
      expect((await call(t.app, 'POST', `/api/v1/imports/${id}/undo`, { as: ws.cookie })).statusCode).toBe(202);
      expect(await runImportJobs(t.app, t.db, ws.cookie, id)).toMatchObject({ status: 'undone' });
      expect(await count(ws.cookie, 'cancel')).toBe(0);
    });

    it('matches on phone (read in the row’s country), custom fields, split names, date formats and value maps', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const field = await call(t.app, 'POST', '/api/v1/custom-fields', { as: ws.cookie, body: { key: 'tier', label: 'Service tier', type: 'select', options: ['Gold', 'Silver'] } });
      expect(field.statusCode, field.body).toBe(201);
      await call(t.app, 'POST', '/api/v1/custom-fields', { as: ws.cookie, body: { key: 'seats', label: 'Seats', type: 'number' } });
      const first = await importFile(t.app, t.db, ws.cookie, 'Name,Tel,Land,Geburtsdatum,Service tier,Seats\n"Müller, Hans",030 901820,DE,17.05.1980,Gold,12\nAnna Maria Rossi,12,IT,31.02.1990,Bronze,x\n', {
        mapping: JSON.stringify({ Name: 'fullName', Tel: 'phone', Land: 'address.country', Geburtsdatum: 'dateOfBirth', 'Service tier': 'custom.tier', Seats: 'custom.seats' }),
        transforms: JSON.stringify({ Geburtsdatum: { dateFormat: 'DD.MM.YYYY' } }),
        matchOn: 'phone',
      });
      expect(first).toMatchObject({ created: 1, failed: 1 });
      expect(first.errors.map((e) => e.field).sort()).toEqual(['custom.seats', 'custom.tier', 'dateOfBirth', 'phone'].sort());
      const hans = (await call(t.app, 'GET', '/api/v1/clients?q=hans', { as: ws.cookie })).json().data[0];
      expect(await getClient(t.app, ws.cookie, hans.id)).toMatchObject({ firstName: 'Hans', lastName: 'Müller', phone: '+4930901820', dateOfBirth: '1980-05-17', customFields: { tier: 'Gold', seats: 12 } });
      // A column without a field yet: the import creates the custom field and maps the column to it.
      const withField = await importFile(t.app, t.db, ws.cookie, 'Email,Favourite colour\nc1@example.test,Teal\n', {
        createCustomFields: JSON.stringify([{ column: 'Favourite colour', key: 'colour', label: 'Favourite colour', type: 'text' }]),
      });
      expect(withField).toMatchObject({ created: 1, mapping: { Email: 'email', 'Favourite colour': 'custom.colour' } });
      const c1 = (await call(t.app, 'GET', '/api/v1/clients?q=c1@example', { as: ws.cookie })).json().data[0];
      expect((await getClient(t.app, ws.cookie, c1.id)).customFields).toEqual({ colour: 'Teal' });
      const second = await importFile(t.app, t.db, ws.cookie, 'Phone,Country,Stage\n+49 30 901820,DE,Kunde\n', {
        mode: 'update', matchOn: 'phone', mapping: JSON.stringify({ Phone: 'phone', Country: 'address.country', Stage: 'status' }),
        transforms: JSON.stringify({ Stage: { valueMap: { Kunde: 'active' } } }),
      });
      expect(second).toMatchObject({ updated: 1, created: 0 });
      expect((await getClient(t.app, ws.cookie, hans.id)).status).toBe('active');
    });

    it('saved presets are listed after the shipped ones; errors page by row; 500+ columns are refused', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const saved = await call(t.app, 'POST', '/api/v1/imports/presets', { as: ws.cookie, body: { name: 'Our old CRM', mapping: { Mail: 'email', Who: 'fullName' } } });
      expect(saved.statusCode, saved.body).toBe(201);
      const presets = (await call(t.app, 'GET', '/api/v1/imports/presets', { as: ws.cookie })).json().data;
      expect(presets.map((p: { name: string }) => p.name)).toEqual(['HubSpot (contacts export)', 'Salesforce (contacts report or Data Export)', 'Twenty (people export)', 'Google Contacts (Google CSV)', 'Outlook (contacts CSV)', 'Our old CRM']);
      const preview = await upload(t.app, ws.cookie, '/api/v1/imports/preview', 'Who,Mail\nA B,a@example.test\n');
      expect(preview.json().presets[0]).toMatchObject({ name: 'Our old CRM', matches: 2 });

      const bad = await importFile(t.app, t.db, ws.cookie, ['Email', ...Array.from({ length: 120 }, (_, i) => `bad${i}`)].join('\n'));
      expect(bad.failed).toBe(120);
      expect(bad.errors).toHaveLength(100);
      const page1 = (await call(t.app, 'GET', `/api/v1/imports/${bad.id}/errors?limit=70`, { as: ws.cookie })).json();
      const page2 = (await call(t.app, 'GET', `/api/v1/imports/${bad.id}/errors?limit=70&cursor=${page1.nextCursor}`, { as: ws.cookie })).json();
      expect([...page1.data, ...page2.data].map((e: { row: number }) => e.row)).toEqual(Array.from({ length: 120 }, (_, i) => i + 2));
      expect(page2.nextCursor).toBeNull();

      const wide = Array.from({ length: 600 }, (_, i) => `c${i}`).join(',');
      expect(expectProblem(await upload(t.app, ws.cookie, '/api/v1/imports', `${wide}\n`), 400).errors).toEqual([{ path: 'file', message: expect.stringContaining('600 columns') }]);
    });
  });
}

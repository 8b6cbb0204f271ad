import { Readable } from 'node:stream';
import { v7 } from 'uuid';
import { beforeAll, expect, it } from 'vitest';
import { sweepImportFiles } from '../../src/server/imports/import.retention';
import { importStorage } from '../../src/server/imports/import.storage';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { addSignedInMember, call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';
import { importFile, runImportJobs, upload } from '../helpers/imports';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
    });

    it('undo removes many clients at once: a member may not (403), a manager may, as for a bulk delete', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const imp = await importFile(t.app, t.db, ws.cookie, 'First name\nAl\nBo\n');
      expect(imp).toMatchObject({ status: 'completed', created: 2 });
      const member = await addSignedInMember(t.app, ws.cookie, 'member');
      expectProblem(await call(t.app, 'POST', `/api/v1/imports/${imp.id}/undo`, { as: member.cookie }), 403);
      expect((await call(t.app, 'GET', `/api/v1/imports/${imp.id}`, { as: ws.cookie })).json().status).toBe('completed');
      const manager = await addSignedInMember(t.app, ws.cookie, 'manager');
      expect((await call(t.app, 'POST', `/api/v1/imports/${imp.id}/undo`, { as: manager.cookie })).statusCode).toBe(202);
      expect(await runImportJobs(t.app, t.db, ws.cookie, imp.id)).toMatchObject({ status: 'undone' });
    });

    const sweep = (keepDays = 30) => sweepImportFiles(t.db, importStorage(), { keepDays });
    const stored = async (ws: Awaited<ReturnType<typeof isolatedWorkspace>>) => importStorage().list(ws.workspace.id);
    const setImport = (id: string, values: { created_at?: string; updated_at?: string; finished_at?: string }) => t.db.updateTable('imports').set(values).where('id', '=', id).execute();

    it('a previewed upload never started is removed with its file after 24 hours; a fresh one stays', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const old = (await upload(t.app, ws.cookie, '/api/v1/imports/preview', 'First name\nAl\n')).json().import.id as string;
      const fresh = (await upload(t.app, ws.cookie, '/api/v1/imports/preview', 'First name\nBo\n')).json().import.id as string;
      expect((await stored(ws)).sort()).toEqual([old, fresh].sort());
      await setImport(old, { created_at: ago(25 * HOUR) });
      expect(await sweep()).toMatchObject({ drafts: 1, files: 1 });
      expectProblem(await call(t.app, 'GET', `/api/v1/imports/${old}`, { as: ws.cookie }), 404);
      expect(await stored(ws)).toEqual([fresh]);
      expect((await call(t.app, 'GET', `/api/v1/imports/${fresh}/preview`, { as: ws.cookie })).statusCode).toBe(200);
      expect((await call(t.app, 'POST', `/api/v1/imports/${fresh}/start`, { as: ws.cookie, body: { mode: 'create' } })).statusCode).toBe(202);
      expect(await runImportJobs(t.app, t.db, ws.cookie, fresh)).toMatchObject({ status: 'completed', created: 1 });
    });

    it('a finished import’s file is kept for the set days, then deleted; the record says so, undo still works, a new start is 410', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      // A check, then the import for real: two records on one file.
      const dry = await importFile(t.app, t.db, ws.cookie, 'First name,Email\nAl,al@example.test\nBo,bo@example.test\n', { dryRun: 'true' });
      expect(dry).toMatchObject({ status: 'completed', dryRun: true, fileDeletedAt: null });
      const started = await call(t.app, 'POST', `/api/v1/imports/${dry.id}/start`, { as: ws.cookie, body: {} });
      const real = await runImportJobs(t.app, t.db, ws.cookie, started.json().id);
      expect(real).toMatchObject({ status: 'completed', created: 2 });
      await setImport(dry.id, { finished_at: ago(31 * DAY) });
      expect(await sweep()).toMatchObject({ files: 0 }); // the real import, finished today, still has it
      expect(await stored(ws)).toEqual([dry.id]);

      await setImport(real.id, { finished_at: ago(8 * DAY) });
      expect(await sweep(7)).toMatchObject({ files: 1, drafts: 0 }); // IMPORT_FILE_KEEP_DAYS=7
      expect(await stored(ws)).toEqual([]);
      for (const id of [dry.id, real.id]) expect((await call(t.app, 'GET', `/api/v1/imports/${id}`, { as: ws.cookie })).json().fileDeletedAt).toEqual(expect.any(String));
      const history = (await call(t.app, 'GET', '/api/v1/imports', { as: ws.cookie })).json();
      expect(history.data.map((i: { fileDeletedAt: string | null }) => !!i.fileDeletedAt)).toEqual([true, true]);
      expect(expectProblem(await call(t.app, 'GET', `/api/v1/imports/${dry.id}/preview`, { as: ws.cookie }), 410).detail).toMatch(/file of this import was deleted/);
      expectProblem(await call(t.app, 'POST', `/api/v1/imports/${dry.id}/start`, { as: ws.cookie, body: {} }), 410);
      expect((await call(t.app, 'GET', `/api/v1/imports/${real.id}/rejected.csv`, { as: ws.cookie })).statusCode).toBe(200);

      // Undo reads the recorded changes, not the file.
      expect((await call(t.app, 'GET', '/api/v1/clients?q=example.test', { as: ws.cookie })).json().total).toBe(2);
      expect((await call(t.app, 'POST', `/api/v1/imports/${real.id}/undo`, { as: ws.cookie })).statusCode).toBe(202);
      expect(await runImportJobs(t.app, t.db, ws.cookie, real.id)).toMatchObject({ status: 'undone' });
      expect((await call(t.app, 'GET', '/api/v1/clients?q=example.test', { as: ws.cookie })).json().total).toBe(0);
      expect(await sweep()).toMatchObject({ files: 0, drafts: 0 }); // nothing twice
    });

    it('a queued import keeps its file however old; unrecorded and half-written files go once a day old', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const queued = await upload(t.app, ws.cookie, '/api/v1/imports', 'First name\nCy\n');
      expect(queued.statusCode).toBe(202);
      const id = queued.json().id as string;
      await setImport(id, { created_at: ago(60 * DAY), updated_at: ago(60 * DAY) });
      const orphan = v7({ msecs: Date.now() - 2 * DAY });
      const young = v7();
      for (const name of [orphan, `${v7({ msecs: Date.now() - 2 * DAY })}.tmp-abc123`, young]) {
        await importStorage().put(`${ws.workspace.id}/${name}`, Readable.from([Buffer.from('x')]), { maxBytes: 10 });
      }
      expect(await sweep()).toMatchObject({ files: 0, drafts: 0, orphans: 2 });
      expect((await stored(ws)).sort()).toEqual([id, young].sort());
      expect(await runImportJobs(t.app, t.db, ws.cookie, id)).toMatchObject({ status: 'completed', created: 1 });
    });
  });
}

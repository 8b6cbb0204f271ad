import { beforeAll, expect, it } from 'vitest';
import { purgeExpiredTrash } from '../../src/server/clients/client.service';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, put } from '../helpers/clients';
import { call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

const DAY = 86_400_000;

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
    });

    /** A workspace with `trashDays`, a survivor and a source merged into it, the merge dated `daysAgo`. */
    async function merged(trashDays: number) {
      const ws = await isolatedWorkspace(t.app, owner);
      expect((await put(t.app, '/api/v1/settings/clients', ws.cookie, { trashDays })).statusCode).toBe(200);
      const survivor = await createClient(t.app, ws.cookie, { firstName: 'Ada', lastName: 'Lovelace' });
      const source = await createClient(t.app, ws.cookie, { firstName: 'Ada', lastName: 'Lovelace (old)' });
      const res = await call(t.app, 'POST', `/api/v1/clients/${survivor.id}/merge`, { as: ws.cookie, body: { sourceIds: [source.id] } });
      expect(res.statusCode, res.body).toBe(200);
      const mergeId = res.json().mergeId as string;
      /** Moves the merge (and the source's deletion with it) `days` into the past. */
      const age = async (days: number) => {
        const at = new Date(Date.now() - days * DAY).toISOString();
        await t.db.updateTable('clients').set({ deleted_at: at }).where('id', '=', source.id).execute();
        await t.db.updateTable('client_merges').set({ created_at: at }).where('id', '=', mergeId).execute();
      };
      const mergeRecord = async () => (await call(t.app, 'GET', `/api/v1/merges/${mergeId}`, { as: ws.cookie })).json() as { canUndo: boolean };
      return { ws, survivor, source, mergeId, age, mergeRecord };
    }

    it('merged clients stay out of the Trash list and count', async () => {
      const { ws, source } = await merged(90);
      const trash = (await call(t.app, 'GET', '/api/v1/clients?deleted=only&limit=100', { as: ws.cookie })).json();
      expect(trash.data.map((c: { id: string }) => c.id)).not.toContain(source.id);
      expect(trash.total).toBe(0);
    });

    it('a short trashDays does not purge a merged client inside the 30-day undo window; after it, it goes: 404, canUndo false', async () => {
      const { ws, survivor, source, mergeId, age, mergeRecord } = await merged(10);
      const trashed = await createClient(t.app, ws.cookie, { firstName: 'In', lastName: 'Trash' });
      await call(t.app, 'DELETE', `/api/v1/clients/${trashed.id}`, { as: ws.cookie });
      await t.db.updateTable('clients').set({ deleted_at: new Date(Date.now() - 11 * DAY).toISOString() }).where('id', '=', trashed.id).execute();
      await age(11);
      await purgeExpiredTrash(t.db);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${trashed.id}`, { as: ws.cookie }), 404); // an ordinary Trash client goes after trashDays
      expect((await call(t.app, 'GET', `/api/v1/clients/${source.id}`, { as: ws.cookie })).statusCode).toBe(301); // the merged one stays undoable
      expect(await mergeRecord()).toMatchObject({ canUndo: true });

      await age(31);
      await purgeExpiredTrash(t.db);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${source.id}`, { as: ws.cookie }), 404);
      expect(await mergeRecord()).toMatchObject({ canUndo: false });
      expectProblem(await call(t.app, 'POST', `/api/v1/merges/${mergeId}/undo`, { as: ws.cookie }), 409);
      expect((await call(t.app, 'GET', `/api/v1/clients/${survivor.id}`, { as: ws.cookie })).statusCode).toBe(200);
      const events = await t.db.selectFrom('audit_events').select(['action', 'actor_label']).where('entity_id', '=', source.id).where('action', '=', 'client.purged').execute();
      expect(events).toEqual([{ action: 'client.purged', actor_label: 'Trash clean-up' }]);
    });

    it('a long trashDays keeps merged clients past the undo window until trashDays', async () => {
      const { ws, source, age, mergeRecord } = await merged(60);
      await age(45);
      await purgeExpiredTrash(t.db);
      expect((await call(t.app, 'GET', `/api/v1/clients/${source.id}`, { as: ws.cookie })).statusCode).toBe(301);
      expect(await mergeRecord()).toMatchObject({ canUndo: false }); // by date
      await age(61);
      await purgeExpiredTrash(t.db);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${source.id}`, { as: ws.cookie }), 404);
    });

    it('a merged client deleted for good by an admin inside the window: the merge says it can no longer be undone', async () => {
      const { ws, source, mergeId, mergeRecord } = await merged(90);
      expect(await mergeRecord()).toMatchObject({ canUndo: true });
      expect((await call(t.app, 'DELETE', `/api/v1/clients/${source.id}?permanent=true`, { as: ws.cookie })).statusCode).toBe(204);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${source.id}`, { as: ws.cookie }), 404);
      expect(await mergeRecord()).toMatchObject({ canUndo: false });
      const listed = (await call(t.app, 'GET', '/api/v1/merges', { as: ws.cookie })).json().data as { id: string; canUndo: boolean }[];
      expect(listed.find((m) => m.id === mergeId)).toMatchObject({ canUndo: false });
      expectProblem(await call(t.app, 'POST', `/api/v1/merges/${mergeId}/undo`, { as: ws.cookie }), 409);
    });
  });
}

import { beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { addSignedInMember, call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';
import { importFile, runImportJobs } from '../helpers/imports';

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
  });
}

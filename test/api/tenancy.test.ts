import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { addMember, addSignedInMember, auditEvents, call, createApiKey, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
    });

    describe('tenancy', () => {
      it('a user of workspace A gets 404 for a member of workspace B, for reads and writes', async () => {
        const a = await isolatedWorkspace(t.app, owner);
        const b = await isolatedWorkspace(t.app, owner);
        const adminOfA = await addSignedInMember(t.app, a.cookie, 'admin');
        const onlyInB = await addMember(t.app, b.cookie, { role: 'viewer' });
        expectProblem(await call(t.app, 'GET', `/api/v1/users/${onlyInB.id}`, { as: adminOfA.cookie }), 404);
        expectProblem(await call(t.app, 'PATCH', `/api/v1/users/${onlyInB.id}`, { as: adminOfA.cookie, body: { role: 'member' } }), 404);
        expectProblem(await call(t.app, 'DELETE', `/api/v1/users/${onlyInB.id}`, { as: adminOfA.cookie }), 404);
        const team = (await call(t.app, 'GET', '/api/v1/users', { as: adminOfA.cookie })).json();
        expect(team.data.map((m: { id: string }) => m.id)).not.toContain(onlyInB.id);
        expect((await call(t.app, 'GET', `/api/v1/users/${onlyInB.id}`, { as: b.cookie })).json().role).toBe('viewer');
      });

      it('the audit trail of A holds none of B’s events', async () => {
        const a = await isolatedWorkspace(t.app, owner);
        const b = await isolatedWorkspace(t.app, owner);
        const inB = await addMember(t.app, b.cookie, { role: 'member' });
        const keyB = await createApiKey(t.app, b.cookie, 'viewer');
        const eventsOfA = await auditEvents(t.app, a.cookie);
        expect(eventsOfA.length).toBeGreaterThan(0);
        const mentioned = eventsOfA.flatMap((e) => [e.entityId]);
        expect(mentioned).not.toContain(b.workspace.id);
        expect(mentioned).not.toContain(inB.id);
        expect(mentioned).not.toContain(keyB.id);
        expect(eventsOfA.filter((e) => e.entityType === 'workspace').map((e) => e.entityId)).toEqual([a.workspace.id]);
        // The API-key filter works inside one workspace only, too.
        expect(await auditEvents(t.app, a.cookie, 'api_key.created')).toEqual([]);
        expect(await auditEvents(t.app, b.cookie, 'api_key.created')).toHaveLength(1);
      });

      it('members below admin cannot read the audit trail (403)', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        const manager = await addSignedInMember(t.app, ws.cookie, 'manager');
        expectProblem(await call(t.app, 'GET', '/api/v1/audit', { as: manager.cookie }), 403);
      });
    });

    describe('audit trail', () => {
      it('is append-only in the database: an UPDATE fails and changes nothing', async () => {
        const before = await t.db.selectFrom('audit_events').select(['id', 'action']).orderBy('id').execute();
        expect(before.length).toBeGreaterThan(0);
        await expect(sql`update audit_events set action = 'tampered'`.execute(t.db)).rejects.toThrow(/append-only/);
        await expect(t.db.updateTable('audit_events').set({ actor_label: 'someone else' }).where('id', '=', before[0]!.id).execute()).rejects.toThrow(/append-only/);
        const after = await t.db.selectFrom('audit_events').select(['id', 'action']).orderBy('id').execute();
        expect(after).toEqual(before);
      });

      it('pages newest first with a cursor, without gaps or repeats', async () => {
        const ws = await isolatedWorkspace(t.app, owner);
        for (let i = 0; i < 3; i++) await createApiKey(t.app, ws.cookie, 'viewer');
        const all = await auditEvents(t.app, ws.cookie);
        expect(all.length).toBeGreaterThanOrEqual(5);
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const res = await call(t.app, 'GET', `/api/v1/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { as: ws.cookie });
          expect(res.statusCode, res.body).toBe(200);
          const page = res.json();
          expect(page.total).toBe(all.length);
          seen.push(...page.data.map((e: { id: string }) => e.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen).toEqual(all.map((e) => e.id));
      });

      it('a cursor that is not one of ours is 400 naming cursor, never a 500', async () => {
        const forged = (values: unknown) => Buffer.from(JSON.stringify(values)).toString('base64url');
        // Garbage, the wrong shape, and values no database driver can bind: always 400.
        for (const cursor of ['garbage', forged([1]), forged([{ a: 1 }, []]), forged([true, 'x'])]) {
          const problem = expectProblem(await call(t.app, 'GET', `/api/v1/audit?cursor=${cursor}`, { as: owner.cookie }), 400);
          expect(problem.errors?.[0]?.path).toBe('cursor');
        }
        // Scalars of the wrong type for the sort column (`at`): PostgreSQL refuses them (400),
        // SQLite compares them as it compares any values (a page). Either way, not a 500.
        for (const cursor of [forged([1, 2]), forged(['not a date', 'x'])]) {
          const res = await call(t.app, 'GET', `/api/v1/audit?cursor=${cursor}`, { as: owner.cookie });
          if (res.statusCode === 200) expect(res.json()).toMatchObject({ data: expect.any(Array), total: expect.any(Number) });
          else expect(expectProblem(res, 400).errors?.[0]?.path).toBe('cursor');
        }
      });
    });
  });
}

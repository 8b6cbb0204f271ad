import { beforeAll, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, roleKey } from '../helpers/clients';
import { addMember, call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

type Ws = Awaited<ReturnType<typeof isolatedWorkspace>>;
type T = { id: string };
const ids = (list: { data: T[] }) => list.data.map((x) => x.id);
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
const H = 3600_000;

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    let ws: Ws;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
      ws = await isolatedWorkspace(t.app, owner);
    });
    const add = async (clientId: string | null, body: Record<string, unknown>, as = ws.cookie) => {
      const res = clientId
        ? await call(t.app, 'POST', `/api/v1/clients/${clientId}/tasks`, { as, body })
        : await call(t.app, 'POST', '/api/v1/tasks', { as, body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const list = async (query: string, as = ws.cookie) => {
      const res = await call(t.app, 'GET', `/api/v1/tasks?${query}`, { as });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };

    it('creates tasks and lists My tasks as overdue / today / upcoming in the caller’s time zone; completes from the list', async () => {
      const w = await isolatedWorkspace(t.app, owner);
      const client = await createClient(t.app, w.cookie, { firstName: 'Tara', lastName: 'Tasker' });
      const overdue = await add(client.id, { title: 'Send the quote', dueAt: inMs(-26 * H), priority: 'high' }, w.cookie);
      expect(overdue).toMatchObject({ title: 'Send the quote', assigneeId: w.me.user!.id, priority: 'high', status: 'open', source: 'manual', clientId: client.id, clientName: 'Tara Tasker', overdue: true, version: 1 });
      const now = Date.now();
      const endUtc = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate() + 1);
      const today = await add(client.id, { title: 'Call back', dueAt: new Date(now + (endUtc - now) / 2).toISOString() }, w.cookie);
      const upcoming = await add(client.id, { title: 'Renewal prep', dueAt: inMs(3 * 24 * H) }, w.cookie);
      const undated = await add(null, { title: 'Tidy the CRM' }, w.cookie);
      const imported = await add(null, { title: 'From the import', source: 'import', clientId: client.id, dueAt: inMs(5 * 24 * H) }, w.cookie);
      expect(imported).toMatchObject({ source: 'import', clientId: client.id });
      const colleague = await addMember(t.app, w.cookie, { role: 'member', password: null });
      const theirs = await add(client.id, { title: 'Theirs', assigneeId: colleague.id, dueAt: inMs(-H) }, w.cookie);

      expect(ids(await list('assignee=me&due=overdue', w.cookie))).toEqual([overdue.id]);
      expect(ids(await list('assignee=me&due=today', w.cookie))).toEqual([today.id]);
      expect(ids(await list('assignee=me&due=upcoming', w.cookie))).toEqual([upcoming.id, imported.id]);
      const all = await list('assignee=me', w.cookie);
      expect(ids(all)).toEqual([overdue.id, today.id, upcoming.id, imported.id, undated.id]);
      expect(all.total).toBe(5);
      expect(ids(await list(`assignee=${colleague.id}&due=overdue`, w.cookie))).toEqual([theirs.id]);
      expect((await list('assignee=any&due=overdue', w.cookie)).total).toBe(2);

      // UTC+14: "today" ends at the next local midnight.
      const kiri = new Date(now + 14 * H);
      const endKiri = Date.UTC(kiri.getUTCFullYear(), kiri.getUTCMonth(), kiri.getUTCDate() + 1) - 14 * H;
      const lateToday = await add(null, { title: 'Late today in Kiritimati', dueAt: new Date(endKiri - 60_000).toISOString() }, w.cookie);
      expect(ids(await list('assignee=me&due=today&tz=Pacific/Kiritimati', w.cookie))).toContain(lateToday.id);
      expect(ids(await list('assignee=me&due=today&tz=UTC', w.cookie)).includes(lateToday.id)).toBe(endKiri - 60_000 < endUtc);

      // Keyset pages of 2 cross from dated to undated tasks without loss or repeat.
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { data: T[]; nextCursor: string | null } = await list(`assignee=me&limit=2${cursor ? `&cursor=${cursor}` : ''}`, w.cookie);
        seen.push(...ids(page));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(ids(await list('assignee=me&limit=100', w.cookie)));
      expect(seen).toHaveLength(6);

      // Complete from the list: gone from open, there under done; the timeline card follows.
      const done = await call(t.app, 'POST', `/api/v1/tasks/${overdue.id}/complete`, { as: w.cookie });
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json()).toMatchObject({ status: 'done', overdue: false, completedBy: w.me.user!.id, version: 2 });
      expect(done.json().completedAt).toBeTruthy();
      expect(ids(await list('assignee=me&due=overdue', w.cookie))).toEqual([]);
      expect(ids(await list('assignee=me&status=done', w.cookie))).toEqual([overdue.id]);
      expect((await call(t.app, 'POST', `/api/v1/tasks/${overdue.id}/complete`, { as: w.cookie })).json().version).toBe(2); // idempotent
      const tl = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/timeline?kind=task`, { as: w.cookie })).json();
      expect(tl.data.find((e: { recordId: string }) => e.recordId === overdue.id).summary).toMatchObject({ status: 'done' });
      const reopened = await call(t.app, 'POST', `/api/v1/tasks/${overdue.id}/reopen`, { as: w.cookie, headers: { 'if-match': `W/"${overdue.id}.2"` } });
      expect(reopened.json()).toMatchObject({ status: 'open', completedAt: null, version: 3 });

      // A client's tasks.
      const clientTasks = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/tasks?status=open`, { as: w.cookie })).json();
      expect(clientTasks.data.map((x: T) => x.id).sort()).toEqual([overdue.id, today.id, upcoming.id, imported.id, theirs.id].sort());

      // Tasks of a client in Trash leave My tasks and come back on restore.
      expect((await call(t.app, 'DELETE', `/api/v1/clients/${client.id}`, { as: w.cookie })).statusCode).toBe(204);
      expect(ids(await list('assignee=me', w.cookie))).toEqual([undated.id, lateToday.id].sort((a, b) => (a === undated.id ? 1 : -1) - (b === undated.id ? 1 : -1)));
      expect((await call(t.app, 'POST', `/api/v1/clients/${client.id}/restore`, { as: w.cookie })).statusCode).toBe(200);
      expect((await list('assignee=me', w.cookie)).total).toBe(6);

      const audit = await t.db.selectFrom('audit_events').select('action').where('entity_id', '=', overdue.id).orderBy('at').orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['task.created', 'task.completed', 'task.reopened']);
    });

    it('edits with version/412, deletes (audited), refuses bad input, 403 for viewers, 404 across workspaces', async () => {
      const client = await createClient(t.app, ws.cookie);
      const other = await createClient(t.app, ws.cookie);
      const foreignContact = (await call(t.app, 'POST', `/api/v1/clients/${other.id}/contacts`, { as: ws.cookie, body: { firstName: 'Olga' } })).json();
      const task = await add(client.id, { title: 'Check in', dueAt: inMs(H) });
      const patched = await call(t.app, 'PATCH', `/api/v1/tasks/${task.id}`, { as: ws.cookie, body: { title: 'Check in again', priority: 'urgent', version: 1 } });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json()).toMatchObject({ title: 'Check in again', priority: 'urgent', version: 2 });
      expect(patched.headers.etag).toBe(`W/"${task.id}.2"`);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/tasks/${task.id}`, { as: ws.cookie, body: { title: 'Lost', version: 1 } }), 412);
      expectProblem(await call(t.app, 'POST', `/api/v1/tasks/${task.id}/complete`, { as: ws.cookie, headers: { 'if-match': `W/"${task.id}.1"` } }), 412);
      const audit = await t.db.selectFrom('audit_events').select('changes').where('entity_id', '=', task.id).where('action', '=', 'task.updated').executeTakeFirstOrThrow();
      const changes = typeof audit.changes === 'string' ? JSON.parse(audit.changes) : audit.changes;
      expect(changes.title).toEqual({ before: 'Check in', after: 'Check in again' });

      const bad: [string, Record<string, unknown>, string][] = [
        [`/api/v1/clients/${client.id}/tasks`, { title: '' }, 'title'],
        [`/api/v1/clients/${client.id}/tasks`, { dueAt: inMs(H) }, 'title'],
        [`/api/v1/clients/${client.id}/tasks`, { title: 'x', priority: 'asap' }, 'priority'],
        [`/api/v1/clients/${client.id}/tasks`, { title: 'x', assigneeId: 'nobody' }, 'assigneeId'],
        [`/api/v1/clients/${client.id}/tasks`, { title: 'x', contactId: foreignContact.id }, 'contactId'],
        [`/api/v1/clients/${client.id}/tasks`, { title: 'x', source: 'follow_up' }, 'source'],
        [`/api/v1/clients/${client.id}/tasks`, { title: 'x', dueAt: 'tomorrow' }, 'dueAt'],
        [`/api/v1/clients/${client.id}/tasks`, { title: 'x', status: 'done' }, ''],
        ['/api/v1/tasks', { title: 'x', clientId: 'not-a-client' }, 'clientId'],
        ['/api/v1/tasks', { title: 'x', contactId: foreignContact.id }, 'contactId'],
      ];
      for (const [url, body, path] of bad) {
        const p = expectProblem(await call(t.app, 'POST', url, { as: ws.cookie, body }), 400);
        expect(p.errors?.map((e) => e.path).join(' '), JSON.stringify(body)).toContain(path);
      }
      expectProblem(await call(t.app, 'GET', '/api/v1/tasks?due=someday', { as: ws.cookie }), 400);
      expectProblem(await call(t.app, 'GET', '/api/v1/tasks?tz=Mars/Olympus', { as: ws.cookie }), 400);
      expectProblem(await call(t.app, 'GET', '/api/v1/tasks?cursor=bm9wZQ', { as: ws.cookie }), 400);
      const huge = await call(t.app, 'POST', `/api/v1/clients/${client.id}/tasks`, { as: ws.cookie, body: { title: 'x', notes: 'y'.repeat(10 * 1024 * 1024) } });
      expect([400, 413]).toContain(huge.statusCode);

      const viewer = await roleKey(t.app, ws.cookie, 'viewer');
      expect((await call(t.app, 'GET', `/api/v1/tasks/${task.id}`, { as: viewer.cookie })).statusCode).toBe(200);
      expectProblem(await call(t.app, 'GET', '/api/v1/tasks?assignee=me', { as: viewer.cookie }), 400); // an API key is nobody's "me"
      expect((await call(t.app, 'GET', '/api/v1/tasks?assignee=any', { as: viewer.cookie })).statusCode).toBe(200);
      expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/tasks`, { as: viewer.cookie, body: { title: 'x' } }), 403);
      expectProblem(await call(t.app, 'POST', `/api/v1/tasks/${task.id}/complete`, { as: viewer.cookie }), 403);
      expectProblem(await call(t.app, 'DELETE', `/api/v1/tasks/${task.id}`, { as: viewer.cookie }), 403);

      const elsewhere = await isolatedWorkspace(t.app, owner);
      expectProblem(await call(t.app, 'GET', `/api/v1/tasks/${task.id}`, { as: elsewhere.cookie }), 404);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/tasks/${task.id}`, { as: elsewhere.cookie, body: { title: 'x' } }), 404);
      expectProblem(await call(t.app, 'POST', `/api/v1/tasks/${task.id}/complete`, { as: elsewhere.cookie }), 404);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}/tasks`, { as: elsewhere.cookie }), 404);
      expect((await list('assignee=any', elsewhere.cookie)).total).toBe(0);

      expect((await call(t.app, 'DELETE', `/api/v1/tasks/${task.id}`, { as: ws.cookie, headers: { 'if-match': `W/"${task.id}.2"` } })).statusCode).toBe(204);
      expectProblem(await call(t.app, 'GET', `/api/v1/tasks/${task.id}`, { as: ws.cookie }), 404);
      expect((await t.db.selectFrom('audit_events').select('action').where('entity_id', '=', task.id).where('action', '=', 'task.deleted').execute()).length).toBe(1);
      expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}/timeline?kind=task`, { as: ws.cookie })).json().total).toBe(0);
    });
  });
}

import { beforeAll, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { createClient, put, roleKey } from '../helpers/clients';
import { call, expectProblem, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

type Ws = Awaited<ReturnType<typeof isolatedWorkspace>>;

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const hoursAgo = (h: number) => minutesAgo(h * 60);

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    let ws: Ws;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
      ws = await isolatedWorkspace(t.app, owner);
    });

    const log = async (clientId: string, body: Record<string, unknown>) => {
      const res = await call(t.app, 'POST', `/api/v1/clients/${clientId}/interactions`, { as: ws.cookie, body });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const get = async (id: string) => (await call(t.app, 'GET', `/api/v1/interactions/${id}`, { as: ws.cookie })).json();

    it('logs a call with a follow-up: the task, the timeline entry, last activity and the audit in one go', async () => {
      const client = await createClient(t.app, ws.cookie);
      const contact = (await call(t.app, 'POST', `/api/v1/clients/${client.id}/contacts`, { as: ws.cookie, body: { firstName: 'Pat' } })).json();
      const followUpAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
      const occurredAt = hoursAgo(1);
      const call1 = await log(client.id, {
        kind: 'call', direction: 'outbound', occurredAt, durationMinutes: 15, contactId: contact.id, subject: 'Renewal terms', body: 'Discussed the renewal.',
        outcome: 'Agreed to a quote', sentiment: 'positive', followUpAt,
      });
      expect(call1).toMatchObject({ kind: 'call', direction: 'outbound', occurredAt, durationMinutes: 15, contactId: contact.id, userId: ws.me.user!.id, priority: null, responseStatus: null, version: 1 });
      expect(call1.followUpTaskId).toBeTruthy();

      const task = (await call(t.app, 'GET', `/api/v1/tasks/${call1.followUpTaskId}`, { as: ws.cookie })).json();
      expect(task).toMatchObject({ title: 'Follow up: Renewal terms', dueAt: followUpAt, source: 'follow_up', status: 'open', clientId: client.id, contactId: contact.id, interactionId: call1.id, assigneeId: ws.me.user!.id });
      const mine = (await call(t.app, 'GET', '/api/v1/tasks?assignee=me&due=upcoming', { as: ws.cookie })).json();
      expect(mine.data.map((x: { id: string }) => x.id)).toContain(task.id);

      const timeline = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/timeline`, { as: ws.cookie })).json();
      expect(timeline.data.map((e: { kind: string }) => e.kind).sort()).toEqual(['interaction', 'task']);
      expect(timeline.data.find((e: { kind: string }) => e.kind === 'interaction')).toMatchObject({ recordId: call1.id, at: occurredAt, title: 'Call (outbound): Renewal terms', userId: ws.me.user!.id });

      const c = (await call(t.app, 'GET', `/api/v1/clients/${client.id}`, { as: ws.cookie })).json();
      expect(Date.parse(c.lastActivityAt)).toBeGreaterThanOrEqual(Date.parse(occurredAt));
      expect(c.version).toBe(client.version); // derived, not an edit

      // Moving the follow-up date moves the open task.
      const later = new Date(Date.now() + 5 * 86_400_000).toISOString();
      const moved = await call(t.app, 'PATCH', `/api/v1/interactions/${call1.id}`, { as: ws.cookie, body: { followUpAt: later, version: 1 } });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json()).toMatchObject({ followUpAt: later, followUpTaskId: task.id, version: 2 });
      expect((await call(t.app, 'GET', `/api/v1/tasks/${task.id}`, { as: ws.cookie })).json().dueAt).toBe(later);

      const audit = await t.db.selectFrom('audit_events').select(['action', 'changes']).where('entity_id', '=', call1.id).orderBy('at').orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['interaction.created', 'interaction.updated']);
      expect(JSON.stringify(audit[1]!.changes)).toContain(later);
    });

    it('tracks responses: an outbound reply records met; an unanswered urgent one is breached; a late reply is breached', async () => {
      const client = await createClient(t.app, ws.cookie);
      // Urgent (2 h target) 3 h ago, still unanswered → breached.
      const urgent = await log(client.id, { kind: 'email', direction: 'inbound', priority: 'urgent', occurredAt: hoursAgo(3), subject: 'Leak!' });
      expect(urgent).toMatchObject({ priority: 'urgent', responseStatus: 'breached', respondedAt: null });
      expect(Date.parse(urgent.responseDueAt) - Date.parse(urgent.occurredAt)).toBe(2 * 3600_000);
      // Regular (48 h) 1 h ago → pending.
      const regular = await log(client.id, { kind: 'chat', direction: 'inbound', occurredAt: hoursAgo(1) });
      expect(regular).toMatchObject({ priority: 'regular', responseStatus: 'pending' });
      // A note is not a response.
      await log(client.id, { kind: 'note', body: 'Internal: call back' });
      expect((await get(regular.id)).responseStatus).toBe('pending');
      // The reply answers both waiting ones: regular in time (met), urgent late (breached).
      const reply = await log(client.id, { kind: 'email', direction: 'outbound', occurredAt: minutesAgo(30), subject: 'Re: Leak!' });
      const r1 = await get(regular.id);
      expect(r1).toMatchObject({ responseStatus: 'met', respondedAt: reply.occurredAt, responseInteractionId: reply.id, responseMinutes: 30 });
      expect(await get(urgent.id)).toMatchObject({ responseStatus: 'breached', respondedAt: reply.occurredAt, responseMinutes: 150 });
      expect(r1.version).toBe(1);
      // Filters by response status.
      const breached = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/interactions?responseStatus=breached`, { as: ws.cookie })).json();
      expect(breached.data.map((i: { id: string }) => i.id)).toEqual([urgent.id]);
      const page1 = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/interactions?limit=2`, { as: ws.cookie })).json();
      const page2 = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/interactions?limit=2&cursor=${page1.nextCursor}`, { as: ws.cookie })).json();
      expect(page1.total).toBe(4);
      expect(page2.total).toBe(4);
      // Newest first: the note (now), the reply, the regular one, the urgent one.
      expect([...page1.data, ...page2.data].map((i: { id: string }) => i.id).slice(1)).toEqual([reply.id, regular.id, urgent.id]);
      expect(page2.nextCursor).toBeNull();
      const met = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/interactions?responseStatus=met`, { as: ws.cookie })).json();
      expect(met.data.map((i: { id: string }) => i.id)).toEqual([regular.id]);
      // The timeline card of the answered one knows it.
      const tl = (await call(t.app, 'GET', `/api/v1/clients/${client.id}/timeline?kind=interaction`, { as: ws.cookie })).json();
      expect(tl.data.find((e: { recordId: string }) => e.recordId === regular.id).summary.respondedAt).toBe(reply.occurredAt);

      // Deleting the reply: they wait again.
      expect((await call(t.app, 'DELETE', `/api/v1/interactions/${reply.id}`, { as: ws.cookie })).statusCode).toBe(204);
      expect(await get(regular.id)).toMatchObject({ responseStatus: 'pending', respondedAt: null });
      // An earlier reply logged afterwards (backdated) answers it too.
      const early = await log(client.id, { kind: 'call', direction: 'outbound', occurredAt: minutesAgo(50) });
      expect(await get(regular.id)).toMatchObject({ responseStatus: 'met', responseInteractionId: early.id });
      // An inbound one logged after its reply already exists finds that reply.
      const backfilled = await log(client.id, { kind: 'sms', direction: 'inbound', occurredAt: minutesAgo(55) });
      expect(backfilled).toMatchObject({ responseStatus: 'met', responseInteractionId: early.id, responseMinutes: 5 });
      // An explicit respondedAt (answered outside Rapport).
      const explicit = await log(client.id, { kind: 'email', direction: 'inbound', priority: 'important', occurredAt: minutesAgo(20), respondedAt: minutesAgo(10) });
      expect(explicit).toMatchObject({ responseStatus: 'met', responseInteractionId: null, responseMinutes: 10 });
      // An urgent inbound gets a high-priority follow-up, priority urgent.
      const withFollowUp = await log(client.id, { kind: 'ticket', direction: 'inbound', priority: 'urgent', followUpAt: minutesAgo(-60) });
      expect((await call(t.app, 'GET', `/api/v1/tasks/${withFollowUp.followUpTaskId}`, { as: ws.cookie })).json().priority).toBe('urgent');
    });

    it('response targets come from settings/activity (admin; validated; audited)', async () => {
      const w = await isolatedWorkspace(t.app, owner);
      expect((await call(t.app, 'GET', '/api/v1/settings/activity', { as: w.cookie })).json()).toEqual({
        responseTargets: { urgent: 120, important: 1440, regular: 2880 },
        inactivityDays: 90,
        expectedCadence: { prospect: 'weekly', trial: 'weekly', active: 'monthly', inactive: 'quarterly' },
      });
      const res = await put(t.app, '/api/v1/settings/activity', w.cookie, { responseTargets: { urgent: 30 }, inactivityDays: 60, expectedCadence: { active: 'weekly' } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ responseTargets: { urgent: 30, important: 1440 }, inactivityDays: 60, expectedCadence: { active: 'weekly', prospect: 'weekly' } });
      const audit = await t.db.selectFrom('audit_events').select(['action', 'changes']).where('workspace_id', '=', w.workspace.id).where('action', '=', 'settings.activity_updated').executeTakeFirstOrThrow();
      const changes = typeof audit.changes === 'string' ? JSON.parse(audit.changes) : audit.changes;
      expect(changes['responseTargets.urgent']).toEqual({ before: 120, after: 30 });

      const client = await createClient(t.app, w.cookie);
      const i = (await call(t.app, 'POST', `/api/v1/clients/${client.id}/interactions`, { as: w.cookie, body: { kind: 'call', direction: 'inbound', priority: 'urgent' } })).json();
      expect(Date.parse(i.responseDueAt) - Date.parse(i.occurredAt)).toBe(30 * 60_000);

      for (const bad of [{ responseTargets: { urgent: 0 } }, { responseTargets: { regular: 10 } }, { inactivityDays: -1 }, { expectedCadence: { active: 'daily' } }, { speed: 1 }, { responseTargets: { urgent: 'soon' } }]) {
        const p = expectProblem(await put(t.app, '/api/v1/settings/activity', w.cookie, bad), 400);
        expect(p.errors?.length, JSON.stringify(bad)).toBeGreaterThan(0);
      }
      const member = await roleKey(t.app, w.cookie, 'member');
      expectProblem(await put(t.app, '/api/v1/settings/activity', member.cookie, { inactivityDays: 5 }), 403);
      expect((await call(t.app, 'GET', '/api/v1/settings/activity', { as: member.cookie })).statusCode).toBe(200);
    });

    it('bad input names the field and writes nothing', async () => {
      const client = await createClient(t.app, ws.cookie);
      const other = await createClient(t.app, ws.cookie);
      const foreignContact = (await call(t.app, 'POST', `/api/v1/clients/${other.id}/contacts`, { as: ws.cookie, body: { firstName: 'Other' } })).json();
      const cases: [Record<string, unknown>, string][] = [
        [{ kind: 'call', contactId: foreignContact.id }, 'contactId'],
        [{ kind: 'call', durationMinutes: -5 }, 'durationMinutes'],
        [{ kind: 'fax' }, 'kind'],
        [{ direction: 'inbound' }, 'kind'],
        [{ kind: 'call', occurredAt: 'yesterday' }, 'occurredAt'],
        [{ kind: 'call', sentiment: 'angry' }, 'sentiment'],
        [{ kind: 'call', colour: 'red' }, ''],
        [{ kind: 'call', direction: 'outbound', priority: 'urgent' }, 'priority'],
        [{ kind: 'email', direction: 'inbound', occurredAt: minutesAgo(10), respondedAt: minutesAgo(20) }, 'respondedAt'],
        [{ kind: 'call', userId: 'not-a-member' }, 'userId'],
        [{ kind: 'call', subject: 'x'.repeat(301) }, 'subject'],
      ];
      for (const [body, path] of cases) {
        const p = expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/interactions`, { as: ws.cookie, body }), 400);
        expect(p.errors?.map((e) => e.path).join(' '), JSON.stringify(body)).toContain(path);
      }
      // A follow-up date in the past is fine (the task is simply overdue).
      const past = await log(client.id, { kind: 'call', followUpAt: hoursAgo(24) });
      expect((await call(t.app, 'GET', `/api/v1/tasks/${past.followUpTaskId}`, { as: ws.cookie })).json().overdue).toBe(true);
      // 10 MB of text: refused before it reaches the service.
      const huge = await call(t.app, 'POST', `/api/v1/clients/${client.id}/interactions`, { as: ws.cookie, body: { kind: 'note', body: 'x'.repeat(10 * 1024 * 1024) } });
      expect([400, 413]).toContain(huge.statusCode);
      expect(huge.headers['content-type']).toMatch(/problem\+json/);
      const count = await t.db.selectFrom('interactions').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws.workspace.id).where('client_id', '=', client.id).executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
    });

    it('viewer 403, other workspace 404, stale version 412, trashed client', async () => {
      const client = await createClient(t.app, ws.cookie);
      const i = await log(client.id, { kind: 'meeting', subject: 'Kick-off' });
      const viewer = await roleKey(t.app, ws.cookie, 'viewer');
      expect((await call(t.app, 'GET', `/api/v1/interactions/${i.id}`, { as: viewer.cookie })).statusCode).toBe(200);
      expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/interactions`, { as: viewer.cookie, body: { kind: 'note' } }), 403);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/interactions/${i.id}`, { as: viewer.cookie, body: { subject: 'x' } }), 403);
      expectProblem(await call(t.app, 'DELETE', `/api/v1/interactions/${i.id}`, { as: viewer.cookie }), 403);

      const elsewhere = await isolatedWorkspace(t.app, owner);
      expectProblem(await call(t.app, 'GET', `/api/v1/interactions/${i.id}`, { as: elsewhere.cookie }), 404);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/interactions/${i.id}`, { as: elsewhere.cookie, body: { subject: 'x' } }), 404);
      expectProblem(await call(t.app, 'DELETE', `/api/v1/interactions/${i.id}`, { as: elsewhere.cookie }), 404);
      expectProblem(await call(t.app, 'GET', `/api/v1/clients/${client.id}/interactions`, { as: elsewhere.cookie }), 404);
      expectProblem(await call(t.app, 'POST', `/api/v1/clients/${client.id}/interactions`, { as: elsewhere.cookie, body: { kind: 'note' } }), 404);

      const ok = await call(t.app, 'PATCH', `/api/v1/interactions/${i.id}`, { as: ws.cookie, body: { subject: 'Kick-off meeting' }, headers: { 'if-match': `W/"${i.id}.1"` } });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.headers.etag).toBe(`W/"${i.id}.2"`);
      expectProblem(await call(t.app, 'PATCH', `/api/v1/interactions/${i.id}`, { as: ws.cookie, body: { subject: 'Lost', version: 1 } }), 412);
      expectProblem(await call(t.app, 'DELETE', `/api/v1/interactions/${i.id}?version=1`, { as: ws.cookie }), 412);
      expect((await get(i.id)).subject).toBe('Kick-off meeting');

      // A client in Trash keeps its history; nothing new is logged on it; restore brings it back.
      expect((await call(t.app, 'DELETE', `/api/v1/clients/${client.id}`, { as: ws.cookie })).statusCode).toBe(204);
      expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}/interactions`, { as: ws.cookie })).json().total).toBe(1);
      expect((await call(t.app, 'POST', `/api/v1/clients/${client.id}/interactions`, { as: ws.cookie, body: { kind: 'note' } })).statusCode).toBeGreaterThanOrEqual(400);
      expect((await call(t.app, 'POST', `/api/v1/clients/${client.id}/restore`, { as: ws.cookie })).statusCode).toBe(200);
      expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}/timeline`, { as: ws.cookie })).json().total).toBe(1);

      const audit = await t.db.selectFrom('audit_events').select('action').where('entity_id', '=', i.id).orderBy('at').orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['interaction.created', 'interaction.updated']);
      expect((await call(t.app, 'DELETE', `/api/v1/interactions/${i.id}`, { as: ws.cookie, headers: { 'if-match': `W/"${i.id}.2"` } })).statusCode).toBe(204);
      const deleted = await t.db.selectFrom('audit_events').select('changes').where('entity_id', '=', i.id).where('action', '=', 'interaction.deleted').executeTakeFirstOrThrow();
      expect(JSON.stringify(deleted.changes)).toContain('Kick-off meeting');
      expect((await call(t.app, 'GET', `/api/v1/clients/${client.id}/timeline`, { as: ws.cookie })).json().total).toBe(0);
    });
  });
}

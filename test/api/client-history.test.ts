import { beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { clientEmail, createClient } from '../helpers/clients';
import { call, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';

type Ws = Awaited<ReturnType<typeof isolatedWorkspace>>;
type Event = { action: string; entityType: string; entityId: string; changes: Record<string, { before: unknown; after: unknown }> | null };

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    let ws: Ws;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
      ws = await isolatedWorkspace(t.app, owner);
    });

    const history = async (clientId: string, query = '') => {
      const res = await call(t.app, 'GET', `/api/v1/clients/${clientId}/audit${query}`, { as: ws.cookie });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { data: Event[]; total: number; nextCursor: string | null };
    };

    describe('client history', () => {
      it("includes the events of the client's contacts (created, changed, removed), and not those of other clients' contacts", async () => {
        const client = await createClient(t.app, ws.cookie, { firstName: 'Ada', lastName: 'History', email: clientEmail() });
        const other = await createClient(t.app, ws.cookie, { firstName: 'Other', lastName: 'Client', email: clientEmail() });

        const made = await call(t.app, 'POST', `/api/v1/clients/${client.id}/contacts`, { as: ws.cookie, body: { firstName: 'Carl', lastName: 'Contact', role: 'primary' } });
        expect(made.statusCode, made.body).toBe(201);
        const contact = made.json();
        const changed = await call(t.app, 'PATCH', `/api/v1/contacts/${contact.id}`, { as: ws.cookie, body: { title: 'CFO', version: contact.version } });
        expect(changed.statusCode, changed.body).toBe(200);
        const gone = await call(t.app, 'POST', `/api/v1/clients/${client.id}/contacts`, { as: ws.cookie, body: { firstName: 'Gina', lastName: 'Gone' } });
        expect(gone.statusCode, gone.body).toBe(201);
        const removed = await call(t.app, 'DELETE', `/api/v1/contacts/${gone.json().id}`, { as: ws.cookie });
        expect(removed.statusCode, removed.body).toBe(204);
        const elsewhere = await call(t.app, 'POST', `/api/v1/clients/${other.id}/contacts`, { as: ws.cookie, body: { firstName: 'Not', lastName: 'Mine' } });
        expect(elsewhere.statusCode, elsewhere.body).toBe(201);

        const page = await history(client.id);
        const actions = page.data.map((e) => `${e.action}:${e.entityId}`);
        expect(actions).toContain(`client.created:${client.id}`);
        expect(actions).toContain(`contact.created:${contact.id}`);
        expect(actions).toContain(`contact.updated:${contact.id}`);
        // A removed contact's whole history stays on the client's page.
        expect(actions).toContain(`contact.created:${gone.json().id}`);
        expect(actions).toContain(`contact.deleted:${gone.json().id}`);
        expect(actions.some((a) => a.endsWith(elsewhere.json().id))).toBe(false);
        expect(page.total).toBe(page.data.length);
        expect(page.data.find((e) => e.action === 'contact.updated')!.changes).toMatchObject({ title: { before: null, after: 'CFO' } });

        // Newest first.
        const ats = page.data.map((e) => (e as unknown as { at: string }).at);
        expect([...ats].sort().reverse()).toEqual(ats);

        // The other client's history has its own contact only.
        const theirs = await history(other.id);
        expect(theirs.data.filter((e) => e.entityType === 'contact').map((e) => e.entityId)).toEqual([elsewhere.json().id]);
      });

      it('pages through the merged history with a keyset cursor', async () => {
        const client = await createClient(t.app, ws.cookie, { firstName: 'Page', lastName: 'Through', email: clientEmail() });
        for (let i = 0; i < 3; i++) {
          const res = await call(t.app, 'POST', `/api/v1/clients/${client.id}/contacts`, { as: ws.cookie, body: { firstName: `P${i}`, lastName: 'Contact' } });
          expect(res.statusCode, res.body).toBe(201);
        }
        const first = await history(client.id, '?limit=2');
        expect(first.total).toBe(4);
        expect(first.data).toHaveLength(2);
        expect(first.nextCursor).toBeTruthy();
        const second = await history(client.id, `?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`);
        expect(second.data).toHaveLength(2);
        expect(new Set([...first.data, ...second.data].map((e) => `${e.action}:${e.entityId}`)).size).toBe(4);
      });

      it("is a 404 for another workspace's client", async () => {
        const client = await createClient(t.app, ws.cookie, { firstName: 'Hidden', lastName: 'Away', email: clientEmail() });
        const stranger = await isolatedWorkspace(t.app, owner);
        const res = await call(t.app, 'GET', `/api/v1/clients/${client.id}/audit`, { as: stranger.cookie });
        expect(res.statusCode).toBe(404);
      });
    });
  });
}

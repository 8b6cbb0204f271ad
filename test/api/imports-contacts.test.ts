import { beforeAll, expect, it } from 'vitest';
import { DIALECTS, describeDialect, useTestApp } from '../helpers/app';
import { addMember, call, isolatedWorkspace, setupOwner, type SignedIn } from '../helpers/factories';
import { importFile, runImportJobs, upload } from '../helpers/imports';

type Contact = { id: string; firstName: string | null; lastName: string | null; email: string | null; phone: string | null; title: string | null; role: string | null };

for (const dialect of DIALECTS) {
  describeDialect(dialect, () => {
    const t = useTestApp(dialect);
    let owner: SignedIn;
    beforeAll(async () => {
      owner = await setupOwner(t.app);
    });

    const clientByEmail = async (as: string, email: string) => (await call(t.app, 'GET', `/api/v1/clients?q=${encodeURIComponent(email)}`, { as })).json().data[0] as { id: string; ownerId: string | null } | undefined;
    const contactsOf = async (as: string, clientId: string) => (await call(t.app, 'GET', `/api/v1/clients/${clientId}/contacts`, { as })).json().data as Contact[];

    it('the preview offers contact fields and owner, and suggests them from usual headers', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const res = await upload(t.app, ws.cookie, '/api/v1/imports/preview', 'Company,Email,Contact person,Contact Email,Contact phone,Contact title,Contact role,Account owner\nAcme,a@acme.test,Jo Doe,jo@acme.test,,,,\n');
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      expect(body.suggestedMapping).toEqual({
        Company: 'companyName', Email: 'email', 'Contact person': 'contact.fullName', 'Contact Email': 'contact.email', 'Contact phone': 'contact.phone',
        'Contact title': 'contact.title', 'Contact role': 'contact.role', 'Account owner': 'owner',
      });
      const targets = body.fields.map((f: { target: string }) => f.target);
      for (const target of ['owner', 'contact.fullName', 'contact.firstName', 'contact.lastName', 'contact.email', 'contact.phone', 'contact.title', 'contact.role']) expect(targets).toContain(target);
    });

    it('creates a contact per row with the client, sets the owner by e-mail or name; bad contact cells and unknown owners are row errors naming the field', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      const sam = await addMember(t.app, ws.cookie, { role: 'member', name: 'Sam Seller', email: `sam-${ws.workspace.id}@example.test` });
      const csv = [
        'Company,Email,Contact person,Contact Email,Contact phone,Contact title,Contact role,Owner',
        `Acme,info@acme.test,"Doe, Jo",jo@acme.test,+1 202 555 0101,CFO,Billing,${sam.email.toUpperCase()}`,
        'Globex,info@globex.test,Ann Lee,,,,,sam seller',
        'Initech,info@initech.test,Bob,not-an-email,12,,boss,',
        'Umbrella,info@umbrella.test,,,,,,nobody@example.test',
        'Hooli,info@hooli.test,,,,Head of IT,,',
      ].join('\n');
      const imp = await importFile(t.app, t.db, ws.cookie, csv, { mode: 'create' });
      expect(imp).toMatchObject({ status: 'completed', created: 2, failed: 3 });
      const byRow = (row: number) => imp.errors.filter((e) => e.row === row).map((e) => e.field).sort();
      expect(byRow(4)).toEqual(['contact.email', 'contact.phone', 'contact.role']);
      expect(imp.errors.find((e) => e.row === 5)).toMatchObject({ field: 'owner' });
      expect(imp.errors.find((e) => e.row === 6)).toMatchObject({ field: 'contact.firstName', message: 'a contact needs a name, an e-mail or a phone' });

      const acme = (await clientByEmail(ws.cookie, 'info@acme.test'))!;
      expect(acme.ownerId).toBe(sam.id);
      expect(await contactsOf(ws.cookie, acme.id)).toMatchObject([{ firstName: 'Jo', lastName: 'Doe', email: 'jo@acme.test', phone: '+12025550101', title: 'CFO', role: 'billing' }]);
      const globex = (await clientByEmail(ws.cookie, 'info@globex.test'))!;
      expect(globex.ownerId).toBe(sam.id);
      expect(await contactsOf(ws.cookie, globex.id)).toMatchObject([{ firstName: 'Ann', lastName: 'Lee', email: null }]);
      const audit = (await call(t.app, 'GET', '/api/v1/audit?action=contact.created', { as: ws.cookie })).json().data;
      expect(audit).toHaveLength(2);
    });

    it('upsert updates the contact with the same e-mail, adds new ones, and undo removes only the contacts it added', async () => {
      const ws = await isolatedWorkspace(t.app, owner);
      await importFile(t.app, t.db, ws.cookie, 'Email,Company,Contact Email,Contact first name,Contact title\ninfo@wayne.test,Wayne,bruce@wayne.test,Bruce,CEO\n');
      const wayne = (await clientByEmail(ws.cookie, 'info@wayne.test'))!;
      const [bruce] = await contactsOf(ws.cookie, wayne.id);
      const csv = 'Email,Contact Email,Contact first name,Contact title\ninfo@wayne.test,BRUCE@wayne.test,,Chairman\ninfo@wayne.test,alfred@wayne.test,Alfred,Butler\n';
      const imp = await importFile(t.app, t.db, ws.cookie, csv, { mode: 'upsert' });
      expect(imp).toMatchObject({ status: 'completed', updated: 1, failed: 0 });
      const after = await contactsOf(ws.cookie, wayne.id);
      expect(after.map((c) => [c.email, c.firstName, c.title])).toEqual([['bruce@wayne.test', 'Bruce', 'Chairman'], ['alfred@wayne.test', 'Alfred', 'Butler']]);
      expect(after[0]!.id).toBe(bruce!.id);

      expect((await call(t.app, 'POST', `/api/v1/imports/${imp.id}/undo`, { as: ws.cookie })).statusCode).toBe(202);
      expect(await runImportJobs(t.app, t.db, ws.cookie, imp.id)).toMatchObject({ status: 'undone' });
      expect((await contactsOf(ws.cookie, wayne.id)).map((c) => c.email)).toEqual(['bruce@wayne.test']);
      expect(await clientByEmail(ws.cookie, 'info@wayne.test')).toMatchObject({ id: wayne.id });
    });
  });
}

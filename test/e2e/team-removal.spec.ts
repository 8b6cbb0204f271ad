import { expect, test, type Page } from '@playwright/test';
import { api, ownWorkspace, owner } from './support';

// Removing a team member hands their clients on (or to nobody), and a client's External ID is
// edited in its Overview. Signs in as the owner of the foundation story — or sets Rapport up
// when run alone — and works in a workspace of its own.
test.describe.configure({ mode: 'serial' });


async function post<T>(page: Page, path: string, data: unknown): Promise<T> {
  const res = await page.request.post(`${api}${path}`, { data });
  expect(res.status(), await res.text()).toBeLessThan(300);
  return res.json() as Promise<T>;
}

test('removing a member gives their clients to the colleague chosen in the dialog', async ({ page }) => {
  await ownWorkspace(page, 'Team removal e2e');
  const stamp = Date.now().toString(36);
  const leaver = await post<{ id: string }>(page, '/users', { email: `bo.${stamp}@notaries.example`, name: 'Bo Lindqvist', role: 'member', password: 'Lindqvist-notary-2026' });
  const heir = await post<{ id: string }>(page, '/users', { email: `chidi.${stamp}@notaries.example`, name: 'Chidi Okeke', role: 'member', password: 'Okeke-notary-2026!' });
  const clients = await Promise.all([1, 2, 3].map((i) => post<{ id: string }>(page, '/clients', { firstName: `Owned${i}`, lastName: 'Client', ownerId: leaver.id })));

  await page.goto('/settings/team');
  await page.getByRole('button', { name: 'Actions for Bo Lindqvist' }).click();
  await page.getByRole('menuitem', { name: 'Remove from workspace' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove Bo Lindqvist?' });
  await expect(dialog.getByText('Bo Lindqvist owns 3 clients.')).toBeVisible();
  await expect(dialog.getByRole('combobox', { name: 'Give their clients and segments to' })).toHaveValue('Nobody (leave them unassigned)');
  await dialog.getByRole('combobox', { name: 'Give their clients and segments to' }).click();
  await page.getByRole('option', { name: 'Chidi Okeke' }).click();
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByText('Bo Lindqvist was removed from the team.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Actions for Bo Lindqvist' })).toHaveCount(0);

  for (const c of clients) expect((await (await page.request.get(`${api}/clients/${c.id}`)).json()).ownerId).toBe(heir.id);
  await page.goto(`/clients/${clients[0]!.id}`);
  await expect(page.getByRole('button', { name: 'Edit Owner' })).toHaveText(/Chidi Okeke/);
});

test('the External ID is edited in the Overview; one already in use is refused beside the field', async ({ page }) => {
  await ownWorkspace(page, 'External id e2e');
  const externalId = `BILL-${Date.now().toString(36)}`;
  const first = await post<{ id: string }>(page, '/clients', { firstName: 'Mireille', lastName: 'Dubois' });
  const second = await post<{ id: string }>(page, '/clients', { firstName: 'Jonas', lastName: 'Berg' });

  await page.goto(`/clients/${first.id}`);
  const advanced = page.getByRole('region', { name: 'Advanced' });
  await advanced.getByRole('button', { name: 'Edit External ID' }).click();
  await advanced.getByRole('textbox', { name: 'External ID' }).fill(`  ${externalId} `);
  await page.keyboard.press('Enter');
  await expect(advanced.getByRole('button', { name: 'Edit External ID' })).toHaveText(externalId);

  await page.goto(`/clients/${second.id}`);
  await page.getByRole('region', { name: 'Advanced' }).getByRole('button', { name: 'Edit External ID' }).click();
  await page.getByRole('textbox', { name: 'External ID' }).fill(externalId);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Belongs to another client')).toBeVisible();
  expect((await (await page.request.get(`${api}/clients/${second.id}`)).json()).externalId).toBeNull();
});

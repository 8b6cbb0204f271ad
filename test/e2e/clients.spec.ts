import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { api, ownWorkspace, owner } from './support';

// The client records story in the browser. It runs after foundation.spec.ts (see the projects in
// playwright.config.ts), signs in as the owner that story set up — or sets Rapport up itself when
// run alone — and works in a workspace of its own, so its lists hold only its own clients.
test.describe.configure({ mode: 'serial' });


async function createClient(request: APIRequestContext, body: Record<string, unknown>) {
  const res = await request.post(`${api}/clients`, { data: body });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string; version: number; displayName: string };
}

/** Picks an option of a Mantine Select by typing into it. */
async function choose(page: Page, label: string, option: string) {
  const input = page.getByRole('combobox', { name: label, exact: true });
  await input.click();
  await input.fill(option);
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('quick add, find by phone digits, edit inline, tag, bulk-tag by filter, delete and restore', async ({ page }) => {
  test.setTimeout(120_000); // it also creates 111 clients through the API
  await ownWorkspace(page, 'Clients e2e');

  // An empty workspace says what to do.
  await page.goto('/clients');
  await expect(page.getByRole('heading', { name: 'No clients yet' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Load sample clients' })).toBeVisible();

  // Quick Add from the keyboard.
  await page.locator('body').press('n');
  const dialog = page.getByRole('dialog', { name: 'Quick add client' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('First name').fill('Renée');
  await dialog.getByLabel('Last name').fill('Okafor');
  await dialog.getByLabel('Email').fill('renee.okafor@example.com');
  await dialog.getByRole('textbox', { name: 'Phone', exact: true }).fill('(555) 214-7789');
  await dialog.getByRole('button', { name: 'Add client' }).click();
  await expect(page).toHaveURL(/\/clients\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'Renée Okafor' })).toBeVisible();
  const clientUrl = page.url();
  const clientId = clientUrl.split('/').pop()!;

  // 110 plumbers (more than one page of the list) and a dentist, through the API.
  const plumbers: Promise<unknown>[] = [];
  for (let i = 0; i < 110; i++) {
    plumbers.push(createClient(page.request, { firstName: `Pat${i}`, lastName: 'Plumber', email: `pat${i}@pipes.example`, industry: 'Plumbing' }));
    if (plumbers.length % 20 === 0) await Promise.all(plumbers.splice(0));
  }
  await Promise.all(plumbers);
  await createClient(page.request, { firstName: 'Dana', lastName: 'Dentist', email: 'dana@teeth.example', industry: 'Dental' });

  // Search by phone digits, typed as the user remembers them.
  await page.goto('/clients');
  await page.locator('body').press('/');
  await expect(page.getByRole('searchbox', { name: 'Search clients' })).toBeFocused();
  await page.keyboard.type('2147789');
  const table = page.getByRole('table', { name: 'Clients' });
  await expect(table.getByRole('row', { name: /Renée Okafor/ })).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(2); // the header row and Renée
  // Arrows move through the list; Enter opens the client.
  await table.getByRole('row', { name: /Renée Okafor/ }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(clientUrl);

  // Edit a field inline: click, type, Enter saves.
  await page.getByRole('button', { name: 'Edit Occupation' }).click();
  await page.getByRole('textbox', { name: 'Occupation' }).fill('Architect');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Edit Occupation' })).toHaveText(/Architect/);

  // Add a tag.
  await page.getByRole('button', { name: 'Edit Tags' }).click();
  await page.getByRole('combobox', { name: 'Tags' }).fill('VIP');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Edit Tags' })).toHaveText(/VIP/);
  const saved = await (await page.request.get(`${api}/clients/${clientId}`)).json();
  expect(saved.occupation).toBe('Architect');
  expect(saved.tags).toEqual(['VIP']);

  // Bulk-tag every client the filter matches, beyond the loaded page.
  await page.goto('/clients');
  await page.getByRole('button', { name: /^Filters/ }).click();
  await page.getByRole('button', { name: 'Add rule' }).click();
  await choose(page, 'Rule 1 field', 'Industry');
  await page.getByRole('textbox', { name: 'Rule 1 value' }).fill('plumb');
  await expect(page.getByText('110 clients match')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Select all loaded clients' }).check();
  await page.getByRole('button', { name: 'Select all 110 clients matching' }).click();
  const bulk = page.getByRole('region', { name: 'Bulk actions' });
  await expect(bulk.getByText('110 clients selected')).toBeVisible();
  await bulk.getByRole('button', { name: 'Add tags' }).click();
  const tagDialog = page.getByRole('dialog');
  await tagDialog.getByRole('combobox', { name: 'Tags to add' }).fill('Spring campaign');
  await page.keyboard.press('Enter');
  await tagDialog.getByRole('heading').click(); // closes the suggestions over the buttons
  await tagDialog.getByRole('button', { name: 'Apply to 110 clients' }).click();
  await expect(tagDialog.getByText(/110 changed of 110 matched/)).toBeVisible();
  await tagDialog.getByRole('button', { name: 'Close' }).click();
  const tagged = await (await page.request.get(`${api}/clients/count?filter=${encodeURIComponent(JSON.stringify({ field: 'tags', op: 'contains', value: 'Spring campaign' }))}`)).json();
  expect(tagged.total).toBe(110);

  // Delete → Trash → restore.
  await page.goto(clientUrl);
  await page.getByRole('button', { name: 'More actions' }).click();
  await page.getByRole('menuitem', { name: 'Delete client' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Move to Trash' }).click();
  await expect(page).toHaveURL(/\/clients$/);
  await page.getByRole('link', { name: 'Trash' }).click();
  await expect(page).toHaveURL(/\/clients\/trash$/);
  await page.getByRole('button', { name: 'Restore Renée Okafor' }).click();
  await expect(page.getByText('Renée Okafor is back in the client list.')).toBeVisible();
  await expect(page.getByText('The Trash is empty.', { exact: false })).toBeVisible();
  const restored = await (await page.request.get(`${api}/clients/${clientId}`)).json();
  expect(restored.deletedAt).toBeNull();

  // The whole Trash, beyond its first page, comes back in one go.
  const binned = await page.request.post(`${api}/clients/bulk`, { data: { action: 'delete', filter: { field: 'industry', op: 'contains', value: 'plumb' } } });
  expect((await binned.json()).changed).toBe(110);
  await page.reload();
  await page.getByRole('checkbox', { name: 'Select all 50 shown' }).check();
  await page.getByRole('button', { name: 'Select all 110 clients in the Trash' }).click();
  const trashBulk = page.getByRole('region', { name: 'Bulk actions' });
  await expect(trashBulk.getByText('110 clients selected')).toBeVisible();
  await trashBulk.getByRole('button', { name: 'Restore' }).click();
  const restoreDialog = page.getByRole('dialog');
  await restoreDialog.getByRole('button', { name: 'Apply to 110 clients' }).click();
  await expect(restoreDialog.getByText(/110 changed of 110 matched/)).toBeVisible();
  await restoreDialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByText('The Trash is empty.', { exact: false })).toBeVisible();
  expect((await (await page.request.get(`${api}/clients/count?deleted=only`)).json()).total).toBe(0);
});

test('an edit to a client changed by someone else shows the conflict and reloads', async ({ page }) => {
  await ownWorkspace(page, 'Conflict e2e');
  const client = await createClient(page.request, { firstName: 'Olu', lastName: 'Adeyemi', email: 'olu@example.com' });
  await page.goto(`/clients/${client.id}`);
  await expect(page.getByRole('heading', { name: 'Olu Adeyemi' })).toBeVisible();

  // Someone else changes the client behind the page's back.
  const behind = await page.request.patch(`${api}/clients/${client.id}`, { data: { occupation: 'Surveyor', version: client.version } });
  expect(behind.status()).toBe(200);

  await page.getByRole('button', { name: 'Edit Industry' }).click();
  await page.getByRole('textbox', { name: 'Industry' }).fill('Construction');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'This client was changed by someone else' })).toBeVisible();
  const unchanged = await (await page.request.get(`${api}/clients/${client.id}`)).json();
  expect(unchanged.industry).toBeNull();

  await page.getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByRole('button', { name: 'Edit Occupation' })).toHaveText(/Surveyor/);
  await expect(page.getByRole('alert').filter({ hasText: 'changed by someone else' })).toHaveCount(0);
});

test('the client list works at phone width', async ({ page }) => {
  await ownWorkspace(page, 'Phone e2e');
  await createClient(page.request, { firstName: 'Mia', lastName: 'Blacklisted', email: 'mia@example.com', status: 'blacklisted', statusReason: 'Chargebacks' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/clients');
  const cards = page.getByRole('list', { name: 'Clients' });
  await expect(cards.getByRole('link', { name: 'Mia Blacklisted' })).toBeVisible();
  await expect(cards.getByText('Blacklisted', { exact: true })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('a business client links to a company of the directory', async ({ page }) => {
  await ownWorkspace(page, 'Directory e2e');
  const name = `Lone Star Title ${Date.now().toString(36)}`;
  const company = await page.request.post(`${api}/directory/companies`, { data: { name, kind: 'title_company' } });
  expect(company.status(), await company.text()).toBe(201);
  const client = await createClient(page.request, { type: 'business', companyName: 'Riverside Escrow', email: 'desk@riverside.example' });
  await page.goto(`/clients/${client.id}`);
  await page.getByRole('button', { name: 'Edit Directory company' }).click();
  await page.getByPlaceholder('Search the directory').fill('lone star');
  await page.getByRole('option', { name: new RegExp(name) }).click();
  const linked = page.getByRole('button', { name: 'Edit Directory company' });
  await expect(linked).toContainText(name);
  await expect(linked).toContainText('Title company');
  expect((await (await page.request.get(`${api}/clients/${client.id}`)).json()).directoryCompanyId).toBe((await company.json()).id);
});

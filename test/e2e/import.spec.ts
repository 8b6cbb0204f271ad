import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { api, ownWorkspace, shotsDir } from './support';

// The import wizard in the browser: a file that is no file is refused with the API's reason; a
// small messy CSV (semicolons, CRLF, accents, a bad e-mail, a repeated row, status words of another
// CRM, a column for a new custom field) is mapped — one suggested field fixed, its values translated,
// a custom field made from a column — checked by a dry run that shows the rejected rows, imported
// for real, seen in the client list, then undone from the history, after which its clients are gone. A HubSpot export takes its shipped preset, is saved as
// a preset of the workspace, upserts on e-mail, and its undo from the wizard restores the client it
// updated. Runs last in the chain (see playwright.config.ts), each story in a workspace of its own.
test.describe.configure({ mode: 'serial' });

async function shots2(page: Page, name: string) {
  if (!shotsDir) return;
  const size = page.viewportSize()!;
  await page.screenshot({ path: `${shotsDir}/${name}-${size.width}.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${shotsDir}/${name}-390.png`, fullPage: true });
  await page.setViewportSize(size);
  await page.waitForTimeout(200);
}

const csv = [
  'Full Name;E-mail;Phone;Town;Stage;Notes;Loyalty tier',
  'José Álvarez;jose@example.test;+34 612 345 678;Sevilla;Customer;Prefers calls;Gold',
  'Zoë Müller;  zoe@example.test ;;Zürich;Lead;;',
  'Bad Row;not-an-email;;Paris;Customer;;',
  'José Álvarez;jose@example.test;+34 612 345 678;Sevilla;Customer;Prefers calls;Gold',
  'Françoise Ødegård;francoise@example.test;;Bergen;customer;;Silver',
].join('\r\n');

test('a messy CSV is mapped, checked, imported and undone through the wizard', async ({ page }) => {
  await ownWorkspace(page, 'Import');
  await page.goto('/clients');
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await expect(page).toHaveURL(/\/imports\/new$/);
  await expect(page.getByRole('heading', { name: 'Import clients' })).toBeVisible();
  await shots2(page, 'import-upload');

  // An empty file is refused with the reason, and the wizard stays on the upload.
  const input = page.locator('input[type="file"]');
  await input.setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
  const refused = page.getByRole('alert');
  await expect(refused).toContainText('empty.csv could not be imported');
  await expect(refused).toContainText('The file is empty.');
  await shots2(page, 'import-upload-error');

  await input.setInputFiles({ name: 'clients-from-old-crm.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await expect(page).toHaveURL(/step=map/);
  const firstRows = page.getByRole('table', { name: 'First rows of the file' });
  await expect(firstRows).toContainText('Françoise Ødegård');
  await expect(page.getByText('separated by “;”')).toBeVisible();
  // Suggestions from the headers: Full Name → Full name, E-mail → E-mail, Town → City, Stage → Lifecycle stage.
  await expect(page.getByRole('combobox', { name: 'Field for Full Name' })).toHaveValue('Full name (split)');
  await expect(page.getByRole('combobox', { name: 'Field for E-mail' })).toHaveValue('E-mail');
  await expect(page.getByRole('combobox', { name: 'Field for Town' })).toHaveValue('City');
  await expect(page.getByRole('combobox', { name: 'Field for Stage' })).toHaveValue('Lifecycle stage');

  // Fix a mapping: Stage holds the old CRM's status words, so it goes to Status with its values translated.
  await page.getByRole('combobox', { name: 'Field for Stage' }).click();
  await page.getByRole('option', { name: 'Status', exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Field for Stage' })).toHaveValue('Status');
  await page.getByRole('combobox', { name: 'Stage: store “Customer” as' }).click();
  await page.getByRole('option', { name: 'Active', exact: true }).click();
  await page.getByRole('combobox', { name: 'Stage: store “Lead” as' }).click();
  await page.getByRole('option', { name: 'Prospect', exact: true }).click();
  // A column no field fits gets a custom field made on the spot (the owner is an admin).
  await expect(page.getByRole('combobox', { name: 'Field for Loyalty tier' })).toHaveValue('Ignore this column');
  await page.getByRole('combobox', { name: 'Field for Loyalty tier' }).click();
  await page.getByRole('option', { name: 'New custom field…' }).click();
  const newField = page.getByRole('dialog', { name: 'New custom field' });
  await expect(newField.getByRole('textbox', { name: 'Key' })).toHaveValue('loyalty_tier');
  await newField.getByRole('button', { name: 'Create field' }).click();
  await expect(newField).toBeHidden();
  await expect(page.getByRole('combobox', { name: 'Field for Loyalty tier' })).toHaveValue('Loyalty tier');
  await expect(page.getByRole('radio', { name: 'Create only' })).toBeChecked();
  await shots2(page, 'import-map');

  // The check writes nothing and shows the rejected rows with row, field and reason.
  await page.getByRole('button', { name: 'Check the file' }).click();
  await expect(page).toHaveURL(/step=check/);
  await expect(page.getByRole('heading', { name: 'What the import would do' })).toBeVisible({ timeout: 20_000 });
  const counts = page.getByRole('group', { name: 'What the import would do' });
  await expect(counts.getByLabel('Would be created: 3')).toBeVisible();
  await expect(counts.getByLabel('Would be rejected: 2')).toBeVisible();
  const errors = page.getByRole('table', { name: 'Errors' });
  await expect(errors.getByRole('row').filter({ hasText: /^4/ })).toContainText('E-mail');
  await expect(errors.getByRole('row').filter({ hasText: /^5/ })).toContainText(/row 2/);
  expect((await (await page.request.get(`${api}/clients?limit=10`)).json()).data).toHaveLength(0);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download rejected rows' }).click()]);
  const rejected = fs.readFileSync((await download.path())!, 'utf8');
  expect(rejected).toContain('Error');
  expect(rejected).toContain('not-an-email');
  expect(rejected).not.toContain('Zürich');
  await shots2(page, 'import-check');

  // For real: live progress, then the counts and the way to the clients.
  await page.getByRole('button', { name: 'Import for real' }).click();
  await expect(page).toHaveURL(/step=run/);
  await expect(page.getByRole('status').filter({ hasText: 'Import finished' })).toContainText('3 clients created', { timeout: 20_000 });
  await shots2(page, 'import-done');
  await page.getByRole('link', { name: 'Open the clients list' }).click();
  const table = page.getByRole('table', { name: 'Clients' });
  await expect(table).toContainText('José Álvarez');
  await expect(table).toContainText('Zoë Müller');
  await expect(table).toContainText('Françoise Ødegård');
  await expect(table).not.toContainText('Bad Row');
  const listed = (await (await page.request.get(`${api}/clients?limit=10&sort=name`)).json()).data as { displayName: string; status: string; customFields: Record<string, unknown> }[];
  expect(listed.map((c) => [c.displayName, c.status, c.customFields.loyalty_tier ?? null]).sort()).toEqual([
    ['Françoise Ødegård', 'active', 'Silver'],
    ['José Álvarez', 'active', 'Gold'],
    ['Zoë Müller', 'prospect', null],
  ]);

  // The history lists it (and the check before it); undo after a confirm removes its clients.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Imports' }).click();
  const history = page.getByRole('table', { name: 'Imports' });
  const run = history.getByRole('row').filter({ hasText: 'clients-from-old-crm.csv' }).filter({ hasNotText: 'Check' });
  await expect(run).toContainText('3 created');
  await expect(run).toContainText('Ana Hernández');
  await expect(history.getByRole('row').filter({ hasText: 'Check (dry run)' })).toContainText('3 to create');
  await shots2(page, 'import-history');
  await run.getByRole('button', { name: 'Undo the import of clients-from-old-crm.csv' }).click();
  const confirm = page.getByRole('dialog', { name: 'Undo this import?' });
  await expect(confirm).toContainText('3 clients it created will be deleted for good');
  await confirm.getByRole('button', { name: 'Undo import' }).click();
  await expect(run).toContainText('Undone', { timeout: 20_000 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clients' }).click();
  await expect(page.getByRole('heading', { name: 'No clients yet' })).toBeVisible();
  expect((await (await page.request.get(`${api}/clients?limit=10`)).json()).data).toHaveLength(0);
});

test('a HubSpot export takes its preset, upserts on e-mail, is saved as a preset, and its undo restores the updated client', async ({ page }) => {
  await ownWorkspace(page, 'Import preset');
  const made = await page.request.post(`${api}/clients`, { data: { firstName: 'Lena', lastName: 'Fischer', email: 'lena@example.test', status: 'prospect' } });
  expect(made.status(), await made.text()).toBe(201);
  const lena = (await made.json()) as { id: string };
  const file = ['Record ID,First Name,Last Name,Email,Lifecycle Stage,City', 'HS-1,Lena,Fischer-Berg,LENA@example.test,customer,Köln', 'HS-2,Hugo,Dupré,hugo@example.test,lead,Lyon'].join('\n');

  await page.goto('/imports');
  await expect(page.getByRole('heading', { name: 'No imports yet' })).toBeVisible();
  await page.getByRole('link', { name: 'Import clients' }).click();
  await page.locator('input[type="file"]').setInputFiles({ name: 'hubspot-contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(file, 'utf8') });
  await expect(page.getByRole('combobox', { name: 'Field for Lifecycle Stage' })).toHaveValue('Lifecycle stage');

  // The HubSpot preset maps Lifecycle Stage to Status, with HubSpot's stage words translated.
  await page.getByRole('combobox', { name: 'Preset' }).click();
  await page.getByRole('option', { name: /^HubSpot/ }).click();
  await expect(page.getByRole('combobox', { name: 'Field for Lifecycle Stage' })).toHaveValue('Status');
  await expect(page.getByRole('combobox', { name: 'Lifecycle Stage: store “customer” as' })).toHaveValue('Active');
  await expect(page.getByRole('combobox', { name: 'Field for Record ID' })).toHaveValue('External id');
  await page.getByRole('radio', { name: 'Create and update' }).check();

  await page.getByRole('button', { name: 'Save mapping as preset' }).click();
  const save = page.getByRole('dialog', { name: 'Save this mapping as a preset' });
  await save.getByRole('textbox', { name: 'Name' }).fill('HubSpot with cities');
  await save.getByRole('button', { name: 'Save preset' }).click();
  await expect(save).toBeHidden();
  await expect(page.getByRole('combobox', { name: 'Preset' })).toHaveValue(/^HubSpot with cities \(saved\)/);

  await page.getByRole('button', { name: 'Check the file' }).click();
  const counts = page.getByRole('group', { name: 'What the import would do' });
  await expect(counts.getByLabel('Would be created: 1')).toBeVisible({ timeout: 20_000 });
  await expect(counts.getByLabel('Would be updated: 1')).toBeVisible();
  await expect(counts.getByLabel('Would be rejected: 0')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Errors' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Import for real' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Import finished' })).toContainText('1 client created, 1 updated', { timeout: 20_000 });
  const updated = await (await page.request.get(`${api}/clients/${lena.id}`)).json();
  expect([updated.lastName, updated.status]).toEqual(['Fischer-Berg', 'active']);

  // Undo from the wizard: the created client goes, the updated one gets its values back.
  await page.getByRole('button', { name: 'Undo this import' }).click();
  const confirm = page.getByRole('dialog', { name: 'Undo this import?' });
  await expect(confirm).toContainText('The 1 client it updated get their previous values back');
  await confirm.getByRole('button', { name: 'Undo import' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'This import was undone' })).toBeVisible({ timeout: 20_000 });
  const restored = await (await page.request.get(`${api}/clients/${lena.id}`)).json();
  expect([restored.lastName, restored.status]).toEqual(['Fischer', 'prospect']);
  const left = (await (await page.request.get(`${api}/clients?limit=10`)).json()).data as { displayName: string }[];
  expect(left.map((c) => c.displayName)).toEqual(['Lena Fischer']);
  const presets = (await (await page.request.get(`${api}/imports/presets`)).json()).data as { name: string; builtin: boolean }[];
  expect(presets.filter((p) => !p.builtin).map((p) => p.name)).toEqual(['HubSpot with cities']);
});

import fs from 'node:fs';
import { expect, test, type Download, type Page } from '@playwright/test';
import { api, ownWorkspace, shotsDir } from './support';

// Exports in the browser: the list's Export button downloads the matching clients as CSV with the
// columns picked (a custom field among them), formulas neutralised; picked rows go through a
// background export with their contacts, whose files appear as download links. Runs last in the
// chain (see playwright.config.ts), as the same owner, in a workspace of its own.
test.describe.configure({ mode: 'serial' });

async function shots2(page: Page, name: string) {
  if (!shotsDir) return;
  const size = page.viewportSize()!;
  await page.screenshot({ path: `${shotsDir}/${name}-${size.width}.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${shotsDir}/${name}-390.png` });
  await page.setViewportSize(size);
  await page.waitForTimeout(200);
}

const textOf = async (download: Download) => fs.readFileSync((await download.path())!, 'utf8');

test('the list exports its clients as CSV with the chosen columns; picked rows export with their contacts', async ({ page }) => {
  await ownWorkspace(page, 'Export');
  const field = await page.request.post(`${api}/custom-fields`, { data: { key: 'tier', label: 'Tier', type: 'text' } });
  expect(field.status(), await field.text()).toBe(201);
  const make = async (data: Record<string, unknown>) => {
    const res = await page.request.post(`${api}/clients`, { data });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()) as { id: string; displayName: string };
  };
  const lena = await make({ firstName: 'Lena', lastName: 'Fischer', email: 'lena@example.test', customFields: { tier: 'Gold' } });
  await make({ firstName: '=cmd|calc', lastName: 'Mallory', email: 'mallory@example.test', customFields: { tier: '-1' } });
  const ines = await make({ type: 'business', companyName: 'Iñes Café', email: 'cafe@example.test' });
  expect((await page.request.post(`${api}/clients/${ines.id}/contacts`, { data: { firstName: 'Olga', lastName: 'Barista' } })).status()).toBe(201);

  await page.goto('/clients');
  await expect(page.getByRole('table', { name: 'Clients' })).toContainText('Lena Fischer');
  // Name Z–A: the file comes in the order the list shows.
  await page.getByRole('button', { name: 'Sort by Name, descending' }).click();
  await expect(page.getByRole('button', { name: 'Sort by Name, ascending' })).toBeVisible();
  const rowBoxes = page.getByRole('table', { name: 'Clients' }).getByRole('checkbox', { name: /^Select (?!all)/ });
  await expect(rowBoxes).toHaveCount(3);
  const shown = (await rowBoxes.evaluateAll((boxes) => boxes.map((b) => b.getAttribute('aria-label') ?? ''))).map((l) => l.replace(/^Select /, ''));
  await shots2(page, 'export-list');
  await page.getByRole('button', { name: 'Export', exact: true }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Export 3 clients' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('checkbox', { name: 'Tier' })).toBeChecked(); // custom fields are in by default
  await dialog.getByRole('button', { name: 'None' }).click();
  for (const name of ['Name', 'E-mail', 'Tier']) await dialog.getByRole('checkbox', { name, exact: true }).check();
  await expect(dialog).toContainText('Columns (3)');
  await shots2(page, 'export-dialog');

  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^export-[a-z0-9-]+-clients-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await textOf(download);
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const lines = csv.slice(1).trim().split('\r\n');
  expect(lines[0]).toBe('Name,E-mail,Tier');
  expect(lines.slice(1).sort()).toEqual(["'=cmd|calc Mallory,mallory@example.test,'-1", 'Iñes Café,cafe@example.test,', 'Lena Fischer,lena@example.test,Gold']);
  expect(lines.slice(1).map((l) => l.split(',')[0]!.replace(/^'/, ''))).toEqual(shown);
  await page.getByRole('button', { name: 'Sort by Name, ascending' }).click();

  // Two picked rows: a background export with the contacts file beside the clients file.
  await page.getByRole('checkbox', { name: `Select ${lena.displayName}` }).check();
  await page.getByRole('checkbox', { name: `Select ${ines.displayName}` }).check();
  await page.getByRole('region', { name: 'Bulk actions' }).getByRole('button', { name: 'Export' }).click();
  const picked = page.getByRole('dialog', { name: 'Export 2 clients' });
  await picked.getByText('Excel', { exact: true }).click();
  await picked.getByRole('checkbox', { name: 'Contacts' }).check();
  await picked.getByRole('button', { name: 'Start export' }).click();
  await expect(picked.getByRole('status')).toContainText('Your export is ready', { timeout: 15_000 });
  await shots2(page, 'export-ready');
  const contactsLink = picked.getByRole('link', { name: /-contacts-.*\.xlsx$/ });
  await expect(contactsLink).toBeVisible();
  await expect(picked.getByRole('link', { name: /-clients-.*\.xlsx$/ })).toBeVisible();
  const [file] = await Promise.all([page.waitForEvent('download'), contactsLink.click()]);
  const bytes = fs.readFileSync((await file.path())!);
  expect(bytes.subarray(0, 2).toString()).toBe('PK'); // a zip: the XLSX workbook
  const listed = await (await page.request.get(`${api}/exports`)).json();
  expect(listed.data[0].files.map((f: { part: string; rows: number }) => [f.part, f.rows])).toEqual([['clients', 2], ['contacts', 1]]);
});

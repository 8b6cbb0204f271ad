import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { api, ownWorkspace, owner, shot } from './support';

// The morning dashboard and the reports: a client overridden to Critical shows in the band tile and
// in "Needs attention" with the band's action; the tile opens the client list for that band; the
// reports page draws the revenue chart beside its table and downloads it as CSV.
// Runs after activity-edit.spec.ts (see playwright.config.ts), as the same owner, in a workspace of its own.
test.describe.configure({ mode: 'serial' });

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

async function clientWithScore(page: Page, companyName: string, score: number) {
  const created = await page.request.post(`${api}/clients`, { data: { type: 'business', companyName, status: 'active' } });
  expect(created.status(), await created.text()).toBe(201);
  const client = (await created.json()) as { id: string };
  const override = await page.request.put(`${api}/clients/${client.id}/health/override`, { data: { score, reason: 'Agreed in the account review', expiresAt: inDays(30) } });
  expect(override.status(), await override.text()).toBe(200);
  return client;
}

test('the dashboard shows a critical client and its tile opens the list of that band', async ({ page }) => {
  await ownWorkspace(page, 'Dashboard');
  const critical = await clientWithScore(page, `Ortega Removals ${Date.now().toString(36)}`, 15);
  await clientWithScore(page, 'Quiroga Bakery', 92);
  const paid = await page.request.post(`${api}/clients/${critical.id}/payments`, { data: { amount: { amount: 25000, currency: 'USD' }, method: 'card' } });
  expect(paid.status(), await paid.text()).toBe(201);

  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Client health' })).toBeVisible();
  const tile = page.getByRole('link', { name: 'Critical: 1 client — open the list' });
  await expect(tile).toBeVisible();
  await expect(page.getByRole('link', { name: 'Healthy: 1 client — open the list' })).toBeVisible();
  const attention = page.getByRole('table', { name: 'Clients that need attention' });
  const row = attention.getByRole('row', { name: /Ortega Removals/ });
  await expect(row).toContainText('Critical');
  await expect(row).toContainText('15');
  await expect(row).toContainText('Set by hand: Agreed in the account review');
  await expect(row).toContainText('executive call within 48 h');
  await expect(attention).not.toContainText('Quiroga Bakery');
  await expect(page.getByText('Nothing due today.')).toBeVisible();
  await shot(page, 'dashboard');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByRole('list', { name: 'Clients that need attention' })).toContainText('Set by hand');
  await shot(page, 'dashboard');
  await page.setViewportSize({ width: 1280, height: 800 });

  await tile.click();
  await expect(page).toHaveURL(/\/clients\?healthBand=critical$/);
  await expect(page.getByRole('heading', { name: 'Clients', level: 1 })).toBeVisible();
  await expect(page.getByText(/Ortega Removals/).first()).toBeVisible();
  // The list is filtered to the band, not every client: the healthy one is not in it.
  await expect(page.getByText('1 client match')).toBeVisible();
  await expect(page.getByText('Quiroga Bakery')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Filters/ })).toBeVisible();
});

test('the reports page draws a chart beside its table and downloads the CSV', async ({ page }) => {
  await ownWorkspace(page, 'Reports');
  const client = await page.request.post(`${api}/clients`, { data: { type: 'business', companyName: 'Serrano Print', referralSource: 'Trade fair' } });
  const id = ((await client.json()) as { id: string }).id;
  expect((await page.request.post(`${api}/clients/${id}/payments`, { data: { amount: { amount: 12345, currency: 'USD' }, method: 'bank_transfer' } })).status()).toBe(201);

  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
  const revenue = page.getByRole('region', { name: 'Revenue' });
  await expect(revenue.getByRole('img', { name: 'Chart: Revenue' })).toBeVisible();
  await expect(revenue.locator('.recharts-bar-rectangle').first()).toBeVisible();
  const month = new Date().toISOString().slice(0, 7);
  await expect(revenue.getByRole('table', { name: 'Table: Revenue' }).getByRole('row', { name: new RegExp(`${month}.*USD.*123\\.45`) })).toBeVisible();
  // A report with nothing in the period says what to do instead of drawing an empty chart.
  await expect(page.getByRole('region', { name: 'Referrals' })).toContainText('No referrals in this period. Record who referred whom');
  await expect(page.getByRole('region', { name: 'Acquisition source' }).getByRole('table')).toContainText('Trade fair');

  const [download] = await Promise.all([page.waitForEvent('download'), revenue.getByRole('link', { name: 'Download CSV: Revenue' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^revenue-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\n')[0]).toBe('Period,Currency,Payments,Amount');
  expect(csv).toContain(`${month},USD,1,123.45`);

  // By week: the table regroups.
  await page.getByText('By week', { exact: true }).click();
  await expect(page.getByRole('radio', { name: 'By week' })).toBeChecked();
  await expect(revenue.getByRole('table', { name: 'Table: Revenue' }).getByRole('row', { name: /\d{4}-\d{2}-\d{2}.*USD.*123\.45/ })).toBeVisible();
  await shot(page, 'reports');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(revenue.getByRole('img', { name: 'Chart: Revenue' })).toBeVisible();
  await shot(page, 'reports');
});

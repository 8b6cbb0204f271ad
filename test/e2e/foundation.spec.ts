import { expect, test, type Page } from '@playwright/test';

// One story, in order, on a server that starts with an empty data directory: the first
// person sets Rapport up, signs out and in, invites a colleague who joins by the link, and
// creates an API key, uses it and revokes it.
test.describe.configure({ mode: 'serial' });

const owner = { workspace: 'Hernández Notaries', name: 'Ana Hernández', email: 'ana@notaries.example', password: 'Notary-office-2026' };
const colleague = { name: 'Zoë Martin', email: 'zoe@notaries.example', password: 'Second-desk-chair-9' };

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signedIn(page: Page, email: string, password: string) {
  await signIn(page, email, password);
  await expect(page).not.toHaveURL(/\/login/);
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: /user menu|account/i }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
}

test('first run: set-up creates the account and workspace', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup/);
  // The server's field errors appear beside the field.
  await page.getByLabel('Workspace name').fill(owner.workspace);
  await page.getByLabel('Your name').fill(owner.name);
  await page.getByLabel('Email').fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill('password123');
  await page.getByRole('button', { name: 'Create workspace and account' }).click();
  await expect(page.getByText(/most common passwords/)).toBeVisible();

  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByRole('button', { name: 'Create workspace and account' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText(owner.workspace).first()).toBeVisible();
});

test('sign out, a wrong password is refused, then sign in', async ({ page }) => {
  await signIn(page, owner.email, owner.password);
  await expect(page).toHaveURL(/\/$/);
  await signOut(page);

  await signIn(page, owner.email, 'not-the-password-at-all');
  await expect(page.getByText('The e-mail or password is not right.')).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);

  // A deep link survives a reload (SPA fallback) and a signed-out visit comes back to it after sign-in.
  await page.goto('/settings/team');
  await page.reload();
  await expect(page.getByRole('cell', { name: owner.email })).toBeVisible();
});

test('invite a team member who joins through the link', async ({ page, browser }) => {
  await signedIn(page, owner.email, owner.password);
  await page.goto('/settings/team');
  await page.getByRole('button', { name: 'Invite member' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Email').fill(colleague.email);
  await dialog.getByLabel('Name').fill(colleague.name);
  await dialog.getByLabel('Role', { exact: true }).click();
  await page.getByRole('option', { name: 'Manager' }).click();
  await dialog.getByRole('button', { name: 'Send invite' }).click();

  const link = page.getByText(/\/invite\/rpi_/);
  await expect(link).toBeVisible();
  const inviteUrl = (await link.textContent())!.match(/https?:\/\/\S+\/invite\/rpi_[A-Za-z0-9_-]+/)![0];
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('cell', { name: colleague.email })).toBeVisible();
  await expect(page.getByText('Invited').first()).toBeVisible();

  const other = await browser.newContext();
  const newcomer = await other.newPage();
  await newcomer.goto(inviteUrl);
  await expect(newcomer.getByText(owner.workspace).first()).toBeVisible();
  await newcomer.getByLabel('Password', { exact: true }).fill(colleague.password);
  await newcomer.getByRole('button', { name: /join/i }).click();
  await expect(newcomer).toHaveURL(/\/$/);
  // The home page is the dashboard; the account menu says who they are here.
  await newcomer.getByRole('button', { name: new RegExp(colleague.name) }).click();
  await expect(newcomer.getByText(`Manager of ${owner.workspace}`)).toBeVisible();
  await other.close();

  await page.reload();
  const row = page.getByRole('row', { name: new RegExp(colleague.email) });
  await expect(row).toBeVisible();
  await expect(row.getByText('Invited')).toHaveCount(0);
});

test('create an API key, call the API with it, revoke it', async ({ page, request }) => {
  await signedIn(page, owner.email, owner.password);
  await page.goto('/settings/api-keys');
  await page.getByRole('button', { name: 'Create API key' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill('Zapier sync');
  await dialog.getByRole('button', { name: 'Create key' }).click();

  const tokenText = page.getByText(/^rpk_[A-Za-z0-9_-]{20,}$/);
  await expect(tokenText).toBeVisible();
  const token = (await tokenText.textContent())!.trim();

  const me = await request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  const body = await me.json();
  expect(body.workspace.name).toBe(owner.workspace);
  expect(body.apiKey.name).toBe('Zapier sync');

  await page.keyboard.press('Escape');
  const row = page.getByRole('row', { name: /Zapier sync/ });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(row.getByText('Revoked')).toBeVisible();

  const after = await request.get('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
  expect(after.status()).toBe(401);
  expect(after.headers()['content-type']).toContain('application/problem+json');
});

test('the audit log shows what happened', async ({ page }) => {
  await signedIn(page, owner.email, owner.password);
  await page.goto('/settings/audit');
  await expect(page.getByText(/API key.*revoked|revoked.*API key/i).first()).toBeVisible();
  await expect(page.getByText(/failed sign-in|sign-in failed|login failed/i).first()).toBeVisible();
});

test('works at phone width', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, owner.email, owner.password);
  await expect(page).toHaveURL(/\/$/);
  await page.getByRole('button', { name: 'Open navigation' }).click();
  await page.getByRole('link', { name: /team/i }).click();
  await expect(page.getByText(colleague.email)).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

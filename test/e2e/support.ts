import { expect, type Page } from '@playwright/test';

// What every browser story starts from: the owner foundation.spec.ts sets up (or sets up itself
// when a story runs alone), a workspace of its own so stories never see each other's clients, and
// screenshots when E2E_SCREENSHOTS names a folder.

export const owner = { workspace: 'Hernández Notaries', name: 'Ana Hernández', email: 'ana@notaries.example', password: 'Notary-office-2026' };
export const api = '/api/v1';
export const shotsDir = process.env.E2E_SCREENSHOTS;

/** Signs the page's browser context in as the owner and moves it to a fresh workspace; returns its name. */
export async function ownWorkspace(page: Page, label: string): Promise<string> {
  const request = page.request;
  const setup = await (await request.get(`${api}/setup`)).json();
  const auth = setup.needed
    ? await request.post(`${api}/setup`, { data: { workspaceName: owner.workspace, name: owner.name, email: owner.email, password: owner.password } })
    : await request.post(`${api}/auth/login`, { data: { email: owner.email, password: owner.password } });
  expect(auth.status()).toBe(setup.needed ? 201 : 200);
  const name = `${label} ${Date.now().toString(36)}`;
  const ws = await request.post(`${api}/workspaces`, { data: { name } });
  expect(ws.status()).toBe(201);
  const switched = await request.post(`${api}/auth/switch-workspace`, { data: { workspaceId: (await ws.json()).id } });
  expect(switched.status()).toBe(200);
  return name;
}

/** A full-page screenshot named after the viewport's width, when E2E_SCREENSHOTS is set. */
export async function shot(page: Page, name: string): Promise<void> {
  if (shotsDir) await page.screenshot({ path: `${shotsDir}/${name}-${page.viewportSize()?.width}.png`, fullPage: true });
}

import { expect, test, type Page } from '@playwright/test';
import { api, ownWorkspace, shotsDir } from './support';

// The duplicates review screen as a manager uses it: an empty queue says to run a scan; near-
// duplicate clients made through the API (same phone, names 95 % alike) are found by a scan
// started from the page, shown as groups with their reasons; one group is compared side by side,
// one field takes the other client's value, the dry-run preview shows what moves, the merge is
// done, the survivor holds the chosen value and the merged client's address leads to it; the
// merge is undone from the history; a household pair is dismissed as "not a duplicate"; the rules
// page shows a field error from the API on its field; a client page's possible duplicate is merged
// from there and undone from the notification; a viewer reads but cannot scan, merge or dismiss.
// Runs last in the chain (see
// playwright.config.ts), as the same owner, in a workspace of its own.
test.describe.configure({ mode: 'serial' });

async function shots2(page: Page, name: string) {
  if (!shotsDir) return;
  const size = page.viewportSize()!;
  // A full-page shot draws the fixed header where the page is scrolled to: start from the top.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${shotsDir}/${name}-${size.width}.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(400);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${shotsDir}/${name}-390.png`, fullPage: true });
  await page.setViewportSize(size);
  await page.waitForTimeout(200);
}

test('a scan finds near-duplicates; one group is compared, previewed, merged and undone; a pair is dismissed', async ({ page }) => {
  await ownWorkspace(page, 'Duplicates');
  const make = async (data: Record<string, unknown>) => {
    const res = await page.request.post(`${api}/clients`, { data });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()) as { id: string; displayName: string };
  };

  // Nothing yet: the empty queue says what to do.
  await page.goto('/duplicates');
  await expect(page.getByRole('heading', { name: 'No likely duplicates' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Duplicates', exact: true })).toHaveAttribute('aria-current', 'page');

  const anna = await make({
    firstName: 'Anna', lastName: 'Schmidt', email: 'anna.schmidt@example.test', phone: '+49 30 1234567', occupation: 'Teacher', preferredLanguage: 'de',
    addresses: [{ kind: 'primary', city: 'Berlin', country: 'DE' }], tags: ['newsletter'],
  });
  const ana = await make({ firstName: 'Ana', lastName: 'Schmidt', email: 'ana@example.test', phone: '+49 30 1234567', occupation: 'Architect' });
  const contact = await page.request.post(`${api}/clients/${ana.id}/contacts`, { data: { firstName: 'Max', lastName: 'Assistant' } });
  expect(contact.status(), await contact.text()).toBe(201);
  const jon = await make({ firstName: 'Jon', lastName: 'Weber', phone: '+49 40 7654321' });
  const john = await make({ firstName: 'John', lastName: 'Weber', phone: '+49 40 7654321' });
  await shots2(page, 'dup-empty');

  // A scan from the empty state: the progress ends and the queue fills, best group first, with its reasons.
  await page.getByRole('button', { name: 'Run a scan' }).first().click();
  await expect(page.getByRole('status').filter({ hasText: 'Scan finished' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('2 likely pairs in 2 groups.')).toBeVisible();
  const annaGroup = page.getByRole('article', { name: /Schmidt/ });
  await expect(annaGroup).toBeVisible();
  await expect(annaGroup).toContainText('same phone · names 95 % similar');
  await expect(annaGroup).toContainText('anna.schmidt@example.test');
  await expect(page.getByRole('article', { name: /Weber/ })).toBeVisible();
  await expect(page.getByText('2 groups to review')).toBeVisible();
  await shots2(page, 'dup-queue');

  // The client page names its likely duplicate and links to the comparison.
  await page.goto(`/clients/${anna.id}`);
  const possible = page.getByRole('alert').filter({ hasText: 'Possible duplicate' });
  await expect(possible).toContainText('Ana Schmidt');
  await expect(possible).toContainText('same phone · names 95 % similar');
  await expect(possible.getByRole('link', { name: 'Compare both' })).toBeVisible();

  // Compare from the queue: the fuller record is suggested as the survivor; the occupation is taken from Ana.
  await page.goto('/duplicates');
  await page.getByRole('article', { name: /Schmidt/ }).getByRole('link', { name: /Compare and merge/ }).click();
  await expect(page).toHaveURL(/\/duplicates\/compare\?ids=/);
  await expect(page.getByRole('heading', { name: 'Compare 2 clients' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Clients side by side' });
  await expect(page.getByRole('radio', { name: 'Keep Anna Schmidt as the surviving record' })).toBeChecked();
  await expect(page.getByText('Anna Schmidt ↔ Ana Schmidt: same phone · names 95 % similar').or(page.getByText('Ana Schmidt ↔ Anna Schmidt: same phone · names 95 % similar'))).toBeVisible();
  const fromAnna = page.getByRole('radio', { name: 'Occupation: Teacher — from Anna Schmidt' });
  const fromAna = page.getByRole('radio', { name: 'Occupation: Architect — from Ana Schmidt' });
  await expect(fromAnna).toBeChecked();
  await fromAna.check();
  await expect(fromAna).toBeChecked();
  await expect(fromAnna).not.toBeChecked();
  const occupationRow = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Occupation' }) });
  await expect(occupationRow.getByRole('cell').last()).toHaveText('Architect');
  // Keyboard: the first-name row is a radio group; the arrow key moves the choice to the other client and back.
  const firstNameAnna = page.getByRole('radio', { name: 'First name: Anna — from Anna Schmidt' });
  await firstNameAnna.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: 'First name: Ana — from Ana Schmidt' })).toBeChecked();
  await page.keyboard.press('ArrowLeft');
  await expect(firstNameAnna).toBeChecked();
  await shots2(page, 'dup-compare');

  // Someone edits the survivor meanwhile: the preview answers 412 and the page says to reload; the choices stay.
  const edited = await page.request.patch(`${api}/clients/${anna.id}`, { data: { notes: 'Called on Tuesday' } });
  expect(edited.status(), await edited.text()).toBe(200);
  await page.getByRole('button', { name: 'Preview merge' }).click();
  const conflict = page.getByRole('alert').filter({ hasText: 'Changed by someone else' });
  await expect(conflict).toBeVisible();
  await conflict.getByRole('button', { name: 'Reload' }).click();
  await expect(conflict).toBeHidden();
  await expect(table).toContainText('Called on Tuesday');
  await expect(fromAna).toBeChecked();

  // The preview is a dry run: it says what would move, and nothing has changed yet.
  await page.getByRole('button', { name: 'Preview merge' }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge 2 clients?' });
  await expect(dialog.getByRole('table', { name: 'What moves, per kind of record' })).toContainText('Contacts1');
  await expect(dialog.getByRole('list', { name: 'Values the survivor takes' })).toHaveText('Occupation: Teacher → Architect');
  await expect(dialog.getByRole('list', { name: 'The surviving record' })).toContainText('anna.schmidt@example.test (primary)');
  await expect(dialog.getByRole('list', { name: 'The surviving record' })).toContainText('ana@example.test');
  await shots2(page, 'dup-preview');
  expect((await page.request.get(`${api}/clients/${ana.id}`, { maxRedirects: 0 })).status()).toBe(200);

  await dialog.getByRole('button', { name: 'Merge 2 clients' }).click();
  await expect(page).toHaveURL(/\/duplicates$/);
  const notice = page.getByRole('alert').filter({ hasText: 'Merged into Anna Schmidt' });
  await expect(notice).toContainText('1 client merged; moved: 1 contact.');
  await expect(notice.getByRole('button', { name: 'Undo' })).toBeVisible();
  await expect(page.getByRole('article', { name: /Schmidt/ })).toHaveCount(0);
  await expect(page.getByText('1 group to review')).toBeVisible();

  // The survivor holds the chosen value and both e-mails; the merged client's address leads to it.
  await page.goto(`/clients/${ana.id}`);
  await expect(page).toHaveURL(new RegExp(`/clients/${anna.id}$`));
  await expect(page.getByText('That client was merged into Anna Schmidt')).toBeVisible();
  await expect(page.getByText('Architect').first()).toBeVisible();
  const survivor = await (await page.request.get(`${api}/clients/${anna.id}`)).json();
  expect(survivor.occupation).toBe('Architect');
  expect(survivor.firstName).toBe('Anna');
  expect(survivor.emails.map((e: { value: string }) => e.value).sort()).toEqual(['ana@example.test', 'anna.schmidt@example.test']);

  // Undo from the merge history: Ana is back with her contact.
  await page.goto('/duplicates');
  await page.getByRole('tab', { name: 'Merge history' }).click();
  await expect(page).toHaveURL(/\/duplicates\/merges$/);
  const merges = page.getByRole('list', { name: 'Merges' });
  await expect(merges).toContainText('Ana Schmidt merged into Anna Schmidt');
  await expect(merges).toContainText('Moved: 1 contact · ');
  await expect(merges).toContainText('Undo possible until');
  await shots2(page, 'dup-history');
  await merges.getByRole('button', { name: 'Undo the merge into Anna Schmidt' }).click();
  await page.getByRole('dialog', { name: 'Undo this merge?' }).getByRole('button', { name: 'Undo merge' }).click();
  await expect(merges.getByText(/^Undone/)).toBeVisible();
  await expect(merges.getByRole('button', { name: /Undo the merge/ })).toHaveCount(0);
  const back = await page.request.get(`${api}/clients/${ana.id}`, { maxRedirects: 0 });
  expect(back.status()).toBe(200);
  expect((await back.json()).occupation).toBe('Architect');
  const contacts = await (await page.request.get(`${api}/clients/${ana.id}/contacts`)).json();
  expect(contacts.data.map((c: { firstName: string }) => c.firstName)).toEqual(['Max']);
  expect((await (await page.request.get(`${api}/clients/${anna.id}`)).json()).occupation).toBe('Teacher');

  // "Not a duplicate" on the Weber pair: it leaves the queue and the API no longer proposes it.
  await page.getByRole('tab', { name: 'Review queue' }).click();
  const weber = page.getByRole('article', { name: /Weber/ });
  await weber.getByRole('button', { name: /are not a duplicate/ }).click();
  await expect(page.getByText('Marked as not a duplicate')).toBeVisible();
  await expect(weber).toHaveCount(0);
  const jonDuplicates = await (await page.request.get(`${api}/clients/${jon.id}/duplicates`)).json();
  expect(jonDuplicates.data.map((d: { client: { id: string } }) => d.client.id)).not.toContain(john.id);
});

test('the duplicate rules show the API’s field errors on their fields, and save', async ({ page }) => {
  await ownWorkspace(page, 'Duplicate rules');
  await page.goto('/settings/duplicates');
  await expect(page.getByRole('heading', { name: 'Duplicate rules' })).toBeVisible();
  const threshold = page.getByRole('textbox', { name: 'Propose pairs scoring at least' });
  await expect(threshold).toHaveValue('65');
  const examples = page.getByRole('table', { name: 'Examples scored with these rules' });
  await expect(examples.getByRole('row').filter({ hasText: 'Jonas Weber, same phone' })).toContainText('Not proposed');

  await threshold.fill('150');
  await page.getByRole('button', { name: 'Save rules' }).click();
  await expect(page.getByText('Must be at most 100')).toBeVisible();
  await expect(threshold).toHaveAttribute('aria-invalid', 'true');

  // A lower threshold lets a shared phone alone through: the examples say so before saving.
  await threshold.fill('55');
  await expect(examples.getByRole('row').filter({ hasText: 'Jonas Weber, same phone' }).getByText('Proposed', { exact: true })).toBeVisible();
  await shots2(page, 'dup-settings');
  await page.getByRole('button', { name: 'Save rules' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  expect((await (await page.request.get(`${api}/settings/duplicates`)).json()).threshold).toBe(55);
});

test('from a client page: its possible duplicate is compared, merged, and the merge undone from the notification', async ({ page }) => {
  await ownWorkspace(page, 'Duplicates from a client');
  const make = async (data: Record<string, unknown>) => {
    const res = await page.request.post(`${api}/clients`, { data });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()) as { id: string; displayName: string };
  };
  const lukas = await make({ firstName: 'Lukas', lastName: 'Brandt', email: 'lukas.brandt@example.test', phone: '+49 89 555 0101', industry: 'Printing' });
  const lucas = await make({ firstName: 'Lucas', lastName: 'Brandt', email: 'Lukas.Brandt+shop@example.test' });

  await page.goto(`/clients/${lucas.id}`);
  const possible = page.getByRole('alert').filter({ hasText: 'Possible duplicate' });
  await expect(possible).toContainText('Lukas Brandt');
  await expect(possible).toContainText('same e-mail');
  await possible.getByRole('link', { name: 'Compare both' }).click();
  await expect(page).toHaveURL(/\/duplicates\/compare\?ids=.*&from=/);
  // Lukas has more filled in, so his record is suggested; the back link returns to the client.
  await expect(page.getByRole('radio', { name: 'Keep Lukas Brandt as the surviving record' })).toBeChecked();
  await expect(page.getByRole('link', { name: 'Back to the client' })).toBeVisible();
  await page.getByRole('switch', { name: 'Only rows that differ' }).check();
  await expect(page.getByRole('rowheader', { name: 'Last name' })).toHaveCount(0);
  await expect(page.getByRole('rowheader', { name: /^First name/ })).toBeVisible();

  await page.getByRole('button', { name: 'Preview merge' }).click();
  const dialog = page.getByRole('dialog', { name: 'Merge 2 clients?' });
  await expect(dialog).toContainText('No related records: only the profile values merge.');
  await dialog.getByRole('button', { name: 'Merge 2 clients' }).click();
  await expect(page).toHaveURL(new RegExp(`/clients/${lukas.id}$`));
  await expect(page.getByRole('alert').filter({ hasText: 'Possible duplicate' })).toHaveCount(0);

  const notice = page.getByRole('alert').filter({ hasText: 'Merged into Lukas Brandt' });
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Merge undone' })).toBeVisible();
  expect((await page.request.get(`${api}/clients/${lucas.id}`, { maxRedirects: 0 })).status()).toBe(200);
  const merges = await (await page.request.get(`${api}/merges`)).json();
  expect(merges.data[0].undoneAt).not.toBeNull();
});

test('a viewer reads the queue and compares, without scan, merge or dismiss', async ({ page }) => {
  await ownWorkspace(page, 'Duplicates viewer');
  for (const data of [{ firstName: 'Mila', lastName: 'Novak', phone: '+49 221 400 500' }, { firstName: 'Milla', lastName: 'Novak', phone: '+49 221 400 500' }]) {
    expect((await page.request.post(`${api}/clients`, { data })).status()).toBe(201);
  }
  const viewer = { email: `vik.${Date.now().toString(36)}@notaries.example`, password: 'Viewer-notary-2026' };
  const added = await page.request.post(`${api}/users`, { data: { ...viewer, name: 'Vik Viewer', role: 'viewer' } });
  expect(added.status(), await added.text()).toBeLessThan(300);
  // Signing in as the viewer replaces the owner's session in this browser.
  expect((await page.request.post(`${api}/auth/login`, { data: viewer })).status()).toBe(200);

  await page.goto('/duplicates');
  const group = page.getByRole('article', { name: /Novak/ });
  await expect(group).toContainText('same phone');
  await expect(page.getByRole('button', { name: 'Run a scan' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Rules', exact: true })).toHaveCount(0);
  await expect(group.getByRole('button', { name: /not a duplicate/ })).toHaveCount(0);
  await group.getByRole('link', { name: /^Compare / }).click();
  await expect(page.getByText('Only managers, admins and owners can merge clients.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Clients side by side' })).toContainText('Milla');
  await expect(page.getByRole('radio')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Preview merge' })).toHaveCount(0);
  await page.goto('/settings/duplicates');
  await expect(page.getByText('Only managers, admins and owners can see and change the duplicate rules.')).toBeVisible();
});

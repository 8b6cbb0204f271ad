import { expect, test, type Page } from '@playwright/test';
import { api, ownWorkspace, owner, shot } from './support';

// The client 360 story in the browser. It runs after foundation.spec.ts and clients.spec.ts (see the
// projects in playwright.config.ts), signs in as the owner foundation.spec.ts set up — or sets
// Rapport up itself when run alone — and works in a workspace of its own.
test.describe.configure({ mode: 'serial' });


const header = (page: Page) => page.getByRole('main');

test('log a call with a follow-up, see it in My tasks, book and complete a booking: Guest → Existing, Prospect → Active, timeline updated', async ({ page }) => {
  test.setTimeout(90_000);
  await ownWorkspace(page, 'Client 360');

  // The workspace calls its orders "bookings": the word is used everywhere.
  await page.goto('/settings/orders');
  await page.getByRole('combobox', { name: 'We call them' }).click();
  await page.getByRole('option', { name: 'Bookings' }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Order settings saved.')).toBeVisible();

  const created = await page.request.post(`${api}/clients`, { data: { type: 'individual', firstName: 'Marta', lastName: 'Quiroga', email: 'marta@quiroga.example', status: 'prospect' } });
  expect(created.status(), await created.text()).toBe(201);
  const client = (await created.json()) as { id: string };

  await page.goto(`/clients/${client.id}`);
  await expect(page.getByRole('heading', { name: 'Marta Quiroga' })).toBeVisible();
  await expect(header(page).getByText('Guest', { exact: true })).toBeVisible();
  await expect(header(page).getByText('Prospect', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Bookings' })).toBeVisible();

  // Log a call with a follow-up date: it lands on the timeline, and the follow-up in My tasks.
  await page.getByRole('button', { name: 'Log a call' }).click();
  const call = page.getByRole('dialog', { name: 'Log a call' });
  await call.getByLabel('Subject').fill('Renewal terms');
  await call.getByLabel('Notes').fill('Wants the signing moved to Friday.');
  await call.getByLabel('Duration (minutes)').fill('12');
  const tomorrow = new Date(Date.now() + 86_400_000);
  const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
  await call.getByLabel('Follow up on').fill(day);
  await call.getByRole('button', { name: 'Save' }).click();
  await expect(call).toBeHidden();

  await page.getByRole('tab', { name: 'Timeline' }).click();
  const timeline = page.getByRole('list', { name: /^Timeline/ });
  await expect(timeline.getByText('Call (outbound): Renewal terms')).toBeVisible();
  await expect(timeline.getByText('Follow up: Renewal terms')).toBeVisible();

  await page.getByRole('link', { name: 'My tasks' }).click();
  await expect(page).toHaveURL(/\/tasks$/);
  const upcoming = page.getByRole('region', { name: 'Upcoming' });
  await expect(upcoming.getByText('Follow up: Renewal terms')).toBeVisible();
  await shot(page, 'my-tasks');
  await upcoming.getByRole('link', { name: 'Marta Quiroga' }).click();
  await expect(page).toHaveURL(new RegExp(`/clients/${client.id}$`));

  // Book a booking: the client is no longer a guest.
  await page.getByRole('button', { name: 'New booking' }).click();
  const booking = page.getByRole('dialog', { name: 'New booking' });
  await booking.getByLabel('Title').fill('Loan signing');
  await booking.getByLabel('Value (USD)').fill('150.00');
  await booking.getByRole('button', { name: 'Book booking' }).click();
  await expect(booking).toBeHidden();
  await expect(header(page).getByText('Existing', { exact: true })).toBeVisible();

  // Complete it with a rating: the prospect turns active.
  await page.getByRole('tab', { name: 'Bookings' }).click();
  const bookings = page.getByRole('table', { name: 'Bookings' });
  await expect(bookings.getByText('Loan signing')).toBeVisible();
  await expect(bookings.getByText('$150.00')).toBeVisible();
  await bookings.getByRole('button', { name: /Status of Loan signing: Requested/ }).click();
  await page.getByRole('menuitem', { name: 'Complete…' }).click();
  const complete = page.getByRole('dialog', { name: /Complete/ });
  // Mantine's Rating hides its radios behind star labels: click the label of "5 of 5".
  const five = await complete.getByLabel('5 of 5').getAttribute('id');
  await complete.locator(`label[for="${five}"]`).click();
  await complete.getByRole('button', { name: 'Complete booking' }).click();
  await expect(complete).toBeHidden();
  await expect(bookings.getByRole('button', { name: /Status of Loan signing: Completed/ })).toBeVisible();
  await expect(bookings.getByLabel('Rated 5 of 5')).toBeVisible();
  await expect(header(page).getByText('Active', { exact: true }).first()).toBeVisible();
  await shot(page, 'client-bookings');

  // The timeline shows the booking, both status changes and the call, newest first; the kind chips filter it.
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await expect(timeline.getByText('Booking completed: Loan signing')).toBeVisible();
  await expect(timeline.getByText('Status: prospect → active (first completed booking)')).toBeVisible();
  await expect(timeline.getByText('Guest → Existing: first booking booked')).toBeVisible();
  await expect(timeline.getByText('Call (outbound): Renewal terms')).toBeVisible();
  await shot(page, 'client-timeline');
  await page.getByRole('group', { name: 'Show only these kinds' }).getByText('Interactions').click();
  await expect(timeline.getByText('Call (outbound): Renewal terms')).toBeVisible();
  await expect(timeline.getByText('Booking completed: Loan signing')).toBeHidden();
  await page.getByRole('button', { name: 'Show all' }).click();

  // Quick stats on Overview.
  await page.getByRole('tab', { name: 'Overview' }).click();
  const stats = page.getByLabel('Quick stats');
  await expect(stats.getByText('$150.00')).toBeVisible();
  await shot(page, 'client-overview');

  // Complete the follow-up from My tasks in one click.
  await page.goto('/tasks');
  await page.getByRole('checkbox', { name: 'Mark “Follow up: Renewal terms” done' }).check();
  await expect(page.getByText('Follow up: Renewal terms')).toBeHidden();
  await expect(page.getByText('Nothing scheduled later.', { exact: false })).toBeVisible();
});

test('the client page and My tasks work at phone width', async ({ page }) => {
  await ownWorkspace(page, 'Client 360 phone');
  await page.setViewportSize({ width: 390, height: 844 });
  const created = await page.request.post(`${api}/clients`, { data: { type: 'business', companyName: 'Borealis Title Co.', email: 'desk@borealis.example' } });
  const client = (await created.json()) as { id: string };
  await page.goto(`/clients/${client.id}`);
  await expect(page.getByRole('button', { name: 'Log a call' })).toBeVisible();
  await page.getByRole('button', { name: 'Add note' }).click();
  const note = page.getByRole('dialog', { name: 'Add a note' });
  await note.getByLabel('Note', { exact: true }).fill('Prefers e-mail before 10 am.');
  await note.getByRole('button', { name: 'Save' }).click();
  await expect(note).toBeHidden();
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await expect(page.getByText('Prefers e-mail before 10 am.')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, 'client-timeline');
  // Upload a document (type checked by content on the server), marked confidential.
  await page.getByRole('button', { name: 'Upload document' }).first().click();
  const upload = page.getByRole('dialog', { name: 'Upload a document' });
  await upload.locator('input[type="file"]').setInputFiles({ name: 'ids.csv', mimeType: 'text/csv', buffer: Buffer.from('name,id\nBorealis,42\n') });
  await upload.getByLabel('Title').fill('Signer IDs');
  await upload.getByLabel(/Confidential/).check();
  await upload.getByRole('button', { name: 'Upload' }).click();
  await expect(upload).toBeHidden();
  await page.getByRole('tab', { name: 'Documents' }).click();
  await expect(page.getByRole('link', { name: 'Signer IDs', exact: true })).toBeVisible();
  await expect(page.getByText('Confidential', { exact: true })).toBeVisible();
  for (const tab of ['Orders', 'Billing', 'Documents', 'Feedback']) {
    await page.getByRole('tab', { name: tab }).click();
    await shot(page, `client-${tab.toLowerCase()}`);
  }
  // "+ New" → Task, without a client: it shows in My tasks.
  await page.goto('/tasks');
  await expect(page.getByRole('heading', { name: 'My tasks' })).toBeVisible();
  await page.getByRole('button', { name: 'New…' }).click();
  await page.getByRole('menuitem', { name: 'Task' }).click();
  await page.getByRole('dialog', { name: /which client/ }).getByRole('button', { name: 'No client: a task of my own' }).click();
  const task = page.getByRole('dialog', { name: 'New task' });
  await task.getByLabel('Title').fill('Order new stamp');
  await task.getByRole('button', { name: 'Add task' }).click();
  await expect(task).toBeHidden();
  await expect(page.getByRole('region', { name: 'Upcoming' }).getByText('Order new stamp')).toBeVisible();
  await shot(page, 'my-tasks');
});

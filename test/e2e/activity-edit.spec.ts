import { expect, test, type Page } from '@playwright/test';
import { api, ownWorkspace, owner, shot } from './support';

// Editing a client's history in the browser: an interaction logged with a contact, edited from the
// timeline and deleted; an order's status changed from the Orders tab; and a stale edit (someone else
// saved first, through the API behind the page's back) refused with the conflict message, then reloaded.
// Runs after activity.spec.ts (see playwright.config.ts), as the same owner, in a workspace of its own.
test.describe.configure({ mode: 'serial' });


async function newClient(page: Page) {
  const created = await page.request.post(`${api}/clients`, { data: { type: 'business', companyName: `Ferrer Estates ${Date.now().toString(36)}`, email: 'office@ferrer.example' } });
  expect(created.status(), await created.text()).toBe(201);
  const client = (await created.json()) as { id: string; displayName: string };
  const contact = await page.request.post(`${api}/clients/${client.id}/contacts`, { data: { firstName: 'Lucía', lastName: 'Ferrer', email: 'lucia@ferrer.example' } });
  expect(contact.status(), await contact.text()).toBe(201);
  return { client, contactId: ((await contact.json()) as { id: string }).id };
}

const timelineOf = (page: Page) => page.getByRole('list', { name: /^Timeline/ });

test('log a call with a contact, edit it from the timeline, delete it', async ({ page }) => {
  await ownWorkspace(page, 'History edits');
  const { client, contactId } = await newClient(page);
  await page.goto(`/clients/${client.id}`);

  // Log a call with Lucía; the team member is me unless changed.
  await page.getByRole('button', { name: 'Log a call' }).click();
  const call = page.getByRole('dialog', { name: 'Log a call' });
  await expect(call.getByRole('combobox', { name: 'Team member' })).toHaveValue(`${owner.name} (me)`);
  await call.getByRole('combobox', { name: 'Contact' }).click();
  await page.getByRole('option', { name: /Lucía Ferrer/ }).click();
  await call.getByLabel('Subject').fill('Contract review');
  await call.getByRole('button', { name: 'Save' }).click();
  await expect(call).toBeHidden();

  const logged = (await (await page.request.get(`${api}/clients/${client.id}/interactions`)).json()).data as { id: string; contactId: string | null; userId: string | null }[];
  expect(logged).toHaveLength(1);
  expect(logged[0]!.contactId).toBe(contactId);
  expect(logged[0]!.userId).not.toBeNull();

  // The timeline entry opens the call (by keyboard, as a button); change its subject and outcome.
  await page.getByRole('tab', { name: 'Timeline' }).click();
  const timeline = timelineOf(page);
  const entry = timeline.getByRole('button', { name: 'Open: Call (outbound): Contract review' });
  await entry.focus();
  await page.keyboard.press('Enter');
  const edit = page.getByRole('dialog', { name: 'Edit call' });
  await expect(edit.getByLabel('Subject')).toHaveValue('Contract review');
  await expect(edit.getByRole('combobox', { name: 'Contact' })).toHaveValue(/Lucía Ferrer/);
  await edit.getByLabel('Subject').fill('Contract review, second pass');
  await edit.getByLabel('Outcome').fill('Agreed to sign on Friday');
  await shot(page, 'edit-interaction');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(timeline.getByText('Call (outbound): Contract review, second pass')).toBeVisible();
  await expect(timeline.getByText('Agreed to sign on Friday')).toBeVisible();
  await expect(timeline.getByText('With Lucía Ferrer')).toBeVisible();
  await expect(timeline.getByText(`By ${owner.name}`)).toBeVisible();
  await expect(timeline.getByText('Call (outbound): Contract review', { exact: true })).toHaveCount(0);
  await shot(page, 'timeline-edited');

  // Delete it, after confirming: gone from the timeline and the API.
  await timeline.getByRole('button', { name: 'Open: Call (outbound): Contract review, second pass' }).click();
  await page.getByRole('dialog', { name: 'Edit call' }).getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this interaction?' });
  await confirm.getByRole('button', { name: 'Delete interaction' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole('dialog', { name: 'Edit call' })).toBeHidden();
  await expect(timeline.getByText('Call (outbound): Contract review, second pass')).toBeHidden();
  await expect(page.getByText('No history yet')).toBeVisible();
  expect((await (await page.request.get(`${api}/clients/${client.id}/interactions`)).json()).total).toBe(0);
});

test('change an order’s status from the Orders tab; a stale edit shows the conflict and reloads', async ({ page }) => {
  await ownWorkspace(page, 'Order edits');
  const { client } = await newClient(page);
  const booked = await page.request.post(`${api}/clients/${client.id}/orders`, { data: { title: 'Title search', value: { amount: 25000, currency: 'USD' } } });
  expect(booked.status(), await booked.text()).toBe(201);
  const order = (await booked.json()) as { id: string; version: number };

  await page.goto(`/clients/${client.id}`);
  await page.getByRole('tab', { name: 'Orders' }).click();
  const orders = page.getByRole('table', { name: 'Orders' });
  await orders.getByRole('button', { name: 'Open order Title search' }).click();
  let edit = page.getByRole('dialog', { name: 'Edit order: Title search' });
  await edit.getByRole('combobox', { name: 'Status' }).click();
  await page.getByRole('option', { name: 'In progress' }).click();
  await edit.getByLabel('Location').fill('Registry office');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(orders.getByRole('button', { name: /Status of Title search: In progress/ })).toBeVisible();
  const saved = (await (await page.request.get(`${api}/orders/${order.id}`)).json()) as { status: string; location: string; version: number };
  expect(saved).toMatchObject({ status: 'in_progress', location: 'Registry office', version: order.version + 1 });

  // Open it again; meanwhile a colleague renames it (through the API, behind the page's back).
  await orders.getByRole('button', { name: 'Open order Title search' }).click();
  edit = page.getByRole('dialog', { name: 'Edit order: Title search' });
  await expect(edit.getByLabel('Title')).toHaveValue('Title search');
  const theirs = await page.request.patch(`${api}/orders/${order.id}`, { data: { title: 'Title search (urgent)', version: saved.version } });
  expect(theirs.status(), await theirs.text()).toBe(200);
  await edit.getByLabel('Notes').fill('Bring the deed copies');
  await edit.getByRole('button', { name: 'Save' }).click();
  const conflict = edit.getByRole('alert').filter({ hasText: 'This order was changed by someone else' });
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('Reload');
  await shot(page, 'edit-conflict');
  // Nothing of the stale edit was written.
  expect(((await (await page.request.get(`${api}/orders/${order.id}`)).json()) as { notes: string | null }).notes).toBeNull();

  // Reload shows the colleague's version; saving again works.
  await conflict.getByRole('button', { name: 'Reload' }).click();
  edit = page.getByRole('dialog', { name: 'Edit order: Title search (urgent)' });
  await expect(edit.getByLabel('Title')).toHaveValue('Title search (urgent)');
  await expect(edit.getByRole('alert')).toHaveCount(0);
  await edit.getByLabel('Notes').fill('Bring the deed copies');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  expect(((await (await page.request.get(`${api}/orders/${order.id}`)).json()) as { notes: string | null }).notes).toBe('Bring the deed copies');
  await expect(orders.getByText('Title search (urgent)')).toBeVisible();
  await shot(page, 'orders-edited');
});

test('at phone width the timeline opens a record full screen, and billing rows open theirs', async ({ page }) => {
  await ownWorkspace(page, 'History edits phone');
  await page.setViewportSize({ width: 390, height: 844 });
  const { client } = await newClient(page);
  const note = await page.request.post(`${api}/clients/${client.id}/interactions`, { data: { kind: 'note', subject: 'Parking', body: 'Visitors park behind the building.' } });
  expect(note.status()).toBe(201);
  const invoice = await page.request.post(`${api}/clients/${client.id}/invoices`, { data: { number: `F-${Date.now().toString(36)}`, status: 'sent', lines: [{ description: 'Deed copy', quantity: 2, unitPrice: { amount: 1500, currency: 'USD' } }] } });
  expect(invoice.status(), await invoice.text()).toBe(201);
  const number = ((await invoice.json()) as { number: string }).number;
  const task = await page.request.post(`${api}/tasks`, { data: { clientId: client.id, title: 'Send the parking map' } });
  expect(task.status(), await task.text()).toBe(201);

  await page.goto(`/clients/${client.id}`);
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await shot(page, 'timeline');
  await timelineOf(page).getByRole('button', { name: 'Open: Note: Parking' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit note' });
  await expect(edit.getByLabel('Note', { exact: true })).toHaveValue('Visitors park behind the building.');
  await shot(page, 'edit-note');
  await edit.getByRole('button', { name: 'Cancel' }).click();
  await expect(edit).toBeHidden();

  // A task entry opens the task: marking it done shows on its entry.
  await timelineOf(page).getByRole('button', { name: 'Open: Send the parking map' }).click();
  const taskEdit = page.getByRole('dialog', { name: 'Edit task' });
  await taskEdit.getByLabel('Done').check();
  await taskEdit.getByRole('button', { name: 'Save' }).click();
  await expect(taskEdit).toBeHidden();
  await expect(timelineOf(page).locator('li', { hasText: 'Send the parking map' }).getByText('Done', { exact: true })).toBeVisible();

  await page.getByRole('tab', { name: 'Billing' }).click();
  await page.getByRole('button', { name: `Open invoice ${number}` }).click();
  const inv = page.getByRole('dialog', { name: `Invoice ${number}` });
  await expect(inv.getByLabel('Line 1')).toHaveValue('Deed copy');
  await shot(page, 'edit-invoice');
  await inv.getByLabel('Qty').fill('3');
  await inv.getByRole('button', { name: 'Save' }).click();
  await expect(inv).toBeHidden();
  await expect(page.getByRole('table', { name: 'Invoices' }).getByText('$45.00').first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, 'billing');
});

test('a task of my own (no client) is edited and deleted from My tasks', async ({ page }) => {
  await ownWorkspace(page, 'Task edits');
  const created = await page.request.post(`${api}/tasks`, { data: { title: 'Renew the notary seal', dueAt: new Date(Date.now() + 3 * 86_400_000).toISOString() } });
  expect(created.status(), await created.text()).toBe(201);
  await page.goto('/tasks');
  const upcoming = page.getByRole('region', { name: 'Upcoming' });
  await upcoming.getByRole('button', { name: 'Open task Renew the notary seal' }).click();
  let edit = page.getByRole('dialog', { name: 'Edit task' });
  await edit.getByLabel('Title').fill('Renew the notary seal and stamp');
  await edit.getByRole('combobox', { name: 'Priority' }).click();
  await page.getByRole('option', { name: 'High' }).click();
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(upcoming.getByText('Renew the notary seal and stamp')).toBeVisible();
  await expect(upcoming.getByText('High', { exact: true })).toBeVisible();
  await shot(page, 'my-tasks-edited');

  await upcoming.getByRole('button', { name: 'Open task Renew the notary seal and stamp' }).click();
  edit = page.getByRole('dialog', { name: 'Edit task' });
  await edit.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog', { name: 'Delete this task?' }).getByRole('button', { name: 'Delete task' }).click();
  await expect(edit).toBeHidden();
  await expect(upcoming.getByText('Renew the notary seal and stamp')).toBeHidden();
  await expect(upcoming.getByText('Nothing scheduled later.', { exact: false })).toBeVisible();
});

test('a viewer opens a timeline entry read-only: the fields are disabled and only Close is offered', async ({ page }) => {
  await ownWorkspace(page, 'History viewer');
  const { client } = await newClient(page);
  const call = await page.request.post(`${api}/clients/${client.id}/interactions`, { data: { kind: 'call', subject: 'Opening hours' } });
  expect(call.status()).toBe(201);
  const viewer = { email: `vera.${Date.now().toString(36)}@notaries.example`, password: 'Viewer-notary-2026' };
  const added = await page.request.post(`${api}/users`, { data: { ...viewer, name: 'Vera Viewer', role: 'viewer' } });
  expect(added.status(), await added.text()).toBeLessThan(300);

  // Signing in as the viewer replaces the owner's session in this browser.
  const login = await page.request.post(`${api}/auth/login`, { data: viewer });
  expect(login.status(), await login.text()).toBe(200);
  await page.goto(`/clients/${client.id}`);
  await page.getByRole('tab', { name: 'Timeline' }).click();
  await timelineOf(page).getByRole('button', { name: 'Open: Call (outbound): Opening hours' }).click();
  const view = page.getByRole('dialog', { name: 'Call' });
  await expect(view.getByLabel('Subject')).toHaveValue('Opening hours');
  await expect(view.getByLabel('Subject')).toBeDisabled();
  await expect(view.getByRole('button', { name: 'Save' })).toHaveCount(0);
  await expect(view.getByRole('button', { name: 'Delete' })).toHaveCount(0);
  await view.getByRole('button', { name: 'Close' }).first().click();
  await expect(view).toBeHidden();
});

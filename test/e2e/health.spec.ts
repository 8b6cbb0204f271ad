import { expect, test, type Page } from '@playwright/test';
import { api, owner, ownWorkspace, shotsDir } from './support';

// Health scores in the browser: a manager changes a weight and sees the preview's band counts
// change before saving, saves and watches the recompute finish; a client's Health tab explains
// its score (a scored factor, a factor left out for lack of data). Runs after activity-edit.spec.ts
// (see playwright.config.ts), as the same owner, in a workspace of its own; data set up through the API.
test.describe.configure({ mode: 'serial' });


/** Full-page screenshots at desktop and phone width, when E2E_SCREENSHOTS names a folder. */
async function shots2(page: Page, name: string) {
  if (!shotsDir) return;
  const size = page.viewportSize()!;
  await page.screenshot({ path: `${shotsDir}/${name}-${size.width}.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${shotsDir}/${name}-390.png`, fullPage: true });
  await page.screenshot({ path: `${shotsDir}/${name}-390-top.png` });
  await page.setViewportSize(size);
}

async function newClient(page: Page, name: string) {
  const created = await page.request.post(`${api}/clients`, { data: { type: 'business', companyName: name } });
  expect(created.status(), await created.text()).toBe(201);
  return (await created.json()) as { id: string; displayName: string };
}

type Health = { score: number | null; band: { key: string } | null };
const healthOf = async (page: Page, id: string) => (await (await page.request.post(`${api}/clients/${id}/health/recompute`)).json()) as Health;

let unhappy: { id: string; displayName: string };
let score = 0;

test('a weight change previews the band counts before saving; saving recomputes every client', async ({ page }) => {
  await ownWorkspace(page, 'Health');
  // Two clients only recent contact speaks for (just created: Healthy), and one who answered
  // NPS 2 (satisfaction scores 10), which pulls it down to At-Risk.
  for (const name of ['Ortega Builders', 'Pons Studio']) expect((await healthOf(page, (await newClient(page, name)).id)).band?.key).toBe('healthy');
  unhappy = await newClient(page, 'Ferrer Estates');
  const nps = await page.request.post(`${api}/clients/${unhappy.id}/feedback`, { data: { kind: 'nps', score: 2 } });
  expect(nps.status(), await nps.text()).toBe(201);
  const before = await healthOf(page, unhappy.id);
  expect(before.band?.key).toBe('at_risk');
  score = before.score!;

  await page.goto('/settings/health');
  const preview = page.getByTestId('health-preview');
  await expect(preview).toContainText('With these settings: 2 Healthy · 1 At-Risk · 0 Critical');
  await shots2(page, 'health-settings');

  // Satisfaction off: the unhappy client is scored without its NPS → Healthy.
  const satisfaction = page.getByRole('textbox', { name: 'Satisfaction weight' });
  await satisfaction.fill('0');
  await expect(preview).toContainText('With these settings: 3 Healthy · 0 At-Risk · 0 Critical');
  await expect(preview).toContainText('Now: 2 Healthy · 1 At-Risk · 0 Critical');
  // Nothing saved yet.
  const stored = (await (await page.request.get(`${api}/settings/health`)).json()) as { settings: { weights: { satisfaction: number } } };
  expect(stored.settings.weights.satisfaction).toBe(15);

  // A window of 0 days is refused beside its field (the preview checks as you type).
  const usageWindow = page.getByRole('textbox', { name: 'Usage window (days)' });
  await usageWindow.fill('0');
  await expect(page.getByText('Must be at least 1 day')).toBeVisible();
  await usageWindow.fill('30');
  await expect(page.getByText('Must be at least 1 day')).toHaveCount(0);
  await expect(preview).toContainText('3 Healthy');

  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Recompute finished' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('3 clients scored with the new settings.')).toBeVisible();
  await shots2(page, 'health-settings-saved');
  const after = (await (await page.request.get(`${api}/clients/${unhappy.id}/health`)).json()) as Health;
  expect(after.band?.key).toBe('healthy');
  expect(after.score).toBeGreaterThan(score);

  // Put satisfaction back for the explanation below.
  const current = (await (await page.request.get(`${api}/settings/health`)).json()) as { version: number };
  expect((await page.request.put(`${api}/settings/health`, { data: { weights: { satisfaction: 15 }, version: current.version } })).status()).toBe(200);
});

test('a client’s Health tab explains the score: factors, what was left out, the recommended action', async ({ page }) => {
  await page.request.post(`${api}/auth/login`, { data: { email: owner.email, password: owner.password } });
  expect(await healthOf(page, unhappy.id)).toMatchObject({ score, band: { key: 'at_risk' } });
  await page.goto(`/clients/${unhappy.id}`);
  // The band beside the client's name.
  await expect(page.getByLabel(`Health: At-Risk · ${score}`).first()).toBeVisible();
  await page.getByRole('tab', { name: 'Health' }).click();
  await expect(page.getByLabel(`Health score ${score}`)).toBeVisible();
  const factors = page.getByRole('table', { name: 'Health factors' });
  const satisfaction = factors.getByRole('row').filter({ hasText: 'Satisfaction' });
  await expect(satisfaction).toContainText('Latest NPS 2');
  const usage = factors.getByRole('row').filter({ hasText: 'Usage trend' });
  await expect(usage).toContainText('left out — no data');
  await expect(usage).toContainText('No data: left out, the other weights renormalised');
  await expect(page.getByRole('alert').filter({ hasText: 'Recommended action' })).toContainText('Intervene now: agree a usage improvement plan');
  await shots2(page, 'health-tab');

  // The alert the low NPS opened shows here too.
  await expect(page.getByRole('region', { name: 'Open alerts' }).getByText('Low satisfaction', { exact: false })).toBeVisible();
  await page.getByRole('alert').filter({ hasText: 'Recommended action' }).getByRole('button', { name: 'Create task' }).click();
  await expect(page.getByText('Task created: it is in My tasks.')).toBeVisible();
  // A manager overrides the band: a reason is required; the override shows and can be cleared.
  await page.getByRole('button', { name: 'Override score or band…' }).click();
  const override = page.getByRole('form', { name: 'Override the health score' });
  await override.getByRole('combobox', { name: 'Band' }).click();
  await page.getByRole('option', { name: 'Critical (0–49)' }).click();
  await override.getByRole('button', { name: 'Save override' }).click();
  await expect(override.getByText('Is required: say why the score is overridden')).toBeVisible();
  await override.getByLabel('Reason').fill('Their CEO told us they are reviewing suppliers');
  await override.getByRole('button', { name: 'Save override' }).click();
  await expect(page.getByText(/^Overridden: band Critical \(until/)).toBeVisible();
  await expect(page.getByLabel(/^Health: Critical/).first()).toBeVisible();
  await expect(page.getByLabel(/^Health: At-Risk/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Clear override' }).click();
  await expect(page.getByText(/^Overridden:/)).toHaveCount(0);
  await expect(page.getByLabel(`Health: At-Risk · ${score}`).first()).toBeVisible();

  const tasks = (await (await page.request.get(`${api}/clients/${unhappy.id}/tasks?status=open`)).json()) as { data: { title: string; dueAt: string | null }[] };
  expect(tasks.data.map((t) => t.title)).toContain('Intervene now: agree a usage improvement plan, offer extra support, start a retention campaign');
});

test('an alert from the inbox: assign to me, acknowledge, create a task that shows in My tasks', async ({ page }) => {
  await page.request.post(`${api}/auth/login`, { data: { email: owner.email, password: owner.password } });
  // The default rules include "NPS 6 or lower"; a new low answer opens an alert for the client.
  const rules = (await (await page.request.get(`${api}/alert-rules`)).json()) as { data: { kind: string; enabled: boolean }[] };
  expect(rules.data.some((r) => r.kind === 'satisfaction_drop' && r.enabled)).toBe(true);
  const nps = await page.request.post(`${api}/clients/${unhappy.id}/feedback`, { data: { kind: 'nps', score: 3, comment: 'Slow answers lately' } });
  expect(nps.status(), await nps.text()).toBe(201);

  await page.goto('/alerts');
  await expect(page.getByRole('link', { name: /^Alerts \d+ open$/ })).toBeVisible();
  const lowNps = () => page.getByRole('article').filter({ hasText: unhappy.displayName }).filter({ hasText: 'Low satisfaction' });
  const card = lowNps();
  await expect(card).toHaveCount(1);
  await expect(card.getByText('Open', { exact: true })).toBeVisible();
  await expect(card).toContainText('Recommended: Intervene now');
  await shots2(page, 'alerts-inbox');

  // Keyboard: the assignee picker, then the buttons.
  const assignee = card.getByRole('combobox', { name: /^Assignee of/ });
  await assignee.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('option', { name: `${owner.name} (me)` }).click();
  await expect(page.getByText('Alert assigned.')).toBeVisible();
  await card.getByRole('button', { name: 'Acknowledge' }).focus();
  await page.keyboard.press('Enter');
  await expect(card.getByText('Acknowledged', { exact: true })).toBeVisible();
  await card.getByRole('button', { name: 'Create task' }).click();
  await expect(card.getByRole('link', { name: 'Task created — see My tasks' })).toBeVisible();

  // Assigned to me shows it; Unassigned does not.
  await page.getByRole('combobox', { name: 'Assigned to' }).click();
  await page.getByRole('option', { name: 'Unassigned' }).click();
  await expect(page.getByText(/^\d+ alerts?$/)).toBeVisible();
  await expect(lowNps()).toHaveCount(0);
  await page.getByRole('combobox', { name: 'Assigned to' }).click();
  await page.getByRole('option', { name: 'Assigned to me' }).click();
  await expect(lowNps()).toHaveCount(1);

  const alerts = (await (await page.request.get(`${api}/alerts?status=all&kind=satisfaction_drop&clientId=${unhappy.id}`)).json()) as { data: { status: string; taskId: string | null; assigneeId: string | null }[] };
  expect(alerts.data).toHaveLength(1);
  expect(alerts.data[0]).toMatchObject({ status: 'acknowledged' });
  expect(alerts.data[0]!.taskId).not.toBeNull();
  const task = (await (await page.request.get(`${api}/tasks/${alerts.data[0]!.taskId}`)).json()) as { title: string; source: string };
  expect(task.source).toBe('alert');

  await page.getByRole('link', { name: 'Task created — see My tasks' }).click();
  await expect(page).toHaveURL(/\/tasks$/);
  await expect(page.getByText(task.title).first()).toBeVisible();
});

test('alert rules: a window of 0 is refused beside its field; a rule turns off', async ({ page }) => {
  await page.request.post(`${api}/auth/login`, { data: { email: owner.email, password: owner.password } });
  await page.goto('/settings/alerts');
  const renewal = page.getByRole('region', { name: /^Rule: / }).filter({ hasText: 'Renewal coming' });
  await expect(renewal).toHaveCount(1);
  await renewal.getByRole('textbox', { name: 'Renewal within (days)' }).fill('0');
  await renewal.getByRole('button', { name: 'Save rule' }).click();
  await expect(renewal.getByText('Must be at least 1')).toBeVisible();
  await shots2(page, 'alert-rules');
  await renewal.getByRole('button', { name: 'Discard' }).click();
  await renewal.getByRole('switch').focus();
  await page.keyboard.press('Space');
  await expect(renewal.getByText('Off', { exact: true })).toBeVisible();
  const rules = (await (await page.request.get(`${api}/alert-rules`)).json()) as { data: { kind: string; enabled: boolean }[] };
  expect(rules.data.find((r) => r.kind === 'renewal_upcoming')?.enabled).toBe(false);
});

test('alert rules: add a rule (kind, params with units, name, severity, delivery) with field errors beside the fields; delete it after a confirm; the empty state says what to do', async ({ page }) => {
  await page.request.post(`${api}/auth/login`, { data: { email: owner.email, password: owner.password } });
  await page.goto('/settings/alerts');
  await page.getByRole('button', { name: 'New rule' }).click();
  const dialog = page.getByRole('dialog', { name: 'New alert rule' });
  const watches = dialog.getByRole('textbox', { name: 'Watches' }).or(dialog.getByRole('combobox', { name: 'Watches' })).first();
  // A usage drop has no window of its own: the form says which one it uses.
  await watches.click();
  await page.getByRole('option', { name: 'Usage drop' }).click();
  await expect(dialog.getByText('Over the usage window of Health settings (30 days, against the 30 days before)')).toBeVisible();
  await watches.click();
  await page.getByRole('option', { name: 'Score drop' }).click();
  await expect(dialog.getByText('The health score falls by some points within some days.')).toBeVisible();
  const points = dialog.getByRole('textbox', { name: 'Drop of at least (points)' });
  await points.fill('0');
  await dialog.getByRole('button', { name: 'Add rule' }).click();
  await expect(dialog.getByText('Must be at least 1')).toBeVisible();
  await points.fill('20');
  // The complaint was about the old value: it goes once the value is changed.
  await expect(dialog.getByText('Must be at least 1')).toHaveCount(0);
  await dialog.getByRole('textbox', { name: 'Within (days)' }).fill('14');
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Score fell 20 in two weeks');
  await dialog.getByRole('textbox', { name: 'Severity' }).or(dialog.getByRole('combobox', { name: 'Severity' })).first().click();
  await page.getByRole('option', { name: 'critical' }).click();
  await dialog.getByRole('checkbox', { name: 'In the app' }).uncheck();
  await expect(dialog.getByText(/^Not in the inbox by default/)).toBeVisible();
  await shots2(page, 'alert-rule-new');
  await dialog.getByRole('button', { name: 'Add rule' }).click();
  await expect(dialog).toHaveCount(0);
  const added = page.getByRole('region', { name: 'Rule: Score fell 20 in two weeks' });
  await expect(added).toBeVisible();
  await expect(added.getByRole('checkbox', { name: 'In the app' })).not.toBeChecked();
  type Rule = { id: string; name: string; kind: string; params: Record<string, unknown>; severity: string; deliver: { inApp: boolean; digest: boolean; webhook: boolean } };
  const rulesNow = async () => ((await (await page.request.get(`${api}/alert-rules`)).json()) as { data: Rule[] }).data;
  expect((await rulesNow()).find((r) => r.name === 'Score fell 20 in two weeks')).toMatchObject({
    kind: 'score_drop', params: { points: 20, days: 14 }, severity: 'critical', deliver: { inApp: false, digest: true, webhook: true },
  });

  // The inbox offers the alerts of rules not delivered in the app.
  await page.getByRole('link', { name: /^Alerts/ }).click();
  await expect(page.getByRole('checkbox', { name: 'All deliveries' })).toBeVisible();
  await page.goBack();

  // Delete asks first; Cancel keeps the rule.
  await added.getByRole('button', { name: 'Delete the rule Score fell 20 in two weeks' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this rule?' });
  await expect(confirm).toContainText('its alerts — open and resolved — are deleted with it');
  await shots2(page, 'alert-rule-delete');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(added).toBeVisible();
  await added.getByRole('button', { name: 'Delete the rule Score fell 20 in two weeks' }).click();
  await page.getByRole('dialog', { name: 'Delete this rule?' }).getByRole('button', { name: 'Delete rule' }).click();
  await expect(page.getByText('Rule “Score fell 20 in two weeks” deleted.')).toBeVisible();
  await expect(added).toHaveCount(0);
  expect((await rulesNow()).some((r) => r.name === 'Score fell 20 in two weeks')).toBe(false);

  // Amounts in the workspace's currency, stored in minor units.
  const { currency } = (await (await page.request.get(`${api}/settings/orders`)).json()) as { currency: string };
  const payment = page.getByRole('region', { name: /^Rule: / }).filter({ hasText: 'Payment overdue' });
  await payment.getByRole('textbox', { name: `Only when at least (${currency})` }).fill('250');
  await payment.getByRole('button', { name: 'Save rule' }).click();
  await expect(page.getByText('“Payment overdue” saved.')).toBeVisible();
  expect((await rulesNow()).find((r) => r.kind === 'payment_overdue')?.params).toEqual({ days: 1, minAmount: 25_000 });

  // No rules left: the page says what that means and offers the first one.
  for (const r of await rulesNow()) expect((await page.request.delete(`${api}/alert-rules/${r.id}`)).status()).toBe(204);
  await page.reload();
  await expect(page.getByText('No alert rules: nothing opens alerts')).toBeVisible();
  await shots2(page, 'alert-rules-empty');
  await page.getByRole('button', { name: 'Add the first rule' }).click();
  await expect(page.getByRole('dialog', { name: 'New alert rule' })).toBeVisible();
});

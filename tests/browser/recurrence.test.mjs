// Browser tests of recurring items: an item set to repeat on its page, completed, and the next one
// it made found from the updates feed and under the tracker's settings.
//
// The tracker and its item are made through the REST API (as the demo editor); everything the
// tests check is then done and seen in the browser.
//
//   ANNEX_URL=http://127.0.0.1:8080 node --test --test-concurrency=1 tests/browser/recurrence.test.mjs

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, RUN, open, restAs, shot, signIn, toast } from './support.mjs';

const TRACKER = `Recurring checks ${RUN}`;
const TITLE = `Review the firewall rules ${RUN}`;
let editor;
let tracker;
// The tracker's status that completes an item.
let done;
let item;
// Filled in by the first test: the occurrence that completing `item` made.
let next;

before(async () => {
  editor = await restAs('editor@demo.example');
  tracker = await editor('POST', '/spaces', { kind: 'tracker', name: TRACKER });
  done = tracker.statuses.find((s) => s.resolved);
  assert.ok(done, 'a new tracker has a status that counts as resolved');
  // 1 March 2027 is a Monday.
  item = await editor('POST', `/spaces/${tracker.id}/items`, { title: TITLE, due: '2027-03-01' });
});

async function openItem(page, id) {
  await page.goto(`${BASE}/items/${id}`);
  await page.waitForSelector('[data-testid="item-title"]');
  await page.waitForSelector('[data-testid="recurrence-summary"]');
}

const summary = (page) => page.innerText('[data-testid="recurrence-summary"]');

async function waitForSummary(page, text) {
  await page.waitForFunction(
    (text) => document.querySelector('[data-testid="recurrence-summary"]')?.innerText.trim() === text,
    text,
  );
}

test('an item set to repeat every 2 weeks makes the next one, 14 days later, when completed', async (t) => {
  const page = await open(t);
  await signIn(page, 'editor@demo.example');
  await openItem(page, item.id);
  assert.equal(await summary(page), 'Does not repeat');
  assert.equal(await page.locator('[data-testid="recurrence-clear"]').count(), 0, 'nothing to stop yet');

  // A count the server refuses is marked on its box.
  await page.selectOption('[data-testid="recurrence-kind"]', 'every');
  await page.fill('[data-testid="recurrence-every"]', '0');
  await page.click('[data-testid="recurrence-save"]');
  await page.waitForSelector('[data-testid="recurrence"] [data-testid="error-rule.every"]');
  assert.equal(await summary(page), 'Does not repeat');

  await page.fill('[data-testid="recurrence-every"]', '2');
  await page.selectOption('[data-testid="recurrence-unit"]', 'weeks');
  await page.click('[data-testid="recurrence-save"]');
  await toast(page, /Repeats: Every 2 weeks/);
  await waitForSummary(page, 'Every 2 weeks');
  assert.equal(
    await page.innerText('[data-testid="recurrence-next-due"]'),
    'Next one due 15 Mar 2027 once this is completed.',
  );
  await page.waitForSelector('[data-testid="update"][data-verb="recurrence_set"]');
  assert.match(
    await page.innerText('[data-testid="update"][data-verb="recurrence_set"]'),
    /set it to repeat: Every 2 weeks/,
  );
  await shot(page, 'recurrence-set');

  // Completing it: moved to a resolved status with the item's own status control.
  await page.selectOption('#item-status', { label: done.name });
  await page.click('#item-fields-save');
  await toast(page, /^Saved\./);
  await page.reload();
  await page.waitForSelector('[data-testid="update"][data-verb="recurred"]');
  // The rule moved on to the next one.
  await waitForSummary(page, 'Does not repeat');
  const recurred = page.locator('[data-testid="update"][data-verb="recurred"] [data-testid="update-text"]');
  const text = await recurred.innerText();
  const match = text.match(/^completed it; the next one is (\d+) - (.+), due 15 Mar 2027$/);
  assert.ok(match, `the recurred sentence reads as prose: ${text}`);
  assert.equal(match[2], TITLE);
  const link = recurred.locator('[data-testid="recurred-next"]');
  assert.equal(await link.innerText(), `${match[1]} - ${TITLE}`);
  await shot(page, 'recurrence-recurred');

  await link.click();
  await page.waitForURL(/\/items\/[0-9a-f-]{36}$/);
  const nextId = page.url().split('/').pop();
  assert.notEqual(nextId, item.id);
  await page.waitForFunction(
    (label) => document.querySelector('[data-testid="item-title"]')?.innerText === label,
    `${match[1]} - ${TITLE}`,
  );
  await waitForSummary(page, 'Every 2 weeks');
  assert.equal(await page.inputValue('#item-due'), '2027-03-15');
  assert.equal(
    await page.innerText('[data-testid="recurrence-next-due"]'),
    'Next one due 29 Mar 2027 once this is completed.',
  );
  assert.equal(await page.getAttribute('[data-testid="item-status"]', 'data-label'), 'To-do');

  const saved = await editor('GET', `/items/${nextId}`);
  assert.equal(saved.due, '2027-03-15');
  next = saved;
});

test("the tracker's settings list its recurring items", async (t) => {
  assert.ok(next, 'the first test made the next occurrence');
  const page = await open(t);
  await signIn(page, 'editor@demo.example');
  await page.goto(`${BASE}/spaces/${tracker.id}/settings`);
  const row = page.locator('[data-testid="recurring-items"] [data-testid="recurring-item"]');
  await row.first().waitFor();
  assert.equal(await row.count(), 1, 'only the open occurrence repeats');
  assert.equal(await row.getAttribute('data-id'), next.id);
  assert.equal(await row.locator('[data-testid="recurring-item-link"]').innerText(), next.label);
  assert.equal(await row.locator('[data-testid="recurring-item-link"]').getAttribute('href'), `/items/${next.id}`);
  assert.equal(await row.locator('[data-testid="recurring-item-rule"]').innerText(), 'Every 2 weeks');
  assert.equal(await row.locator('[data-testid="recurring-item-due"]').innerText(), '15 Mar 2027');
  assert.equal(await row.locator('[data-testid="recurring-item-next"]').innerText(), '29 Mar 2027');
  await shot(page, 'recurrence-settings');
});

test('a viewer reads the rule; the editor changes it to a weekday of the month, then stops it', async (t) => {
  assert.ok(next, 'the first test made the next occurrence');
  const viewer = await open(t);
  await signIn(viewer, 'viewer@demo.example');
  await openItem(viewer, next.id);
  assert.equal(await summary(viewer), 'Every 2 weeks');
  assert.equal(await viewer.locator('[data-testid="recurrence-save"]').count(), 0, 'a viewer gets no editor');

  const page = await open(t);
  await signIn(page, 'editor@demo.example');
  await openItem(page, next.id);
  await page.selectOption('[data-testid="recurrence-kind"]', 'monthly_weekday');
  await page.selectOption('[data-testid="recurrence-nth"]', '-1');
  await page.selectOption('[data-testid="recurrence-weekday"]', 'friday');
  await page.click('[data-testid="recurrence-save"]');
  await waitForSummary(page, 'Last Friday of each month');
  // 15 March 2027 is a Monday; that month's last Friday is the 26th.
  assert.equal(
    await page.innerText('[data-testid="recurrence-next-due"]'),
    'Next one due 26 Mar 2027 once this is completed.',
  );
  // The editor, drawn afresh, shows the rule as saved.
  assert.equal(await page.inputValue('[data-testid="recurrence-kind"]'), 'monthly_weekday');
  assert.equal(await page.inputValue('[data-testid="recurrence-nth"]'), '-1');
  assert.equal(await page.inputValue('[data-testid="recurrence-weekday"]'), 'friday');

  await page.click('[data-testid="recurrence-clear"]');
  await toast(page, /no longer repeats/);
  await waitForSummary(page, 'Does not repeat');
  await page.waitForSelector('[data-testid="update"][data-verb="recurrence_cleared"]');
  assert.match(
    await page.innerText('[data-testid="update"][data-verb="recurrence_cleared"]'),
    /stopped it repeating/,
  );
  await assert.rejects(editor('GET', `/items/${next.id}/recurrence`), /404/);

  await page.goto(`${BASE}/spaces/${tracker.id}/settings`);
  await page.waitForSelector('[data-testid="recurring-items"] [data-testid="recurring-empty"]');
  assert.equal(
    await page.innerText('[data-testid="recurring-empty"]'),
    'No item of this tracker repeats.',
  );
});

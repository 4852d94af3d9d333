// Browser tests of the GDPR deadlines: the page with the demo's overdue breach (notify by =
// awareness + 72 h) and its requests (due = receipt + 1 calendar month), the deadline banner of
// an item, and "Extended" moving a request's deadline by two months (then put back).
//
//   ANNEX_URL=http://127.0.0.1:8080 node --test --test-concurrency=1 tests/browser/privacy_deadlines.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, open, restAs, shot, signIn, toast } from './support.mjs';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2027-01-31` plus `n` calendar months, the day kept or cut to the month's last (→ `2027-02-28`). */
function addMonths(iso, n) {
  const [y, m, d] = iso.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** A day as the screens write it: `12 Jan 2027`. */
function day(iso) {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** A moment as the UTC columns write it: `3 Dec 2026, 09:40`. */
function moment(iso) {
  const d = new Date(iso);
  const two = (n) => String(n).padStart(2, '0');
  return `${day(d.toISOString())}, ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/** The demo's deadlines over REST, with one request and one breach found by title. */
async function demo() {
  const api = await restAs('admin@demo.example');
  const all = await api('GET', '/privacy/deadlines');
  const find = (list, title) => {
    const found = list.find((r) => r.label.endsWith(` - ${title}`));
    assert.ok(found, `the demo has "${title}"`);
    return found;
  };
  return {
    api,
    all,
    breach: find(all.breaches, 'Client report e-mailed to the wrong recipient'),
    request: find(all.requests, 'Access request from a former client contact'),
  };
}

test("the page shows the demo's overdue breach 72 hours after awareness and requests due a month after receipt", async (t) => {
  const { api, breach, request } = await demo();
  assert.equal(breach.state, 'overdue');
  assert.equal(request.extended, false);

  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.goto(`${BASE}/privacy/deadlines`);
  await page.waitForSelector('[data-testid="privacy-deadlines-title"]');
  assert.match(await page.innerText('.page-title'), /All times are UTC/);

  const row = page.locator(`[data-testid="privacy-breach"][data-item="${breach.item_id}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-state'), 'overdue');
  const aware = await row.getAttribute('data-aware');
  const notifyBy = await row.getAttribute('data-notify-by');
  assert.match(aware, /T09:40:00/, 'aware at 09:40 UTC');
  assert.equal(Date.parse(notifyBy) - Date.parse(aware), 72 * 3600 * 1000, 'notify by = aware + 72 h');
  assert.equal(await row.locator('[data-testid="privacy-breach-notify-by"]').innerText(), moment(notifyBy));
  assert.match(await row.locator('[data-testid="privacy-breach-left"]').innerText(), /^overdue by (\d+|less than 1) h$/);
  assert.equal(await row.locator('[data-testid="deadline-state"]').getAttribute('data-label'), 'Overdue');

  const dsr = page.locator(`[data-testid="privacy-request"][data-item="${request.item_id}"]`);
  const received = await dsr.getAttribute('data-received');
  assert.equal(await dsr.getAttribute('data-due'), addMonths(received, 1), 'due = received + 1 month');
  assert.match(await dsr.locator('[data-testid="privacy-request-due"]').innerText(), new RegExp(`^${day(addMonths(received, 1))}`));

  // The tiles count the overdue records of both registers.
  const tile = (register, state) =>
    page.locator(`[data-testid="${register}"] [data-testid="privacy-tile"][data-state="${state}"]`);
  assert.ok(Number(await tile('privacy-request-tiles', 'overdue').getAttribute('data-count')) >= 1);
  assert.ok(Number(await tile('privacy-breach-tiles', 'overdue').getAttribute('data-count')) >= 1);
  assert.ok(Number(await tile('privacy-breach-tiles', 'not_notifiable').getAttribute('data-count')) >= 1);

  // The state filter narrows both tables.
  await page.selectOption('[data-testid="privacy-state-filter"]', 'overdue');
  await page.waitForFunction(
    () =>
      document.querySelectorAll('[data-testid="privacy-request"]').length > 0 &&
      [...document.querySelectorAll('[data-testid="privacy-request"], [data-testid="privacy-breach"]')].every(
        (r) => r.dataset.state === 'overdue',
      ),
  );
  await page.selectOption('[data-testid="privacy-state-filter"]', '');
  await dsr.waitFor();
  await shot(page, 'privacy-deadlines');

  // The GDPR cluster's overview links here.
  const gdpr = (await api('GET', '/clusters')).find((c) =>
    c.spaces.some((s) => s.space_id === request.space_id),
  );
  await page.goto(`${BASE}/clusters/${gdpr.id}`);
  await page.click('[data-testid="cluster-privacy-deadlines"]');
  await page.waitForSelector(`[data-testid="privacy-breach"][data-item="${breach.item_id}"]`);
});

test('setting Extended = Yes moves a request’s deadline by two months, shown in its banner', async (t) => {
  const { api, request } = await demo();
  const received = request.received_on;
  const oneMonth = addMonths(received, 1);
  const extended = addMonths(oneMonth, 2);
  const space = await api('GET', `/spaces/${request.space_id}`);
  const extendedField = space.fields.find((f) => f.name === 'Extended');
  // Put the demo back whatever happens: Extended = No, and its statutory due date with it.
  t.after(async () => {
    const current = await api('GET', `/items/${request.item_id}`);
    await api('PATCH', `/items/${request.item_id}`, { fields: { [extendedField.id]: 'No' } }, { version: current.version });
    assert.equal((await api('GET', `/items/${request.item_id}`)).due, oneMonth);
  });

  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.goto(`${BASE}/items/${request.item_id}`);
  const banner = page.locator('[data-testid="item-deadline"]');
  await banner.waitFor();
  assert.match(
    await banner.locator('[data-testid="item-deadline-text"]').innerText(),
    new RegExp(`^Response due ${day(oneMonth)} \\(Art\\. 12\\(3\\)\\) — (\\d+ days? left|due today)$`),
  );

  const field = page.locator('[data-testid="custom-field"][data-field="Extended"]');
  await field.locator('select').selectOption({ label: 'Yes' });
  await page.click('#item-fields-save');
  await toast(page, /^Saved\./);
  await page.waitForFunction(
    (text) => document.querySelector('[data-testid="item-deadline-text"]')?.innerText.startsWith(text),
    `Response due ${day(extended)} (Art. 12(3), extended)`,
  );
  assert.equal((await api('GET', `/items/${request.item_id}`)).due, extended, 'the item is due two months later');
  await shot(page, 'privacy-request-extended');
});

test("a breach's page says when to notify the supervisory authority and by how much it is late", async (t) => {
  const { breach } = await demo();
  const page = await open(t);
  await signIn(page, 'viewer@demo.example');
  await page.goto(`${BASE}/items/${breach.item_id}`);
  const banner = page.locator('[data-testid="item-deadline"]');
  await banner.waitFor();
  assert.equal(await banner.getAttribute('data-state'), 'overdue');
  const by = new Date(breach.notify_by);
  assert.match(
    await banner.locator('[data-testid="item-deadline-text"]').innerText(),
    new RegExp(
      `^Notify the supervisory authority by ${day(by.toISOString())} 09:40 UTC \\(Art\\. 33\\) — overdue by (\\d+|less than 1) h$`,
    ),
  );
  await shot(page, 'privacy-breach-banner', false);
  // The tracker links back to the deadlines page.
  await page.click('[data-testid="item-space"]');
  await page.click('[data-testid="privacy-deadlines-link"]');
  await page.waitForSelector('[data-testid="privacy-deadlines-title"]');
});

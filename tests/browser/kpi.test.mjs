// Browser tests of KPIs (issue 6, clause 9.1): the KPI list with its status chips, filters and
// overdue badges (white paper figure 19); defining a KPI on its item page (thresholds checked as
// typed), recording readings and seeing the status change on the list; the chart of readings
// against the thresholds; "Measure now" on a computed KPI; who sees the forms.
//
//   ANNEX_URL=http://127.0.0.1:8080 node --test --test-concurrency=1 tests/browser/kpi.test.mjs

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, RUN, open, openNav, restAs, shot, signIn, toast } from './support.mjs';

let admin;
let editor;

before(async () => {
  admin = await restAs('admin@demo.example');
  editor = await restAs('editor@demo.example');
});

/** A day in the middle of the month `n` months before this one, as `YYYY-MM-DD` (UTC). */
function monthsBack(n) {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 15));
  return d.toISOString().slice(0, 10);
}

/** A new item of the KPI tracker, deleted after the test. */
async function newKpi(t, title, fields = {}) {
  const { space_id: space } = await editor('GET', '/kpis');
  const item = await editor('POST', `/spaces/${space}/items`, { title, ...fields });
  t.after(async () => {
    const now = await admin('GET', `/items/${item.id}`);
    await admin('DELETE', `/items/${item.id}`, undefined, { version: now.version });
  });
  return item;
}

const row = (page, id) => page.locator(`[data-testid="kpi-row"][data-id="${id}"]`);

/** Waits until the list row of the KPI has the attribute value. */
async function rowIs(page, id, attribute, value) {
  await page.waitForFunction(
    ([i, a, v]) => document.querySelector(`[data-testid="kpi-row"][data-id="${i}"]`)?.getAttribute(a) === v,
    [id, attribute, value],
  );
}

test('the KPI list shows every KPI with its status chip and overdue badge; filters narrow it', async (t) => {
  const { data: kpis } = await admin('GET', '/kpis');
  assert.ok(kpis.length >= 8, `the demo has KPIs (${kpis.length})`);
  const page = await open(t, { width: 1360, height: 1000 });
  await signIn(page, 'viewer@demo.example');
  await openNav(page, 'nav-kpis');
  await page.waitForSelector('[data-testid="kpis-title"]');
  await page.waitForSelector('[data-testid="kpi-row"]');
  assert.equal(await page.locator('[data-testid="kpi-row"]').count(), kpis.length);
  assert.equal(await page.locator('[data-testid="kpi-new"]').count(), 0, 'viewers add no KPIs');

  // Each row as the API says: status chip, latest value with its unit, overdue badge.
  for (const kpi of kpis) {
    const r = row(page, kpi.item_id);
    assert.equal(await r.getAttribute('data-status'), kpi.status, kpi.title);
    assert.equal(await r.getAttribute('data-overdue'), String(kpi.overdue), kpi.title);
    assert.equal(await r.locator('[data-testid="kpi-overdue"]').count(), kpi.overdue ? 1 : 0, kpi.title);
  }
  const colours = await page.locator('[data-testid="kpi-status-chip"]').evaluateAll((els) => new Set(els.map((e) => e.dataset.label)).size);
  assert.ok(colours >= 3, 'red, amber and green chips side by side');
  const phishing = kpis.find((k) => k.title === 'Phishing simulation click rate');
  assert.ok(phishing.overdue, 'the demo has an overdue KPI');
  assert.match(await row(page, phishing.item_id).locator('[data-testid="kpi-row-latest"]').innerText(), /3\.9%/);
  await shot(page, 'kpis');

  // Overdue only.
  await page.click('[data-testid="kpi-view-overdue"]');
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="kpi-row"]').length === n,
    kpis.filter((k) => k.overdue).length,
  );
  const overdue = await page.locator('[data-testid="kpi-row"]').evaluateAll((els) => els.map((e) => e.dataset.overdue));
  assert.ok(overdue.every((o) => o === 'true'));
  // Red only.
  await page.click('[data-testid="kpi-view-red"]');
  const red = kpis.filter((k) => k.status === 'red').length;
  assert.ok(red >= 1, 'the demo has a red KPI');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="kpi-row"]').length === n, red);
  const statuses = await page.locator('[data-testid="kpi-row"]').evaluateAll((els) => els.map((e) => e.dataset.status));
  assert.ok(statuses.every((s) => s === 'red'));

  // A row opens the KPI's page, with its chart.
  await page.click('[data-testid="kpi-view-all"]');
  await row(page, phishing.item_id).locator('[data-testid="kpi-row-title"]').click();
  await page.waitForURL(`${BASE}/items/${phishing.item_id}`);
  await page.waitForSelector('[data-testid="kpi-panel"]');
  await page.waitForSelector('[data-testid="kpi-panel-overdue"]');
  await page.waitForSelector('[data-testid="kpi-chart-point"]');
  assert.equal(await page.locator('[data-testid="kpi-reading-form"]').count(), 0, 'viewers record nothing');

  // A year of readings against RAG + exceptional thresholds.
  const patches = kpis.find((k) => k.title === 'Critical patches applied within 14 days');
  await page.goto(`${BASE}/items/${patches.item_id}`);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="kpi-chart-point"]').length === 12);
  assert.equal(await page.locator('[data-testid="kpi-chart-threshold"]').count(), 3);
  const rated = new Set(await page.locator('[data-testid="kpi-chart-point"]').evaluateAll((els) => els.map((e) => e.dataset.status)));
  assert.ok(['exceptional', 'green', 'amber', 'red'].every((s) => rated.has(s)), [...rated].join());
  await page.locator('[data-testid="kpi-panel"]').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await shot(page, 'kpi-chart', false);
});

test('an editor defines a KPI, records readings, and the list shows its status change', async (t) => {
  const page = await open(t, { width: 1280, height: 1100 });
  await signIn(page, 'editor@demo.example');
  await openNav(page, 'nav-kpis');
  await page.waitForSelector('[data-testid="kpi-row"]');
  const title = `Laptops encrypted ${RUN}`;
  await page.click('[data-testid="kpi-new"]');
  await page.fill('[data-testid="kpi-new-title"]', title);
  await page.click('[data-testid="kpi-new-save"]');
  await page.waitForSelector(`[data-testid="item-title"]:has-text("${title}")`);
  const id = page.url().split('/items/')[1];
  t.after(async () => {
    const now = await admin('GET', `/items/${id}`);
    await admin('DELETE', `/items/${id}`, undefined, { version: now.version });
  });

  // Undefined: the form is open. Thresholds the wrong way round are named before saving.
  await page.waitForSelector('[data-testid="kpi-undefined"]');
  const form = page.locator('[data-testid="kpi-definition-form"]');
  await form.waitFor();
  await page.fill('[data-testid="kpi-unit"]', '%');
  await page.selectOption('[data-testid="kpi-kind"]', 'rag');
  await page.selectOption('[data-testid="kpi-direction"]', 'higher_is_better');
  await page.fill('[data-testid="kpi-green"]', '90');
  await page.fill('[data-testid="kpi-amber"]', '95');
  await page.waitForSelector('[data-testid="error-amber"]');
  assert.match(await page.innerText('[data-testid="error-amber"]'), /at or below green/);
  assert.equal(await page.locator('[data-testid="kpi-save-definition"]').isDisabled(), true);
  await page.fill('[data-testid="kpi-amber"]', '75');
  await page.waitForSelector('[data-testid="error-amber"]', { state: 'detached' });
  await page.click('[data-testid="kpi-save-definition"]');
  await toast(page, /KPI definition saved/);
  await page.waitForSelector('[data-testid="kpi-definition"][data-version="1"]');
  assert.equal(await page.innerText('[data-testid="kpi-thresholds"]'), 'Green ≥ 90%, amber ≥ 75%, red below');
  assert.equal((await editor('GET', `/kpis/${id}/definition`)).kind, 'rag');

  // Three months of readings: red, amber, green; the preview rates the value as typed.
  for (const [back, value, status] of [[2, '70', 'red'], [1, '80', 'amber'], [0, '95', 'green']]) {
    await page.fill('[data-testid="kpi-period"]', monthsBack(back));
    await page.fill('[data-testid="kpi-value"]', value);
    await page.waitForSelector(`[data-testid="kpi-preview-status"][data-status="${status}"]`);
    await page.click('[data-testid="kpi-record"]');
    await toast(page, new RegExp(`Recorded ${value}%`));
    await page.waitForSelector(`[data-testid="kpi-reading-row"][data-period="${monthsBack(back).slice(0, 8)}01"][data-status="${status}"]`);
  }
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="kpi-chart-point"]').length === 3);
  const points = await page.locator('[data-testid="kpi-chart-point"]').evaluateAll((els) => els.map((e) => e.dataset.status));
  assert.deepEqual(points, ['red', 'amber', 'green'], 'oldest first');
  assert.equal(await page.locator('[data-testid="kpi-chart-threshold"]').count(), 2, 'green and amber lines');
  assert.equal(await page.locator('[data-testid="kpi-chart-band"]').count(), 3, 'red, amber and green bands');
  await page.waitForSelector('[data-testid="kpi-panel-status"][data-status="green"]');

  // The list shows it green, with this month's value.
  await openNav(page, 'nav-kpis');
  await page.waitForSelector(`[data-testid="kpi-row"][data-id="${id}"]`);
  await rowIs(page, id, 'data-status', 'green');
  assert.match(await row(page, id).locator('[data-testid="kpi-row-latest"]').innerText(), /95%/);

  // A second value for this month is refused unless it replaces the first.
  await row(page, id).locator('[data-testid="kpi-row-title"]').click();
  await page.waitForSelector('[data-testid="kpi-reading-form"]');
  await page.fill('[data-testid="kpi-period"]', monthsBack(0));
  await page.fill('[data-testid="kpi-value"]', '60');
  await page.click('[data-testid="kpi-record"]');
  await page.waitForSelector('[data-testid="form-error"]');
  assert.match(await page.innerText('[data-testid="form-error"]'), /replace/i);
  await page.check('[data-testid="kpi-replace"]');
  await page.click('[data-testid="kpi-record"]');
  await toast(page, /Recorded 60%/);
  await page.waitForSelector('[data-testid="kpi-panel-status"][data-status="red"]');
  assert.equal(await page.locator('[data-testid="kpi-reading-row"]').count(), 3, 'replaced, not added');
  // The item's updates tell the story.
  await page.waitForSelector('[data-testid="update"][data-verb="kpi_reading_recorded"]');
  assert.match(await page.locator('[data-testid="update"][data-verb="kpi_reading_recorded"]').first().innerText(), /replaced the KPI reading for .*60% \(Red\)/);

  await openNav(page, 'nav-kpis');
  await page.waitForSelector(`[data-testid="kpi-row"][data-id="${id}"]`);
  await rowIs(page, id, 'data-status', 'red');
  await page.click('[data-testid="kpi-view-red"]');
  await page.waitForSelector(`[data-testid="kpi-row"][data-id="${id}"]`);
});

test('a KPI whose period ended without a reading carries the overdue badge until one is recorded', async (t) => {
  const item = await newKpi(t, `Access reviews ${RUN}`);
  await editor('PUT', `/kpis/${item.id}/definition`, { unit: '%', kind: 'red_green', green: 100, frequency: 'monthly' }, { version: 0 });
  await editor('POST', `/kpis/${item.id}/readings`, { period: monthsBack(3), value: 100 });
  const page = await open(t);
  await signIn(page, 'editor@demo.example');
  await page.goto(`${BASE}/kpis`);
  await page.waitForSelector(`[data-testid="kpi-row"][data-id="${item.id}"]`);
  await rowIs(page, item.id, 'data-overdue', 'true');
  await row(page, item.id).locator('[data-testid="kpi-overdue"]').waitFor();
  await page.click('[data-testid="kpi-view-overdue"]');
  await page.waitForSelector(`[data-testid="kpi-row"][data-id="${item.id}"]`);

  // Last month's reading brings it up to date.
  await editor('POST', `/kpis/${item.id}/readings`, { period: monthsBack(1), value: 96 });
  await page.click('[data-testid="kpi-view-all"]');
  await rowIs(page, item.id, 'data-overdue', 'false');
  await rowIs(page, item.id, 'data-status', 'red');
  assert.equal(await row(page, item.id).locator('[data-testid="kpi-overdue"]').count(), 0);
});

test('"Measure now" records a computed KPI\'s value for this period', async (t) => {
  const item = await newKpi(t, `Open incidents ${RUN}`);
  await editor('PUT', `/kpis/${item.id}/definition`, {
    unit: 'incidents',
    kind: 'rag',
    direction: 'lower_is_better',
    green: 1,
    amber: 3,
    frequency: 'monthly',
    source: 'open_incidents',
  }, { version: 0 });
  const page = await open(t, { width: 1280, height: 1000 });
  await signIn(page, 'editor@demo.example');
  await page.goto(`${BASE}/items/${item.id}`);
  await page.waitForSelector('[data-testid="kpi-panel"]');
  assert.match(await page.innerText('[data-testid="kpi-source"]'), /Open security incidents/);
  assert.equal(await page.locator('[data-testid="kpi-reading-form"]').count(), 0, 'no hand-entered values');
  await page.waitForSelector('[data-testid="kpi-no-readings"]');
  await page.click('[data-testid="kpi-measure"]');
  await toast(page, /Measured: \d+ incidents/);
  await page.waitForSelector('[data-testid="kpi-reading-row"]');
  const readings = await editor('GET', `/kpis/${item.id}/readings`);
  assert.equal(readings.length, 1);
  assert.match(await page.innerText('[data-testid="kpi-reading-value"]'), new RegExp(`^${readings[0].value} incidents$`));
  // Measuring again replaces this period's value.
  await page.click('[data-testid="kpi-measure"]');
  await toast(page, /Measured/);
  assert.equal((await editor('GET', `/kpis/${item.id}/readings`)).length, 1);
  await page.waitForSelector('[data-testid="kpi-chart-point"]');
});

test('a contributor records readings of the KPIs they own only', async (t) => {
  const { data: kpis } = await admin('GET', '/kpis');
  const contributor = await restAs('contributor@demo.example');
  const me = (await contributor('GET', '/me')).user.id;
  const mine = kpis.find((k) => k.owner_id === me && !k.definition.source);
  const others = kpis.find((k) => k.owner_id !== me && !k.definition.source);
  assert.ok(mine && others, 'the demo gives the contributor a KPI of their own');
  const page = await open(t);
  await signIn(page, 'contributor@demo.example');
  await page.goto(`${BASE}/items/${mine.item_id}`);
  await page.waitForSelector('[data-testid="kpi-reading-form"]');
  assert.equal(await page.locator('[data-testid="kpi-edit-definition"]').count(), 0, 'contributors do not define KPIs');
  await page.goto(`${BASE}/items/${others.item_id}`);
  await page.waitForSelector('[data-testid="kpi-panel"]');
  assert.equal(await page.locator('[data-testid="kpi-reading-form"]').count(), 0);
});

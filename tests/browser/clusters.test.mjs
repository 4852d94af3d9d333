// Browser tests of clusters: creating the GDPR cluster from its template, the demo's ISO 22301
// overview with its BC plan ↔ BIA links, a plan's linked BIA record, and the viewer's read-only view.
//
//   ANNEX_URL=http://127.0.0.1:8080 node --test --test-concurrency=1 tests/browser/clusters.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, RUN, open, shot, signIn, openNav, restAs } from './support.mjs';

const GDPR_SPACES = [
  'Record of Processing Activities',
  'DPIA Programme',
  'Data Subject Requests',
  'Personal Data Breach Register',
];

/** The demo's ISO 22301 cluster, over REST. */
async function demoBcms() {
  const api = await restAs('admin@demo.example');
  const clusters = await api('GET', '/clusters');
  const bcms = clusters.find((c) => c.template_key === 'iso22301-business-continuity');
  assert.ok(bcms, 'the demo has an ISO 22301 cluster');
  return { api, bcms };
}

test('an admin creates the GDPR cluster from its template and sees its spaces', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await openNav(page, 'nav-clusters');
  await page.waitForSelector('[data-testid="clusters-table"]');
  const listed = await page.$$eval('[data-testid="cluster-row"]', (rows) => rows.map((r) => r.dataset.name));
  assert.ok(listed.includes('ISO 22301 Business Continuity'), `demo clusters listed: ${listed}`);
  await shot(page, 'clusters');

  await page.click('[data-testid="new-cluster"]');
  await page.waitForSelector('[data-testid="cluster-template"][data-key="gdpr-privacy"]');
  await page.fill('[data-testid="new-cluster-name"]', `GDPR ${RUN}`);
  await page.click('[data-testid="cluster-template"][data-key="gdpr-privacy"] input[type="radio"]');
  await page.click('[data-testid="create-cluster-submit"]');
  await page.waitForURL(/\/clusters\/[0-9a-f-]{36}$/);
  await page.waitForSelector('[data-testid="cluster-name"]');
  assert.equal(await page.textContent('[data-testid="cluster-name"]'), `GDPR ${RUN}`);
  assert.equal(await page.textContent('[data-testid="cluster-framework"]'), 'GDPR');
  const cards = await page.$$eval('[data-testid="cluster-space"]', (els) => els.map((e) => e.dataset.name));
  // The demo already has these spaces (its own GDPR cluster), so the new ones are numbered; the
  // GDPR compliance register is the organisation's one, shared with the demo's cluster.
  assert.equal(cards.length, 5, `${cards}`);
  GDPR_SPACES.forEach((name, i) => assert.ok(cards[i].startsWith(name), `${cards[i]} is ${name}`));
  assert.equal(cards[4], 'GDPR (Regulation (EU) 2016/679)');
  // The starter processing activities are linked to the DPIA programme's screening.
  await page.waitForSelector('[data-testid="cluster-link-row"]');
  const dpiaToRopa = await page.$$eval('[data-testid="cluster-link-row"]', (rows) =>
    rows
      .filter((r) => r.dataset.a.startsWith('Record of Processing') || r.dataset.b.startsWith('Record of Processing'))
      .map((r) => [r.dataset.a, r.dataset.b, r.querySelector('[data-testid="cluster-link-count"]').innerText]),
  );
  assert.ok(
    dpiaToRopa.some(([a, b, n]) => [a, b].some((s) => s.startsWith('DPIA Programme')) && n === '2'),
    JSON.stringify(dpiaToRopa),
  );
  // A project card shows its progress bar: the DPIA programme's and the register's.
  assert.equal(await page.locator('[data-testid="cluster-space"] [data-testid="cluster-space-progress"]').count(), 2);
});

test("the demo's ISO 22301 overview counts the BC plan ↔ BIA links", async (t) => {
  const { bcms } = await demoBcms();
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.goto(`${BASE}/clusters/${bcms.id}`);
  await page.waitForSelector('[data-testid="cluster-links-table"]');
  const row = page.locator(
    '[data-testid="cluster-link-row"][data-a="Business Impact Assessment"][data-b="Business Continuity Plans"]',
  );
  assert.equal(await row.locator('[data-testid="cluster-link-count"]').innerText(), '4');
  const bia = page.locator('[data-testid="cluster-space"][data-name="Business Impact Assessment"]');
  assert.ok(Number(await bia.locator('[data-testid="cluster-space-total"]').innerText()) >= 4);
  const plans = page.locator('[data-testid="cluster-space"][data-name="Business Continuity Plans"]');
  assert.equal(await plans.locator('[data-testid="cluster-space-overdue"]').innerText(), '1');
  const programme = page.locator('[data-testid="cluster-space"][data-name="ISO 22301 BC Programme"]');
  const progress = Number(await programme.locator('[data-testid="cluster-space-progress"]').getAttribute('data-value'));
  assert.ok(progress > 0 && progress < 100, `programme progress ${progress}`);
  await shot(page, 'cluster-overview');
});

test("a BC plan's page lists the BIA record it is linked to", async (t) => {
  const { api, bcms } = await demoBcms();
  const plans = bcms.spaces.find((s) => s.name === 'Business Continuity Plans');
  const items = await api('GET', `/spaces/${plans.space_id}/items?q=Client%20portal`);
  const plan = items.data.find((i) => i.title === 'Client portal continuity plan');
  assert.ok(plan, 'the demo plan exists');
  const page = await open(t);
  await signIn(page, 'editor@demo.example');
  await page.goto(`${BASE}/items/${plan.id}`);
  await page.waitForSelector('[data-testid="links-table"]');
  const rows = await page.$$eval('[data-testid="link-row"]', (els) =>
    els.map((e) => [e.dataset.label, e.querySelectorAll('td')[1].innerText]),
  );
  assert.ok(
    rows.some(([label, space]) => label.endsWith('Client portal') && space === 'Business Impact Assessment'),
    JSON.stringify(rows),
  );
  // The plan's "Business impact" card shows the service's RTO and RPO as its BIA record has them.
  const impact = await api('GET', `/items/${plan.id}/bia`);
  const bia = impact.find((s) => s.label.endsWith('Client portal'));
  assert.ok(bia?.rto, JSON.stringify(impact));
  const row = page.locator(`[data-testid="item-bia-panel"] [data-testid="risk-bia-row"][data-id="${bia.item_id}"]`);
  await row.waitFor();
  assert.ok((await row.innerText()).includes(bia.rto), await row.innerText());
  await shot(page, 'bc-plan-business-impact');
});

test('a viewer sees the overview read-only', async (t) => {
  const { bcms } = await demoBcms();
  const page = await open(t);
  await signIn(page, 'viewer@demo.example');
  await openNav(page, 'nav-clusters');
  await page.waitForSelector('[data-testid="clusters-table"]');
  assert.equal(await page.locator('[data-testid="new-cluster"]').count(), 0);
  await page.goto(`${BASE}/clusters/${bcms.id}`);
  await page.waitForSelector('[data-testid="cluster-space"]');
  assert.ok((await page.locator('[data-testid="cluster-space"]').count()) >= 4);
  for (const control of ['cluster-edit', 'cluster-delete', 'cluster-space-remove', 'cluster-add-space']) {
    assert.equal(await page.locator(`[data-testid="${control}"]`).count(), 0, `${control} is hidden`);
  }
  assert.ok((await page.locator('[data-testid="cluster-link-row"]').count()) > 0);
});

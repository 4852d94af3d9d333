// Browser tests of the compliance registers (issue 7): ISO 22301, ISO 9001 and the GDPR kept
// requirement by requirement on the SoA's screen at /registers/:framework, with evidence counted
// from linked records (BC plans, BIA records, processing activities), and a requirement's page.
//
// The demo's clusters made the three registers and seeds/demo/registers.json gave them statements
// and evidence. Numbers are read from the API at the time, not written into the test.
//
//   ANNEX_URL=http://127.0.0.1:8080 node --test --test-concurrency=1 tests/browser/registers.test.mjs

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, open, restAs, shot, signIn } from './support.mjs';

let admin;

before(async () => {
  admin = await restAs('admin@demo.example');
});

const register = (framework, query = '') =>
  admin('GET', `/soa?framework=${encodeURIComponent(framework)}${query ? `&${query}` : ''}`);

async function openRegister(page, framework) {
  await page.goto(`${BASE}/registers/${framework}`);
  await page.waitForSelector('[data-testid="soa-table"]');
}

const count = (page) => page.getAttribute('[data-testid="soa-count"]', 'data-count');

test('the ISO 22301 register lists every requirement with the evidence its BC plans give', async (t) => {
  const server = await register('iso22301-2019');
  const plans = server.data.find((e) => e.reference === '8.4.4');
  assert.ok(plans.records >= 3, 'the demo links three BC plans to 8.4.4');
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await openRegister(page, 'iso22301-2019');
  assert.equal(await page.innerText('[data-testid="soa-title"]'), 'ISO 22301:2019 compliance register');
  assert.equal(await count(page), String(server.data.length));
  assert.match(await page.innerText('[data-testid="soa-count"]'), /46 requirements/);
  const row = page.locator('[data-testid="soa-row"][data-ref="8.4.4"]');
  await row.waitFor();
  await shot(page, 'register-iso22301');

  // The "No evidence" view leaves out what the plans evidence, as the server does.
  const gaps = await register('iso22301-2019', 'gap=no_evidence');
  await page.click('[data-testid="soa-view-no-evidence"]');
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="soa-count"]')?.dataset.count === String(n),
    gaps.data.length,
  );
  assert.equal(await row.count(), 0, '8.4.4 has evidence');

  // Its page shows the register's panel, with the linked plans counted as records.
  await page.goto(`${BASE}/items/${plans.item_id}`);
  const panel = page.locator('[data-testid="soa-panel"]');
  await panel.waitFor();
  assert.match(await panel.locator('h2').first().innerText(), /Compliance register/);
  assert.equal(await panel.locator('[data-testid="soa-panel-evidence"]').innerText(), String(plans.records + plans.policies + plans.documents));
  assert.match(await panel.innerText(), new RegExp(`${plans.records} records`));
  assert.equal(
    await panel.locator('[data-testid="soa-panel-open"]').getAttribute('href'),
    '/registers/iso22301-2019',
  );
});

test('an ISO 9001 requirement excluded with a reason shows as excluded, and a viewer reads the GDPR register', async (t) => {
  const qms = await register('iso9001-2015', 'applicable=false');
  const design = qms.data.find((e) => e.reference === '8.3.1');
  assert.ok(design, 'the demo excludes 8.3.1 (design and development)');
  const page = await open(t);
  await signIn(page, 'viewer@demo.example');
  await openRegister(page, 'iso9001-2015');
  const row = page.locator('[data-testid="soa-row"][data-ref="8.3.1"]');
  await row.waitFor();
  assert.equal(await row.getAttribute('data-applicable'), 'false');
  assert.equal(await row.locator('[data-testid="soa-justification"]').innerText(), design.justification);
  assert.equal(await page.locator('[data-testid="soa-exclude"]').count(), 0, 'a viewer changes nothing');

  const gdpr = await register('gdpr');
  await openRegister(page, 'gdpr');
  assert.equal(await page.innerText('[data-testid="soa-title"]'), `${gdpr.framework_name} compliance register`);
  assert.equal(await count(page), String(gdpr.data.length));
  await page.locator('[data-testid="soa-row"][data-ref="Art. 30"]').waitFor();
});

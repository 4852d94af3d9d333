// Browser tests of the risk register: recording the original, current and target readings in a
// risk's panel (with the live score preview), the risk map placing the risk by reading, and the
// register's chips and above-appetite filter.
//
// The demo organisation keeps a register with the default 5 × 5 matrix (appetite 9). The test
// creates its own risk over REST so it does not depend on the demo's risks or on other tests.
//
//   ANNEX_URL=http://127.0.0.1:8080 node --test --test-concurrency=1 tests/browser/risk_register.test.mjs

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, RUN, open, restAs, shot, signIn, toast } from './support.mjs';

let admin;

before(async () => {
  admin = await restAs('admin@demo.example');
});

/** Fills the reading form of the open risk page and records it. */
async function record(page, { kind, likelihood, impact, note, score }) {
  const form = page.locator('[data-testid="risk-reading-form"]');
  await form.locator('[data-testid="risk-kind"]').selectOption(kind);
  await form.locator('[data-testid="risk-likelihood"]').selectOption(String(likelihood));
  await form.locator('[data-testid="risk-impact"]').selectOption(String(impact));
  await form.locator('[data-testid="risk-note"]').fill(note);
  // The preview scores the cell before anything is sent.
  await page.waitForSelector(`[data-testid="risk-preview"][data-score="${score}"]`);
  await form.locator('[data-testid="risk-record"]').click();
  await toast(page, 'reading recorded');
  await page.waitForSelector(`[data-testid="risk-panel"] [data-testid="risk-${kind}"][data-score="${score}"]`);
}

/** Opens the register with a view chip and returns the ids of the rows shown. */
async function registerRows(page, view) {
  await page.click(`[data-testid="risk-view-${view}"]`);
  await page.waitForSelector(`[data-testid="risk-view-${view}"][aria-pressed="true"]`);
  const query = view === 'above-appetite' ? '?above_appetite=true' : '';
  const expected = (await admin('GET', `/risks${query}`)).data.length;
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="risk-count"]')?.dataset.count === String(n),
    expected,
  );
  return page.locator('[data-testid="risk-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.id));
}

/** Switches the map to a reading and chooses a cell; returns the ids it lists. */
async function cellRisks(page, reading, l, i) {
  await page.click(`[data-testid="risk-map-${reading}"]`);
  await page.waitForSelector(`[data-testid="risk-map-grid"][data-reading="${reading}"]`);
  const cell = page.locator(`[data-testid="risk-map-cell"][data-l="${l}"][data-i="${i}"]`);
  await cell.click();
  await page.waitForSelector('[data-testid="risk-map-list"]');
  const count = Number(await cell.getAttribute('data-count'));
  const ids = await page.locator('[data-testid="risk-map-risk"]').evaluateAll((li) => li.map((x) => x.dataset.id));
  assert.equal(ids.length, count, `the ${reading} cell ${l}×${i} lists as many risks as it counts`);
  return { ids, count, above: await cell.getAttribute('data-above') };
}

test('a risk is read original → current → target, placed on the map and filtered in the register', async (t) => {
  const register = await admin('GET', '/risks');
  const title = `Supplier portal breach ${RUN}`;
  const risk = await admin('POST', `/spaces/${register.space_id}/items`, { title });

  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.goto(`${BASE}/items/${risk.id}`);
  await page.waitForSelector('[data-testid="risk-panel"]');

  // Only the original may come first.
  const kinds = await page.locator('[data-testid="risk-kind"] option').evaluateAll((o) => o.map((x) => x.value));
  assert.deepEqual(kinds, ['original']);
  await record(page, { kind: 'original', likelihood: 5, impact: 5, note: 'No MFA on the portal.', score: 25 });

  // Above appetite while only the original is known.
  await page.goto(`${BASE}/risks`);
  await page.waitForSelector('[data-testid="risk-table"]');
  assert.ok((await registerRows(page, 'above-appetite')).includes(risk.id), 'the new risk is above appetite');

  await page.goto(`${BASE}/items/${risk.id}`);
  await page.waitForSelector('[data-testid="risk-panel"] [data-testid="risk-original"][data-score="25"]');
  await record(page, { kind: 'current', likelihood: 3, impact: 3, note: 'MFA rolled out.', score: 9 });
  await record(page, { kind: 'target', likelihood: 1, impact: 2, note: 'After the supplier audit.', score: 2 });
  await page.waitForSelector('[data-testid="risk-history-target"]', { state: 'attached' });
  assert.equal(await page.locator('[data-testid="risk-path-stop"]').count(), 3, 'three stops on the matrix path');
  await shot(page, 'risk-panel');

  // The map places the risk by the reading chosen.
  await page.goto(`${BASE}/risks/map`);
  await page.waitForSelector('[data-testid="risk-map-grid"]');
  const original = await cellRisks(page, 'original', 5, 5);
  assert.ok(original.ids.includes(risk.id), 'the original reading sits at 5×5');
  assert.equal(original.above, 'true', '5×5 is above appetite');
  const target = await cellRisks(page, 'target', 1, 2);
  assert.ok(target.ids.includes(risk.id), 'the target reading sits at 1×2');
  const current = await cellRisks(page, 'current', 3, 3);
  assert.ok(current.ids.includes(risk.id), 'the current reading sits at 3×3');
  assert.ok(!(await cellRisks(page, 'current', 5, 5)).ids.includes(risk.id), 'not at its original cell on the current map');
  const blue = await page.locator('[data-testid="risk-map-cell"][data-l="1"][data-i="2"] [data-testid="risk-dot-target"]').count();
  assert.ok(blue >= 1, 'the target shows as a blue dot on the current map');
  await cellRisks(page, 'current', 3, 3);
  await shot(page, 'risk-map');

  // The register shows the three chips, and the risk left the above-appetite view.
  await page.click('[data-testid="risk-nav-register"]');
  await page.waitForSelector('[data-testid="risk-table"]');
  assert.ok((await registerRows(page, 'all')).includes(risk.id));
  const row = page.locator(`[data-testid="risk-row"][data-id="${risk.id}"]`);
  assert.equal(await row.locator('[data-testid="risk-original"]').getAttribute('data-score'), '25');
  assert.equal(await row.locator('[data-testid="risk-current"]').getAttribute('data-score'), '9');
  assert.equal(await row.locator('[data-testid="risk-target"]').getAttribute('data-score'), '2');
  assert.equal(await row.locator('[data-testid="risk-original"]').getAttribute('data-level'), 'Very high');
  await shot(page, 'risk-register');
  assert.ok(!(await registerRows(page, 'above-appetite')).includes(risk.id), 'at 9 it is within appetite');
});

test('the form refuses a second original, and New risk adds a risk and opens it', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.goto(`${BASE}/risks`);
  await page.waitForSelector('[data-testid="risk-table"]');
  await page.click('[data-testid="risk-new"]');
  const title = `Payroll fraud ${RUN}`;
  await page.fill('[data-testid="risk-new-title"]', title);
  await page.click('[data-testid="risk-new-save"]');
  await page.waitForURL(/\/items\/[0-9a-f-]+$/);
  await page.waitForSelector('[data-testid="risk-panel"]');
  const id = page.url().split('/').pop();
  const listed = (await admin('GET', '/risks')).data.find((r) => r.item_id === id);
  assert.equal(listed?.title, title, 'the new risk is in the register');

  // A reading outside the rules shows the server's words.
  await admin('POST', `/risks/${id}/readings`, { kind: 'original', likelihood: 2, impact: 2 });
  await page.locator('[data-testid="risk-reading-form"] [data-testid="risk-likelihood"]').selectOption('2');
  await page.locator('[data-testid="risk-reading-form"] [data-testid="risk-impact"]').selectOption('2');
  await page.click('[data-testid="risk-record"]');
  await page.waitForSelector('[data-testid="risk-reading-form"] [data-testid="form-error"]');

  // Impact by C, I and A: the worst counts, in the preview and on the server.
  await page.reload();
  await page.waitForSelector('[data-testid="risk-panel"] [data-testid="risk-original"][data-score="4"]');
  const form = page.locator('[data-testid="risk-reading-form"]');
  await form.locator('[data-testid="risk-kind"]').selectOption('current');
  await form.locator('[data-testid="risk-likelihood"]').selectOption('2');
  await form.locator('[data-testid="risk-by-cia"]').check();
  await form.locator('[data-testid="risk-confidentiality"]').selectOption('4');
  await form.locator('[data-testid="risk-availability"]').selectOption('3');
  await page.waitForSelector('[data-testid="risk-preview"][data-score="8"]');
  await form.locator('[data-testid="risk-record"]').click();
  await page.waitForSelector('[data-testid="risk-panel"] [data-testid="risk-current"][data-score="8"]');
  const [latest] = await admin('GET', `/risks/${id}/readings`);
  assert.deepEqual([latest.kind, latest.impact, latest.confidentiality, latest.integrity], ['current', 4, 4, null]);
});

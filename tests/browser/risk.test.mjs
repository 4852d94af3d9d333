// Browser tests of risk assessment (issue 5): the risk matrix editor with its live heat map
// (admins change it, everyone else reads it; stale saves reload; "Reset to default"), and the
// risk bank (search, categories, suggested controls linked to their pages, adding a threat to the
// register).
//
// The matrix is put back to the default before and after the file, so other tests score risks on
// the default 5 × 5.
//
//   ANNEX_URL=http://127.0.0.1:8080 node --test --test-concurrency=1 tests/browser/risk.test.mjs

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, open, openNav, restAs, shot, signIn, toast } from './support.mjs';

let admin;

/** RiskMatrix::default(), as the API sends it. */
const DEFAULT = {
  likelihood: ['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain'],
  impact: ['Insignificant', 'Minor', 'Moderate', 'Major', 'Severe'],
  scoring: 'multiplicative',
  bands: [
    { name: 'Low', colour: '#2e7d32', min_score: 1, review_months: 12 },
    { name: 'Medium', colour: '#f9a825', min_score: 5, review_months: 6 },
    { name: 'High', colour: '#ef6c00', min_score: 10, review_months: 3 },
    { name: 'Very high', colour: '#c62828', min_score: 17, review_months: 1 },
  ],
  appetite: 9,
};

/** Stores `matrix` over whatever is there. */
async function storeMatrix(matrix) {
  const { version } = await admin('GET', '/risk-matrix');
  return admin('PUT', '/risk-matrix', matrix, { version });
}

/** Puts the default matrix back unless it is what is stored. */
async function restoreDefault() {
  const { matrix } = await admin('GET', '/risk-matrix');
  if (JSON.stringify(matrix) !== JSON.stringify(DEFAULT)) {
    await storeMatrix(DEFAULT);
  }
}

before(async () => {
  admin = await restAs('admin@demo.example');
  await restoreDefault();
});

after(async () => {
  await restoreDefault();
});

const cell = (page, likelihood, impact) =>
  page.locator(`[data-testid="matrix-cell"][data-likelihood="${likelihood}"][data-impact="${impact}"]`);

/** Waits until the preview's cell has the attribute value. */
async function cellIs(page, likelihood, impact, attribute, value) {
  await page.waitForFunction(
    ([l, i, a, v]) =>
      document.querySelector(`[data-testid="matrix-cell"][data-likelihood="${l}"][data-impact="${i}"]`)?.getAttribute(a) === v,
    [likelihood, impact, attribute, value],
  );
}

/** Opens the matrix editor from the navigation and waits for the heat map. */
async function openMatrix(page) {
  await openNav(page, 'nav-risk-matrix');
  await page.waitForSelector('[data-testid="risk-matrix-title"]');
  await page.waitForSelector('[data-testid="matrix-cell"]');
}

const band = (page, n) => page.locator('[data-testid="band-row"]').nth(n);

test('an admin changes appetite and a band: the preview follows before saving, and the save is stored', async (t) => {
  const page = await open(t, { width: 1280, height: 1000 });
  await signIn(page, 'admin@demo.example');
  await openMatrix(page);
  assert.equal(await page.locator('[data-testid="matrix-cell"]').count(), 25, 'a 5 × 5 heat map');
  // Highest likelihood on top: the first row is "Almost certain".
  assert.equal(await page.locator('.heatmap tr').first().locator('th').innerText(), 'Almost certain');
  assert.equal(await cell(page, 2, 2).getAttribute('data-level'), 'Low');
  assert.equal(await cell(page, 3, 3).getAttribute('data-above'), 'false');
  assert.equal(await cell(page, 5, 5).getAttribute('data-level'), 'Very high');
  const aboveBefore = Number(await page.getAttribute('[data-testid="matrix-above-count"]', 'data-count'));
  assert.equal(await page.locator('[data-testid="save-matrix"]').isDisabled(), true, 'nothing to save yet');

  // Appetite 9 → 6: 3 × 3 = 9 is now above it, live.
  await page.fill('[data-testid="matrix-appetite"]', '6');
  await cellIs(page, 3, 3, 'data-above', 'true');
  assert.equal(await cell(page, 2, 3).getAttribute('data-above'), 'false', '2 × 3 = 6 is not above 6');
  const aboveAfter = Number(await page.getAttribute('[data-testid="matrix-above-count"]', 'data-count'));
  assert.ok(aboveAfter > aboveBefore, `more cells above appetite (${aboveBefore} → ${aboveAfter})`);
  assert.match(await page.innerText('[data-testid="matrix-legend-appetite"]'), /above 6/);

  // Medium from 5 → 4: the 2 × 2 cell turns Medium, Low's range in the legend shrinks.
  await band(page, 1).locator('[data-testid="band-min"]').fill('4');
  await cellIs(page, 2, 2, 'data-level', 'Medium');
  assert.equal(await cell(page, 1, 3).getAttribute('data-level'), 'Low');
  assert.match(await page.innerText('[data-testid="matrix-legend-band"][data-band="Low"]'), /scores 1–3/);
  await page.waitForSelector('[data-testid="matrix-unsaved"]');

  // A broken value is named before saving, and saving waits until it is fixed.
  await page.fill('[data-testid="matrix-appetite"]', '30');
  await page.waitForSelector('[data-testid="matrix-error"][data-field="appetite"]');
  assert.match(await page.innerText('[data-testid="matrix-error"]'), /appetite: must be a score from 1 to 25/i);
  assert.equal(await page.locator('[data-testid="save-matrix"]').isDisabled(), true);
  await page.fill('[data-testid="matrix-appetite"]', '6');
  await page.waitForSelector('[data-testid="matrix-error"]', { state: 'detached' });
  await page.waitForSelector('[data-testid="matrix-preview"][data-valid="true"]');

  // Not stored until saved.
  assert.equal((await admin('GET', '/risk-matrix')).matrix.appetite, 9);
  await shot(page, 'risk-matrix-editor');

  await page.click('[data-testid="save-matrix"]');
  await toast(page, /risk matrix saved/);
  const stored = await admin('GET', '/risk-matrix');
  assert.equal(stored.matrix.appetite, 6);
  assert.equal(stored.matrix.bands[1].name, 'Medium');
  assert.equal(stored.matrix.bands[1].min_score, 4);
  assert.ok(stored.version >= 1, 'stored with a version');

  // A fresh load shows what was stored.
  await page.reload();
  await page.waitForSelector('[data-testid="matrix-cell"]');
  assert.equal(await page.inputValue('[data-testid="matrix-appetite"]'), '6');
  assert.equal(await band(page, 1).locator('[data-testid="band-min"]').inputValue(), '4');
  assert.equal(await cell(page, 2, 2).getAttribute('data-level'), 'Medium');
  assert.equal(await page.locator('[data-testid="matrix-unsaved"]').count(), 0);

  await restoreDefault();
});

test('scales and scoring: a level added on top grows the map, additive scoring moves the first band', async (t) => {
  const page = await open(t, { width: 1280, height: 1000 });
  await signIn(page, 'admin@demo.example');
  await openMatrix(page);
  await page.click('[data-testid="likelihood-add"]');
  await page.locator('[data-testid="likelihood-label"]').nth(5).fill('Certain');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="matrix-cell"]').length === 30);
  assert.equal(await page.locator('.heatmap tr').first().locator('th').innerText(), 'Certain');
  assert.match(await page.innerText('[data-testid="matrix-range"]'), /from 1 to 30/);

  await page.selectOption('[data-testid="matrix-scoring"]', 'additive');
  await cellIs(page, 1, 1, 'data-score', '2');
  assert.equal(await band(page, 0).locator('[data-testid="band-min"]').inputValue(), '2', 'the first band starts at the lowest score');
  assert.equal(await cell(page, 6, 5).getAttribute('data-score'), '11');

  // Blanking a label is refused by name, under the scale.
  await page.locator('[data-testid="impact-label"]').nth(2).fill(' ');
  await page.waitForSelector('[data-testid="error-impact"]');
  assert.match(await page.innerText('[data-testid="matrix-error"]'), /impact: level 3 has a blank label/i);
  assert.equal(await page.locator('[data-testid="save-matrix"]').isDisabled(), true);

  // Reset fills the default back in, without saving.
  await page.click('[data-testid="reset-matrix"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="matrix-cell"]').length === 25);
  assert.equal(await page.inputValue('[data-testid="matrix-scoring"]'), 'multiplicative');
  assert.equal(await page.locator('[data-testid="matrix-error"]').count(), 0);
  assert.equal(await page.locator('[data-testid="matrix-unsaved"]').count(), 0, 'the default is what is stored');
  assert.deepEqual((await admin('GET', '/risk-matrix')).matrix, DEFAULT, 'nothing was saved');
});

test('"Reset to default" then save stores the default; a stale save reloads and says so', async (t) => {
  await storeMatrix({ ...DEFAULT, appetite: 12 });
  const page = await open(t, { width: 1280, height: 1000 });
  await signIn(page, 'admin@demo.example');
  await openMatrix(page);
  assert.equal(await page.inputValue('[data-testid="matrix-appetite"]'), '12');

  // Someone else saves meanwhile: this save is refused, the form reloads with their matrix.
  await storeMatrix({ ...DEFAULT, appetite: 15 });
  await page.fill('[data-testid="matrix-appetite"]', '8');
  await page.click('[data-testid="save-matrix"]');
  await toast(page, /someone else changed this/);
  await page.waitForFunction(() => document.querySelector('[data-testid="matrix-appetite"]')?.value === '15');
  assert.equal((await admin('GET', '/risk-matrix')).matrix.appetite, 15);

  await page.click('[data-testid="reset-matrix"]');
  assert.equal(await page.inputValue('[data-testid="matrix-appetite"]'), '9');
  await page.waitForSelector('[data-testid="matrix-unsaved"]');
  await page.click('[data-testid="save-matrix"]');
  await toast(page, /risk matrix saved/);
  assert.deepEqual((await admin('GET', '/risk-matrix')).matrix, DEFAULT);
});

test('a stored matrix of another shape loads as stored: 6 × 5, additive', async (t) => {
  // The demo's readings use levels above 3 of likelihood and 4 of impact, so the server refuses
  // these shorter scales (409, naming the first scale it finds short); a longer likelihood scale
  // is stored.
  await assert.rejects(
    storeMatrix({
      likelihood: ['Low', 'Medium', 'High'],
      impact: ['Low', 'Medium', 'High', 'Critical'],
      scoring: 'additive',
      bands: [
        { name: 'Acceptable', colour: '#2e7d32', min_score: 2, review_months: 12 },
        { name: 'Unacceptable', colour: '#c62828', min_score: 5, review_months: 3 },
      ],
      appetite: 4,
    }),
    /→ 409: .*(likelihood|impact): recorded readings use level \d+; the scale must keep/,
  );
  await storeMatrix({
    likelihood: ['Very rare', 'Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain'],
    impact: ['Insignificant', 'Minor', 'Moderate', 'Major', 'Severe'],
    scoring: 'additive',
    bands: [
      { name: 'Acceptable', colour: '#2e7d32', min_score: 2, review_months: 12 },
      { name: 'Unacceptable', colour: '#c62828', min_score: 7, review_months: 3 },
    ],
    appetite: 6,
  });
  t.after(restoreDefault);
  const page = await open(t, { width: 1280, height: 1000 });
  await signIn(page, 'admin@demo.example');
  await openMatrix(page);
  assert.equal(await page.inputValue('[data-testid="matrix-scoring"]'), 'additive');
  assert.equal(await page.locator('[data-testid="matrix-cell"]').count(), 30);
  assert.equal(await cell(page, 1, 1).getAttribute('data-score'), '2');
  assert.equal(await cell(page, 4, 3).getAttribute('data-level'), 'Unacceptable');
  assert.equal(await cell(page, 3, 3).getAttribute('data-above'), 'false');
  assert.equal(await cell(page, 6, 5).getAttribute('data-score'), '11');
  assert.equal(await page.locator('[data-testid="matrix-unsaved"]').count(), 0);
  await shot(page, 'risk-matrix-6x5-additive');
});

test('a viewer reads the matrix but cannot change it (on a phone)', async (t) => {
  const page = await open(t, { width: 390, height: 844 });
  await signIn(page, 'viewer@demo.example');
  await openMatrix(page);
  await page.waitForSelector('[data-testid="matrix-read-only"]');
  assert.equal(await page.locator('[data-testid="save-matrix"]').count(), 0, 'no save button');
  assert.equal(await page.locator('[data-testid="reset-matrix"]').count(), 0, 'no reset button');
  assert.equal(await page.locator('[data-testid="likelihood-add"]').count(), 0, 'no adding levels');
  assert.equal(await page.locator('[data-testid="band-remove"]').count(), 0, 'no removing bands');
  assert.equal(await page.isDisabled('[data-testid="matrix-appetite"]'), true);
  assert.equal(await page.isDisabled('[data-testid="matrix-scoring"]'), true);
  assert.equal(await page.locator('[data-testid="likelihood-label"]').first().isDisabled(), true);
  assert.equal(await band(page, 1).locator('[data-testid="band-name"]').isDisabled(), true);
  assert.equal(await page.locator('[data-testid="matrix-cell"]').count(), 25);
  assert.equal(await page.locator('[data-testid="matrix-legend-band"]').count(), 4);
  await shot(page, 'risk-matrix-viewer');
});

/** How many threats the bank says it shows. */
async function shownCount(page) {
  return Number(await page.getAttribute('[data-testid="bank-count"]', 'data-count'));
}

test('the risk bank lists the threats, search and categories narrow it, a control chip opens the control', async (t) => {
  const bank = await admin('GET', '/risk-bank');
  assert.ok(bank.length >= 40, `the bank holds at least 40 threats (${bank.length})`);
  const page = await open(t, { width: 1280, height: 1000 });
  await signIn(page, 'editor@demo.example');
  await openNav(page, 'nav-risks');
  await page.click('[data-testid="risk-nav-bank"]');
  await page.waitForSelector('[data-testid="risk-bank-title"]');
  await page.waitForSelector('[data-testid="threat"]');
  assert.equal(await page.locator('[data-testid="threat"]').count(), bank.length);
  assert.equal(await shownCount(page), bank.length);
  const categories = new Set(bank.map((th) => th.category));
  assert.equal(await page.locator('[data-testid="bank-group"]').count(), categories.size, 'grouped by category');

  const ransomware = page.locator('[data-testid="threat"][data-key="ransomware"]');
  const expected = bank.find((th) => th.key === 'ransomware');
  assert.equal(await ransomware.locator('[data-testid="threat-title"]').innerText(), expected.threat);
  assert.equal(await ransomware.locator('[data-testid="threat-property"]').count(), expected.affects.length);
  assert.equal(await ransomware.locator('[data-testid="threat-vulnerabilities"] li').count(), expected.vulnerabilities.length);
  assert.equal(await ransomware.locator('[data-testid="threat-consequences"] li').count(), expected.consequences.length);
  assert.equal(await ransomware.locator('[data-testid="threat-control"]').count(), expected.controls.length);
  await shot(page, 'risk-bank', false);

  // Search by words: every word must be found.
  await page.fill('[data-testid="bank-search"]', 'backups encrypt');
  await page.waitForFunction((all) => Number(document.querySelector('[data-testid="bank-count"]').dataset.count) < all, bank.length);
  const narrowed = await shownCount(page);
  assert.ok(narrowed >= 1, 'something matches');
  const keys = await page.locator('[data-testid="threat"]').evaluateAll((els) => els.map((e) => e.dataset.key));
  assert.ok(keys.includes('ransomware'));
  assert.equal(keys.length, narrowed);
  await page.fill('[data-testid="bank-search"]', 'zzzz-nothing');
  await page.waitForSelector('[data-testid="empty-state"]');
  await page.fill('[data-testid="bank-search"]', '');
  await page.waitForFunction((all) => document.querySelector('[data-testid="bank-count"]')?.dataset.count === String(all), bank.length);

  // A category.
  const category = expected.category;
  await page.click(`[data-testid="bank-category"][data-category="${category}"]`);
  const inCategory = bank.filter((th) => th.category === category).length;
  await page.waitForFunction((n) => document.querySelector('[data-testid="bank-count"]')?.dataset.count === String(n), inCategory);
  assert.equal(await page.locator('[data-testid="bank-group"]').count(), 1);
  await shot(page, 'risk-bank-category', false);
  await page.click('[data-testid="bank-category-all"]');

  // A suggested control opens the control's page in the ISO 27001 project.
  const reference = expected.controls[0];
  const soa = await admin('GET', '/soa');
  const entry = soa.data.find((e) => e.reference === reference);
  assert.ok(entry, `${reference} is in the SoA`);
  const chip = ransomware.locator(`a[data-testid="threat-control"][data-ref="${reference}"]`);
  await chip.waitFor();
  await chip.click();
  await page.waitForURL(`${BASE}/items/${entry.item_id}`);
  await page.waitForSelector(`[data-testid="item-title"]:has-text("${entry.title}")`);
});

test('an editor adds a threat to the register with the controls they confirm; then it shows "See risk"', async (t) => {
  const bank = await admin('GET', '/risk-bank');
  const register = await admin('GET', '/risks');
  const taken = new Set(register.data.map((r) => r.title));
  const threat = bank.find((th) => !taken.has(th.threat) && th.controls.length >= 2);
  assert.ok(threat, 'a threat not in the register yet');
  const page = await open(t, { width: 1280, height: 1000 });
  await signIn(page, 'editor@demo.example');
  await page.goto(`${BASE}/risks/bank`);
  const row = page.locator(`[data-testid="threat"][data-key="${threat.key}"]`);
  await row.waitFor();
  await row.locator('[data-testid="threat-add-risk"]').click();
  const form = row.locator('[data-testid="add-risk-form"]');
  await form.waitFor();
  assert.equal(await form.locator('[data-testid="add-risk-control"]:checked').count(), threat.controls.length, 'every suggestion ticked');
  const dropped = threat.controls[threat.controls.length - 1];
  await form.locator(`[data-testid="add-risk-control"][data-ref="${dropped}"]`).uncheck();
  await form.locator('[data-testid="add-risk-save"]').click();
  await toast(page, /added to the register/);
  const see = row.locator('[data-testid="threat-see-risk"]');
  await see.waitFor();

  const added = (await admin('GET', '/risks')).data.find((r) => r.title === threat.threat);
  assert.ok(added, 'the register holds the threat');
  t.after(async () => {
    const item = await admin('GET', `/items/${added.item_id}`);
    await admin('DELETE', `/items/${added.item_id}`, undefined, { version: item.version });
  });
  const links = await admin('GET', `/items/${added.item_id}/links`);
  const soa = await admin('GET', '/soa');
  const linkedRefs = soa.data.filter((e) => links.some((l) => l.item_id === e.item_id)).map((e) => e.reference).sort();
  assert.deepEqual(linkedRefs, threat.controls.filter((c) => c !== dropped).sort(), 'linked to the confirmed controls only');

  // "See risk" leads to the new risk.
  await see.click();
  await page.waitForURL(`${BASE}/items/${added.item_id}`);
  await page.waitForSelector(`[data-testid="item-title"]:has-text("${threat.threat}")`);
});

test('a viewer browses the bank without "Add risk"', async (t) => {
  const page = await open(t);
  await signIn(page, 'viewer@demo.example');
  await openNav(page, 'nav-risks');
  await page.click('[data-testid="risk-nav-bank"]');
  await page.waitForSelector('[data-testid="threat"]');
  assert.equal(await page.locator('[data-testid="threat-add-risk"]').count(), 0);
});

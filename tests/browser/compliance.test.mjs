// Browser tests of the unified compliance screen (/compliance): the demo's four registers with
// their figures, GDPR Art. 32 evidenced through its ISO/IEC 27001:2022 counterparts, the coverage
// chips narrowing the rows, the framework kept in the address, a viewer reading it, and the empty
// state. Every figure is checked against GET /compliance, not written down here.
//
//   ANNEX_URL=http://127.0.0.1:8080 node --test --test-concurrency=1 tests/browser/compliance.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, open, openNav, restAs, shot, signIn } from './support.mjs';

const REGISTERS = ['iso27001-2022', 'iso22301-2019', 'iso9001-2015', 'gdpr'];
const ISO27001 = 'ISO/IEC 27001:2022';

/** GET /compliance as `email`, with `query` (e.g. `?framework=gdpr`). */
async function compliance(email, query = '') {
  const api = await restAs(email);
  return api('GET', `/compliance${query}`);
}

/** Waits until the table lists exactly `n` rows and the count under it says so. */
async function rowsShown(page, n) {
  await page.waitForFunction(
    (n) =>
      document.querySelector('[data-testid="compliance-count"]')?.dataset.count === String(n) &&
      document.querySelectorAll('[data-testid="compliance-row"]').length === n,
    n,
  );
}

test('the page lists every register with its figures and the records that serve two frameworks', async (t) => {
  const view = await compliance('admin@demo.example');
  assert.deepEqual(view.frameworks.map((f) => f.framework_id), REGISTERS, 'the demo keeps the SoA and three registers');
  assert.ok(view.records_shared > 0, 'the demo has records evidencing two frameworks');

  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await openNav(page, 'nav-compliance');
  await page.waitForSelector('[data-testid="compliance-title"]');
  assert.equal(await page.title(), 'Compliance across frameworks · Annex');
  await rowsShown(page, view.rows.length);

  const cards = page.locator('[data-testid="compliance-register"]');
  assert.equal(await cards.count(), view.frameworks.length);
  for (const [i, f] of view.frameworks.entries()) {
    const card = cards.nth(i);
    assert.equal(await card.getAttribute('data-framework'), f.framework_id);
    assert.match(await card.innerText(), new RegExp(f.framework_name.replace(/[()/.]/g, '\\$&')));
    assert.equal(await card.locator('[data-testid="compliance-entries"]').innerText(), String(f.entries));
    assert.equal(await card.locator('[data-testid="compliance-applicable"]').innerText(), String(f.applicable));
    assert.equal(await card.locator('[data-testid="compliance-implemented"]').innerText(), String(f.implemented));
    const parts = await card
      .locator('[data-testid="compliance-bar-part"]')
      .evaluateAll((els) => els.map((e) => [e.dataset.coverage, Number(e.dataset.count)]));
    const expected = [['own', f.own], ['shared', f.shared], ['none', f.none]].filter(([, n]) => n > 0);
    assert.deepEqual(parts, expected, `${f.framework_id}: the bar splits its applicable rows`);
    const href = await card.locator('[data-testid="compliance-open-register"]').getAttribute('href');
    assert.equal(href, f.framework_id.startsWith('iso27001') ? '/soa' : `/registers/${f.framework_id}`);
    assert.equal(await card.getAttribute('data-selected'), String(f.framework_id === view.framework_id));
  }
  const tile = page.locator('[data-testid="compliance-records-shared"]');
  assert.equal(await tile.getAttribute('data-count'), String(view.records_shared));
  assert.match(await tile.innerText(), /Records that count for 2\+ frameworks/i);

  // Rows are grouped by section, in the order the API gives them.
  const themes = await page
    .locator('[data-testid="compliance-theme"]')
    .evaluateAll((els) => els.map((e) => e.dataset.theme));
  assert.deepEqual(themes, [...new Set(view.rows.map((r) => r.theme))]);
  // An ISO 27001 clause has no statement: its status says so.
  const clause = view.rows.find((r) => r.implementation_status === null);
  assert.ok(clause, 'the ISO 27001 view lists clauses');
  const clauseRow = page.locator(`[data-testid="compliance-row"][data-ref="${clause.reference}"]`);
  assert.equal(await clauseRow.locator('[data-testid="compliance-status"]').innerText(), 'Clause');
});

test('selecting GDPR shows Art. 32 evidenced through ISO/IEC 27001:2022, and the choice survives a reload', async (t) => {
  const view = await compliance('admin@demo.example', '?framework=gdpr');
  const art32 = view.rows.find((r) => r.reference === 'Art. 32');
  assert.ok(art32, 'GDPR lists Art. 32');
  assert.ok(['shared', 'own'].includes(art32.coverage), `Art. 32 is evidenced (${art32.coverage})`);
  const iso = art32.counterparts.filter((c) => c.framework_name === ISO27001);
  assert.ok(iso.length > 0, 'Art. 32 has ISO/IEC 27001:2022 counterparts');
  const evidencing = iso.find((c) => c.evidence.length > 0);
  assert.ok(evidencing, 'one of them has evidence');

  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.goto(`${BASE}/compliance`);
  await page.click('[data-testid="compliance-register"][data-framework="gdpr"] [data-testid="compliance-register-select"]');
  await page.waitForURL(/\/compliance\?framework=gdpr$/);
  await rowsShown(page, view.rows.length);
  const card = page.locator('[data-testid="compliance-register"][data-framework="gdpr"]');
  assert.equal(await card.getAttribute('data-selected'), 'true');

  const row = page.locator('[data-testid="compliance-row"][data-ref="Art. 32"]');
  assert.equal(await row.getAttribute('data-coverage'), art32.coverage);
  assert.equal(await row.getAttribute('data-own'), String(art32.evidence.length));
  assert.equal(await row.getAttribute('data-shared'), String(art32.shared_evidence));
  assert.equal(
    await row.locator('[data-testid="compliance-coverage"]').innerText(),
    art32.coverage === 'shared' ? 'Through another framework' : 'Own evidence',
  );
  assert.equal(await row.locator('[data-testid="compliance-counterpart"]').count(), art32.counterparts.length);
  for (const c of art32.counterparts) {
    const entry = row.locator(`[data-testid="compliance-counterpart"][data-framework="${c.framework_id}"][data-ref="${c.reference}"]`);
    assert.equal(await entry.getAttribute('data-evidence'), String(c.evidence.length), `${c.reference}: its evidence count`);
    assert.equal(await entry.getAttribute('data-via'), c.via);
    const link = entry.locator('[data-testid="compliance-counterpart-link"]');
    assert.equal((await link.textContent()).trim(), `${c.framework_name} ${c.reference}`);
    assert.equal(await link.getAttribute('href'), `/items/${c.item_id}`);
  }
  // Counterparts with evidence are listed first; those without are folded away until asked for.
  const counts = await row
    .locator('[data-testid="compliance-counterpart"]')
    .evaluateAll((els) => els.map((e) => Number(e.dataset.evidence) > 0));
  assert.deepEqual(counts, [...counts].sort((a, b) => Number(b) - Number(a)));
  const silent = art32.counterparts.filter((c) => c.evidence.length === 0);
  if (silent.length > 0) {
    const more = row.locator('[data-testid="compliance-more"]');
    assert.equal(await more.locator('summary').innerText(), `+${silent.length} without evidence`);
    const hidden = more.locator(`[data-ref="${silent[0].reference}"] [data-testid="compliance-counterpart-link"]`);
    assert.equal(await hidden.isVisible(), false);
    await more.locator('summary').click();
    await hidden.waitFor({ state: 'visible' });
  }

  await page.reload();
  await rowsShown(page, view.rows.length);
  assert.equal(await card.getAttribute('data-selected'), 'true', 'the framework is kept in the address');

  // A counterpart opens its requirement.
  await row
    .locator(`[data-testid="compliance-counterpart"][data-ref="${evidencing.reference}"] [data-testid="compliance-counterpart-link"]`)
    .click();
  await page.waitForURL(new RegExp(`/items/${evidencing.item_id}$`));
});

test('the coverage chips narrow the rows to one kind of evidence', async (t) => {
  const api = await restAs('admin@demo.example');
  const all = await api('GET', '/compliance?framework=gdpr');
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.goto(`${BASE}/compliance?framework=gdpr`);
  await rowsShown(page, all.rows.length);

  for (const coverage of ['shared', 'own', 'none', 'excluded']) {
    const narrowed = await api('GET', `/compliance?framework=gdpr&coverage=${coverage}`);
    assert.equal(narrowed.rows.length, all.rows.filter((r) => r.coverage === coverage).length);
    assert.ok(narrowed.rows.length < all.rows.length, `${coverage} leaves rows out`);
    await page.click(`[data-testid="compliance-filter-${coverage}"]`);
    await rowsShown(page, narrowed.rows.length);
    assert.equal(await page.getAttribute(`[data-testid="compliance-filter-${coverage}"]`, 'aria-pressed'), 'true');
    const shown = await page
      .locator('[data-testid="compliance-row"]')
      .evaluateAll((els) => els.map((e) => [e.dataset.ref, e.dataset.coverage]));
    assert.deepEqual(shown, narrowed.rows.map((r) => [r.reference, coverage]), `${coverage}: the API's rows`);
  }
  await page.click('[data-testid="compliance-filter-all"]');
  await rowsShown(page, all.rows.length);
});

test('a viewer reads the ISO 22301 register from the address, its continuity plans evidenced through ISO 27001', async (t) => {
  const view = await compliance('viewer@demo.example', '?framework=iso22301-2019');
  const shared = view.rows.filter((r) => r.coverage === 'shared');
  assert.ok(shared.length > 0, 'ISO 22301 requirements count through another framework');

  const page = await open(t);
  await signIn(page, 'viewer@demo.example');
  assert.ok(await page.locator('[data-testid="nav-compliance"]').count(), 'the viewer has the nav entry');
  await page.goto(`${BASE}/compliance?framework=iso22301-2019`);
  await rowsShown(page, view.rows.length);
  assert.equal(
    await page.getAttribute('[data-testid="compliance-register"][data-framework="iso22301-2019"]', 'data-selected'),
    'true',
  );
  for (const r of shared) {
    const row = page.locator(`[data-testid="compliance-row"][data-ref="${r.reference}"]`);
    assert.equal(await row.getAttribute('data-coverage'), 'shared');
    assert.equal(await row.locator('[data-testid="compliance-own"]').innerText(), '—', `${r.reference} has no evidence of its own`);
    assert.match(
      await row.locator('[data-testid="compliance-shared-count"]').innerText(),
      new RegExp(`^${r.shared_evidence} records? through others$`),
    );
    const evidencing = r.counterparts.filter((c) => c.evidence.length > 0).length;
    assert.equal(
      await row.locator('[data-testid="compliance-counterpart"]:not([data-evidence="0"])').count(),
      evidencing,
      `${r.reference}: its counterparts with evidence`,
    );
  }
  await shot(page, 'compliance');
});

test('a framework without a register shows the empty state, and an unknown one says so', async (t) => {
  const api = await restAs('admin@demo.example');
  await assert.rejects(api('GET', '/compliance?framework=iso27001-2013'), / 404: /, 'the demo keeps no 2013 SoA');
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.goto(`${BASE}/compliance?framework=iso27001-2013`);
  await page.waitForSelector('[data-testid="compliance-none"]');
  assert.equal(await page.getAttribute('[data-testid="compliance-none-frameworks"]', 'href'), '/frameworks');
  await page.goto(`${BASE}/compliance?framework=nonsense`);
  await page.waitForSelector('[data-testid="compliance-unknown"]');
  assert.match(await page.innerText('[data-testid="compliance-unknown"]'), /nonsense/);
});

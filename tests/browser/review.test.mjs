// Browser tests of the programme dashboard and the management review inputs (clause 9.3.2): an
// admin's Home shows the dashboard cards with the demo's numbers, each card a link to its screen;
// a viewer's and a contributor's Home have none; an ISMS Board item's card opens the printable
// report in a new tab and downloads the workbook.
//
//   ANNEX_URL=http://127.0.0.1:8080 node --test --test-concurrency=1 tests/browser/review.test.mjs

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BASE, open, restAs, shot, signIn } from './support.mjs';

let figures;
let boardItemId;
let auditItemId;

before(async () => {
  const admin = await restAs('admin@demo.example');
  figures = await admin('GET', '/dashboard');
  const found = await admin('GET', `/items/search?q=${encodeURIComponent('Hold the management review')}`);
  const item = found.find((i) => i.label.endsWith('Hold the management review'));
  assert.ok(item, 'the demo board has the management review');
  boardItemId = item.item_id;
  const audits = await admin('GET', `/items/search?q=${encodeURIComponent('Audit access control and identity management')}`);
  auditItemId = audits[0].item_id;
});

test('an admin Home shows the dashboard with the demo numbers, each card a link to its screen', async (t) => {
  const page = await open(t, { width: 1280, height: 1200 });
  await signIn(page, 'admin@demo.example');
  const dash = page.locator('[data-testid="home-dashboard"]');
  await dash.locator('[data-testid="dash-soa"]').waitFor();

  // The numbers are the API's.
  const soaPct = await dash.locator('[data-testid="dash-soa-pct"]').getAttribute('data-value');
  assert.equal(Number(soaPct), figures.soa.implemented_percent);
  assert.equal(
    Number(await dash.locator('[data-testid="dash-risks-above"]').getAttribute('data-value')),
    figures.risks.above_appetite,
  );
  assert.ok(figures.risks.above_appetite > 0, 'the demo has risks above appetite');
  const levels = await dash.locator('[data-testid="dash-risk-level"]').evaluateAll((all) =>
    all.map((l) => [l.dataset.label, Number(l.dataset.count)]),
  );
  assert.deepEqual(levels, figures.risks.by_level.map((l) => [l.label, l.count]));
  // The stacked bar is drawn in the matrix colours.
  const fills = await dash.locator('[data-testid="dash-risks"] svg rect[fill]').evaluateAll((all) => all.map((r) => r.getAttribute('fill')));
  assert.deepEqual(fills, figures.risks.by_level.filter((l) => l.count > 0).map((l) => l.colour));
  assert.equal(
    Number(await dash.locator('[data-testid="dash-actions-overdue"]').getAttribute('data-value')),
    figures.actions.overdue,
  );
  assert.ok(figures.actions.overdue > 0, 'the demo has overdue corrective actions');
  assert.equal(
    Number(await dash.locator('[data-testid="dash-actions-open"]').getAttribute('data-value')),
    figures.actions.open,
  );
  const packs = await dash.locator('[data-testid="dash-pack"]').evaluateAll((all) => all.map((p) => [p.dataset.name, Number(p.dataset.value)]));
  assert.deepEqual(packs, figures.packs.map((p) => [p.name, p.accepted_percent]));
  assert.ok(packs.length > 0);
  const rag = await dash.locator('[data-testid="dash-kpi-status"]').evaluateAll((all) =>
    Object.fromEntries(all.map((s) => [s.dataset.status, Number(s.dataset.count)])),
  );
  assert.deepEqual(rag, {
    red: figures.kpis.red,
    amber: figures.kpis.amber,
    green: figures.kpis.green,
    exceptional: figures.kpis.exceptional,
    none: figures.kpis.not_rated,
  });
  const upcoming = await dash.locator('[data-testid="dash-audit"] .dash-what').allInnerTexts();
  assert.deepEqual(upcoming, figures.audits.upcoming.map((a) => a.title));
  assert.ok(upcoming.length > 0 && upcoming.length <= 5);
  await shot(page, 'home-dashboard', false);

  // Each card goes to its screen.
  const destinations = [
    ['dash-soa', '/soa'],
    ['dash-risks', '/risks/map'],
    ['dash-actions', `/spaces/${figures.actions.space_id}`],
    ['dash-packs', '/policy-packs'],
    ['dash-kpis', '/kpis'],
    ['dash-audits', `/spaces/${figures.audits.space_id}`],
  ];
  for (const [testid, path] of destinations) {
    await page.goto(`${BASE}/`);
    await page.locator(`[data-testid="${testid}"]`).click();
    await page.waitForURL((url) => url.pathname === path);
    assert.equal(new URL(page.url()).pathname, path, testid);
    await page.waitForSelector('h1');
  }
});

for (const who of ['viewer', 'contributor']) {
  test(`a ${who}'s Home has no dashboard`, async (t) => {
    const page = await open(t);
    await signIn(page, `${who}@demo.example`);
    await page.waitForSelector('[data-testid="home-account"]');
    assert.equal(await page.locator('[data-testid="home-dashboard"]').count(), 0);
  });
}

test('a board item opens its management review report and downloads the workbook', async (t) => {
  const page = await open(t, { width: 1280, height: 1300 });
  await signIn(page, 'admin@demo.example');

  // Not on the ISMS Board: no card.
  await page.goto(`${BASE}/items/${auditItemId}`);
  await page.waitForSelector('[data-testid="audit-panel"]');
  assert.equal(await page.locator('[data-testid="review-inputs"]').count(), 0);

  await page.goto(`${BASE}/items/${boardItemId}`);
  const card = page.locator('[data-testid="review-inputs"]');
  await card.waitFor();
  const sections = await card.locator('[data-testid="review-section"]').evaluateAll((all) => all.map((s) => s.dataset.section));
  assert.deepEqual(sections, ['actions', 'kpis', 'nonconformities', 'audits', 'risks', 'packs', 'soa']);
  await card.locator('[data-testid="review-section"][data-section="actions"]').getByText(/open, \d+ overdue, \d+ done/).waitFor();
  const actionsText = await card.locator('[data-testid="review-section"][data-section="actions"]').innerText();
  assert.match(actionsText, /[1-9]\d* open, [1-9]\d* overdue, [1-9]\d* done/, 'the demo has actions from reviews');

  // A shorter period: the figures follow.
  const today = new Date().toISOString().slice(0, 10);
  await page.fill('[data-testid="review-since"]', today);
  await page.locator('[data-testid="review-since"]').dispatchEvent('change');
  await card.locator('[data-testid="review-period"]', { hasText: `${today} to ${today}` }).waitFor();
  await card.locator('[data-testid="review-section"][data-section="audits"]', { hasText: '0 audits done' }).waitFor();
  const lastYear = new Date(Date.now() - 365 * 86400000).toISOString().slice(0, 10);
  await page.fill('[data-testid="review-since"]', lastYear);
  await page.locator('[data-testid="review-since"]').dispatchEvent('change');
  await card.locator('[data-testid="review-period"]', { hasText: `${lastYear} to` }).waitFor();
  await shot(page, 'management-review', false);

  // The printable report opens in a new tab, from a blob address, with every section.
  const [tab] = await Promise.all([
    page.context().waitForEvent('page'),
    page.click('[data-testid="review-open-report"]'),
  ]);
  await tab.waitForURL(/^blob:/);
  await tab.waitForSelector('h1');
  assert.equal(await tab.locator('h1').innerText(), 'Management review inputs');
  const headings = await tab.locator('h2').allInnerTexts();
  assert.deepEqual(headings.map((h) => h.slice(0, 2)), ['a)', 'b)', 'c)', 'd)', 'e)', 'f)', 'g)']);
  assert.match(await tab.locator('.meta').first().innerText(), /Demo Consulting Ltd/);
  assert.match(await tab.locator('#actions').innerText(), /Budget for a yearly external penetration test/);
  await shot(tab, 'management-review-report');
  await tab.close();

  // And the workbook downloads.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="review-download-xlsx"]')]);
  assert.equal(download.suggestedFilename(), 'Management review inputs.xlsx');
  const bytes = await readFile(await download.path());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'an XLSX is a zip');
});

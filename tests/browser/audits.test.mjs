// Browser tests of the audit programme (issue 6, audits): an editor raises a finding on an audit
// from its item page and follows it to the corrective action it became; the coverage page shows
// which controls each part of the programme audits and how many applicable controls none covers.
// A viewer reads the findings but is offered no form.
//
//   ANNEX_URL=http://127.0.0.1:8080 node --test --test-concurrency=1 tests/browser/audits.test.mjs

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, RUN, open, openNav, restAs, shot, signIn, toast } from './support.mjs';

const AUDIT = 'Audit access control and identity management';
let auditId;

before(async () => {
  const editor = await restAs('editor@demo.example');
  const found = await editor('GET', `/items/search?q=${encodeURIComponent(AUDIT)}`);
  const audit = found.find((i) => i.label.endsWith(AUDIT));
  assert.ok(audit, 'the demo programme has the access control audit');
  auditId = audit.item_id;
});

test('an editor raises a Minor NC on a linked control and follows it to the corrective action', async (t) => {
  const page = await open(t, { width: 1280, height: 1100 });
  await signIn(page, 'editor@demo.example');
  await page.goto(`${BASE}/items/${auditId}`);
  await page.waitForSelector('[data-testid="audit-panel"]');
  const form = page.locator('[data-testid="audit-finding-form"]');
  await form.waitFor();

  // The controls offered are the SoA controls linked to the audit.
  const choices = form.locator('[data-testid="finding-control-choice"]');
  await choices.first().waitFor();
  const offered = await choices.evaluateAll((all) => all.map((c) => c.dataset.reference));
  assert.deepEqual([...offered].sort(), ['A.5.15', 'A.5.18', 'A.8.5']);

  const title = `Leavers keep access ${RUN}`;
  await page.selectOption('[data-testid="finding-kind-select"]', { label: 'Minor NC' });
  await page.fill('[data-testid="finding-title"]', title);
  await page.fill('[data-testid="finding-description"]', 'Three leavers still had VPN accounts a month later.');
  await form.locator('[data-testid="finding-control-choice"][data-reference="A.5.18"]').check();
  await page.click('[data-testid="finding-raise"]');
  await toast(page, /^Corrective action \d+ raised/);

  // Listed with its kind, status and control.
  const row = page.locator('[data-testid="finding-row"]', { hasText: title });
  await row.waitFor();
  assert.equal(await row.locator('[data-testid="finding-kind"]').getAttribute('data-label'), 'Minor NC');
  assert.equal(
    await row.locator('[data-testid="finding-kind"]').evaluate((e) => getComputedStyle(e).backgroundColor),
    'rgb(239, 108, 0)',
    'a Minor NC is orange',
  );
  const controls = await row.locator('[data-testid="finding-control"]').evaluateAll((all) => all.map((c) => c.dataset.label));
  assert.deepEqual(controls, ['A.5.18']);
  assert.equal(await page.inputValue('[data-testid="finding-title"]'), '', 'the form is cleared');
  await shot(page, 'audit-finding');

  // The corrective action carries the source and severity.
  await row.locator('[data-testid="finding-link"]').click();
  await page.waitForFunction((t) => document.querySelector('[data-testid="item-title"]')?.innerText.endsWith(t), title);
  // An editor sees the fields as a form: the chosen option of each select.
  const chosen = (name) =>
    page.locator(`[data-testid="custom-field"][data-field="${name}"] select`).evaluate((s) => s.selectedOptions[0]?.text);
  await page.waitForSelector('[data-testid="custom-field"][data-field="Source"] select');
  assert.equal(await chosen('Source'), 'Internal audit');
  assert.equal(await chosen('Severity'), 'Minor NC');
  // It is linked back to the audit.
  await page.waitForSelector(`[data-testid="links-table"] a[href="/items/${auditId}"]`);
});

test('an unknown typed reference is refused before anything is sent', async (t) => {
  const page = await open(t);
  await signIn(page, 'editor@demo.example');
  await page.goto(`${BASE}/items/${auditId}`);
  await page.waitForSelector('[data-testid="audit-finding-form"]');
  const before = await page.locator('[data-testid="finding-row"]').count();
  await page.fill('[data-testid="finding-title"]', `Typed reference ${RUN}`);
  await page.fill('[data-testid="finding-references"]', 'A.5.15, A.99.1');
  await page.click('[data-testid="finding-raise"]');
  await page.waitForSelector('[data-testid="finding-references-error"]');
  assert.match(await page.innerText('[data-testid="finding-references-error"]'), /A\.99\.1/);
  assert.equal(await page.locator('[data-testid="finding-row"]').count(), before, 'no finding was raised');
});

test('a viewer reads the findings but is offered no form; other items have no audit panel', async (t) => {
  const page = await open(t);
  await signIn(page, 'viewer@demo.example');
  await page.goto(`${BASE}/items/${auditId}`);
  await page.waitForSelector('[data-testid="audit-panel"]');
  assert.equal(await page.locator('[data-testid="audit-finding-form"]').count(), 0);

  // A control's page is not an audit.
  const viewer = await restAs('viewer@demo.example');
  const soa = await viewer('GET', '/soa');
  await page.goto(`${BASE}/items/${soa.data[0].item_id}`);
  await page.waitForSelector('[data-testid="item-title"]');
  await page.waitForSelector('[data-testid="soa-panel"]');
  assert.equal(await page.locator('[data-testid="audit-panel"]').count(), 0);
});

test('the coverage page lists each phase’s controls and the uncovered count', async (t) => {
  const page = await open(t, { width: 1280, height: 1000 });
  await signIn(page, 'editor@demo.example');
  await openNav(page, 'nav-audit-coverage');
  await page.waitForSelector('[data-testid="audit-coverage-title"]');
  const year1 = page.locator('[data-testid="audit-phase"][data-title="[Year 1] Internal Audit Programme"]');
  await year1.waitFor();
  const refs = await year1.locator('[data-testid="phase-control"]').evaluateAll((all) => all.map((c) => c.dataset.label));
  for (const r of ['A.5.15', 'A.5.18', 'A.8.5', 'A.8.13', 'A.5.30']) {
    assert.ok(refs.includes(r), `Year 1 covers ${r} (got ${refs.join(', ')})`);
  }
  assert.ok(Number(await year1.getAttribute('data-audits')) >= 2);

  const api = await restAs('editor@demo.example');
  const coverage = await api('GET', '/audit-programme/coverage');
  const gap = page.locator('[data-testid="audit-uncovered"]');
  assert.equal(await gap.getAttribute('data-count'), String(coverage.uncovered.length));
  assert.equal(
    await page.innerText('[data-testid="audit-uncovered-summary"]'),
    `Not covered by any audit: ${coverage.uncovered.length} of ${coverage.applicable} applicable controls`,
  );
  assert.equal(await gap.locator('[data-testid="uncovered-control"]').count(), coverage.uncovered.length);
  assert.ok(!coverage.uncovered.includes('A.5.15'), 'an audited control is not in the gap');
  await shot(page, 'audit-coverage');
});

test('the programme’s headline counts its audits as the server does (figure 15)', async (t) => {
  const editor = await restAs('editor@demo.example');
  const spaces = await editor('GET', '/spaces?kind=project&limit=200');
  const programme = spaces.data.find((s) => s.name === 'ISO 27001 Audit Programme');
  assert.ok(programme, 'the demo has the audit programme');
  const counts = await editor('GET', `/spaces/${programme.id}/stats?kind=activity`);
  const awaiting = counts.by_status.find((s) => s.name === 'Awaiting approval');
  assert.ok(awaiting.count >= 1, 'the demo has an audit awaiting approval');
  assert.ok(counts.resolved >= 1 && counts.unassigned >= 1, JSON.stringify(counts));

  const page = await open(t, { width: 1280, height: 1000 });
  await signIn(page, 'editor@demo.example');
  await page.goto(`${BASE}/spaces/${programme.id}`);
  await page.waitForSelector('[data-testid="headline-completed"]');
  const number = async (id) => Number(await page.innerText(`[data-testid="${id}"]`));
  assert.equal(await number('headline-completed'), counts.resolved);
  assert.equal(await number('headline-open'), counts.open);
  assert.equal(await number('headline-overdue'), counts.overdue);
  assert.equal(await number('headline-unassigned'), counts.unassigned);
  const tile = page.locator('[data-testid="headline-status-awaiting-approval"] .stat-n');
  assert.equal(Number(await tile.innerText()), awaiting.count);
  assert.match(
    await page.innerText('[data-testid="headline-progress-text"]'),
    new RegExp(`^${counts.resolved} of ${counts.total} completed`),
  );
  await shot(page, 'audit-programme-headline', false);

  // An audit marked done elsewhere counts as completed on the next visit.
  const supplier = (await editor('GET', `/items/search?q=${encodeURIComponent('Audit supplier security')}`))
    .find((i) => i.label.endsWith('Audit supplier security'));
  const item = await editor('GET', `/items/${supplier.item_id}`);
  const done = programme.statuses.find((s) => s.name === 'Done');
  await editor('PATCH', `/items/${item.id}`, { status_id: done.id }, { version: item.version });
  await page.reload();
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="headline-completed"]')?.innerText) === n,
    counts.resolved + 1,
  );
  // Put it back: other tests read the demo's audits.
  const changed = await editor('GET', `/items/${item.id}`);
  await editor('PATCH', `/items/${item.id}`, { status_id: item.status_id }, { version: changed.version });
});

test('the demo’s audit findings are corrective actions from the audits', async () => {
  const viewer = await restAs('viewer@demo.example');
  const spaces = await viewer('GET', '/spaces?kind=project&limit=200');
  const programme = spaces.data.find((s) => s.name === 'ISO 27001 Audit Programme');
  const tree = await viewer('GET', `/spaces/${programme.id}/tree`);
  const stage2 = tree.nodes.find((n) => n.label.endsWith('Stage 2 audit: certification'));
  const findings = await viewer('GET', `/audits/${stage2.id}/findings`);
  assert.deepEqual(findings.map((f) => f.kind).sort(), ['minor_nc', 'opportunity']);
  assert.ok(findings.every((f) => f.controls.length > 0));
});

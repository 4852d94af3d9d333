// Browser tests of the Statement of Applicability (issue 4): excluding a control with a
// justification, the "No evidence" gap shrinking when a policy is linked, inline and bulk edits,
// the XLSX export, the SoA panel of a control's page, and the framework browser.
//
// The demo organisation has ISO/IEC 27001:2022 adopted at creation. Each test picks its controls
// from what the server says at the time, so the tests do not depend on one another's order.
//
//   ANNEX_URL=http://127.0.0.1:8080 node --test --test-concurrency=1 tests/browser/soa.test.mjs

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BASE, RUN, open, openNav, restAs, shot, signIn, toast } from './support.mjs';

let admin;

before(async () => {
  admin = await restAs('admin@demo.example');
});

/** The server's SoA entries for a query string (`gap=no_evidence`), or all of them. */
async function entries(query = '') {
  const soa = await admin('GET', `/soa${query ? `?${query}` : ''}`);
  return soa.data;
}

/** One control's entry by reference. */
async function entryOf(reference) {
  const found = (await entries()).find((e) => e.reference === reference);
  assert.ok(found, `${reference} is in the SoA`);
  return found;
}

/** Makes sure a control is applicable again (a test before may have left it excluded). */
async function includeAgain(reference) {
  const e = await entryOf(reference);
  if (!e.applicable) {
    await admin('PATCH', `/soa/controls/${e.item_id}`, { applicable: true }, { version: e.version });
  }
  return entryOf(reference);
}

/** Puts a control back to applicable, not started, unowned, at 0% and never reviewed, whatever earlier runs left. */
async function startOver(reference) {
  const e = await entryOf(reference);
  await admin(
    'PATCH',
    `/soa/controls/${e.item_id}`,
    { applicable: true, implementation_status: 'not_started', owner_id: null, progress: 0, last_reviewed: null },
    { version: e.version },
  );
  return entryOf(reference);
}

const row = (page, reference) => page.locator(`[data-testid="soa-row"][data-ref="${reference}"]`);

/** Opens the SoA from the navigation and waits for its table. */
async function openSoa(page) {
  await openNav(page, 'nav-soa');
  await page.waitForSelector('[data-testid="soa-title"]');
  await page.waitForSelector('[data-testid="soa-table"]');
}

/** Chooses a view chip and waits until the table shows as many controls as the server lists for it. */
async function chooseView(page, key, query) {
  const expected = query === undefined ? null : (await entries(query)).length;
  await page.click(`[data-testid="soa-view-${key}"]`);
  await page.waitForSelector(`[data-testid="soa-view-${key}"][aria-pressed="true"]`);
  if (expected !== null) {
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="soa-count"]')?.dataset.count === String(n),
      expected,
    );
  }
  return Number(await page.getAttribute('[data-testid="soa-count"]', 'data-count'));
}

test('excluding a control asks for a justification, refuses a blank one, then shows it Excluded', async (t) => {
  const reference = 'A.7.11';
  const before = await includeAgain(reference);
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await openSoa(page);
  const control = row(page, reference);
  await control.waitFor();
  assert.equal(await control.getAttribute('data-applicable'), 'true');
  assert.equal(await control.locator('[data-testid="soa-applicability"]').innerText(), 'Applicable');

  // Excluding opens a form with a required justification; saving it blank is refused on the spot.
  await control.locator('[data-testid="soa-exclude"]').click();
  const form = page.locator('[data-testid="justification-form"]');
  await form.waitFor();
  await form.locator('[data-testid="justification-save"]').click();
  const error = form.locator('[data-testid="justification-error"]');
  await error.waitFor();
  assert.match(await error.innerText(), /justification/i);
  assert.equal((await entryOf(reference)).applicable, true, 'nothing was saved');
  await shot(page, 'soa-exclude-justification', false);

  // With a reason it is excluded, not applicable, and the reason shows in the row.
  const why = `The landlord runs the building's utilities under the lease (${RUN}).`;
  await form.locator('[data-testid="justification-input"]').fill(why);
  await form.locator('[data-testid="justification-save"]').click();
  await toast(page, new RegExp(`${reference} excluded`));
  await page.waitForSelector(`[data-testid="soa-row"][data-ref="${reference}"][data-applicable="false"]`);
  assert.equal(await control.locator('[data-testid="soa-applicability"]').innerText(), 'Excluded');
  assert.equal(await control.locator('[data-testid="soa-status"]').getAttribute('data-label'), 'Not applicable');
  assert.equal(await control.locator('[data-testid="soa-justification"]').innerText(), why);
  const excluded = await entryOf(reference);
  assert.equal(excluded.applicable, false);
  assert.equal(excluded.justification, why);
  assert.equal(excluded.implementation_status, 'not_applicable');
  assert.ok(excluded.version > before.version);

  // The "Excluded" view lists it; including it again puts it back to not started.
  await chooseView(page, 'excluded', 'applicable=false');
  await control.waitFor();
  await chooseView(page, 'all', '');
  await control.locator('[data-testid="soa-include"]').click();
  await page.waitForSelector(`[data-testid="soa-row"][data-ref="${reference}"][data-applicable="true"]`);
  assert.equal((await entryOf(reference)).implementation_status, 'not_started');
});

test('the control page asks for a justification too, and the server refuses a blank one', async (t) => {
  const reference = 'A.7.12';
  const entry = await includeAgain(reference);
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.goto(`${BASE}/items/${entry.item_id}`);
  const panel = page.locator('[data-testid="soa-panel"]');
  await panel.waitFor();
  assert.equal(await panel.getAttribute('data-ref'), reference);

  await panel.locator('[data-testid="soa-applicable-no"]').check();
  // An earlier exclusion's reason comes back to edit; without one, saving is refused on the spot.
  await panel.locator('[data-testid="soa-justification-input"]').fill('');
  await panel.locator('[data-testid="soa-save"]').click();
  await panel.locator('[data-testid="error-justification"]').waitFor();
  assert.equal((await entryOf(reference)).applicable, true, 'a blank justification is not sent');

  // Whitespace is no justification for the server either.
  await assert.rejects(
    admin('PATCH', `/soa/controls/${entry.item_id}`, { applicable: false, justification: '   ' }, { version: entry.version }),
    /→ 422: .*justification/,
  );

  await panel.locator('[data-testid="soa-justification-input"]').fill('Cabling is the landlord\'s; we run none.');
  await panel.locator('[data-testid="soa-save"]').click();
  await toast(page, /^Saved\./);
  await page.waitForFunction(
    () => document.querySelector('[data-testid="soa-panel"] [data-testid="soa-applicability"]')?.dataset.label === 'Excluded',
  );
  assert.equal((await entryOf(reference)).applicable, false);
  await includeAgain(reference);
});

test('a save on the control page after someone else changed the control reloads it and says so', async (t) => {
  const entry = await startOver('A.7.13');
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.goto(`${BASE}/items/${entry.item_id}`);
  const panel = page.locator('[data-testid="soa-panel"]');
  await panel.locator('[data-testid="soa-form"]').waitFor();

  // Someone else records progress meanwhile; this page still holds the old version.
  await admin('PATCH', `/soa/controls/${entry.item_id}`, { progress: 30 }, { version: entry.version });
  await panel.locator('#soa-progress-input').fill('60');
  await panel.locator('[data-testid="soa-save"]').click();
  await toast(page, /Someone else changed this/);
  await page.waitForFunction(() => document.querySelector('#soa-progress-input')?.value === '30');
  assert.equal((await entryOf('A.7.13')).progress, 30, 'the stale save changed nothing');

  // Saved again on the fresh version, it goes through, and the item's own fields follow.
  await panel.locator('#soa-progress-input').fill('60');
  await panel.locator('[data-testid="soa-reviewed-today"]').click();
  await panel.locator('[data-testid="soa-save"]').click();
  await toast(page, /^Saved\./);
  const saved = await entryOf('A.7.13');
  assert.equal(saved.progress, 60);
  assert.ok(saved.last_reviewed, 'reviewed today');
  await page.waitForFunction(() => document.querySelector('#item-progress')?.value === '60');
});

test('linking a policy to a control takes it out of the "No evidence" view', async (t) => {
  const spaces = await admin('GET', '/spaces?kind=tracker&limit=200');
  const register = spaces.data.find((s) => s.name === 'Policies & Procedures');
  assert.ok(register, 'the demo has the Policies & Procedures tracker');
  const policyTitle = `Access control policy ${RUN}`;
  const policy = await admin('POST', `/spaces/${register.id}/items`, { title: policyTitle });
  const gaps = await entries('gap=no_evidence');
  const target = gaps.find((e) => !['A.7.11', 'A.7.12'].includes(e.reference));
  assert.ok(target, 'some applicable control has no evidence');

  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await openSoa(page);
  const before = await chooseView(page, 'no-evidence', 'gap=no_evidence');
  assert.ok(before > 0);
  const control = row(page, target.reference);
  await control.waitFor();
  assert.equal(await control.locator('[data-testid="soa-evidence"]').innerText(), '0');

  // The control is an item: its page has the SoA panel and the usual linked-work picker.
  await control.locator('[data-testid="soa-control-link"]').click();
  const panel = page.locator('[data-testid="soa-panel"]');
  await panel.waitFor();
  assert.equal(await panel.getAttribute('data-ref'), target.reference);
  assert.equal(await panel.locator('[data-testid="soa-panel-evidence"]').innerText(), '0');
  await page.click('[data-testid="link-add"]');
  await page.fill('#link-search', policyTitle);
  const result = page.locator('[data-testid="link-result"]', { hasText: policyTitle });
  await result.waitFor();
  await result.locator('[data-testid="link-choose"]').click();
  await page.locator('[data-testid="link-row"]', { hasText: policyTitle }).waitFor();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="soa-panel-evidence"]')?.innerText === '1',
  );
  await page.locator('[data-testid="soa-implementation-text"]').waitFor();
  await shot(page, 'soa-control-page');

  // Back on the SoA the gap view is one shorter and the control is gone from it.
  await openSoa(page);
  const after = await chooseView(page, 'no-evidence', 'gap=no_evidence');
  assert.equal(after, before - 1);
  assert.equal(await row(page, target.reference).count(), 0);
  await chooseView(page, 'all', '');
  assert.equal(await row(page, target.reference).locator('[data-testid="soa-evidence"]').innerText(), '1');
  assert.equal(policy.space_id, register.id);
});

test('the SoA exports an XLSX workbook from the browser', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await openSoa(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid="soa-export-xlsx"]'),
  ]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  const bytes = await readFile(await download.path());
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX is a ZIP archive');
  assert.ok(bytes.length > 4000, `the workbook holds the controls (${bytes.length} bytes)`);
  await toast(page, /Exported Statement of Applicability\.xlsx/);
});

test('the OSCAL plan, profile and catalog download under the names they import each other by', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await openSoa(page);
  const save = async (testId) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="${testId}"]`)]);
    return { name: download.suggestedFilename(), json: JSON.parse(await readFile(await download.path(), 'utf8')) };
  };
  const plan = await save('soa-export-oscal');
  assert.equal(plan.name, 'iso27001-2022-ssp.json');
  await page.goto(`${BASE}/frameworks/iso27001-2022`);
  await page.waitForSelector('[data-testid="framework-oscal-profile"]');
  const profile = await save('framework-oscal-profile');
  const catalog = await save('framework-oscal');
  assert.equal(profile.name, 'iso27001-2022-profile.json');
  assert.equal(catalog.name, 'iso27001-2022-catalog.json');
  assert.equal(plan.json['system-security-plan']['import-profile'].href, profile.name);
  assert.equal(profile.json.profile.imports[0].href, catalog.name);
});

test('status and owner change in the row, several controls at once in the bulk bar, and coverage follows', async (t) => {
  const [single, first, second] = ['A.8.9', 'A.6.1', 'A.6.2'];
  for (const r of [single, first, second]) await startOver(r);
  const members = await admin('GET', '/users?limit=200');
  const editor = members.data.find((m) => m.email === 'editor@demo.example');

  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await openSoa(page);
  const coverage = page.locator('[data-testid="soa-coverage"]');
  await coverage.locator('[data-testid="coverage-row"]').first().waitFor();
  assert.deepEqual(
    await coverage.locator('[data-testid="coverage-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.theme)),
    ['A.5', 'A.6', 'A.7', 'A.8'],
  );
  await shot(page, 'soa');

  // Inline: the status select and the owner select save at once.
  const control = row(page, single);
  await control.locator('[data-testid="soa-status-select"]').selectOption('implemented');
  await page.waitForSelector(`[data-testid="soa-row"][data-ref="${single}"][data-status="implemented"]`);
  await row(page, single).locator('[data-testid="soa-owner-select"]').selectOption({ label: 'Demo Editor' });
  await toast(page, new RegExp(`${single} is now owned by Demo Editor`));
  const stored = await entryOf(single);
  assert.equal(stored.implementation_status, 'implemented');
  assert.equal(stored.owner_id, editor.id);

  // Bulk: tick two controls, set their status in one go.
  await row(page, first).locator('[data-testid="soa-select"]').check();
  await row(page, second).locator('[data-testid="soa-select"]').check();
  const bulk = page.locator('[data-testid="soa-bulk"]');
  await bulk.waitFor();
  assert.equal(await bulk.locator('[data-testid="soa-bulk-count"]').innerText(), '2 selected');
  await shot(page, 'soa-bulk', false);
  await bulk.locator('[data-testid="bulk-status"]').selectOption('partial');
  await toast(page, /2 controls set to Partially implemented/);
  await page.waitForSelector(`[data-testid="soa-row"][data-ref="${second}"][data-status="partial"]`);
  assert.equal(await row(page, first).getAttribute('data-status'), 'partial');
  await bulk.waitFor({ state: 'detached' });
  assert.equal((await entryOf(first)).implementation_status, 'partial');
  assert.equal((await entryOf(second)).implementation_status, 'partial');

  // The theme filter narrows the table to one theme.
  await page.selectOption('[data-testid="soa-filter-theme"]', 'A.6');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid="soa-row"]')].every((r) => r.dataset.ref.startsWith('A.6.')),
  );
  assert.equal(await page.locator('[data-testid="soa-theme"]').count(), 1);
  const served = await admin('GET', '/soa/coverage');
  const people = served.themes.find((c) => c.theme === 'A.6');
  assert.equal(
    await coverage.locator('[data-testid="coverage-row"][data-theme="A.6"]').getAttribute('data-percent'),
    String(people.implemented_percent),
  );
});

test('a viewer reads the SoA and the control panel without editing controls', async (t) => {
  const entry = await entryOf('A.5.1');
  const page = await open(t);
  await signIn(page, 'viewer@demo.example');
  await openSoa(page);
  await row(page, 'A.5.1').waitFor();
  assert.equal(await page.locator('[data-testid="soa-select"]').count(), 0);
  assert.equal(await page.locator('[data-testid="soa-exclude"]').count(), 0);
  assert.equal(await page.locator('[data-testid="soa-status-select"]').count(), 0);
  await page.goto(`${BASE}/items/${entry.item_id}`);
  await page.waitForSelector('[data-testid="soa-panel-read"]');
  assert.equal(await page.locator('[data-testid="soa-form"]').count(), 0);
  assert.equal(await page.locator('[data-testid="soa-statement-edit"]').count(), 0);
});

test('the framework browser shows the tree, attributes, guidance and the 2013 ↔ 2022 mapping', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await openNav(page, 'nav-frameworks');
  await page.waitForSelector('[data-testid="frameworks-title"]');
  const cards = page.locator('[data-testid="framework-card"]');
  await cards.first().waitFor();
  const ids = await cards.evaluateAll((all) => all.map((c) => c.dataset.id));
  for (const id of ['iso27001-2022', 'iso27001-2013', 'gdpr']) assert.ok(ids.includes(id), id);
  const current = page.locator('[data-testid="framework-card"][data-id="iso27001-2022"]');
  assert.match(await current.innerText(), /93 controls/);
  await page.waitForSelector('[data-testid="framework-card"][data-id="iso27001-2022"] [data-testid="framework-in-use"]');
  await shot(page, 'frameworks');

  await current.click();
  await page.waitForSelector('[data-testid="framework-tree"]');
  assert.equal(await page.locator('[data-testid="req-new"]').count(), 11, 'eleven controls are new in 2022');
  const newOnes = await page
    .locator('[data-testid="req-row"]:has([data-testid="req-new"])')
    .evaluateAll((rows) => rows.map((r) => r.dataset.ref));
  assert.ok(newOnes.includes('A.5.7') && newOnes.includes('A.8.28'), newOnes.join(', '));
  const identity = page.locator('[data-testid="req-row"][data-ref="A.5.16"]');
  assert.equal(await identity.locator('[data-testid="req-mapping"]').innerText(), 'from 2013: A.9.2.1');
  assert.match(await identity.innerText(), /Preventive/);

  // Opening a control shows its attributes and our guidance; it links to the control's page.
  await identity.locator('[data-testid="req-toggle"]').click();
  await identity.locator('[data-testid="req-guidance"]').waitFor();
  assert.ok((await identity.locator('.req-evidence li').count()) > 0);
  assert.match(await identity.locator('[data-testid="req-attributes"]').innerText(), /Identity and access management/);
  assert.match(await identity.locator('[data-testid="req-control-page"]').getAttribute('href'), /^\/items\//);
  await shot(page, 'framework-iso27001-2022');

  // Sections fold, and the search narrows the tree.
  const theme = page.locator('[data-testid="req-row"][data-ref="A.6"]');
  await theme.locator('[data-testid="req-toggle"]').first().click();
  await page.waitForSelector('[data-testid="req-row"][data-ref="A.6.1"]', { state: 'hidden' });
  await page.fill('[data-testid="framework-search"]', 'identity management');
  await page.waitForSelector('[data-testid="req-row"][data-ref="A.5.1"]', { state: 'hidden' });
  assert.ok(await identity.isVisible());

  // The 2013 edition says where each control went.
  await page.goto(`${BASE}/frameworks/iso27001-2013`);
  const old = page.locator('[data-testid="req-row"][data-ref="A.9.2.1"]');
  await old.waitFor();
  assert.equal(await old.locator('[data-testid="req-mapping"]').innerText(), '→ 2022: A.5.16');
  assert.equal(await page.locator('[data-testid="req-new"]').count(), 0);
});

// Browser tests of the risk register: recording the original, current and target readings in a
// risk's panel (with the live score preview), the risk map placing the risk by reading, the
// register's chips and above-appetite filter, the business impact of linked BIA records with the
// impact they suggest, and the register's export and readings import.
//
// The demo organisation keeps a register with the default 5 × 5 matrix (appetite 9) and a Business
// Impact Assessment tracker. Each test creates its own risk over REST so it does not depend on the
// demo's risks or on other tests.
//
//   ANNEX_URL=http://127.0.0.1:8080 node --test --test-concurrency=1 tests/browser/risk_register.test.mjs

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
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
  const { data, total } = await admin('GET', `/risks${query}`);
  const expected = `Showing ${data.length} of ${total}`;
  await page.waitForFunction(
    (text) => document.querySelector('[data-testid="risk-count"]')?.innerText === text,
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

/** The demo's Business Impact Assessment tracker and its records. */
async function biaTracker() {
  const spaces = await admin('GET', '/spaces?kind=tracker&limit=200');
  const tracker = spaces.data.find((s) => s.name === 'Business Impact Assessment');
  assert.ok(tracker, 'the demo has the Business Impact Assessment tracker');
  const items = await admin('GET', `/spaces/${tracker.id}/items?limit=200`);
  return { tracker, items: items.data };
}

/** A new risk of the register (created over REST), with its number. */
async function newRisk(title) {
  const { space_id } = await admin('GET', '/risks');
  return admin('POST', `/spaces/${space_id}/items`, { title });
}

/** The BIA scale's colours as the browser reports them (0 None … 5 Severe). */
const BIA_RGB = ['rgb(46, 125, 50)', 'rgb(124, 179, 66)', 'rgb(253, 216, 53)', 'rgb(239, 108, 0)', 'rgb(198, 40, 40)', 'rgb(142, 0, 0)'];

test('a linked BIA record shows its impact on the risk page, and "Use it" records a reading with the suggested impact', async (t) => {
  const { items } = await biaTracker();
  const portal = items.find((i) => i.title === 'Client portal');
  assert.ok(portal, 'the demo has the Client portal BIA record');
  const risk = await newRisk(`Client portal outage ${RUN}`);

  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.goto(`${BASE}/items/${risk.id}`);
  await page.waitForSelector('[data-testid="risk-panel"]');
  // Nothing linked yet: the empty state says how to get a suggestion, and the form offers none.
  const empty = await page.locator('[data-testid="risk-bia-empty"]').innerText();
  assert.equal(empty, 'No business impact assessment is linked. Link a BIA record under Linked work to get an impact suggestion.');
  assert.equal(await page.locator('[data-testid="risk-bia-suggestion"]').count(), 0);

  await admin('POST', `/items/${risk.id}/links`, { item_id: portal.id });
  const [summary] = await admin('GET', `/risks/${risk.id}/bia`);
  const { matrix } = await admin('GET', '/risk-matrix');
  await page.reload();
  const row = page.locator(`[data-testid="risk-bia-row"][data-id="${portal.id}"]`);
  await row.waitFor();
  assert.equal(await row.locator('[data-testid="risk-bia-link"]').getAttribute('href'), `/items/${portal.id}`);
  assert.equal(await row.locator('[data-testid="risk-bia-link"]').innerText(), summary.label);
  // C, I and A as chips in the BIA scale's colours, with the worst impact of each.
  for (const [letter, value] of [['C', summary.confidentiality], ['I', summary.integrity], ['A', summary.availability]]) {
    const chip = row.locator(`[data-testid="risk-bia-chip"][data-property="${letter}"]`);
    assert.equal(await chip.getAttribute('data-impact'), String(value));
    assert.equal(await chip.innerText(), `${letter} ${value}`);
    const background = await chip.locator('.chip').evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.equal(background, BIA_RGB[value], `${letter} ${value} is coloured as the BIA scale`);
  }
  assert.deepEqual([summary.confidentiality, summary.integrity, summary.availability], [5, 5, 4], 'the portal BIA: disclosure and modification severe, availability major');
  assert.equal(await row.locator('[data-testid="risk-bia-rto"]').innerText(), summary.rto);
  assert.equal(await row.locator('[data-testid="risk-bia-rpo"]').innerText(), summary.rpo);

  // The form offers the suggested impact with the matrix's label; "Use it" leaves C/I/A mode.
  const n = summary.suggested_impact;
  assert.ok(n >= 1, 'the portal BIA suggests an impact');
  const line = page.locator('[data-testid="risk-bia-suggestion"]');
  assert.equal(await line.getAttribute('data-impact'), String(n));
  assert.match(await line.innerText(), new RegExp(`^The linked BIA suggests impact ${n} \\(${matrix.impact[n - 1]}\\) — from ${summary.label}`));
  const form = page.locator('[data-testid="risk-reading-form"]');
  await form.locator('[data-testid="risk-by-cia"]').check();
  await form.locator('[data-testid="risk-confidentiality"]').waitFor();
  await page.click('[data-testid="risk-bia-use"]');
  assert.equal(await form.locator('[data-testid="risk-by-cia"]').isChecked(), false, 'back to a single impact');
  await page.waitForFunction((v) => document.querySelector('[data-testid="risk-impact"]')?.value === v, String(n));
  await form.locator('[data-testid="risk-likelihood"]').selectOption('2');
  await form.locator('[data-testid="risk-note"]').fill('Impact from the portal BIA.');
  const score = matrix.scoring === 'additive' ? 2 + n : 2 * n;
  await page.waitForSelector(`[data-testid="risk-preview"][data-score="${score}"]`);
  await shot(page, 'risk-bia');
  await form.locator('[data-testid="risk-record"]').click();
  await toast(page, 'reading recorded');
  await page.waitForSelector(`[data-testid="risk-panel"] [data-testid="risk-original"][data-score="${score}"]`);
  const [reading] = await admin('GET', `/risks/${risk.id}/readings`);
  assert.deepEqual([reading.kind, reading.likelihood, reading.impact, reading.confidentiality], ['original', 2, n, null]);
});

/** Reads CSV text (RFC 4180: quoted fields may hold commas, quotes and line breaks) into rows. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function toCsv(rows) {
  const cell = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

const HEADER = [
  'Number', 'Title', 'Status', 'Owner', 'Review due', 'Controls', 'Above appetite',
  'Original likelihood', 'Original impact', 'Original score', 'Original level',
  'Current likelihood', 'Current impact', 'Current score', 'Current level',
  'Target likelihood', 'Target impact', 'Target score', 'Target level', 'Note',
];

/** Chooses `csv` in the register's import panel (opening it first) and waits for the check. */
async function importCsv(page, csv) {
  if (!(await page.locator('[data-testid="risk-import-panel"]').isVisible())) {
    await page.click('[data-testid="risk-open-import"]');
  }
  await page.setInputFiles('[data-testid="risk-import-file"]', {
    name: 'risk-register.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  return page.waitForSelector('[data-testid="risk-import-report"]');
}

test('the register exports to CSV, and an edited export imports as a new current reading after a dry run', async (t) => {
  const risk = await newRisk(`Laptop theft ${RUN}`);
  await admin('POST', `/risks/${risk.id}/readings`, { kind: 'original', likelihood: 4, impact: 4 });
  await admin('POST', `/risks/${risk.id}/readings`, { kind: 'current', likelihood: 3, impact: 4 });

  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.goto(`${BASE}/risks`);
  await page.waitForSelector('[data-testid="risk-table"]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="risk-export-csv"]')]);
  assert.equal(download.suggestedFilename(), 'Risk register.csv');
  const text = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
  const rows = parseCsv(text);
  assert.deepEqual(rows[0], HEADER, 'the export has every column of the register');
  const { total } = await admin('GET', '/risks');
  assert.equal(rows.length - 1, total, 'one row per risk');
  const mine = rows.find((r) => r[0] === String(risk.number));
  assert.ok(mine, 'the new risk is exported');
  const at = (name) => HEADER.indexOf(name);
  assert.deepEqual([mine[at('Title')], mine[at('Current likelihood')], mine[at('Current impact')]], [risk.title, '3', '4']);
  const [workbook] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="risk-export-xlsx"]')]);
  assert.equal(workbook.suggestedFilename(), 'Risk register.xlsx');
  assert.equal((await readFile(await workbook.path())).subarray(0, 2).toString(), 'PK', 'the workbook is a zip file');

  // Current likelihood 3 → 1 on this risk only; the note goes with the new reading.
  mine[at('Current likelihood')] = '1';
  mine[at('Note')] = 'Laptops encrypted and tracked.';
  const report = await importCsv(page, toCsv(rows));
  assert.equal(await report.getAttribute('data-ok'), 'true');
  const summary = await page.locator('[data-testid="risk-import-summary"]').innerText();
  assert.equal(summary, `1 reading would be recorded, ${total - 1} rows unchanged`);
  assert.match(await page.locator('[data-testid="risk-import-help"]').innerText(), /each changed pair is recorded as a new reading/);
  assert.equal((await admin('GET', `/risks/${risk.id}/readings`)).length, 2, 'the dry run recorded nothing');
  await shot(page, 'risk-import-check');

  await page.click('[data-testid="risk-import-confirm"]');
  await toast(page, 'Recorded 1 reading from risk-register.csv');
  const listed = (await admin('GET', '/risks')).data.find((r) => r.item_id === risk.id);
  assert.deepEqual([listed.current.likelihood, listed.current.impact, listed.current.note], [1, 4, 'Laptops encrypted and tracked.']);
  const current = page.locator(`[data-testid="risk-row"][data-id="${risk.id}"] [data-testid="risk-current"]`);
  await page.waitForSelector(`[data-testid="risk-row"][data-id="${risk.id}"] [data-testid="risk-current"][data-score="${listed.current.assessment.score}"]`);
  assert.equal(await current.getAttribute('data-level'), listed.current.assessment.level, 'the register shows the new level');
  assert.equal(await page.locator('[data-testid="risk-import-panel"]').count(), 0, 'the panel closed');
});

test('an import with a bad value lists the row and records nothing', async (t) => {
  const risk = await newRisk(`Phishing ${RUN}`);
  await admin('POST', `/risks/${risk.id}/readings`, { kind: 'original', likelihood: 3, impact: 3 });
  const { matrix } = await admin('GET', '/risk-matrix');
  const tooHigh = matrix.likelihood.length + 1;

  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.goto(`${BASE}/risks`);
  await page.waitForSelector('[data-testid="risk-table"]');
  const csv = toCsv([
    ['Number', 'Current likelihood', 'Current impact', 'Note'],
    [String(risk.number), String(tooHigh), '2', 'Off the scale'],
  ]);
  const report = await importCsv(page, csv);
  assert.equal(await report.getAttribute('data-ok'), 'false');
  const errors = await page.locator('[data-testid="risk-import-row-error"]').allInnerTexts();
  assert.equal(errors.length, 1, `one problem: ${errors}`);
  assert.match(errors[0], /^Row 2, Current likelihood: \S/);
  assert.equal(await page.locator('[data-testid="risk-import-confirm"]').count(), 0, 'nothing to confirm');
  await shot(page, 'risk-import-errors');
  const readings = await admin('GET', `/risks/${risk.id}/readings`);
  assert.deepEqual(readings.map((r) => r.kind), ['original'], 'no reading was recorded');
});

test('the BIA tracker colours its impact options in the table', async (t) => {
  const { tracker } = await biaTracker();
  const page = await open(t, { width: 1440, height: 900 });
  await signIn(page, 'admin@demo.example');
  await page.goto(`${BASE}/spaces/${tracker.id}`);
  await page.waitForSelector('[data-testid="tracker-table"] [data-testid="option-chip"]');
  const chips = await page
    .locator('[data-testid="tracker-table"] [data-testid="option-chip"]')
    .evaluateAll((all) => all.map((c) => [c.dataset.label, getComputedStyle(c).backgroundColor]));
  const scored = chips.filter(([label]) => /^[0-5] - /.test(label));
  assert.ok(scored.length > 0, 'the table shows impact options as chips');
  for (const [label, colour] of scored) {
    assert.equal(colour, BIA_RGB[Number(label[0])], `${label} is coloured as the BIA scale`);
  }
  await shot(page, 'bia-table');
});

test('a viewer exports the register but is not offered the import', async (t) => {
  const page = await open(t);
  await signIn(page, 'viewer@demo.example');
  await page.goto(`${BASE}/risks`);
  await page.waitForSelector('[data-testid="risk-table"]');
  await page.waitForSelector('[data-testid="risk-export-csv"]');
  assert.equal(await page.locator('[data-testid="risk-open-import"]').count(), 0);
  assert.equal(await page.locator('[data-testid="risk-new"]').count(), 0);
});

test('a register longer than a page shows "Showing n of total" and loads the rest with "Load more"', async (t) => {
  // The register's page is 200 risks; make sure there is a second page, and take the extra risks
  // away afterwards so other tests (and reruns) find their new risks on the first page.
  const { space_id, total: before } = await admin('GET', '/risks');
  const missing = Math.max(0, 205 - before);
  const made = [];
  t.after(async () => {
    for (const item of made) await admin('DELETE', `/items/${item.id}`, undefined, { version: item.version });
  });
  for (let start = 0; start < missing; start += 10) {
    const batch = Array.from({ length: Math.min(10, missing - start) }, (_, k) =>
      admin('POST', `/spaces/${space_id}/items`, { title: `Paged risk ${start + k + 1} ${RUN}` }),
    );
    made.push(...(await Promise.all(batch)));
  }
  const first = await admin('GET', '/risks');
  assert.equal(first.data.length, 200);
  assert.ok(first.next_cursor, 'the API has a second page');

  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.goto(`${BASE}/risks`);
  await page.waitForSelector('[data-testid="risk-table"]');
  await page.waitForFunction((text) => document.querySelector('[data-testid="risk-count"]')?.innerText === text, `Showing 200 of ${first.total}`);
  assert.equal(await page.locator('[data-testid="risk-row"]').count(), 200);
  await page.click('[data-testid="risk-load-more"]');
  await page.waitForFunction((text) => document.querySelector('[data-testid="risk-count"]')?.innerText === text, `Showing ${first.total} of ${first.total}`);
  assert.equal(await page.locator('[data-testid="risk-row"]').count(), first.total);
  assert.equal(await page.locator('[data-testid="risk-load-more"]').count(), 0, 'no more pages');
  const numbers = await page.locator('[data-testid="risk-row"] td.mono').allInnerTexts();
  assert.equal(new Set(numbers).size, first.total, 'no risk is listed twice');
});

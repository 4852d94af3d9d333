// Browser tests of the work screens: Tracks (trackers: settings, items, table, board, stats,
// import) and Work (projects: the tree with its progress).
//
//   ANNEX_URL=http://127.0.0.1:8080 node --test --test-concurrency=1 tests/browser/work.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, RUN, open, shot, signIn, openNav } from './support.mjs';

// The tracker the tests build step by step (tests of one file run in order).
const tracker = { name: `Findings ${RUN}`, url: '' };
const project = { name: `ISMS rollout ${RUN}`, url: '' };

/** Calls the API as the signed-in page does, with its stored access token. */
async function api(page, method, path, body, headers = {}) {
  return page.evaluate(
    async ({ method, path, body, headers }) => {
      const token = localStorage.getItem('annex.access_token');
      const response = await fetch(`/api/v1${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    { method, path, body, headers },
  );
}

const spaceId = (url) => url.match(/\/spaces\/([0-9a-f-]{36})/)[1];

/** The labels of the table's rows, top to bottom. */
const rowLabels = (page) =>
  page.$$eval('[data-testid="item-row"]', (rows) => rows.map((r) => r.dataset.label));

/** Waits until the table shows exactly `labels` (as a set or in order). */
async function waitForRows(page, expected, { ordered = false } = {}) {
  await page.waitForFunction(
    ({ expected, ordered }) => {
      const labels = [...document.querySelectorAll('[data-testid="item-row"]')].map((r) =>
        r.dataset.label.replace(/^\d+ - /, ''),
      );
      if (labels.length !== expected.length) return false;
      return ordered
        ? labels.every((l, i) => l === expected[i])
        : expected.every((e) => labels.includes(e));
    },
    { expected, ordered },
  );
}

test('a tracker starts blank and gets statuses and custom fields in its settings', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await openNav(page, 'nav-tracks');
  await page.waitForSelector('[data-testid="spaces-title"]:has-text("Tracks")');
  await shot(page, 'tracks');

  await page.click('[data-testid="new-space"]');
  await page.fill('#space-name', tracker.name);
  await page.fill('#space-description', 'Findings of internal audits and reviews.');
  assert.equal(await page.inputValue('#space-template'), '', 'blank is the default');
  await shot(page, 'tracks-new');
  await page.click('#create-space-submit');
  await page.waitForURL(/\/spaces\/[0-9a-f-]{36}$/);
  tracker.url = page.url();
  await page.waitForSelector(`[data-testid="space-name"]:has-text("${tracker.name}")`);
  await page.waitForSelector('[data-testid="tracker"] [data-testid="empty-state"]');

  await page.click('[data-testid="tracker-settings-link"]');
  await page.waitForSelector('[data-testid="workflow-editor"]');
  const statusNames = await page.$$eval('[data-testid="status-name"]', (els) => els.map((e) => e.value));
  assert.deepEqual(statusNames, ['To-do', 'In progress', 'Done']);
  assert.ok(await page.locator('[data-testid="status-row"]').first().locator('[data-testid="status-remove"]').isDisabled(), 'To-do cannot be removed');

  // A new status, moved up before Done.
  await page.click('[data-testid="add-status"]');
  const newStatus = page.locator('[data-testid="status-row"]').nth(3);
  await newStatus.locator('[data-testid="status-name"]').fill('In review');
  await newStatus.locator('button[aria-label="Move up"]').click();
  assert.deepEqual(
    await page.$$eval('[data-testid="status-name"]', (els) => els.map((e) => e.value)),
    ['To-do', 'In progress', 'In review', 'Done'],
  );

  // Severity (select with two options), Version (text), Document (web address).
  await page.click('[data-testid="add-field"]');
  let field = page.locator('[data-testid="field-row"]').nth(0);
  await field.locator('[data-testid="field-name"]').fill('Severity');
  await field.locator('[data-testid="field-kind"]').selectOption('select');
  for (const label of ['Major', 'Minor']) {
    await field.locator('[data-testid="add-option"]').click();
    await field.locator('[data-testid="option-label"]').last().fill(label);
  }
  await page.click('[data-testid="add-field"]');
  field = page.locator('[data-testid="field-row"]').nth(1);
  await field.locator('[data-testid="field-name"]').fill('Version');
  await page.click('[data-testid="add-field"]');
  field = page.locator('[data-testid="field-row"]').nth(2);
  await field.locator('[data-testid="field-name"]').fill('Document');
  await field.locator('[data-testid="field-kind"]').selectOption('url');
  await shot(page, 'tracker-settings');
  await page.click('[data-testid="save-settings"]');
  await page.waitForSelector('[data-testid="toast"]:has-text("Settings saved")');

  const saved = await api(page, 'GET', `/spaces/${spaceId(tracker.url)}`);
  assert.deepEqual(saved.body.statuses.map((s) => s.name), ['To-do', 'In progress', 'In review', 'Done']);
  assert.deepEqual(saved.body.fields.map((f) => [f.name, f.kind]), [
    ['Severity', 'select'],
    ['Version', 'text'],
    ['Document', 'url'],
  ]);
  assert.deepEqual(saved.body.fields[0].options.map((o) => o.label), ['Major', 'Minor']);
});

test('an item is created with custom field values and shows them by kind', async (t) => {
  const page = await open(t);
  await signIn(page, 'editor@demo.example');
  await page.goto(tracker.url);
  await page.click('[data-testid="new-item"]');
  await page.fill('[data-testid="new-item-title"]', 'Access control policy out of date');
  await page.selectOption('[data-testid="new-item-status"]', { label: 'In progress' });
  await page.selectOption('[data-testid="field-input-Severity"]', { label: 'Major' });
  await page.fill('[data-testid="field-input-Version"]', 'V1.3');
  await page.fill('[data-testid="field-input-Document"]', 'not a web address');
  await page.click('[data-testid="new-item-submit"]');
  // The server refuses the bad address and says why; nothing is created.
  await page.waitForSelector('[data-testid="new-item-panel"] [data-testid="form-error"]');
  await page.fill('[data-testid="field-input-Document"]', 'https://intranet.example/policies/access-control.pdf');
  // Who does it and by when are set in the same form.
  const me = (await api(page, 'GET', '/me')).body.user;
  await page.selectOption('[data-testid="new-item-assignee"]', me.id);
  await page.fill('[data-testid="new-item-due"]', '2027-01-15');
  await shot(page, 'tracker-new-item');
  await page.click('[data-testid="new-item-submit"]');
  await page.waitForURL(/\/items\/[0-9a-f-]{36}$/);
  const created = (await api(page, 'GET', `/items/${page.url().split('/').pop()}`)).body;
  assert.equal(created.assignee_id, me.id);
  assert.equal(created.due, '2027-01-15');

  // Two more, through the API, to filter and sort.
  const id = spaceId(tracker.url);
  const space = (await api(page, 'GET', `/spaces/${id}`)).body;
  const [severity] = space.fields;
  const minor = severity.options.find((o) => o.label === 'Minor').id;
  const major = severity.options.find((o) => o.label === 'Major').id;
  const done = space.statuses.find((s) => s.name === 'Done').id;
  for (const [title, option, status] of [
    ['Backup restore never tested', minor, undefined],
    ['Visitors not escorted', major, done],
  ]) {
    const made = await api(page, 'POST', `/spaces/${id}/items`, {
      title,
      status_id: status,
      fields: { [severity.id]: option },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  }

  await page.goto(tracker.url);
  await page.click('[data-testid="layout-table"]');
  await waitForRows(page, ['Access control policy out of date', 'Backup restore never tested', 'Visitors not escorted']);
  const first = page.locator('[data-testid="item-row"]').first();
  assert.equal(await first.locator('[data-testid="option-chip"]').innerText(), 'Major');
  assert.equal(await first.locator('[data-testid="status-chip"]').innerText(), 'In progress');
  assert.equal(await first.locator('a.field-link').getAttribute('href'), 'https://intranet.example/policies/access-control.pdf');
  assert.match(await first.innerText(), /V1\.3/);
  await shot(page, 'tracker-table');
});

test('the table filters, sorts, and keeps the chosen columns', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.goto(tracker.url);
  await page.click('[data-testid="layout-table"]');
  await waitForRows(page, ['Access control policy out of date', 'Backup restore never tested', 'Visitors not escorted']);

  await page.selectOption('[data-testid="filter-category"]', { label: 'Severity: Major' });
  await waitForRows(page, ['Access control policy out of date', 'Visitors not escorted']);
  await page.selectOption('[data-testid="filter-status"]', { label: 'Done' });
  await waitForRows(page, ['Visitors not escorted']);
  await page.selectOption('[data-testid="filter-status"]', '');
  await page.selectOption('[data-testid="filter-category"]', '');
  await page.fill('[data-testid="tracker-search"]', 'backup');
  await waitForRows(page, ['Backup restore never tested']);
  await page.fill('[data-testid="tracker-search"]', '');
  await waitForRows(page, ['Access control policy out of date', 'Backup restore never tested', 'Visitors not escorted']);

  await page.click('[data-testid="sort-header"][data-sort="title"]');
  await waitForRows(page, ['Access control policy out of date', 'Backup restore never tested', 'Visitors not escorted'], { ordered: true });
  await page.click('[data-testid="sort-header"][data-sort="title"]');
  await waitForRows(page, ['Visitors not escorted', 'Backup restore never tested', 'Access control policy out of date'], { ordered: true });
  assert.equal(await page.getAttribute('th:has([data-sort="title"])', 'aria-sort'), 'descending');
  await shot(page, 'tracker-table-sorted');

  // Hide "Version", show "Progress"; the choice survives a reload.
  await page.click('[data-testid="column-picker"] summary');
  await page.uncheck('[data-testid="column-toggle"][data-column="Version"]');
  await page.check('[data-testid="column-toggle"][data-column="Progress"]');
  await page.reload();
  await page.waitForSelector('[data-testid="item-row"]');
  const headers = await page.$$eval('[data-testid="tracker-table"] th', (ths) => ths.map((th) => th.innerText.trim().toUpperCase()));
  assert.ok(!headers.some((h) => h.startsWith('VERSION')), `no Version column: ${headers}`);
  assert.ok(headers.some((h) => h.startsWith('PROGRESS')), `a Progress column: ${headers}`);

  await page.click('[data-testid="layout-list"]');
  await page.waitForSelector('[data-testid="tracker-list"] [data-testid="item-card"]');
  await shot(page, 'tracker-list');
});

test('a filtered, sorted view is kept in the address, so a shared link or a reload shows it', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.goto(tracker.url);
  await page.click('[data-testid="layout-table"]');
  await waitForRows(page, ['Access control policy out of date', 'Backup restore never tested', 'Visitors not escorted']);
  await page.selectOption('[data-testid="filter-category"]', { label: 'Severity: Major' });
  await page.click('[data-testid="sort-header"][data-sort="title"]');
  await page.click('[data-testid="sort-header"][data-sort="title"]');
  const shown = ['Visitors not escorted', 'Access control policy out of date'];
  await waitForRows(page, shown, { ordered: true });
  await page.waitForURL(/descending=true/);
  const shared = new URL(page.url());
  assert.equal(shared.searchParams.get('sort'), 'title');
  assert.match(shared.searchParams.get('category') ?? '', /^[0-9a-f-]{36}:[0-9a-f-]{36}$/);

  // Someone else opens the link in their own browser: the same rows, the same filter chosen.
  const other = await open(t);
  await signIn(other, 'editor@demo.example');
  await other.goto(shared.href);
  await waitForRows(other, shown, { ordered: true });
  const chosen = await other.$eval('[data-testid="filter-category"]', (s) => s.selectedOptions[0].textContent);
  assert.equal(chosen, 'Severity: Major');
  assert.equal(await other.getAttribute('th:has([data-sort="title"])', 'aria-sort'), 'descending');

  // Clearing the filter takes it out of the address; a reload keeps what is left.
  await page.selectOption('[data-testid="filter-category"]', '');
  await page.waitForURL((url) => !url.searchParams.has('category'));
  await page.reload();
  await waitForRows(page, ['Visitors not escorted', 'Backup restore never tested', 'Access control policy out of date'], { ordered: true });
});

test('dragging a card to another column on the board changes its status', async (t) => {
  const page = await open(t);
  await signIn(page, 'editor@demo.example');
  await page.goto(tracker.url);
  await page.click('[data-testid="layout-board"]');
  const card = page.locator('[data-testid="board-column"][data-status="To-do"] [data-testid="board-card"]').first();
  await card.waitFor();
  const label = await card.getAttribute('data-label');
  assert.match(label, /Backup restore never tested/);
  await card.dragTo(page.locator('[data-testid="board-column"][data-status="In review"]'));
  await page.waitForSelector(`[data-testid="board-column"][data-status="In review"] [data-testid="board-card"][data-label="${label}"]`);
  await page.waitForSelector('[data-testid="toast"]:has-text("moved to In review")');
  const items = (await api(page, 'GET', `/spaces/${spaceId(tracker.url)}/items?q=backup`)).body.data;
  assert.equal(items[0].status, 'In review');
  await shot(page, 'tracker-board');

  // Someone else changes the item meanwhile: the board says so and shows the current state.
  const item = items[0];
  const moved = await api(page, 'PATCH', `/items/${item.id}`, { title: 'Backup restore never tested (DR)' }, { 'If-Match': `"${item.version}"` });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  await page.locator(`[data-testid="board-card"][data-label="${label}"]`).dragTo(page.locator('[data-testid="board-column"][data-status="Done"]'));
  await page.waitForSelector('[data-testid="toast"]:has-text("Someone else changed this")');
  await page.waitForSelector('[data-testid="board-column"][data-status="In review"] [data-testid="board-card"][data-label$="Backup restore never tested (DR)"]');
});

test('stats count items by status and by select field', async (t) => {
  const page = await open(t);
  await signIn(page, 'viewer@demo.example');
  await page.goto(tracker.url);
  assert.equal(await page.locator('[data-testid="new-item"]').count(), 0, 'viewers cannot add items');
  await page.click('[data-testid="toggle-stats"]');
  await page.waitForSelector('[data-testid="tracker-stats"] [data-testid="stat-total"]');
  assert.equal(await page.innerText('[data-testid="stat-total"]'), '3');
  assert.equal(await page.innerText('[data-testid="stat-resolved"]'), '1');
  const count = (chart, row) =>
    page.getAttribute(`[data-testid="stats-chart"][data-title="${chart}"] [data-testid="chart-row"][data-label="${row}"]`, 'data-count');
  assert.equal(await count('By status', 'In review'), '1');
  assert.equal(await count('By status', 'Done'), '1');
  assert.equal(await count('Severity', 'Major'), '2');
  assert.equal(await count('Severity', 'Minor'), '1');
  await shot(page, 'tracker-stats');
});

test('a CSV import is checked first, bad rows are listed, then it is imported', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.goto(tracker.url);
  await page.click('[data-testid="layout-table"]');
  await page.click('[data-testid="open-import"]');
  const bad = 'Title,Status,Severity\nClear desk not enforced,To-do,Minor\nNo asset owner,Nowhere,Critical\n';
  await page.setInputFiles('[data-testid="import-file"]', { name: 'findings.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.click('[data-testid="import-check"]');
  await page.waitForSelector('[data-testid="import-errors"]');
  const errors = await page.$$eval('[data-testid="import-error-row"]', (rows) => rows.map((r) => r.innerText));
  assert.ok(errors.some((e) => /^3\s+Status/.test(e)), `row 3 Status is reported: ${errors}`);
  assert.ok(errors.some((e) => /^3\s+Severity/.test(e)), `row 3 Severity is reported: ${errors}`);
  assert.equal(await page.locator('[data-testid="import-confirm"]').count(), 0, 'a file with errors cannot be imported');
  await shot(page, 'tracker-import-errors');

  const good = 'Title,Status,Severity\nClear desk not enforced,To-do,Minor\nNo asset owner for laptops,In review,Major\n';
  await page.setInputFiles('[data-testid="import-file"]', { name: 'findings.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.click('[data-testid="import-check"]');
  await page.waitForSelector('[data-testid="import-report"][data-ok="true"]');
  assert.match(await page.innerText('[data-testid="import-summary"]'), /2 new, 0 updated/);
  assert.equal((await api(page, 'GET', `/spaces/${spaceId(tracker.url)}/items`)).body.total, 3, 'the check wrote nothing');
  await page.click('[data-testid="import-confirm"]');
  await page.waitForSelector('[data-testid="toast"]:has-text("Imported findings.csv: 2 created")');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="item-row"]').length === 5);
});

test('removing an option that items hold asks before deleting their values', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.goto(`${tracker.url}/settings`);
  await page.waitForSelector('[data-testid="fields-editor"]');
  const severity = page.locator('[data-testid="field-row"]').first();
  const minor = severity.locator('[data-testid="option-row"]').nth(1);
  assert.equal(await minor.locator('[data-testid="option-label"]').inputValue(), 'Minor');
  await minor.locator('[data-testid="option-remove"]').click();
  await page.click('[data-testid="save-settings"]');
  await page.waitForSelector('[data-testid="confirm-value-loss"]');
  assert.match(await page.innerText('[data-testid="value-loss-detail"]'), /2 values of "Severity"/);
  await shot(page, 'tracker-settings-value-loss');
  let space = (await api(page, 'GET', `/spaces/${spaceId(tracker.url)}`)).body;
  assert.equal(space.fields[0].options.length, 2, 'nothing changed before the confirmation');
  await page.click('[data-testid="confirm-value-loss-save"]');
  await page.waitForSelector('[data-testid="toast"]:has-text("Settings saved")');
  space = (await api(page, 'GET', `/spaces/${spaceId(tracker.url)}`)).body;
  assert.deepEqual(space.fields[0].options.map((o) => o.label), ['Major']);
});

test('a project tree: add phase, deliverable and activities, duplicate, move, see progress roll up', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await openNav(page, 'nav-work');
  await page.waitForSelector('[data-testid="spaces-title"]:has-text("Work")');
  await page.click('[data-testid="new-space"]');
  await page.fill('#space-name', project.name);
  await page.click('#create-space-submit');
  await page.waitForURL(/\/spaces\/[0-9a-f-]{36}$/);
  project.url = page.url();
  await page.waitForSelector('[data-testid="project-tree-card"] [data-testid="empty-state"]');

  const node = (label) => page.locator(`[data-testid="tree-node"][data-label$=" - ${label}"]`);
  const addUnder = async (parent, kind, title, estimate) => {
    await node(parent).locator('[data-testid="tree-actions"]').first().click();
    await page.click(`[data-testid="tree-add-${kind}"]`);
    const form = page.locator('[data-testid="tree-add-form"]');
    await form.locator('[data-testid="tree-add-title"]').fill(title);
    if (estimate) await form.locator('[data-testid="tree-add-estimate"]').fill(String(estimate));
    await form.locator('[data-testid="tree-add-submit"]').click();
    await node(title).waitFor();
  };

  await page.click('[data-testid="tree-add-phase"]');
  await page.fill('[data-testid="tree-add-form"] [data-testid="tree-add-title"]', 'A.5 Policies');
  await page.click('[data-testid="tree-add-form"] [data-testid="tree-add-submit"]');
  await node('A.5 Policies').waitFor();
  await addUnder('A.5 Policies', 'deliverable', 'A.5.1 Management direction');
  await addUnder('A.5.1 Management direction', 'activity', 'A.5.1.1 Policies for information security', 3);
  await addUnder('A.5.1 Management direction', 'activity', 'A.5.1.2 Review of the policies', 1);
  assert.equal(await node('A.5.1.2 Review of the policies').getAttribute('data-depth'), '2');

  // Progress: the first activity done (3 of 4 estimated days) → 75% for its deliverable, phase, project.
  const tree = (await api(page, 'GET', `/spaces/${spaceId(project.url)}/tree`)).body;
  const activity = tree.nodes.find((n) => n.label.endsWith('A.5.1.1 Policies for information security'));
  const item = (await api(page, 'GET', `/items/${activity.id}`)).body;
  const patched = await api(page, 'PATCH', `/items/${item.id}`, { progress: 100 }, { 'If-Match': `"${item.version}"` });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  await page.reload();
  await node('A.5 Policies').waitFor();
  assert.equal(await page.getAttribute('[data-testid="project-progress"]', 'data-value'), '75');
  assert.equal(await node('A.5.1 Management direction').locator('[data-testid="node-progress"]').first().getAttribute('data-value'), '75');
  assert.equal(await node('A.5 Policies').locator('[data-testid="node-progress"]').first().getAttribute('data-value'), '75');
  await shot(page, 'project-tree');

  // Duplicate the deliverable with its activities.
  await node('A.5.1 Management direction').locator('[data-testid="tree-actions"]').first().click();
  await page.click('[data-testid="tree-duplicate"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="tree-node"][data-kind="activity"]').length === 4);
  assert.equal(await page.locator('[data-testid="tree-node"][data-kind="deliverable"]').count(), 2);

  // The second activity moves up above the first.
  const labels = () => page.$$eval('[data-testid="tree-node"][data-kind="activity"]', (els) => els.map((e) => e.dataset.label.replace(/^\d+ - /, '')));
  const before = await labels();
  assert.deepEqual(before.slice(0, 2), ['A.5.1.1 Policies for information security', 'A.5.1.2 Review of the policies']);
  await node('A.5.1.2 Review of the policies').first().locator('[data-testid="tree-actions"]').click();
  await page.locator('[data-testid="tree-move-up"]').click();
  await page.waitForFunction(() => {
    const first = document.querySelector('[data-testid="tree-node"][data-kind="activity"]');
    return first && first.dataset.label.endsWith('A.5.1.2 Review of the policies');
  });
  // Sorting the deliverable's children by title puts them back.
  await node('A.5.1 Management direction').first().locator('[data-testid="tree-actions"]').click();
  await page.selectOption('[data-testid="tree-sort"]', 'title');
  await page.waitForFunction(() => {
    const first = document.querySelector('[data-testid="tree-node"][data-kind="activity"]');
    return first && first.dataset.label.endsWith('A.5.1.1 Policies for information security');
  });

  // Collapse all hides everything under the phases; expand all shows it again.
  await page.click('[data-testid="tree-collapse-all"]');
  assert.equal(await node('A.5.1.1 Policies for information security').first().isVisible(), false);
  assert.ok(await node('A.5 Policies').isVisible());
  await page.click('[data-testid="tree-expand-all"]');
  assert.ok(await node('A.5.1.1 Policies for information security').first().isVisible());
  await shot(page, 'project-tree-edited');
});

test('archiving a tracker moves it to the archived list, and restoring brings it back', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.goto(tracker.url);
  await page.click('[data-testid="space-archive"]');
  await page.waitForSelector('[data-testid="space-archived"]');
  await page.goto(`${BASE}/tracks`);
  await page.waitForSelector('[data-testid="spaces-title"]');
  await page.waitForSelector('[data-testid="trackers-table"], [data-testid="empty-state"]');
  assert.equal(await page.locator(`[data-testid="space-row"][data-name="${tracker.name}"]`).count(), 0);
  await page.check('[data-testid="spaces-archived"]');
  await page.click(`[data-testid="space-row"][data-name="${tracker.name}"] a`);
  await page.waitForSelector('[data-testid="space-archived"]');
  await page.click('[data-testid="space-archive"]');
  await page.waitForSelector('[data-testid="toast"]:has-text("Restored")');
  // The screen reloads the space after the toast; the badge goes with that reload.
  await page.waitForSelector('[data-testid="space-archived"]', { state: 'detached' });
  const space = (await api(page, 'GET', `/spaces/${spaceId(tracker.url)}`)).body;
  assert.equal(space.archived_at, null);
  const me = await api(page, 'GET', '/me');
  assert.equal(space.owner_id, me.body.user.id, 'archiving and restoring keep the owner');
});

test('a space\'s name, description and owner are edited in place; a taken name is refused', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.goto(project.url);
  await page.click('[data-testid="space-edit"]');
  await page.waitForSelector('[data-testid="space-details"]');
  // Another space's name is refused and the form keeps what was typed.
  await page.fill('#space-edit-name', tracker.name);
  await page.click('#space-edit-submit');
  await page.waitForSelector('[data-testid="space-details"] [data-testid="form-error"], [data-testid="space-details"] .field-error');
  assert.equal(await page.inputValue('#space-edit-name'), tracker.name);
  const renamed = `${project.name} (2027)`;
  await page.fill('#space-edit-name', renamed);
  await page.fill('#space-edit-description', 'Certification by March 2027.');
  await page.selectOption('#space-edit-owner', { label: 'Demo Editor' });
  await shot(page, 'space-details');
  await page.click('#space-edit-submit');
  await page.waitForFunction(
    (name) => document.querySelector('[data-testid="space-name"]')?.innerText.includes(name),
    renamed,
  );
  const space = (await api(page, 'GET', `/spaces/${spaceId(project.url)}`)).body;
  assert.equal(space.name, renamed);
  assert.equal(space.description, 'Certification by March 2027.');
  const editor = (await api(page, 'GET', '/users?limit=50')).body.data.find((m) => m.email === 'editor@demo.example');
  assert.equal(space.owner_id, editor.id);
  project.name = renamed;
});

test('an empty space is deleted after confirming; one with items is refused with the reason', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  const made = await api(page, 'POST', '/spaces', { kind: 'tracker', name: `Mistake ${RUN}` });
  assert.equal(made.status, 201);
  await page.goto(`${BASE}/spaces/${made.body.id}`);
  await page.click('[data-testid="space-delete"]');
  await page.click('[data-testid="space-delete-confirm"]');
  await page.waitForURL(`${BASE}/tracks`);
  assert.equal((await api(page, 'GET', `/spaces/${made.body.id}`)).status, 404);

  await page.goto(tracker.url);
  await page.click('[data-testid="space-delete"]');
  await page.click('[data-testid="space-delete-confirm"]');
  await page.waitForSelector('[data-testid="toast"]:has-text("archive it instead")');
  assert.equal((await api(page, 'GET', `/spaces/${spaceId(tracker.url)}`)).status, 200);
});

test('a tracker made from a template starts with its workflow and fields; demo trackers show their records', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  const templates = (await api(page, 'GET', '/templates')).body.filter((x) => x.kind === 'tracker');
  assert.ok(templates.length > 0, 'the server offers tracker templates');
  const chosen = templates[0];
  await page.goto(`${BASE}/tracks`);
  await page.click('[data-testid="new-space"]');
  await page.fill('#space-name', `From template ${RUN}`);
  await page.selectOption('#space-template', chosen.key);
  await page.click('#create-space-submit');
  await page.waitForURL(/\/spaces\/[0-9a-f-]{36}$/);
  const made = (await api(page, 'GET', `/spaces/${spaceId(page.url())}`)).body;
  assert.ok(made.fields.length > 0, `${chosen.name} brings custom fields`);
  await page.click('[data-testid="layout-table"]');
  await page.waitForSelector('[data-testid="tracker"] [data-testid="empty-state"]');

  // A demo tracker with records, as the white paper's corrective actions tracker (figure 11).
  await page.goto(`${BASE}/tracks`);
  await page.click('[data-testid="space-row"]:has-text("Corrective Actions") a');
  await page.click('[data-testid="layout-table"]');
  await page.waitForSelector('[data-testid="item-row"]');
  await shot(page, 'tracker-demo-corrective-actions');
  await page.click('[data-testid="layout-board"]');
  await page.waitForSelector('[data-testid="board-card"]');
  await shot(page, 'tracker-demo-board');
});

test('at 390px wide the work screens fit', async (t) => {
  const page = await open(t, { width: 390, height: 844 });
  await signIn(page, 'admin@demo.example');
  const screens = [
    [`${BASE}/tracks`, '[data-testid="spaces-title"]', 'mobile-tracks'],
    [`${BASE}/work`, '[data-testid="spaces-title"]', 'mobile-work'],
    [tracker.url, '[data-testid="item-row"]', 'mobile-tracker-table'],
    [`${tracker.url}/settings`, '[data-testid="fields-editor"]', 'mobile-tracker-settings'],
    [project.url, '[data-testid="tree-node"]', 'mobile-project-tree'],
  ];
  for (const [url, ready, name] of screens) {
    await page.goto(url);
    await page.waitForSelector(ready);
    if (name === 'mobile-tracker-table') {
      await page.click('[data-testid="layout-table"]');
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: the page scrolls sideways by ${overflow}px`);
    await shot(page, name, false);
  }
  await page.goto(tracker.url);
  await page.click('[data-testid="layout-board"]');
  await page.waitForSelector('[data-testid="tracker-board"]');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `mobile-tracker-board: the page scrolls sideways by ${overflow}px`);
  await shot(page, 'mobile-tracker-board', false);
});

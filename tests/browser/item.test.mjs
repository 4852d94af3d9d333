// Browser tests of the item page (fields, custom fields, linked work, notes, documents, to-dos,
// discussions, updates), Home's "My work", notifications and the unread badge.
//
// Test data (a tracker with custom fields and an item, a project with an activity) is made through
// the REST API; everything the tests check is then done and seen in the browser.
//
//   ANNEX_URL=http://127.0.0.1:8080 node --test --test-concurrency=1 tests/browser/item.test.mjs

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { BASE, RUN, open, restAs, shot, signIn } from './support.mjs';

const TRACKER = `Policies and procedures ${RUN}`;
const ITEM_TITLE = `P2 Cyber Essentials Certificate ${RUN}`;
const ACTIVITY_TITLE = `A.5.1.1 Policies for information security ${RUN}`;
const fieldIds = {
  version: randomUUID(),
  severity: randomUUID(),
  tags: randomUUID(),
  cost: randomUUID(),
  review: randomUUID(),
  link: randomUUID(),
  owner: randomUUID(),
};
const options = { major: randomUUID(), minor: randomUUID(), hr: randomUUID(), it: randomUUID() };
let admin;
let tracker;
let item;
let activity;
let editorId;

before(async () => {
  admin = await restAs('admin@demo.example');
  const members = await admin('GET', '/users?limit=200');
  editorId = members.data.find((m) => m.email === 'editor@demo.example').id;

  const created = await admin('POST', '/spaces', { kind: 'tracker', name: TRACKER });
  tracker = await admin(
    'PUT',
    `/spaces/${created.id}/settings`,
    {
      statuses: [
        ...created.statuses,
        { id: randomUUID(), name: 'In review', colour: '#1d5fa8', resolved: false },
        { id: randomUUID(), name: 'Published', colour: '#1c7c4d', resolved: true },
      ],
      fields: [
        { id: fieldIds.version, name: 'Version', kind: 'text' },
        {
          id: fieldIds.severity,
          name: 'Severity',
          kind: 'select',
          options: [
            { id: options.major, label: 'Major NC', colour: '#b42318' },
            { id: options.minor, label: 'Minor NC', colour: '#f5b400' },
          ],
        },
        {
          id: fieldIds.tags,
          name: 'Tags',
          kind: 'multi_select',
          options: [
            { id: options.hr, label: 'HR', colour: '#6d28d9' },
            { id: options.it, label: 'IT', colour: '#0e7490' },
          ],
        },
        { id: fieldIds.cost, name: 'Cost', kind: 'number' },
        { id: fieldIds.review, name: 'Review date', kind: 'date' },
        { id: fieldIds.link, name: 'Document link', kind: 'url' },
        { id: fieldIds.owner, name: 'Owner', kind: 'user' },
      ],
    },
    { version: created.version },
  );
  item = await admin('POST', `/spaces/${tracker.id}/items`, {
    title: ITEM_TITLE,
    description:
      'The **certificate** from the assessor.\n\n- renewed yearly\n- kept on [SharePoint](https://sharepoint.example/ce)\n\n<img src=x onerror="window.__pwned=1"> [bad](javascript:alert(1))',
    fields: { [fieldIds.version]: 'V1.2' },
  });

  const project = await admin('POST', '/spaces', { kind: 'project', name: `ISO 27001 ${RUN}` });
  const phase = await admin('POST', `/spaces/${project.id}/items`, { kind: 'phase', title: 'A.5 Policies' });
  activity = await admin('POST', `/spaces/${project.id}/items`, {
    kind: 'activity',
    parent_id: phase.id,
    title: ACTIVITY_TITLE,
  });
});

async function openItem(page, id) {
  await page.goto(`${BASE}/items/${id}`);
  await page.waitForSelector('[data-testid="item-title"]');
  await page.waitForSelector('[data-testid="item-fields-form"], [data-testid="item-fields-read"]');
}

async function toast(page, pattern) {
  await page.waitForFunction(
    (source) =>
      [...document.querySelectorAll('[data-testid="toast"]')].some((t) => new RegExp(source, 'i').test(t.innerText)),
    pattern.source,
  );
}

test('the item page shows the item, renders its markdown safely and saves fields and custom fields', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await openItem(page, item.id);
  assert.equal(await page.innerText('[data-testid="item-title"]'), `${item.number} - ${ITEM_TITLE}`);
  assert.equal(await page.innerText('[data-testid="item-space"]'), TRACKER);
  assert.equal(await page.getAttribute('[data-testid="item-space"]', 'href'), `/spaces/${tracker.id}`);
  assert.equal(await page.getAttribute('[data-testid="item-status"]', 'data-label'), 'To-do');

  // Markdown: formatting yes, raw HTML and script links no.
  const description = page.locator('[data-testid="item-description-text"]');
  assert.equal(await description.locator('strong').innerText(), 'certificate');
  assert.equal(await description.locator('li').count(), 2);
  assert.equal(await description.locator('a[href="https://sharepoint.example/ce"]').getAttribute('target'), '_blank');
  assert.equal(await description.locator('img').count(), 0, 'raw HTML is not rendered');
  assert.match(await description.innerText(), /<img src=x onerror/);
  assert.equal(await description.locator('a[href^="javascript"]').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);

  // Common fields.
  await page.selectOption('#item-status', { label: 'In review' });
  await page.selectOption('#item-assignee', { label: 'Demo Editor' });
  await page.fill('#item-due', '2026-09-03');
  await page.fill('#item-days-estimated', '3');
  await page.fill('#item-progress', '40');
  // Custom fields, each by its kind.
  const field = (name) => page.locator(`[data-testid="custom-field"][data-field="${name}"]`);
  assert.equal(await field('Version').locator('input').inputValue(), 'V1.2');
  await field('Version').locator('input').fill('V1.3');
  await field('Severity').locator('select').selectOption({ label: 'Major NC' });
  assert.equal(await field('Severity').locator('[data-testid="option-chip"]').getAttribute('data-label'), 'Major NC');
  await field('Tags').getByText('HR').click();
  await field('Tags').getByText('IT').click();
  await field('Cost').locator('input').fill('12.5');
  await field('Review date').locator('input').fill('2027-01-31');
  await field('Document link').locator('input').fill('https://sharepoint.example/policies/ce.pdf');
  await field('Owner').locator('select').selectOption({ label: 'Demo Admin' });
  await page.click('#item-fields-save');
  await toast(page, /^Saved\./);
  await page.waitForFunction(() => document.querySelector('[data-testid="item-status"]')?.dataset.label === 'In review');
  assert.match(await page.innerText('[data-testid="item-assignee"]'), /Demo Editor/);

  const saved = await admin('GET', `/items/${item.id}`);
  assert.equal(saved.status, 'In review');
  assert.equal(saved.assignee_id, editorId);
  assert.equal(saved.due, '2026-09-03');
  assert.equal(saved.days_estimated, 3);
  assert.equal(saved.progress, 40);
  assert.equal(saved.fields[fieldIds.version], 'V1.3');
  assert.equal(saved.fields[fieldIds.severity], options.major);
  assert.deepEqual(saved.fields[fieldIds.tags], [options.hr, options.it]);
  assert.equal(saved.fields[fieldIds.cost], 12.5);
  assert.equal(saved.fields[fieldIds.review], '2027-01-31');
  assert.equal(saved.fields[fieldIds.link], 'https://sharepoint.example/policies/ce.pdf');
  assert.ok(saved.fields[fieldIds.owner], 'the user field is set');

  // A value the field refuses: the server's reason is shown and nothing is lost.
  await field('Document link').locator('input').fill('not a web address');
  await page.click('#item-fields-save');
  await page.waitForSelector('[data-testid="item-fields-form"] [data-testid="form-error"]');
  assert.match(await page.innerText('[data-testid="item-fields-form"] [data-testid="form-error"]'), /Document link/);
  assert.equal(await field('Document link').locator('input').inputValue(), 'not a web address');

  // Someone else changed the item meanwhile: the save is refused (412) and the page reloads.
  await admin('PATCH', `/items/${item.id}`, { title: `${ITEM_TITLE} (renewed)` }, { version: saved.version });
  await field('Document link').locator('input').fill('https://sharepoint.example/policies/ce-2.pdf');
  await page.click('#item-fields-save');
  await toast(page, /Someone else changed this/);
  await page.waitForFunction((t) => document.querySelector('[data-testid="item-title"]')?.innerText.endsWith(t), '(renewed)');
  assert.equal(await field('Document link').locator('input').inputValue(), 'https://sharepoint.example/policies/ce.pdf');

  // Title and description are edited as text.
  await page.click('[data-testid="item-edit-text"]');
  await page.fill('#item-title-input', ITEM_TITLE);
  await page.fill('#item-description-input', 'Renewed with *IASME* in 2026.');
  await page.click('#item-text-save');
  await page.waitForFunction(() => document.querySelector('[data-testid="item-description-text"] em')?.innerText === 'IASME');
  assert.equal(await page.innerText('[data-testid="item-title"]'), `${item.number} - ${ITEM_TITLE}`);
  await shot(page, 'item-fields');
});

test('linking a tracker item to a project activity with the picker shows the link on both ends', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await openItem(page, item.id);
  await page.click('[data-testid="link-add"]');
  await page.fill('#link-search', `A.5.1.1 Policies for information security ${RUN}`);
  const result = page.locator('[data-testid="link-result"]', { hasText: ACTIVITY_TITLE });
  await result.waitFor();
  await shot(page, 'item-link-picker');
  await result.locator('[data-testid="link-choose"]').click();
  const row = page.locator('[data-testid="link-row"]', { hasText: ACTIVITY_TITLE });
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(`ISO 27001 ${RUN}`));
  assert.match(await row.innerText(), /To-do/);
  await page.waitForSelector('[data-testid="update"][data-verb="linked"]');
  assert.match(
    await page.innerText('[data-testid="update"][data-verb="linked"]'),
    new RegExp(`Demo Admin added the link: ${activity.number} - ${ACTIVITY_TITLE}`),
  );

  // The other end shows it too, and following the link opens the activity.
  await row.locator('a', { hasText: ACTIVITY_TITLE }).click();
  await page.waitForFunction((t) => document.querySelector('[data-testid="item-title"]')?.innerText.endsWith(t), ACTIVITY_TITLE);
  const back = page.locator('[data-testid="link-row"]', { hasText: ITEM_TITLE });
  await back.waitFor();
  assert.match(await back.innerText(), new RegExp(TRACKER));
  assert.match(await back.innerText(), /In review/);
  assert.match(await back.innerText(), /Demo Editor/);
  await shot(page, 'item-linked-other-end');

  // Unlinking removes it from both ends.
  await back.locator('[data-testid="link-remove"]').click();
  await page.waitForSelector('[data-testid="item-links"] >> text=No linked work to display.');
  assert.deepEqual(await admin('GET', `/items/${item.id}/links`), []);
  await admin('POST', `/items/${item.id}/links`, { item_id: activity.id });
});

test('notes, documents, to-dos and discussions are added on the item and read in its updates', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await openItem(page, item.id);

  // A note, then its author rewrites it.
  await page.click('[data-testid="note-add"]');
  await page.fill('#note-body-input', 'Assessed by **IASME** on site.');
  await page.click('#note-save');
  const note = page.locator('[data-testid="note"]').first();
  await note.locator('strong', { hasText: 'IASME' }).waitFor();
  await note.locator('[data-testid="note-edit"]').click();
  await note.locator('textarea').fill('Assessed by **IASME** remotely.');
  await note.locator('button[type="submit"]').click();
  await page.waitForSelector('[data-testid="note"] >> text=remotely.');
  assert.match(await note.innerText(), /Demo Admin/);

  // A document: only web addresses, opened in a new tab.
  await page.click('[data-testid="document-add"]');
  await page.fill('#document-title', 'Certificate PDF');
  await page.fill('#document-url', 'javascript:alert(1)');
  await page.click('#document-save');
  await page.waitForSelector('[data-testid="error-url"]');
  await page.fill('#document-url', 'https://sharepoint.example/isms/ce-certificate.pdf');
  await page.click('#document-save');
  const doc = page.locator('[data-testid="document"][data-title="Certificate PDF"] [data-testid="document-link"]');
  await doc.waitFor();
  assert.equal(await doc.getAttribute('href'), 'https://sharepoint.example/isms/ce-certificate.pdf');
  assert.equal(await doc.getAttribute('target'), '_blank');

  // Two to-dos for the editor: one overdue, one ticked off here.
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await page.click('[data-testid="todo-add"]');
  await page.fill('#todo-description', `Send the certificate to HR ${RUN}`);
  await page.selectOption('#todo-assignee', { label: 'Demo Editor' });
  await page.fill('#todo-due', yesterday);
  await page.click('#todo-save');
  await toast(page, /To-do set; 1 notified/);
  const overdue = page.locator('[data-testid="todo"]', { hasText: `Send the certificate to HR ${RUN}` });
  await overdue.locator('[data-testid="todo-overdue"]').waitFor();
  await page.click('[data-testid="todo-add"]');
  await page.fill('#todo-description', 'Book the renewal');
  await page.click('#todo-save');
  const booking = page.locator('[data-testid="todo"]', { hasText: 'Book the renewal' });
  await booking.waitFor();
  await booking.locator('[data-testid="todo-done"]').check();
  await page.waitForSelector('[data-testid="todo"][data-done="true"] >> text=Book the renewal');

  // A discussion with a first post and a reply.
  await page.click('[data-testid="discussion-add"]');
  await page.fill('#discussion-title-input', 'Which scope does the certificate cover?');
  await page.fill('#discussion-body', 'The whole of *P2*, or only the office?');
  await page.click('#discussion-save');
  await page.waitForSelector('[data-testid="discussion-title"] >> text=Which scope does the certificate cover?');
  await page.fill('#reply-body', 'The whole company.');
  await page.click('#reply-send');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="post"]').length === 2);
  await page.click('[data-testid="discussion-back"]');
  await page.waitForSelector('[data-testid="discussion"] >> text=2 posts');

  // Every change is in the updates, newest first, in sentences.
  await page.waitForSelector('[data-testid="update"][data-verb="discussion_replied"]');
  const updates = await page.locator('[data-testid="update"]').allInnerTexts();
  const text = updates.join('\n');
  for (const sentence of [
    /Demo Admin replied in the discussion: Which scope does the certificate cover\?/,
    /Demo Admin started the discussion: Which scope does the certificate cover\?/,
    /Demo Admin completed the to-do: Book the renewal/,
    new RegExp(`Demo Admin created the to-do: Send the certificate to HR ${RUN}`),
    /Demo Admin added the document: Certificate PDF/,
    /Demo Admin updated a note/,
    /Demo Admin added a note/,
    /Demo Admin reassigned the item to Demo Editor/,
  ]) {
    assert.match(text, sentence);
  }
  assert.match(updates[0], /replied in the discussion/, 'newest first');
  assert.match(text, /1 notified/, 'the to-do for the editor notified one person');
  await shot(page, 'item-collaboration');
});

test('another user sees the notifications and the unread badge, marks them read, and Home shows their work', async (t) => {
  const page = await open(t);
  await signIn(page, 'editor@demo.example');
  const badge = page.locator('[data-testid="unread-badge"]');
  await badge.waitFor();
  const unread = Number(await badge.innerText());
  assert.ok(unread >= 2, `the editor has unread notifications (${unread})`);

  // My work: the item and the overdue to-do, each linking to the item.
  const myItem = page.locator('[data-testid="my-item"]', { hasText: ITEM_TITLE });
  await myItem.waitFor();
  assert.equal(await myItem.locator('a').first().getAttribute('href'), `/items/${item.id}`);
  const myTodo = page.locator('[data-testid="my-todo"]', { hasText: `Send the certificate to HR ${RUN}` });
  assert.ok(await myTodo.locator('[data-testid="overdue"]').isVisible(), 'the overdue to-do is picked out');
  assert.equal(await page.locator('[data-testid="my-todo"]', { hasText: 'Book the renewal' }).count(), 0);
  await page.waitForSelector('[data-testid="home-notifications"] [data-testid="notification"]');
  await shot(page, 'home-my-work');

  // The notifications page: newest first, unread picked out; mark one read, then all.
  await page.click('[data-testid="nav-notifications"]');
  await page.waitForSelector('[data-testid="notifications-title"]');
  const assigned = page.locator('[data-testid="notification"][data-unread="true"]', {
    hasText: `Demo Admin assigned you the to-do: Send the certificate to HR ${RUN}`,
  });
  await assigned.waitFor();
  await page.waitForSelector(`[data-testid="notification"] >> text=Demo Admin assigned you ${item.number} - ${ITEM_TITLE}`);
  await shot(page, 'notifications');
  await assigned.locator('[data-testid="notification-read"]').click();
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid="unread-badge"]')?.innerText ?? 0) === n - 1,
    unread,
  );
  await page.click('[data-testid="notifications-read-all"]');
  await page.waitForSelector('[data-testid="unread-badge"]', { state: 'detached' });
  // The badge and the list refresh separately: wait for the list to show them read.
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="notification"][data-unread="true"]').length === 0,
    null,
    { timeout: 5000 },
  ).catch(() => {});
  assert.equal(await page.locator('[data-testid="notification"][data-unread="true"]').count(), 0);

  // The editor replies in the admin's discussion: the admin is notified.
  await page.goto(`${BASE}/items/${item.id}`);
  await page.click('[data-testid="discussion-open"]');
  await page.fill('#reply-body', 'Agreed: the whole company.');
  await page.click('#reply-send');
  await toast(page, /Reply posted; 1 notified/);
  const admins = await restAs('admin@demo.example');
  const count = await admins('GET', '/notifications/unread-count');
  assert.ok(count.count >= 1);
});

test('the item page and Home fit a 390px-wide phone', async (t) => {
  const page = await open(t, { width: 390, height: 844 });
  await signIn(page, 'admin@demo.example');
  await page.waitForSelector('[data-testid="my-work"]');
  const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  assert.ok(await fits(), 'Home does not overflow');
  await shot(page, 'home-mobile');
  await openItem(page, item.id);
  await page.waitForSelector('[data-testid="link-row"]');
  await page.waitForSelector('[data-testid="todo"]');
  assert.ok(await fits(), 'the item page does not overflow');
  await shot(page, 'item-mobile');
  await page.goto(`${BASE}/notifications`);
  await page.waitForSelector('[data-testid="notifications-title"]');
  assert.ok(await fits(), 'notifications do not overflow');
});

test('an item that does not exist says so', async (t) => {
  const page = await open(t);
  await signIn(page, 'viewer@demo.example');
  await page.goto(`${BASE}/items/${randomUUID()}`);
  await page.waitForSelector('text=This item does not exist');
  // A viewer reads an item but gets no editing controls.
  await openItem(page, item.id);
  assert.equal(await page.locator('[data-testid="item-fields-form"]').count(), 0);
  assert.equal(await page.locator('[data-testid="note-add"]').count(), 0);
  assert.equal(await page.locator('[data-testid="item-delete"]').count(), 0);
  await page.waitForSelector('[data-testid="custom-field-value"][data-field="Severity"] [data-testid="option-chip"]');
});

test('an admin archives, restores and, after confirming, deletes an item', async (t) => {
  const throwaway = await admin('POST', `/spaces/${tracker.id}/items`, { title: `Superseded certificate ${RUN}` });
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await openItem(page, throwaway.id);
  await page.click('[data-testid="item-archive"]');
  await page.waitForSelector('[data-testid="item-archived"]');
  assert.ok((await admin('GET', `/items/${throwaway.id}`)).archived_at, 'archived on the server');
  await page.waitForSelector('[data-testid="update"][data-verb="archived"] >> text=archived the item');
  await page.click('[data-testid="item-restore"]');
  await page.waitForSelector('[data-testid="item-archived"]', { state: 'detached' });
  assert.equal((await admin('GET', `/items/${throwaway.id}`)).archived_at, null);

  await page.click('[data-testid="item-delete"]');
  await page.waitForSelector('[data-testid="item-delete-confirm"]');
  await shot(page, 'item-delete-confirm', false);
  await page.click('[data-testid="item-delete-confirm"]');
  await page.waitForURL(`${BASE}/spaces/${tracker.id}`);
  await assert.rejects(admin('GET', `/items/${throwaway.id}`), /404/);
});

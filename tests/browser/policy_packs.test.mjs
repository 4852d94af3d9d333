// Browser tests of policy packs (issue 6, clause 7.3): an editor prepares a pack with a web
// document and one person as its audience and publishes it (white paper figure 17); that person
// sees it on Home as outstanding, cannot accept before reading, marks it read and accepts it
// (figure 16); the editor then sees them at 100% and the pack accepted (figure 18), nudges, and
// viewers see no editing controls.
//
//   ANNEX_URL=http://127.0.0.1:8797 node --test --test-concurrency=1 tests/browser/policy_packs.test.mjs

import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, RUN, open, openNav, restAs, shot, signIn, toast } from './support.mjs';

const NAME = `Remote work pack ${RUN}`;
const DOC = 'Remote working policy';
const CONTRIBUTOR = 'contributor@demo.example';
let editor;
let contributor;
let packId;

before(async () => {
  editor = await restAs('editor@demo.example');
  contributor = await restAs(CONTRIBUTOR);
});

after(async () => {
  // Leave the demo as it was: nobody is asked this pack any more.
  if (packId) {
    const pack = await editor('GET', `/policy-packs/${packId}`);
    if (pack.state !== 'retired') {
      await editor('POST', `/policy-packs/${packId}/retire`, undefined, { version: pack.row_version });
    }
  }
});

test('an editor creates a pack with a web document and one person, saves and publishes it', async (t) => {
  const page = await open(t, { width: 1360, height: 1000 });
  await signIn(page, 'editor@demo.example');
  await openNav(page, 'nav-policy-packs');
  await page.waitForSelector('[data-testid="packs-title"]');
  await page.click('[data-testid="pack-new"]');
  await page.fill('[data-testid="pack-new-name"]', NAME);
  await page.fill('[data-testid="pack-new-description"]', 'What **everyone** working from home must know.');
  await page.click('[data-testid="pack-new-save"]');
  await page.waitForSelector('[data-testid="pack-title"]');
  assert.equal(await page.textContent('[data-testid="pack-title"]'), NAME);
  packId = page.url().split('/').pop();
  assert.equal(await page.getAttribute('[data-testid="pack-state"]', 'data-state'), 'draft');
  assert.equal(await page.textContent('[data-testid="pack-description"] strong'), 'everyone', 'the description is Markdown');

  // A web address needs a web address.
  await page.fill('[data-testid="pack-doc-title"]', DOC);
  await page.fill('[data-testid="pack-doc-url"]', 'javascript:alert(1)');
  await page.click('[data-testid="pack-doc-add"]');
  await page.waitForSelector('[data-testid="pack-doc-error"]');
  await page.fill('[data-testid="pack-doc-url"]', 'https://intranet.example/remote-working.pdf');
  await page.click('[data-testid="pack-doc-add"]');
  await page.waitForSelector(`[data-testid="pack-document"][data-title="${DOC}"]`);

  // The audience: the contributor only.
  const option = page.locator(`[data-testid="pack-add-person"] option[data-email="${CONTRIBUTOR}"]`);
  await option.waitFor({ state: 'attached' });
  await page.selectOption('[data-testid="pack-add-person"]', await option.getAttribute('value'));
  await page.waitForSelector('[data-testid="pack-person"]');
  assert.equal(await page.locator('[data-testid="pack-person"]').count(), 1);
  assert.ok(await page.isDisabled('[data-testid="pack-publish"]'), 'publishing waits for the save');

  await page.click('[data-testid="pack-save"]');
  await toast(page, /^Saved/);
  await page.waitForSelector('[data-testid="pack-unpublished"]');
  const saved = await editor('GET', `/policy-packs/${packId}`);
  assert.equal(saved.documents.length, 1);
  assert.equal(saved.documents[0].url, 'https://intranet.example/remote-working.pdf');
  assert.equal(saved.audience.users.length, 1);

  await page.click('[data-testid="pack-publish"]');
  await page.waitForSelector('[data-testid="pack-confirm"]');
  assert.equal(await page.textContent('[data-testid="pack-confirm-text"]'), 'Publish version 1 and ask 1 person?');
  await page.click('[data-testid="pack-confirm-yes"]');
  await toast(page, /^Published/);
  await page.waitForFunction(() => document.querySelector('[data-testid="pack-state"]')?.dataset.state === 'published');
  assert.equal(await page.textContent('[data-testid="pack-page-version"]'), 'v1');
  assert.equal(await page.locator('[data-testid="pack-unpublished"]').count(), 0);
  assert.equal(await page.textContent('[data-testid="pack-progress-audience"]'), '1');
});

test('a stale save says someone else changed the pack and reloads it', async (t) => {
  const page = await open(t);
  await signIn(page, 'editor@demo.example');
  await page.goto(`${BASE}/policy-packs/${packId}`);
  await page.waitForSelector('[data-testid="pack-document"]');
  // Someone else changes the pack meanwhile (same content, new row version).
  const pack = await editor('GET', `/policy-packs/${packId}`);
  await editor('PUT', `/policy-packs/${packId}`, { audience: pack.audience }, { version: pack.row_version });
  await page.click('[data-testid="pack-document-remove"]');
  await page.click('[data-testid="pack-save"]');
  await toast(page, /changed by someone else/);
  await page.waitForSelector('[data-testid="pack-document"]');
  assert.equal((await editor('GET', `/policy-packs/${packId}`)).documents.length, 1, 'the stale save changed nothing');
});

test('the contributor sees the pack outstanding on Home, reads it and accepts it', async (t) => {
  await assert.rejects(
    contributor('POST', `/me/policy-packs/${packId}/accept`),
    /422/,
    'accepting before reading every document is refused',
  );
  const page = await open(t, { width: 1280, height: 900 });
  await signIn(page, CONTRIBUTOR);
  const mine = page.locator(`[data-testid="my-pack"][data-name="${NAME}"]`);
  await mine.waitFor();
  assert.equal(await mine.getAttribute('data-outstanding'), 'true');
  assert.equal((await mine.locator('[data-testid="my-pack-standing"]').innerText()).trim(), '0 of 1 documents read');
  // Outstanding packs come first.
  const flags = await page.locator('[data-testid="my-pack"]').evaluateAll((rows) => rows.map((r) => r.dataset.outstanding));
  assert.deepEqual(flags, [...flags].sort().reverse(), 'outstanding first');

  await mine.locator('[data-testid="my-pack-link"]').click();
  await page.waitForSelector('[data-testid="reading-title"]');
  assert.equal(await page.textContent('[data-testid="reading-title"]'), NAME);
  assert.match(await page.textContent('[data-testid="reading-version"]'), /^Version 1/);
  const doc = page.locator(`[data-testid="reading-document"][data-title="${DOC}"]`);
  assert.equal(await doc.locator('[data-testid="reading-open"]').getAttribute('href'), 'https://intranet.example/remote-working.pdf');
  assert.equal(await doc.locator('[data-testid="reading-open"]').getAttribute('target'), '_blank');
  assert.match(await page.textContent('[data-testid="reading-statement"]'), /I have read, understood and undertake to comply with/);
  assert.ok(await page.isDisabled('[data-testid="reading-agree"]'), 'nothing to agree to before reading');
  assert.ok(await page.isDisabled('[data-testid="reading-accept-button"]'), 'no accepting before reading');

  await doc.locator('[data-testid="reading-mark-read"]').click();
  await page.waitForSelector('[data-testid="reading-read-at"]');
  assert.match(await page.textContent('[data-testid="reading-read-at"]'), /^Read \d+ \w+ \d{4}$/);
  assert.ok(await page.isDisabled('[data-testid="reading-accept-button"]'), 'the statement must be ticked too');
  await page.check('[data-testid="reading-agree"]');
  await shot(page, 'policy-pack-reading');
  await page.click('[data-testid="reading-accept-button"]');
  await page.waitForSelector('[data-testid="reading-accepted"]');
  assert.match(await page.textContent('[data-testid="reading-accepted"]'), /^Accepted on \d+ \w+ \d{4}/);

  await openNav(page, 'nav-home');
  const done = page.locator(`[data-testid="my-pack"][data-name="${NAME}"][data-outstanding="false"]`);
  await done.waitFor();
  assert.match(await done.locator('[data-testid="my-pack-standing"]').innerText(), /^Accepted \d+ \w+ \d{4}$/);
});

test('the editor sees the person at 100% and the pack accepted, exports and nudges', async (t) => {
  const page = await open(t, { width: 1360, height: 1000 });
  await signIn(page, 'editor@demo.example');
  await openNav(page, 'nav-policy-packs');
  const row = page.locator(`[data-testid="pack-row"][data-name="${NAME}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-name'), NAME);
  assert.equal(await row.locator('[data-testid="pack-audience"]').innerText(), '1');
  assert.equal(await row.locator('[data-testid="pack-accepted-bar"]').getAttribute('data-value'), '100');
  assert.equal(await row.locator('[data-testid="pack-read-bar"]').getAttribute('data-value'), '100');
  await shot(page, 'policy-packs');

  await row.locator('[data-testid="pack-link"]').click();
  await page.waitForSelector('[data-testid="pack-title"]');
  assert.equal(await page.textContent('[data-testid="pack-progress-accepted"]'), '100%');
  await page.click('[data-testid="pack-tab-people"]');
  const person = page.locator(`[data-testid="person-row"][data-email="${CONTRIBUTOR}"]`);
  await person.waitFor();
  assert.equal(await page.locator('[data-testid="person-row"]').count(), 1);
  assert.equal(await person.locator('[data-testid="person-progress"]').getAttribute('data-value'), '100');
  assert.equal(await person.locator('[data-testid="person-read"]').innerText(), '1 of 1');
  assert.notEqual((await person.locator('[data-testid="person-accepted"]').innerText()).trim(), '—');
  await shot(page, 'policy-pack-people');

  // Only outstanding: nobody is left.
  await page.check('[data-testid="people-outstanding"]');
  await page.waitForSelector('[data-testid="empty-state"]');
  assert.equal(await page.locator('[data-testid="person-row"]').count(), 0);

  const download = page.waitForEvent('download');
  await page.click('[data-testid="people-export"]');
  assert.match((await download).suggestedFilename(), /\.csv$/);

  await page.click('[data-testid="people-nudge"]');
  await toast(page, /^Notified 0 people/);

  await page.click('[data-testid="pack-tab-history"]');
  const v1 = page.locator('[data-testid="history-row"][data-version="1"]');
  await v1.waitFor();
  assert.equal(await v1.locator('[data-testid="history-accepted"]').innerText(), '1');
});

test('viewers see the packs but no controls that change them', async (t) => {
  const page = await open(t);
  await signIn(page, 'viewer@demo.example');
  await openNav(page, 'nav-policy-packs');
  await page.locator(`[data-testid="pack-row"][data-name="${NAME}"] [data-testid="pack-link"]`).click();
  await page.waitForSelector('[data-testid="pack-title"]');
  await page.waitForSelector('[data-testid="pack-document"]');
  for (const control of ['pack-publish', 'pack-retire', 'pack-save', 'pack-document-remove', 'pack-add-policy', 'pack-tab-people']) {
    assert.equal(await page.locator(`[data-testid="${control}"]`).count(), 0, `no ${control}`);
  }
  await page.goto(`${BASE}/policy-packs`);
  await page.waitForSelector('[data-testid="pack-row"]');
  assert.equal(await page.locator('[data-testid="pack-new"]').count(), 0);
});

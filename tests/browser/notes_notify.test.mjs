// Browser tests of a note that tells people: its author picks whom to notify beside the note
// editor; the note then says how many were told, and the person told has a notification.
//
// The item is made through the REST API; the note is written and seen in the browser.
//
//   ANNEX_URL=http://127.0.0.1:8080 node --test --test-concurrency=1 tests/browser/notes_notify.test.mjs

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, RUN, open, restAs, shot, signIn, toast } from './support.mjs';

const EDITOR = 'editor@demo.example';
let admin;
let item;

before(async () => {
  admin = await restAs('admin@demo.example');
  const tracker = await admin('POST', '/spaces', { kind: 'tracker', name: `Supplier reviews ${RUN}` });
  item = await admin('POST', `/spaces/${tracker.id}/items`, { title: `Cloud backup supplier ${RUN}` });
});

test('a note notifying someone says "1 notified" and reaches them', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.goto(`${BASE}/items/${item.id}`);
  await page.waitForSelector('[data-testid="item-title"]');

  await page.click('[data-testid="note-add"]');
  await page.fill('#note-body-input', 'Contract renewal due: please **review** the SLA.');
  const picker = page.locator('[data-testid="note-notify"]');
  await picker.waitFor();
  const option = picker.locator(`[data-testid="note-notify-add-person"] option[data-email="${EDITOR}"]`);
  await option.waitFor({ state: 'attached' });
  await picker.locator('[data-testid="note-notify-add-person"]').selectOption(await option.getAttribute('value'));
  await picker.locator('[data-testid="note-notify-person"]', { hasText: 'Demo Editor' }).waitFor();
  assert.ok(
    (await picker.locator('[data-testid="note-notify-add-group"] option').count()) >= 1,
    'groups can be picked too',
  );
  await page.click('#note-save');
  await toast(page, /Note added; 1 notified/);

  const note = page.locator('[data-testid="note"]').first();
  await note.locator('strong', { hasText: 'review' }).waitFor();
  assert.equal(await note.locator('[data-testid="note-notified"]').innerText(), '1 notified');
  await shot(page, 'note-notified');

  const editor = await restAs(EDITOR);
  const mine = await editor('GET', '/notifications?limit=50');
  const told = mine.data.filter((n) => n.kind === 'note_added' && n.item_id === item.id);
  assert.equal(told.length, 1, 'the editor is told once');
  assert.match(told[0].text, /Demo Admin added a note/);

  // Reloaded, the note still says how many it told.
  await page.reload();
  await page.waitForSelector('[data-testid="note-notified"]');
  assert.equal(await page.locator('[data-testid="note-notified"]').first().innerText(), '1 notified');
});

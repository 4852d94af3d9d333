// Browser tests of e-mail: a person chooses which notifications reach them by e-mail (the page
// every mail links to as its unsubscribe link, so it must open straight from a mail); an admin
// sees under Settings → E-mail that no SMTP server is configured (the test server runs without
// one), queues a test mail and finds it in the outbox, and moves the digest hour; a contributor is
// offered no E-mail settings.
//
// The person's choice and the digest hour are put back before and after the file.
//
//   ANNEX_URL=http://127.0.0.1:8080 node --test --test-concurrency=1 tests/browser/mail.test.mjs

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PASSWORD, RUN, open, openNav, restAs, shot, signIn, toast } from './support.mjs';

const PERSON = 'editor@demo.example';
const TEST_TO = `mail-check-${RUN}@example.com`;
let person;
let admin;
let digestHour;

/** Puts the person's "assigned an item to you" back to its default. */
async function restoreChoice() {
  await person('PUT', '/me/notification-settings', { settings: [{ kind: 'item_assigned', delivery: 'digest' }] });
}

before(async () => {
  person = await restAs(PERSON);
  admin = await restAs('admin@demo.example');
  await restoreChoice();
  digestHour = (await admin('GET', '/mail/settings')).digest_hour;
});

after(async () => {
  if (person) {
    await restoreChoice();
  }
  if (digestHour !== undefined) {
    await admin('PUT', '/mail/settings', { digest_hour: digestHour });
  }
});

const delivery = (page, kind) => page.locator(`[data-testid="delivery-${kind}"]`);

test('a person opens the settings from a mail, turns off mails of items assigned to them, and it is kept', async (t) => {
  const page = await open(t, { width: 1280, height: 900 });
  // The link in a mail, opened signed out: sign in, then the settings page.
  await page.goto(`${BASE}/settings/notifications`);
  await page.waitForSelector('#signin-email');
  await page.fill('#signin-email', PERSON);
  await page.fill('#signin-password', PASSWORD);
  await page.click('#signin-submit');
  await page.waitForSelector('[data-testid="notification-settings"]');
  assert.equal(new URL(page.url()).pathname, '/settings/notifications');

  const rows = page.locator('tr[data-testid^="notification-setting-"]');
  assert.equal(await rows.count(), 11, 'one row per kind of notification');
  const row = page.locator('[data-testid="notification-setting-item_assigned"]');
  assert.match(await row.innerText(), /Assigned an item to you/);
  assert.equal(await delivery(page, 'item_assigned').inputValue(), 'digest');
  assert.match(
    await delivery(page, 'item_assigned').locator('option[value="digest"]').innerText(),
    /^In the daily digest \(default\)$/,
  );
  assert.equal(await delivery(page, 'discussion_reply').inputValue(), 'immediately');
  assert.ok(await page.isDisabled('[data-testid="notification-settings-save"]'), 'nothing to save yet');

  await delivery(page, 'item_assigned').selectOption('off');
  await page.click('[data-testid="notification-settings-save"]');
  await page.waitForSelector('[data-testid="notification-settings-saved"]');
  await shot(page, 'notification-settings');
  const stored = await person('GET', '/me/notification-settings');
  assert.equal(stored.settings.find((s) => s.kind === 'item_assigned').delivery, 'off');
  assert.equal(stored.settings.find((s) => s.kind === 'discussion_reply').delivery, 'immediately', 'only the changed kind changed');

  await page.reload();
  await page.waitForSelector('[data-testid="notification-settings"]');
  assert.equal(await delivery(page, 'item_assigned').inputValue(), 'off');
  assert.equal(await row.getAttribute('data-delivery'), 'off');

  // The Notifications page leads here too.
  await openNav(page, 'nav-notifications');
  await page.click('[data-testid="notifications-email-settings"]');
  await page.waitForSelector('[data-testid="notification-settings"]');
  assert.equal(await delivery(page, 'item_assigned').inputValue(), 'off');
});

test('an admin sees that no SMTP server is configured, queues a test mail and moves the digest hour', async (t) => {
  const page = await open(t, { width: 1360, height: 1000 });
  await signIn(page, 'admin@demo.example');
  await openNav(page, 'nav-email');
  await page.waitForSelector('[data-testid="mail-settings"]');
  const status = page.locator('[data-testid="smtp-status"]');
  assert.equal(await status.getAttribute('data-configured'), 'false');
  assert.match(
    await status.innerText(),
    /No SMTP server is configured \(ANNEX_SMTP_URL\): mails wait in the outbox below and go out once one is\./,
  );

  // A test mail to another address: queued, with its subject, in the outbox.
  await page.waitForSelector('[data-testid="outbox"]');
  await page.fill('[data-testid="test-mail-to"]', TEST_TO);
  await page.click('[data-testid="test-mail-send"]');
  await toast(page, /^Test mail queued/);
  const mine = page.locator('[data-testid="outbox-row"]').filter({ hasText: TEST_TO });
  await mine.waitFor();
  assert.equal(await mine.getAttribute('data-state'), 'queued');
  assert.equal(await mine.getAttribute('data-kind'), 'test');
  assert.match(await mine.locator('[data-testid="outbox-subject"]').innerText(), /Test mail from Annex/);
  assert.match(await mine.locator('[data-testid="outbox-state"]').innerText(), /Queued/);
  assert.equal(await mine.locator('[data-testid="outbox-retry"]').count(), 0, 'only failed mails are sent again');
  assert.equal(await page.inputValue('[data-testid="test-mail-to"]'), '', 'the form is emptied');
  await shot(page, 'mail-settings');

  // The state filter.
  await page.selectOption('[data-testid="outbox-state-filter"]', 'sent');
  await mine.waitFor({ state: 'detached' });
  await page.selectOption('[data-testid="outbox-state-filter"]', 'queued');
  await mine.waitFor();
  const states = await page.locator('[data-testid="outbox-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.state));
  assert.ok(states.every((s) => s === 'queued'), `only queued mails: ${states}`);

  // The digest hour, kept after a reload.
  const before = Number(await page.inputValue('[data-testid="digest-hour"]'));
  const moved = (before + 5) % 24;
  assert.ok(await page.isDisabled('[data-testid="digest-hour-save"]'), 'nothing to save yet');
  await page.selectOption('[data-testid="digest-hour"]', String(moved));
  await page.click('[data-testid="digest-hour-save"]');
  await toast(page, /^Daily digests now go out at/);
  assert.equal((await admin('GET', '/mail/settings')).digest_hour, moved);
  await page.reload();
  await page.waitForSelector('[data-testid="mail-settings"]');
  assert.equal(Number(await page.inputValue('[data-testid="digest-hour"]')), moved);
});

test('a contributor is offered no E-mail settings, only their own notification e-mails', async (t) => {
  const contributor = await restAs('contributor@demo.example');
  await assert.rejects(contributor('GET', '/mail/settings'), /403/);
  const page = await open(t);
  await signIn(page, 'contributor@demo.example');
  await page.waitForSelector('[data-testid="nav-notification-settings"]', { state: 'attached' });
  assert.equal(await page.locator('[data-testid="nav-email"]').count(), 0);
  assert.equal(await page.locator('[data-testid="nav-tokens"]').count(), 1, 'the other settings are there');

  await page.goto(`${BASE}/settings/email`);
  await page.waitForSelector('[data-testid="mail-forbidden"]');
  assert.equal(await page.locator('[data-testid="mail-settings"]').count(), 0);
});

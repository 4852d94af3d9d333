// Browser tests of the foundation screens: sign-in, session, users, groups, API tokens, audit trail.
//
//   ANNEX_URL=http://127.0.0.1:8080 node --test --test-concurrency=1 tests/browser/*.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PASSWORD, RUN, WAIT, open, shot, signIn, openNav } from './support.mjs';

test('the sign-in screen is where a signed-out visitor lands', async (t) => {
  const page = await open(t);
  await page.goto(`${BASE}/settings/users`);
  await page.waitForSelector('#signin-form');
  assert.match(page.url(), /\/signin\?next=%2Fsettings%2Fusers$/);
  await shot(page, 'signin');
});

test('an unknown address shows a page-not-found screen', async (t) => {
  const page = await open(t);
  await page.goto(`${BASE}/no/such/screen`);
  await page.waitForSelector('[data-testid="not-found"]');
  await shot(page, 'not-found');
});

test('a wrong password shows the server\'s reason', async (t) => {
  const page = await open(t);
  await page.goto(`${BASE}/signin`);
  await page.fill('#signin-email', 'admin@demo.example');
  await page.fill('#signin-password', 'not-the-password');
  await page.click('#signin-submit');
  const error = page.locator('[data-testid="form-error"]');
  await error.waitFor();
  assert.match(await error.innerText(), /email or password is incorrect/i);
  assert.match(page.url(), /\/signin$/);
  assert.equal(await page.inputValue('#signin-password'), '', 'the wrong password is cleared');
  await shot(page, 'signin-error');
});

test('sign-in explains a rate limit and an unreachable server', async (t) => {
  const page = await open(t);
  await page.goto(`${BASE}/signin`);
  await page.fill('#signin-email', 'admin@demo.example');
  await page.fill('#signin-password', 'whatever-it-is');
  const error = page.locator('[data-testid="form-error"]');

  await page.route('**/api/v1/auth/login', (route) =>
    route.fulfill({
      status: 429,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', title: 'Too Many Requests', status: 429, code: 'rate_limited' }),
    }),
  );
  await page.click('#signin-submit');
  await error.waitFor();
  assert.match(await error.innerText(), /too many attempts/i);

  await page.unrouteAll();
  await page.route('**/api/v1/auth/login', (route) => route.abort('connectionrefused'));
  await page.fill('#signin-password', 'whatever-it-is');
  await page.click('#signin-submit');
  await page.waitForFunction(() =>
    /cannot reach the server/i.test(document.querySelector('[data-testid="form-error"]')?.innerText ?? ''),
  );
});

test('an admin signs in and Home shows who they are, their organisation and role', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal(await page.innerText('[data-testid="home-email"]'), 'admin@demo.example');
  assert.equal(await page.innerText('[data-testid="home-org"]'), 'Demo Consulting Ltd');
  assert.equal(
    await page.getAttribute('[data-testid="home-account"] [data-testid="role-badge"]', 'data-role'),
    'admin',
  );
  assert.equal(await page.locator('[data-testid="membership-row"]').count(), 1);
  assert.equal(await page.title(), 'Home · Annex');
  for (const nav of ['nav-home', 'nav-users', 'nav-groups', 'nav-tokens', 'nav-audit']) {
    assert.ok(await page.locator(`[data-testid="${nav}"]`).isVisible(), `${nav} is in the nav`);
  }
  await shot(page, 'home-admin');
});

test('an owner renames the organisation and the sidebar follows', async (t) => {
  const page = await open(t);
  await signIn(page, 'owner@demo.example');
  const rename = async (name) => {
    await page.click('[data-testid="org-rename"]');
    await page.fill('#org-name', name);
    await page.click('[data-testid="org-form"] button[type="submit"]');
    // Exact text: the second name is a prefix of the first, so "has-text" would match too soon.
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="home-org"]')?.innerText.trim() === n,
      name,
    );
    await page.waitForFunction((n) => document.querySelector('[data-testid="org-name"]')?.innerText === n, name);
  };
  await rename(`Demo Consulting Ltd ${RUN}`);
  await shot(page, 'home-owner-renamed');
  await rename('Demo Consulting Ltd');
});

test('signing in again after the next= redirect returns to the screen asked for', async (t) => {
  const page = await open(t);
  await page.goto(`${BASE}/settings/groups`);
  await page.waitForSelector('#signin-form');
  await page.fill('#signin-email', 'admin@demo.example');
  await page.fill('#signin-password', PASSWORD);
  await page.click('#signin-submit');
  await page.waitForURL(`${BASE}/settings/groups`);
  await page.waitForSelector('h1:has-text("Groups")');
});

test('a reload keeps the session', async (t) => {
  const page = await open(t);
  await signIn(page, 'editor@demo.example');
  await openNav(page, 'nav-users');
  await page.waitForSelector('[data-testid="users-table"]');
  await page.reload();
  await page.waitForSelector('[data-testid="users-table"]');
  assert.equal(new URL(page.url()).pathname, '/settings/users');
  assert.equal(await page.innerText('[data-testid="who-email"]'), 'editor@demo.example');
});

test('an expired access token is refreshed once and the screen still loads', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.evaluate(() => localStorage.setItem('annex.access_token', 'expired.not-a.jwt'));
  await page.reload();
  await page.waitForSelector('[data-testid="home-title"]');
  const access = await page.evaluate(() => localStorage.getItem('annex.access_token'));
  assert.notEqual(access, 'expired.not-a.jwt', 'a new access token was stored');
});

test('calls that meet an expired token together share one refresh', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await openNav(page, 'nav-groups');
  await page.click('#new-group');
  const name = `Refresh ${RUN}`;
  await page.fill('#new-group-name', name);
  await page.click('#create-group-submit');
  await page.waitForSelector(`[data-testid="group-name"]:has-text("${name}")`);
  await openNav(page, 'nav-groups');
  await page.waitForSelector(`[data-testid="group-row"][data-name="${name}"]`);

  let refreshes = 0;
  page.on('request', (r) => {
    if (r.url().endsWith('/api/v1/auth/refresh')) refreshes += 1;
  });
  await page.evaluate(() => localStorage.setItem('annex.access_token', 'expired.not-a.jwt'));
  // The group page loads the group and the member list at once: both meet the 401.
  await page.click(`[data-testid="group-row"][data-name="${name}"] a`);
  await page.waitForSelector(`[data-testid="group-name"]:has-text("${name}")`);
  await page.waitForFunction(() => document.querySelectorAll('#group-add-select option').length > 1);
  assert.equal(refreshes, 1, 'exactly one refresh for both calls');
  assert.equal(await page.locator('#signin-form').count(), 0, 'still signed in');
});

test('a refused refresh ends the session cleanly', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.evaluate(() => {
    localStorage.setItem('annex.access_token', 'expired.not-a.jwt');
    localStorage.setItem('annex.refresh_token', 'revoked-refresh-token');
  });
  await page.reload();
  const notice = page.locator('[data-testid="signin-notice"]');
  await notice.waitFor();
  assert.match(await notice.innerText(), /your session has ended/i);
  assert.equal(await page.evaluate(() => localStorage.getItem('annex.refresh_token')), null);
  await shot(page, 'signin-session-ended');
});

test('an admin creates a user with a password and sees them in the list', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await openNav(page, 'nav-users');
  await page.waitForSelector('[data-testid="users-table"]');
  await shot(page, 'users');
  const email = `pat.${RUN}@demo.example`;
  await page.click('#add-user');
  await page.fill('#new-user-email', email);
  await page.fill('#new-user-name', `Pat Analyst ${RUN}`);
  await page.selectOption('#new-user-role', 'editor');
  await page.check('#new-user-mode-password');
  await page.fill('#new-user-password', 'correct-horse-battery');
  await shot(page, 'users-new');
  await page.click('#create-user-submit');
  await page.waitForSelector('[data-testid="created-member-notice"]');
  const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  await row.waitFor();
  assert.equal(await row.locator('[data-testid="user-role-select"]').inputValue(), 'editor');

  // Search narrows the list to them.
  await page.fill('#user-search', `pat.${RUN}`);
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="user-row"]').length === 1,
  );
  assert.equal(await page.locator('[data-testid="user-row"]').getAttribute('data-email'), email);

  // And the new user can sign in with the password set for them.
  const theirs = await open(t);
  await signIn(theirs, email, 'correct-horse-battery');
  assert.equal(await theirs.innerText('[data-testid="home-email"]'), email);
});

test('an invited user gets a one-time code, and can set a password with it', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await openNav(page, 'nav-users');
  await page.click('#add-user');
  const email = `invitee.${RUN}@demo.example`;
  await page.fill('#new-user-email', email);
  await page.fill('#new-user-name', `Ivy Invitee ${RUN}`);
  await page.click('#create-user-submit');
  const code = (await page.innerText('[data-testid="invitation-code"]')).trim();
  assert.ok(code.length > 8, 'an invitation code is shown');
  const row = page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /Invited/);
  await shot(page, 'users-invited');

  const link = (await page.innerText('[data-testid="invitation-link"]')).trim();
  assert.equal(link, `${BASE}/accept-invitation?code=${encodeURIComponent(code)}`);

  const invitee = await open(t);
  await invitee.goto(link);
  assert.equal(await invitee.inputValue('#invitation-code'), code, 'the link fills the code in');
  await invitee.fill('#invitation-password', 'a-long-new-password');
  await invitee.fill('#invitation-confirm', 'a-long-new-password');
  await shot(invitee, 'accept-invitation');
  await invitee.click('[data-testid="invitation-form"] button[type="submit"]');
  await invitee.waitForSelector('[data-testid="invitation-done"]');
  await signIn(invitee, email, 'a-long-new-password');
});

test('an admin changes a role, deactivates and reactivates a member', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await openNav(page, 'nav-users');
  const email = `role.${RUN}@demo.example`;
  await page.click('#add-user');
  await page.fill('#new-user-email', email);
  await page.fill('#new-user-name', 'Robin Role');
  await page.click('#create-user-submit');
  const row = () => page.locator(`[data-testid="user-row"][data-email="${email}"]`);
  await row().waitFor();

  await row().locator('[data-testid="user-role-select"]').selectOption('contributor');
  await page.waitForFunction(
    (e) =>
      document.querySelector(`[data-testid="user-row"][data-email="${e}"] [data-testid="user-role-select"]`)
        ?.value === 'contributor',
    email,
  );
  await row().locator('[data-testid="user-deactivate"]').click();
  await row().locator('[data-testid="user-deactivate-confirm"]').click();
  await row().locator('[data-testid="user-reactivate"]').waitFor();
  assert.match(await row().innerText(), /Deactivated/);
  await row().locator('[data-testid="user-reactivate"]').click();
  await row().locator('[data-testid="user-deactivate"]').waitFor();
});

test('a list that cannot load says why and loads on "Try again"', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await page.route('**/api/v1/users?**', (route) => route.abort('connectionrefused'));
  await page.route('**/api/v1/users', (route) => route.abort('connectionrefused'));
  await openNav(page, 'nav-users');
  const failed = page.locator('[data-testid="load-error"]');
  await failed.waitFor();
  assert.match(await failed.innerText(), /cannot reach the server/i);
  await shot(page, 'users-load-error');
  await page.unrouteAll();
  await failed.locator('button', { hasText: 'Try again' }).click();
  await page.waitForSelector('[data-testid="users-table"]');
});

test('a viewer sees the users read-only and no audit trail in the nav', async (t) => {
  const page = await open(t);
  await signIn(page, 'viewer@demo.example');
  assert.equal(await page.locator('[data-testid="nav-audit"]').count(), 0, 'no audit trail link');
  assert.ok(await page.locator('[data-testid="nav-users"]').isVisible());
  await shot(page, 'home-viewer');
  await openNav(page, 'nav-users');
  await page.waitForSelector('[data-testid="users-table"]');
  assert.equal(await page.locator('#add-user').count(), 0, 'no Add user button');
  assert.equal(await page.locator('[data-testid="user-role-select"]').count(), 0, 'roles are read-only');
  await shot(page, 'users-viewer');
  await page.goto(`${BASE}/audit`);
  await page.waitForSelector('[data-testid="audit-forbidden"]');
});

test('groups: create, add and remove a member, rename, delete', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await openNav(page, 'nav-groups');
  await page.click('#new-group');
  const name = `IT Operations ${RUN}`;
  await page.fill('#new-group-name', name);
  await page.fill('#new-group-description', 'Runs the servers and the backups.');
  await page.click('#create-group-submit');
  await page.waitForSelector(`[data-testid="group-name"]:has-text("${name}")`);

  await page.selectOption('#group-add-select', { label: 'Demo Editor (editor@demo.example)' });
  await page.click('#group-add-submit');
  await page.waitForSelector('[data-testid="group-member"][data-email="editor@demo.example"]');
  await shot(page, 'group');

  await page.click('[data-testid="group-rename"]');
  await page.fill('#group-name-input', `${name} (renamed)`);
  await page.click('#group-save');
  await page.waitForSelector(`[data-testid="group-name"]:has-text("${name} (renamed)")`);

  await page.click('[data-testid="group-member-remove"]');
  await page.waitForSelector('[data-testid="group-member"]', { state: 'detached' });

  await openNav(page, 'nav-groups');
  await page.waitForSelector(`[data-testid="group-row"][data-name="${name} (renamed)"]`);
  await shot(page, 'groups');
  await page.click(`[data-testid="group-row"][data-name="${name} (renamed)"] a`);
  await page.click('[data-testid="group-delete"]');
  await page.click('[data-testid="group-delete-confirm"]');
  await page.waitForURL(`${BASE}/settings/groups`);
  await page.waitForSelector('h1:has-text("Groups")');
  assert.equal(
    await page.locator(`[data-testid="group-row"][data-name="${name} (renamed)"]`).count(),
    0,
  );
});

test('a stale write says someone else changed it and reloads', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await openNav(page, 'nav-groups');
  await page.click('#new-group');
  const name = `Board ${RUN}`;
  await page.fill('#new-group-name', name);
  await page.click('#create-group-submit');
  await page.waitForSelector(`[data-testid="group-name"]:has-text("${name}")`);

  // Someone else renames the group behind this page's back.
  const id = new URL(page.url()).pathname.split('/').pop();
  const token = await page.evaluate(() => localStorage.getItem('annex.access_token'));
  const auth = { authorization: `Bearer ${token}` };
  const current = await (await fetch(`${BASE}/api/v1/groups/${id}`, { headers: auth })).json();
  const theirs = await fetch(`${BASE}/api/v1/groups/${id}`, {
    method: 'PATCH',
    headers: { ...auth, 'content-type': 'application/json', 'if-match': `"${current.version}"` },
    body: JSON.stringify({ name: `${name} (theirs)` }),
  });
  assert.equal(theirs.status, 200);

  await page.click('[data-testid="group-rename"]');
  await page.fill('#group-name-input', `${name} (mine)`);
  await page.click('#group-save');
  const toast = page.locator('[data-testid="toast"]', { hasText: 'Someone else changed this' });
  await toast.waitFor();
  await page.waitForSelector(`[data-testid="group-name"]:has-text("${name} (theirs)")`);
  await shot(page, 'group-stale');
});

test('API tokens: create shows the secret once, which works; revoke stops it', async (t) => {
  const page = await open(t);
  await signIn(page, 'editor@demo.example');
  await openNav(page, 'nav-tokens');
  await page.click('#new-token');
  const name = `SIEM export ${RUN}`;
  await page.fill('#new-token-name', name);
  await page.check('#new-token-scope-read');
  await page.selectOption('#new-token-expiry', '30');
  await page.click('#create-token-submit');
  const secret = (await page.innerText('[data-testid="token-secret"]')).trim();
  assert.match(secret, /^annex_/);
  const row = page.locator(`[data-testid="token-row"][data-name="${name}"]`);
  await row.waitFor();
  await shot(page, 'tokens');

  const me = await fetch(`${BASE}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
  assert.equal(me.status, 200, 'the new token works');

  await row.locator('[data-testid="token-revoke"]').click();
  await row.locator('[data-testid="token-revoke-confirm"]').click();
  await page.waitForFunction(
    (n) => /Revoked/.test(document.querySelector(`[data-testid="token-row"][data-name="${n}"]`)?.innerText ?? ''),
    name,
  );
  const refused = await fetch(`${BASE}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
  assert.equal(refused.status, 401, 'the revoked token is refused');
});

test('the audit trail lists events, filters by kind, and shows before/after', async (t) => {
  const page = await open(t);
  await signIn(page, 'auditor@demo.example');
  await openNav(page, 'nav-audit');
  await page.waitForSelector('[data-testid="audit-table"]');
  await page.selectOption('#audit-kind', 'member');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid="audit-row"]')];
    return rows.length > 0 && rows.every((r) => r.dataset.kind === 'member');
  });
  await page.locator('[data-testid="audit-toggle"]').first().click();
  await page.waitForSelector('[data-testid="audit-detail"] pre.json');
  await shot(page, 'audit');

  await page.fill('#audit-verb', 'role_changed');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid="audit-row"]')];
    return rows.length > 0 && rows.every((r) => r.dataset.verb === 'role_changed');
  });
});

test('the audit trail pages with "Load more"', async (t) => {
  // Sign-ins are events too: make sure there is more than one page (50) of them.
  for (let i = 0; i < 55; i += 1) {
    const r = await fetch(`${BASE}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'viewer@demo.example', password: PASSWORD }),
    });
    assert.equal(r.status, 200);
  }
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  await openNav(page, 'nav-audit');
  await page.waitForSelector('[data-testid="audit-table"]');
  assert.equal(await page.locator('[data-testid="audit-row"]').count(), 50);
  await page.click('[data-testid="audit-load-more"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-row"]').length > 50);
  const shown = await page.locator('[data-testid="audit-row"]').count();
  assert.match(await page.innerText('[data-testid="audit-count"]'), new RegExp(`^Showing ${shown} of \\d+$`));
});

test('at 390px wide the menu collapses and every screen fits', async (t) => {
  const page = await open(t, { width: 390, height: 844 });
  await page.goto(`${BASE}/signin`);
  await page.waitForSelector('#signin-form');
  await shot(page, 'mobile-signin');
  await signIn(page, 'admin@demo.example');
  assert.equal(await page.locator('[data-testid="nav"]').isVisible(), false, 'nav is collapsed');
  await shot(page, 'mobile-home');
  await page.click('[data-testid="menu-toggle"]');
  assert.ok(await page.locator('[data-testid="nav"]').isVisible(), 'the menu opens the nav');
  await shot(page, 'mobile-nav', false);
  await page.click('[data-testid="nav-users"]');
  await page.waitForSelector('[data-testid="users-table"]');
  assert.equal(await page.locator('[data-testid="nav"]').isVisible(), false, 'nav closes on navigation');
  for (const [nav, ready, name] of [
    ['nav-users', '[data-testid="users-table"]', 'mobile-users'],
    ['nav-groups', 'h1:has-text("Groups")', 'mobile-groups'],
    ['nav-tokens', 'h1:has-text("API tokens")', 'mobile-tokens'],
    ['nav-audit', '[data-testid="audit-table"]', 'mobile-audit'],
  ]) {
    await openNav(page, nav);
    await page.waitForSelector(ready);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    assert.ok(overflow <= 0, `${name}: the page scrolls sideways by ${overflow}px`);
    await shot(page, name, false);
  }
});

test('signing out returns to sign-in, also in the other tabs, and the old session is gone', async (t) => {
  const page = await open(t);
  await signIn(page, 'admin@demo.example');
  const otherTab = await page.context().newPage();
  await otherTab.goto(`${BASE}/settings/users`);
  await otherTab.waitForSelector('[data-testid="users-table"]');
  await page.click('[data-testid="sign-out"]');
  await otherTab.waitForSelector('#signin-form');
  assert.match(await otherTab.innerText('[data-testid="signin-notice"]'), /signed out in another tab/i);
  await page.waitForSelector('#signin-form');
  assert.match(await page.innerText('[data-testid="signin-notice"]'), /signed out/i);
  assert.equal(await page.evaluate(() => localStorage.getItem('annex.refresh_token')), null);
  await page.goto(`${BASE}/`);
  await page.waitForSelector('#signin-form');
});

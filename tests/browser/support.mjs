// What every browser test file shares: the browser (headless Chromium via playwright-core), a fresh
// context per test (its own localStorage, so sessions never leak), sign-in, navigation and
// screenshots (<repo>/target/screenshots/). The server is a running `annex serve --demo` at ANNEX_URL.

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE = (process.env.ANNEX_URL ?? '').replace(/\/$/, '');
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOTS = join(resolve(REPO, process.env.CARGO_TARGET_DIR ?? 'target'), 'screenshots');
export const PASSWORD = 'annex-demo';
export const RUN = Date.now().toString(36);
export const WAIT = 15_000;

if (!BASE) {
  console.error('ANNEX_URL is not set: start `annex serve --demo` and point ANNEX_URL at it.');
  process.exit(2);
}
mkdirSync(SHOTS, { recursive: true });

let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
});

/** A fresh browser context (its own localStorage) and page; collects uncaught page errors and
 * every Content-Security-Policy violation (the UI must run under the server's CSP untouched). */
export async function open(t, { width = 1280, height = 800 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  context.setDefaultTimeout(WAIT);
  const errors = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  context.on('page', (p) => {
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('console', (m) => {
      if (m.type() === 'error' && /CSP violation|Content Security Policy/.test(m.text())) {
        errors.push(m.text());
      }
    });
  });
  const page = await context.newPage();
  t.after(async () => {
    await context.close();
    assert.deepEqual(errors, [], 'the page threw uncaught errors');
  });
  return page;
}

export async function shot(page, name, fullPage = true) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

export async function signIn(page, email, password = PASSWORD) {
  await page.goto(`${BASE}/signin`);
  await page.fill('#signin-email', email);
  await page.fill('#signin-password', password);
  await page.click('#signin-submit');
  await page.waitForSelector('[data-testid="home-title"]');
}

export async function openNav(page, testid) {
  const toggle = page.locator('[data-testid="menu-toggle"]');
  if (await toggle.isVisible()) {
    await toggle.click();
  }
  await page.click(`[data-testid="${testid}"]`);
}


/**
 * A signed-in REST caller for setting up and checking data:
 * `const api = await restAs(email); await api('PATCH', '/items/…', body, { version })` → parsed
 * body; throws with the status and body on an error.
 */
export async function restAs(email, password = PASSWORD) {
  const login = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(login.status, 200, `${email} signs in over REST`);
  const { access_token: token } = await login.json();
  return async (method, path, body, { version } = {}) => {
    const headers = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (version !== undefined) headers['if-match'] = `"${version}"`;
    const res = await fetch(`${BASE}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

/** Waits for a toast whose text matches `pattern`. */
export async function toast(page, pattern) {
  await page.waitForFunction(
    (source) =>
      [...document.querySelectorAll('[data-testid="toast"]')].some((t) => new RegExp(source, 'i').test(t.innerText)),
    pattern.source,
  );
}

// Shared helpers for the browser tests (node:test + playwright-core, Debian's chromium).
//
// Environment:
//   SAMVERKAN_BASE_URL  the app, e.g. http://localhost:8080 (required)
//   SAMVERKAN_CHROMIUM  chromium binary (default /usr/bin/chromium)
//   SAMVERKAN_E2E_OUT   directory for screenshots (default ./e2e-out)
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

/** Timeout for navigation and waiting (ms). */
export const TIMEOUT = 30_000;

export const BASE_URL = (process.env.SAMVERKAN_BASE_URL ?? '').replace(/\/+$/, '');
export const CHROMIUM = process.env.SAMVERKAN_CHROMIUM || '/usr/bin/chromium';
export const OUT_DIR = path.resolve(process.env.SAMVERKAN_E2E_OUT || 'e2e-out');

/** Test users in the dev realm (see the server's Keycloak realm import). */
export const USERS = {
  anna: { username: 'anna.bvc', password: 'samverkan' },
  erik: { username: 'erik.rektor', password: 'samverkan' },
  maria: { username: 'maria.polis', password: 'samverkan' },
  karin: { username: 'karin.guardian', password: 'samverkan' },
  sec: { username: 'sec.admin', password: 'samverkan' },
};

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The app's origin (scheme://host:port). Fails clearly when SAMVERKAN_BASE_URL is missing. */
export function appOrigin() {
  assert.ok(BASE_URL, 'SAMVERKAN_BASE_URL is not set (e.g. SAMVERKAN_BASE_URL=http://localhost:8080)');
  return new URL(BASE_URL).origin;
}

/** Launches headless chromium. Close it with `browser.close()` (or use {@link withBrowser}). */
export async function launchBrowser() {
  try {
    return await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: TIMEOUT,
    });
  } catch (error) {
    throw new Error(
      `Could not launch chromium at ${CHROMIUM} (set SAMVERKAN_CHROMIUM, or apt-get install chromium): ${error.message}`,
      { cause: error },
    );
  }
}

/** Runs `fn(browser)` and always closes the browser afterwards. */
export async function withBrowser(fn) {
  const browser = await launchBrowser();
  try {
    return await fn(browser);
  } finally {
    await browser.close().catch(() => {});
  }
}

/**
 * Opens a new isolated browser context (own cookies/storage, like a separate
 * person) with one page. Collects console errors, page errors and CSP
 * violations in `problems` so tests can assert on them.
 */
export async function openPage(browser, { name = 'page' } = {}) {
  const context = await browser.newContext({
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
    viewport: { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.setDefaultNavigationTimeout(TIMEOUT);
  /** @type {{kind: string, text: string, url: string}[]} */
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) {
      problems.push({ kind: `console.${message.type()}`, text: message.text(), url: page.url() });
    }
  });
  page.on('pageerror', (error) => problems.push({ kind: 'pageerror', text: String(error), url: page.url() }));
  return { name, context, page, problems };
}

/** Problems (console errors etc.) that happened while the page was on the app's own origin. */
export function appProblems(problems) {
  const origin = appOrigin();
  return problems.filter((problem) => problem.url.startsWith(origin));
}

/** CSP violations reported anywhere on the app's origin. */
export function cspViolations(problems) {
  return appProblems(problems).filter((problem) => /Content Security Policy/i.test(problem.text));
}

/** Opens the app at `pathname` (default "/"), with a clear message if the server is down. */
export async function gotoApp(page, pathname = '/') {
  const url = new URL(pathname, `${appOrigin()}/`).href;
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded' });
  } catch (error) {
    throw new Error(`Could not open ${url} – is the Samverkan server running? ${error.message}`, { cause: error });
  }
}

/** Waits until the Keycloak login form is shown (we have left the app). */
export async function expectKeycloakLogin(page, message = 'Expected the Keycloak login page') {
  try {
    await page.locator('#username').waitFor({ state: 'visible', timeout: TIMEOUT });
  } catch (error) {
    throw new Error(`${message}, but #username did not appear within ${TIMEOUT} ms (now at ${page.url()})`, {
      cause: error,
    });
  }
  assert.notEqual(new URL(page.url()).origin, appOrigin(), `${message}: still on the app origin (${page.url()})`);
}

/** Fills in Keycloak's login form and waits until we are back on the app. */
export async function loginViaKeycloak(page, { username, password }) {
  await expectKeycloakLogin(page, `Expected the Keycloak login page before logging in as ${username}`);
  await page.locator('#username').fill(username);
  // With Keycloak Organizations enabled the login is identity-first: the username is submitted
  // on its own (so Keycloak can route members of a federated organisation to their IdP), and the
  // password field appears on the next page.
  const password$ = page.locator('#password');
  if (!(await password$.isVisible())) {
    await page.locator('#kc-login').click();
    await password$.waitFor({ state: 'visible', timeout: TIMEOUT }).catch((error) => {
      throw new Error(`Keycloak did not ask for the password of ${username} (now at ${page.url()})`, { cause: error });
    });
  }
  await password$.fill(password);
  await Promise.all([
    page.waitForURL((url) => url.origin === appOrigin(), { timeout: TIMEOUT }).catch((error) => {
      throw new Error(
        `Login as ${username} did not return to ${appOrigin()} within ${TIMEOUT} ms (now at ${page.url()})`,
        { cause: error },
      );
    }),
    page.locator('#kc-login').click(),
  ]);
}

/**
 * Waits until the element with `data-testid=testId` has text matching
 * `expected` (a string for exact match after trimming, or a RegExp); fails
 * with the actual text and any error shown by the app.
 */
export async function expectTestIdText(page, testId, expected, { timeout = TIMEOUT } = {}) {
  const locator = page.getByTestId(testId).first();
  const matches = (text) =>
    expected instanceof RegExp ? expected.test(text) : text.trim() === expected;
  const deadline = Date.now() + timeout;
  let actual = null;
  while (Date.now() < deadline) {
    actual = await locator.textContent({ timeout: 1000 }).catch(() => null);
    if (actual !== null && matches(actual)) return actual.trim();
    await page.waitForTimeout(200);
  }
  const shownError = await page
    .getByTestId('error')
    .filter({ visible: true })
    .innerText({ timeout: 500 })
    .catch(() => null);
  assert.fail(
    `data-testid="${testId}": expected ${expected instanceof RegExp ? expected : JSON.stringify(expected)}, ` +
      `got ${actual === null ? '(element not found)' : JSON.stringify(actual.trim())} after ${timeout} ms ` +
      `at ${page.url()}${shownError ? ` – the app shows an error: ${JSON.stringify(shownError.trim().replace(/\s+/g, ' '))}` : ''}`,
  );
}

/** Saves a full-page screenshot as OUT_DIR/<name>.png and returns the path. */
export async function screenshot(page, name) {
  await mkdir(OUT_DIR, { recursive: true });
  const file = path.join(OUT_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Screenshot for a failed test; never throws (the original failure matters more). */
export async function screenshotOnFailure(page, name) {
  try {
    const file = await screenshot(page, `FAILED-${name}`);
    console.error(`Failure screenshot: ${file} (page was at ${page.url()})`);
  } catch {
    // ignore
  }
}

/** The error the app shows (data-testid="error" or a form's role="alert" box), for failure messages. */
export async function shownErrors(page) {
  const texts = await page
    .locator('[data-testid="error"]:visible, [role="alert"]:visible')
    .allInnerTexts()
    .catch(() => []);
  return texts.map((t) => t.trim().replace(/\s+/g, ' ')).filter(Boolean);
}

/**
 * Waits until `locator` (first match) has attribute `name` equal to `expected`
 * (string, or RegExp); fails with the actual value, the element's text and any
 * error the app shows.
 */
export async function expectAttribute(page, locator, name, expected, { timeout = TIMEOUT, what = String(locator) } = {}) {
  const target = locator.first();
  const matches = (value) => (expected instanceof RegExp ? expected.test(value ?? '') : value === expected);
  const deadline = Date.now() + timeout;
  let actual = null;
  while (Date.now() < deadline) {
    actual = await target.getAttribute(name, { timeout: 1000 }).catch(() => null);
    if (actual !== null && matches(actual)) return actual;
    await page.waitForTimeout(250);
  }
  const text = await target.innerText({ timeout: 500 }).catch(() => '(element not found)');
  const errors = await shownErrors(page);
  assert.fail(
    `${what}: expected ${name}=${expected instanceof RegExp ? expected : JSON.stringify(expected)}, got ${JSON.stringify(actual)} ` +
      `after ${timeout} ms at ${page.url()}; text: ${JSON.stringify(text.trim().replace(/\s+/g, ' ').slice(0, 500))}` +
      (errors.length > 0 ? `; the app shows: ${JSON.stringify(errors)}` : ''),
  );
}

/** Waits until `locator` (first match) is visible; fails with any error the app shows. */
export async function expectVisible(page, locator, { timeout = TIMEOUT, what = String(locator) } = {}) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch (error) {
    const errors = await shownErrors(page);
    throw new Error(
      `${what} did not become visible within ${timeout} ms at ${page.url()}` +
        (errors.length > 0 ? `; the app shows: ${JSON.stringify(errors)}` : ''),
      { cause: error },
    );
  }
}

/** Opens a new browser context, goes to the app and logs in as `user`. */
export async function openAs(browser, user, { name = user.username, pathname = '/' } = {}) {
  const opened = await openPage(browser, { name });
  await gotoApp(opened.page, pathname);
  await loginViaKeycloak(opened.page, user);
  return opened;
}

/**
 * A test step runner for one test file: `step(opened, label, fn)` runs fn; on failure the error
 * names the user and the step, a screenshot `<prefix>-<user>-<label>` is saved, and problems the
 * page reported (console errors, CSP) are printed.
 */
export function stepRunner(prefix) {
  return async function step(opened, label, fn) {
    try {
      return await fn();
    } catch (error) {
      await screenshotOnFailure(opened.page, `${prefix}-${opened.name}-${label}`);
      const problems = appProblems(opened.problems);
      if (problems.length > 0) console.error(`Browser problems (${opened.name}):`, problems);
      throw new Error(`[${opened.name}] ${label}: ${error.message}`, { cause: error });
    }
  };
}

/** As a ChildContact on "Mina barn": registers a child through the form; returns its id. */
export async function registerChildInUi(page, { name, birthDate, schooling = 'COMPULSORY', timeout = 60_000 }) {
  const form = page.getByTestId('register-child-form');
  await expectVisible(page, form, { what: 'register-child-form', timeout });
  await form.locator('[name="name"]').fill(name);
  await form.locator('[name="birthDate"]').fill(birthDate);
  await form.locator('[name="schooling"]').selectOption(schooling);
  await form.getByRole('button', { name: 'Registrera barn' }).click();
  await page.waitForURL(/#\/barn\/[0-9a-fA-F-]{36}$/, { timeout });
  await expectTestIdText(page, 'page-heading', name);
  return new URL(page.url()).hash.split('/')[2];
}

/**
 * On a child's page: records an updated written consent covering the named organisations;
 * returns the consent's row. `openTab: false` when the consent form is already shown.
 */
export async function recordConsentInUi(page, { organisations, givenBy = 'Karin Johansson', purpose, openTab = true }) {
  if (openTab) await page.getByTestId('child-tab-consents').click();
  const form = page.getByTestId('consent-form');
  await expectVisible(page, form, { what: 'consent-form' });
  await form.locator('[name="level"]').selectOption('WRITTEN_UPDATED');
  await form.locator('[name="givenBy"]').fill(givenBy);
  for (const organisation of organisations) {
    await form.getByLabel(organisation, { exact: true }).check();
  }
  await form.locator('[name="purpose"]').fill(purpose);
  await form.getByRole('button', { name: 'Registrera samtycke' }).click();
  const row = page.locator('[data-testid="consent-row"][data-status="IN_FORCE"][data-level="WRITTEN_UPDATED"]');
  await expectVisible(page, row, { what: 'the new consent in the list' });
  return row;
}

/** On a child's page: adds `username` to the team and waits until the member has access; returns the row. */
export async function addTeamMemberInUi(page, username) {
  await page.getByTestId('child-tab-team').click();
  const form = page.getByTestId('add-member-form');
  await expectVisible(page, form, { what: 'add-member-form' });
  await form.locator('[name="username"]').fill(username);
  await form.getByRole('button', { name: 'Lägg till i teamet' }).click();
  const row = page.locator(`[data-testid="team-member-row"][data-username="${username}"]`);
  await expectVisible(page, row, { what: `team row for ${username}` });
  await expectAttribute(page, row, 'data-access', 'ACTIVE', { what: `${username}'s access` });
  return row;
}

/** A dev user's access token straight from Keycloak (the password grant of samverkan-dev-cli). */
export async function apiToken(user) {
  const config = await (await fetch(`${BASE_URL}/config.json`)).json();
  const response = await fetch(`${config.keycloakUrl}/realms/${config.realm}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'samverkan-dev-cli', username: user.username, password: user.password, scope: 'openid' }),
  });
  assert.equal(response.status, 200, `token for ${user.username}`);
  return (await response.json()).access_token;
}

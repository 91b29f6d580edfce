// The security team's pages end to end, against a running Samverkan server and Keycloak:
//   sec.admin (security-admin-all) finds a throwaway Ljungby user on Personer (created by
//   BrowserSecurityTest, named in SAMVERKAN_E2E_TARGET_USER), sees their session, logs them out
//   everywhere through the confirmation dialog and finds the audit row in Säkerhetslogg; on
//   Loggkontroll draws a sample with a seed and sees the seed; the CSV export answers 200 text/csv.
//   Never run against a dev user: logging out shares nothing with other tests only for a throwaway.
//
//   SAMVERKAN_BASE_URL=http://localhost:8080 SAMVERKAN_E2E_TARGET_USER=web.xyz \
//     node --test --test-concurrency=1 e2e/security.e2e.mjs
import assert from 'node:assert/strict';
import test from 'node:test';
import { apiToken, expectAttribute, expectVisible, openAs, stepRunner, USERS, withBrowser } from './support.mjs';

const TARGET = process.env.SAMVERKAN_E2E_TARGET_USER ?? '';
const TARGET_PASSWORD = process.env.SAMVERKAN_E2E_TARGET_PASSWORD ?? 'samverkan';
const SEED = '424242';
const step = stepRunner('security');

test('security: log a person out everywhere, see it audited, draw a seeded sample, export CSV', { timeout: 300_000 }, async () => {
  assert.ok(TARGET, 'SAMVERKAN_E2E_TARGET_USER is not set (a throwaway user, never a dev user)');
  assert.ok(!Object.values(USERS).some((u) => u.username === TARGET), 'refusing to log out a dev user');
  // A session for the throwaway user, so that Personer has one to show.
  await apiToken({ username: TARGET, password: TARGET_PASSWORD });
  await withBrowser(async (browser) => {
    const sec = await openAs(browser, USERS.sec, { name: 'sec' });
    const { page } = sec;

    const row = await step(sec, 'find-person', async () => {
      await page.getByTestId('nav-people').click();
      await page.getByTestId('people-search').fill(TARGET);
      await page.getByTestId('people-submit').click();
      const found = page.locator(`[data-testid="people-row"][data-username="${TARGET}"]`);
      await expectVisible(page, found, { what: `Personer row for ${TARGET}` });
      return found;
    });

    await step(sec, 'sessions', async () => {
      await row.getByTestId('people-sessions-button').click();
      await expectVisible(page, page.getByTestId('session-row').first(), { what: `a session of ${TARGET}` });
    });

    await step(sec, 'logout-everywhere', async () => {
      await row.getByTestId('people-logout').click();
      const dialog = page.getByTestId('logout-dialog');
      await expectVisible(page, dialog, { what: 'the logout confirmation dialog' });
      await dialog.getByLabel('Skäl (frivilligt)').fill('Browsertest: utloggning');
      await page.getByTestId('logout-dialog-confirm').click();
      await expectVisible(page, page.getByTestId('people-feedback-status').filter({ hasText: `${TARGET} är utloggad överallt` }), { what: 'the logout receipt' });
    });

    await step(sec, 'audit', async () => {
      await page.getByTestId('nav-audit').click();
      const audit = page.locator(`[data-testid="audit-row"][data-target="${TARGET}"][data-action="user.logout"]`).first();
      await expectVisible(page, audit, { what: `the audit row for logging out ${TARGET}` });
      console.log(`Audit row for ${TARGET}: ${await audit.getAttribute('data-action')}`);
    });

    await step(sec, 'sample', async () => {
      await page.getByTestId('nav-access-log').click();
      await page.getByTestId('review-seed').fill(SEED);
      await page.getByTestId('review-submit').click();
      const shown = page.getByTestId('review-seed-shown');
      await expectAttribute(page, shown, 'data-seed', SEED, { what: 'the seed of the sample' });
      assert.match(await shown.textContent(), new RegExp(`Frö ${SEED}`));
    });

    await step(sec, 'export', async () => {
      const path = await page.getByTestId('access-log-export').getAttribute('data-href');
      assert.ok(path?.startsWith('/api/admin/access-log/export'), `export path: ${path}`);
      const token = await apiToken(USERS.sec);
      const answer = await page.evaluate(async ({ path, token }) => {
        const response = await fetch(path, { headers: { Authorization: `Bearer ${token}` } });
        return { status: response.status, type: response.headers.get('Content-Type') ?? '' };
      }, { path, token });
      assert.equal(answer.status, 200);
      assert.match(answer.type, /^text\/csv/);
    });
  });
});

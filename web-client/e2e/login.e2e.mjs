// Login → profile → logout against a running Samverkan server and Keycloak.
//   SAMVERKAN_BASE_URL=http://localhost:8080 npm run e2e
import assert from 'node:assert/strict';
import test from 'node:test';
import {
  appOrigin,
  cspViolations,
  expectKeycloakLogin,
  expectTestIdText,
  gotoApp,
  loginViaKeycloak,
  openPage,
  screenshot,
  screenshotOnFailure,
  USERS,
  withBrowser,
} from './support.mjs';

test('Anna logs in via Keycloak, sees her profile and logs out', { timeout: 180_000 }, async () => {
  await withBrowser(async (browser) => {
    const { page, problems } = await openPage(browser, { name: 'anna' });
    try {
      await gotoApp(page, '/');
      await expectKeycloakLogin(page, `Opening ${appOrigin()}/ should redirect to the Keycloak login page`);

      await loginViaKeycloak(page, USERS.anna);

      // The start page is "Mina barn"; the profile is its own view, reached from the header menu.
      await page.getByTestId('nav-profile').click();
      await expectTestIdText(page, 'user-name', /Anna/);
      await expectTestIdText(page, 'user-username', 'anna.bvc');
      await expectTestIdText(page, 'user-organisation', 'Region Kronoberg');
      await expectTestIdText(page, 'user-roles', /Barnkontakt/);
      assert.equal(await page.title(), 'Min profil – Samverkan', 'page title');
      assert.equal(await page.locator('html').getAttribute('lang'), 'sv', '<html lang>');
      assert.equal(await page.getByTestId('error').isVisible(), false, 'no error should be shown');

      const file = await screenshot(page, 'login-profile');
      console.log(`Screenshot: ${file}`);

      const logout = page.getByTestId('logout');
      await logout.waitFor({ state: 'visible' });
      await logout.click();
      await expectKeycloakLogin(page, 'After "Logga ut" the Keycloak login page should be shown again');
      await screenshot(page, 'login-after-logout');

      assert.deepEqual(cspViolations(problems), [], 'no Content-Security-Policy violations on the app');
    } catch (error) {
      await screenshotOnFailure(page, 'login');
      if (problems.length > 0) console.error('Browser console problems:', problems);
      throw error;
    }
  });
});

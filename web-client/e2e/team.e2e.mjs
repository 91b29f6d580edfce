// The child's team end to end, against a running Samverkan server and Keycloak:
//   Anna (ChildContact) registers a child, adds a guardian, is refused adding Maria (police) to
//   the team without consent, records an updated written consent, adds Maria, and sees the
//   sharing log with every entry verified in the browser. Karin (guardian) then sees the same
//   disclosure in the family view, verified; Maria sees the child under "Mina barn".
//
//   SAMVERKAN_BASE_URL=http://localhost:8080 npm run e2e
import assert from 'node:assert/strict';
import test from 'node:test';
import {
  addTeamMemberInUi,
  cspViolations,
  expectAttribute,
  expectTestIdText,
  expectVisible,
  openAs,
  recordConsentInUi,
  registerChildInUi,
  screenshot,
  stepRunner,
  USERS,
  withBrowser,
} from './support.mjs';

const LONG = 60_000;

const step = stepRunner('team');

/** Waits until the sharing log is verified and every entry says "Verifierad". */
async function expectLogVerified(page, entryTestId, what) {
  const status = page.getByTestId('log-status');
  await expectAttribute(page, status, 'data-state', 'verified', { timeout: LONG, what: `${what}: log-status` });
  assert.match(await status.innerText(), /verifierad/i, `${what}: the status says so in text`);
  const entries = page.getByTestId(entryTestId);
  const count = await entries.count();
  assert.ok(count > 0, `${what}: at least one entry`);
  for (let i = 0; i < count; i++) {
    const badge = entries.nth(i).getByTestId('entry-verified');
    await expectAttribute(page, badge, 'data-state', 'verified', { what: `${what}: entry ${i}` });
    assert.match(await badge.innerText(), /^Verifierad/, `${what}: entry ${i} text`);
  }
  return count;
}

test('team: consent gates the team, the disclosure is logged, verified, and the family sees it', { timeout: 600_000 }, async () => {
  await withBrowser(async (browser) => {
    const childName = `Testbarn ${Date.now()}`;
    let childId;

    // ---------------------------------------------------------------- Anna, ChildContact
    const anna = await openAs(browser, USERS.anna, { name: 'anna' });
    const a = anna.page;

    await step(anna, 'register child', async () => {
      childId = await registerChildInUi(a, { name: childName, birthDate: '2016-05-10' });
      await expectTestIdText(a, 'child-birthdate', '2016-05-10');
      await expectTestIdText(a, 'child-my-role', 'Barnkontakt');
    });

    await step(anna, 'add guardian', async () => {
      await a.getByTestId('child-tab-guardians').click();
      const form = a.getByTestId('guardian-form');
      await expectVisible(a, form, { what: 'guardian-form' });
      await form.locator('[name="name"]').fill('Karin Johansson');
      await form.locator('[name="email"]').fill('karin.guardian@example.se');
      await form.locator('[name="username"]').fill('karin.guardian');
      await form.getByRole('button', { name: 'Lägg till vårdnadshavare' }).click();
      const row = a.getByTestId('guardian-row').filter({ hasText: 'Karin Johansson' });
      await expectVisible(a, row, { what: 'guardian row for Karin' });
      assert.equal((await row.first().getByTestId('guardian-username').innerText()).trim(), 'karin.guardian');
    });

    await step(anna, 'adding Maria without consent is refused', async () => {
      await a.getByTestId('child-tab-team').click();
      const form = a.getByTestId('add-member-form');
      await expectVisible(a, form, { what: 'add-member-form' });
      await form.locator('[name="username"]').fill('maria.polis');
      await form.getByRole('button', { name: 'Lägg till i teamet' }).click();
      const alert = a.getByTestId('consent-required-alert');
      await expectVisible(a, alert, { what: 'consent-required-alert' });
      assert.equal(await alert.getAttribute('role'), 'alert', 'the refusal is announced');
      assert.match(await alert.innerText(), /samtycke/i, 'the alert explains that consent is missing');
      assert.equal(await a.locator('[data-testid="team-member-row"][data-username="maria.polis"]').count(), 0, 'Maria is not in the team');
      await screenshot(a, 'team-consent-required');
      // "Registrera samtycke" goes to the consent form.
      await alert.getByTestId('consent-required-register').click();
      await a.waitForURL(/\/samtycken/, { timeout: LONG });
      await expectVisible(a, a.getByTestId('consent-form'), { what: 'consent-form' });
    });

    await step(anna, 'record consent', async () => {
      const row = await recordConsentInUi(a, {
        organisations: ['Polismyndigheten', 'Växjö kommun'],
        purpose: 'Samordna stödet kring barnet i skolan och med polisen',
        openTab: false,
      });
      const text = await row.first().innerText();
      assert.match(text, /Polismyndigheten/);
      assert.match(text, /Växjö kommun/);
      assert.match(text, /Gäller/);
    });

    await step(anna, 'add Maria to the team', async () => {
      const row = await addTeamMemberInUi(a, 'maria.polis');
      assert.match(await row.first().getByTestId('member-access').innerText(), /Aktiv/);
      assert.equal(await a.getByTestId('consent-required-alert').count(), 0, 'no consent alert any more');
    });

    await step(anna, 'sharing log is verified', async () => {
      await a.getByTestId('child-tab-log').click();
      const added = a.locator('[data-testid="sharing-entry"][data-category="TEAM_MEMBERSHIP"]');
      await expectVisible(a, added, { what: 'a "Tillagd i teamet" entry' });
      const text = await added.first().innerText();
      assert.match(text, /Tillagd i teamet/);
      assert.match(text, /maria\.polis|Maria Ek/);
      assert.match(text, /Polismyndigheten/);
      const count = await expectLogVerified(a, 'sharing-entry', 'Anna');
      console.log(`Anna: ${count} sharing-log entries, all verified`);
      // Verifying again (the button) keeps everything verified, and the log has not been rewritten.
      await a.getByTestId('verify-button').click();
      await expectLogVerified(a, 'sharing-entry', 'Anna, again');
      assert.match(await a.getByTestId('log-status').innerText(), /inte skrivits om|oförändrad|första kontrollen/i);
      await screenshot(a, 'team-sharing-log');
      assert.deepEqual(cspViolations(anna.problems), [], 'no CSP violations for Anna');
    });

    // ---------------------------------------------------------------- Karin, guardian
    const karin = await openAs(browser, USERS.karin, { name: 'karin' });
    const k = karin.page;
    await step(karin, 'family view shows the verified disclosure', async () => {
      await k.waitForURL(/#\/familj/, { timeout: LONG });
      const card = k.locator(`[data-testid="family-child"][data-child-id="${childId}"]`);
      await expectVisible(k, card, { what: 'the child in the family view' });
      assert.match(await card.innerText(), new RegExp(childName));
      await card.getByTestId('family-child-link').click();
      const entry = k.locator('[data-testid="family-entry"][data-category="TEAM_MEMBERSHIP"]');
      await expectVisible(k, entry, { what: 'the "Tillagd i teamet" entry in the family view' });
      const text = await entry.first().innerText();
      assert.match(text, /Tillagd i teamet/);
      assert.match(text, /Polismyndigheten|maria\.polis|Maria Ek/);
      await expectLogVerified(k, 'family-entry', 'Karin');
      await screenshot(k, 'team-family-log');
      // The consents are there too.
      await k.getByTestId('family-tab-consents').click();
      await expectVisible(k, k.locator('[data-testid="family-consent"][data-status="IN_FORCE"]'), { what: 'the consent in the family view' });
      assert.deepEqual(cspViolations(karin.problems), [], 'no CSP violations for Karin');
    });

    // ---------------------------------------------------------------- Maria, new team member
    const maria = await openAs(browser, USERS.maria, { name: 'maria' });
    const m = maria.page;
    await step(maria, 'the child is under "Mina barn"', async () => {
      const link = m.locator(`[data-testid="child-link"][data-child-id="${childId}"]`);
      await expectVisible(m, link, { what: 'the child in Maria\'s list' });
      assert.equal((await link.innerText()).trim(), childName);
      const row = m.locator(`[data-testid="child-row"][data-child-id="${childId}"]`);
      assert.match(await row.getByTestId('child-role').innerText(), /Teammedlem/);
      assert.equal(await m.getByTestId('register-child-form').count(), 0, 'Maria may not register children');
      assert.deepEqual(cspViolations(maria.problems), [], 'no CSP violations for Maria');
    });

    for (const opened of [anna, karin, maria]) {
      const pageErrors = opened.problems.filter((p) => p.kind === 'pageerror');
      assert.deepEqual(pageErrors, [], `no uncaught errors in the page (${opened.name})`);
    }
  });
});

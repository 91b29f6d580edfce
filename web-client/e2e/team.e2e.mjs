// The child's team end to end, against a running Samverkan server and Keycloak:
//   Anna (ChildContact) registers a child, adds a guardian, is refused adding Maria (police) to
//   the team without consent, records an updated written consent, adds Maria, and sees the
//   sharing log with every entry verified in the browser. Karin (guardian) then sees the same
//   disclosure in the family view, verified, with the log key's fingerprint; Maria sees the
//   child under "Mina barn".
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
      // The key's fingerprint, to compare out of band with the one the server prints at start.
      const fingerprint = k.getByTestId('log-key-fingerprint');
      await expectVisible(k, fingerprint, { what: 'the log key fingerprint in the family view' });
      const shown = (await fingerprint.innerText()).trim();
      assert.match(shown, /^Loggens nyckel \(fingeravtryck\): ([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
      console.log(`Karin sees the log key fingerprint: ${shown.slice(shown.indexOf(': ') + 2)}`);
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

/** Presses Tab until `locator` has the focus (at most `max` times); fails if it never gets it. */
async function tabTo(page, locator, { max = 30, what = String(locator) } = {}) {
  for (let i = 0; i <= max; i++) {
    if (await locator.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  const active = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200) ?? '(none)');
  assert.fail(`${what} never got the focus with Tab; the focus is on ${active}`);
}

async function focused(page) {
  return page.evaluate(() => ({
    testid: document.activeElement?.getAttribute('data-testid') ?? null,
    name: document.activeElement?.getAttribute('name') ?? null,
    consentId: document.activeElement?.closest('[data-consent-id]')?.getAttribute('data-consent-id') ?? null,
  }));
}

test('team: the keyboard alone registers, records and withdraws consent; a handover without consent hides the past', { timeout: 600_000 }, async () => {
  await withBrowser(async (browser) => {
    const childName = `Tangentbordsbarn ${Date.now()}`;
    let childId;
    const anna = await openAs(browser, USERS.anna, { name: 'anna-keyboard' });
    const a = anna.page;

    await step(anna, 'register a child with the keyboard', async () => {
      const form = a.getByTestId('register-child-form');
      await expectVisible(a, form, { what: 'register-child-form', timeout: LONG });
      await form.locator('[name="name"]').focus();
      await a.keyboard.type(childName);
      await tabTo(a, form.locator('[name="birthDate"]'));
      // The date field is the browser's own control, whose segment order follows the browser's UI
      // language, not the page's: its value is set directly; everything else is typed.
      await form.locator('[name="birthDate"]').fill('2016-05-10');
      await tabTo(a, form.getByRole('button', { name: 'Registrera barn' }));
      await a.keyboard.press('Enter');
      await a.waitForURL(/#\/barn\/[0-9a-fA-F-]{36}$/, { timeout: LONG });
      await expectTestIdText(a, 'page-heading', childName);
      childId = new URL(a.url()).hash.split('/')[2];
    });

    await step(anna, 'record two consents with the keyboard', async () => {
      await a.getByTestId('child-tab-consents').focus();
      await a.keyboard.press('Enter');
      const form = a.getByTestId('consent-form');
      await expectVisible(a, form, { what: 'consent-form' });
      for (const purpose of ['Polisens stöd i familjen', 'Ett andra samtycke som sedan återkallas']) {
        await form.locator('[name="level"]').focus();
        await form.locator('[name="level"]').press('End');
        assert.equal(await form.locator('[name="level"]').inputValue(), 'WRITTEN_UPDATED');
        await tabTo(a, form.locator('[name="givenBy"]'));
        await a.keyboard.press('Control+A');
        await a.keyboard.type('Karin Johansson');
        const police = form.getByLabel('Polismyndigheten', { exact: true });
        await tabTo(a, police);
        await a.keyboard.press('Space');
        assert.ok(await police.isChecked(), 'Space checks the box');
        await tabTo(a, form.locator('[name="purpose"]'));
        await a.keyboard.type(purpose);
        await tabTo(a, form.getByRole('button', { name: 'Registrera samtycke' }));
        await a.keyboard.press('Enter');
        await expectVisible(a, a.locator('[data-testid="consent-row"]').filter({ hasText: purpose }), { what: `consent "${purpose}"` });
      }
      assert.equal(await a.locator('[data-testid="consent-row"][data-status="IN_FORCE"]').count(), 2);
    });

    await step(anna, 'add Maria, then withdraw one consent with the keyboard', async () => {
      await addTeamMemberInUi(a, 'maria.polis');
      await a.getByTestId('child-tab-consents').focus();
      await a.keyboard.press('Enter');
      const second = a.locator('[data-testid="consent-row"]').filter({ hasText: 'Ett andra samtycke' });
      await expectVisible(a, second, { what: 'the second consent' });
      const consentId = await second.getAttribute('data-consent-id');
      await second.getByTestId('withdraw-button').focus();
      await a.keyboard.press('Enter');
      const dialog = a.getByTestId('withdraw-dialog');
      await expectVisible(a, dialog, { what: 'withdraw-dialog' });
      await a.waitForFunction(() => document.activeElement?.getAttribute('name') === 'reason', null, { timeout: LONG });
      // Escape closes the dialog and gives the focus back; nothing is withdrawn.
      await a.keyboard.press('Escape');
      await a.waitForFunction(() => !document.querySelector('[data-testid="withdraw-dialog"][open]'), null, { timeout: LONG });
      assert.equal(await second.getAttribute('data-status'), 'IN_FORCE');
      await second.getByTestId('withdraw-button').focus();
      await a.keyboard.press('Enter');
      await a.waitForFunction(() => document.activeElement?.getAttribute('name') === 'reason', null, { timeout: LONG });
      await a.keyboard.type('Vårdnadshavaren vill inte');
      await tabTo(a, dialog.getByRole('button', { name: /Återkalla/ }).last(), { what: 'the confirm button' });
      await a.keyboard.press('Enter');
      const withdrawn = a.locator(`[data-testid="consent-row"][data-consent-id="${consentId}"][data-status="WITHDRAWN"]`);
      await expectVisible(a, withdrawn, { what: 'the withdrawn consent' });
      await a.waitForFunction((id) => document.activeElement?.closest('[data-consent-id]')?.getAttribute('data-consent-id') === id,
        consentId, { timeout: LONG });
      assert.equal((await focused(a)).consentId, consentId, 'the focus returns to the consent');
      // Maria still has access through the first consent.
      await a.getByTestId('child-tab-team').click();
      await expectAttribute(a, a.locator('[data-testid="team-member-row"][data-username="maria.polis"]'), 'data-access', 'ACTIVE');
    });

    await step(anna, 'hand the child over to Erik (no consent covers Växjö)', async () => {
      await a.getByTestId('child-tab-handover').click();
      const form = a.getByTestId('handover-form');
      await expectVisible(a, form, { what: 'handover-form' });
      await form.locator('[name="toUsername"]').fill('erik.rektor');
      await form.locator('[name="reason"]').fill('Barnet har börjat i grundskolan');
      await form.getByTestId('handover-submit').click();
      await expectAttribute(a, a.getByTestId('handover-result'), 'data-transferred', 'false', { what: 'handover-result' });
    });

    const erik = await openAs(browser, USERS.erik, { name: 'erik-after-handover' });
    const e = erik.page;
    await step(erik, 'the team and consents from before the handover are not shown', async () => {
      const link = e.locator(`[data-testid="child-link"][data-child-id="${childId}"]`);
      await expectVisible(e, link, { what: 'the child in Erik\'s list', timeout: LONG });
      await link.click();
      await e.getByTestId('child-tab-team').click();
      const notice = e.getByTestId('history-notice');
      await expectVisible(e, notice, { what: 'history-notice on the team tab' });
      assert.match(await notice.innerText(), /utan ett samtycke/);
      assert.equal(await e.locator('[data-testid="team-member-row"][data-username="maria.polis"]').count(), 0, 'Maria is not shown');
      await expectVisible(e, e.locator('[data-testid="team-member-row"][data-username="erik.rektor"]'), { what: 'Erik himself' });
      await e.getByTestId('child-tab-consents').click();
      const rows = e.locator('[data-testid="consent-row"]');
      await expectVisible(e, rows, { what: 'the consents' });
      assert.equal(await rows.count(), 2);
      assert.equal(await e.locator('[data-testid="consent-row"][data-restricted="true"]').count(), 2, 'both without content');
      assert.doesNotMatch(await e.getByTestId('consent-list').innerText(), /Polis/, 'whom the consents name is not shown');
      await screenshot(e, 'team-history-hidden-after-handover');
    });

    for (const opened of [anna, erik]) {
      assert.deepEqual(cspViolations(opened.problems), [], `no CSP violations (${opened.name})`);
      const pageErrors = opened.problems.filter((p) => p.kind === 'pageerror');
      assert.deepEqual(pageErrors, [], `no uncaught errors in the page (${opened.name})`);
    }
  });
});

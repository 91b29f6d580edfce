// Direct messages end to end, against a running Samverkan server and Keycloak:
//   Anna (ChildContact) registers a child, records an updated written consent covering Växjö
//   kommun and adds Erik (rektor, Växjö). Erik opens "Direktmeddelanden" (his browser registers its
//   device); Anna clicks "Skriv direkt" at Erik in the child's team and writes; Erik sees the
//   conversation's unread count go up live and the message, answers, Anna sees it live. Both see
//   the same safety number; Anna marks Erik's device verified.
//   An independent Node client (e2e/direct-peer.mjs, @hpke/core, no code shared with the web client)
//   registers a device for Erik through the API; Anna's browser then seals to it as well, and the
//   peer opens what Anna's browser sealed.
//   Anna opens a second browser context (a new device): its messages show "Historiken finns på din
//   andra enhet", never a broken message; her first browser shows "Godkänn ny enhet" live, the code
//   there equals the code the new device shows, she approves, and the new device reads the history.
//
//   SAMVERKAN_BASE_URL=http://localhost:8080 node --test e2e/direct.e2e.mjs
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import test from 'node:test';
import {
  addTeamMemberInUi,
  apiToken,
  BASE_URL,
  cspViolations,
  expectAttribute,
  expectTestIdText,
  expectVisible,
  gotoApp,
  openAs,
  recordConsentInUi,
  registerChildInUi,
  screenshot,
  stepRunner,
  USERS,
  withBrowser,
} from './support.mjs';

const LONG = 60_000;
const LIVE = 20_000;

const step = stepRunner('direct');


/** The conversation's messages as shown: { seq, kind, status, sender, text }. */
async function shownMessages(page) {
  return page.getByTestId('direct-message').evaluateAll((items) =>
    items.map((item) => ({
      seq: item.dataset.seq === undefined ? null : Number(item.dataset.seq),
      kind: item.dataset.kind,
      status: item.dataset.status,
      sender: item.dataset.sender,
      text: item.querySelector('[data-testid="direct-message-text"]')?.textContent ?? '',
    })),
  );
}

async function expectMessages(page, predicate, what, timeout = LIVE) {
  const deadline = Date.now() + timeout;
  let last = [];
  while (Date.now() < deadline) {
    last = await shownMessages(page).catch(() => []);
    if (predicate(last)) return last;
    await page.waitForTimeout(100);
  }
  assert.fail(`${what}: not shown within ${timeout} ms; the conversation shows ${JSON.stringify(last)}`);
}

async function expectConnected(page) {
  await expectAttribute(page, page.getByTestId('direct-state').first(), 'data-state', 'connected', { timeout: LIVE, what: 'direct-state' });
}

/** Writes in the open conversation and waits until the server has it (data-seq, status sent). */
async function send(page, text) {
  const input = page.getByLabel('Meddelande', { exact: true });
  await expectVisible(page, input, { what: 'the labelled message field' });
  // The composer is enabled once the correspondent has a device to seal to.
  await page.waitForFunction(() => document.querySelector('[data-testid="direct-send"]')?.disabled === false, null, { timeout: LIVE });
  await input.fill(text);
  await input.press('Enter');
  return expectMessages(page, (ms) => ms.some((m) => m.text === text && m.kind === 'open' && m.seq !== null), `own message "${text}"`);
}

test('direct: two professionals write end-to-end encrypted, a Node peer opens it, a new device gets the history', { timeout: 600_000 }, async () => {
  await withBrowser(async (browser) => {
    const stamp = Date.now();
    const childName = `Direktbarn ${stamp}`;
    // In every message text and nowhere else: BrowserDirectTest searches the database for it.
    const secret = `hemlig${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    console.log(`Direct message secret: ${secret}`);
    let childId;
    let conversationId;

    // ---------------------------------------------------------------- setup (Anna, via the UI)
    const anna = await openAs(browser, USERS.anna, { name: 'anna' });
    const a = anna.page;
    await step(anna, 'register child', async () => {
      childId = await registerChildInUi(a, { name: childName, birthDate: '2015-03-14' });
    });
    await step(anna, 'record consent covering Växjö kommun', async () => {
      await recordConsentInUi(a, { organisations: ['Växjö kommun'], purpose: 'Samordna stödet kring barnet i skolan' });
    });
    await step(anna, 'add Erik to the team', async () => {
      await addTeamMemberInUi(a, 'erik.rektor');
    });

    // ---------------------------------------------------------------- Erik's browser registers its device
    const erik = await openAs(browser, USERS.erik, { name: 'erik' });
    const e = erik.page;
    await step(erik, 'open Direktmeddelanden (registers this browser as a device)', async () => {
      await expectVisible(e, e.getByTestId('nav-direct'), { what: 'the Direktmeddelanden menu item', timeout: LONG });
      assert.equal((await e.getByTestId('nav-direct').innerText()).trim(), 'Direktmeddelanden');
      await e.getByTestId('nav-direct').click();
      await expectVisible(e, e.getByTestId('direct'), { what: 'the Direktmeddelanden view' });
      await expectTestIdText(e, 'direct-this-device-code', /^\d{4} \d{4} \d{4}$/);
      await expectConnected(e);
      await expectVisible(e, e.getByTestId('direct-guardians-note'), { what: 'the note that guardians are not in direct messages' });
    });

    // ---------------------------------------------------------------- (a) Anna writes from the team, live both ways
    const first = `Hej Erik, hur går det i skolan? (${secret})`;
    const second = `Hej Anna, bättre sedan förra veckan. (${secret})`;
    await step(anna, '"Skriv direkt" at Erik in the team', async () => {
      await a.getByTestId('child-tab-team').click();
      const write = a.locator('[data-testid="write-direct-button"][data-username="erik.rektor"]');
      await expectVisible(a, write, { what: '"Skriv direkt" at Erik' });
      assert.equal((await write.innerText()).trim(), 'Skriv direkt');
      assert.equal(await a.locator('[data-testid="write-direct-button"][data-username="anna.bvc"]').count(), 0, 'no "Skriv direkt" to oneself');
      await expectVisible(a, a.getByTestId('direct-guardians-note'), { what: 'the note in the team' });
      await write.click();
      await a.waitForURL(/#\/direkt\/[0-9a-f-]{36}$/, { timeout: LONG });
      conversationId = new URL(a.url()).hash.split('/')[2];
      await expectVisible(a, a.getByTestId('direct-conversation'), { what: 'the conversation' });
      await expectTestIdText(a, 'direct-about', `Om ${childName}`);
      await expectConnected(a);
      assert.equal(await a.getByTestId('direct-log').getAttribute('role'), 'log');
      assert.ok(await a.getByTestId('direct-log').getAttribute('aria-label'), 'the log has a label');
    });
    await e.evaluate(() => {
      window.__directNoReload = 'erik';
    });
    await step(anna, 'send the first message', async () => {
      await send(a, first);
      assert.equal((await shownMessages(a)).length, 1, 'exactly one message (no duplicate)');
    });
    await step(erik, 'the conversation shows up live with one unread', async () => {
      const row = e.locator(`[data-testid="direct-conversation-row"][data-conversation-id="${conversationId}"]`);
      await expectVisible(e, row, { what: 'the new conversation in Erik\'s list', timeout: LIVE });
      await expectAttribute(e, row, 'data-unread', '1', { what: 'unread count', timeout: LIVE });
      assert.match(await row.innerText(), new RegExp(childName));
      assert.match(await row.innerText(), /Anna/);
      assert.equal(await e.evaluate(() => window.__directNoReload), 'erik', 'Erik\'s page was not reloaded');
      await row.getByTestId('direct-conversation-link').click();
      await e.waitForURL(new RegExp(`#/direkt/${conversationId}$`));
      const shown = await expectMessages(e, (ms) => ms.some((m) => m.text === first), 'Anna\'s message at Erik');
      assert.equal(shown.find((m) => m.text === first).sender, 'anna.bvc');
      await expectConnected(e);
    });
    await step(erik, 'answer', async () => {
      await send(e, second);
    });
    await step(anna, 'sees the answer live, in order', async () => {
      const shown = await expectMessages(a, (ms) => ms.some((m) => m.text === second), 'Erik\'s answer at Anna');
      assert.deepEqual(shown.map((m) => m.text), [first, second]);
      assert.ok(shown[0].seq < shown[1].seq);
    });
    await step(anna, 'same safety number on both sides; mark Erik\'s device verified', async () => {
      const annaNumber = await expectTestIdText(a, 'direct-safety-number', /^\d{5}( \d{5}){4}$/);
      const erikNumber = await expectTestIdText(e, 'direct-safety-number', /^\d{5}( \d{5}){4}$/);
      assert.equal(annaNumber, erikNumber, 'the safety number is the same for Anna and Erik');
      const device = a.getByTestId('direct-their-device').first();
      await expectAttribute(a, device, 'data-verified', 'false', { what: 'Erik\'s device before' });
      await device.getByRole('button', { name: /Markera enheten med koden .* som verifierad/ }).click();
      await expectAttribute(a, a.getByTestId('direct-their-device').first(), 'data-verified', 'true', { what: 'Erik\'s device after' });
    });

    // ---------------------------------------------------------------- (c) an independent Node peer opens what Anna's browser sealed
    const third = `Till alla Eriks enheter (${secret})`;
    await step(anna, 'a message sealed in Anna\'s browser opens in the independent Node peer', async () => {
      const { createDirectPeer } = await import('./direct-peer.mjs');
      const peer = await createDirectPeer({ apiBase: `${BASE_URL}/api`, token: () => apiToken(USERS.erik), label: 'Oberoende testklient' });
      assert.equal(peer.username, 'erik.rektor');
      // Anna's open conversation announces Erik's new device.
      await expectVisible(a, a.locator(`[data-testid="direct-device-notice"][data-change="added"][data-device-id="${peer.deviceId}"]`), {
        what: 'the notice that Erik has a new device', timeout: LIVE,
      });
      await send(a, third);
      const opened = await peer.fetchAndOpen(conversationId);
      const mine = opened.find((m) => m.plaintext?.text === third);
      assert.ok(mine, `the peer opened Anna's message: ${JSON.stringify(opened)}`);
      assert.equal(mine.sender, 'anna.bvc');
      // Sent before the peer's device existed: no copy for it, never a broken one.
      assert.ok(opened.filter((m) => m.plaintext?.text !== third).every((m) => m.plaintext === null));
      await peer.remove();
    });

    // ---------------------------------------------------------------- (b) Anna's new device, approved from the first
    const anna2 = await openAs(browser, USERS.anna, { name: 'anna-new-device', pathname: '/' });
    const a2 = anna2.page;
    let newDeviceId;
    let newCode;
    await step(anna2, 'the new device shows its code and placeholders, never a broken message', async () => {
      await expectVisible(a2, a2.getByTestId('nav-direct'), { what: 'the menu', timeout: LONG });
      await gotoApp(a2, '/#/direkt');
      await expectVisible(a2, a2.getByTestId('direct-this-device'), { what: 'the new device\'s code' });
      newCode = await expectTestIdText(a2, 'direct-this-device-code', /^\d{4} \d{4} \d{4}$/);
      newDeviceId = await a2.getByTestId('direct-this-device').getAttribute('data-device-id');
      await a2.locator(`[data-testid="direct-conversation-row"][data-conversation-id="${conversationId}"] [data-testid="direct-conversation-link"]`).click();
      await a2.waitForURL(new RegExp(`#/direkt/${conversationId}$`));
      const shown = await expectMessages(a2, (ms) => ms.length >= 3, 'the history placeholders on the new device');
      assert.ok(shown.every((m) => m.kind === 'elsewhere'), `placeholders only: ${JSON.stringify(shown)}`);
      assert.equal(await a2.getByTestId('direct-message-broken').count(), 0);
      assert.match(await a2.getByTestId('direct-message-elsewhere').first().innerText(), /Historiken finns på din andra enhet/);
      await expectConnected(a2);
    });
    await step(anna, 'approve the new device after comparing the code', async () => {
      const notice = a.locator(`[data-testid="direct-device-added"][data-device-id="${newDeviceId}"]`);
      await expectVisible(a, notice, { what: '"Godkänn ny enhet" in the first browser', timeout: LIVE });
      await notice.getByTestId('direct-approve').click();
      const panel = a.getByTestId('direct-approve-panel');
      await expectVisible(a, panel, { what: 'the approval panel' });
      assert.equal(await expectTestIdText(a, 'direct-approve-code', /^\d{4} \d{4} \d{4}$/), newCode, 'the same code on both devices');
      await a.getByTestId('direct-approve-confirm').click();
      await expectAttribute(a, a.getByTestId('direct-approve-progress'), 'data-state', 'done', { what: 'history transfer', timeout: LONG });
      assert.ok(Number(await a.getByTestId('direct-approve-progress').getAttribute('data-uploaded')) >= 3, 'at least the three messages were resealed');
    });
    await step(anna2, 'the new device reads the history', async () => {
      const shown = await expectMessages(a2, (ms) => [first, second, third].every((text) => ms.some((m) => m.kind === 'open' && m.text === text)), 'the history on the new device', LONG);
      assert.deepEqual(shown.filter((m) => m.kind === 'open').map((m) => m.text), [first, second, third]);
      assert.equal(await a2.getByTestId('direct-message-broken').count(), 0);
    });
    const fourth = `Från min nya enhet (${secret})`;
    await step(anna2, 'write from the new device; Erik and Anna\'s first device see it', async () => {
      await send(a2, fourth);
      await expectMessages(e, (ms) => ms.some((m) => m.text === fourth), 'the new device\'s message at Erik');
      await expectMessages(a, (ms) => ms.some((m) => m.text === fourth && m.kind === 'open'), 'the new device\'s message at Anna\'s first device');
    });
    await step(erik, 'Erik saw that Anna\'s device list changed', async () => {
      await expectVisible(e, e.locator(`[data-testid="direct-device-notice"][data-change="added"][data-device-id="${newDeviceId}"]`), {
        what: 'the notice that Anna has a new device', timeout: LIVE,
      });
    });

    for (const opened of [anna, erik, anna2]) {
      await screenshot(opened.page, `direct-${opened.name}`);
      assert.deepEqual(cspViolations(opened.problems), [], `no CSP violations (${opened.name})`);
    }
  });
});

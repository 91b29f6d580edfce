// The team channel end to end, against a running Samverkan server and Keycloak:
//   Anna (ChildContact) registers a child, records an updated written consent covering Växjö
//   kommun and adds Erik (rektor, Växjö) to the team. Both open the child's "Teamkanal" in their
//   own browser context: Anna writes (Erik sees "skriver…", then the message, live, without a
//   reload), Erik answers, Anna sees it live; the order is the same on both sides, read receipts
//   ("Läst av …") appear, Anna edits and removes her message and Erik sees both live. Erik's
//   connection is then cut (a routed WebSocket): "Frånkopplad" is shown, and after reconnecting
//   he gets what Anna wrote meanwhile, once, in order. Then Anna removes Erik from the team
//   and his open channel says that his access has ended. Finally the channel grows past one page
//   (messages sent through the API) and Anna scrolls up: the older history loads, in order.
//
//   SAMVERKAN_BASE_URL=http://localhost:8080 node --test e2e/channel.e2e.mjs
import assert from 'node:assert/strict';
import test from 'node:test';
import {
  addTeamMemberInUi,
  apiToken,
  BASE_URL,
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
/** Live delivery should be quick; generous for a loaded CI machine. */
const LIVE = 20_000;

const step = stepRunner('channel');


/** Sends a message through REST, waiting out the per-user send limit. */
async function postMessage(token, childId, clientId, text) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await fetch(`${BASE_URL}/api/children/${childId}/team/messages`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ clientId, text }),
    });
    if (response.status !== 429) {
      assert.equal(response.status, 201, `send ${clientId}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.fail(`send ${clientId}: still rate-limited`);
}

/** The channel's messages as { seq, status, sender, text } in the order they are shown. */
async function shownMessages(page) {
  return page.getByTestId('channel-message').evaluateAll((items) =>
    items.map((item) => ({
      seq: item.dataset.seq === undefined ? null : Number(item.dataset.seq),
      status: item.dataset.status,
      sender: item.dataset.sender,
      text: item.querySelector('[data-testid="channel-message-text"]')?.textContent ?? '',
    })),
  );
}

/** Waits until `predicate(messages)` holds; fails with what is shown. */
async function expectMessages(page, predicate, what, timeout = LIVE) {
  const deadline = Date.now() + timeout;
  let last = [];
  while (Date.now() < deadline) {
    last = await shownMessages(page).catch(() => []);
    if (predicate(last)) return last;
    await page.waitForTimeout(100);
  }
  assert.fail(`${what}: not shown within ${timeout} ms; the channel shows ${JSON.stringify(last)}`);
}

/** The message with this exact text (a locator). */
function messageWithText(page, text) {
  return page.getByTestId('channel-message').filter({
    has: page.getByTestId('channel-message-text').getByText(text, { exact: true }),
  });
}

/** Opens the child's "Teamkanal" tab from "Mina barn" and waits until the channel is live. */
async function openChannel(page, childId, who) {
  const link = page.locator(`[data-testid="child-link"][data-child-id="${childId}"]`);
  await expectVisible(page, link, { what: `the child in ${who}'s list`, timeout: LONG });
  await link.click();
  const tab = page.getByTestId('child-tab-channel');
  await expectVisible(page, tab, { what: 'the "Teamkanal" tab' });
  assert.equal((await tab.innerText()).trim(), 'Teamkanal');
  await tab.click();
  await page.waitForURL(new RegExp(`#/barn/${childId}/kanal$`), { timeout: LONG });
  await expectVisible(page, page.getByTestId('channel'), { what: 'the channel view' });
  await expectAttribute(page, page.getByTestId('channel-state'), 'data-state', 'connected', { timeout: LIVE, what: 'channel-state' });
  assert.match(await page.getByTestId('channel-state').innerText(), /Ansluten/);
  // Accessible: a labelled log and a labelled textarea.
  assert.equal(await page.getByTestId('channel-log').getAttribute('role'), 'log');
  assert.ok(await page.getByTestId('channel-log').getAttribute('aria-label'), 'the message log has a label');
  await expectVisible(page, page.getByLabel('Meddelande', { exact: true }), { what: 'the labelled message field' });
}

test('channel: two team members exchange messages live in their browsers', { timeout: 600_000 }, async () => {
  await withBrowser(async (browser) => {
    const stamp = Date.now();
    const childName = `Kanalbarn ${stamp}`;
    let childId;

    // ---------------------------------------------------------------- setup (Anna, via the UI)
    const anna = await openAs(browser, USERS.anna, { name: 'anna' });
    const a = anna.page;

    await step(anna, 'register child', async () => {
      childId = await registerChildInUi(a, { name: childName, birthDate: '2015-03-14' });
    });

    await step(anna, 'record consent covering Växjö kommun', async () => {
      const row = await recordConsentInUi(a, { organisations: ['Växjö kommun'], purpose: 'Samordna stödet kring barnet i skolan' });
      assert.match(await row.first().innerText(), /Växjö kommun/);
    });

    await step(anna, 'add Erik to the team', async () => {
      await addTeamMemberInUi(a, 'erik.rektor');
    });

    await step(anna, 'open the channel', async () => {
      await a.getByTestId('child-tab-channel').click();
      await a.waitForURL(new RegExp(`#/barn/${childId}/kanal$`), { timeout: LONG });
      await expectAttribute(a, a.getByTestId('channel-state'), 'data-state', 'connected', { timeout: LIVE, what: 'channel-state' });
      await expectVisible(a, a.getByTestId('channel-empty'), { what: 'the empty channel note' });
    });

    // ---------------------------------------------------------------- Erik opens the same channel
    const erik = await openAs(browser, USERS.erik, { name: 'erik' });
    const e = erik.page;
    // Erik's WebSockets go through a route, so the test can cut his connection (network loss).
    const erikSockets = [];
    let erikOffline = false;
    await e.routeWebSocket(/\/api\/ws$/, (ws) => {
      if (erikOffline) {
        ws.close({ code: 4000, reason: 'test: offline' });
        return;
      }
      erikSockets.push({ page: ws, server: ws.connectToServer() });
    });
    await step(erik, 'open the channel', async () => {
      await openChannel(e, childId, 'Erik');
      // Marker that survives only as long as the page is not reloaded.
      await e.evaluate(() => {
        window.__channelNoReload = 'erik';
      });
    });
    await a.evaluate(() => {
      window.__channelNoReload = 'anna';
    });

    const first = `Hej Erik! Kan vi ses om skolstarten? (${stamp})`;
    const second = `Hej Anna, ja – torsdag kl. 10 passar. (${stamp})`;

    await step(anna, 'Erik sees that Anna is typing', async () => {
      await a.getByTestId('channel-input').click();
      await a.getByTestId('channel-input').pressSequentially('Hej', { delay: 20 });
      await expectTestIdText(e, 'channel-typing', /skriver…/, { timeout: LIVE });
      assert.match(await e.getByTestId('channel-typing').innerText(), /Anna/);
    });

    await step(anna, 'send the first message (shown at once, then sent)', async () => {
      await a.getByTestId('channel-input').fill(first);
      await a.getByTestId('channel-input').press('Enter');
      const mine = messageWithText(a, first);
      // Shown immediately (as "Skickas…" until the server acknowledges it).
      await expectVisible(a, mine, { what: 'Anna\'s own message', timeout: 5_000 });
      await expectAttribute(a, mine, 'data-status', 'sent', { timeout: LIVE, what: 'Anna\'s message status' });
      await expectAttribute(a, mine, 'data-seq', /^\d+$/, { timeout: LIVE, what: 'Anna\'s message seq' });
      assert.equal(await a.getByTestId('channel-input').inputValue(), '', 'the field is emptied after sending');
      assert.equal(await a.getByTestId('channel-message').count(), 1, 'exactly one message (no duplicate)');
    });

    await step(erik, 'sees Anna\'s message live', async () => {
      const shown = await expectMessages(e, (ms) => ms.some((m) => m.text === first), 'Anna\'s message at Erik');
      const m = shown.find((x) => x.text === first);
      assert.equal(m.sender, 'anna.bvc');
      assert.equal(m.status, 'sent');
      assert.equal(await e.evaluate(() => window.__channelNoReload), 'erik', 'Erik\'s page was not reloaded');
      const sender = await messageWithText(e, first).getByTestId('channel-message-sender').innerText();
      assert.match(sender, /Anna/);
    });

    await step(erik, 'answer with the send button', async () => {
      await e.getByLabel('Meddelande', { exact: true }).fill(second);
      await e.getByTestId('channel-send').click();
      const mine = messageWithText(e, second);
      await expectVisible(e, mine, { what: 'Erik\'s own message', timeout: 5_000 });
      await expectAttribute(e, mine, 'data-status', 'sent', { timeout: LIVE, what: 'Erik\'s message status' });
    });

    await step(anna, 'sees Erik\'s answer live, in order', async () => {
      const shown = await expectMessages(a, (ms) => ms.some((m) => m.text === second), 'Erik\'s answer at Anna');
      assert.deepEqual(shown.map((m) => m.text), [first, second], 'Anna: order');
      assert.ok(shown[0].seq < shown[1].seq, `Anna: seq ascending ${shown[0].seq} < ${shown[1].seq}`);
      assert.equal(shown[1].sender, 'erik.rektor');
      assert.equal(await a.evaluate(() => window.__channelNoReload), 'anna', 'Anna\'s page was not reloaded');
    });

    await step(erik, 'same order, same seqs', async () => {
      const atErik = await expectMessages(e, (ms) => ms.length === 2 && ms.every((m) => m.seq !== null), 'both messages at Erik');
      const atAnna = await shownMessages(a);
      assert.deepEqual(atErik.map((m) => [m.seq, m.text]), atAnna.map((m) => [m.seq, m.text]), 'both see the same channel');
    });

    await step(anna, 'read receipts from Erik', async () => {
      // Erik has read everything up to his own answer; Anna sees it at the latest message.
      const receipt = a.locator('[data-testid="channel-receipt"][data-readers*="Erik"]');
      await expectVisible(a, receipt, { what: 'a "Läst av Erik" receipt', timeout: LIVE });
      assert.match(await receipt.first().innerText(), /^Läst av Erik/);
      await screenshot(a, 'channel-anna');
    });

    await step(erik, 'read receipts from Anna', async () => {
      const receipt = e.locator('[data-testid="channel-receipt"][data-readers*="Anna"]');
      await expectVisible(e, receipt, { what: 'a "Läst av Anna" receipt', timeout: LIVE });
      assert.match(await receipt.first().innerText(), /^Läst av Anna/);
      await screenshot(e, 'channel-erik');
    });

    const edited = `Hej Erik! Kan vi ses inför skolstarten? (${stamp})`;
    await step(anna, 'edit her message; Erik sees the new text live', async () => {
      const mine = messageWithText(a, first);
      await mine.getByTestId('channel-edit').click();
      const input = a.getByTestId('channel-edit-input');
      await expectVisible(a, input, { what: 'the edit field' });
      await input.fill(edited);
      await a.getByTestId('channel-edit-save').click();
      await expectVisible(a, messageWithText(a, edited), { what: 'the edited text at Anna' });
      const atErik = messageWithText(e, edited);
      await expectVisible(e, atErik, { what: 'the edited text at Erik', timeout: LIVE });
      await expectVisible(e, atErik.getByTestId('channel-message-edited'), { what: '"(redigerat)" at Erik' });
    });

    await step(anna, 'remove her message; Erik sees the tombstone live', async () => {
      await messageWithText(a, edited).getByTestId('channel-redact').click();
      await a.getByTestId('channel-redact-dialog-confirm').click();
      const tombstone = 'Meddelandet har tagits bort';
      await expectMessages(a, (ms) => ms[0]?.text === tombstone && ms[1]?.text === second, 'tombstone at Anna');
      await expectMessages(e, (ms) => ms[0]?.text === tombstone && ms[1]?.text === second, 'tombstone at Erik');
      assert.equal(await messageWithText(e, edited).count(), 0, 'the removed text is gone at Erik');
    });

    await step(erik, 'leaving and coming back shows the history, without duplicates', async () => {
      await e.getByTestId('child-tab-team').click();
      await expectVisible(e, e.getByTestId('team'), { what: 'the team tab' });
      const third = `Ett meddelande medan Erik är på en annan flik (${stamp})`;
      await a.getByTestId('channel-input').fill(third);
      await a.getByTestId('channel-input').press('Enter');
      await expectAttribute(a, messageWithText(a, third), 'data-status', 'sent', { timeout: LIVE, what: 'the third message' });
      await e.getByTestId('child-tab-channel').click();
      await expectAttribute(e, e.getByTestId('channel-state'), 'data-state', 'connected', { timeout: LIVE, what: 'channel-state' });
      const shown = await expectMessages(e, (ms) => ms.some((m) => m.text === third), 'the third message at Erik');
      assert.equal(shown.length, 3, `three messages, no duplicates: ${JSON.stringify(shown)}`);
      const seqs = shown.map((m) => m.seq);
      assert.deepEqual([...seqs].sort((x, y) => x - y), seqs, 'in seq order');
      assert.equal(new Set(seqs).size, 3, 'distinct seqs');
    });

    await step(erik, 'connection lost: shown, then resumed without gaps or duplicates', async () => {
      const before = (await shownMessages(e)).length;
      erikOffline = true;
      for (const socket of erikSockets.splice(0)) {
        await socket.server.close({ code: 1000 }).catch(() => {});
        await socket.page.close({ code: 4000, reason: 'test: offline' }).catch(() => {});
      }
      const state = e.getByTestId('channel-state');
      await expectAttribute(e, state, 'data-state', 'disconnected', { timeout: LIVE, what: 'channel-state while offline' });
      assert.match(await state.innerText(), /Frånkopplad/);
      assert.equal(await state.getAttribute('aria-live'), 'polite', 'the state is announced');
      await screenshot(e, 'channel-erik-disconnected');

      // Anna writes while Erik is cut off.
      const missed = `Skrivet medan Erik var frånkopplad (${stamp})`;
      await a.getByTestId('channel-input').fill(missed);
      await a.getByTestId('channel-input').press('Enter');
      await expectAttribute(a, messageWithText(a, missed), 'data-status', 'sent', { timeout: LIVE, what: 'the missed message at Anna' });
      await e.waitForTimeout(300);
      assert.equal(await messageWithText(e, missed).count(), 0, 'not delivered while disconnected');

      // Back online: reconnect (with backoff, or "Anslut nu") and resume from the last seq.
      erikOffline = false;
      const reconnect = e.getByTestId('channel-reconnect');
      if (await reconnect.isVisible()) await reconnect.click().catch(() => {});
      await expectAttribute(e, state, 'data-state', 'connected', { timeout: LONG, what: 'channel-state after reconnect' });
      const shown = await expectMessages(e, (ms) => ms.some((m) => m.text === missed), 'the missed message at Erik');
      assert.equal(shown.length, before + 1, `exactly one new message, no duplicates: ${JSON.stringify(shown)}`);
      const seqs = shown.map((m) => m.seq);
      assert.deepEqual([...seqs].sort((x, y) => x - y), seqs, 'in seq order');
      assert.deepEqual(shown.map((m) => [m.seq, m.text]), (await shownMessages(a)).map((m) => [m.seq, m.text]), 'Erik and Anna see the same channel');
      // Receipts sent while he was away are fetched again after the reconnect.
      const receipt = messageWithText(e, missed).locator('[data-testid="channel-receipt"][data-readers*="Anna"]');
      await expectVisible(e, receipt, { what: 'Anna\'s receipt for the missed message', timeout: LIVE });
    });

    for (const opened of [anna, erik]) {
      await step(opened, 'still connected, no problems', async () => {
        await expectAttribute(opened.page, opened.page.getByTestId('channel-state'), 'data-state', 'connected', { what: 'channel-state' });
        assert.deepEqual(cspViolations(opened.problems), [], `no CSP violations (${opened.name})`);
        const pageErrors = opened.problems.filter((p) => p.kind === 'pageerror');
        assert.deepEqual(pageErrors, [], `no uncaught errors in the page (${opened.name})`);
      });
    }

    await step(erik, 'removed from the team: the channel says access has ended', async () => {
      await a.getByTestId('child-tab-team').click();
      const row = a.locator('[data-testid="team-member-row"][data-username="erik.rektor"]');
      await expectVisible(a, row, { what: 'team row for erik.rektor' });
      await row.getByTestId('remove-member-button').click();
      await a.getByTestId('remove-member-dialog-confirm').click();
      await a.locator('[data-testid="team-member-row"][data-username="erik.rektor"]').waitFor({ state: 'detached', timeout: LIVE });
      await expectAttribute(e, e.getByTestId('channel-state'), 'data-state', 'revoked', { timeout: LIVE, what: 'channel-state after removal' });
      const alert = e.getByTestId('channel-revoked');
      await expectVisible(e, alert, { what: 'the access-ended alert' });
      assert.equal(await alert.getAttribute('role'), 'alert');
      assert.match(await alert.innerText(), /tillgång till barnets kanal har upphört/);
      assert.equal(await e.getByTestId('channel-input').isDisabled(), true, 'Erik can no longer write');
      await screenshot(e, 'channel-erik-revoked');
    });

    await step(anna, 'a long channel: scrolling up loads the older history', async () => {
      const token = await apiToken(USERS.anna);
      const history = await (await fetch(`${BASE_URL}/api/children/${childId}/team/messages?afterSeq=0&limit=200`, {
        headers: { Authorization: `Bearer ${token}` },
      })).json();
      const before = history.messages.length;
      const extra = 60;
      for (let i = 1; i <= extra; i++) {
        await postMessage(token, childId, `scroll-${stamp}-${i}`, `Historik ${i} (${stamp})`);
      }
      // Opening the channel shows the newest page only.
      await a.getByTestId('child-tab-channel').click();
      await expectAttribute(a, a.getByTestId('channel-state'), 'data-state', 'connected', { timeout: LIVE, what: 'channel-state' });
      const total = before + extra;
      const firstPage = await expectMessages(a, (ms) => ms.some((m) => m.text === `Historik ${extra} (${stamp})`), 'the newest message');
      assert.ok(firstPage.length < total, `one page first (${firstPage.length} of ${total})`);
      await expectVisible(a, a.getByTestId('channel-load-older'), { what: 'the "older messages" control' });
      // Scroll to the top: the older page is fetched and put above, without a reload.
      await a.getByTestId('channel-log').evaluate((log) => {
        log.scrollTop = 0;
      });
      const all = await expectMessages(a, (ms) => ms.length === total, `all ${total} messages after scrolling up`);
      assert.deepEqual(all.map((m) => m.seq), Array.from({ length: total }, (_, i) => i + 1), 'every seq once, in order');
      await expectVisible(a, a.getByTestId('channel-beginning'), { what: 'the beginning of the channel' });
      assert.equal(await a.evaluate(() => window.__channelNoReload), 'anna', 'Anna\'s page was not reloaded');
    });
  });
});

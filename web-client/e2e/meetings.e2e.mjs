// Meetings end to end, against a running Samverkan server, Keycloak and a test mailbox (a third
// test: a Barnteam that takes up two of Anna's children, chosen in the form):
//   Anna (ChildContact) registers a child, records an updated written consent covering Växjö
//   kommun, adds Erik (rektor, Växjö kommun) to the team and schedules an "Individuellt barnteam –
//   första mötet" next week with Erik and a guardian without an account. Erik accepts in the app;
//   the guardian accepts through the personal link in her invitation mail (no login). Anna's
//   meeting page then shows both answers as accepted and both invitations as sent.
//
//   SAMVERKAN_BASE_URL=http://localhost:8080 SAMVERKAN_MAILBOX_URL=http://localhost:8025/ \
//     node --test --test-concurrency=1 e2e/meetings.e2e.mjs
//
// SAMVERKAN_MAILBOX_URL answers GET with {"messages":[{"to","subject","text"}]} (text = the
// plain-text part of each mail the server sent).
import assert from 'node:assert/strict';
import test from 'node:test';
import {
  addTeamMemberInUi,
  appOrigin,
  cspViolations,
  expectAttribute,
  expectTestIdText,
  expectVisible,
  openAs,
  openPage,
  recordConsentInUi,
  registerChildInUi,
  screenshot,
  stepRunner,
  TIMEOUT,
  USERS,
  withBrowser,
} from './support.mjs';

const LONG = 60_000;
const MAILBOX_URL = process.env.SAMVERKAN_MAILBOX_URL ?? '';

const step = stepRunner('meetings');

/** "2026-03-10" for a day `days` from now, in Swedish time. */
function swedishDate(days) {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(Date.now() + days * 86_400_000));
}

/** Polls the mailbox until a mail to `address` with an RSVP link arrives; returns the link's path. */
async function rsvpLinkFor(address, { timeout = LONG } = {}) {
  assert.ok(MAILBOX_URL, 'SAMVERKAN_MAILBOX_URL is not set (the test mailbox, e.g. http://localhost:8025/)');
  const deadline = Date.now() + timeout;
  let seen = [];
  let lastError = null;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(MAILBOX_URL, { headers: { Accept: 'application/json' } });
      if (!response.ok) throw new Error(`mailbox answered ${response.status}`);
      const { messages = [] } = await response.json();
      seen = messages.map((m) => `${m.to} – ${m.subject}`);
      for (const message of messages) {
        if (!String(message.to ?? '').toLowerCase().includes(address.toLowerCase())) continue;
        const match = /\/rsvp\/[A-Za-z0-9_-]+/.exec(String(message.text ?? ''));
        if (match) return { path: match[0], message };
      }
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  assert.fail(
    `No mail with an /rsvp/ link to ${address} within ${timeout} ms at ${MAILBOX_URL}; ` +
      `${seen.length} mails seen${seen.length > 0 ? `: ${JSON.stringify(seen.slice(-10))}` : ''}` +
      (lastError ? `; last error: ${lastError.message}` : ''),
  );
}

/** Reloads the meeting page until every participant row has the wanted answer and delivery. */
async function expectParticipants(page, expected, { timeout = LONG } = {}) {
  const deadline = Date.now() + timeout;
  let actual = [];
  while (Date.now() < deadline) {
    actual = await page.getByTestId('participant-row').evaluateAll((rows) =>
      rows.map((r) => ({ username: r.dataset.username ?? null, email: r.dataset.email ?? null, answer: r.dataset.answer, delivery: r.dataset.delivery })),
    ).catch(() => []);
    const ok = expected.every((want) => actual.some((row) =>
      (want.username ? row.username === want.username : row.email === want.email) && row.answer === want.answer && row.delivery === want.delivery));
    if (ok) return actual;
    await page.waitForTimeout(2000);
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.getByTestId('meeting-page').waitFor({ state: 'visible', timeout: TIMEOUT }).catch(() => {});
  }
  assert.fail(`participants: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)} after ${timeout} ms at ${page.url()}`);
}

test('meetings: Anna schedules a first child-team meeting; Erik accepts in the app, the guardian through her link', { timeout: 600_000 }, async () => {
  assert.ok(MAILBOX_URL, 'SAMVERKAN_MAILBOX_URL is not set (the test mailbox, e.g. http://localhost:8025/)');
  await withBrowser(async (browser) => {
    const stamp = Date.now();
    const childName = `Mötesbarn ${stamp}`;
    const guardianName = 'Karin Johansson';
    const guardianEmail = `karin+${stamp}@example.se`;
    const meetingTitle = `Första mötet ${stamp}`;
    const day = swedishDate(7);
    let childId;
    let meetingId;

    // ---------------------------------------------------------------- Anna, ChildContact
    const anna = await openAs(browser, USERS.anna, { name: 'anna' });
    const a = anna.page;

    await step(anna, 'register child', async () => {
      childId = await registerChildInUi(a, { name: childName, birthDate: '2015-09-01' });
    });

    await step(anna, 'record consent covering Växjö kommun', async () => {
      await recordConsentInUi(a, { organisations: ['Växjö kommun'], givenBy: guardianName, purpose: 'Individuellt barnteam med skolan' });
    });

    await step(anna, 'add Erik to the team', async () => {
      await addTeamMemberInUi(a, USERS.erik.username);
    });

    // The family is invited only at an address on record for a guardian of the child.
    await step(anna, 'add the guardian', async () => {
      await a.getByTestId('child-tab-guardians').click();
      const guardian = a.getByTestId('guardian-form');
      await expectVisible(a, guardian, { what: 'guardian-form' });
      await guardian.locator('[name="name"]').fill(guardianName);
      await guardian.locator('[name="email"]').fill(guardianEmail);
      await guardian.getByRole('button', { name: 'Lägg till vårdnadshavare' }).click();
      await expectVisible(a, a.getByTestId('guardian-row').filter({ hasText: guardianName }), { what: 'the guardian' });
    });

    await step(anna, 'schedule the meeting', async () => {
      await a.getByTestId('child-tab-meetings').click();
      await expectVisible(a, a.getByTestId('child-meetings'), { what: 'the Möten tab' });
      await a.getByTestId('schedule-meeting').click();
      const form = a.getByTestId('meeting-form');
      await expectVisible(a, form, { what: 'meeting-form' });
      await expectTestIdText(a, 'page-heading', 'Kalla till möte');

      // Choosing the kind fills in the agenda from the template (and the title).
      await form.getByLabel(/^Typ av möte/).selectOption('CHILD_TEAM_FIRST');
      const agenda = form.getByTestId('agenda-input');
      await expectVisible(a, agenda, { what: 'the agenda from the template' });
      assert.ok((await agenda.count()) >= 5, 'the template has several items');
      assert.match(await agenda.first().inputValue(), /^Inledning/, 'the first item of Bilaga 4b');
      assert.equal(await form.locator('[name="title"]').inputValue(), 'Individuellt barnteam – första mötet');
      // The agenda can be edited: move the second item up.
      const second = await agenda.nth(1).inputValue();
      await form.getByRole('button', { name: 'Flytta punkt 2 upp' }).click();
      assert.equal(await agenda.first().inputValue(), second, 'item 2 is now first');
      await form.getByRole('button', { name: 'Flytta punkt 1 ner' }).click();
      assert.match(await agenda.first().inputValue(), /^Inledning/, 'and back again');

      await form.locator('[name="title"]').fill(meetingTitle);
      await form.locator('[name="date"]').fill(day);
      await form.locator('[name="startTime"]').fill('10:00');
      await form.locator('[name="endTime"]').fill('11:00');
      await form.locator('[name="location"]').fill('Skolans konferensrum');
      await form.locator(`input[name="members"][value="${USERS.erik.username}"]`).check();
      // The guardian on record is prefilled.
      const person = form.getByTestId('external-row').last();
      await expectVisible(a, person, { what: 'the guardian prefilled' });
      assert.equal(await person.locator('[name="externalEmail"]').inputValue(), guardianEmail);
      await person.locator('[name="externalName"]').fill(guardianName);
      await person.locator('[name="externalEmail"]').fill(guardianEmail);
      await person.locator('[name="externalRole"]').selectOption('GUARDIAN');
      await screenshot(a, 'meetings-form');
      await form.getByTestId('meeting-submit').click();

      await a.waitForURL(/#\/moten\/[0-9a-fA-F-]{36}$/, { timeout: LONG });
      meetingId = new URL(a.url()).hash.split('/')[2];
      const page = a.getByTestId('meeting-page');
      await expectVisible(a, page, { what: 'the meeting page' });
      await expectTestIdText(a, 'page-heading', meetingTitle);
      await expectTestIdText(a, 'meeting-kind', 'Individuellt barnteam – första mötet');
      await expectTestIdText(a, 'meeting-when', /kl\. 10:00–11:00$/);
      await expectTestIdText(a, 'meeting-location', 'Skolans konferensrum');
      await expectVisible(a, a.locator(`[data-testid="participant-row"][data-username="${USERS.erik.username}"]`), { what: 'Erik in the participants' });
      await expectVisible(a, a.locator(`[data-testid="participant-row"][data-email="${guardianEmail}"]`), { what: 'the guardian in the participants' });
      const guardianRow = a.locator(`[data-testid="participant-row"][data-email="${guardianEmail}"]`);
      assert.match(await guardianRow.innerText(), /Karin Johansson[\s\S]*Vårdnadshavare[\s\S]*Inväntar svar/);
      assert.ok((await a.getByTestId('agenda-item').count()) >= 5, 'the agenda is shown');
      await screenshot(a, 'meetings-scheduled');
    });

    await step(anna, 'the meeting is in the child\'s list', async () => {
      await a.goto(`${appOrigin()}/#/barn/${childId}/moten`);
      const row = a.locator(`[data-testid="meeting-row"][data-meeting-id="${meetingId}"]`);
      await expectVisible(a, row, { what: 'the meeting in the child\'s Möten tab' });
      assert.equal(await row.getAttribute('data-status'), 'SCHEDULED');
    });

    // ---------------------------------------------------------------- Erik accepts in the app
    const erik = await openAs(browser, USERS.erik, { name: 'erik' });
    const e = erik.page;
    await step(erik, 'find the meeting under Mina möten', async () => {
      await e.getByTestId('nav-meetings').click();
      await expectTestIdText(e, 'page-heading', 'Mina möten');
      const row = e.locator(`[data-testid="meeting-row"][data-meeting-id="${meetingId}"]`);
      await expectVisible(e, row, { what: 'the meeting in Erik\'s list' });
      await expectAttribute(e, row.getByTestId('my-answer'), 'data-answer', 'NEEDS_ACTION', { what: 'Erik has not answered' });
      await row.getByTestId('meeting-link').click();
      await e.waitForURL(new RegExp(`#/moten/${meetingId}$`), { timeout: LONG });
      await expectVisible(e, e.getByTestId('meeting-page'), { what: 'the meeting page' });
    });

    await step(erik, 'accept', async () => {
      const mine = e.getByTestId('meeting-my-answer');
      await expectVisible(e, mine, { what: 'Ditt svar' });
      await mine.getByTestId('rsvp-accept').click();
      await expectAttribute(e, mine.getByTestId('my-answer'), 'data-answer', 'ACCEPTED', { what: 'Erik\'s answer' });
      assert.equal(await mine.getByTestId('rsvp-accept').getAttribute('aria-pressed'), 'true');
      await expectAttribute(e, e.locator(`[data-testid="participant-row"][data-username="${USERS.erik.username}"]`), 'data-answer', 'ACCEPTED', { what: 'Erik\'s row' });
      assert.deepEqual(cspViolations(erik.problems), [], 'no CSP violations for Erik');
    });

    // ---------------------------------------------------------------- the guardian, through her link
    const { path: rsvpPath, message } = await rsvpLinkFor(guardianEmail);
    assert.doesNotMatch(`${message.subject}\n${message.text}`, new RegExp(meetingTitle), 'the title stays inside Samverkan');
    const guardian = await openPage(browser, { name: 'guardian' });
    const g = guardian.page;
    await step(guardian, 'answer through the link', async () => {
      await g.goto(new URL(rsvpPath, `${appOrigin()}/`).href, { waitUntil: 'domcontentloaded' });
      await expectVisible(g, g.getByTestId('rsvp-accept'), { what: 'the accept button' });
      await expectVisible(g, g.getByTestId('rsvp-tentative'), { what: 'the tentative button' });
      await expectVisible(g, g.getByTestId('rsvp-decline'), { what: 'the decline button' });
      // The server writes "kl. 10.00–11.00" (Swedish style); the app "10:00".
      assert.match(await g.getByTestId('rsvp-when').innerText(), /kl\. 10[.:]00–11[.:]00/, 'the page shows the time');
      await g.getByTestId('rsvp-accept').click();
      await expectAttribute(g, g.getByTestId('rsvp-status'), 'data-answer', 'ACCEPTED', { what: 'the answer on the RSVP page' });
      assert.match(await g.getByTestId('rsvp-status').innerText(), /Tack|kommer/i);
      await screenshot(g, 'meetings-rsvp');
    });

    // ---------------------------------------------------------------- Anna sees both answers
    await step(anna, 'both accepted, both invitations sent', async () => {
      await a.goto(`${appOrigin()}/#/moten/${meetingId}`);
      await expectVisible(a, a.getByTestId('meeting-page'), { what: 'the meeting page' });
      await expectParticipants(a, [
        { username: USERS.erik.username, answer: 'ACCEPTED', delivery: 'SENT' },
        { email: guardianEmail, answer: 'ACCEPTED', delivery: 'SENT' },
      ]);
      for (const row of [a.locator(`[data-testid="participant-row"][data-username="${USERS.erik.username}"]`), a.locator(`[data-testid="participant-row"][data-email="${guardianEmail}"]`)]) {
        assert.match(await row.getByTestId('participant-answer').innerText(), /^Kommer$/);
        assert.match(await row.getByTestId('participant-delivery').innerText(), /^Skickat$/);
      }
      assert.equal(await a.getByTestId('invitations-pending').isVisible(), false, 'no pending note once everything is sent');
      await screenshot(a, 'meetings-answered');
    });

    await step(anna, 'notes are saved', async () => {
      const form = a.getByTestId('notes-form');
      await expectVisible(a, form, { what: 'notes-form' });
      await form.getByTestId('notes-input').fill('Barnets plan: delmål 1 – läsa varje dag.');
      await form.getByTestId('notes-save').click();
      await expectTestIdText(a, 'notes-feedback-status', 'Anteckningarna är sparade.');
      await a.reload({ waitUntil: 'domcontentloaded' });
      await expectVisible(a, a.getByTestId('notes-input'), { what: 'notes after reload' });
      assert.equal(await a.getByTestId('notes-input').inputValue(), 'Barnets plan: delmål 1 – läsa varje dag.');
    });

    for (const opened of [anna, erik, guardian]) {
      assert.deepEqual(cspViolations(opened.problems), [], `no CSP violations (${opened.name})`);
      const pageErrors = opened.problems.filter((p) => p.kind === 'pageerror');
      assert.deepEqual(pageErrors, [], `no uncaught errors in the page (${opened.name})`);
    }
  });
});

test('meetings: the organiser changes the time and the agenda, then cancels (with a confirm step)', { timeout: 300_000 }, async () => {
  await withBrowser(async (browser) => {
    const stamp = Date.now();
    const childName = `Ändringsbarn ${stamp}`;
    const email = `vh+${stamp}@example.se`;
    let childId;
    let meetingId;
    const anna = await openAs(browser, USERS.anna, { name: 'anna-edit' });
    const a = anna.page;

    await step(anna, 'register child with a guardian', async () => {
      childId = await registerChildInUi(a, { name: childName, birthDate: '2014-02-01' });
      await a.getByTestId('child-tab-guardians').click();
      const guardian = a.getByTestId('guardian-form');
      await expectVisible(a, guardian, { what: 'guardian-form' });
      await guardian.locator('[name="name"]').fill('Vera Holm');
      await guardian.locator('[name="email"]').fill(email);
      await guardian.getByRole('button', { name: 'Lägg till vårdnadshavare' }).click();
      await expectVisible(a, a.getByTestId('guardian-row').filter({ hasText: 'Vera Holm' }), { what: 'the guardian' });
    });

    await step(anna, 'schedule a follow-up with the guardian (prefilled)', async () => {
      await a.goto(`${appOrigin()}/#/barn/${childId}/moten/nytt`);
      const form = a.getByTestId('meeting-form');
      await expectVisible(a, form, { what: 'meeting-form' });
      const row = form.getByTestId('external-row');
      await expectVisible(a, row, { what: 'the guardian prefilled' });
      assert.equal(await row.first().locator('[name="externalEmail"]').inputValue(), email);
      // Submitting without a kind is stopped in the browser, with a summary that names the field.
      await form.getByTestId('meeting-submit').click();
      const summary = form.getByTestId('form-error');
      await expectVisible(a, summary, { what: 'the error summary' });
      assert.match(await summary.innerText(), /Välj typ av möte/);
      await form.getByLabel(/^Typ av möte/).selectOption('FOLLOW_UP');
      await form.locator('[name="date"]').fill(swedishDate(10));
      await form.locator('[name="startTime"]').fill('09:00');
      await form.locator('[name="endTime"]').fill('08:00');
      await form.getByTestId('meeting-submit').click();
      await expectVisible(a, form.getByTestId('form-error').filter({ hasText: 'Sluttiden måste vara efter starttiden' }), { what: 'end before start' });
      await form.locator('[name="endTime"]').fill('10:00');
      await form.getByTestId('meeting-submit').click();
      await a.waitForURL(/#\/moten\/[0-9a-fA-F-]{36}$/, { timeout: LONG });
      meetingId = new URL(a.url()).hash.split('/')[2];
      await expectTestIdText(a, 'meeting-when', /kl\. 09:00–10:00$/);
      await expectVisible(a, a.locator(`[data-testid="participant-row"][data-email="${email}"]`), { what: 'the guardian invited' });
    });

    await step(anna, 'change the time and add an agenda item', async () => {
      await a.getByTestId('edit-meeting').click();
      await a.waitForURL(new RegExp(`#/moten/${meetingId}/andra$`), { timeout: LONG });
      const form = a.getByTestId('meeting-form');
      await expectVisible(a, form, { what: 'the edit form' });
      assert.equal(await form.getAttribute('data-mode'), 'edit');
      assert.equal(await form.getByLabel(/^Typ av möte/).isDisabled(), false, 'the kind can be changed too');
      assert.equal(await form.getByTestId('meeting-children').isVisible(), false, 'only a Barnteam takes up more children');
      assert.equal(await form.locator('[name="startTime"]').inputValue(), '09:00');
      const before = await form.getByTestId('agenda-input').count();
      await form.getByTestId('agenda-add').click();
      await form.getByTestId('agenda-input').last().fill('Övrigt');
      await form.locator('[name="startTime"]').fill('13:00');
      await form.locator('[name="endTime"]').fill('14:30');
      await form.getByTestId('meeting-submit').click();
      await a.waitForURL(new RegExp(`#/moten/${meetingId}$`), { timeout: LONG });
      await expectTestIdText(a, 'meeting-when', /kl\. 13:00–14:30$/);
      assert.equal(await a.getByTestId('agenda-item').count(), before + 1);
      assert.equal((await a.getByTestId('agenda-item').last().innerText()).trim(), 'Övrigt');
    });

    await step(anna, 'cancel after confirming', async () => {
      await a.getByTestId('cancel-meeting').click();
      const dialog = a.getByTestId('cancel-meeting-dialog');
      await expectVisible(a, dialog, { what: 'the confirm dialog' });
      // "Avbryt" keeps the meeting.
      await dialog.getByRole('button', { name: 'Avbryt' }).click();
      assert.equal(await a.getByTestId('meeting-page').getAttribute('data-status'), 'SCHEDULED');
      await a.getByTestId('cancel-meeting').click();
      await a.getByTestId('cancel-meeting-dialog-confirm').click();
      await expectVisible(a, a.getByTestId('meeting-cancelled'), { what: 'the cancelled notice' });
      await expectAttribute(a, a.getByTestId('meeting-page'), 'data-status', 'CANCELLED', { what: 'the meeting' });
      assert.equal(await a.getByTestId('cancel-meeting').count(), 0, 'nothing more to cancel');
      await a.goto(`${appOrigin()}/#/barn/${childId}/moten`);
      const row = a.locator(`[data-testid="meeting-row"][data-meeting-id="${meetingId}"]`);
      await expectAttribute(a, row, 'data-status', 'CANCELLED', { what: 'the row in the child\'s list' });
      assert.match(await row.innerText(), /Inställt/);
    });

    assert.deepEqual(cspViolations(anna.problems), [], 'no CSP violations');
    assert.deepEqual(anna.problems.filter((p) => p.kind === 'pageerror'), [], 'no uncaught errors in the page');
  });
});

test('meetings: Anna calls a Barnteam that takes up two of her children', { timeout: 300_000 }, async () => {
  await withBrowser(async (browser) => {
    const stamp = Date.now();
    const firstName = `Barnteambarn A ${stamp}`;
    const secondName = `Barnteambarn B ${stamp}`;
    let first;
    let second;
    let meetingId;
    const anna = await openAs(browser, USERS.anna, { name: 'anna-barnteam' });
    const a = anna.page;

    await step(anna, 'two children with written consent', async () => {
      second = await registerChildInUi(a, { name: secondName, birthDate: '2020-05-01', schooling: 'PRESCHOOL' });
      await recordConsentInUi(a, { organisations: ['Växjö kommun'], purpose: 'Barnteam 1–6 år' });
      await a.goto(`${appOrigin()}/`);
      first = await registerChildInUi(a, { name: firstName, birthDate: '2020-06-01', schooling: 'PRESCHOOL' });
      await recordConsentInUi(a, { organisations: ['Växjö kommun'], purpose: 'Barnteam 1–6 år' });
      await addTeamMemberInUi(a, USERS.erik.username);
    });

    await step(anna, 'schedule the Barnteam and choose the second child', async () => {
      await a.goto(`${appOrigin()}/#/barn/${first}/moten/nytt`);
      const form = a.getByTestId('meeting-form');
      await expectVisible(a, form, { what: 'meeting-form' });
      assert.equal(await form.getByTestId('meeting-children').isVisible(), false, 'no child picker before the kind is a Barnteam');
      await form.getByLabel(/^Typ av möte/).selectOption('STANDING_TEAM');
      const picker = form.getByTestId('meeting-children');
      await expectVisible(a, picker, { what: 'the child picker' });
      assert.equal(await picker.getByLabel(firstName, { exact: true }).count(), 0, 'the meeting\'s own child is not offered again');
      await picker.getByLabel(secondName, { exact: true }).check();
      assert.match(await form.getByTestId('agenda-input').first().inputValue(), /^Inledning – presentationsrunda$/, 'Bilaga 2, item 1');
      await form.locator('[name="date"]').fill(swedishDate(14));
      await form.locator('[name="startTime"]').fill('13:00');
      await form.locator('[name="endTime"]').fill('15:00');
      await form.locator(`input[name="members"][value="${USERS.erik.username}"]`).check();
      await form.getByTestId('meeting-submit').click();
      await a.waitForURL(/#\/moten\/[0-9a-fA-F-]{36}$/, { timeout: LONG });
      meetingId = new URL(a.url()).hash.split('/')[2];
      // The URL changes before the meeting page replaces the form, and the form has its own
      // 'meeting-children' fieldset: wait for the page's list, not for the test id alone.
      const details = a.getByTestId('meeting-page').getByTestId('meeting-details');
      await expectVisible(a, details.getByTestId('meeting-child-name').nth(1), { what: 'the children the meeting takes up' });
      const names = await details.getByTestId('meeting-child-name').allInnerTexts();
      assert.deepEqual([...names].sort(), [firstName, secondName].sort());
    });

    await step(anna, 'the Barnteam is in the second child\'s list too', async () => {
      await a.goto(`${appOrigin()}/#/barn/${second}/moten`);
      await expectVisible(a, a.locator(`[data-testid="meeting-row"][data-meeting-id="${meetingId}"]`), { what: 'the meeting in the second child\'s Möten tab' });
    });

    assert.deepEqual(cspViolations(anna.problems), [], 'no CSP violations');
    assert.deepEqual(anna.problems.filter((p) => p.kind === 'pageerror'), [], 'no uncaught errors in the page');
  });
});

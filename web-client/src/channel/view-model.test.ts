// Unit tests for what the team channel's view shows (view-model.ts), run by `npm run test:unit`:
// names, "… skriver…", the connection's state line, why a message could not be sent, and when a
// message's element must be drawn again.
import assert from 'node:assert/strict';
import test from 'node:test';

import { ANNA, ERIK, msg } from './fixtures.js';
import type { Outgoing } from './store.js';
import {
  composerProblem,
  Directory,
  editFailureText,
  failureForCode,
  failureForStatus,
  failureText,
  joinNames,
  newClientId,
  shouldSendTyping,
  signatureOf,
  stateLine,
  TYPING_SEND_EVERY_MS,
  TYPING_SHOWN_MS,
  Typists,
} from './view-model.js';

test('names: me, the team and its organisations first; senders fill in the rest; unknown ones by username', () => {
  const directory = new Directory(ANNA);
  directory.learnTeam([{ username: 'erik.rektor', name: 'Erik L', organisation: { alias: 'vaxjo', name: 'Växjö kommun' } }]);
  directory.learnSender(ERIK);
  directory.learnSender({ username: 'maria.polis', name: 'Maria Ek', organisation: 'polisen' });
  assert.equal(directory.nameOf('anna.bvc'), 'Anna Bergström');
  assert.equal(directory.nameOf('erik.rektor'), 'Erik L', 'the team\'s name is not replaced by a sender\'s');
  assert.equal(directory.nameOf('maria.polis'), 'Maria Ek');
  assert.equal(directory.nameOf('okand'), 'okand');
  assert.equal(directory.organisationOf(ERIK), 'Växjö kommun');
  assert.equal(directory.organisationOf({ username: 'maria.polis', name: 'Maria Ek', organisation: 'polisen' }), 'polisen', 'an alias until the list comes');
  directory.learnOrganisations([{ alias: 'polisen', name: 'Polismyndigheten' }]);
  assert.equal(directory.organisationOf({ username: 'maria.polis', name: 'Maria Ek', organisation: 'polisen' }), 'Polismyndigheten');
  assert.equal(directory.organisationOf({ username: 'x', name: 'X', organisation: null }), undefined);
});

test('typing: shown for five seconds after the last frame, gone when the message comes; names joined in Swedish', () => {
  const typists = new Typists();
  assert.deepEqual(typists.line(0), { text: '', recheckInMs: undefined });
  typists.started('erik.rektor', 'Erik', 1000);
  typists.started('maria.polis', 'Maria', 3000);
  assert.deepEqual(typists.line(2000), { text: 'Erik och Maria skriver…', recheckInMs: TYPING_SHOWN_MS - 1000 });
  assert.deepEqual(typists.line(1000 + TYPING_SHOWN_MS), { text: 'Maria skriver…', recheckInMs: 2000 });
  assert.equal(typists.line(2999 + TYPING_SHOWN_MS).recheckInMs, 100, 'never checked again sooner than 100 ms');
  typists.stopped('maria.polis');
  assert.equal(typists.line(4000).text, '');
  typists.started('erik.rektor', 'Erik', 0);
  typists.clear();
  assert.equal(typists.line(1).text, '');
  assert.equal(joinNames([]), '');
  assert.equal(joinNames(['Anna', 'Erik', 'Maria']), 'Anna, Erik och Maria');
});

test('typing: an own typing frame only with text, at most every other second', () => {
  assert.equal(shouldSendTyping('  ', 10_000, 0), false);
  assert.equal(shouldSendTyping('hej', 10_000, 0), true);
  assert.equal(shouldSendTyping('hej', TYPING_SEND_EVERY_MS - 1, 0), false);
  assert.equal(shouldSendTyping('hej', TYPING_SEND_EVERY_MS, 0), true);
});

test('state line: text, "Anslut nu" only when disconnected, seconds rounded (at least 1), revoked with its reason', () => {
  assert.equal(stateLine('closed', {}), undefined, 'leaving the tab shows nothing');
  assert.deepEqual(stateLine('connecting', {}), { state: 'connecting', text: 'Ansluter…', reconnect: false });
  assert.deepEqual(stateLine('connected', {}), { state: 'connected', text: 'Ansluten – nya meddelanden visas direkt.', reconnect: false });
  assert.deepEqual(stateLine('disconnected', { retryInMs: 4_400, reason: 'network' }), {
    state: 'disconnected',
    text: 'Frånkopplad. Nya meddelanden visas inte just nu. Försöker ansluta igen om 4 s.',
    reconnect: true,
  });
  assert.match(stateLine('disconnected', { retryInMs: 100, reason: 'session' })!.text, /^Frånkopplad: inloggningen behöver förnyas\. Försöker igen om 1 s\./);
  assert.deepEqual(stateLine('revoked', { reason: 'revoked' }), {
    state: 'revoked',
    text: 'Frånkopplad – ingen tillgång till kanalen.',
    reconnect: false,
    revoked: 'Din tillgång till barnets kanal har upphört. Nya meddelanden visas inte och du kan inte skriva här längre.',
  });
  assert.equal(stateLine('revoked', { reason: 'no-access' })!.revoked, 'Du har inte tillgång till barnets kanal.');
});

test('sending: empty and too long texts are stopped before they are sent', () => {
  assert.equal(composerProblem(' \n '), 'empty');
  assert.equal(composerProblem('å'.repeat(8192)), undefined, '16 KiB exactly is allowed');
  assert.equal(composerProblem('å'.repeat(8193)), 'too-large', 'counted in UTF-8 bytes, not characters');
});

test('sending: failures from an error frame and from HTTP, in Swedish, the server\'s detail only when it refused', () => {
  assert.equal(failureForCode('payload-too-large'), 'too-large');
  assert.equal(failureForCode('too-many-requests'), 'rate-limited');
  for (const code of ['access-revoked', 'not-found', 'forbidden']) assert.equal(failureForCode(code), 'revoked', code);
  assert.equal(failureForCode('validation'), 'rejected');
  assert.deepEqual([413, 429, 403, 404, 400, 500, 0].map(failureForStatus), ['too-large', 'rate-limited', 'revoked', 'revoked', 'rejected', 'rejected', 'rejected']);
  const failed = (extra: Partial<Outgoing>): Outgoing => ({ clientId: 'c', text: 'x', status: 'failed', createdAt: 0, ...extra });
  assert.equal(failureText(failed({ reason: 'rate-limited', detail: 'ignored' })),
    'Kunde inte skickas. Du har skickat många meddelanden på kort tid. Vänta en stund och försök igen.');
  assert.equal(failureText(failed({ reason: 'rejected', detail: 'För kort' })), 'Kunde inte skickas. Servern tog inte emot meddelandet. (För kort)');
  assert.equal(failureText(failed({})), 'Kunde inte skickas. Servern tog inte emot meddelandet.');
  assert.match(editFailureText(413, { title: 'x', detail: undefined }), /^Meddelandet är för långt/);
  assert.match(editFailureText(429, { title: 'x', detail: undefined }), /^Du har skickat många meddelanden/);
  assert.equal(editFailureText(400, { title: 'Ogiltigt', detail: 'Texten är tom' }), 'Ogiltigt: Texten är tom');
  assert.equal(editFailureText(undefined, { title: 'Ingen kontakt med servern', detail: undefined }), 'Ingen kontakt med servern');
});

test('drawing: a message is drawn again only when something shown changes', () => {
  const entry = { kind: 'message' as const, key: 's:1', message: msg(1), mine: false };
  const base = signatureOf(entry, [], undefined, false);
  assert.equal(signatureOf({ ...entry, message: msg(1) }, [], undefined, false), base, 'an equal copy');
  assert.notEqual(signatureOf({ ...entry, message: msg(1, ERIK, { text: 'ändrad', version: 2 }) }, [], undefined, false), base);
  assert.notEqual(signatureOf(entry, ['maria.polis'], undefined, false), base, 'a new reader');
  assert.notEqual(signatureOf(entry, [], 1, false), base, 'being edited');
  assert.equal(signatureOf(entry, [], 2, false), base, 'another message being edited');
  assert.notEqual(signatureOf(entry, [], undefined, true), base, 'read-only after revocation');
  const outgoing = { kind: 'outgoing' as const, key: 'c:a', outgoing: { clientId: 'a', text: 'x', status: 'pending' as const, createdAt: 0 } };
  assert.notEqual(signatureOf(outgoing, [], undefined, false), signatureOf({ ...outgoing, outgoing: { ...outgoing.outgoing, status: 'failed' } }, [], undefined, false));
});

test('client ids are random UUID v4', () => {
  const a = newClientId();
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(newClientId(), a);
});

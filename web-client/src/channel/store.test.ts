// Unit tests for the team channel's message store (store.ts), run by `npm run test:unit`:
// dedupe by seq, order, pending sends and acks, resume point, edits, receipts.
import assert from 'node:assert/strict';
import test from 'node:test';

import { ANNA, CHILD, ERIK, msg } from './fixtures.js';
import { MessageStore } from './store.js';

const texts = (store: MessageStore) => store.entries().map((e) => (e.kind === 'message' ? `${e.message.seq}:${e.message.text}` : `pending:${e.outgoing.text}`));

test('store: latest page, older pages, live messages – ordered by seq, no duplicates', () => {
  const store = new MessageStore(ANNA);
  store.loadLatest([msg(5), msg(6), msg(7)], true);
  assert.equal(store.resumeSeq, 7);
  assert.equal(store.oldestSeq, 5);
  assert.equal(store.hasOlder, true);
  assert.equal(store.addOlder([msg(3), msg(4), msg(5)], false), 2, 'seq 5 was already there');
  assert.equal(store.oldestSeq, 3);
  assert.equal(store.hasOlder, false);
  assert.equal(store.receive(msg(8)), true);
  assert.equal(store.receive(msg(8)), false, 'a repeat is ignored');
  assert.equal(store.receive(msg(7)), false, 'an old one from a resume is ignored');
  assert.deepEqual(texts(store), ['3:text 3', '4:text 4', '5:text 5', '6:text 6', '7:text 7', '8:text 8']);
  assert.equal(store.resumeSeq, 8);
  assert.equal(store.newestSeq, 8);
});

test('store: an empty channel resumes from 0; older pages never move the resume point', () => {
  const store = new MessageStore(ANNA);
  store.loadLatest([], false);
  assert.equal(store.resumeSeq, 0);
  assert.equal(store.hasOlder, false);
  store.addOlder([msg(1)], false);
  assert.equal(store.resumeSeq, 0);
});

test('store: own send is pending, then sent on ack; the later message frame does not duplicate it', () => {
  const store = new MessageStore(ANNA);
  store.loadLatest([msg(1)], false);
  store.queue('client-a', 'Hej!', 1000);
  assert.deepEqual(texts(store), ['1:text 1', 'pending:Hej!']);
  assert.deepEqual(store.pending().map((o) => o.clientId), ['client-a']);
  assert.equal(store.ack('client-a', 2, 'id-2', '2026-01-01T10:00:02Z', CHILD), true);
  assert.deepEqual(texts(store), ['1:text 1', '2:Hej!']);
  assert.equal(store.pending().length, 0);
  assert.equal(store.resumeSeq, 1, 'an ack does not move the resume point (messages before it may still be on their way)');
  store.receive(msg(2, ANNA, { clientId: 'client-a', text: 'Hej!' }));
  assert.equal(store.resumeSeq, 2);
  assert.equal(store.entries().length, 2);
  assert.equal(store.ack('client-a', 2, 'id-2', 'x', CHILD), false, 'a second ack (resend) is harmless');
});

test('store: the message frame may come before the ack', () => {
  const store = new MessageStore(ANNA);
  store.queue('client-b', 'Först', 1000);
  store.receive(msg(1, ANNA, { clientId: 'client-b', text: 'Först' }));
  assert.deepEqual(texts(store), ['1:Först']);
  assert.equal(store.ack('client-b', 1, 'id-1', 'x', CHILD), false);
  assert.deepEqual(texts(store), ['1:Först']);
});

test('store: failed sends keep their clientId for "Försök igen"; discard removes them', () => {
  const store = new MessageStore(ANNA);
  store.queue('c1', 'ett', 1);
  store.queue('c2', 'två', 2);
  store.fail('c1', 'rate-limited');
  assert.deepEqual(store.pending().map((o) => o.clientId), ['c2'], 'failed ones are not resent automatically');
  assert.equal(store.outgoingMessage('c1')!.status, 'failed');
  assert.equal(store.outgoingMessage('c1')!.reason, 'rate-limited');
  const again = store.retry('c1')!;
  assert.equal(again.clientId, 'c1');
  assert.equal(again.status, 'pending');
  assert.equal(again.reason, undefined);
  assert.deepEqual(store.pending().map((o) => o.clientId), ['c1', 'c2'], 'in the order they were written');
  assert.equal(store.discard('c2'), true);
  assert.deepEqual(store.pending().map((o) => o.clientId), ['c1']);
});

test('store: edits replace by version; a stale copy never wins; redaction is a tombstone', () => {
  const store = new MessageStore(ANNA);
  store.loadLatest([msg(1, ANNA), msg(2)], false);
  assert.equal(store.update(msg(1, ANNA, { text: 'ändrad', version: 2, editedAt: '2026-01-01T11:00:00Z' })), true);
  assert.equal(store.message(1)!.text, 'ändrad');
  assert.equal(store.update(msg(1, ANNA, { version: 1 })), false, 'older version ignored');
  assert.equal(store.message(1)!.text, 'ändrad');
  assert.equal(store.markRedacted(1), true);
  assert.equal(store.message(1)!.text, null);
  assert.equal(store.receive(msg(1, ANNA, { text: 'ändrad', version: 2 })), false, 'a same-version copy does not bring the text back');
  assert.equal(store.update(msg(1, ANNA, { text: null, redacted: true, version: 3 })), true);
  assert.equal(store.message(1)!.redacted, true);
  assert.equal(store.update(msg(99)), false, 'edits outside the loaded range are ignored');
  assert.equal(store.message(99), undefined);
});

test('store: an edit that overtakes its message is kept and wins when the message arrives', () => {
  const store = new MessageStore(ANNA);
  store.loadLatest([msg(1)], false);
  assert.equal(store.update(msg(2, ERIK, { text: 'ändrad', version: 2 })), false, 'nothing to show yet');
  assert.equal(store.message(2), undefined);
  assert.equal(store.receive(msg(2, ERIK, { text: 'gammal', version: 1 })), true);
  assert.equal(store.message(2)!.text, 'ändrad', 'the older copy that came later does not bring the old text back');
  assert.equal(store.message(2)!.version, 2);
  // A redaction that overtook its message.
  store.update(msg(3, ERIK, { text: null, redacted: true, version: 2 }));
  store.receive(msg(3, ERIK, { version: 1 }));
  assert.equal(store.message(3)!.redacted, true);
  assert.equal(store.message(3)!.text, null);
  // A newer copy than the early edit is kept as it is.
  store.update(msg(4, ERIK, { text: 'v2', version: 2 }));
  store.receive(msg(4, ERIK, { text: 'v3', version: 3 }));
  assert.equal(store.message(4)!.text, 'v3');
});

test('store: receipts move forward only and attach to the newest loaded message read; own marker hidden', () => {
  const store = new MessageStore(ANNA);
  store.loadLatest([msg(2), msg(4), msg(6)], false);
  store.receipt('erik.rektor', 5);
  store.receipt('maria.polis', 6);
  store.receipt('anna.bvc', 6);
  assert.equal(store.receipt('erik.rektor', 3), false, 'markers never move back');
  assert.deepEqual([...store.readers()], [[4, ['erik.rektor']], [6, ['maria.polis']]]);
  store.receipt('erik.rektor', 6);
  assert.deepEqual([...store.readers()], [[6, ['erik.rektor', 'maria.polis']]]);
  store.receipt('karin', 1);
  assert.equal([...store.readers()].some(([, names]) => names.includes('karin')), false, 'before anything loaded: not shown');
});


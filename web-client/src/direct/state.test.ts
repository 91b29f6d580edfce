// Unit tests for a conversation's state (state.ts): ordering by seq, dedupe, pending sends,
// "history on your other device" placeholders, device notices, unread counts, closing; and the
// conversation list's unread counts.
import assert from 'node:assert/strict';
import test from 'node:test';

import type { Conversation } from './protocol.js';
import { ConversationList, ConversationState, type ShownMessage } from './state.js';

const open = (seq: number, sender = 'erik.rektor', text = `m${seq}`): ShownMessage => ({
  kind: 'open', id: `id${seq}`, seq, clientId: `c${seq}`, sender, sentAt: '2026-12-04T10:00:00Z', text,
});
const elsewhere = (seq: number, sender = 'erik.rektor'): ShownMessage => ({
  kind: 'elsewhere', id: `id${seq}`, seq, clientId: `c${seq}`, sender, sentAt: '2026-12-04T10:00:00Z',
});
const seqs = (s: ConversationState) => s.items().filter((i) => i.type === 'message').map((i) => (i.type === 'message' ? i.message.seq : -1));

test('messages are ordered by seq and a seq is shown once', () => {
  const s = new ConversationState('anna.bvc');
  s.upsert(open(3));
  s.upsert(open(1));
  s.upsert(open(2));
  assert.equal(s.upsert(open(2, 'erik.rektor', 'again')), false);
  assert.deepEqual(seqs(s), [1, 2, 3]);
  assert.equal(s.resumeSeq, 3);
  assert.equal(s.lastSeq, 3);
});

test('resumeSeq stops at the first gap', () => {
  const s = new ConversationState('anna.bvc');
  s.upsert(open(1));
  s.upsert(open(3));
  assert.equal(s.resumeSeq, 1);
});

test('a placeholder is replaced when the history arrives, never the other way round', () => {
  const s = new ConversationState('anna.bvc');
  s.upsert(elsewhere(1));
  assert.deepEqual(s.elsewhereSeqs, [1]);
  assert.equal(s.upsert(open(1)), true);
  assert.deepEqual(s.elsewhereSeqs, []);
  assert.equal(s.upsert(elsewhere(1)), false);
  const item = s.items()[0];
  assert.equal(item.type === 'message' && item.message.kind, 'open');
});

test('a pending send is shown last until it is acknowledged, then by its seq', () => {
  const s = new ConversationState('anna.bvc');
  s.upsert(open(1));
  s.addPending('mine', 'Hej');
  assert.deepEqual(s.items().map((i) => i.type), ['message', 'pending']);
  s.sent('mine', 'id2', 2, '2026-12-04T10:01:00Z');
  const items = s.items();
  assert.deepEqual(items.map((i) => i.type), ['message', 'message']);
  const last = items[1];
  assert.ok(last.type === 'message' && last.message.kind === 'open' && last.message.text === 'Hej' && last.message.sender === 'anna.bvc');
  // The same message arriving live (my other device's copy) does not duplicate it.
  assert.equal(s.upsert({ ...open(2, 'anna.bvc', 'Hej'), clientId: 'mine' }), false);
  assert.equal(s.items().length, 2);
});

test('a live message with a pending clientId settles the pending one', () => {
  const s = new ConversationState('anna.bvc');
  s.addPending('mine', 'Hej');
  s.upsert({ ...open(1, 'anna.bvc', 'Hej'), clientId: 'mine' });
  assert.deepEqual(s.items().map((i) => i.type), ['message']);
});

test('failed sends can be retried with the same clientId or discarded', () => {
  const s = new ConversationState('anna.bvc');
  s.addPending('c', 'x');
  s.failPending('c', 'keeps-changing');
  const failed = s.items()[0];
  assert.ok(failed.type === 'pending' && failed.pending.status === 'failed' && failed.pending.reason === 'keeps-changing');
  assert.equal(s.retryPending('c')?.clientId, 'c');
  s.discardPending('c');
  assert.equal(s.items().length, 0);
});

test('a device notice is placed after the last message at the time, once', () => {
  const s = new ConversationState('anna.bvc');
  s.upsert(open(1));
  s.notice({ username: 'erik.rektor', change: 'added', deviceId: 'e2' });
  s.notice({ username: 'erik.rektor', change: 'added', deviceId: 'e2' });
  s.upsert(open(2));
  assert.deepEqual(s.items().map((i) => i.type), ['message', 'notice', 'message']);
});

test('unread counts the other\'s messages after the read marker', () => {
  const s = new ConversationState('anna.bvc');
  s.upsert(open(1));
  s.upsert(open(2, 'anna.bvc'));
  s.upsert(open(3));
  assert.equal(s.unread, 2);
  assert.equal(s.markRead(3), true);
  assert.equal(s.unread, 0);
  assert.equal(s.markRead(2), false);
});

test('a conversation closes (direct-closed) and may start closed', () => {
  const s = new ConversationState('anna.bvc');
  assert.equal(s.closed, false);
  s.close();
  assert.equal(s.closed, true);
  assert.equal(new ConversationState('anna.bvc', false).closed, true);
});

const conv = (id: string, unread = 0, lastSeq = 0): Conversation => ({
  id, childId: 'child', childName: 'Barn', with: { username: 'erik.rektor', name: 'Erik' }, createdAt: '2026-12-01T10:00:00Z', lastSeq, unread, open: true,
});

test('the list counts unread live, lifts the active conversation, and clears on read', () => {
  const list = new ConversationList([conv('a', 1, 4), conv('b', 0, 2)]);
  assert.deepEqual(list.all().map((c) => c.id), ['a', 'b']);
  assert.equal(list.message('b', 3, false), true);
  assert.deepEqual(list.all().map((c) => c.id), ['b', 'a']);
  assert.equal(list.all()[0].unread, 1);
  assert.equal(list.message('b', 3, false), true, 'the same seq again is not counted twice');
  assert.equal(list.all()[0].unread, 1);
  list.message('b', 4, true);
  assert.equal(list.all()[0].unread, 1, 'my own messages are not unread');
  assert.equal(list.totalUnread, 2);
  list.read('b');
  assert.equal(list.totalUnread, 1);
  assert.equal(list.message('unknown', 1, false), false);
  list.closed('a');
  assert.equal(list.all().find((c) => c.id === 'a')?.open, false);
});

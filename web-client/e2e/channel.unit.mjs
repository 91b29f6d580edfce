// Unit tests for the team channel's pure logic (src/channel), run by `npm run test:unit`
// (which first compiles src/channel with tsconfig.unit.json into .unit-build/channel).
//
// The message store (dedupe by seq, order, pending sends and acks, resume point, receipts) and
// the WebSocket connection (auth first, subscribe with afterSeq, re-auth before expiry,
// reconnect with backoff and resume, access-revoked) against a fake socket and fake timers.
import assert from 'node:assert/strict';
import test from 'node:test';

const build = new URL('../.unit-build/channel/', import.meta.url);
const { MessageStore } = await import(new URL('store.js', build).href);
const { ChannelConnection, backoffDelay, MAX_BACKOFF_MS, CONNECT_TIMEOUT_MS, REAUTH_BEFORE_EXPIRY_MS } = await import(
  new URL('connection.js', build).href
);
const { parseFrame, utf8Length, MAX_TEXT_BYTES } = await import(new URL('protocol.js', build).href);

const CHILD = '11111111-1111-4111-8111-111111111111';
const ANNA = { username: 'anna.bvc', name: 'Anna Bergström', organisation: 'region-kronoberg' };
const ERIK = { username: 'erik.rektor', name: 'Erik Lindqvist', organisation: 'vaxjo' };

function msg(seq, sender = ERIK, extra = {}) {
  return {
    id: `id-${seq}`,
    childId: CHILD,
    seq,
    clientId: `c-${seq}`,
    sender,
    text: `text ${seq}`,
    sentAt: `2026-01-01T10:00:${String(seq).padStart(2, '0')}Z`,
    editedAt: null,
    redacted: false,
    version: 1,
    ...extra,
  };
}

const texts = (store) => store.entries().map((e) => (e.kind === 'message' ? `${e.message.seq}:${e.message.text}` : `pending:${e.outgoing.text}`));

// ------------------------------------------------------------------ store

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
  assert.equal(store.outgoingMessage('c1').status, 'failed');
  assert.equal(store.outgoingMessage('c1').reason, 'rate-limited');
  const again = store.retry('c1');
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
  assert.equal(store.message(1).text, 'ändrad');
  assert.equal(store.update(msg(1, ANNA, { version: 1 })), false, 'older version ignored');
  assert.equal(store.message(1).text, 'ändrad');
  assert.equal(store.markRedacted(1), true);
  assert.equal(store.message(1).text, null);
  assert.equal(store.receive(msg(1, ANNA, { text: 'ändrad', version: 2 })), false, 'a same-version copy does not bring the text back');
  assert.equal(store.update(msg(1, ANNA, { text: null, redacted: true, version: 3 })), true);
  assert.equal(store.message(1).redacted, true);
  assert.equal(store.update(msg(99)), false, 'edits outside the loaded range are ignored');
  assert.equal(store.message(99), undefined);
});

test('store: an edit that overtakes its message is kept and wins when the message arrives', () => {
  const store = new MessageStore(ANNA);
  store.loadLatest([msg(1)], false);
  assert.equal(store.update(msg(2, ERIK, { text: 'ändrad', version: 2 })), false, 'nothing to show yet');
  assert.equal(store.message(2), undefined);
  assert.equal(store.receive(msg(2, ERIK, { text: 'gammal', version: 1 })), true);
  assert.equal(store.message(2).text, 'ändrad', 'the older copy that came later does not bring the old text back');
  assert.equal(store.message(2).version, 2);
  // A redaction that overtook its message.
  store.update(msg(3, ERIK, { text: null, redacted: true, version: 2 }));
  store.receive(msg(3, ERIK, { version: 1 }));
  assert.equal(store.message(3).redacted, true);
  assert.equal(store.message(3).text, null);
  // A newer copy than the early edit is kept as it is.
  store.update(msg(4, ERIK, { text: 'v2', version: 2 }));
  store.receive(msg(4, ERIK, { text: 'v3', version: 3 }));
  assert.equal(store.message(4).text, 'v3');
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

test('protocol: frames are parsed defensively; text limits', () => {
  assert.equal(parseFrame('not json'), undefined);
  assert.equal(parseFrame('[1]'), undefined);
  assert.equal(parseFrame('{"type":"nope"}'), undefined);
  assert.equal(parseFrame('{"type":"message","seq":"x"}'), undefined);
  assert.equal(parseFrame(JSON.stringify({ type: 'message', ...msg(3) })).seq, 3);
  assert.equal(parseFrame('{"type":"ack","clientId":"c","seq":4,"id":"i","sentAt":"t","childId":"x"}').seq, 4);
  assert.equal(utf8Length('åäö'), 6);
  assert.equal(MAX_TEXT_BYTES, 16384);
});

// ------------------------------------------------------------------ connection

class FakeSocket {
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    this.closed = undefined;
    this.onopen = null;
    this.onmessage = null;
    this.onclose = null;
    this.onerror = null;
  }
  send(data) {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(JSON.parse(data));
  }
  close(code, reason) {
    this.closed = { code, reason };
    this.readyState = 3;
  }
  // test side
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(frame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

function harness({ tokens = ['t1', 't2', 't3', 't4'], now = Date.now() } = {}) {
  const sockets = [];
  const timers = new Map();
  let nextTimer = 1;
  const clock = { now };
  const states = [];
  const frames = [];
  let ready = 0;
  let resume = 7;
  let tokenIndex = 0;
  const connection = new ChannelConnection({
    url: 'ws://test/api/ws',
    childId: CHILD,
    token: async () => tokens[Math.min(tokenIndex, tokens.length - 1)],
    resumeSeq: () => resume,
    onState: (state, detail) => states.push({ state, ...detail }),
    onFrame: (frame) => frames.push(frame),
    onReady: () => {
      ready += 1;
    },
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    setTimer: (fn, ms) => {
      const id = nextTimer++;
      timers.set(id, { fn, at: clock.now + ms });
      return id;
    },
    clearTimer: (id) => timers.delete(id),
    now: () => clock.now,
    random: () => 1,
  });
  return {
    connection,
    sockets,
    states,
    frames,
    get ready() {
      return ready;
    },
    setResume(v) {
      resume = v;
    },
    nextToken() {
      tokenIndex += 1;
    },
    /** Advances the fake clock, running due timers in order. */
    async advance(ms) {
      const until = clock.now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((x, y) => x[1].at - y[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        clock.now = due[1].at;
        due[1].fn();
        await flush();
      }
      clock.now = until;
    },
    timerCount: () => timers.size,
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

async function connect(h, { expiresInMs = 300_000 } = {}) {
  await flush();
  const socket = h.sockets.at(-1);
  socket.open();
  socket.receive({ type: 'authenticated', username: 'anna.bvc', expiresAt: new Date(Date.now() + expiresInMs).toISOString() });
  socket.receive({ type: 'subscribed', childId: CHILD, afterSeq: 7 });
  return socket;
}

test('connection: auth is the first frame, then subscribe with afterSeq; connected', async () => {
  const h = harness();
  h.connection.start();
  await flush();
  assert.equal(h.states[0].state, 'connecting');
  const socket = h.sockets[0];
  socket.open();
  assert.deepEqual(socket.sent, [{ type: 'auth', token: 't1' }], 'nothing but auth before authenticated');
  socket.receive({ type: 'authenticated', username: 'anna.bvc', expiresAt: new Date(Date.now() + 300_000).toISOString() });
  assert.deepEqual(socket.sent[1], { type: 'subscribe', childId: CHILD, afterSeq: 7 });
  assert.equal(h.connection.ready, false, 'not ready before subscribed');
  assert.equal(h.connection.send({ type: 'read', childId: CHILD, seq: 1 }), false);
  socket.receive({ type: 'subscribed', childId: CHILD, afterSeq: 7 });
  assert.equal(h.connection.ready, true);
  assert.equal(h.states.at(-1).state, 'connected');
  assert.equal(h.ready, 1);
  socket.receive({ type: 'message', ...msg(8) });
  assert.equal(h.frames.at(-1).seq, 8);
  assert.equal(h.connection.send({ type: 'read', childId: CHILD, seq: 8 }), true);
  assert.deepEqual(socket.sent.at(-1), { type: 'read', childId: CHILD, seq: 8 });
  h.connection.close();
  assert.equal(socket.closed.code, 1000);
  assert.equal(h.states.at(-1).state, 'closed');
  assert.equal(h.timerCount(), 0, 'no timers left after close');
});

test('connection: a drop shows "disconnected", reconnects with backoff and resumes from the newest seq', async () => {
  const h = harness();
  h.connection.start();
  const first = await connect(h);
  h.setResume(12);
  first.drop(1006);
  assert.equal(h.connection.ready, false);
  const dropped = h.states.at(-1);
  assert.equal(dropped.state, 'disconnected');
  assert.equal(dropped.retryInMs, backoffDelay(0, () => 1));
  await h.advance(dropped.retryInMs);
  assert.equal(h.states.at(-1).state, 'reconnecting');
  const second = h.sockets[1];
  assert.ok(second, 'a new socket');
  second.open();
  second.receive({ type: 'authenticated', username: 'anna.bvc', expiresAt: new Date(Date.now() + 300_000).toISOString() });
  assert.deepEqual(second.sent[1], { type: 'subscribe', childId: CHILD, afterSeq: 12 }, 'resumes after the newest seq');
  second.receive({ type: 'subscribed', childId: CHILD, afterSeq: 12 });
  assert.equal(h.states.at(-1).state, 'connected');
  assert.equal(h.ready, 2, 'onReady again (resend what is pending)');
  // Events of the old socket are ignored.
  first.onmessage?.({ data: JSON.stringify({ type: 'message', ...msg(99) }) });
  assert.equal(h.frames.some((f) => f.seq === 99), false);
  h.connection.close();
});

test('connection: backoff grows to at most 30 s and resets after success; "Anslut nu" tries at once', async () => {
  assert.equal(backoffDelay(0, () => 1), 1000);
  assert.equal(backoffDelay(1, () => 1), 2000);
  assert.equal(backoffDelay(3, () => 0), 4000);
  assert.equal(backoffDelay(20, () => 1), MAX_BACKOFF_MS);
  const h = harness();
  h.connection.start();
  await flush();
  h.sockets[0].drop(1006);
  assert.equal(h.states.at(-1).retryInMs, 1000);
  await h.advance(1000);
  h.sockets[1].drop(1006);
  assert.equal(h.states.at(-1).retryInMs, 2000);
  h.connection.reconnectNow();
  await flush();
  assert.equal(h.sockets.length, 3, 'reconnectNow opens a socket at once');
  h.sockets[2].open();
  h.sockets[2].receive({ type: 'authenticated', username: 'anna.bvc', expiresAt: new Date(Date.now() + 300_000).toISOString() });
  h.sockets[2].receive({ type: 'subscribed', childId: CHILD, afterSeq: 7 });
  h.sockets[2].drop(1006);
  assert.equal(h.states.at(-1).retryInMs, 1000, 'backoff starts over after a good connection');
  h.connection.close();
});

test('connection: no answer within the connect timeout counts as a drop', async () => {
  const h = harness();
  h.connection.start();
  await flush();
  h.sockets[0].open();
  await h.advance(CONNECT_TIMEOUT_MS);
  assert.equal(h.states.at(-1).state, 'disconnected');
  assert.ok(h.sockets[0].closed, 'the hanging socket is closed');
  h.connection.close();
});

test('connection: re-authenticates with a fresh token before expiry', async () => {
  const h = harness();
  h.connection.start();
  const socket = await connect(h, { expiresInMs: 60_000 });
  const before = socket.sent.length;
  // Token not renewed yet: nothing is sent, it tries again a little later.
  await h.advance(60_000 - REAUTH_BEFORE_EXPIRY_MS + 10);
  assert.equal(socket.sent.length, before, 'the same token is not sent again');
  h.nextToken();
  await h.advance(5_000);
  assert.deepEqual(socket.sent.at(-1), { type: 'auth', token: 't2' });
  socket.receive({ type: 'authenticated', username: 'anna.bvc', expiresAt: new Date(Date.now() + 300_000).toISOString() });
  assert.equal(socket.sent.filter((f) => f.type === 'subscribe').length, 1, 're-auth does not subscribe again');
  assert.equal(h.connection.ready, true);
  h.connection.close();
});

test('connection: access-revoked ends the channel for good; send errors go to the view', async () => {
  const h = harness();
  h.connection.start();
  const socket = await connect(h);
  socket.receive({ type: 'error', code: 'payload-too-large', message: 'För långt', childId: CHILD, clientId: 'c9' });
  assert.equal(h.frames.at(-1).code, 'payload-too-large');
  assert.equal(h.connection.ready, true, 'a refused frame keeps the socket');
  socket.receive({ type: 'error', code: 'access-revoked', message: 'Slut', childId: CHILD });
  assert.equal(h.states.at(-1).state, 'revoked');
  assert.equal(h.states.at(-1).reason, 'revoked');
  assert.ok(socket.closed);
  await h.advance(120_000);
  assert.equal(h.sockets.length, 1, 'no reconnect after revocation');
});

test('connection: a refused subscribe (not a member) is shown as no access, without retrying', async () => {
  const h = harness();
  h.connection.start();
  await flush();
  const socket = h.sockets[0];
  socket.open();
  socket.receive({ type: 'authenticated', username: 'anna.bvc', expiresAt: new Date(Date.now() + 300_000).toISOString() });
  socket.receive({ type: 'error', code: 'not-found', message: 'Finns inte', childId: CHILD });
  assert.equal(h.states.at(-1).state, 'revoked');
  assert.equal(h.states.at(-1).reason, 'no-access');
  await h.advance(120_000);
  assert.equal(h.sockets.length, 1);
});

test('connection: an expired session (4402) reconnects with a fresh token', async () => {
  const h = harness();
  h.connection.start();
  const socket = await connect(h);
  h.nextToken();
  socket.drop(4402);
  assert.equal(h.states.at(-1).state, 'disconnected');
  assert.equal(h.states.at(-1).reason, 'session');
  await h.advance(h.states.at(-1).retryInMs);
  h.sockets[1].open();
  assert.deepEqual(h.sockets[1].sent[0], { type: 'auth', token: 't2' });
  h.connection.close();
});

test('connection: consent-expired ends the channel for good, like a revocation', async () => {
  const h = harness();
  h.connection.start();
  const socket = await connect(h);
  socket.receive({ type: 'error', code: 'consent-expired', message: 'Samtycket har gått ut', childId: CHILD });
  assert.equal(h.states.at(-1).state, 'revoked');
  assert.equal(h.states.at(-1).reason, 'expired');
  assert.ok(socket.closed);
  await h.advance(120_000);
  assert.equal(h.sockets.length, 1, 'no reconnect after the consent ran out');
});

test('connection: an afterSeq beyond the channel subscribes again from the channel\'s last seq', async () => {
  const h = harness();
  h.setResume(40);
  h.connection.start();
  await flush();
  const socket = h.sockets[0];
  socket.open();
  socket.receive({ type: 'authenticated', username: 'anna.bvc', expiresAt: new Date(Date.now() + 300_000).toISOString() });
  assert.deepEqual(socket.sent.at(-1), { type: 'subscribe', childId: CHILD, afterSeq: 40 });
  socket.receive({ type: 'error', code: 'after-seq-ahead', message: 'för stort', childId: CHILD, lastSeq: 31 });
  assert.deepEqual(socket.sent.at(-1), { type: 'subscribe', childId: CHILD, afterSeq: 31 });
  socket.receive({ type: 'subscribed', childId: CHILD, afterSeq: 31 });
  assert.equal(h.states.at(-1).state, 'connected');
  h.connection.close();
});

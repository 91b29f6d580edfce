// Unit tests for the team channel's WebSocket connection (connection.ts), run by `npm run test:unit`:
// auth first, subscribe with afterSeq, re-auth before expiry, reconnect with backoff and resume,
// access-revoked – against a fake socket and fake timers.
import assert from 'node:assert/strict';
import test from 'node:test';

import { ChannelConnection, backoffDelay, CONNECT_TIMEOUT_MS, MAX_BACKOFF_MS, REAUTH_BEFORE_EXPIRY_MS, type SocketLike, type StateDetail, type ConnectionState } from './connection.js';
import { CHILD, msg } from './fixtures.js';
import type { ServerFrame } from './protocol.js';

type Sent = Record<string, unknown>;
type SeenState = { state: ConnectionState } & StateDetail;
type SeenFrame = ServerFrame & Record<string, unknown>;

class FakeSocket implements SocketLike {
  readyState = 0;
  readonly sent: Sent[] = [];
  closed: { code: number | undefined; reason: string | undefined } | undefined = undefined;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  constructor(readonly url: string) {}
  send(data: string) {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(JSON.parse(data) as Sent);
  }
  close(code?: number, reason?: string) {
    this.closed = { code, reason };
    this.readyState = 3;
  }
  // test side
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(frame: object) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

function harness({ tokens = ['t1', 't2', 't3', 't4'], now = Date.now() } = {}) {
  const sockets: FakeSocket[] = [];
  const timers = new Map<number, { fn: () => void; at: number }>();
  let nextTimer = 1;
  const clock = { now };
  const states: SeenState[] = [];
  const frames: SeenFrame[] = [];
  let ready = 0;
  let resume = 7;
  let tokenIndex = 0;
  const connection = new ChannelConnection({
    url: 'ws://test/api/ws',
    childId: CHILD,
    token: async () => tokens[Math.min(tokenIndex, tokens.length - 1)] as string,
    resumeSeq: () => resume,
    onState: (state, detail) => states.push({ state, ...detail }),
    onFrame: (frame) => frames.push(frame as SeenFrame),
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
    clearTimer: (id) => timers.delete(id as number),
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
    setResume(v: number) {
      resume = v;
    },
    nextToken() {
      tokenIndex += 1;
    },
    /** Advances the fake clock, running due timers in order. */
    async advance(ms: number) {
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

type Harness = ReturnType<typeof harness>;

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

async function connect(h: Harness, { expiresInMs = 300_000 } = {}) {
  await flush();
  const socket = h.sockets.at(-1)!;
  socket.open();
  socket.receive({ type: 'authenticated', username: 'anna.bvc', expiresAt: new Date(Date.now() + expiresInMs).toISOString() });
  socket.receive({ type: 'subscribed', childId: CHILD, afterSeq: 7 });
  return socket;
}

test('connection: auth is the first frame, then subscribe with afterSeq; connected', async () => {
  const h = harness();
  h.connection.start();
  await flush();
  assert.equal(h.states[0]!.state, 'connecting');
  const socket = h.sockets[0]!;
  socket.open();
  assert.deepEqual(socket.sent, [{ type: 'auth', token: 't1' }], 'nothing but auth before authenticated');
  socket.receive({ type: 'authenticated', username: 'anna.bvc', expiresAt: new Date(Date.now() + 300_000).toISOString() });
  assert.deepEqual(socket.sent[1], { type: 'subscribe', childId: CHILD, afterSeq: 7 });
  assert.equal(h.connection.ready, false, 'not ready before subscribed');
  assert.equal(h.connection.send({ type: 'read', childId: CHILD, seq: 1 }), false);
  socket.receive({ type: 'subscribed', childId: CHILD, afterSeq: 7 });
  assert.equal(h.connection.ready, true);
  assert.equal(h.states.at(-1)!.state, 'connected');
  assert.equal(h.ready, 1);
  socket.receive({ type: 'message', ...msg(8) });
  assert.equal(h.frames.at(-1)!.seq, 8);
  assert.equal(h.connection.send({ type: 'read', childId: CHILD, seq: 8 }), true);
  assert.deepEqual(socket.sent.at(-1), { type: 'read', childId: CHILD, seq: 8 });
  h.connection.close();
  assert.equal(socket.closed!.code, 1000);
  assert.equal(h.states.at(-1)!.state, 'closed');
  assert.equal(h.timerCount(), 0, 'no timers left after close');
});

test('connection: a drop shows "disconnected", reconnects with backoff and resumes from the newest seq', async () => {
  const h = harness();
  h.connection.start();
  const first = await connect(h);
  h.setResume(12);
  first.drop(1006);
  assert.equal(h.connection.ready, false);
  const dropped = h.states.at(-1)!;
  assert.equal(dropped.state, 'disconnected');
  assert.equal(dropped.retryInMs, backoffDelay(0, () => 1));
  await h.advance(dropped.retryInMs!);
  assert.equal(h.states.at(-1)!.state, 'reconnecting');
  const second = h.sockets[1];
  assert.ok(second, 'a new socket');
  second.open();
  second.receive({ type: 'authenticated', username: 'anna.bvc', expiresAt: new Date(Date.now() + 300_000).toISOString() });
  assert.deepEqual(second.sent[1], { type: 'subscribe', childId: CHILD, afterSeq: 12 }, 'resumes after the newest seq');
  second.receive({ type: 'subscribed', childId: CHILD, afterSeq: 12 });
  assert.equal(h.states.at(-1)!.state, 'connected');
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
  h.sockets[0]!.drop(1006);
  assert.equal(h.states.at(-1)!.retryInMs, 1000);
  await h.advance(1000);
  h.sockets[1]!.drop(1006);
  assert.equal(h.states.at(-1)!.retryInMs, 2000);
  h.connection.reconnectNow();
  await flush();
  assert.equal(h.sockets.length, 3, 'reconnectNow opens a socket at once');
  h.sockets[2]!.open();
  h.sockets[2]!.receive({ type: 'authenticated', username: 'anna.bvc', expiresAt: new Date(Date.now() + 300_000).toISOString() });
  h.sockets[2]!.receive({ type: 'subscribed', childId: CHILD, afterSeq: 7 });
  h.sockets[2]!.drop(1006);
  assert.equal(h.states.at(-1)!.retryInMs, 1000, 'backoff starts over after a good connection');
  h.connection.close();
});

test('connection: no answer within the connect timeout counts as a drop', async () => {
  const h = harness();
  h.connection.start();
  await flush();
  h.sockets[0]!.open();
  await h.advance(CONNECT_TIMEOUT_MS);
  assert.equal(h.states.at(-1)!.state, 'disconnected');
  assert.ok(h.sockets[0]!.closed, 'the hanging socket is closed');
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
  assert.equal(h.frames.at(-1)!.code, 'payload-too-large');
  assert.equal(h.connection.ready, true, 'a refused frame keeps the socket');
  socket.receive({ type: 'error', code: 'access-revoked', message: 'Slut', childId: CHILD });
  assert.equal(h.states.at(-1)!.state, 'revoked');
  assert.equal(h.states.at(-1)!.reason, 'revoked');
  assert.ok(socket.closed);
  await h.advance(120_000);
  assert.equal(h.sockets.length, 1, 'no reconnect after revocation');
});

test('connection: a refused subscribe (not a member) is shown as no access, without retrying', async () => {
  const h = harness();
  h.connection.start();
  await flush();
  const socket = h.sockets[0]!;
  socket.open();
  socket.receive({ type: 'authenticated', username: 'anna.bvc', expiresAt: new Date(Date.now() + 300_000).toISOString() });
  socket.receive({ type: 'error', code: 'not-found', message: 'Finns inte', childId: CHILD });
  assert.equal(h.states.at(-1)!.state, 'revoked');
  assert.equal(h.states.at(-1)!.reason, 'no-access');
  await h.advance(120_000);
  assert.equal(h.sockets.length, 1);
});

test('connection: an expired session (4402) reconnects with a fresh token', async () => {
  const h = harness();
  h.connection.start();
  const socket = await connect(h);
  h.nextToken();
  socket.drop(4402);
  assert.equal(h.states.at(-1)!.state, 'disconnected');
  assert.equal(h.states.at(-1)!.reason, 'session');
  await h.advance(h.states.at(-1)!.retryInMs!);
  h.sockets[1]!.open();
  assert.deepEqual(h.sockets[1]!.sent[0], { type: 'auth', token: 't2' });
  h.connection.close();
});

test('connection: consent-expired ends the channel for good, like a revocation', async () => {
  const h = harness();
  h.connection.start();
  const socket = await connect(h);
  socket.receive({ type: 'error', code: 'consent-expired', message: 'Samtycket har gått ut', childId: CHILD });
  assert.equal(h.states.at(-1)!.state, 'revoked');
  assert.equal(h.states.at(-1)!.reason, 'expired');
  assert.ok(socket.closed);
  await h.advance(120_000);
  assert.equal(h.sockets.length, 1, 'no reconnect after the consent ran out');
});

test('connection: an afterSeq beyond the channel subscribes again from the channel\'s last seq', async () => {
  const h = harness();
  h.setResume(40);
  h.connection.start();
  await flush();
  const socket = h.sockets[0]!;
  socket.open();
  socket.receive({ type: 'authenticated', username: 'anna.bvc', expiresAt: new Date(Date.now() + 300_000).toISOString() });
  assert.deepEqual(socket.sent.at(-1), { type: 'subscribe', childId: CHILD, afterSeq: 40 });
  socket.receive({ type: 'error', code: 'after-seq-ahead', message: 'för stort', childId: CHILD, lastSeq: 31 });
  assert.deepEqual(socket.sent.at(-1), { type: 'subscribe', childId: CHILD, afterSeq: 31 });
  socket.receive({ type: 'subscribed', childId: CHILD, afterSeq: 31 });
  assert.equal(h.states.at(-1)!.state, 'connected');
  h.connection.close();
});

// Unit tests for the direct messages' WebSocket connection (connection.ts): auth first, then
// subscribe-direct for this device, frames passed on, catch-up (onReady) after a reconnect,
// device-removed / unknown-device end it for good – against a fake socket and fake timers.
import assert from 'node:assert/strict';
import test from 'node:test';

import type { SocketLike } from '../channel/connection.js';
import { DirectConnection, type DirectState } from './connection.js';
import type { DirectFrame } from './protocol.js';

class FakeSocket implements SocketLike {
  readyState = 0;
  readonly sent: Record<string, unknown>[] = [];
  closed = false;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close() {
    this.closed = true;
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(frame: object) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({ code: 1006 });
  }
}

function harness() {
  const sockets: FakeSocket[] = [];
  const timers = new Map<number, () => void>();
  let next = 1;
  const states: DirectState[] = [];
  const frames: DirectFrame[] = [];
  let ready = 0;
  const connection = new DirectConnection({
    url: 'ws://test/api/ws',
    deviceId: 'dev-1',
    token: async () => 'token',
    onState: (s) => states.push(s),
    onFrame: (f) => frames.push(f),
    onReady: () => {
      ready += 1;
    },
    createSocket: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    setTimer: (fn) => {
      const id = next++;
      timers.set(id, fn);
      return id;
    },
    clearTimer: (id) => timers.delete(id as number),
    now: () => 0,
    random: () => 1,
  });
  const fireRetry = () => {
    // The newest timer is the reconnect timer.
    const id = Math.max(...timers.keys());
    const fn = timers.get(id) as () => void;
    timers.delete(id);
    fn();
  };
  return { connection, sockets, states, frames, ready: () => ready, fireRetry };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

async function connected(h: ReturnType<typeof harness>, index = 0) {
  await tick();
  const s = h.sockets[index] as FakeSocket;
  s.open();
  s.receive({ type: 'authenticated', username: 'anna.bvc', expiresAt: new Date(600_000).toISOString() });
  s.receive({ type: 'subscribed-direct', deviceId: 'dev-1' });
  return s;
}

test('auth first, then subscribe-direct for this device; connected and ready', async () => {
  const h = harness();
  h.connection.start();
  const s = await connected(h);
  assert.deepEqual(s.sent.map((f) => f['type']), ['auth', 'subscribe-direct']);
  assert.equal(s.sent[1]['deviceId'], 'dev-1');
  assert.equal(h.states.at(-1), 'connected');
  assert.equal(h.ready(), 1);
});

test('direct frames are passed on; team channel frames are ignored', async () => {
  const h = harness();
  h.connection.start();
  const s = await connected(h);
  s.receive({ type: 'direct', conversationId: 'c', id: 'm', seq: 1, clientId: 'x', sender: 'erik.rektor', senderDeviceId: 'e1', enc: 'a', ciphertext: 'b', sentAt: '' });
  s.receive({ type: 'message', childId: 'k', id: 'z', seq: 1 });
  s.receive({ type: 'device-added', deviceId: 'dev-2', label: 'Chrome på Linux', fingerprint: '0000 0000 0000' });
  assert.deepEqual(h.frames.map((f) => f.type), ['direct', 'device-added']);
});

test('after a drop it reconnects, subscribes again and calls onReady to catch up', async () => {
  const h = harness();
  h.connection.start();
  const s = await connected(h);
  s.drop();
  assert.equal(h.states.at(-1), 'disconnected');
  h.fireRetry();
  const again = await connected(h, 1);
  assert.equal(again.sent[1]['type'], 'subscribe-direct');
  assert.equal(h.ready(), 2);
});

test('device-removed for this device and unknown-device end the connection for good', async () => {
  for (const frame of [{ type: 'device-removed', deviceId: 'dev-1' }, { type: 'error', code: 'unknown-device', deviceId: 'dev-1' }]) {
    const h = harness();
    h.connection.start();
    const s = await connected(h);
    s.receive(frame);
    assert.equal(h.states.at(-1), 'device-gone');
    assert.ok(s.closed);
    assert.equal(h.sockets.length, 1, 'no reconnect');
  }
});

test('close() stops for good', async () => {
  const h = harness();
  h.connection.start();
  const s = await connected(h);
  h.connection.close();
  assert.equal(h.states.at(-1), 'closed');
  assert.ok(s.closed);
});

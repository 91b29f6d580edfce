// Unit tests for sending (send.ts): seal to every device incl. the sender's own, reseal to the list a
// 409 device-list-changed names and resend with the same clientId, give up after a few attempts –
// over a fake transport.
import assert from 'node:assert/strict';
import test from 'node:test';

import type { Copy, RequiredDevice, SendBody } from './protocol.js';
import { deviceChange, DeviceListKeepsChanging, MAX_SEND_ATTEMPTS, sendSealed, type PostOutcome, type SendTransport } from './send.js';

const dev = (id: string, owner: string): RequiredDevice => ({ id, owner, publicKey: `pk-${id}` });
const ME = dev('a1', 'anna.bvc');
const A2 = dev('a2', 'anna.bvc');
const E1 = dev('e1', 'erik.rektor');
const E2 = dev('e2', 'erik.rektor');

function fakeTransport(outcomes: PostOutcome[]) {
  const posts: SendBody[] = [];
  const sealedTo: string[][] = [];
  const transport: SendTransport = {
    seal: async (devices) => {
      sealedTo.push(devices.map((d) => d.id).sort());
      return devices.map((d): Copy => ({ deviceId: d.id, enc: `enc-${d.id}`, ciphertext: `ct-${d.id}` }));
    },
    post: async (body) => {
      posts.push(body);
      const next = outcomes.shift();
      if (!next) throw new Error('no more outcomes');
      return next;
    },
  };
  return { transport, posts, sealedTo };
}

const SENT: PostOutcome = { kind: 'sent', result: { id: 'm1', seq: 3, sentAt: '2026-12-04T10:00:00Z' } };

test('one copy per device: the recipient\'s, my other ones and my own sending device', async () => {
  const { transport, posts, sealedTo } = fakeTransport([SENT]);
  const outcome = await sendSealed(transport, { clientId: 'c1', sender: ME, devices: [E1, A2] });
  assert.deepEqual(sealedTo, [['a1', 'a2', 'e1']]);
  assert.equal(posts.length, 1);
  assert.equal(posts[0].clientId, 'c1');
  assert.equal(posts[0].senderDeviceId, 'a1');
  assert.deepEqual(posts[0].copies.map((c) => c.deviceId).sort(), ['a1', 'a2', 'e1']);
  assert.equal(outcome.result.seq, 3);
  assert.equal(outcome.attempts, 1);
  assert.deepEqual(outcome.change, { added: [], removed: [] });
});

test('on 409 it reseals to the listed devices and resends with the same clientId', async () => {
  const { transport, posts, sealedTo } = fakeTransport([{ kind: 'device-list-changed', devices: [E1, E2, A2] }, SENT]);
  const outcome = await sendSealed(transport, { clientId: 'c1', sender: ME, devices: [E1, A2] });
  assert.equal(posts.length, 2);
  assert.deepEqual(posts.map((p) => p.clientId), ['c1', 'c1']);
  assert.deepEqual(sealedTo[1], ['a1', 'a2', 'e1', 'e2']);
  assert.deepEqual(outcome.change.added.map((d) => d.id), ['e2']);
  assert.deepEqual(outcome.change.removed, []);
  assert.equal(outcome.attempts, 2);
});

test('a removed device gets no copy after the 409 and is reported as removed', async () => {
  const { transport, sealedTo } = fakeTransport([{ kind: 'device-list-changed', devices: [E2] }, SENT]);
  const outcome = await sendSealed(transport, { clientId: 'c2', sender: ME, devices: [E1, E2] });
  assert.deepEqual(sealedTo[1], ['a1', 'e2']);
  assert.deepEqual(outcome.change.removed.map((d) => d.id), ['e1']);
});

test('it gives up after a few changing lists', async () => {
  const changing = Array.from({ length: 10 }, (_, i): PostOutcome => ({ kind: 'device-list-changed', devices: [dev(`e${i + 10}`, 'erik.rektor')] }));
  const { transport, posts } = fakeTransport(changing);
  await assert.rejects(sendSealed(transport, { clientId: 'c3', sender: ME, devices: [E1] }), DeviceListKeepsChanging);
  assert.equal(posts.length, MAX_SEND_ATTEMPTS);
  assert.ok(posts.every((p) => p.clientId === 'c3'));
});

test('other errors are not retried', async () => {
  const transport: SendTransport = {
    seal: async () => [],
    post: async () => {
      throw new Error('403 conversation-closed');
    },
  };
  await assert.rejects(sendSealed(transport, { clientId: 'c4', sender: ME, devices: [E1] }), /conversation-closed/);
});

test('deviceChange compares on id', () => {
  assert.deepEqual(deviceChange([E1, E2], [E2, A2]), { added: [A2], removed: [E1] });
});

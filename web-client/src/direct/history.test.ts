// Unit tests for opening copies and moving history to a new device (history.ts + seal.ts), with
// real HPKE (@hpke/core, WebCrypto in Node) and non-extractable private keys: a message without a
// copy is a placeholder, a copy for another key is "broken" (never shown as text), and the history
// is resealed with the ORIGINAL aad in pages of at most 500 so the new device opens it.
import assert from 'node:assert/strict';
import test from 'node:test';

import { decode, transferHistory, type HistoryProgress } from './history.js';
import { HISTORY_PAGE, type Conversation, type MessagePage, type SealedMessage } from './protocol.js';
import { generateDeviceKeys, openCopy, rawPublicKey, sealTo, type MessageContext } from './seal.js';
import { base64urlEncode } from './codes.js';

const CONV = '0f8fad5b-d9cb-469f-a165-70867728950e';
const SENDER_DEVICE = 'b3d6f1a2-0000-4000-8000-000000000001';

async function device() {
  const keys = await generateDeviceKeys();
  return { keys, publicKey: base64urlEncode(await rawPublicKey(keys)) };
}

test('the private key is not extractable and the public key is a 65-byte point', async () => {
  const { keys } = await device();
  assert.equal(keys.privateKey.extractable, false);
  assert.equal((await rawPublicKey(keys)).length, 65);
  await assert.rejects(crypto.subtle.exportKey('jwk', keys.privateKey));
});

test('a sealed copy opens with the key pair and the same aad, not with another aad', async () => {
  const d = await device();
  const context: MessageContext = { conversationId: CONV, clientId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', senderDeviceId: SENDER_DEVICE };
  const copy = await sealTo('dev', d.publicKey, { text: 'Hej Erik' }, context);
  assert.equal(copy.deviceId, 'dev');
  assert.deepEqual(await openCopy(d.keys, copy.enc, copy.ciphertext, context), { text: 'Hej Erik' });
  await assert.rejects(openCopy(d.keys, copy.enc, copy.ciphertext, { ...context, clientId: 'other' }));
});

test('decode: no copy -> placeholder, a copy for another key -> broken, else the text', async () => {
  const mine = await device();
  const other = await device();
  const base: SealedMessage = { id: 'm1', seq: 1, clientId: 'c1', sender: 'erik.rektor', senderDeviceId: SENDER_DEVICE, enc: null, ciphertext: null, sentAt: '2026-12-04T10:00:00Z' };
  const opener = (enc: string, ct: string, ctx: MessageContext) => openCopy(mine.keys, enc, ct, ctx);
  assert.equal((await decode(CONV, base, opener)).kind, 'elsewhere');
  const context = { conversationId: CONV, clientId: 'c1', senderDeviceId: SENDER_DEVICE };
  const forOther = await sealTo('x', other.publicKey, { text: 'hemligt' }, context);
  const broken = await decode(CONV, { ...base, enc: forOther.enc, ciphertext: forOther.ciphertext }, opener);
  assert.equal(broken.kind, 'broken');
  assert.ok(!('text' in broken));
  const forMe = await sealTo('y', mine.publicKey, { text: 'Hej' }, context);
  const shown = await decode(CONV, { ...base, enc: forMe.enc, ciphertext: forMe.ciphertext }, opener);
  assert.ok(shown.kind === 'open' && shown.text === 'Hej');
});

test('history is resealed to the new device with the original aad, in pages of at most 500', async () => {
  const old = await device();
  const fresh = await device();
  const count = HISTORY_PAGE + 20;
  const stored: SealedMessage[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const clientId = `client-${seq}`;
    const context = { conversationId: CONV, clientId, senderDeviceId: SENDER_DEVICE };
    // Every 100th message has no copy for the old device (it lives on a third device): skipped.
    const copy = seq % 100 === 0 ? null : await sealTo('old', old.publicKey, { text: `meddelande ${seq}` }, context);
    stored.push({ id: `m${seq}`, seq, clientId, sender: 'erik.rektor', senderDeviceId: SENDER_DEVICE, enc: copy?.enc ?? null, ciphertext: copy?.ciphertext ?? null, sentAt: '2026-12-04T10:00:00Z' });
  }
  const uploads: { messageId: string; enc: string; ciphertext: string }[][] = [];
  const progress: HistoryProgress[] = [];
  const conversations: Conversation[] = [{ id: CONV, childId: 'c', childName: 'Barn', with: { username: 'erik.rektor', name: 'Erik' }, createdAt: '', lastSeq: count, unread: 0, open: true }];
  const result = await transferHistory({
    conversations: async () => conversations,
    messages: async (_id, afterSeq, limit): Promise<MessagePage> => {
      const page = stored.filter((m) => m.seq > afterSeq).slice(0, limit);
      return { messages: page, hasMore: page.length > 0 && (page[page.length - 1] as SealedMessage).seq < count };
    },
    upload: async (copies) => {
      uploads.push(copies);
    },
    seal: async (plaintext, context) => sealTo('fresh', fresh.publicKey, plaintext, context),
    open: (enc, ct, ctx) => openCopy(old.keys, enc, ct, ctx),
  }, (p) => progress.push(p));
  const skipped = Math.floor(count / 100);
  assert.equal(result.seen, count);
  assert.equal(result.skipped, skipped);
  assert.equal(result.uploaded, count - skipped);
  assert.ok(uploads.every((u) => u.length <= HISTORY_PAGE));
  assert.deepEqual(uploads.map((u) => u.length), [HISTORY_PAGE, count - skipped - HISTORY_PAGE]);
  assert.ok(progress.length >= 3);
  // The new device opens the resealed copies exactly like live ones (original clientId and sender device).
  const copy = uploads[1][uploads[1].length - 1];
  const original = stored.find((m) => m.id === copy.messageId) as SealedMessage;
  const opened = await decode(CONV, { ...original, enc: copy.enc, ciphertext: copy.ciphertext }, (enc, ct, ctx) => openCopy(fresh.keys, enc, ct, ctx));
  assert.ok(opened.kind === 'open' && opened.text === `meddelande ${original.seq}`);
});

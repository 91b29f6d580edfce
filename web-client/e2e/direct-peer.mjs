// An independent direct-message client for the browser tests: its own device, its own key pair,
// sealing and opening with @hpke/core and talking to the REST API with fetch. It shares NO code with
// web-client/src on purpose: a message the web client seals in a real browser must open here, so a
// mistake in the web client's wire format cannot be hidden by the same mistake on both sides.
//
//   const peer = await createDirectPeer({ apiBase: `${BASE_URL}/api`, token, label: 'Testklient' });
//   const messages = await peer.fetchAndOpen(conversationId); // [{ seq, sender, plaintext, ... }]
//   await peer.send(conversationId, 'Hej!');
//   await peer.remove();
//
// `token` is a bearer token, or a function returning one (sync or async) for runs longer than a token.
// Suite (docs/PROTOCOL.md, "Direct messages"): HPKE base mode, DHKEM(P-256, HKDF-SHA256),
// HKDF-SHA256, AES-128-GCM; info "samverkan-direct-v1"; aad "<conversationId>|<clientId>|<senderDeviceId>".
import { randomUUID } from 'node:crypto';
import { Aes128Gcm, CipherSuite, DhkemP256HkdfSha256, HkdfSha256 } from '@hpke/core';

const INFO = new TextEncoder().encode('samverkan-direct-v1');
const DEVICE_LIST_CHANGED = '/device-list-changed';
/** A resend after a 409 may meet another change; a few rounds are plenty for a test. */
const MAX_SEND_ATTEMPTS = 3;
const PAGE = 500;

const suite = new CipherSuite({ kem: new DhkemP256HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() });

const toBase64url = (bytes) => Buffer.from(bytes).toString('base64url');
const fromBase64url = (text) => new Uint8Array(Buffer.from(text, 'base64url'));
const utf8 = (text) => new TextEncoder().encode(text);
const aadOf = (conversationId, clientId, senderDeviceId) => utf8(`${conversationId}|${clientId}|${senderDeviceId}`);

/** Registers a new device for the token's user and returns a peer that reads and writes as it. */
export async function createDirectPeer({ apiBase, token, label = 'Oberoende testklient' }) {
  const api = apiClient(apiBase, token);
  const { username } = (await api('GET', '/me', undefined, [200])).body;
  const keyPair = await suite.kem.generateKeyPair();
  const publicKey = toBase64url(await suite.kem.serializePublicKey(keyPair.publicKey));
  const device = (await api('POST', '/devices', { publicKey, label }, [201])).body;

  /** Every message of the conversation with this device's copy opened; plaintext null where it has no copy. */
  async function fetchAndOpen(conversationId) {
    const opened = [];
    for (let afterSeq = 0, more = true; more; ) {
      const query = `deviceId=${encodeURIComponent(device.id)}&afterSeq=${afterSeq}&limit=${PAGE}`;
      const page = (await api('GET', `/conversations/${conversationId}/messages?${query}`, undefined, [200])).body;
      for (const message of page.messages) {
        opened.push({ ...pick(message), plaintext: await openCopy(conversationId, message) });
        afterSeq = Math.max(afterSeq, message.seq);
      }
      more = page.hasMore === true && page.messages.length > 0;
    }
    return opened;
  }

  async function openCopy(conversationId, message) {
    if (message.enc == null || message.ciphertext == null) {
      return null;
    }
    const plaintext = await suite.open(
      { recipientKey: keyPair, enc: fromBase64url(message.enc), info: INFO },
      fromBase64url(message.ciphertext),
      aadOf(conversationId, message.clientId, message.senderDeviceId),
    );
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
  }

  /** Seals {"text"} to every device of both parties but this one and posts it; reseals once per 409. */
  async function send(conversationId, text) {
    const clientId = randomUUID();
    const plaintext = utf8(JSON.stringify({ text }));
    let devices = await currentDevices(conversationId);
    for (let attempt = 1; attempt <= MAX_SEND_ATTEMPTS; attempt++) {
      const copies = await sealAll(conversationId, clientId, plaintext, devices);
      const answer = await api('POST', `/conversations/${conversationId}/messages`,
        { clientId, senderDeviceId: device.id, copies }, [200, 201, 409]);
      if (answer.status !== 409) {
        return { clientId, ...answer.body };
      }
      if (!String(answer.body?.type ?? '').endsWith(DEVICE_LIST_CHANGED) || !Array.isArray(answer.body.devices)) {
        throw new Error(`send answered 409 without a device list: ${JSON.stringify(answer.body)}`);
      }
      devices = answer.body.devices;
    }
    throw new Error(`the device list kept changing: ${MAX_SEND_ATTEMPTS} attempts to send ${clientId}`);
  }

  async function currentDevices(conversationId) {
    const { conversations } = (await api('GET', '/conversations', undefined, [200])).body;
    const conversation = conversations.find((c) => c.id === conversationId);
    if (!conversation) {
      throw new Error(`conversation ${conversationId} is not one of ${username}'s`);
    }
    const lists = await Promise.all([username, conversation.with.username].map(async (person) =>
      (await api('GET', `/users/${encodeURIComponent(person)}/devices`, undefined, [200])).body.devices));
    return lists.flat();
  }

  async function sealAll(conversationId, clientId, plaintext, devices) {
    const aad = aadOf(conversationId, clientId, device.id);
    const copies = [];
    for (const target of devices.filter((d) => d.id !== device.id)) {
      const recipientPublicKey = await suite.kem.deserializePublicKey(fromBase64url(target.publicKey));
      const { enc, ct } = await suite.seal({ recipientPublicKey, info: INFO }, plaintext, aad);
      copies.push({ deviceId: target.id, enc: toBase64url(enc), ciphertext: toBase64url(ct) });
    }
    return copies;
  }

  /** Removes this device (DELETE /devices/{id}); the peer cannot send afterwards. */
  async function remove() {
    await api('DELETE', `/devices/${device.id}`, undefined, [204]);
  }

  return { username, deviceId: device.id, fingerprint: device.fingerprint, publicKey, fetchAndOpen, send, remove };
}

function pick({ id, seq, clientId, sender, senderDeviceId, sentAt }) {
  return { id, seq, clientId, sender, senderDeviceId, sentAt };
}

/** fetch with the bearer token; refuses any status not in `expected`, with the problem's body. */
function apiClient(apiBase, token) {
  const base = String(apiBase).replace(/\/+$/, '');
  return async (method, path, body, expected) => {
    const bearer = typeof token === 'function' ? await token() : token;
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${bearer}`,
        Accept: 'application/json, application/problem+json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    if (!expected.includes(response.status)) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    }
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
}

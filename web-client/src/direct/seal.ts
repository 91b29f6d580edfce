/**
 * HPKE (RFC 9180, bas-läge) med @hpke/core: DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-128-GCM,
 * `info` = "samverkan-direct-v1", `aad` = "<conversationId>|<clientId>|<senderDeviceId>".
 * Klartexten är UTF-8-JSON med minst `text`. Ren modul utan DOM.
 *
 * Den privata nyckeln är inte exporterbar: `open` får hela CryptoKeyPair, så att @hpke/core tar
 * den publika nyckeln därifrån och bara använder den privata för `deriveBits`.
 */
import { Aes128Gcm, CipherSuite, DhkemP256HkdfSha256, HkdfSha256 } from '@hpke/core';
import { aadBytes, base64urlDecode, base64urlEncode, INFO } from './codes.js';
import type { Copy } from './protocol.js';

const suite = new CipherSuite({ kem: new DhkemP256HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() });
const info = new TextEncoder().encode(INFO);

export interface Plaintext {
  text: string;
  [extra: string]: unknown;
}

/** Vad ett meddelande är sett från en enhet: sänt av vem, i vilken konversation. */
export interface MessageContext {
  conversationId: string;
  clientId: string;
  senderDeviceId: string;
}

/** Skapar enhetens nyckelpar: ECDH P-256, den privata nyckeln inte exporterbar. */
export function generateDeviceKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']) as Promise<CryptoKeyPair>;
}

/** Den publika nyckeln som 65 byte (okomprimerad punkt). */
export async function rawPublicKey(keys: CryptoKeyPair): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.exportKey('raw', keys.publicKey));
}

/** Förseglar klartexten till en enhet (publik nyckel i base64url). */
export async function sealTo(deviceId: string, publicKey: string, plaintext: Plaintext, context: MessageContext): Promise<Copy> {
  const recipientPublicKey = await suite.kem.deserializePublicKey(base64urlDecode(publicKey));
  const bytes = new TextEncoder().encode(JSON.stringify(plaintext));
  const sealed = await suite.seal(
    { recipientPublicKey, info },
    bytes,
    aadBytes(context.conversationId, context.clientId, context.senderDeviceId),
  );
  return { deviceId, enc: base64urlEncode(new Uint8Array(sealed.enc)), ciphertext: base64urlEncode(new Uint8Array(sealed.ct)) };
}

/** Förseglar till varje enhet (en kopia var). */
export function sealToAll(devices: { id: string; publicKey: string }[], plaintext: Plaintext, context: MessageContext): Promise<Copy[]> {
  return Promise.all(devices.map((d) => sealTo(d.id, d.publicKey, plaintext, context)));
}

/** Öppnar en kopia; kastar om den inte går att öppna eller inte är ett meddelande. */
export async function openCopy(keys: CryptoKeyPair, enc: string, ciphertext: string, context: MessageContext): Promise<Plaintext> {
  const bytes = await suite.open(
    { recipientKey: keys, enc: base64urlDecode(enc), info },
    base64urlDecode(ciphertext),
    aadBytes(context.conversationId, context.clientId, context.senderDeviceId),
  );
  const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  if (typeof value !== 'object' || value === null || typeof (value as { text?: unknown }).text !== 'string') {
    throw new Error('plaintext without text');
  }
  return value as Plaintext;
}

// The @hpke/core side of DirectHpkeInteropTest: the direct messages' HPKE suite as the web client
// uses it (npm @hpke/core from web-client/node_modules), talking JSON lines over stdin/stdout.
//
//   node hpke-interop.mjs seal   reads {"publicKey","aad","plaintext"} (base64url key, UTF-8 texts),
//                                prints {"enc","ciphertext"} (base64url)
//   node hpke-interop.mjs open   generates a key pair, prints {"publicKey"}; then reads
//                                {"enc","ciphertext","aad"} and prints {"plaintext"} (UTF-8)
//
// Suite: base mode, DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-128-GCM; info "samverkan-direct-v1".
// Everything goes through stdin (not argv) so that non-ASCII text survives any locale.
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const HPKE_CORE = path.resolve(here, '../../../web-client/node_modules/@hpke/core/esm/mod.js');
const { Aes128Gcm, CipherSuite, DhkemP256HkdfSha256, HkdfSha256 } = await import(pathToFileURL(HPKE_CORE).href);

const INFO = new TextEncoder().encode('samverkan-direct-v1');
const suite = new CipherSuite({ kem: new DhkemP256HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes128Gcm() });

const toBase64url = (bytes) => Buffer.from(bytes).toString('base64url');
const fromBase64url = (text) => new Uint8Array(Buffer.from(text, 'base64url'));
const utf8 = (text) => new TextEncoder().encode(text);

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

async function nextJson() {
  const { value, done } = await lines.next();
  if (done) {
    throw new Error('stdin ended before a JSON line arrived');
  }
  return JSON.parse(value);
}

function print(object) {
  process.stdout.write(`${JSON.stringify(object)}\n`);
}

async function seal() {
  const request = await nextJson();
  const recipientPublicKey = await suite.kem.deserializePublicKey(fromBase64url(request.publicKey));
  const { enc, ct } = await suite.seal({ recipientPublicKey, info: INFO }, utf8(request.plaintext), utf8(request.aad));
  print({ enc: toBase64url(enc), ciphertext: toBase64url(ct) });
}

async function open() {
  const keyPair = await suite.kem.generateKeyPair();
  print({ publicKey: toBase64url(await suite.kem.serializePublicKey(keyPair.publicKey)) });
  const request = await nextJson();
  const plaintext = await suite.open(
    { recipientKey: keyPair, enc: fromBase64url(request.enc), info: INFO },
    fromBase64url(request.ciphertext),
    utf8(request.aad),
  );
  print({ plaintext: new TextDecoder('utf-8', { fatal: true }).decode(plaintext) });
}

const commands = { seal, open };
const command = commands[process.argv[2]];
if (!command) {
  process.stderr.write('usage: node hpke-interop.mjs seal|open\n');
  process.exit(2);
}
try {
  await command();
  process.exit(0);
} catch (error) {
  process.stderr.write(`hpke-interop ${process.argv[2]} failed: ${error?.name ?? 'Error'}: ${error?.message ?? error}\n`);
  process.exit(1);
}

/**
 * C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 signatures, and
 * the C2SP tlog-checkpoint body they carry (https://c2sp.org/tlog-checkpoint).
 * Pure: no DOM; Ed25519 via WebCrypto.
 *
 *   <text, ending in "\n"> "\n" ("— " <key name> " " base64(keyHash[4] ‖ signature[64]) "\n")+
 *
 * keyHash = SHA-256(keyName ‖ 0x0A ‖ 0x01 ‖ publicKey[32])[0:4]; the signature covers the text.
 */
import { type Bytes, concat, equalBytes, fromBase64, fromHex, sha256, utf8, VerifyError } from './bytes.js';
import { HASH_SIZE } from './merkle.js';

/** Signature type byte for Ed25519 in C2SP signed notes. */
const ALG_ED25519 = 0x01;
const SIGNATURE_PREFIX = '\u2014 ';

/** A note verifier key: the signer's name and raw 32-byte Ed25519 public key. */
export interface NoteKey {
  name: string;
  publicKey: Bytes;
}

export interface NoteSignature {
  name: string;
  keyHash: Bytes;
  signature: Bytes;
}

export interface SplitNote {
  /** The signed text, including its final newline. */
  text: string;
  signatures: NoteSignature[];
}

export interface Checkpoint {
  origin: string;
  treeSize: number;
  rootHash: Bytes;
  /** Extension lines after the root (none today). */
  extensions: string[];
}

function malformed(why: string): never {
  throw new VerifyError('note-malformed', `malformed note: ${why}`);
}

function validKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** The 4-byte key hash: SHA-256(name ‖ "\n" ‖ 0x01 ‖ publicKey)[0:4]. */
export async function keyHash(name: string, publicKey: Uint8Array): Promise<Bytes> {
  const digest = await sha256(concat(utf8(name), new Uint8Array([0x0a, ALG_ED25519]), publicKey));
  return digest.slice(0, 4);
}

/** Parses a C2SP verifier key `name+hexhash+base64(0x01 ‖ key)` and checks its hash. */
export async function parseVerifierKey(vkey: string): Promise<NoteKey> {
  const first = vkey.indexOf('+');
  const second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
  if (first <= 0 || second < 0) throw new VerifyError('key-mismatch', 'verifier key is not name+hash+key');
  const name = vkey.slice(0, first);
  const hashHex = vkey.slice(first + 1, second);
  if (!validKeyName(name) || !/^[0-9a-f]{8}$/.test(hashHex)) {
    throw new VerifyError('key-mismatch', 'verifier key has a bad name or hash');
  }
  let typed: Bytes;
  try {
    typed = fromBase64(vkey.slice(second + 1), 33);
  } catch (cause) {
    throw new VerifyError('key-mismatch', 'verifier key material is not base64 of 33 bytes', { cause });
  }
  if (typed[0] !== ALG_ED25519) throw new VerifyError('key-mismatch', 'verifier key is not Ed25519');
  const publicKey = typed.slice(1);
  if (!equalBytes(await keyHash(name, publicKey), fromHex(hashHex))) {
    throw new VerifyError('key-mismatch', 'verifier key hash does not match its name and key');
  }
  return { name, publicKey };
}

/** Splits a signed note into its text and signature lines (no cryptography). */
export function splitNote(note: string): SplitNote {
  if (typeof note !== 'string') malformed('not a string');
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/u.test(note)) malformed('control characters');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) malformed('no blank line before the signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (text.length === 0 || !block.endsWith('\n')) malformed('text or signatures missing');
  const signatures: NoteSignature[] = [];
  for (const line of block.slice(0, -1).split('\n')) {
    if (!line.startsWith(SIGNATURE_PREFIX)) malformed('a signature line does not start with "— "');
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    if (space <= 0) malformed('a signature line has no key name');
    const name = rest.slice(0, space);
    if (!validKeyName(name)) malformed('bad key name');
    let blob: Bytes;
    try {
      blob = fromBase64(rest.slice(space + 1));
    } catch {
      malformed('signature is not base64');
    }
    if (blob.length <= 4) malformed('signature too short');
    signatures.push({ name, keyHash: blob.slice(0, 4), signature: blob.slice(4) });
  }
  if (signatures.length === 0) malformed('no signatures');
  return { text, signatures };
}

async function importEd25519(publicKey: Bytes): Promise<CryptoKey> {
  if (publicKey.length !== 32) throw new VerifyError('key-mismatch', 'an Ed25519 public key has 32 bytes');
  try {
    return await crypto.subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
  } catch (cause) {
    const name = cause instanceof Error || cause instanceof DOMException ? cause.name : '';
    if (name === 'NotSupportedError' || name === 'TypeError') {
      throw new VerifyError('unsupported', 'this environment cannot verify Ed25519 signatures', { cause });
    }
    throw new VerifyError('key-mismatch', 'the public key is not a valid Ed25519 key', { cause });
  }
}

/**
 * Verifies that `note` carries a valid Ed25519 signature by `key` and returns
 * the signed text. Throws VerifyError (note-malformed, note-no-signature,
 * note-bad-signature, unsupported).
 */
export async function verifyNote(note: string, key: NoteKey): Promise<string> {
  const { text, signatures } = splitNote(note);
  const expectedHash = await keyHash(key.name, key.publicKey);
  const mine = signatures.filter((s) => s.name === key.name && equalBytes(s.keyHash, expectedHash));
  if (mine.length === 0) {
    throw new VerifyError('note-no-signature', `the note has no signature by ${key.name}`);
  }
  const cryptoKey = await importEd25519(key.publicKey);
  const message = utf8(text);
  for (const s of mine) {
    if (s.signature.length === 64 && (await crypto.subtle.verify({ name: 'Ed25519' }, cryptoKey, s.signature, message))) {
      return text;
    }
  }
  throw new VerifyError('note-bad-signature', `the signature by ${key.name} does not verify`);
}

/** Parses a tlog-checkpoint body: origin, decimal tree size, base64 root hash, extension lines. */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) malformed('checkpoint does not end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) malformed('checkpoint has fewer than three lines');
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) malformed('empty origin');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) malformed('tree size is not a decimal number');
  const treeSize = Number(sizeText);
  if (!Number.isSafeInteger(treeSize)) malformed('tree size too large');
  let rootHash: Bytes;
  try {
    rootHash = fromBase64(rootText, HASH_SIZE);
  } catch {
    malformed('root hash is not base64 of 32 bytes');
  }
  if (extensions.some((line) => line.length === 0)) malformed('empty extension line');
  return { origin, treeSize, rootHash, extensions };
}

/**
 * Verifies a signed checkpoint note with `key` and returns its parsed body.
 * Throws VerifyError.
 */
export async function verifyCheckpoint(note: string, key: NoteKey): Promise<Checkpoint> {
  return parseCheckpoint(await verifyNote(note, key));
}

/** Convenience for callers holding base64: builds a NoteKey from a name and base64 raw key. */
export function noteKey(name: string, publicKeyBase64: string): NoteKey {
  if (!validKeyName(name)) throw new VerifyError('key-mismatch', 'bad key name');
  return { name, publicKey: fromBase64(publicKeyBase64, 32) };
}

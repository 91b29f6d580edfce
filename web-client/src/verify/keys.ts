/**
 * The log's identity as this browser pinned it — origin, key name and public key — and
 * the only way it may change: a key transition, a C2SP signed note by the pinned key
 * (and by the new one) naming the new key and origin. A key or origin the browser
 * cannot reach from its pin through such notes is reported as a failure, never as a
 * fresh start: a server that rewrote its history could otherwise simply sign it with a
 * new key. Pure: no DOM.
 *
 *   samverkan sharing-log key transition v1
 *   old-origin <origin>
 *   old-key <verifier key>
 *   new-origin <origin>
 *   new-key <verifier key>
 */
import { equalBytes, fromBase64, sha256, toBase64, toHex, VerifyError } from './bytes.js';
import { type NoteKey, parseVerifierKey, splitNote, verifyNote } from './note.js';

const HEADER = 'samverkan sharing-log key transition v1';

/** Who signs the log's checkpoints: what a browser pins on its first visit. */
export interface LogIdentity {
  origin: string;
  keyName: string;
  /** base64 of the raw 32-byte Ed25519 key */
  publicKey: string;
}

export interface KeyTransition {
  oldOrigin: string;
  oldKey: NoteKey;
  newOrigin: string;
  newKey: NoteKey;
}

function invalid(why: string, cause?: unknown): never {
  throw new VerifyError('key-transition-invalid', `key transition: ${why}`, cause === undefined ? undefined : { cause });
}

/** Parses a transition note's text (no signature check). Throws VerifyError('key-transition-invalid'). */
export async function parseTransition(note: string): Promise<KeyTransition> {
  let text: string;
  try {
    text = splitNote(note).text;
  } catch (cause) {
    invalid('not a signed note', cause);
  }
  const lines = text.slice(0, -1).split('\n');
  const field = (i: number, name: string): string => {
    const line = lines[i];
    if (line === undefined || !line.startsWith(`${name} `)) invalid(`line ${i + 1} is not "${name}"`);
    const value = line.slice(name.length + 1);
    if (value.length === 0 || /\s/u.test(value)) invalid(`${name} is not one word`);
    return value;
  };
  if (lines.length !== 5 || lines[0] !== HEADER) invalid('not a key transition');
  const keyOf = async (value: string): Promise<NoteKey> => {
    try {
      return await parseVerifierKey(value);
    } catch (cause) {
      invalid('bad verifier key', cause);
    }
  };
  return {
    oldOrigin: field(1, 'old-origin'),
    oldKey: await keyOf(field(2, 'old-key')),
    newOrigin: field(3, 'new-origin'),
    newKey: await keyOf(field(4, 'new-key')),
  };
}

function same(identity: LogIdentity, origin: string, key: NoteKey): boolean {
  return identity.origin === origin && identity.keyName === key.name && equalBytes(fromBase64(identity.publicKey, 32), key.publicKey);
}

/**
 * Walks the transition notes (oldest first) from `pinned` and returns how many it
 * followed to reach `served`. A note that does not start at the identity reached so
 * far is skipped (it is from before this browser's pin); one that does must be signed
 * by that key and by the key it names. Throws VerifyError: 'key-transition-invalid'
 * for such a note with a bad signature, else 'origin-changed' or 'key-changed' when
 * `served` was not reached.
 */
export async function followTransitions(pinned: LogIdentity, served: LogIdentity, notes: readonly string[]): Promise<number> {
  let trusted = pinned;
  let followed = 0;
  for (const note of notes) {
    if (trusted.origin === served.origin && trusted.keyName === served.keyName && trusted.publicKey === served.publicKey) break;
    const transition = await parseTransition(note);
    if (!same(trusted, transition.oldOrigin, transition.oldKey)) continue;
    try {
      await verifyNote(note, transition.oldKey);
      await verifyNote(note, transition.newKey);
    } catch (cause) {
      if (cause instanceof VerifyError && cause.code === 'unsupported') throw cause;
      invalid('not signed by both the old and the new key', cause);
    }
    trusted = {
      origin: transition.newOrigin,
      keyName: transition.newKey.name,
      publicKey: toBase64(transition.newKey.publicKey),
    };
    followed++;
  }
  if (trusted.origin !== served.origin) {
    throw new VerifyError('origin-changed', 'the log names another origin than the one pinned, with no signed transition');
  }
  if (trusted.keyName !== served.keyName || trusted.publicKey !== served.publicKey) {
    throw new VerifyError('key-changed', 'the log is signed by another key than the one pinned, with no signed transition');
  }
  return followed;
}

/** SHA-256 of the raw public key, hex in groups of four: what the server prints at start. */
export async function fingerprint(publicKeyBase64: string): Promise<string> {
  const hex = toHex(await sha256(fromBase64(publicKeyBase64, 32)));
  return hex.match(/.{4}/gu)?.join(' ') ?? hex;
}

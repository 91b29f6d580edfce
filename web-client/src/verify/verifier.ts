/**
 * Verifies what the server shows of the sharing log, without trusting it:
 *
 *  1. each entry's leaf hash is SHA-256(0x00 ‖ UTF-8(canonical)) and the canonical
 *     text names the same log index and child (see entry.ts);
 *  2. the log's checkpoint is signed (C2SP signed note, Ed25519) by the log key,
 *     and the note says the same size and root as the JSON;
 *  3. every entry is in that tree (RFC 9162 inclusion proof);
 *  4. the tree extends the checkpoint this browser saw last time (RFC 9162
 *     consistency proof), so nothing was rewritten in between — and it is signed
 *     by the key and names the origin pinned then, or by ones that notes signed
 *     with the pinned key handed over to (see keys.ts). Any other key or origin
 *     is a failure: a new key is how a rewritten history would be presented.
 *
 * Pure: no DOM. The caller supplies the HTTP calls ({@link LogSource}) and the
 * storage of the last checkpoint ({@link CheckpointStore}).
 */
import { type Bytes, equalBytes, fromBase64, toBase64, VerifyError, type VerifyFailure } from './bytes.js';
import { type CanonicalEntry, checkEntry, parseCanonical, type ServedEntry } from './entry.js';
import { HASH_SIZE, verifyConsistency, verifyInclusion } from './merkle.js';
import { fingerprint, followTransitions } from './keys.js';
import { noteKey, parseVerifierKey, verifyCheckpoint } from './note.js';

export interface CheckpointResponse {
  origin: string;
  treeSize: number;
  rootHash: string;
  signedNote: string;
}

export interface PublicKeyResponse {
  keyName: string;
  publicKey: string;
  verifierKey?: string;
  algorithm?: string;
}

/** GET /api/sharing-log/key-transitions: signed notes, oldest first. */
export interface KeyTransitionsResponse {
  transitions: string[];
}

export interface ProofResponse {
  hashes: string[];
}

/** The server calls verification needs (GET /api/sharing-log/…). */
export interface LogSource {
  checkpoint(): Promise<CheckpointResponse>;
  publicKey(): Promise<PublicKeyResponse>;
  inclusionProof(index: number, size: number): Promise<ProofResponse>;
  consistencyProof(from: number, to: number): Promise<ProofResponse>;
  /** Asked only when the log's key or origin is not the one pinned. */
  keyTransitions(): Promise<KeyTransitionsResponse>;
}

/** The last verified checkpoint and the key that signed it, kept between visits (it names no child). */
export interface StoredCheckpoint {
  origin: string;
  keyName: string;
  publicKey: string;
  treeSize: number;
  rootHash: string;
}

export interface CheckpointStore {
  load(): StoredCheckpoint | null;
  save(checkpoint: StoredCheckpoint): void;
}

/** Result of the local check of one entry (step 1). */
export interface LeafCheck {
  logIndex: number;
  /** Parsed from the hashed text; null when the text could not be parsed. */
  entry: CanonicalEntry | null;
  leaf: Bytes | null;
  failure: VerifyFailure | null;
}

export type EntryCheck =
  | { logIndex: number; status: 'verified'; entry: CanonicalEntry }
  | { logIndex: number; status: 'failed'; reason: VerifyFailure; entry: CanonicalEntry | null };

/** How the current log relates to the one this browser saw last. */
export type Continuity =
  /** Nothing stored yet: the current checkpoint is remembered from now on. */
  | { kind: 'first'; size: number }
  /** Same size and root as last time. */
  | { kind: 'unchanged'; size: number }
  /** The log has grown and the consistency proof shows nothing before was changed. */
  | { kind: 'grown'; from: number; to: number }
  /** Another key or origin without a signed transition, or a log that does not extend what was seen before. */
  | { kind: 'failed'; reason: VerifyFailure; from: number; to: number };

export interface LogReport {
  /** verified: everything checked out. failed: something did not. error: could not finish (network). */
  status: 'verified' | 'failed' | 'error';
  /** Log-level failure (checkpoint signature, consistency), if any. */
  failure: VerifyFailure | null;
  checkpoint: { origin: string; treeSize: number; rootHash: string } | null;
  /** The key the server signs with (verified or not), with its fingerprint to compare out of band. */
  key: { keyName: string; fingerprint: string } | null;
  /** The key or origin differs from the pinned one and signed transitions lead to it. */
  keyChanged: boolean;
  continuity: Continuity | null;
  entries: EntryCheck[];
  error: unknown;
}

/** Step 1: local checks of every served entry (no network). */
export async function checkEntries(served: readonly ServedEntry[], childId?: string): Promise<LeafCheck[]> {
  return Promise.all(
    served.map(async (item): Promise<LeafCheck> => {
      try {
        const { entry, leaf } = await checkEntry(item, childId);
        return { logIndex: item.logIndex, entry, leaf, failure: null };
      } catch (error) {
        const failure = error instanceof VerifyError ? error.code : 'malformed';
        let entry: CanonicalEntry | null = null;
        // Even a mismatching entry is shown from its own text (clearly marked as not verified).
        if (failure === 'leaf-hash-mismatch' || failure === 'wrong-index' || failure === 'wrong-child') {
          try {
            entry = parseCanonical(item.canonical);
          } catch {
            entry = null;
          }
        }
        return { logIndex: item.logIndex, entry, leaf: null, failure };
      }
    }),
  );
}

export interface VerifyOptions {
  /** Called as each entry's result becomes known. */
  onEntry?: (check: EntryCheck) => void;
  /** How many inclusion proofs to fetch at once. */
  concurrency?: number;
}

/** Steps 2–4 for entries already checked with {@link checkEntries}. Never throws. */
export async function verifyLog(
  leaves: readonly LeafCheck[],
  source: LogSource,
  store: CheckpointStore,
  options: VerifyOptions = {},
): Promise<LogReport> {
  const results = new Map<number, EntryCheck>();
  const report = (check: EntryCheck): void => {
    results.set(check.logIndex, check);
    options.onEntry?.(check);
  };
  for (const leaf of leaves) {
    if (leaf.failure !== null) report({ logIndex: leaf.logIndex, status: 'failed', reason: leaf.failure, entry: leaf.entry });
  }
  const ordered = (): EntryCheck[] =>
    leaves.map((l) => results.get(l.logIndex) ?? { logIndex: l.logIndex, status: 'failed', reason: 'unavailable', entry: l.entry });
  const failAll = (reason: VerifyFailure): void => {
    for (const leaf of leaves) {
      if (!results.has(leaf.logIndex)) report({ logIndex: leaf.logIndex, status: 'failed', reason, entry: leaf.entry });
    }
  };

  // 2. The signed checkpoint.
  let checkpoint: { origin: string; treeSize: number; rootHash: Bytes };
  let publicKey: PublicKeyResponse;
  try {
    const [cp, pk] = await Promise.all([source.checkpoint(), source.publicKey()]);
    publicKey = pk;
    const key = noteKey(pk.keyName, pk.publicKey);
    if (pk.verifierKey !== undefined && pk.verifierKey !== null) {
      const fromVerifierKey = await parseVerifierKey(pk.verifierKey);
      if (fromVerifierKey.name !== key.name || !equalBytes(fromVerifierKey.publicKey, key.publicKey)) {
        throw new VerifyError('key-mismatch', 'verifierKey and publicKey disagree');
      }
    }
    const note = await verifyCheckpoint(cp.signedNote, key);
    if (
      note.origin !== cp.origin ||
      note.treeSize !== cp.treeSize ||
      !equalBytes(note.rootHash, fromBase64(cp.rootHash, HASH_SIZE))
    ) {
      throw new VerifyError('note-mismatch', 'the signed note and the checkpoint JSON disagree');
    }
    checkpoint = { origin: note.origin, treeSize: note.treeSize, rootHash: note.rootHash };
  } catch (error) {
    if (error instanceof VerifyError) {
      failAll(error.code);
      return { status: 'failed', failure: error.code, checkpoint: null, key: null, keyChanged: false, continuity: null, entries: ordered(), error };
    }
    failAll('unavailable');
    return { status: 'error', failure: 'unavailable', checkpoint: null, key: null, keyChanged: false, continuity: null, entries: ordered(), error };
  }
  const checkpointOut = { origin: checkpoint.origin, treeSize: checkpoint.treeSize, rootHash: toBase64(checkpoint.rootHash) };
  const current: StoredCheckpoint = {
    origin: checkpoint.origin,
    keyName: publicKey.keyName,
    publicKey: publicKey.publicKey,
    treeSize: checkpoint.treeSize,
    rootHash: checkpointOut.rootHash,
  };
  const key = { keyName: publicKey.keyName, fingerprint: await fingerprint(publicKey.publicKey) };

  // 4. Continuity with the checkpoint seen last time.
  let continuity: Continuity;
  let keyChanged = false;
  let stored: StoredCheckpoint | null = null;
  try {
    stored = store.load();
  } catch {
    stored = null;
  }
  if (!stored || !Number.isSafeInteger(stored.treeSize)) {
    continuity = { kind: 'first', size: current.treeSize };
  } else {
    keyChanged = stored.origin !== current.origin || stored.keyName !== current.keyName || stored.publicKey !== current.publicKey;
    const from = stored.treeSize;
    const to = current.treeSize;
    let failure: VerifyFailure | null = null;
    try {
      if (keyChanged) await followTransitions(stored, current, decodeTransitions(await source.keyTransitions()));
    } catch (error) {
      if (!(error instanceof VerifyError)) {
        failAll('unavailable');
        return { status: 'error', failure: 'unavailable', checkpoint: checkpointOut, key, keyChanged, continuity: null, entries: ordered(), error };
      }
      // Nothing the unknown key signed is shown as verified.
      failAll(error.code);
      return {
        status: 'failed', failure: error.code, checkpoint: checkpointOut, key, keyChanged,
        continuity: { kind: 'failed', reason: error.code, from, to }, entries: ordered(), error,
      };
    }
    try {
      const oldRoot = fromBase64(stored.rootHash, HASH_SIZE);
      if (from > to) {
        failure = 'log-shrunk';
      } else if (from === to) {
        if (!equalBytes(oldRoot, checkpoint.rootHash)) failure = 'root-changed';
      } else if (from > 0) {
        const proof = await source.consistencyProof(from, to);
        await verifyConsistency(from, to, oldRoot, checkpoint.rootHash, decodeHashes(proof));
      }
    } catch (error) {
      if (error instanceof VerifyError) {
        failure = error.code === 'malformed' ? 'consistency-proof-invalid' : error.code;
      } else {
        failAll('unavailable');
        return { status: 'error', failure: 'unavailable', checkpoint: checkpointOut, key, keyChanged, continuity: null, entries: ordered(), error };
      }
    }
    if (failure === null) {
      continuity = from === to ? { kind: 'unchanged', size: to } : { kind: 'grown', from, to };
    } else {
      continuity = { kind: 'failed', reason: failure, from, to };
    }
  }
  if (continuity.kind !== 'failed') {
    try {
      store.save(current);
    } catch {
      // Storage may be disabled; verification still stands for this visit.
    }
  }

  // 3. Every entry is in the signed tree.
  const pending = leaves.filter((l) => !results.has(l.logIndex));
  const concurrency = Math.max(1, options.concurrency ?? 4);
  let networkError: unknown = null;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < pending.length) {
      const leaf = pending[next++] as LeafCheck;
      const entry = leaf.entry as CanonicalEntry;
      if (leaf.logIndex >= checkpoint.treeSize) {
        report({ logIndex: leaf.logIndex, status: 'failed', reason: 'not-in-checkpoint', entry });
        continue;
      }
      try {
        const proof = await source.inclusionProof(leaf.logIndex, checkpoint.treeSize);
        await verifyInclusion(leaf.logIndex, checkpoint.treeSize, leaf.leaf as Bytes, decodeHashes(proof), checkpoint.rootHash);
        report({ logIndex: leaf.logIndex, status: 'verified', entry });
      } catch (error) {
        if (error instanceof VerifyError) {
          report({ logIndex: leaf.logIndex, status: 'failed', reason: error.code === 'malformed' ? 'inclusion-proof-invalid' : error.code, entry });
        } else {
          networkError ??= error;
          report({ logIndex: leaf.logIndex, status: 'failed', reason: 'unavailable', entry });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, pending.length) }, worker));

  const entries = ordered();
  const allVerified = entries.every((e) => e.status === 'verified');
  const failure = continuity.kind === 'failed' ? continuity.reason : null;
  let status: LogReport['status'] = allVerified && failure === null ? 'verified' : 'failed';
  if (status === 'failed' && failure === null && networkError !== null
    && entries.every((e) => e.status === 'verified' || e.reason === 'unavailable')) {
    status = 'error';
  }
  return { status, failure, checkpoint: checkpointOut, key, keyChanged, continuity, entries, error: networkError };
}

function decodeTransitions(response: KeyTransitionsResponse): string[] {
  if (!response || !Array.isArray(response.transitions) || response.transitions.some((t) => typeof t !== 'string')) {
    throw new VerifyError('key-transition-invalid', 'key transitions are not a list of notes');
  }
  return response.transitions;
}

function decodeHashes(proof: ProofResponse): Bytes[] {
  if (!proof || !Array.isArray(proof.hashes)) throw new VerifyError('malformed', 'proof has no hashes');
  return proof.hashes.map((h) => fromBase64(h, HASH_SIZE));
}

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing and proof verification (SHA-256).
 * Pure: no DOM. Tree sizes and indexes are plain numbers; all arithmetic avoids
 * 32-bit bit operators so sizes up to 2^53 work.
 */
import { type Bytes, concat, equalBytes, sha256, VerifyError } from './bytes.js';

export const HASH_SIZE = 32;

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

/** MTH({d}) = SHA-256(0x00 ‖ d). */
export function leafHash(data: Uint8Array): Promise<Bytes> {
  return sha256(concat(LEAF_PREFIX, data));
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Bytes> {
  return sha256(concat(NODE_PREFIX, left, right));
}

/** The largest power of two strictly smaller than n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isOdd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}

function checkSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new VerifyError('malformed', `${name} must be a non-negative integer, got ${value}`);
  }
}

function checkHashes(hashes: readonly Uint8Array[]): void {
  for (const h of hashes) {
    if (h.length !== HASH_SIZE) throw new VerifyError('malformed', `a proof hash has ${h.length} bytes`);
  }
}

/** The root of a tree with these leaf hashes (RFC 6962 §2.1 MTH). For tests and small trees. */
export async function rootFromLeafHashes(leaves: readonly Bytes[]): Promise<Bytes> {
  if (leaves.length === 0) return sha256(new Uint8Array(0));
  if (leaves.length === 1) return leaves[0] as Bytes;
  const k = split(leaves.length);
  return nodeHash(await rootFromLeafHashes(leaves.slice(0, k)), await rootFromLeafHashes(leaves.slice(k)));
}

/**
 * Recomputes the root from an inclusion proof (RFC 9162 §2.1.3.2). Throws
 * VerifyError('inclusion-proof-invalid') if the proof has the wrong shape.
 */
export async function rootFromInclusionProof(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): Promise<Bytes> {
  checkSize('index', index);
  checkSize('size', size);
  checkHashes([leaf, ...proof]);
  if (index >= size) {
    throw new VerifyError('inclusion-proof-invalid', `index ${index} is not in a tree of size ${size}`);
  }
  let fn = index;
  let sn = size - 1;
  let r: Bytes = concat(leaf);
  for (const p of proof) {
    if (sn === 0) throw new VerifyError('inclusion-proof-invalid', 'inclusion proof is too long');
    if (isOdd(fn) || fn === sn) {
      r = await nodeHash(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new VerifyError('inclusion-proof-invalid', 'inclusion proof is too short');
  return r;
}

/** Verifies that `leaf` is at `index` in the tree of `size` with root `root`. Throws VerifyError. */
export async function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): Promise<void> {
  const computed = await rootFromInclusionProof(index, size, leaf, proof);
  if (!equalBytes(computed, root)) {
    throw new VerifyError('inclusion-proof-invalid', `inclusion proof for ${index} in ${size} does not lead to the root`);
  }
}

/**
 * Verifies that the tree of size `first` with root `firstRoot` is a prefix of
 * the tree of size `second` with root `secondRoot` (RFC 9162 §2.1.4.2).
 * Throws VerifyError('consistency-proof-invalid').
 */
export async function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  proof: readonly Uint8Array[],
): Promise<void> {
  checkSize('first', first);
  checkSize('second', second);
  checkHashes([firstRoot, secondRoot, ...proof]);
  const fail = (why: string): never => {
    throw new VerifyError('consistency-proof-invalid', `consistency ${first}→${second}: ${why}`);
  };
  if (first > second) fail('the first tree is larger than the second');
  if (first === second) {
    if (proof.length !== 0) fail('a proof between equal sizes must be empty');
    if (!equalBytes(firstRoot, secondRoot)) fail('equal sizes but different roots');
    return;
  }
  if (first === 0) {
    // The empty tree is a prefix of every tree; there is nothing to prove.
    if (proof.length !== 0) fail('a proof from the empty tree must be empty');
    return;
  }
  if (proof.length === 0) fail('empty proof');
  const path: Uint8Array[] = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Bytes = concat(path[0] as Uint8Array);
  let sr: Bytes = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) fail('proof is too long');
    if (isOdd(fn) || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) fail('proof is too short');
  if (!equalBytes(fr, firstRoot)) fail('the proof does not lead to the first root');
  if (!equalBytes(sr, secondRoot)) fail('the proof does not lead to the second root');
}

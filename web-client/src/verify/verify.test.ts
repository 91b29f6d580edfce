// Unit tests for the sharing-log verification (src/verify), run by `npm run test:unit`
// (which first compiles src/verify with tsconfig.unit.json into .unit-build/verify).
//
// Vectors: RFC 6962 / certificate-transparency test vectors (leaves, roots, inclusion and
// consistency proofs), golang.org/x/mod/sumdb/note's signed-note example, and an in-memory
// log signed like the server does it (checkpoint + Ed25519 signed note).
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import test from 'node:test';

import { batchedInclusionProofs } from './batch.js';
import * as bytes from './bytes.js';
import * as entryModule from './entry.js';
import * as keys from './keys.js';
import * as merkle from './merkle.js';
import * as note from './note.js';
import * as verifier from './verifier.js';
import type { Bytes } from './bytes.js';
import type { CheckpointResponse, EntryCheck, LogSource, ProofResponse, StoredCheckpoint } from './verifier.js';

const { fromHex, toHex, toBase64, fromBase64, utf8, VerifyError } = bytes;

const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const INCLUSION = [
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];
const CONSISTENCY = [
  {
    from: 1,
    to: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    from: 6,
    to: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    from: 2,
    to: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    from: 6,
    to: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

const root = (size: number) => fromHex(ROOTS[size - 1]!);
const hexes = (list: string[]) => list.map((hex) => fromHex(hex));
/** Entry `i` of a report, as a failed one (the test then checks that it is). */
const failedEntry = (entries: EntryCheck[], i: number) => entries[i] as Extract<EntryCheck, { status: 'failed' }>;
const leafHashes = () => Promise.all(LEAVES.map((hex) => merkle.leafHash(fromHex(hex))));

/** Copies of `proof` with one bit flipped in each hash in turn. */
function bitFlips(proof: Bytes[]): Bytes[][] {
  return proof.map((_, i) =>
    proof.map((h, j) => {
      const copy = Uint8Array.from(h);
      if (i === j) copy[i % copy.length]! ^= 0x01;
      return copy;
    }),
  );
}

async function rejects(promise: Promise<unknown>, code: string | undefined, message: string) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof VerifyError, `${message}: expected a VerifyError, got ${error}`);
    if (code) assert.equal(error.code, code, message);
    return true;
  }, message);
}

// ---------------------------------------------------------------------------------------------
// Reference RFC 6962 §2.1 definitions (MTH, PATH, PROOF), written independently of the module
// under test, for exhaustive checks over small trees.
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
async function mth(leaves: Bytes[]): Promise<Bytes> {
  if (leaves.length === 0) return new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(0)));
  if (leaves.length === 1) return leaves[0]!;
  const k = split(leaves.length);
  return merkle.nodeHash(await mth(leaves.slice(0, k)), await mth(leaves.slice(k)));
}
async function path(m: number, leaves: Bytes[]): Promise<Bytes[]> {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return m < k
    ? [...(await path(m, leaves.slice(0, k))), await mth(leaves.slice(k))]
    : [...(await path(m - k, leaves.slice(k))), await mth(leaves.slice(0, k))];
}
async function subproof(m: number, leaves: Bytes[], whole: boolean): Promise<Bytes[]> {
  const n = leaves.length;
  if (m === n) return whole ? [] : [await mth(leaves)];
  const k = split(n);
  return m <= k
    ? [...(await subproof(m, leaves.slice(0, k), whole)), await mth(leaves.slice(k))]
    : [...(await subproof(m - k, leaves.slice(k), false)), await mth(leaves.slice(0, k))];
}
const consistencyProof = (m: number, leaves: Bytes[]) => subproof(m, leaves, true);
async function manyLeaves(count: number): Promise<Bytes[]> {
  const out: Bytes[] = [];
  for (let i = 0; i < count; i++) out.push(await merkle.leafHash(utf8(`leaf ${i}`)));
  return out;
}

// ---------------------------------------------------------------------------------------------
test('leaf hashes and roots of the RFC 6962 test tree (sizes 1..8)', async () => {
  const leaves = await leafHashes();
  assert.equal(toHex(leaves[0]), ROOTS[0], 'the one-leaf tree root is the hash of the empty leaf');
  for (let size = 1; size <= 8; size++) {
    assert.equal(toHex(await merkle.rootFromLeafHashes(leaves.slice(0, size))), ROOTS[size - 1], `root of size ${size}`);
  }
  assert.equal(
    toHex(await merkle.rootFromLeafHashes([])),
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'empty tree',
  );
});

test('RFC 6962 inclusion proofs verify', async () => {
  const leaves = await leafHashes();
  for (const { index, size, proof } of INCLUSION) {
    await merkle.verifyInclusion(index, size, leaves[index], hexes(proof), root(size));
  }
  // The one-leaf tree: empty proof.
  await merkle.verifyInclusion(0, 1, leaves[0], [], root(1));
});

test('tampered inclusion proofs fail', async () => {
  const leaves = await leafHashes();
  for (const { index, size, proof } of INCLUSION) {
    const good = hexes(proof);
    const label = `index ${index} in ${size}`;
    for (const bad of bitFlips(good)) {
      await rejects(merkle.verifyInclusion(index, size, leaves[index], bad, root(size)), 'inclusion-proof-invalid', `${label}: flipped bit`);
    }
    await rejects(merkle.verifyInclusion(index, size, leaves[(index + 1) % 8], good, root(size)), 'inclusion-proof-invalid', `${label}: other leaf`);
    await rejects(merkle.verifyInclusion(index ^ 1, size, leaves[index], good, root(size)), 'inclusion-proof-invalid', `${label}: wrong index`);
    // (A wrong size alone is not always detectable from the proof – e.g. index 1 in 5 and in 6 have the same
    // path shape – which is why the size comes from the signed checkpoint, never from the proof.)
    await rejects(merkle.verifyInclusion(index, size * 2, leaves[index], good, root(size)), 'inclusion-proof-invalid', `${label}: size doubled`);
    await rejects(merkle.verifyInclusion(index, size, leaves[index], good.slice(1), root(size)), 'inclusion-proof-invalid', `${label}: hash dropped`);
    await rejects(merkle.verifyInclusion(index, size, leaves[index], good.slice(0, -1), root(size)), 'inclusion-proof-invalid', `${label}: last hash dropped`);
    await rejects(merkle.verifyInclusion(index, size, leaves[index], [...good, good[0]], root(size)), 'inclusion-proof-invalid', `${label}: extra hash`);
    if (good.length > 1) {
      await rejects(merkle.verifyInclusion(index, size, leaves[index], [...good].reverse(), root(size)), 'inclusion-proof-invalid', `${label}: reordered`);
    }
    await rejects(merkle.verifyInclusion(index, size, leaves[index], good, root(size === 8 ? 7 : 8)), 'inclusion-proof-invalid', `${label}: other root`);
  }
  await rejects(merkle.verifyInclusion(8, 8, leaves[0], [], root(8)), 'inclusion-proof-invalid', 'index outside the tree');
  await rejects(merkle.verifyInclusion(0, 0, leaves[0], [], root(1)), 'inclusion-proof-invalid', 'empty tree');
  await rejects(merkle.verifyInclusion(0, 8, leaves[0], [new Uint8Array(31)], root(8)), 'malformed', 'short hash');
});

test('RFC 6962 consistency proofs verify', async () => {
  for (const { from, to, proof } of CONSISTENCY) {
    await merkle.verifyConsistency(from, to, root(from), root(to), hexes(proof));
  }
  for (let size = 1; size <= 8; size++) {
    await merkle.verifyConsistency(size, size, root(size), root(size), []);
  }
});

test('tampered consistency proofs fail', async () => {
  for (const { from, to, proof } of CONSISTENCY) {
    const good = hexes(proof);
    const label = `${from}→${to}`;
    for (const bad of bitFlips(good)) {
      await rejects(merkle.verifyConsistency(from, to, root(from), root(to), bad), 'consistency-proof-invalid', `${label}: flipped bit`);
    }
    await rejects(merkle.verifyConsistency(from, to, root(to), root(to), good), 'consistency-proof-invalid', `${label}: wrong old root`);
    await rejects(merkle.verifyConsistency(from, to, root(from), root(from), good), 'consistency-proof-invalid', `${label}: wrong new root`);
    await rejects(merkle.verifyConsistency(from, to, root(from), root(to), good.slice(0, -1)), 'consistency-proof-invalid', `${label}: hash dropped`);
    await rejects(merkle.verifyConsistency(from, to, root(from), root(to), [...good, good[0]]), 'consistency-proof-invalid', `${label}: extra hash`);
    await rejects(merkle.verifyConsistency(from, to, root(from), root(to), []), 'consistency-proof-invalid', `${label}: empty proof`);
    if (from > 1) {
      await rejects(merkle.verifyConsistency(from - 1, to, root(from), root(to), good), 'consistency-proof-invalid', `${label}: wrong old size`);
    }
    await rejects(merkle.verifyConsistency(to, from, root(to), root(from), good), 'consistency-proof-invalid', `${label}: sizes swapped`);
  }
  await rejects(merkle.verifyConsistency(5, 5, root(5), root(6), []), 'consistency-proof-invalid', 'equal sizes, different roots');
  await rejects(merkle.verifyConsistency(5, 5, root(5), root(5), [root(1)]), 'consistency-proof-invalid', 'equal sizes, non-empty proof');
});

test('exhaustive: every inclusion and consistency proof of trees up to 33 leaves verifies, and a flipped bit fails', async () => {
  const leaves = await manyLeaves(33);
  const roots = [];
  for (let n = 1; n <= leaves.length; n++) roots[n] = await mth(leaves.slice(0, n));
  for (let n = 1; n <= leaves.length; n++) {
    assert.equal(toHex(await merkle.rootFromLeafHashes(leaves.slice(0, n))), toHex(roots[n]), `root of ${n}`);
    for (let m = 0; m < n; m++) {
      const proof = await path(m, leaves.slice(0, n));
      assert.equal(toHex(await merkle.rootFromInclusionProof(m, n, leaves[m], proof)), toHex(roots[n]), `inclusion ${m} in ${n}`);
      if (proof.length > 0) {
        const bad = proof.map((h) => Uint8Array.from(h));
        bad[(m + n) % bad.length][n % 32] ^= 0x80;
        await rejects(merkle.verifyInclusion(m, n, leaves[m], bad, roots[n]), 'inclusion-proof-invalid', `tampered inclusion ${m} in ${n}`);
      }
    }
    for (let m = 1; m <= n; m++) {
      const proof = await consistencyProof(m, leaves.slice(0, n));
      await merkle.verifyConsistency(m, n, roots[m], roots[n], proof);
      if (proof.length > 0) {
        const bad = proof.map((h) => Uint8Array.from(h));
        bad[(m * 7 + n) % bad.length][m % 32] ^= 0x04;
        await rejects(merkle.verifyConsistency(m, n, roots[m], roots[n], bad), 'consistency-proof-invalid', `tampered consistency ${m}→${n}`);
      }
      if (m < n) {
        // A proof for a rewritten old tree (one old leaf changed) must not verify against the real new root.
        const rewritten = [...leaves.slice(0, n)];
        rewritten[m - 1] = await merkle.leafHash(utf8(`rewritten ${m}`));
        const fakeOld = await mth(rewritten.slice(0, m));
        const fakeProof = await consistencyProof(m, rewritten);
        await rejects(merkle.verifyConsistency(m, n, fakeOld, roots[n], fakeProof), 'consistency-proof-invalid', `rewritten ${m}→${n}`);
      }
    }
  }
});

// ---------------------------------------------------------------------------------------------
// C2SP signed notes.

// golang.org/x/mod/sumdb/note: the documented example note and verifier key.
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

test('signed note: the sumdb/note example verifies; tampering fails', async () => {
  const key = await note.parseVerifierKey(GO_VKEY);
  assert.equal(key.name, 'PeterNeumann');
  assert.equal(toHex(await note.keyHash(key.name, key.publicKey)), 'c74f20a3', 'key hash = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)[0:4]');
  assert.equal(await note.verifyNote(GO_NOTE, key), GO_TEXT);

  await rejects(note.verifyNote(GO_NOTE.replace('cryptography', 'cryptographY'), key), 'note-bad-signature', 'changed text');
  await rejects(note.verifyNote(GO_NOTE, { ...key, name: 'PeterNeuman' }), 'note-no-signature', 'other key name');
  const otherKey = Uint8Array.from(key.publicKey);
  otherKey[0] ^= 1;
  await rejects(note.verifyNote(GO_NOTE, { name: key.name, publicKey: otherKey }), 'note-no-signature', 'other key (hash differs)');
  await rejects(note.verifyNote(GO_TEXT, key), 'note-malformed', 'no signature block');
  await rejects(note.verifyNote(GO_NOTE.replace('\u2014 ', '- '), key), 'note-malformed', 'ASCII dash');
  await rejects(note.parseVerifierKey(GO_VKEY.replace('c74f20a3', 'c74f20a4')), 'key-mismatch', 'verifier key with a wrong hash');
});

/** Signs a note the way the server's SignedNote does (with a fresh key unless one is given). */
function serverSigner(keyName: string, pair = generateKeyPairSync('ed25519')) {
  const { publicKey, privateKey } = pair;
  const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12));
  const line = async (text: string) => {
    const signature = new Uint8Array(nodeSign(null, Buffer.from(text, 'utf8'), privateKey));
    const hash = await note.keyHash(keyName, raw);
    return `\u2014 ${keyName} ${toBase64(new Uint8Array([...hash, ...signature]))}\n`;
  };
  return {
    keyName,
    raw,
    pair,
    publicKeyBase64: toBase64(raw),
    line,
    async sign(text: string) {
      return `${text}\n${await line(text)}`;
    },
    async verifierKey() {
      return `${keyName}+${toHex(await note.keyHash(keyName, raw))}+${toBase64(new Uint8Array([1, ...raw]))}`;
    },
  };
}

test('checkpoint: a server-style signed checkpoint verifies; changes fail', async () => {
  const signer = serverSigner('samverkan.test/sharing-log');
  const rootHash = root(8);
  const body = `samverkan.test/sharing-log\n8\n${toBase64(rootHash)}\n`;
  const signed = await signer.sign(body);
  const key = note.noteKey(signer.keyName, signer.publicKeyBase64);
  const checkpoint = await note.verifyCheckpoint(signed, key);
  assert.equal(checkpoint.origin, 'samverkan.test/sharing-log');
  assert.equal(checkpoint.treeSize, 8);
  assert.equal(toHex(checkpoint.rootHash), ROOTS[7]);
  assert.deepEqual(await note.parseVerifierKey(await signer.verifierKey()), key);

  await rejects(note.verifyCheckpoint(signed.replace('\n8\n', '\n9\n'), key), 'note-bad-signature', 'size changed');
  const other = serverSigner('samverkan.test/sharing-log');
  await rejects(note.verifyCheckpoint(signed, note.noteKey(other.keyName, other.publicKeyBase64)), 'note-no-signature', 'another key');
  await rejects(note.verifyCheckpoint(await signer.sign('origin\n08\n' + toBase64(rootHash) + '\n'), key), 'note-malformed', 'leading zero');
  await rejects(note.verifyCheckpoint(await signer.sign('origin\n8\nAAAA\n'), key), 'note-malformed', 'short root');
});

// ---------------------------------------------------------------------------------------------
// Entries: what is shown is what is hashed.

const CHILD = '3f1c2b5e-8a4d-4e1f-9c2a-7b6d5e4f3a21';
function canonicalOf(logIndex: number, overrides: Record<string, unknown> = {}): string {
  const value = {
    v: 1,
    logIndex,
    childId: CHILD,
    category: 'TEAM_MEMBERSHIP',
    what: 'Tillagd i barnets team (Individuellt barnteam): teamets information om barnet blir tillgänglig.',
    reference: `team-member:${logIndex}`,
    recipients: {
      persons: [{ username: 'maria.polis', name: 'Maria Ek', organisation: { alias: 'polisen', name: 'Polismyndigheten' } }],
      organisations: [{ alias: 'polisen', name: 'Polismyndigheten' }],
    },
    purpose: 'Samordna stödet kring barnet\n"trygghet" \\ skola\t\u0001',
    legalBasis: { type: 'CONSENT', consentId: '11111111-2222-3333-4444-555555555555' },
    sharedBy: { username: 'anna.bvc', name: 'Anna Bergström', organisation: { alias: 'region-kronoberg', name: 'Region Kronoberg' } },
    sharedAt: '2025-05-10T08:15:30.123Z',
    familyNotified: true,
    withheldReason: null,
    ...overrides,
  };
  return entryModule.canonicalJson(value);
}
async function served(logIndex: number, canonical = canonicalOf(logIndex)) {
  return { logIndex, canonical, leafHash: toBase64(await merkle.leafHash(utf8(canonical))) };
}

test('canonical JSON matches the server writer (sorted keys, no whitespace, minimal escapes)', () => {
  assert.equal(
    entryModule.canonicalJson({ b: 1, a: [true, null, 'x\n"\u0001é'], A: {} }),
    '{"A":{},"a":[true,null,"x\\n\\"\\u0001é"],"b":1}',
  );
});

test('entry check: leaf hash over the canonical text; shown fields come from it', async () => {
  const item = await served(3);
  const { entry } = await entryModule.checkEntry(item, CHILD);
  assert.equal(entry.logIndex, 3);
  assert.equal(entry.category, 'TEAM_MEMBERSHIP');
  assert.equal(entry.recipients.persons[0].username, 'maria.polis');
  assert.equal(entry.recipients.organisations[0].name, 'Polismyndigheten');
  assert.equal(entry.purpose, 'Samordna stödet kring barnet\n"trygghet" \\ skola\t\u0001');

  await rejects(entryModule.checkEntry({ ...item, leafHash: (await served(4)).leafHash }, CHILD), 'leaf-hash-mismatch', 'other leaf hash');
  await rejects(entryModule.checkEntry({ ...item, canonical: item.canonical.replace('Maria Ek', 'Maria Ok') }, CHILD), 'leaf-hash-mismatch', 'text changed');
  await rejects(entryModule.checkEntry({ ...item, logIndex: 4 }, CHILD), 'wrong-index', 'served at another index');
  await rejects(entryModule.checkEntry(item, '00000000-0000-0000-0000-000000000000'), 'wrong-child', 'another child');
  const spaced = item.canonical.replace('"v":1', '"v": 1');
  await rejects(entryModule.checkEntry(await served(3, spaced), CHILD), 'not-canonical', 'whitespace');
  const duplicated = item.canonical.replace('{"category"', '{"category":"MANUAL","category"');
  await rejects(entryModule.checkEntry(await served(3, duplicated), CHILD), 'not-canonical', 'duplicate key');
});

// ---------------------------------------------------------------------------------------------
// The whole flow against an in-memory log.

type Signer = ReturnType<typeof serverSigner>;
interface Tamper {
  checkpoint?: (cp: CheckpointResponse) => CheckpointResponse;
  inclusion?: (index: number, hashes: string[]) => ProofResponse;
}

function memoryLog(signer: Signer) {
  const leaves: Bytes[] = [];
  const texts: string[] = [];
  const transitions: string[] = [];
  let tamper: Tamper | null = null;
  return {
    leaves,
    transitions,
    /** Another key (or origin) from now on, as after a rotation or a re-installed server. */
    setSigner(next: Signer) {
      signer = next;
    },
    async append(canonical: string) {
      texts.push(canonical);
      leaves.push(await merkle.leafHash(utf8(canonical)));
    },
    setTamper(fn: Tamper | null) {
      tamper = fn;
    },
    source: {
      async checkpoint(): Promise<CheckpointResponse> {
        const size = leaves.length;
        const rootHash = toBase64(await mth(leaves));
        const cp = { origin: signer.keyName, treeSize: size, rootHash, signedNote: await signer.sign(`${signer.keyName}\n${size}\n${rootHash}\n`) };
        return tamper?.checkpoint ? tamper.checkpoint(cp) : cp;
      },
      async publicKey() {
        return { keyName: signer.keyName, algorithm: 'Ed25519', publicKey: signer.publicKeyBase64, verifierKey: await signer.verifierKey() };
      },
      async inclusionProof(index: number, size: number): Promise<ProofResponse & { index?: number; treeSize?: number }> {
        const hashes = (await path(index, leaves.slice(0, size))).map(toBase64);
        return tamper?.inclusion ? tamper.inclusion(index, hashes) : { index, treeSize: size, hashes };
      },
      async consistencyProof(from: number, to: number) {
        return { from, to, hashes: (await consistencyProof(from, leaves.slice(0, to))).map(toBase64) };
      },
      async keyTransitions() {
        return { transitions: [...transitions] };
      },
    } satisfies LogSource,
  };
}
function memoryStore() {
  let value: StoredCheckpoint | null = null;
  return {
    load: () => value,
    save: (v: StoredCheckpoint) => void (value = structuredClone(v)),
    peek: () => value!,
    set: (v: StoredCheckpoint | null) => (value = v),
  };
}

test('verifyLog: first visit, unchanged, grown; every entry verified', async () => {
  const signer = serverSigner('samverkan.test');
  const log = memoryLog(signer);
  const mine = [];
  for (let i = 0; i < 5; i++) {
    const canonical = canonicalOf(i, i % 2 === 0 ? {} : { childId: '99999999-9999-4999-8999-999999999999' });
    await log.append(canonical);
    if (i % 2 === 0) mine.push({ logIndex: i, leafHash: toBase64(log.leaves[i]), canonical });
  }
  const store = memoryStore();
  const seen: number[] = [];
  let report = await verifier.verifyLog(await verifier.checkEntries(mine, CHILD), log.source, store, { onEntry: (c) => seen.push(c.logIndex) });
  assert.equal(report.status, 'verified', JSON.stringify(report.entries));
  assert.deepEqual(report.continuity, { kind: 'first', size: 5 });
  assert.deepEqual(report.entries.map((e) => e.status), ['verified', 'verified', 'verified']);
  assert.deepEqual(seen.sort(), [0, 2, 4]);
  assert.equal(store.peek().treeSize, 5);

  report = await verifier.verifyLog(await verifier.checkEntries(mine, CHILD), log.source, store);
  assert.deepEqual(report.continuity, { kind: 'unchanged', size: 5 });

  for (let i = 5; i < 12; i++) await log.append(canonicalOf(i, { childId: '99999999-9999-4999-8999-999999999999' }));
  report = await verifier.verifyLog(await verifier.checkEntries(mine, CHILD), log.source, store);
  assert.equal(report.status, 'verified');
  assert.deepEqual(report.continuity, { kind: 'grown', from: 5, to: 12 });
  assert.equal(store.peek().treeSize, 12);
});

test('verifyLog: a rewritten log, a bad signature or a bad proof is reported', async () => {
  const signer = serverSigner('samverkan.test');
  const log = memoryLog(signer);
  for (let i = 0; i < 6; i++) await log.append(canonicalOf(i));
  const mine = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => served(i)));
  const store = memoryStore();
  assert.equal((await verifier.verifyLog(await verifier.checkEntries(mine, CHILD), log.source, store)).status, 'verified');
  const remembered = store.peek();

  // Rewrite history: entry 2 changes, the log grows.
  log.leaves[2] = await merkle.leafHash(utf8(canonicalOf(2, { what: 'något annat' })));
  await log.append(canonicalOf(6));
  let report = await verifier.verifyLog(await verifier.checkEntries(mine.slice(0, 2), CHILD), log.source, store);
  assert.equal(report.status, 'failed');
  assert.equal(report.continuity!.kind, 'failed');
  assert.equal(report.failure, 'consistency-proof-invalid');
  assert.deepEqual(store.peek(), remembered, 'a failed check does not replace the remembered checkpoint');

  // Same size, other root.
  const store2 = memoryStore();
  store2.set({ ...remembered, treeSize: 7, rootHash: toBase64(root(3)) });
  report = await verifier.verifyLog([], log.source, store2);
  assert.equal(report.failure, 'root-changed');

  // Shrunk.
  store2.set({ ...remembered, treeSize: 99 });
  report = await verifier.verifyLog([], log.source, store2);
  assert.equal(report.failure, 'log-shrunk');

  // Bad signature: everything fails.
  const fresh = memoryLog(signer);
  for (let i = 0; i < 3; i++) await fresh.append(canonicalOf(i));
  const three = await Promise.all([0, 1, 2].map((i) => served(i)));
  fresh.setTamper({ checkpoint: (cp) => ({ ...cp, signedNote: cp.signedNote.replace(`\n3\n`, `\n2\n`) }) });
  report = await verifier.verifyLog(await verifier.checkEntries(three, CHILD), fresh.source, memoryStore());
  assert.equal(report.status, 'failed');
  assert.equal(report.failure, 'note-bad-signature');
  assert.ok(report.entries.every((e) => e.status === 'failed'));

  // JSON and note disagree.
  fresh.setTamper({ checkpoint: (cp) => ({ ...cp, treeSize: 2 }) });
  report = await verifier.verifyLog(await verifier.checkEntries(three, CHILD), fresh.source, memoryStore());
  assert.equal(report.failure, 'note-mismatch');

  // A bad inclusion proof fails only that entry.
  fresh.setTamper({ inclusion: (index, hashes) => ({ hashes: index === 1 ? hashes.map(() => toBase64(root(1))) : hashes }) });
  report = await verifier.verifyLog(await verifier.checkEntries(three, CHILD), fresh.source, memoryStore());
  assert.equal(report.status, 'failed');
  assert.deepEqual(report.entries.map((e) => e.status), ['verified', 'failed', 'verified']);
  assert.equal(failedEntry(report.entries, 1).reason, 'inclusion-proof-invalid');

  // An entry whose text does not match its leaf hash fails locally.
  fresh.setTamper(null);
  const forged = [...three];
  forged[0] = { ...three[0], canonical: canonicalOf(0, { what: 'ändrad' }) };
  report = await verifier.verifyLog(await verifier.checkEntries(forged, CHILD), fresh.source, memoryStore());
  assert.equal(report.entries[0]!.status, 'failed');
  assert.equal(failedEntry(report.entries, 0).reason, 'leaf-hash-mismatch');
  assert.equal(report.entries[0]!.entry!.what, 'ändrad', 'a failed entry is still shown from its own text');

  // Network failure: status error, not a claim of tampering.
  const broken = { ...fresh.source, checkpoint: async () => { throw new Error('offline'); } };
  report = await verifier.verifyLog(await verifier.checkEntries(three, CHILD), broken, memoryStore());
  assert.equal(report.status, 'error');
});

// ---------------------------------------------------------------------------------------------
// The pinned key: another key or origin only through a transition signed by the pinned key.

/** A key transition note as the server's KeyTransition writes it, signed by `signers` in turn. */
async function transitionNote(from: Signer, to: Signer, signers = [from, to]) {
  const text = [
    'samverkan sharing-log key transition v1',
    `old-origin ${from.keyName}`,
    `old-key ${await from.verifierKey()}`,
    `new-origin ${to.keyName}`,
    `new-key ${await to.verifierKey()}`,
  ].join('\n') + '\n';
  let lines = '';
  for (const s of signers) lines += await s.line(text);
  return `${text}\n${lines}`;
}

/** A log of six entries of CHILD, verified once by a browser with `store`: the pin. */
async function pinnedLog(origin = 'samverkan.test/sharing-log') {
  const old = serverSigner(origin);
  const log = memoryLog(old);
  for (let i = 0; i < 6; i++) await log.append(canonicalOf(i));
  const mine = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => served(i)));
  const store = memoryStore();
  const first = await verifier.verifyLog(await verifier.checkEntries(mine, CHILD), log.source, store);
  assert.equal(first.status, 'verified');
  assert.deepEqual(first.continuity, { kind: 'first', size: 6 });
  return { old, log, mine, store, pinned: store.peek() };
}

test('verifyLog: a pinned key, then another key without a signed transition, fails (even for an honest log)', async () => {
  const { log, mine, store, pinned } = await pinnedLog();
  log.setSigner(serverSigner('samverkan.test/sharing-log'));
  await log.append(canonicalOf(6));
  const report = await verifier.verifyLog(await verifier.checkEntries(mine, CHILD), log.source, store);
  assert.equal(report.status, 'failed');
  assert.equal(report.failure, 'key-changed');
  assert.equal(report.continuity!.kind, 'failed');
  assert.ok(report.entries.every((e) => e.status === 'failed' && e.reason === 'key-changed'), 'nothing the new key signed is verified');
  assert.deepEqual(store.peek(), pinned, 'the pin stays on the old key');

  // Rewritten history under a new key: the same failure, never "verified with a note".
  log.leaves[2] = await merkle.leafHash(utf8(canonicalOf(2, { what: 'något annat' })));
  const rewritten = await verifier.verifyLog(await verifier.checkEntries(mine.slice(0, 2), CHILD), log.source, store);
  assert.equal(rewritten.status, 'failed');
  assert.equal(rewritten.failure, 'key-changed');
});

test('verifyLog: another key with a transition signed by the pinned key verifies and moves the pin', async () => {
  const { old, log, mine, store } = await pinnedLog();
  const next = serverSigner('samverkan.test/sharing-log');
  // A transition from before this browser's pin is skipped; the one from the pinned key is followed.
  const earlier = serverSigner('samverkan.test/sharing-log');
  log.transitions.push(await transitionNote(earlier, old), await transitionNote(old, next));
  log.setSigner(next);
  for (let i = 6; i < 9; i++) await log.append(canonicalOf(i));
  let report = await verifier.verifyLog(await verifier.checkEntries(mine, CHILD), log.source, store);
  assert.equal(report.status, 'verified', JSON.stringify(report.failure));
  assert.equal(report.keyChanged, true);
  assert.deepEqual(report.continuity, { kind: 'grown', from: 6, to: 9 });
  assert.equal(store.peek().publicKey, next.publicKeyBase64, 'the pin follows the signed transition');
  assert.equal(report.key!.fingerprint, await verifierKeyFingerprint(next));

  // Next visit: the new key is the pinned one.
  report = await verifier.verifyLog(await verifier.checkEntries(mine, CHILD), log.source, store);
  assert.equal(report.keyChanged, false);
  assert.deepEqual(report.continuity, { kind: 'unchanged', size: 9 });

  // A transition does not excuse a rewrite: consistency is still checked across it.
  const again = await pinnedLog();
  const third = serverSigner('samverkan.test/sharing-log');
  again.log.transitions.push(await transitionNote(again.old, third));
  again.log.setSigner(third);
  again.log.leaves[1] = await merkle.leafHash(utf8(canonicalOf(1, { what: 'något annat' })));
  await again.log.append(canonicalOf(6));
  report = await verifier.verifyLog([], again.log.source, again.store);
  assert.equal(report.status, 'failed');
  assert.equal(report.failure, 'consistency-proof-invalid');
});

test('verifyLog: a forged key transition fails', async () => {
  const { old, log, mine, store, pinned } = await pinnedLog();
  const next = serverSigner('samverkan.test/sharing-log');
  log.setSigner(next);
  const forgeries = [
    // Signed by the new key only.
    await transitionNote(old, next, [next]),
    // Signed by a key that calls itself by the old key's name.
    await transitionNote(old, next, [serverSigner(old.keyName), next]),
    // The old key's signature, but over another text.
    (await transitionNote(old, next)).replace(`new-key ${await next.verifierKey()}`, `new-key ${await serverSigner(old.keyName).verifierKey()}`),
  ];
  for (const forged of forgeries) {
    log.transitions.splice(0, log.transitions.length, forged);
    const report = await verifier.verifyLog(await verifier.checkEntries(mine, CHILD), log.source, store);
    assert.equal(report.status, 'failed');
    assert.ok(['key-transition-invalid', 'key-changed'].includes(report.failure!), report.failure!);
    assert.ok(report.entries.every((e) => e.status === 'failed'));
    assert.deepEqual(store.peek(), pinned);
  }
  // The first two name the pinned key but are not signed by it: reported as an invalid transition.
  log.transitions.splice(0, log.transitions.length, forgeries[0]);
  assert.equal((await verifier.verifyLog([], log.source, store)).failure, 'key-transition-invalid');
});

test('verifyLog: the same key under another origin fails unless a signed transition names it', async () => {
  const { old, log, store, pinned } = await pinnedLog('samverkan.test/sharing-log');
  const moved = serverSigner('annan.example/sharing-log', old.pair);
  log.setSigner(moved);
  let report = await verifier.verifyLog([], log.source, store);
  assert.equal(report.status, 'failed');
  assert.equal(report.failure, 'origin-changed');
  assert.deepEqual(store.peek(), pinned);

  log.transitions.push(await transitionNote(old, moved));
  report = await verifier.verifyLog([], log.source, store);
  assert.equal(report.status, 'verified');
  assert.equal(store.peek().origin, 'annan.example/sharing-log');
});

// Written by the server's KeyTransition.announce and SignedNote.fingerprint (Java) with the Ed25519
// seeds 0x01×32 (old key) and 0x02×32 (new key): the two sides agree on format and fingerprint.
const SERVER_TRANSITION = [
  'samverkan sharing-log key transition v1',
  'old-origin samverkan.test/sharing-log',
  'old-key samverkan.test/sharing-log+c61984b6+AYqI4910CfGV/VLbLTy6XXLKZwm/HZQSG/N0iAG0D29c',
  'new-origin flyttad.example/sharing-log',
  'new-key flyttad.example/sharing-log+c3b39e96+AYE5dw6ofRdfVqNUZsNMfszLjYqRtO43ol32D1uPybOU',
  '',
  '\u2014 samverkan.test/sharing-log xhmEtpleTBREmi8eMftcolEPEG007AUT4Di8ZFrcH6j0y/XPIHapwwuXxHlsmbkxlENnMJLpfhpb3/rnaCbPJikJeQw=',
  '\u2014 flyttad.example/sharing-log w7OeluLmw33sYIbq3feyWnHk3tD1/rILj/Jd9MfPY/MbtxD0c5LO0e2mn8BZ8yJtLNnVir3gwHjQaDzM3T/0V96WpwU=',
  '',
].join('\n');

test('keys: a transition written by the server is followed; the fingerprint is the server\'s', async () => {
  const old = { origin: 'samverkan.test/sharing-log', keyName: 'samverkan.test/sharing-log', publicKey: 'iojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w=' };
  const next = { origin: 'flyttad.example/sharing-log', keyName: 'flyttad.example/sharing-log', publicKey: 'gTl3Dqh9F19Wo1Rmw0x+zMuNipG07jeiXfYPW4/Js5Q=' };
  assert.equal(await keys.followTransitions(old, next, [SERVER_TRANSITION]), 1);
  assert.equal(await keys.fingerprint(old.publicKey), '3475 0f98 bd59 fcfc 946d a45a aabe 933b e154 a4b5 094e 1c4a bf42 8665 05f3 c97e');
  assert.equal(await keys.fingerprint(next.publicKey), '6a38 03d5 f059 902a 1c6d afbc 9ba4 7292 12f7 caac 0863 4cc3 ae76 b275 29f0 3827');
  await rejects(keys.followTransitions(old, next, [SERVER_TRANSITION.replace('flyttad.example/sharing-log\n', 'annan.example/sharing-log\n')]),
    'key-transition-invalid', 'another new origin than the one signed');
  await rejects(keys.followTransitions(old, next, []), 'origin-changed', 'no transition');
  await rejects(keys.followTransitions(old, { ...old, publicKey: next.publicKey }, []), 'key-changed', 'same origin, another key');
});

/** SHA-256 of the raw key, in groups of four hex digits, computed independently of keys.ts. */
async function verifierKeyFingerprint(signer: Signer) {
  const hex = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', signer.raw)));
  return hex.replace(/(.{4})(?!$)/g, '$1 ');
}

test('base64 parsing is strict', () => {
  assert.throws(() => fromBase64('AAA'), VerifyError);
  assert.throws(() => fromBase64('AA AA'), VerifyError);
  assert.throws(() => fromBase64('AAAA', 32), VerifyError);
  assert.equal(fromBase64('AAAA').length, 3);
});

test('batched inclusion proofs: one request per tree size and 256 indexes, answers to the right caller', async () => {
  const calls: { size: number; indexes: number[] }[] = [];
  const proofsFor = batchedInclusionProofs(async (size, indexes) => {
    calls.push({ size, indexes });
    return indexes.map((index) => ({ index, hashes: [`h${size}-${index}`] })).reverse();
  });
  const asked = [];
  for (let i = 0; i < 300; i++) asked.push(proofsFor(i, 1000));
  asked.push(proofsFor(3, 8));
  const answers = await Promise.all(asked);
  for (let i = 0; i < 300; i++) assert.deepEqual(answers[i], { hashes: [`h1000-${i}`] });
  assert.deepEqual(answers[300], { hashes: ['h8-3'] });
  assert.deepEqual(calls.map((c) => [c.size, c.indexes.length]), [[1000, 256], [1000, 44], [8, 1]]);

  const failing = batchedInclusionProofs(async () => { throw new Error('503'); });
  await assert.rejects(failing(1, 2), /503/);
  const missing = batchedInclusionProofs(async () => []);
  await assert.rejects(missing(1, 2), /inget bevis för post 1/);
});

// Unit tests for the direct messages' codes (codes.ts): base64url, aad, device fingerprint and the
// safety number of two persons – against vectors computed here from known bytes with node:crypto.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import test from 'node:test';

import { aadText, base64urlDecode, base64urlEncode, compareBytes, fingerprint, fingerprintFromDigest, safetyNumber, safetyNumberFromDigest } from './codes.js';

const bytes = (...values: number[]) => Uint8Array.from(values);
const range = (n: number, start = 0) => Uint8Array.from({ length: n }, (_, i) => (start + i) & 0xff);
const sha = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());

test('base64url has no padding and no + or /, and decodes back', () => {
  assert.equal(base64urlEncode(bytes(0xfb, 0xff)), '-_8');
  assert.equal(base64urlEncode(bytes()), '');
  assert.deepEqual(base64urlDecode('-_8'), bytes(0xfb, 0xff));
  const key = range(65, 4);
  assert.deepEqual(base64urlDecode(base64urlEncode(key)), key);
  assert.throws(() => base64urlDecode('ab+c'));
});

test('aad is "<conversationId>|<clientId>|<senderDeviceId>" in lower case', () => {
  assert.equal(
    aadText('0F8FAD5B-D9CB-469F-A165-70867728950E', '7c9e6679-7425-40de-944b-e07fc1f90ae7', 'B3D6F1A2-0000-4000-8000-000000000001'),
    '0f8fad5b-d9cb-469f-a165-70867728950e|7c9e6679-7425-40de-944b-e07fc1f90ae7|b3d6f1a2-0000-4000-8000-000000000001',
  );
});

test('a fingerprint is the first five digest bytes mod 10^12 in three groups of four', () => {
  assert.equal(fingerprintFromDigest(bytes(0, 0, 0, 0, 1, 0xff)), '0000 0000 0001');
  // 0xffffffffff = 1099511627775 -> mod 10^12 = 99511627775 -> "0995 1162 7775"
  assert.equal(fingerprintFromDigest(bytes(0xff, 0xff, 0xff, 0xff, 0xff)), '0995 1162 7775');
  // 0x0102030405 = 4328719365
  assert.equal(fingerprintFromDigest(bytes(1, 2, 3, 4, 5, 6, 7)), '0043 2871 9365');
});

test('a device fingerprint is computed over the 65 public-key bytes', async () => {
  const key = range(65, 0x04);
  const digest = sha(key);
  const n = digest.slice(0, 5).reduce((acc, b) => acc * 256n + BigInt(b), 0n) % 10n ** 12n;
  const digits = n.toString().padStart(12, '0');
  assert.equal(await fingerprint(key), `${digits.slice(0, 4)} ${digits.slice(4, 8)} ${digits.slice(8)}`);
  assert.match(await fingerprint(key), /^\d{4} \d{4} \d{4}$/);
});

test('a safety number is five groups of five digits from ten digest bytes', () => {
  assert.equal(safetyNumberFromDigest(bytes(0, 1, 0xff, 0xff, 0, 0, 0x12, 0x34, 0x80, 0)), '00001 65535 00000 04660 32768');
});

test('the safety number is the same on both sides and over the byte-wise sorted keys', async () => {
  const anna = [range(65, 9), range(65, 1)];
  const erik = [range(65, 5)];
  const expected = safetyNumberFromDigest(sha(new Uint8Array([...range(65, 1), ...range(65, 5), ...range(65, 9)])));
  assert.equal(await safetyNumber(anna, erik), expected);
  assert.equal(await safetyNumber(erik, anna), expected);
  assert.equal(await safetyNumber([anna[1] as Uint8Array], [...erik, anna[0] as Uint8Array]), expected);
  assert.notEqual(await safetyNumber([anna[0] as Uint8Array], erik), expected, 'a device fewer changes the number');
});

test('compareBytes orders byte-wise, a prefix first', () => {
  assert.ok(compareBytes(bytes(1, 2), bytes(1, 3)) < 0);
  assert.ok(compareBytes(bytes(2), bytes(1, 9)) > 0);
  assert.ok(compareBytes(bytes(1), bytes(1, 0)) < 0);
  assert.equal(compareBytes(bytes(7, 7), bytes(7, 7)), 0);
});

/**
 * Byte helpers for the sharing-log verification. Pure: no DOM, only WebCrypto,
 * TextEncoder and atob/btoa, so the same code runs in the browser and in node.
 */

/** A byte array backed by a plain ArrayBuffer (what WebCrypto accepts). */
export type Bytes = Uint8Array<ArrayBuffer>;

/** Why a verification step failed (stable codes; the UI maps them to Swedish text). */
export type VerifyFailure =
  | 'malformed'
  | 'leaf-hash-mismatch'
  | 'not-canonical'
  | 'wrong-index'
  | 'wrong-child'
  | 'not-in-checkpoint'
  | 'inclusion-proof-invalid'
  | 'consistency-proof-invalid'
  | 'log-shrunk'
  | 'root-changed'
  | 'note-malformed'
  | 'note-no-signature'
  | 'note-bad-signature'
  | 'note-mismatch'
  | 'key-mismatch'
  | 'key-changed'
  | 'origin-changed'
  | 'key-transition-invalid'
  | 'unavailable'
  | 'unsupported';

/** A failed check. `code` says which; `message` is for developers (English). */
export class VerifyError extends Error {
  readonly code: VerifyFailure;

  constructor(code: VerifyFailure, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'VerifyError';
    this.code = code;
  }
}

const encoder = new TextEncoder();

export function utf8(text: string): Bytes {
  return encoder.encode(text) as Bytes;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict standard base64 (with padding, no whitespace). Throws VerifyError('malformed'). */
export function fromBase64(text: string, expectedLength?: number): Bytes {
  if (typeof text !== 'string' || !BASE64.test(text)) {
    throw new VerifyError('malformed', `not base64: ${String(text).slice(0, 80)}`);
  }
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  if (expectedLength !== undefined && out.length !== expectedLength) {
    throw new VerifyError('malformed', `expected ${expectedLength} bytes, got ${out.length}`);
  }
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function fromHex(hex: string): Bytes {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) throw new VerifyError('malformed', `not hex: ${hex.slice(0, 80)}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

export function concat(...parts: Uint8Array[]): Bytes {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export async function sha256(data: Uint8Array): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', concat(data)));
}

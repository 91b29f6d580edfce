/**
 * Bytes och koder för direktmeddelanden: base64url (utan utfyllnad), `aad`, enhetens
 * fingeravtryck och två personers säkerhetsnummer (docs/PROTOCOL.md, "Direct messages").
 * Ren modul utan DOM (bara WebCrypto och TextEncoder).
 */

export const INFO = 'samverkan-direct-v1';

export function base64urlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64urlDecode(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** `aad` = UTF-8 "<conversationId>|<clientId>|<senderDeviceId>" (UUID:er med små bokstäver). */
export function aadText(conversationId: string, clientId: string, senderDeviceId: string): string {
  return `${conversationId.toLowerCase()}|${clientId.toLowerCase()}|${senderDeviceId.toLowerCase()}`;
}

export function aadBytes(conversationId: string, clientId: string, senderDeviceId: string): Uint8Array {
  return new TextEncoder().encode(aadText(conversationId, clientId, senderDeviceId));
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
}

/**
 * Fingeravtrycket från en SHA-256-summa: de fem första byten som osignerat tal (big-endian)
 * mod 10^12, tolv siffror i tre grupper om fyra ("0123 4567 8901").
 */
export function fingerprintFromDigest(digest: Uint8Array): string {
  let value = 0n;
  for (let i = 0; i < 5; i++) value = (value << 8n) | BigInt(digest[i] ?? 0);
  const digits = (value % 1_000_000_000_000n).toString().padStart(12, '0');
  return `${digits.slice(0, 4)} ${digits.slice(4, 8)} ${digits.slice(8, 12)}`;
}

/** En enhets fingeravtryck: SHA-256 över de 65 byten i den publika nyckeln. */
export async function fingerprint(publicKey: Uint8Array): Promise<string> {
  return fingerprintFromDigest(await sha256(publicKey));
}

/** Jämför två bytefält byte för byte (kortare först vid lika början). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Säkerhetsnumret från en SHA-256-summa: tio byte → fem grupper om fem siffror (2 byte big-endian mod 100000). */
export function safetyNumberFromDigest(digest: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 5; i++) {
    const value = (((digest[2 * i] ?? 0) << 8) | (digest[2 * i + 1] ?? 0)) % 100000;
    groups.push(value.toString().padStart(5, '0'));
  }
  return groups.join(' ');
}

/**
 * Två personers säkerhetsnummer: SHA-256 över alla deras nuvarande enheters publika nycklar,
 * sorterade byte för byte och sammanfogade. Samma på båda sidor (ordningen spelar ingen roll).
 */
export async function safetyNumber(mine: Uint8Array[], theirs: Uint8Array[]): Promise<string> {
  const keys = [...mine, ...theirs].sort(compareBytes);
  const total = keys.reduce((sum, k) => sum + k.length, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const key of keys) {
    joined.set(key, offset);
    offset += key.length;
  }
  return safetyNumberFromDigest(await sha256(joined));
}

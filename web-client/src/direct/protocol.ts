/**
 * Direktmeddelandenas datatyper: REST-svaren under `/api` och WebSocket-ramarna på `/api/ws`
 * (docs/PROTOCOL.md, avsnittet "Direct messages"). Ren modul utan DOM.
 */

/** Min egen enhet (GET /api/devices, POST /api/devices). */
export interface MyDevice {
  id: string;
  label: string;
  fingerprint: string;
  createdAt: string;
}

/** En persons enhet med publik nyckel (GET /api/users/{username}/devices). */
export interface PublicDevice {
  id: string;
  publicKey: string;
  fingerprint: string;
  createdAt?: string;
  verified?: boolean;
}

/** En enhet som servern kräver en kopia till (409 device-list-changed, `devices`). */
export interface RequiredDevice {
  id: string;
  owner: string;
  publicKey: string;
  fingerprint?: string;
}

export interface Counterpart {
  username: string;
  name: string;
  organisation?: unknown;
}

export interface Conversation {
  id: string;
  childId: string;
  childName: string;
  with: Counterpart;
  createdAt: string;
  lastSeq: number;
  unread: number;
  open: boolean;
}

export interface Copy {
  deviceId: string;
  enc: string;
  ciphertext: string;
}

/** Ett lagrat meddelande med (högst) en kopia: den till enheten som frågade. */
export interface SealedMessage {
  id: string;
  seq: number;
  clientId: string;
  sender: string;
  senderDeviceId: string;
  enc: string | null;
  ciphertext: string | null;
  sentAt: string;
}

export interface MessagePage {
  messages: SealedMessage[];
  hasMore?: boolean;
}

export interface SendBody {
  clientId: string;
  senderDeviceId: string;
  copies: Copy[];
}

export interface SendResult {
  id: string;
  seq: number;
  sentAt: string;
}

// ------------------------------------------------------------------ ramar från servern

export type DirectFrame =
  | { type: 'authenticated'; username: string; expiresAt: string }
  | { type: 'subscribed-direct'; deviceId: string }
  | { type: 'unsubscribed-direct'; deviceId: string }
  | ({ type: 'direct'; conversationId: string } & SealedMessage)
  | { type: 'direct-closed'; conversationId: string; childId: string }
  | { type: 'direct-devices'; conversationId: string; username: string; change: 'added' | 'removed'; deviceId: string }
  | { type: 'device-added'; deviceId: string; label: string; fingerprint: string }
  | { type: 'history-added'; deviceId: string; count: number }
  | { type: 'device-removed'; deviceId: string }
  | { type: 'error'; code: string; deviceId?: string; message?: string };

const KNOWN = new Set([
  'authenticated', 'subscribed-direct', 'unsubscribed-direct', 'direct', 'direct-closed', 'direct-devices',
  'device-added', 'history-added', 'device-removed', 'error',
]);

/** Tolkar en textram; okända ramar (t.ex. teamkanalens) och trasiga ramar blir `undefined`. */
export function parseDirectFrame(data: unknown): DirectFrame | undefined {
  if (typeof data !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !KNOWN.has(type)) return undefined;
  if (type === 'direct') {
    const m = value as Partial<SealedMessage> & { conversationId?: unknown };
    if (typeof m.conversationId !== 'string' || typeof m.id !== 'string' || typeof m.seq !== 'number') return undefined;
  }
  return value as DirectFrame;
}

/** Problemtypen när en sändning saknar kopior (eller har kopior till okända enheter). */
export const DEVICE_LIST_CHANGED = 'device-list-changed';
export const CONVERSATION_CLOSED = 'conversation-closed';
/** Högst så många historikkopior per POST /api/devices/{id}/history. */
export const HISTORY_PAGE = 500;
/** Högst så många meddelanden per GET …/messages. */
export const MESSAGE_PAGE = 500;

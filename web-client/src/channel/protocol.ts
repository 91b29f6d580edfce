/**
 * Teamkanalens datatyper: REST-svaren (`/api/children/{id}/team/messages`) och
 * WebSocket-ramarna på `/api/ws` (se docs/PROTOCOL.md). Ren modul utan DOM.
 */

export interface Sender {
  username: string;
  name: string;
  organisation: string | null;
}

/** Ett meddelande som servern har lagrat (REST `TeamMessage` eller ramen `message`/`edited`/`redacted`). */
export interface TeamMessage {
  id: string;
  childId: string;
  seq: number;
  clientId?: string | null;
  sender: Sender;
  /** null när meddelandet är borttaget. */
  text: string | null;
  sentAt: string;
  editedAt?: string | null;
  redacted: boolean;
  version?: number;
}

export interface HistoryPage {
  messages: TeamMessage[];
  hasMore?: boolean;
}

export interface ReadMarker {
  username: string;
  seq: number;
  at?: string;
}

// ------------------------------------------------------------------ ramar från servern

export interface AuthenticatedFrame {
  type: 'authenticated';
  username: string;
  expiresAt: string;
}
export interface SubscribedFrame {
  type: 'subscribed';
  childId: string;
  afterSeq: number;
}
export interface UnsubscribedFrame {
  type: 'unsubscribed';
  childId: string;
}
export interface AckFrame {
  type: 'ack';
  childId: string;
  clientId: string;
  seq: number;
  id: string;
  sentAt: string;
}
export interface MessageFrame extends TeamMessage {
  type: 'message' | 'edited' | 'redacted';
}
export interface ReceiptFrame {
  type: 'receipt';
  childId: string;
  username: string;
  seq: number;
}
export interface TypingFrame {
  type: 'typing';
  childId: string;
  username: string;
  name?: string;
}
export interface ErrorFrame {
  type: 'error';
  code: string;
  message?: string;
  childId?: string;
  clientId?: string;
  /** Vid `after-seq-ahead`: kanalens senaste `seq`. */
  lastSeq?: number;
}

export type ServerFrame =
  | AuthenticatedFrame
  | SubscribedFrame
  | UnsubscribedFrame
  | AckFrame
  | MessageFrame
  | ReceiptFrame
  | TypingFrame
  | ErrorFrame;

/** Tolkar en textram; okända eller trasiga ramar blir `undefined` (ignoreras). */
export function parseFrame(data: unknown): ServerFrame | undefined {
  if (typeof data !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const type = (value as { type?: unknown }).type;
  switch (type) {
    case 'authenticated':
    case 'subscribed':
    case 'unsubscribed':
    case 'receipt':
    case 'typing':
    case 'error':
      return value as ServerFrame;
    case 'ack':
      return isNumber((value as AckFrame).seq) ? (value as AckFrame) : undefined;
    case 'message':
    case 'edited':
    case 'redacted':
      return isMessage(value) ? (value as MessageFrame) : undefined;
    default:
      return undefined;
  }
}

export function isMessage(value: unknown): value is TeamMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<TeamMessage>;
  return typeof m.id === 'string' && isNumber(m.seq) && typeof m.sender === 'object' && m.sender !== null;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

// ------------------------------------------------------------------ gränser

/** Serverns gräns för ett meddelandes text (UTF-8). Längre texter avvisas (413 / `payload-too-large`). */
export const MAX_TEXT_BYTES = 16 * 1024;
/** Serverns gräns för en WebSocket-ram; större ramar stänger anslutningen (1009). */
export const MAX_FRAME_BYTES = 64 * 1024;

export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Shared by the channel's unit tests: a child, two senders and a stored message. */
import type { Sender, TeamMessage } from './protocol.js';

export const CHILD = '11111111-1111-4111-8111-111111111111';
export const ANNA: Sender = { username: 'anna.bvc', name: 'Anna Bergström', organisation: 'region-kronoberg' };
export const ERIK: Sender = { username: 'erik.rektor', name: 'Erik Lindqvist', organisation: 'vaxjo' };

export function msg(seq: number, sender: Sender = ERIK, extra: Partial<TeamMessage> = {}): TeamMessage {
  return {
    id: `id-${seq}`,
    childId: CHILD,
    seq,
    clientId: `c-${seq}`,
    sender,
    text: `text ${seq}`,
    sentAt: `2026-01-01T10:00:${String(seq).padStart(2, '0')}Z`,
    editedAt: null,
    redacted: false,
    version: 1,
    ...extra,
  };
}

/**
 * Vad en enhet gör med sealade meddelanden: öppnar sin kopia (eller visar att kopian finns på en
 * annan enhet), och förseglar om historiken till en ny egen enhet i sidor om högst 500 kopior.
 * Omförseglade kopior behåller det ursprungliga `aad` (ursprungligt `clientId` och sändande enhet),
 * så att den nya enheten öppnar dem precis som live-kopior. Ren modul: öppna, försegla och
 * transport byts ut i tester.
 */
import { HISTORY_PAGE, MESSAGE_PAGE, type Conversation, type MessagePage, type SealedMessage } from './protocol.js';
import type { MessageContext, Plaintext } from './seal.js';
import type { ShownMessage } from './state.js';

export type Opener = (enc: string, ciphertext: string, context: MessageContext) => Promise<Plaintext>;

/** Ett lagrat meddelande så som den här enheten visar det. Aldrig "kan inte dekryptera". */
export async function decode(conversationId: string, message: SealedMessage, open: Opener): Promise<ShownMessage> {
  const base = { id: message.id, seq: message.seq, clientId: message.clientId, sender: message.sender, sentAt: message.sentAt };
  if (message.enc === null || message.ciphertext === null || message.enc === undefined || message.ciphertext === undefined) {
    return { kind: 'elsewhere', ...base };
  }
  try {
    const plaintext = await open(message.enc, message.ciphertext, {
      conversationId,
      clientId: message.clientId,
      senderDeviceId: message.senderDeviceId,
    });
    return { kind: 'open', ...base, text: plaintext.text };
  } catch {
    return { kind: 'broken', ...base };
  }
}

export interface HistoryTransport {
  conversations(): Promise<Conversation[]>;
  /** GET …/messages?deviceId=<min enhet>&afterSeq=&limit= */
  messages(conversationId: string, afterSeq: number, limit: number): Promise<MessagePage>;
  /** POST /api/devices/{nyId}/history */
  upload(copies: { messageId: string; enc: string; ciphertext: string }[]): Promise<void>;
  /** Förseglar en klartext till den nya enheten med det ursprungliga sammanhanget. */
  seal(plaintext: Plaintext, context: MessageContext): Promise<{ enc: string; ciphertext: string }>;
  open: Opener;
}

export interface HistoryProgress {
  /** Meddelanden som gåtts igenom. */
  seen: number;
  /** Kopior som laddats upp. */
  uploaded: number;
  /** Meddelanden den här enheten inte kan öppna (finns på en tredje enhet), hoppas över. */
  skipped: number;
  conversations: number;
  conversationsDone: number;
}

/** Alla meddelanden i en konversation (sida för sida). */
async function* allMessages(t: HistoryTransport, conversationId: string): AsyncGenerator<SealedMessage> {
  let afterSeq = 0;
  for (;;) {
    const page = await t.messages(conversationId, afterSeq, MESSAGE_PAGE);
    for (const m of page.messages) {
      afterSeq = Math.max(afterSeq, m.seq);
      yield m;
    }
    if (!page.hasMore || page.messages.length === 0) return;
  }
}

/**
 * Förseglar om varje meddelande den här enheten kan öppna till den nya enheten och laddar upp
 * dem i sidor om högst {@link HISTORY_PAGE}. `onProgress` efter varje uppladdning och konversation.
 */
export async function transferHistory(t: HistoryTransport, onProgress: (p: HistoryProgress) => void = () => {}): Promise<HistoryProgress> {
  const conversations = await t.conversations();
  const progress: HistoryProgress = { seen: 0, uploaded: 0, skipped: 0, conversations: conversations.length, conversationsDone: 0 };
  let batch: { messageId: string; enc: string; ciphertext: string }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const copies = batch;
    batch = [];
    await t.upload(copies);
    progress.uploaded += copies.length;
    onProgress({ ...progress });
  };
  onProgress({ ...progress });
  for (const conversation of conversations) {
    for await (const message of allMessages(t, conversation.id)) {
      progress.seen += 1;
      if (message.enc === null || message.ciphertext === null) {
        progress.skipped += 1;
        continue;
      }
      const context: MessageContext = { conversationId: conversation.id, clientId: message.clientId, senderDeviceId: message.senderDeviceId };
      let plaintext: Plaintext;
      try {
        plaintext = await t.open(message.enc, message.ciphertext, context);
      } catch {
        progress.skipped += 1;
        continue;
      }
      const sealed = await t.seal(plaintext, context);
      batch.push({ messageId: message.id, ...sealed });
      if (batch.length >= HISTORY_PAGE) await flush();
    }
    progress.conversationsDone += 1;
    onProgress({ ...progress });
  }
  await flush();
  return progress;
}

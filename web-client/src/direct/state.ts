/**
 * En konversations tillstånd på en enhet (ren modul utan DOM): meddelanden ordnade efter `seq`
 * (dubbletter sorteras bort), de som väntar på kvittens per `clientId`, platshållare för meddelanden
 * som saknar kopia till den här enheten ("Historiken finns på din andra enhet"), notiser om att
 * motpartens enheter ändrats, läst-markör och stängd konversation. Dessutom listans olästa.
 */
import type { Conversation } from './protocol.js';

export type ShownMessage =
  | { kind: 'open'; id: string; seq: number; clientId: string; sender: string; sentAt: string; text: string }
  /** Ingen kopia till den här enheten (skickat innan den fanns, historiken inte överförd ännu). */
  | { kind: 'elsewhere'; id: string; seq: number; clientId: string; sender: string; sentAt: string }
  /** En kopia som inte gick att öppna (ska inte hända): enhetens nyckel stämmer inte. */
  | { kind: 'broken'; id: string; seq: number; clientId: string; sender: string; sentAt: string };

export interface Pending {
  clientId: string;
  text: string;
  status: 'sending' | 'failed';
  reason?: string;
}

export interface DeviceNotice {
  /** Visas efter meddelandet med detta `seq` (0 = före alla). */
  afterSeq: number;
  username: string;
  change: 'added' | 'removed';
  deviceId: string;
}

export type Item =
  | { type: 'message'; message: ShownMessage }
  | { type: 'pending'; pending: Pending }
  | { type: 'notice'; notice: DeviceNotice };

export class ConversationState {
  private readonly bySeq = new Map<number, ShownMessage>();
  private readonly pending = new Map<string, Pending>();
  private readonly notices: DeviceNotice[] = [];
  private readSeq = 0;
  private closedFlag: boolean;

  constructor(readonly me: string, open = true) {
    this.closedFlag = !open;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  close(): void {
    this.closedFlag = true;
  }

  /** Lägger in ett meddelande. Ett `seq` som redan finns ersätts bara om det nya är bättre (öppnat). */
  upsert(message: ShownMessage): boolean {
    const existing = this.bySeq.get(message.seq);
    if (existing && (existing.kind === 'open' || message.kind !== 'open')) return false;
    this.bySeq.set(message.seq, message);
    this.pending.delete(message.clientId);
    return true;
  }

  addPending(clientId: string, text: string): void {
    this.pending.set(clientId, { clientId, text, status: 'sending' });
  }

  failPending(clientId: string, reason: string): void {
    const p = this.pending.get(clientId);
    if (p) this.pending.set(clientId, { ...p, status: 'failed', reason });
  }

  retryPending(clientId: string): Pending | undefined {
    const p = this.pending.get(clientId);
    if (!p) return undefined;
    const next: Pending = { clientId, text: p.text, status: 'sending' };
    this.pending.set(clientId, next);
    return next;
  }

  discardPending(clientId: string): void {
    this.pending.delete(clientId);
  }

  /** Ett skickat meddelande kvitterades: visas som öppnat (vi har klartexten). */
  sent(clientId: string, id: string, seq: number, sentAt: string): void {
    const p = this.pending.get(clientId);
    if (!p) return;
    this.upsert({ kind: 'open', id, seq, clientId, sender: this.me, sentAt, text: p.text });
  }

  notice(notice: Omit<DeviceNotice, 'afterSeq'>): void {
    if (this.notices.some((n) => n.deviceId === notice.deviceId && n.change === notice.change)) return;
    this.notices.push({ ...notice, afterSeq: this.lastSeq });
  }

  /** Högsta `seq` som finns. */
  get lastSeq(): number {
    let max = 0;
    for (const seq of this.bySeq.keys()) if (seq > max) max = seq;
    return max;
  }

  /** Högsta `seq` som tagits emot i följd från 1 (att hämta efter vid återanslutning). */
  get resumeSeq(): number {
    let seq = 0;
    while (this.bySeq.has(seq + 1)) seq += 1;
    return seq;
  }

  /** `seq` för meddelanden som visas som platshållare (saknar kopia hit). */
  get elsewhereSeqs(): number[] {
    return [...this.bySeq.values()].filter((m) => m.kind === 'elsewhere').map((m) => m.seq).sort((a, b) => a - b);
  }

  get unread(): number {
    return [...this.bySeq.values()].filter((m) => m.seq > this.readSeq && m.sender !== this.me).length;
  }

  /** Markerar allt till och med `seq` som läst; `true` om markören flyttades. */
  markRead(seq: number): boolean {
    if (seq <= this.readSeq) return false;
    this.readSeq = seq;
    return true;
  }

  /** Det vyn visar, i ordning: meddelanden efter `seq` med notiser på sin plats, sist de som väntar. */
  items(): Item[] {
    const messages = [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
    const out: Item[] = [];
    const notices = [...this.notices];
    const flush = (upTo: number) => {
      while (notices.length > 0 && (notices[0] as DeviceNotice).afterSeq <= upTo) out.push({ type: 'notice', notice: notices.shift() as DeviceNotice });
    };
    flush(0);
    for (const message of messages) {
      out.push({ type: 'message', message });
      flush(message.seq);
    }
    flush(Number.POSITIVE_INFINITY);
    for (const pending of this.pending.values()) out.push({ type: 'pending', pending });
    return out;
  }
}

/** Listan av konversationer: nyast aktivitet först, olästa räknas upp live. */
export class ConversationList {
  private readonly byId = new Map<string, Conversation>();

  constructor(conversations: Conversation[] = []) {
    for (const c of conversations) this.byId.set(c.id, c);
  }

  replace(conversations: Conversation[]): void {
    this.byId.clear();
    for (const c of conversations) this.byId.set(c.id, c);
  }

  /** Ett nytt meddelande kom live; `false` om konversationen är okänd (hämta listan igen). */
  message(conversationId: string, seq: number, fromMe: boolean): boolean {
    const c = this.byId.get(conversationId);
    if (!c) return false;
    if (seq <= c.lastSeq) return true;
    this.byId.set(conversationId, { ...c, lastSeq: seq, unread: fromMe ? c.unread : c.unread + 1 });
    this.order.set(conversationId, ++this.tick);
    return true;
  }

  read(conversationId: string): void {
    const c = this.byId.get(conversationId);
    if (c) this.byId.set(conversationId, { ...c, unread: 0 });
  }

  closed(conversationId: string): void {
    const c = this.byId.get(conversationId);
    if (c) this.byId.set(conversationId, { ...c, open: false });
  }

  get totalUnread(): number {
    let sum = 0;
    for (const c of this.byId.values()) sum += c.unread;
    return sum;
  }

  private readonly order = new Map<string, number>();
  private tick = 0;

  /** Senast aktiva först (live-meddelanden lyfter en konversation), annars serverns ordning. */
  all(): Conversation[] {
    const server = [...this.byId.values()];
    return server
      .map((c, index) => ({ c, index, live: this.order.get(c.id) ?? 0 }))
      .sort((a, b) => b.live - a.live || a.index - b.index)
      .map((x) => x.c);
  }
}

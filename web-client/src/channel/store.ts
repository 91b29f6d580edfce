/**
 * Teamkanalens meddelanden i webbläsaren: lagrade meddelanden per `seq` (utan
 * dubbletter, i ordning), egna meddelanden som ännu inte kvitterats (per
 * `clientId`), läsmarkörer och var historiken ska återupptas. Ren modul utan
 * DOM, så att den kan enhetstestas (store.test.ts).
 */
import type { Sender, TeamMessage } from './protocol.js';

/** Varför ett eget meddelande inte kunde skickas. */
export type FailureReason = 'too-large' | 'rate-limited' | 'revoked' | 'rejected';

export interface Outgoing {
  clientId: string;
  text: string;
  status: 'pending' | 'failed';
  reason?: FailureReason | undefined;
  /** Serverns förklaring (om den gav någon). */
  detail?: string | undefined;
  /** När meddelandet skrevs (ms sedan epoch), för visning. */
  createdAt: number;
}

export type Entry =
  | { kind: 'message'; key: string; message: TeamMessage; mine: boolean }
  | { kind: 'outgoing'; key: string; outgoing: Outgoing };

const MAX_EARLY = 200;

export class MessageStore {
  private readonly messages = new Map<number, TeamMessage>();
  private readonly outgoing = new Map<string, Outgoing>();
  private readonly markers = new Map<string, number>();
  /**
   * Ändringar av meddelanden som ännu inte har kommit (nyare än återupptagningspunkten): de
   * används när meddelandet kommer, så att en ändring som hann före aldrig går förlorad.
   */
  private readonly early = new Map<number, TeamMessage>();
  /** Högsta `seq` som tagits emot i obruten följd (historik eller live): där en prenumeration återupptas. */
  private resume = 0;
  private oldest: number | undefined;
  private older = false;

  constructor(readonly me: Sender) {}

  /** `afterSeq` för `subscribe`: allt efter detta ska komma från servern. */
  get resumeSeq(): number {
    return this.resume;
  }

  /** Lägsta `seq` som har laddats (för `beforeSeq` när äldre sidor hämtas). */
  get oldestSeq(): number | undefined {
    return this.oldest;
  }

  /** Finns det äldre meddelanden att hämta? */
  get hasOlder(): boolean {
    return this.older;
  }

  /** Högsta `seq` bland laddade meddelanden (för läsmarkören). */
  get newestSeq(): number {
    let max = 0;
    for (const seq of this.messages.keys()) if (seq > max) max = seq;
    return max;
  }

  get size(): number {
    return this.messages.size;
  }

  message(seq: number): TeamMessage | undefined {
    return this.messages.get(seq);
  }

  byId(id: string): TeamMessage | undefined {
    for (const m of this.messages.values()) if (m.id === id) return m;
    return undefined;
  }

  /** Den senaste sidan av historiken (REST utan afterSeq/beforeSeq). */
  loadLatest(page: readonly TeamMessage[], hasMore: boolean): void {
    for (const m of page) this.put(m);
    this.older = hasMore;
    for (const m of page) if (m.seq > this.resume) this.resume = m.seq;
    this.updateOldest(page);
  }

  /** En äldre sida (REST med beforeSeq). Returnerar hur många nya meddelanden den gav. */
  addOlder(page: readonly TeamMessage[], hasMore: boolean): number {
    let added = 0;
    for (const m of page) if (this.put(m)) added += 1;
    this.older = hasMore && page.length > 0;
    this.updateOldest(page);
    return added;
  }

  /**
   * Ett meddelande från servern i följd (ramen `message`, även vid återupptagning):
   * nytt, eller en ny version av ett som redan finns. Returnerar om något ändrades.
   */
  receive(m: TeamMessage): boolean {
    if (m.seq > this.resume) this.resume = m.seq;
    const changed = this.put(m);
    if (this.oldest === undefined) this.oldest = m.seq;
    return changed;
  }

  /**
   * En ändring av ett meddelande (ramarna `edited`/`redacted`, svar på PATCH eller POST).
   * Påverkar inte var prenumerationen återupptas. Äldre meddelanden utanför det laddade
   * intervallet ignoreras (de hämtas med rätt version när man bläddrar dit); en ändring av ett
   * meddelande som ännu inte kommit sparas tills det kommer.
   */
  update(m: TeamMessage): boolean {
    const existing = this.messages.get(m.seq);
    if (existing) return this.put(m);
    if (m.clientId && this.outgoing.has(m.clientId) && m.sender.username === this.me.username) return this.put(m);
    if (m.seq > this.resume) {
      const kept = this.early.get(m.seq);
      if (!kept || (kept.version ?? 0) < (m.version ?? 0)) this.early.set(m.seq, m);
      // Begränsat: ett fåtal ändringar kan vara på väg, aldrig tusentals.
      if (this.early.size > MAX_EARLY) this.early.delete(Math.min(...this.early.keys()));
    }
    return false;
  }

  /** Markerar ett eget meddelande som borttaget direkt (servern skickar sedan `redacted`). */
  markRedacted(seq: number): boolean {
    const existing = this.messages.get(seq);
    if (!existing || existing.redacted) return false;
    this.messages.set(seq, { ...existing, text: null, redacted: true });
    return true;
  }

  // ---------------------------------------------------------------- egna meddelanden

  /** Ett nytt eget meddelande som ska skickas ("Skickas…"). */
  queue(clientId: string, text: string, now: number): Outgoing {
    const item: Outgoing = { clientId, text, status: 'pending', createdAt: now };
    this.outgoing.set(clientId, item);
    return item;
  }

  outgoingMessage(clientId: string): Outgoing | undefined {
    return this.outgoing.get(clientId);
  }

  /** Ej kvitterade meddelanden som ska (om)skickas, i den ordning de skrevs. */
  pending(): Outgoing[] {
    return [...this.outgoing.values()].filter((o) => o.status === 'pending');
  }

  /** Servern har lagrat meddelandet (`ack`). Returnerar om det var ett av våra väntande. */
  ack(clientId: string, seq: number, id: string, sentAt: string, childId: string): boolean {
    const item = this.outgoing.get(clientId);
    if (!item) return false;
    this.outgoing.delete(clientId);
    if (!this.messages.has(seq)) {
      this.messages.set(seq, {
        id,
        childId,
        seq,
        clientId,
        sender: this.me,
        text: item.text,
        sentAt,
        editedAt: null,
        redacted: false,
        version: 1,
      });
      if (this.oldest === undefined) this.oldest = seq;
    }
    return true;
  }

  fail(clientId: string, reason: FailureReason, detail?: string): boolean {
    const item = this.outgoing.get(clientId);
    if (!item) return false;
    item.status = 'failed';
    item.reason = reason;
    item.detail = detail;
    return true;
  }

  /** "Försök igen": samma `clientId`, så servern aldrig lagrar det två gånger. */
  retry(clientId: string): Outgoing | undefined {
    const item = this.outgoing.get(clientId);
    if (!item) return undefined;
    item.status = 'pending';
    item.reason = undefined;
    item.detail = undefined;
    return item;
  }

  discard(clientId: string): boolean {
    return this.outgoing.delete(clientId);
  }

  // ---------------------------------------------------------------- läsmarkörer

  /** Någon har läst fram till `seq` (markörer flyttas bara framåt). */
  receipt(username: string, seq: number): boolean {
    const current = this.markers.get(username) ?? 0;
    if (seq <= current) return false;
    this.markers.set(username, seq);
    return true;
  }

  marker(username: string): number {
    return this.markers.get(username) ?? 0;
  }

  /**
   * Andras läsmarkörer, fästa vid det senaste laddade meddelandet de har läst:
   * seq → användarnamn (sorterade). Den egna markören visas inte.
   */
  readers(): Map<number, string[]> {
    const seqs = [...this.messages.keys()].sort((a, b) => a - b);
    const out = new Map<number, string[]>();
    for (const [username, seq] of this.markers) {
      if (username === this.me.username) continue;
      const anchor = lastAtMost(seqs, seq);
      if (anchor === undefined) continue;
      const list = out.get(anchor) ?? [];
      list.push(username);
      out.set(anchor, list);
    }
    for (const list of out.values()) list.sort();
    return out;
  }

  // ---------------------------------------------------------------- visning

  /** Allt som ska visas, i ordning: lagrade meddelanden efter `seq`, sedan egna som väntar. */
  entries(): Entry[] {
    const stored = [...this.messages.values()].sort((a, b) => a.seq - b.seq);
    const out: Entry[] = stored.map((message) => ({
      kind: 'message',
      key: `s:${message.seq}`,
      message,
      mine: message.sender.username === this.me.username,
    }));
    for (const outgoing of this.outgoing.values()) out.push({ kind: 'outgoing', key: `c:${outgoing.clientId}`, outgoing });
    return out;
  }

  private put(incoming: TeamMessage): boolean {
    let m = incoming;
    const early = this.early.get(m.seq);
    if (early) {
      this.early.delete(m.seq);
      if ((early.version ?? 0) > (m.version ?? 0)) m = early;
    }
    if (m.clientId && m.sender.username === this.me.username) this.outgoing.delete(m.clientId);
    const existing = this.messages.get(m.seq);
    if (existing && (existing.version ?? 0) > (m.version ?? 0)) return false;
    if (existing && sameMessage(existing, m)) return false;
    // Lokalt borttaget: en äldre kopia (samma version) får inte visa texten igen.
    if (existing && existing.redacted && !m.redacted && (existing.version ?? 0) === (m.version ?? 0)) return false;
    this.messages.set(m.seq, m);
    return true;
  }

  private updateOldest(page: readonly TeamMessage[]): void {
    for (const m of page) if (this.oldest === undefined || m.seq < this.oldest) this.oldest = m.seq;
  }
}

function sameMessage(a: TeamMessage, b: TeamMessage): boolean {
  return (
    a.id === b.id &&
    (a.version ?? 0) === (b.version ?? 0) &&
    a.text === b.text &&
    a.redacted === b.redacted &&
    (a.editedAt ?? null) === (b.editedAt ?? null) &&
    a.sentAt === b.sentAt
  );
}

function lastAtMost(sorted: readonly number[], value: number): number | undefined {
  let lo = 0;
  let hi = sorted.length - 1;
  let found: number | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid] as number;
    if (v <= value) {
      found = v;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/**
 * Det teamkanalens vy visar, utan DOM: namn på personer och organisationer, vilka som skriver
 * just nu, raden om anslutningens läge, varför ett meddelande inte kunde skickas och när ett
 * meddelande behöver ritas om. Vyn (src/views/child/channel.ts) ritar och kopplar händelser.
 * Enhetstestas i view-model.test.ts.
 */
import { sv } from '../i18n.js';
import type { ConnectionState, StateDetail } from './connection.js';
import { MAX_TEXT_BYTES, utf8Length, type Sender } from './protocol.js';
import type { Entry, FailureReason, Outgoing } from './store.js';

const t = sv.channel;

/** Så länge "… skriver…" visas efter den senaste `typing`-ramen. */
export const TYPING_SHOWN_MS = 5_000;
/** Högst så ofta skickas en egen `typing`-ram. */
export const TYPING_SEND_EVERY_MS = 2_000;

// ------------------------------------------------------------------ namn

/** Namn på personer och organisationer som kanalen har sett: teamet, avsändarna och organisationslistan. */
export class Directory {
  private readonly names = new Map<string, string>();
  private readonly organisations = new Map<string, string>();

  constructor(me: Sender) {
    this.names.set(me.username, me.name);
  }

  learnTeam(members: readonly { username: string; name: string; organisation?: { alias: string; name: string } | null }[]): void {
    for (const m of members) {
      this.names.set(m.username, m.name);
      if (m.organisation) this.organisations.set(m.organisation.alias, m.organisation.name);
    }
  }

  /** En avsändares namn, om vi inte redan vet det (teamets lista går före). */
  learnSender(sender: Sender): void {
    if (sender.username && sender.name && !this.names.has(sender.username)) this.names.set(sender.username, sender.name);
  }

  learnOrganisations(organisations: readonly { alias: string; name: string }[]): void {
    for (const o of organisations) this.organisations.set(o.alias, o.name);
  }

  /** Namnet, eller användarnamnet om vi inte vet det. */
  nameOf(username: string): string {
    return this.names.get(username) ?? username;
  }

  /** Organisationens namn, eller dess alias om vi inte vet det; inget för en avsändare utan organisation. */
  organisationOf(sender: Sender): string | undefined {
    return sender.organisation ? this.organisations.get(sender.organisation) ?? sender.organisation : undefined;
  }
}

// ------------------------------------------------------------------ skriver…

/** Vilka som skriver just nu (från `typing`-ramar), tills de skickar eller tiden går ut. */
export class Typists {
  private readonly typing = new Map<string, { name: string; until: number }>();

  started(username: string, name: string, now: number): void {
    this.typing.set(username, { name, until: now + TYPING_SHOWN_MS });
  }

  /** Personen har skickat sitt meddelande. */
  stopped(username: string): void {
    this.typing.delete(username);
  }

  clear(): void {
    this.typing.clear();
  }

  /** Raden "… skriver…" vid `now` (tom när ingen skriver), och om hur länge den behöver ses över igen. */
  line(now: number): { text: string; recheckInMs: number | undefined } {
    for (const [username, typist] of this.typing) if (typist.until <= now) this.typing.delete(username);
    const names = [...this.typing.values()].map((typist) => typist.name);
    if (names.length === 0) return { text: '', recheckInMs: undefined };
    const next = Math.min(...[...this.typing.values()].map((typist) => typist.until)) - now;
    return { text: t.typing(joinNames(names)), recheckInMs: Math.max(100, next) };
  }
}

/** Ska en `typing`-ram skickas nu? Bara när det står något, och högst varannan sekund. */
export function shouldSendTyping(text: string, now: number, lastSent: number): boolean {
  return text.trim() !== '' && now - lastSent >= TYPING_SEND_EVERY_MS;
}

// ------------------------------------------------------------------ anslutningens läge

/** Raden om anslutningens läge, om "Anslut nu" visas, och (när tillgången upphört) varför. */
export interface StateLine {
  state: Exclude<ConnectionState, 'closed'>;
  text: string;
  reconnect: boolean;
  revoked?: string;
}

/** Vad vyn visar för ett läge; `closed` (man lämnade fliken) visas inte. */
export function stateLine(state: ConnectionState, detail: StateDetail): StateLine | undefined {
  switch (state) {
    case 'closed':
      return undefined;
    case 'connecting':
      return { state, text: t.state.connecting, reconnect: false };
    case 'connected':
      return { state, text: t.state.connected, reconnect: false };
    case 'reconnecting':
      return { state, text: t.state.reconnecting, reconnect: false };
    case 'disconnected': {
      const seconds = Math.max(1, Math.round((detail.retryInMs ?? 0) / 1000));
      return { state, text: detail.reason === 'session' ? t.state.disconnectedSession(seconds) : t.state.disconnected(seconds), reconnect: true };
    }
    case 'revoked':
      return { state, text: t.state.revokedShort, reconnect: false, revoked: detail.reason === 'no-access' ? t.state.noAccess : t.state.revoked };
  }
}

// ------------------------------------------------------------------ skicka

/** Varför texten inte kan skickas alls: tom, eller över 16 KiB. */
export function composerProblem(text: string): 'empty' | 'too-large' | undefined {
  if (text.trim() === '') return 'empty';
  if (utf8Length(text) > MAX_TEXT_BYTES) return 'too-large';
  return undefined;
}

/** En `error`-ram för ett eget meddelande → varför det inte kunde skickas. */
export function failureForCode(code: string): FailureReason {
  switch (code) {
    case 'payload-too-large':
      return 'too-large';
    case 'too-many-requests':
      return 'rate-limited';
    case 'access-revoked':
    case 'not-found':
    case 'forbidden':
      return 'revoked';
    default:
      return 'rejected';
  }
}

/** Ett HTTP-fel på `POST …/messages` → varför meddelandet inte kunde skickas. */
export function failureForStatus(status: number): FailureReason {
  return status === 413 ? 'too-large' : status === 429 ? 'rate-limited' : status === 403 || status === 404 ? 'revoked' : 'rejected';
}

/** "Kunde inte skickas." och orsaken (med serverns förklaring när den bara tog emot det inte). */
export function failureText(o: Outgoing): string {
  const reason = (o.reason && t.failure[o.reason]) || t.failure['rejected'] || '';
  return `${t.status.failed} ${reason}${o.reason === 'rejected' && o.detail ? ` (${o.detail})` : ''}`;
}

/** Ett HTTP-fel när ett meddelande redigeras: för långt och för många med egna ord, annars serverns. */
export function editFailureText(status: number | undefined, shown: { title: string; detail?: string | undefined }): string {
  if (status === 413) return t.failure['too-large'] ?? '';
  if (status === 429) return t.failure['rate-limited'] ?? '';
  return `${shown.title}${shown.detail ? `: ${shown.detail}` : ''}`;
}

// ------------------------------------------------------------------ rita om

/** Allt som syns i ett meddelandes element: ändras det ritas elementet om, annars rörs det inte. */
export function signatureOf(entry: Entry, readers: readonly string[], editing: number | undefined, readOnly: boolean): string {
  if (entry.kind === 'outgoing') {
    const o = entry.outgoing;
    return JSON.stringify(['o', o.status, o.reason ?? '', o.detail ?? '', o.text, readOnly]);
  }
  const m = entry.message;
  return JSON.stringify(['m', m.id, m.version ?? 0, m.redacted, m.text, m.editedAt ?? '', m.sentAt, readers, editing === m.seq, readOnly]);
}

/** "Anna", "Anna och Erik", "Anna, Erik och Maria". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} och ${names[names.length - 1]}`;
}

/** Ett slumpat clientId (UUID v4). */
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

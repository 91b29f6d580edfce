/**
 * En WebSocket-anslutning till teamkanalen (`/api/ws`, docs/PROTOCOL.md) för ett barn:
 * första ramen är `auth` med access-token, sedan `subscribe` med `afterSeq` (det
 * högsta `seq` vi har), ny `auth` med färsk token före utgång, och återanslutning
 * med exponentiell backoff när anslutningen bryts. `access-revoked` och `consent-expired`
 * avslutar för gott.
 *
 * Ren modul utan DOM (WebSocket och timers kan bytas ut i enhetstester).
 */
import { parseFrame, type ServerFrame } from './protocol.js';

export type ConnectionState =
  /** Första anslutningen pågår. */
  | 'connecting'
  /** Autentiserad och prenumererar: meddelanden kommer live. */
  | 'connected'
  /** Ny anslutning pågår efter ett avbrott. */
  | 'reconnecting'
  /** Avbruten; nytt försök om `retryInMs`. */
  | 'disconnected'
  /** Tillgången till barnets kanal har upphört (återkallat eller utgånget samtycke, borttagen ur teamet). */
  | 'revoked'
  /** Stängd av klienten (man lämnade fliken). */
  | 'closed';

export interface StateDetail {
  /** Millisekunder till nästa försök (bara för `disconnected`). */
  retryInMs?: number;
  /** Varför anslutningen bröts eller upphörde. */
  reason?: 'network' | 'session' | 'no-access' | 'revoked' | 'expired' | 'server';
}

/** Det lilla av WebSocket som används (så att enhetstester kan byta ut den). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface ConnectionOptions {
  url: string;
  childId: string;
  /** En giltig access-token (förnyas av inloggningen när den snart går ut). */
  token(): Promise<string>;
  /** `afterSeq` för prenumerationen: det högsta `seq` som tagits emot i följd. */
  resumeSeq(): number;
  onState(state: ConnectionState, detail: StateDetail): void;
  /** Ramar för vyn: message, edited, redacted, ack, receipt, typing och error. */
  onFrame(frame: ServerFrame): void;
  /** Prenumerationen är igång (första gången eller efter återanslutning): skicka det som väntar. */
  onReady(): void;
  createSocket?: (url: string) => SocketLike;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  now?: () => number;
  random?: () => number;
}

const OPEN = 1;
/** Hur länge ett anslutningsförsök (öppna + auth + subscribe) får ta. */
export const CONNECT_TIMEOUT_MS = 15_000;
/** Ny token så här långt före utgång (inloggningen förnyar token inom 30 s före utgång). */
export const REAUTH_BEFORE_EXPIRY_MS = 25_000;
/** Om inloggningen ännu inte gett en ny token: försök igen så här snart. */
export const REAUTH_RETRY_MS = 5_000;
export const MAX_BACKOFF_MS = 30_000;

/** Väntetid före försök nummer `attempt` (0, 1, 2 …): 1 s, 2 s, 4 s … högst 30 s, med slump (50–100 %). */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, Math.min(attempt, 10)));
  return Math.round(base * (0.5 + random() / 2));
}

export class ChannelConnection {
  private readonly o: ConnectionOptions;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly now: () => number;
  private readonly random: () => number;
  private socket: SocketLike | undefined;
  private state: ConnectionState = 'connecting';
  private attempt = 0;
  private everConnected = false;
  private subscribed = false;
  private authenticated = false;
  private lastToken: string | undefined;
  private expiresAt = 0;
  private retryTimer: unknown;
  private connectTimer: unknown;
  private reauthTimer: unknown;
  private finished = false;
  /** Räknas upp för varje försök, så att gamla sockets händelser ignoreras. */
  private generation = 0;

  constructor(options: ConnectionOptions) {
    this.o = options;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  get current(): ConnectionState {
    return this.state;
  }

  /** Autentiserad och prenumererar: ramar kan skickas. */
  get ready(): boolean {
    return this.subscribed && this.socket?.readyState === OPEN;
  }

  start(): void {
    void this.connect();
  }

  /** Skickar en ram om anslutningen är klar; annars `false` (ramen skickas inte). */
  send(frame: Record<string, unknown>): boolean {
    if (!this.ready || !this.socket) return false;
    try {
      this.socket.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  /** "Anslut nu" (eller webbläsaren är online igen): försök direkt i stället för att vänta. */
  reconnectNow(): void {
    if (this.finished || this.state === 'connected' || this.state === 'connecting' || this.state === 'reconnecting') return;
    this.clear('retryTimer');
    this.attempt = 0;
    void this.connect();
  }

  /** Stänger för gott (man lämnade fliken). */
  close(): void {
    if (this.finished) return;
    this.finished = true;
    this.teardown(1000, 'Lämnade kanalen');
    this.setState('closed', {});
  }

  // ---------------------------------------------------------------- internt

  private async connect(): Promise<void> {
    if (this.finished) return;
    const generation = ++this.generation;
    this.setState(this.everConnected ? 'reconnecting' : 'connecting', {});
    let token: string;
    try {
      token = await this.o.token();
    } catch {
      if (generation !== this.generation || this.finished) return;
      this.scheduleReconnect('session');
      return;
    }
    if (generation !== this.generation || this.finished) return;
    let socket: SocketLike;
    try {
      socket = this.o.createSocket ? this.o.createSocket(this.o.url) : (new WebSocket(this.o.url) as unknown as SocketLike);
    } catch {
      this.scheduleReconnect('network');
      return;
    }
    this.socket = socket;
    this.subscribed = false;
    this.authenticated = false;
    this.connectTimer = this.setTimer(() => {
      if (generation === this.generation && !this.subscribed) this.dropped('network');
    }, CONNECT_TIMEOUT_MS);
    socket.onopen = () => {
      if (generation !== this.generation) return;
      this.lastToken = token;
      socket.send(JSON.stringify({ type: 'auth', token }));
    };
    socket.onmessage = (event) => {
      if (generation !== this.generation) return;
      const frame = parseFrame(event.data);
      if (frame) this.onFrame(frame);
    };
    socket.onerror = () => {
      // Följs alltid av onclose.
    };
    socket.onclose = (event) => {
      if (generation !== this.generation) return;
      this.dropped(reasonFor(event.code));
    };
  }

  private onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'authenticated': {
        this.expiresAt = Date.parse(frame.expiresAt);
        this.scheduleReauth();
        if (!this.authenticated) {
          this.authenticated = true;
          this.socket?.send(JSON.stringify({ type: 'subscribe', childId: this.o.childId, afterSeq: this.o.resumeSeq() }));
        }
        return;
      }
      case 'subscribed':
        if (frame.childId !== this.o.childId) return;
        this.subscribed = true;
        this.everConnected = true;
        this.attempt = 0;
        this.clear('connectTimer');
        this.setState('connected', {});
        this.o.onReady();
        return;
      case 'unsubscribed':
        return;
      case 'error':
        this.onError(frame);
        return;
      default:
        this.o.onFrame(frame);
    }
  }

  private onError(frame: Extract<ServerFrame, { type: 'error' }>): void {
    const ours = frame.childId === undefined || frame.childId === this.o.childId;
    if (ours && frame.code === 'access-revoked') {
      this.revoked('revoked');
      return;
    }
    if (ours && frame.code === 'consent-expired') {
      this.revoked('expired');
      return;
    }
    if (ours && frame.code === 'after-seq-ahead' && !this.subscribed && typeof frame.lastSeq === 'number') {
      // Servern har färre meddelanden än vi tror (t.ex. återställd från en säkerhetskopia): fortsätt från dess slut.
      this.socket?.send(JSON.stringify({ type: 'subscribe', childId: this.o.childId, afterSeq: frame.lastSeq }));
      return;
    }
    if (ours && !frame.clientId && !this.subscribed && (frame.code === 'not-found' || frame.code === 'forbidden')) {
      // Prenumerationen nekades: inte (längre) med i barnets team.
      this.revoked('no-access');
      return;
    }
    if (frame.code === 'invalid-token') {
      // Den nya token godtogs inte; den gamla gäller till utgång. Försök snart igen.
      this.lastToken = undefined;
      this.clear('reauthTimer');
      this.reauthTimer = this.setTimer(() => void this.reauth(), REAUTH_RETRY_MS);
      return;
    }
    if (frame.code === 'already-subscribed') return;
    if (ours && frame.code === 'unavailable' && !frame.clientId && frame.childId !== undefined) {
      // Historiken kunde inte spelas upp: prenumerationen är borta. Anslut på nytt och återuppta.
      this.dropped('server');
      return;
    }
    this.o.onFrame(frame);
  }

  private scheduleReauth(): void {
    this.clear('reauthTimer');
    if (!Number.isFinite(this.expiresAt)) return;
    const delay = Math.max(1000, this.expiresAt - this.now() - REAUTH_BEFORE_EXPIRY_MS);
    this.reauthTimer = this.setTimer(() => void this.reauth(), delay);
  }

  private async reauth(): Promise<void> {
    if (this.finished || !this.socket || this.socket.readyState !== OPEN) return;
    const generation = this.generation;
    let token: string;
    try {
      token = await this.o.token();
    } catch {
      // Inloggningen har gått ut: servern stänger med 4402 vid utgång, och då visas det.
      return;
    }
    if (generation !== this.generation || this.finished) return;
    if (token === this.lastToken) {
      // Inte förnyad ännu (förnyas först nära utgång): försök igen strax, så länge den gamla gäller.
      if (this.expiresAt - this.now() > 0) this.reauthTimer = this.setTimer(() => void this.reauth(), REAUTH_RETRY_MS);
      return;
    }
    this.lastToken = token;
    try {
      this.socket.send(JSON.stringify({ type: 'auth', token }));
    } catch {
      // onclose tar hand om resten.
    }
  }

  private dropped(reason: NonNullable<StateDetail['reason']>): void {
    if (this.finished || this.state === 'revoked') return;
    this.teardown(4000, 'Återansluter');
    this.scheduleReconnect(reason);
  }

  private scheduleReconnect(reason: NonNullable<StateDetail['reason']>): void {
    const delay = backoffDelay(this.attempt, this.random);
    this.attempt += 1;
    this.clear('retryTimer');
    this.retryTimer = this.setTimer(() => void this.connect(), delay);
    this.setState('disconnected', { retryInMs: delay, reason });
  }

  private revoked(reason: 'revoked' | 'expired' | 'no-access'): void {
    this.finished = true;
    this.teardown(1000, 'Ingen tillgång');
    this.setState('revoked', { reason });
  }

  private teardown(code: number, reason: string): void {
    this.generation += 1;
    this.subscribed = false;
    this.authenticated = false;
    this.clear('connectTimer');
    this.clear('reauthTimer');
    this.clear('retryTimer');
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onclose = null;
      socket.onerror = null;
      try {
        socket.close(code, reason);
      } catch {
        // Redan stängd.
      }
    }
  }

  private clear(timer: 'retryTimer' | 'connectTimer' | 'reauthTimer'): void {
    if (this[timer] !== undefined) this.clearTimer(this[timer]);
    this[timer] = undefined;
  }

  private setState(state: ConnectionState, detail: StateDetail): void {
    this.state = state;
    this.o.onState(state, detail);
  }
}

function reasonFor(code: number): NonNullable<StateDetail['reason']> {
  if (code === 4401 || code === 4402) return 'session';
  if (code === 1001 || code === 4408 || code === 4429 || code === 1009) return 'server';
  return 'network';
}

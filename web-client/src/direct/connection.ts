/**
 * Live-leverans av direktmeddelanden till en enhet över `/api/ws` (samma protokoll och mönster som
 * teamkanalens anslutning, src/channel/connection.ts): första ramen `auth`, sedan
 * `subscribe-direct` med enhetens id, ny `auth` före utgång, återanslutning med backoff. När
 * prenumerationen är igång (även efter ett avbrott) anropas `onReady`, så att vyn hämtar det som
 * kan ha missats via REST. `device-removed` och `unknown-device` avslutar för gott.
 *
 * Ren modul utan DOM (WebSocket och timers kan bytas ut i enhetstester).
 */
import { backoffDelay, CONNECT_TIMEOUT_MS, REAUTH_BEFORE_EXPIRY_MS, REAUTH_RETRY_MS, type SocketLike } from '../channel/connection.js';
import { parseDirectFrame, type DirectFrame } from './protocol.js';

export type DirectState = 'connecting' | 'connected' | 'disconnected' | 'device-gone' | 'closed';

export interface DirectConnectionOptions {
  url: string;
  deviceId: string;
  token(): Promise<string>;
  onState(state: DirectState, retryInMs?: number): void;
  /** direct, direct-closed, direct-devices, device-added, history-added (och övriga fel). */
  onFrame(frame: DirectFrame): void;
  onReady(): void;
  createSocket?: (url: string) => SocketLike;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  now?: () => number;
  random?: () => number;
}

const OPEN = 1;

export class DirectConnection {
  private readonly o: DirectConnectionOptions;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly now: () => number;
  private socket: SocketLike | undefined;
  private attempt = 0;
  private generation = 0;
  private finished = false;
  private subscribed = false;
  private authenticated = false;
  private lastToken: string | undefined;
  private timers: Partial<Record<'retry' | 'connect' | 'reauth', unknown>> = {};
  state: DirectState = 'connecting';

  constructor(options: DirectConnectionOptions) {
    this.o = options;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.now = options.now ?? Date.now;
  }

  start(): void {
    void this.connect();
  }

  reconnectNow(): void {
    if (this.finished || this.state !== 'disconnected') return;
    this.clear('retry');
    this.attempt = 0;
    void this.connect();
  }

  close(): void {
    if (this.finished) return;
    this.finished = true;
    this.teardown(1000, 'Lämnade direktmeddelandena');
    this.setState('closed');
  }

  private async connect(): Promise<void> {
    if (this.finished) return;
    const generation = ++this.generation;
    this.setState('connecting');
    let token: string;
    try {
      token = await this.o.token();
    } catch {
      if (generation === this.generation) this.scheduleReconnect();
      return;
    }
    if (generation !== this.generation || this.finished) return;
    let socket: SocketLike;
    try {
      socket = this.o.createSocket ? this.o.createSocket(this.o.url) : (new WebSocket(this.o.url) as unknown as SocketLike);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    this.subscribed = false;
    this.authenticated = false;
    this.timers.connect = this.setTimer(() => {
      if (generation === this.generation && !this.subscribed) this.dropped();
    }, CONNECT_TIMEOUT_MS);
    socket.onopen = () => {
      if (generation !== this.generation) return;
      this.lastToken = token;
      socket.send(JSON.stringify({ type: 'auth', token }));
    };
    socket.onmessage = (event) => {
      if (generation !== this.generation) return;
      const frame = parseDirectFrame(event.data);
      if (frame) this.onFrame(frame);
    };
    socket.onerror = () => {};
    socket.onclose = () => {
      if (generation === this.generation) this.dropped();
    };
  }

  private onFrame(frame: DirectFrame): void {
    switch (frame.type) {
      case 'authenticated':
        this.scheduleReauth(Date.parse(frame.expiresAt));
        if (!this.authenticated) {
          this.authenticated = true;
          this.socket?.send(JSON.stringify({ type: 'subscribe-direct', deviceId: this.o.deviceId }));
        }
        return;
      case 'subscribed-direct':
        if (frame.deviceId !== this.o.deviceId) return;
        this.subscribed = true;
        this.attempt = 0;
        this.clear('connect');
        this.setState('connected');
        this.o.onReady();
        return;
      case 'unsubscribed-direct':
        return;
      case 'device-removed':
        if (frame.deviceId === this.o.deviceId) this.gone();
        this.o.onFrame(frame);
        return;
      case 'error':
        if (frame.code === 'unknown-device' && (frame.deviceId === undefined || frame.deviceId === this.o.deviceId)) {
          this.gone();
          this.o.onFrame(frame);
          return;
        }
        if (frame.code === 'already-subscribed') return;
        if (frame.code === 'invalid-token') {
          this.lastToken = undefined;
          this.clear('reauth');
          this.timers.reauth = this.setTimer(() => void this.reauth(0), REAUTH_RETRY_MS);
          return;
        }
        this.o.onFrame(frame);
        return;
      default:
        this.o.onFrame(frame);
    }
  }

  private scheduleReauth(expiresAt: number): void {
    this.clear('reauth');
    if (!Number.isFinite(expiresAt)) return;
    const delay = Math.max(1000, expiresAt - this.now() - REAUTH_BEFORE_EXPIRY_MS);
    this.timers.reauth = this.setTimer(() => void this.reauth(expiresAt), delay);
  }

  private async reauth(expiresAt: number): Promise<void> {
    if (this.finished || !this.socket || this.socket.readyState !== OPEN) return;
    const generation = this.generation;
    let token: string;
    try {
      token = await this.o.token();
    } catch {
      return;
    }
    if (generation !== this.generation || this.finished) return;
    if (token === this.lastToken) {
      if (expiresAt - this.now() > 0) this.timers.reauth = this.setTimer(() => void this.reauth(expiresAt), REAUTH_RETRY_MS);
      return;
    }
    this.lastToken = token;
    try {
      this.socket.send(JSON.stringify({ type: 'auth', token }));
    } catch {
      // onclose tar hand om resten.
    }
  }

  private dropped(): void {
    if (this.finished) return;
    this.teardown(4000, 'Återansluter');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = backoffDelay(this.attempt, this.o.random);
    this.attempt += 1;
    this.clear('retry');
    this.timers.retry = this.setTimer(() => void this.connect(), delay);
    this.setState('disconnected', delay);
  }

  private gone(): void {
    this.finished = true;
    this.teardown(1000, 'Enheten finns inte');
    this.setState('device-gone');
  }

  private teardown(code: number, reason: string): void {
    this.generation += 1;
    this.subscribed = false;
    this.authenticated = false;
    this.clear('connect');
    this.clear('reauth');
    this.clear('retry');
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return;
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

  private clear(timer: 'retry' | 'connect' | 'reauth'): void {
    if (this.timers[timer] !== undefined) this.clearTimer(this.timers[timer]);
    delete this.timers[timer];
  }

  private setState(state: DirectState, retryInMs?: number): void {
    this.state = state;
    this.o.onState(state, retryInMs);
  }
}

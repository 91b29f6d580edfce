/**
 * Teamkanalen (#/barn/<id>/kanal): historik (senaste sidan via REST, äldre sidor när
 * man bläddrar upp), live-meddelanden över en WebSocket per sidvisning, skicka med
 * "Skickas…" direkt och "Försök igen" vid fel, läsmarkörer ("Läst av …"), "skriver…",
 * redigera och ta bort egna meddelanden, och anslutningens läge synligt och uppläst.
 * Anslutningen stängs när man lämnar fliken.
 */
import '../../channel.css';
import { ApiError } from '../../api';
import type { AppContext } from '../../app';
import { ChannelConnection } from '../../channel/connection';
import { MAX_FRAME_BYTES, utf8Length, type HistoryPage, type ReadMarker, type Sender, type ServerFrame, type TeamMessage } from '../../channel/protocol';
import { MessageStore, type Entry, type FailureReason, type Outgoing } from '../../channel/store';
import {
  composerProblem,
  Directory,
  editFailureText,
  failureForCode,
  failureForStatus,
  failureText,
  joinNames,
  newClientId,
  shouldSendTyping,
  signatureOf,
  stateLine,
  Typists,
  type StateLine,
} from '../../channel/view-model';
import { h } from '../../dom';
import { displayable, openDialog, uid } from '../../forms';
import { formatDateTime } from '../../format';
import { sv } from '../../i18n';
import type { Child, Team } from '../../types';
import { section } from '../../widgets';
import type { Tab } from './common';

const t = sv.channel;

const PAGE_SIZE = 50;
/** Så nära toppen (px) börjar äldre meddelanden hämtas. */
const LOAD_OLDER_THRESHOLD = 120;
/** Så nära botten (px) räknas som "längst ned" (nya meddelanden rullas fram). */
const BOTTOM_SLACK = 48;

export const renderChannel: Tab = async (ctx, child) => {
  const base = `/api/children/${encodeURIComponent(child.id)}/team`;
  const [page, markers, team] = await Promise.all([
    ctx.api.get<HistoryPage>(`${base}/messages?limit=${PAGE_SIZE}`),
    ctx.api.get<{ markers?: ReadMarker[] }>(`${base}/read-markers`).catch(() => ({ markers: [] as ReadMarker[] })),
    ctx.api.get<Team>(base).catch(() => undefined),
  ]);
  const view = new ChannelView(ctx, child, base, page, markers.markers ?? [], team);
  return { element: view.element, heading: view.heading };
};

class ChannelView {
  readonly element: HTMLElement;
  readonly heading: HTMLHeadingElement;
  private readonly store: MessageStore;
  private readonly connection: ChannelConnection;
  private readonly directory: Directory;
  private readonly rendered = new Map<string, { element: HTMLLIElement; signature: string }>();
  private readonly typists = new Typists();

  private readonly stateBox: HTMLDivElement;
  private readonly stateText: HTMLSpanElement;
  private readonly reconnectButton: HTMLButtonElement;
  private readonly revokedBox: HTMLDivElement;
  private readonly scroller: HTMLDivElement;
  private readonly list: HTMLOListElement;
  private readonly olderBar: HTMLDivElement;
  private readonly emptyNote: HTMLParagraphElement;
  private readonly typingLine: HTMLParagraphElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly composerNote: HTMLParagraphElement;

  private readyBefore = false;
  private loadingOlder = false;
  private olderFailed = false;
  private editing: number | undefined;
  private lastRead: number;
  private readTimer: ReturnType<typeof setTimeout> | undefined;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private lastTypingSent = 0;
  private disposed = false;
  private attached = false;
  private readonly watch: ReturnType<typeof setInterval>;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    private readonly ctx: AppContext,
    private readonly child: Child,
    private readonly base: string,
    page: HistoryPage,
    markers: ReadMarker[],
    team: Team | undefined,
  ) {
    const me: Sender = { username: ctx.me.username, name: ctx.me.name, organisation: ctx.me.organisation?.alias ?? null };
    this.store = new MessageStore(me);
    this.store.loadLatest(page.messages ?? [], page.hasMore === true);
    for (const marker of markers) this.store.receipt(marker.username, marker.seq);
    this.lastRead = this.store.marker(me.username);
    this.directory = new Directory(me);
    this.directory.learnTeam(team?.members ?? []);
    for (const m of page.messages ?? []) this.directory.learnSender(m.sender);
    void ctx.organisations().then((orgs) => this.directory.learnOrganisations(orgs), () => undefined);

    const bar = stateBar(() => this.connection.reconnectNow());
    this.stateBox = bar.box;
    this.stateText = bar.text;
    this.reconnectButton = bar.reconnect;
    this.revokedBox = bar.revoked;
    const log = messageLog();
    this.olderBar = log.olderBar;
    this.emptyNote = log.emptyNote;
    this.list = log.list;
    this.scroller = log.scroller;
    this.scroller.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.typingLine = h('p', { class: 'channel-typing', 'data-testid': 'channel-typing' });
    const composer = composerForm({ submit: () => this.submit(), typing: () => this.onTyping() });
    this.input = composer.input;
    this.sendButton = composer.send;
    this.composerNote = composer.note;

    const { element, heading } = section(t.heading, { testid: 'channel', intro: t.intro },
      h('div', { class: 'channel-statebar' }, this.stateBox, this.reconnectButton),
      this.revokedBox,
      this.scroller,
      this.typingLine,
      composer.form);
    element.classList.add('channel');
    this.element = element;
    this.heading = heading;

    this.sync();
    this.renderOlderBar();
    this.connection = this.connect();
    this.watch = this.watchLifecycle();
    this.connection.start();
  }

  // ---------------------------------------------------------------- livscykel

  private connect(): ChannelConnection {
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    return new ChannelConnection({
      url: `${scheme}//${window.location.host}/api/ws`,
      childId: this.child.id,
      token: () => this.ctx.api.accessToken(),
      resumeSeq: () => this.store.resumeSeq,
      onState: (state, detail) => this.showState(stateLine(state, detail)),
      onFrame: (frame) => this.onFrame(frame),
      onReady: () => this.onReady(),
    });
  }

  /** Stänger när fliken lämnas; rullar till botten när vyn syns. Ger tidtagaren som ser efter om vyn tagits bort. */
  private watchLifecycle(): ReturnType<typeof setInterval> {
    // Fliken lämnas: routern ritar om vid varje hashchange till en sida ("#/…").
    this.listen(window, 'hashchange', () => {
      if (window.location.hash.startsWith('#/') || window.location.hash === '') this.dispose();
    });
    this.listen(window, 'pagehide', () => this.dispose());
    this.listen(window, 'online', () => this.connection.reconnectNow());
    this.listen(document, 'visibilitychange', () => this.scheduleRead());
    // Visas vyn: börja längst ned (nyaste). Reserv: har elementet tagits bort ur sidan på annat sätt, stäng.
    const whenAttached = () => {
      if (this.disposed || this.attached) return;
      if (this.element.isConnected) this.onAttached();
      else requestAnimationFrame(whenAttached);
    };
    requestAnimationFrame(whenAttached);
    return setInterval(() => {
      if (this.element.isConnected) {
        if (!this.attached) this.onAttached();
      } else if (this.attached) {
        this.dispose();
      }
    }, 500);
  }

  private listen(target: EventTarget, type: string, handler: () => void): void {
    target.addEventListener(type, handler);
    this.cleanups.push(() => target.removeEventListener(type, handler));
  }

  private onAttached(): void {
    this.attached = true;
    this.scrollToBottom();
    this.scheduleRead();
  }

  private dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.connection.close();
    clearInterval(this.watch);
    if (this.readTimer) clearTimeout(this.readTimer);
    if (this.typingTimer) clearTimeout(this.typingTimer);
    for (const cleanup of this.cleanups) cleanup();
  }

  // ---------------------------------------------------------------- anslutningens läge

  private showState(line: StateLine | undefined): void {
    if (!line) return;
    this.stateBox.dataset['state'] = line.state;
    this.stateBox.className = `channel-state channel-state--${line.state}`;
    if (this.stateText.textContent !== line.text) this.stateText.textContent = line.text;
    this.reconnectButton.hidden = !line.reconnect;
    if (line.revoked !== undefined) this.onRevoked(line.revoked);
  }

  private onRevoked(text: string): void {
    this.revokedBox.replaceChildren(h('h3', { class: 'alert__title' }, t.revokedTitle), h('p', { class: 'alert__detail' }, text));
    this.revokedBox.hidden = false;
    this.input.disabled = true;
    this.sendButton.disabled = true;
    for (const item of this.store.pending()) this.store.fail(item.clientId, 'revoked');
    this.typists.clear();
    this.renderTyping();
    this.sync();
  }

  private onReady(): void {
    // Det som inte kvitterats skickas igen med samma clientId (servern lagrar det aldrig två gånger).
    for (const item of this.store.pending()) this.transmit(item);
    this.scheduleRead();
    // Kvittenser skickas bara live: efter ett avbrott hämtas läsmarkörerna på nytt.
    if (this.readyBefore) void this.refreshMarkers();
    this.readyBefore = true;
  }

  private async refreshMarkers(): Promise<void> {
    try {
      const { markers } = await this.ctx.api.get<{ markers?: ReadMarker[] }>(`${this.base}/read-markers`);
      if (this.disposed) return;
      let changed = false;
      for (const marker of markers ?? []) if (this.store.receipt(marker.username, marker.seq)) changed = true;
      if (changed) this.sync();
    } catch {
      // Inte viktigt nog för ett fel; nästa kvittens kommer live.
    }
  }

  // ---------------------------------------------------------------- ramar

  private onFrame(frame: ServerFrame): void {
    if ('childId' in frame && frame.childId !== undefined && frame.childId !== this.child.id) return;
    switch (frame.type) {
      case 'message': {
        const stick = this.isAtBottom();
        this.directory.learnSender(frame.sender);
        this.typists.stopped(frame.sender.username);
        this.renderTyping();
        if (this.store.receive(stripType(frame))) this.sync({ stick });
        this.scheduleRead();
        return;
      }
      case 'edited':
      case 'redacted':
        if (this.store.update(stripType(frame))) this.sync();
        return;
      case 'ack':
        if (this.store.ack(frame.clientId, frame.seq, frame.id, frame.sentAt, this.child.id)) this.sync({ stick: this.isAtBottom() });
        return;
      case 'receipt':
        if (this.store.receipt(frame.username, frame.seq)) this.sync();
        return;
      case 'typing':
        if (frame.username === this.ctx.me.username) return;
        this.typists.started(frame.username, frame.name ?? this.directory.nameOf(frame.username), Date.now());
        this.renderTyping();
        return;
      case 'error':
        if (frame.clientId) this.failed(frame.clientId, failureForCode(frame.code), frame.message);
        return;
      default:
        return;
    }
  }

  // ---------------------------------------------------------------- skicka

  private submit(): void {
    if (this.input.disabled) return;
    const text = this.input.value;
    const problem = composerProblem(text);
    if (problem === 'empty') {
      this.input.focus();
      return;
    }
    if (problem === 'too-large') {
      this.composerNote.textContent = t.failure['too-large'] ?? '';
      this.composerNote.classList.add('channel-composer__note--error');
      this.input.setAttribute('aria-invalid', 'true');
      this.input.focus();
      return;
    }
    this.composerNote.textContent = '';
    this.composerNote.classList.remove('channel-composer__note--error');
    this.input.removeAttribute('aria-invalid');
    const item = this.store.queue(newClientId(), text, Date.now());
    this.input.value = '';
    this.sync({ stick: true });
    this.transmit(item);
    if (!this.connection.ready) this.composerNote.textContent = t.queuedOffline;
    this.input.focus();
  }

  /** Över WebSocket om anslutningen är klar; annars via REST (samma clientId), och annars när den är tillbaka. */
  private transmit(item: Outgoing): void {
    if (item.status !== 'pending') return;
    const frame = { type: 'send', childId: this.child.id, clientId: item.clientId, text: item.text };
    const fitsInFrame = utf8Length(JSON.stringify(frame)) < MAX_FRAME_BYTES - 1024;
    if (fitsInFrame && this.connection.ready && this.connection.send(frame)) return;
    void this.sendViaRest(item);
  }

  private async sendViaRest(item: Outgoing): Promise<void> {
    try {
      const message = await this.ctx.api.post<TeamMessage>(`${this.base}/messages`, { clientId: item.clientId, text: item.text });
      if (this.disposed) return;
      if (message && typeof message.seq === 'number') this.store.update(message);
      else this.store.discard(item.clientId);
      this.sync({ stick: this.isAtBottom() });
    } catch (error) {
      if (this.disposed) return;
      if (error instanceof ApiError && error.status === 0) return; // Ingen kontakt: skickas igen vid återanslutning.
      const reason = failureForStatus(error instanceof ApiError ? error.status : 0);
      this.failed(item.clientId, reason, reason === 'rejected' ? displayable(error).detail ?? displayable(error).title : undefined);
    }
  }

  private failed(clientId: string, reason: FailureReason, detail?: string): void {
    if (this.store.fail(clientId, reason, reason === 'rejected' ? detail : undefined)) this.sync();
  }

  private retry(clientId: string): void {
    const item = this.store.retry(clientId);
    if (!item) return;
    this.sync();
    this.transmit(item);
    this.focusEntry(`c:${clientId}`);
  }

  private onTyping(): void {
    const now = Date.now();
    if (!shouldSendTyping(this.input.value, now, this.lastTypingSent)) return;
    if (this.connection.send({ type: 'typing', childId: this.child.id })) this.lastTypingSent = now;
  }

  // ---------------------------------------------------------------- läsmarkörer

  private scheduleRead(): void {
    if (this.readTimer || this.disposed) return;
    this.readTimer = setTimeout(() => {
      this.readTimer = undefined;
      this.sendRead();
    }, 250);
  }

  private sendRead(): void {
    if (document.visibilityState !== 'visible' || !this.element.isConnected) return;
    const seq = this.lastVisibleSeq();
    if (seq <= this.lastRead) return;
    if (this.connection.send({ type: 'read', childId: this.child.id, seq })) this.lastRead = seq;
  }

  /** Det senaste lagrade meddelandet som syns i listan. */
  private lastVisibleSeq(): number {
    const bottom = this.scroller.getBoundingClientRect().bottom;
    const items = this.list.querySelectorAll<HTMLLIElement>('li[data-seq]');
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i] as HTMLLIElement;
      const rect = item.getBoundingClientRect();
      if (rect.height > 0 && rect.top < bottom - 4) return Number(item.dataset['seq']);
    }
    return 0;
  }

  // ---------------------------------------------------------------- äldre meddelanden

  private onScroll(): void {
    if (this.scroller.scrollTop < LOAD_OLDER_THRESHOLD) void this.loadOlder();
    this.scheduleRead();
  }

  private async loadOlder(fromButton = false): Promise<void> {
    const before = this.store.oldestSeq;
    if (this.loadingOlder || !this.store.hasOlder || before === undefined || this.disposed) return;
    if (this.olderFailed && !fromButton) return;
    this.loadingOlder = true;
    this.olderFailed = false;
    this.renderOlderBar();
    try {
      const page = await this.ctx.api.get<HistoryPage>(`${this.base}/messages?beforeSeq=${before}&limit=${PAGE_SIZE}`);
      if (this.disposed) return;
      for (const m of page.messages ?? []) this.directory.learnSender(m.sender);
      // Behåll läget: det man tittade på ska stå still när äldre meddelanden läggs till ovanför.
      const anchor = this.firstVisibleItem();
      const offset = anchor ? this.offsetInScroller(anchor) : 0;
      this.store.addOlder(page.messages ?? [], page.hasMore === true);
      this.loadingOlder = false;
      this.renderOlderBar();
      this.sync();
      if (anchor?.isConnected) this.scroller.scrollTop += this.offsetInScroller(anchor) - offset;
      if (fromButton) this.olderButton()?.focus();
    } catch {
      this.loadingOlder = false;
      this.olderFailed = true;
      this.renderOlderBar();
    }
  }

  private firstVisibleItem(): HTMLLIElement | undefined {
    const top = this.scroller.getBoundingClientRect().top;
    for (const item of this.list.children) {
      if (item instanceof HTMLLIElement && item.getBoundingClientRect().bottom > top) return item;
    }
    return undefined;
  }

  private offsetInScroller(element: HTMLElement): number {
    return element.getBoundingClientRect().top - this.scroller.getBoundingClientRect().top;
  }

  private olderButton(): HTMLButtonElement | null {
    return this.olderBar.querySelector('button');
  }

  private renderOlderBar(): void {
    const hadFocus = this.olderBar.contains(document.activeElement);
    if (!this.store.hasOlder) {
      this.olderBar.replaceChildren(
        this.store.size > 0 ? h('p', { class: 'channel-older__note', 'data-testid': 'channel-beginning' }, t.beginning) : '',
      );
      return;
    }
    const button = h('button', {
      type: 'button',
      class: 'button button--secondary button--small',
      'data-testid': 'channel-load-older',
      'aria-busy': this.loadingOlder ? 'true' : undefined,
      disabled: this.loadingOlder,
    }, this.loadingOlder ? t.loadingOlder : t.loadOlder);
    button.addEventListener('click', () => void this.loadOlder(true));
    this.olderBar.replaceChildren(
      button,
      this.olderFailed ? h('p', { class: 'channel-older__note channel-older__note--error', role: 'alert' }, t.olderFailed) : '',
    );
    if (hadFocus) button.focus();
  }

  // ---------------------------------------------------------------- rita

  private isAtBottom(): boolean {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight <= BOTTOM_SLACK;
  }

  private scrollToBottom(): void {
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  /** Uppdaterar listan på plats: oförändrade element rörs inte (fokus och markering står kvar). */
  private sync(options: { stick?: boolean } = {}): void {
    const entries = this.store.entries();
    const readers = this.store.readers();
    const wanted = new Set<string>();
    let cursor: ChildNode | null = this.list.firstChild;
    for (const entry of entries) {
      wanted.add(entry.key);
      const names = entry.kind === 'message' ? (readers.get(entry.message.seq) ?? []).map((u) => this.directory.nameOf(u)) : [];
      const signature = signatureOf(entry, names, this.editing, this.input.disabled);
      let current = this.rendered.get(entry.key);
      if (!current || current.signature !== signature) {
        const element = this.renderEntry(entry, names);
        if (current) {
          const hadFocus = current.element.contains(document.activeElement);
          current.element.replaceWith(element);
          if (cursor === current.element) cursor = element;
          if (hadFocus) element.focus();
        }
        current = { element, signature };
        this.rendered.set(entry.key, current);
      }
      if (current.element === cursor) {
        cursor = cursor.nextSibling;
      } else {
        this.list.insertBefore(current.element, cursor);
      }
    }
    for (const [key, item] of this.rendered) {
      if (!wanted.has(key)) {
        item.element.remove();
        this.rendered.delete(key);
      }
    }
    this.emptyNote.hidden = entries.length > 0;
    if (entries.length === 0) this.olderBar.replaceChildren();
    if (options.stick) this.scrollToBottom();
  }

  private renderEntry(entry: Entry, readers: string[]): HTMLLIElement {
    return entry.kind === 'message' ? this.renderMessage(entry.message, entry.mine, readers) : this.renderOutgoing(entry.outgoing);
  }

  private renderMessage(m: TeamMessage, mine: boolean, readers: string[]): HTMLLIElement {
    const time = formatDateTime(m.sentAt);
    const item = h('li', {
      class: `channel-msg${mine ? ' channel-msg--mine' : ''}${m.redacted ? ' channel-msg--redacted' : ''}`,
      tabindex: '-1',
      'data-testid': 'channel-message',
      'data-seq': String(m.seq),
      'data-id': m.id,
      'data-status': 'sent',
      'data-sender': m.sender.username,
      'data-mine': mine ? 'true' : 'false',
      'data-redacted': m.redacted ? 'true' : 'false',
      'data-client-id': m.clientId ?? undefined,
    }, this.meta(m.sender, m.sentAt, time, Boolean(m.editedAt) && !m.redacted));

    if (m.redacted) {
      item.append(h('p', { class: 'channel-msg__text channel-msg__tombstone', 'data-testid': 'channel-message-text' }, t.redacted));
    } else if (mine && this.editing === m.seq) {
      item.append(this.editForm(m));
    } else {
      item.append(h('p', { class: 'channel-msg__text', 'data-testid': 'channel-message-text' }, m.text ?? ''));
    }
    if (mine) {
      item.append(h('p', { class: 'channel-msg__status', 'data-testid': 'channel-message-status' }, t.status.sent));
      if (!m.redacted && this.editing !== m.seq && !this.input.disabled) {
        const edit = h('button', {
          type: 'button',
          class: 'link-button channel-msg__action',
          'data-testid': 'channel-edit',
          'aria-label': t.editLabel(time),
        }, t.edit);
        edit.addEventListener('click', () => {
          this.editing = m.seq;
          this.sync();
          this.rendered.get(`s:${m.seq}`)?.element.querySelector<HTMLTextAreaElement>('textarea')?.focus();
        });
        const redact = h('button', {
          type: 'button',
          class: 'link-button channel-msg__action channel-msg__action--danger',
          'data-testid': 'channel-redact',
          'aria-label': t.redactLabel(time),
        }, t.redact);
        redact.addEventListener('click', () => this.confirmRedact(m));
        item.append(h('div', { class: 'channel-msg__actions' }, edit, redact));
      }
    }
    if (readers.length > 0) {
      item.append(h('p', {
        class: 'channel-msg__receipt',
        'data-testid': 'channel-receipt',
        'data-readers': readers.join(','),
      }, t.readBy(joinNames(readers))));
    }
    return item;
  }

  private renderOutgoing(o: Outgoing): HTMLLIElement {
    const time = formatDateTime(new Date(o.createdAt).toISOString());
    const item = h('li', {
      class: `channel-msg channel-msg--mine channel-msg--${o.status}`,
      tabindex: '-1',
      'data-testid': 'channel-message',
      'data-status': o.status,
      'data-sender': this.ctx.me.username,
      'data-mine': 'true',
      'data-client-id': o.clientId,
    },
    this.meta(this.store.me, new Date(o.createdAt).toISOString(), time, false),
    h('p', { class: 'channel-msg__text', 'data-testid': 'channel-message-text' }, o.text));
    if (o.status === 'pending') {
      item.append(h('p', { class: 'channel-msg__status', 'data-testid': 'channel-message-status' }, t.status.pending));
      return item;
    }
    item.append(h('p', { class: 'channel-msg__status channel-msg__status--failed', 'data-testid': 'channel-message-status', role: 'alert' }, failureText(o)));
    if (o.reason !== 'revoked') {
      const retry = h('button', {
        type: 'button',
        class: 'button button--secondary button--small',
        'data-testid': 'channel-retry',
        'aria-label': t.retryLabel,
      }, t.retry);
      retry.addEventListener('click', () => this.retry(o.clientId));
      const discard = h('button', {
        type: 'button',
        class: 'link-button channel-msg__action',
        'data-testid': 'channel-discard',
        'aria-label': t.discardLabel,
      }, t.discard);
      discard.addEventListener('click', () => {
        this.store.discard(o.clientId);
        if (!this.input.value) this.input.value = o.text;
        this.sync();
        this.input.focus();
      });
      item.append(h('div', { class: 'channel-msg__actions' }, retry, discard));
    }
    return item;
  }

  private meta(sender: Sender, iso: string, time: string, edited: boolean): HTMLElement {
    const org = this.directory.organisationOf(sender);
    return h('p', { class: 'channel-msg__meta' },
      h('span', { class: 'channel-msg__sender', 'data-testid': 'channel-message-sender' }, sender.name || sender.username),
      org ? h('span', { class: 'channel-msg__org' }, org) : null,
      h('time', { class: 'channel-msg__time', datetime: iso }, time),
      edited ? h('span', { class: 'channel-msg__edited', 'data-testid': 'channel-message-edited' }, `(${t.edited})`) : null);
  }

  private editForm(m: TeamMessage): HTMLFormElement {
    const id = uid('channel-edit');
    const input = h('textarea', {
      id,
      class: 'field__input field__textarea channel-input',
      rows: '3',
      'data-testid': 'channel-edit-input',
    });
    input.value = m.text ?? '';
    const error = h('p', { class: 'channel-composer__note channel-composer__note--error', role: 'alert' });
    const save = h('button', { type: 'submit', class: 'button button--primary button--small', 'data-testid': 'channel-edit-save' }, t.save);
    const cancel = h('button', { type: 'button', class: 'button button--secondary button--small', 'data-testid': 'channel-edit-cancel' }, t.cancel);
    const form = h('form', { class: 'channel-edit', novalidate: true, 'data-testid': 'channel-edit-form' },
      h('label', { for: id, class: 'visually-hidden' }, t.editInput), input, error, h('div', { class: 'form-actions' }, save, cancel));
    const close = () => {
      this.editing = undefined;
      this.sync();
      this.rendered.get(`s:${m.seq}`)?.element.querySelector<HTMLButtonElement>('[data-testid="channel-edit"]')?.focus();
    };
    cancel.addEventListener('click', close);
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        close();
      } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = input.value;
      if (text.trim() === '' || text === m.text) {
        close();
        return;
      }
      if (composerProblem(text) === 'too-large') {
        error.textContent = t.failure['too-large'] ?? '';
        return;
      }
      save.disabled = true;
      save.textContent = t.saving;
      this.ctx.api.patch<TeamMessage>(`${this.base}/messages/${encodeURIComponent(m.id)}`, { text }).then(
        (updated) => {
          if (this.disposed) return;
          if (updated && typeof updated.seq === 'number') this.store.update(updated);
          close();
        },
        (failure: unknown) => {
          save.disabled = false;
          save.textContent = t.save;
          error.textContent = editFailureText(failure instanceof ApiError ? failure.status : undefined, displayable(failure));
          input.focus();
        },
      );
    });
    return form;
  }

  private confirmRedact(m: TeamMessage): void {
    openDialog({
      title: t.redactHeading,
      body: [h('p', {}, t.redactConfirm), h('blockquote', { class: 'channel-quote' }, m.text ?? '')],
      confirmLabel: t.redactDo,
      busyLabel: t.redacting,
      danger: true,
      testid: 'channel-redact-dialog',
      onConfirm: async () => {
        await this.ctx.api.delete(`${this.base}/messages/${encodeURIComponent(m.id)}`);
        if (this.store.markRedacted(m.seq)) this.sync();
      },
      focusAfter: () => this.rendered.get(`s:${m.seq}`)?.element ?? this.input,
    });
  }

  private renderTyping(): void {
    const { text, recheckInMs } = this.typists.line(Date.now());
    this.typingLine.textContent = text;
    if (this.typingTimer) clearTimeout(this.typingTimer);
    this.typingTimer = undefined;
    if (recheckInMs !== undefined && !this.disposed) this.typingTimer = setTimeout(() => this.renderTyping(), recheckInMs);
  }

  private focusEntry(key: string): void {
    this.rendered.get(key)?.element.focus();
  }
}

function stripType(frame: TeamMessage & { type: string }): TeamMessage {
  const { type: _ignored, ...message } = frame;
  return message;
}

// ------------------------------------------------------------------ vyns delar

/** Anslutningens läge (role="status"), "Anslut nu" och rutan som säger att tillgången har upphört. */
function stateBar(reconnectNow: () => void) {
  const text = h('span', { class: 'channel-state__text' }, t.state.connecting);
  const box = h('div', {
    class: 'channel-state channel-state--connecting',
    role: 'status',
    'aria-live': 'polite',
    'data-testid': 'channel-state',
    'data-state': 'connecting',
  }, h('span', { class: 'channel-state__dot', 'aria-hidden': 'true' }), text);
  const reconnect = h('button', {
    type: 'button',
    class: 'button button--secondary button--small',
    'data-testid': 'channel-reconnect',
    hidden: true,
  }, t.reconnectNow);
  reconnect.addEventListener('click', reconnectNow);
  const revoked = h('div', { class: 'alert', role: 'alert', tabindex: '-1', 'data-testid': 'channel-revoked', hidden: true });
  return { box, text, reconnect, revoked };
}

/** Meddelandelistan (role="log", rullbar med tangentbordet) med raden för äldre meddelanden överst. */
function messageLog() {
  const olderBar = h('div', { class: 'channel-older' });
  const emptyNote = h('p', { class: 'empty channel-empty', 'data-testid': 'channel-empty', hidden: true }, t.empty);
  const list = h('ol', { class: 'channel-list', 'data-testid': 'channel-list' });
  const scroller = h('div', {
    class: 'channel-log',
    role: 'log',
    'aria-live': 'polite',
    'aria-relevant': 'additions',
    'aria-label': t.logLabel,
    tabindex: '0',
    'data-testid': 'channel-log',
  }, olderBar, emptyNote, list);
  return { olderBar, emptyNote, list, scroller };
}

/** Skrivfältet: Enter skickar, Skift+Enter ger ny rad. */
function composerForm(on: { submit: () => void; typing: () => void }) {
  const inputId = uid('channel-input');
  const hintId = `${inputId}-hint`;
  const input = h('textarea', {
    id: inputId,
    name: 'message',
    class: 'field__input field__textarea channel-input',
    rows: '3',
    'aria-describedby': hintId,
    'data-testid': 'channel-input',
  });
  const send = h('button', { type: 'submit', class: 'button button--primary', 'data-testid': 'channel-send' }, t.send);
  const note = h('p', { class: 'channel-composer__note', role: 'status', 'aria-live': 'polite', 'data-testid': 'channel-composer-note' });
  const form = h('form', { class: 'channel-composer', novalidate: true, 'data-testid': 'channel-form' },
    h('div', { class: 'field' },
      h('label', { for: inputId, class: 'field__label' }, t.inputLabel),
      h('p', { id: hintId, class: 'field__hint' }, t.inputHint),
      input),
    note,
    h('div', { class: 'form-actions' }, send));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    on.submit();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      on.submit();
    }
  });
  input.addEventListener('input', on.typing);
  return { form, input, send, note };
}

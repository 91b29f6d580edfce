/**
 * En direktkonversation (#/direkt/<id>): meddelandena (role="log"; nya läses upp), öppnade med den
 * här enhetens nyckel – ett meddelande utan kopia hit visas som "Historiken finns på din andra
 * enhet", aldrig som ett trasigt meddelande –, skrivfältet, notiser när motpartens enheter ändras,
 * säkerhetsnumret och motpartens enheter med "Markera som verifierad". Live över WebSocket.
 */
import { ApiError } from '../../api';
import type { View } from '../../app';
import type { DirectClient } from '../../direct/client';
import { CONVERSATION_CLOSED, type Conversation, type DirectFrame, type PublicDevice, type SealedMessage } from '../../direct/protocol';
import { DeviceListKeepsChanging } from '../../direct/send';
import { ConversationState, type Item } from '../../direct/state';
import { h } from '../../dom';
import { displayable, uid } from '../../forms';
import { formatDateTime } from '../../format';
import { sv } from '../../i18n';
import { badge, section, table } from '../../widgets';
import { Approvals, clientFor, directNav, startLive, t } from './common';

export const showConversation: View = async (ctx, route) => {
  const id = route.segments[1] ?? '';
  const client = await clientFor(ctx);
  const conversation = await client.conversation(id);
  if (!conversation) {
    throw new ApiError(404, sv.notFound.heading, sv.notFound.detail);
  }
  const view = new ConversationView(client, conversation);
  await view.load();
  view.connect(ctx);
  return { title: t.conversationTitle(conversation.with.name), content: view.element };
};

class ConversationView {
  readonly element: HTMLElement;
  private readonly state: ConversationState;
  private readonly list = h('ol', { class: 'direct-list', 'data-testid': 'direct-messages' });
  private readonly log: HTMLElement;
  private readonly announcer = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'data-testid': 'direct-announce' });
  private readonly closedSlot = h('div', {});
  private readonly composerNote = h('p', { class: 'field__hint', 'data-testid': 'direct-composer-note' });
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly form: HTMLFormElement;
  private readonly safetySlot = h('div', {});
  private readonly approvals: Approvals;
  private readonly liveSlot = h('div', {});
  private theirDevices: PublicDevice[] = [];
  private readSent = 0;

  constructor(private readonly client: DirectClient, private readonly conversation: Conversation) {
    this.state = new ConversationState(client.me, conversation.open);
    this.approvals = new Approvals(client);
    this.log = h('div', { class: 'direct-log', role: 'log', tabindex: '0', 'aria-label': t.logLabel(conversation.with.name), 'data-testid': 'direct-log' }, this.list);
    const inputId = uid('direct-input');
    const hintId = `${inputId}-hint`;
    this.input = h('textarea', { id: inputId, name: 'text', rows: '3', class: 'field__input', 'aria-describedby': hintId, 'data-testid': 'direct-input' });
    this.sendButton = h('button', { type: 'submit', class: 'button button--primary', 'data-testid': 'direct-send' }, t.send);
    this.form = h('form', { class: 'form', 'data-testid': 'direct-form', novalidate: true },
      h('div', { class: 'field' },
        h('label', { for: inputId, class: 'field__label' }, t.inputLabel),
        h('p', { id: hintId, class: 'field__hint' }, t.inputHint),
        this.input),
      this.composerNote,
      h('div', { class: 'form-actions' }, this.sendButton));
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        void this.submit();
      }
    });
    const about = h('p', { class: 'lead', 'data-testid': 'direct-about', 'data-child-id': conversation.childId }, t.about(conversation.childName));
    this.element = section(t.messagesHeading, {
      testid: 'direct-conversation',
    }, about, h('p', {}, t.guardiansNote), directNav(), this.liveSlot, this.approvals.element, this.closedSlot, this.log, this.announcer, this.form).element;
    this.element.dataset['conversationId'] = conversation.id;
    this.element.append(this.safetySlot);
  }

  async load(): Promise<void> {
    // Motpartens enheter kan saknas (stängd konversation: inget barn gemensamt längre); meddelandena visas ändå.
    const [messages] = await Promise.all([this.client.messagesAfter(this.conversation.id, 0), this.refreshDevices().catch(() => undefined)]);
    await this.add(messages, false);
    this.render();
    this.markRead();
  }

  connect(ctx: Parameters<typeof startLive>[0]): void {
    const live = startLive(ctx, this.client, {
      onFrame: (frame) => void this.onFrame(frame),
      onReady: () => void this.catchUp(),
    });
    this.liveSlot.replaceChildren(live.stateElement);
  }

  // ---------------------------------------------------------------- data

  private async add(messages: SealedMessage[], announce: boolean): Promise<void> {
    for (const m of messages) {
      const shown = await this.client.show(this.conversation.id, m);
      if (this.state.upsert(shown) && announce && shown.sender !== this.client.me) {
        this.announcer.textContent = t.newMessage(this.conversation.with.name);
      }
    }
  }

  private async catchUp(): Promise<void> {
    try {
      // Med platshållare kan historiken ha kommit medan vi var frånkopplade: hämta då allt igen.
      const from = this.state.elsewhereSeqs.length > 0 ? 0 : this.state.resumeSeq;
      await this.add(await this.client.messagesAfter(this.conversation.id, from), true);
      this.render();
      this.markRead();
    } catch {
      // Nästa ram eller återanslutning försöker igen.
    }
  }

  private async onFrame(frame: DirectFrame): Promise<void> {
    switch (frame.type) {
      case 'direct':
        if (frame.conversationId !== this.conversation.id) return;
        await this.add([frame], true);
        this.render();
        this.markRead();
        return;
      case 'direct-closed':
        if (frame.conversationId !== this.conversation.id) return;
        this.state.close();
        this.render();
        return;
      case 'direct-devices':
        if (frame.conversationId !== this.conversation.id) return;
        this.state.notice({ username: frame.username, change: frame.change, deviceId: frame.deviceId });
        this.render();
        await this.refreshDevices().catch(() => undefined);
        return;
      case 'history-added':
        if (frame.deviceId !== this.client.device.id) return;
        await this.add(await this.client.messagesAfter(this.conversation.id, 0), false);
        this.announcer.textContent = t.historyAdded(frame.count);
        this.render();
        return;
      case 'device-added':
        this.approvals.deviceAdded(frame);
        return;
      default:
    }
  }

  private markRead(): void {
    const seq = this.state.lastSeq;
    if (seq <= this.readSent || document.visibilityState === 'hidden') return;
    this.readSent = seq;
    this.state.markRead(seq);
    void this.client.markRead(this.conversation.id, seq).catch(() => {
      this.readSent = 0;
    });
  }

  // ---------------------------------------------------------------- skicka

  private async submit(): Promise<void> {
    const text = this.input.value.trim();
    if (text === '' || this.state.closed) return;
    const clientId = crypto.randomUUID();
    this.state.addPending(clientId, text);
    this.input.value = '';
    this.render();
    await this.deliver(clientId, text);
  }

  private async deliver(clientId: string, text: string): Promise<void> {
    try {
      const devices = await this.client.requiredDevices(this.conversation.with.username);
      const outcome = await this.client.send(this.conversation.id, clientId, text, devices);
      this.state.sent(clientId, outcome.result.id, outcome.result.seq, outcome.result.sentAt);
      const theirs = (d: { owner: string }) => d.owner === this.conversation.with.username;
      for (const d of outcome.change.added.filter(theirs)) this.state.notice({ username: d.owner, change: 'added', deviceId: d.id });
      for (const d of outcome.change.removed.filter(theirs)) this.state.notice({ username: d.owner, change: 'removed', deviceId: d.id });
      if (outcome.change.added.length + outcome.change.removed.length > 0) await this.refreshDevices().catch(() => undefined);
    } catch (error) {
      this.state.failPending(clientId, this.failure(error));
    }
    this.render();
  }

  private failure(error: unknown): string {
    if (error instanceof DeviceListKeepsChanging) return 'keeps-changing';
    if (error instanceof ApiError) {
      if (error.problemSlug === CONVERSATION_CLOSED || error.status === 403 || error.status === 404) {
        this.state.close();
        return 'closed';
      }
      if (error.status === 413) return 'too-large';
    }
    return 'rejected';
  }

  // ---------------------------------------------------------------- ritning

  private render(): void {
    const atBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 48;
    const items = this.state.items();
    this.list.replaceChildren(...(items.length === 0 ? [h('li', { class: 'empty', 'data-testid': 'direct-no-messages' }, t.noMessages)] : items.map((i) => this.item(i))));
    if (atBottom) this.log.scrollTop = this.log.scrollHeight;
    if (this.state.closed) {
      if (this.closedSlot.childElementCount === 0) {
        this.closedSlot.append(h('div', { class: 'alert', role: 'alert', 'data-testid': 'direct-closed' },
          h('h3', { class: 'alert__title' }, t.closedTitle), h('p', { class: 'alert__detail' }, t.closed)));
      }
      this.form.hidden = true;
    }
    const none = this.theirDevices.length === 0;
    this.composerNote.textContent = none ? t.noDevice(this.conversation.with.name) : '';
    this.input.disabled = none || this.state.closed;
    this.sendButton.disabled = none || this.state.closed;
  }

  private item(item: Item): HTMLElement {
    const name = (username: string) => (username === this.client.me ? t.you : this.conversation.with.name);
    if (item.type === 'notice') {
      const n = item.notice;
      return h('li', { class: 'direct-notice', 'data-testid': 'direct-device-notice', 'data-change': n.change, 'data-device-id': n.deviceId },
        n.change === 'added' ? t.deviceAdded(this.conversation.with.name) : t.deviceRemoved(this.conversation.with.name));
    }
    if (item.type === 'pending') {
      const p = item.pending;
      const li = h('li', { class: 'direct-message direct-message--mine', 'data-testid': 'direct-message', 'data-kind': 'pending', 'data-status': p.status, 'data-mine': 'true', 'data-client-id': p.clientId, 'data-sender': this.client.me },
        h('p', { class: 'direct-message__meta' }, t.you, ' · ', h('span', { 'data-testid': 'direct-message-status' }, p.status === 'failed' ? t.failed : t.sending)),
        h('p', { class: 'direct-message__text', 'data-testid': 'direct-message-text' }, p.text));
      if (p.status === 'failed') {
        const retry = h('button', { type: 'button', class: 'button button--secondary button--small', 'data-testid': 'direct-retry' }, t.retry);
        const discard = h('button', { type: 'button', class: 'button button--secondary button--small', 'data-testid': 'direct-discard' }, t.discard);
        retry.addEventListener('click', () => {
          const again = this.state.retryPending(p.clientId);
          this.render();
          if (again) void this.deliver(again.clientId, again.text);
        });
        discard.addEventListener('click', () => {
          this.state.discardPending(p.clientId);
          this.render();
          this.input.focus();
        });
        li.append(h('p', { role: 'alert', 'data-testid': 'direct-failure' }, t.failure[p.reason ?? 'rejected'] ?? t.failure['rejected']), h('p', {}, retry, ' ', discard));
      }
      return li;
    }
    const m = item.message;
    const mine = m.sender === this.client.me;
    const li = h('li', {
      class: `direct-message${mine ? ' direct-message--mine' : ''}${m.kind !== 'open' ? ` direct-message--${m.kind}` : ''}`,
      'data-testid': 'direct-message', 'data-kind': m.kind, 'data-status': 'sent', 'data-seq': String(m.seq), 'data-sender': m.sender,
      'data-mine': String(mine), 'data-client-id': m.clientId, 'data-id': m.id,
    }, h('p', { class: 'direct-message__meta' }, h('span', { 'data-testid': 'direct-message-sender' }, name(m.sender)), ' · ', h('time', { datetime: m.sentAt }, formatDateTime(m.sentAt))));
    if (m.kind === 'open') li.append(h('p', { class: 'direct-message__text', 'data-testid': 'direct-message-text' }, m.text));
    else if (m.kind === 'elsewhere') li.append(h('p', { class: 'direct-message__text', 'data-testid': 'direct-message-elsewhere' }, t.elsewhere), h('p', { class: 'field__hint' }, t.elsewhereHint));
    else li.append(h('p', { class: 'direct-message__text', role: 'alert', 'data-testid': 'direct-message-broken' }, t.broken));
    return li;
  }

  // ---------------------------------------------------------------- säkerhetsnummer

  private async refreshDevices(): Promise<void> {
    const username = this.conversation.with.username;
    this.theirDevices = await this.client.devicesOf(username);
    const number = await this.client.safetyNumber(username, this.theirDevices);
    const rows = await Promise.all(this.theirDevices.map(async (d) => {
      const code = await this.client.code(d.publicKey);
      const verified = d.verified === true;
      const toggle = h('button', {
        type: 'button',
        class: 'button button--secondary button--small',
        'data-testid': 'direct-verify',
        'data-device-id': d.id,
        'aria-pressed': String(verified),
        'aria-label': verified ? t.unmarkVerifiedLabel(code) : t.markVerifiedLabel(code),
      }, verified ? t.unmarkVerified : t.markVerified);
      toggle.addEventListener('click', () => {
        toggle.disabled = true;
        this.client.setVerified(username, d.id, !verified).then(
          () => this.refreshDevices().then(() => this.safetySlot.querySelector<HTMLElement>(`[data-testid="direct-verify"][data-device-id="${CSS.escape(d.id)}"]`)?.focus()),
          (error: unknown) => {
            toggle.disabled = false;
            toggle.after(h('span', { role: 'alert' }, ' ', displayable(error).title));
          },
        );
      });
      return h('tr', { 'data-testid': 'direct-their-device', 'data-device-id': d.id, 'data-verified': String(verified) },
        h('th', { scope: 'row' }, h('span', { class: 'direct-code' }, code)),
        h('td', {}, d.createdAt ? formatDateTime(d.createdAt) : ''),
        h('td', {}, badge(verified ? t.verified : t.notVerified, verified ? 'ok' : 'neutral', { 'data-testid': 'direct-verified-badge' })),
        h('td', {}, toggle));
    }));
    const { element } = section(t.safetyHeading, { testid: 'direct-safety', level: 3, className: 'subsection' },
      h('p', {}, t.safetyIntro(this.conversation.with.name)),
      h('p', {}, h('span', { class: 'direct-code', 'data-testid': 'direct-safety-number' }, number)),
      table({ caption: t.theirDevices(this.conversation.with.name), columns: [t.deviceCode, t.added, t.verified, sv.team.actions], testid: 'direct-their-devices' }, rows));
    this.safetySlot.replaceChildren(element);
    this.render();
  }
}

/**
 * Delar som alla vyer för direktmeddelanden använder: enhetens klient, live-anslutningen (en
 * WebSocket per sidvisning, stängs när man lämnar sidan), anslutningens läge (role="status"),
 * den här enhetens kod och "Godkänn ny enhet" (jämför koden, för över historiken med förlopp).
 */
import '../../direct.css';
import type { AppContext } from '../../app';
import { href } from '../../app';
import { DirectClient, directClient } from '../../direct/client';
import { DirectConnection, type DirectState } from '../../direct/connection';
import type { DirectFrame, PublicDevice } from '../../direct/protocol';
import { h } from '../../dom';
import { displayable } from '../../forms';
import { sv } from '../../i18n';

export const t = sv.direct;

export async function clientFor(ctx: AppContext): Promise<DirectClient> {
  return directClient(ctx.api, ctx.me.username);
}

export interface Live {
  connection: DirectConnection;
  stateElement: HTMLElement;
}

/** Startar live-anslutningen för enhetens ramar; stängs vid nästa navigering eller när sidan lämnas. */
export function startLive(ctx: AppContext, client: DirectClient, handlers: { onFrame(frame: DirectFrame): void; onReady(): void }): Live {
  const stateText = h('span', {});
  const reconnect = h('button', { type: 'button', class: 'button button--secondary button--small', 'data-testid': 'direct-reconnect', hidden: true }, t.reconnectNow);
  const stateElement = h('p', { class: 'direct-state', role: 'status', 'aria-live': 'polite', 'data-testid': 'direct-state', 'data-state': 'connecting' }, stateText);
  const wrapper = h('div', {}, stateElement, reconnect);
  const show = (state: DirectState, retryInMs?: number) => {
    stateElement.dataset['state'] = state;
    stateElement.className = `direct-state direct-state--${state}`;
    stateText.textContent = state === 'disconnected' ? t.state.disconnected(Math.ceil((retryInMs ?? 0) / 1000)) : t.state[state];
    reconnect.hidden = state !== 'disconnected';
  };
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const connection = new DirectConnection({
    url: `${scheme}//${window.location.host}/api/ws`,
    deviceId: client.device.id,
    token: () => ctx.api.accessToken(),
    onState: show,
    onFrame: handlers.onFrame,
    onReady: handlers.onReady,
  });
  reconnect.addEventListener('click', () => connection.reconnectNow());
  const stop = () => {
    connection.close();
    window.removeEventListener('hashchange', stop);
    window.removeEventListener('pagehide', stop);
    window.removeEventListener('online', online);
  };
  const online = () => connection.reconnectNow();
  window.addEventListener('hashchange', stop);
  window.addEventListener('pagehide', stop);
  window.addEventListener('online', online);
  connection.start();
  return { connection, stateElement: wrapper };
}

/** "Den här enhetens kod" (räknad här ur den egna nyckeln), att jämföra när enheten godkänns. */
export function thisDeviceCode(client: DirectClient): HTMLElement {
  return h('div', { class: 'notice-box', 'data-testid': 'direct-this-device', 'data-device-id': client.device.id },
    h('p', { class: 'notice-box__title' }, t.thisDevice),
    h('p', {}, t.thisDeviceCodeLabel, h('span', { class: 'direct-code', 'data-testid': 'direct-this-device-code' }, client.device.code)),
    h('p', { class: 'field__hint' }, t.thisDeviceCodeHint));
}

/** Länkarna överst: alla konversationer, mina enheter. */
export function directNav(): HTMLElement {
  return h('p', {},
    h('a', { href: href('direkt'), 'data-testid': 'direct-back' }, t.back), ' · ',
    h('a', { href: href('direkt', 'enheter'), 'data-testid': 'direct-devices-link' }, t.devicesLink));
}

/**
 * Godkänn en ny egen enhet: visar dess kod räknad här ur nyckeln servern har (inte serverns
 * fingeravtryck), och först när personen bekräftat att koden är densamma som på den nya enheten
 * förseglas historiken om och laddas upp, med förlopp.
 */
export async function approvePanel(client: DirectClient, deviceId: string, label: string, onClose: () => void): Promise<HTMLElement> {
  const own = await client.devicesOf(client.me);
  const device = own.find((d) => d.id === deviceId);
  const panel = h('div', { class: 'card direct-approve', 'data-testid': 'direct-approve-panel', 'data-device-id': deviceId, role: 'group', 'aria-labelledby': `approve-${deviceId}` });
  const heading = h('h3', { id: `approve-${deviceId}`, tabindex: '-1' }, `${t.approveHeading}: ${label}`);
  panel.append(heading);
  if (!device) {
    panel.append(h('p', { role: 'alert' }, t.approveMismatch));
    return panel;
  }
  const code = await client.code(device.publicKey);
  panel.append(
    h('p', {}, t.approveIntro),
    h('p', {}, t.approveCodeLabel, h('span', { class: 'direct-code', 'data-testid': 'direct-approve-code' }, code)),
  );
  if (device.fingerprint && device.fingerprint !== code) {
    panel.append(h('p', { class: 'alert', role: 'alert', 'data-testid': 'direct-approve-mismatch' }, t.approveMismatch));
    return panel;
  }
  const progressBar = h('progress', { class: 'direct-progress', max: '1', value: '0', 'aria-label': t.approving, hidden: true });
  const status = h('p', { role: 'status', 'aria-live': 'polite', 'data-testid': 'direct-approve-progress', 'data-state': 'idle' });
  const confirm = h('button', { type: 'button', class: 'button button--primary', 'data-testid': 'direct-approve-confirm' }, t.approveDo);
  const cancel = h('button', { type: 'button', class: 'button button--secondary', 'data-testid': 'direct-approve-cancel' }, sv.common.cancel);
  cancel.addEventListener('click', onClose);
  confirm.addEventListener('click', () => {
    confirm.disabled = true;
    cancel.disabled = true;
    confirm.textContent = t.approving;
    progressBar.hidden = false;
    status.dataset['state'] = 'running';
    void approve(client, device, progressBar, status).finally(() => {
      cancel.disabled = false;
      cancel.textContent = t.close;
      confirm.hidden = true;
    });
  });
  panel.append(h('div', { class: 'form-actions' }, confirm, cancel), progressBar, status);
  return panel;
}

async function approve(client: DirectClient, device: PublicDevice, bar: HTMLProgressElement, status: HTMLElement): Promise<void> {
  try {
    const done = await client.approve(device, (p) => {
      bar.max = Math.max(1, p.conversations);
      bar.value = p.conversationsDone;
      status.textContent = t.progress(p.conversationsDone, p.conversations, p.uploaded);
    });
    bar.value = bar.max;
    status.textContent = t.progressDone(done.uploaded);
    status.dataset['state'] = 'done';
    status.dataset['uploaded'] = String(done.uploaded);
  } catch (error) {
    const { title, detail } = displayable(error);
    status.textContent = `${title}. ${detail ?? ''}`;
    status.dataset['state'] = 'failed';
  }
}

/**
 * Notiser om nya egna enheter (ramen `device-added`), med "Godkänn ny enhet". Används av alla
 * vyer; `added` låter vyn rita om sin lista.
 */
export class Approvals {
  readonly element = h('div', { 'data-testid': 'direct-approvals', 'aria-live': 'polite' });
  private readonly shown = new Set<string>();

  constructor(private readonly client: DirectClient) {}

  deviceAdded(frame: { deviceId: string; label: string }): void {
    if (frame.deviceId === this.client.device.id || this.shown.has(frame.deviceId)) return;
    this.shown.add(frame.deviceId);
    const slot = h('div', {});
    const button = approveButton(frame.label, frame.deviceId);
    const box = h('div', { class: 'notice-box', 'data-testid': 'direct-device-added', 'data-device-id': frame.deviceId },
      h('p', { class: 'notice-box__title' }, t.newDeviceNotice(frame.label)), button, slot);
    button.addEventListener('click', () => void this.openPanel(slot, frame.deviceId, frame.label, button));
    this.element.append(box);
  }

  async openPanel(slot: HTMLElement, deviceId: string, label: string, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      slot.replaceChildren(await approvePanel(this.client, deviceId, label, () => {
        slot.replaceChildren();
        button.disabled = false;
        button.focus();
      }));
      slot.querySelector<HTMLElement>('h3')?.focus();
    } catch (error) {
      button.disabled = false;
      const { title } = displayable(error);
      slot.replaceChildren(h('p', { role: 'alert' }, title));
    }
  }
}

export function approveButton(label: string, deviceId: string): HTMLButtonElement {
  return h('button', {
    type: 'button',
    class: 'button button--primary button--small',
    'data-testid': 'direct-approve',
    'data-device-id': deviceId,
    'aria-label': t.approveLabel(label),
  }, t.approve);
}

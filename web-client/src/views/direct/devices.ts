/**
 * Mina enheter (#/direkt/enheter): varje webbläsare med namn, kod och när den lades till;
 * "Ta bort" (dialog) och för mina andra enheter "Godkänn ny enhet" (jämför koden, för över
 * historiken). Nya enheter (`device-added`) visas live.
 */
import type { View } from '../../app';
import type { DirectFrame, MyDevice } from '../../direct/protocol';
import { h } from '../../dom';
import { Feedback, openDialog } from '../../forms';
import { formatDateTime } from '../../format';
import { sv } from '../../i18n';
import { badge, section, table } from '../../widgets';
import { Approvals, approveButton, clientFor, directNav, startLive, t, thisDeviceCode } from './common';

export const showDirectDevices: View = async (ctx) => {
  const client = await clientFor(ctx);
  const feedback = new Feedback('direct-devices-feedback');
  const approvals = new Approvals(client);
  const slot = h('div', {});
  const panelSlot = h('div', {});

  const draw = (devices: MyDevice[]) => {
    slot.replaceChildren(table({ caption: t.devicesCaption, columns: [t.deviceLabel, t.deviceCode, t.added, sv.team.actions], testid: 'direct-device-list' },
      devices.map((d) => deviceRow(d))));
  };
  const refresh = async () => draw(await client.myDevices());

  const deviceRow = (d: MyDevice): HTMLTableRowElement => {
    const mine = d.id === client.device.id;
    const actions = h('td', { class: 'table__actions' });
    if (!mine) {
      const approve = approveButton(d.label, d.id);
      approve.addEventListener('click', () => void approvals.openPanel(panelSlot, d.id, d.label, approve));
      actions.append(approve, ' ');
    }
    const remove = h('button', {
      type: 'button',
      class: 'button button--danger-outline button--small',
      'data-testid': 'direct-remove-device',
      'data-device-id': d.id,
      'aria-label': t.removeDeviceLabel(d.label),
    }, t.removeDevice);
    remove.addEventListener('click', () => {
      openDialog({
        title: t.removeDeviceHeading,
        body: [h('p', {}, t.removeDeviceConfirm)],
        confirmLabel: t.removeDeviceDo,
        busyLabel: t.removing,
        danger: true,
        testid: 'direct-remove-device-dialog',
        onConfirm: async () => {
          await client.removeDevice(d.id);
          await refresh().catch(() => undefined);
          feedback.showSuccess(t.removed(d.label));
        },
        focusAfter: () => document.querySelector<HTMLElement>('[data-testid="direct-devices"] h2'),
      });
    });
    actions.append(remove);
    return h('tr', { 'data-testid': 'direct-device-row', 'data-device-id': d.id, 'data-this-device': String(mine) },
      h('th', { scope: 'row' }, d.label, mine ? h('span', { class: 'block' }, badge(t.thisDevice, 'ok')) : null),
      h('td', {}, h('span', { class: 'direct-code', 'data-testid': 'direct-device-code' }, d.fingerprint)),
      h('td', {}, formatDateTime(d.createdAt)),
      actions);
  };

  const onFrame = (frame: DirectFrame) => {
    if (frame.type === 'device-added') {
      approvals.deviceAdded(frame);
      void refresh().catch(() => undefined);
    }
  };
  await refresh();
  const live = startLive(ctx, client, { onFrame, onReady: () => void refresh().catch(() => undefined) });
  const { element } = section(t.devicesHeading, { testid: 'direct-devices', intro: t.devicesIntro },
    directNav(), live.stateElement, feedback.element, approvals.element, thisDeviceCode(client), slot, panelSlot);
  return { title: t.devicesHeading, content: element };
};

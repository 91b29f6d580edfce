/**
 * Direktmeddelanden (#/direkt): mina konversationer med barnets namn, motparten och olästa
 * (uppdateras live), den här enhetens kod och notiser om nya egna enheter att godkänna.
 */
import type { View } from '../../app';
import { href } from '../../app';
import type { DirectFrame } from '../../direct/protocol';
import { ConversationList } from '../../direct/state';
import { h } from '../../dom';
import { organisationName } from '../../format';
import type { Organisation } from '../../types';
import { badge, emptyState, section, table } from '../../widgets';
import { Approvals, clientFor, directNav, startLive, t, thisDeviceCode } from './common';

export const showDirectList: View = async (ctx) => {
  const client = await clientFor(ctx);
  const list = new ConversationList(await client.conversations());
  const slot = h('div', {});
  const approvals = new Approvals(client);

  const draw = () => {
    const conversations = list.all();
    if (conversations.length === 0) {
      slot.replaceChildren(emptyState(t.empty, 'direct-empty'));
      return;
    }
    slot.replaceChildren(table({ caption: t.listCaption, columns: [t.child, t.with, t.unread], testid: 'direct-conversations' },
      conversations.map((c) => {
        const org = organisationName(c.with.organisation as Organisation | null | undefined);
        return h('tr', { 'data-testid': 'direct-conversation-row', 'data-conversation-id': c.id, 'data-unread': String(c.unread), 'data-open': String(c.open) },
          h('th', { scope: 'row' },
            h('a', { href: href('direkt', c.id), 'data-testid': 'direct-conversation-link', 'aria-label': t.openConversation(c.with.name, c.childName) }, c.childName)),
          h('td', {}, c.with.name, org ? h('span', { class: 'muted-inline block' }, org) : null),
          h('td', {},
            badge(t.unreadCount(c.unread), c.unread > 0 ? 'warn' : 'neutral', { 'data-testid': 'direct-unread', 'data-count': String(c.unread) }),
            c.open ? null : h('span', {}, ' ', badge(t.closedBadge, 'bad', { 'data-testid': 'direct-closed-badge' }))),
        );
      })));
  };
  const reload = async () => {
    list.replace(await client.conversations());
    draw();
  };
  const onFrame = (frame: DirectFrame) => {
    switch (frame.type) {
      case 'direct':
        if (!list.message(frame.conversationId, frame.seq, frame.sender === ctx.me.username)) void reload().catch(() => undefined);
        else draw();
        return;
      case 'direct-closed':
        list.closed(frame.conversationId);
        draw();
        return;
      case 'device-added':
        approvals.deviceAdded(frame);
        return;
      default:
    }
  };
  draw();
  const live = startLive(ctx, client, { onFrame, onReady: () => void reload().catch(() => undefined) });
  const { element } = section(t.heading, { testid: 'direct' },
    h('p', {}, t.intro),
    h('p', { 'data-testid': 'direct-guardians-note' }, t.guardiansNote),
    directNav(),
    live.stateElement,
    approvals.element,
    slot,
    thisDeviceCode(client));
  return { title: t.heading, content: element };
};

/**
 * Barnets sida (#/barn/<id>[/<flik>]): rubrik med barnets namn, en undermeny
 * (vanliga länkar med aria-current, så den fungerar med tangentbord och
 * skärmläsare) och den valda delen.
 */
import type { View } from '../../app';
import { h } from '../../dom';
import { sv } from '../../i18n';
import type { Child } from '../../types';
import { childPath, type Tab } from './common';
import { renderConsents } from './consents';
import { renderGuardians } from './guardians';
import { renderHandover } from './handover';
import { renderSharingLog } from './log';
import { renderOverview } from './overview';
import { renderTeam } from './team';
import { renderChannel } from './channel';
import { renderChildMeetings } from '../meetings/lists';

interface TabDefinition {
  slug: string;
  label: string;
  testid: string;
  render: Tab;
  visible: (child: Child) => boolean;
}

const always = () => true;

const TABS: TabDefinition[] = [
  { slug: '', label: sv.child.tabs.overview, testid: 'child-tab-overview', render: renderOverview, visible: always },
  { slug: 'vardnadshavare', label: sv.child.tabs.guardians, testid: 'child-tab-guardians', render: renderGuardians, visible: always },
  { slug: 'samtycken', label: sv.child.tabs.consents, testid: 'child-tab-consents', render: renderConsents, visible: always },
  { slug: 'team', label: sv.child.tabs.team, testid: 'child-tab-team', render: renderTeam, visible: always },
  { slug: 'kanal', label: sv.channel.tab, testid: 'child-tab-channel', render: renderChannel, visible: always },
  { slug: 'moten', label: 'Möten', testid: 'child-tab-meetings', render: renderChildMeetings, visible: always },
  { slug: 'delningslogg', label: sv.child.tabs.log, testid: 'child-tab-log', render: renderSharingLog, visible: always },
  {
    slug: 'overlamning',
    label: sv.child.tabs.handover,
    testid: 'child-tab-handover',
    render: renderHandover,
    visible: (child) => child.myRole === 'CHILD_CONTACT',
  },
];

export const showChild: View = async (ctx, route) => {
  const [, id = '', slug = ''] = route.segments;
  const child = await ctx.api.get<Child>(`/api/children/${encodeURIComponent(id)}`);
  const tabs = TABS.filter((t) => t.visible(child));
  const tab = tabs.find((t) => t.slug === slug);
  const nav = h('nav', { class: 'subnav', 'aria-label': sv.child.navLabel, 'data-testid': 'child-nav' },
    h('ul', { class: 'subnav__list' },
      ...tabs.map((t) =>
        h('li', { class: 'subnav__item' },
          h('a', {
            href: childPath(child, t.slug),
            class: 'subnav__link',
            'data-testid': t.testid,
            'aria-current': t === tab ? 'page' : undefined,
          }, t.label)),
      )));
  const sameChild = route.previous?.segments[0] === 'barn' && route.previous.segments[1] === id;
  if (!tab) {
    const message = h('p', { class: 'card', 'data-testid': 'child-tab-missing' }, sv.child.tabMissing);
    return { title: child.name, content: h('div', { class: 'stack' }, nav, message) };
  }
  const result = await tab.render(ctx, child, route);
  return {
    title: child.name,
    content: h('div', { class: 'stack', 'data-testid': 'child-page', 'data-child-id': child.id }, nav, result.element),
    // Byter man flik hos samma barn går fokus till avsnittets rubrik, annars till sidans h1.
    focus: sameChild ? result.heading : undefined,
  };
};

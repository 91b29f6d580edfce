/**
 * Möteslistor: barnets flik "Möten" (#/barn/<id>/moten) och "Mina möten" (#/moten).
 * Kommande möten närmast först, tidigare senaste först; inställda möten märks med
 * text ("Inställt"), inte bara med färg.
 */
import type { AppContext, View } from '../../app';
import { h } from '../../dom';
import { personText } from '../../format';
import { sv } from '../../i18n';
import type { ChildSummary } from '../../types';
import { badge, emptyState, section, table } from '../../widgets';
import { mayManage, type Tab } from '../child/common';
import { answerBadge, fetchChildMeetings, fetchMyMeetings, meetingLink, newMeetingPath, statusBadge } from './common';
import { formatMeetingTimeShort, splitByTime } from './logic';
import type { Meeting } from './types';

interface Column {
  heading: string;
  cell: (meeting: Meeting) => HTMLTableCellElement;
}

function meetingRows(meetings: Meeting[], columns: Column[]): HTMLTableRowElement[] {
  return meetings.map((m) =>
    h('tr', {
      class: m.status === 'CANCELLED' ? 'meeting-row meeting-row--cancelled' : 'meeting-row',
      'data-testid': 'meeting-row',
      'data-meeting-id': m.id,
      'data-status': m.status,
      'data-kind': m.kind,
    },
    h('th', { scope: 'row', class: 'meeting-row__when' }, h('span', { class: 'nowrap' }, formatMeetingTimeShort(m.start, m.end))),
    h('td', {}, h('span', { class: 'meeting-row__title' }, meetingLink(m)), ' ', statusBadge(m)),
    ...columns.map((c) => c.cell(m))),
  );
}

function meetingTable(meetings: Meeting[], caption: string, empty: string, testid: string, columns: Column[]): HTMLElement {
  if (meetings.length === 0) return emptyState(empty, `${testid}-empty`);
  return table(
    { caption, columns: [sv.meetings.columns.when, sv.meetings.columns.meeting, ...columns.map((c) => c.heading)], testid, captionHidden: true },
    meetingRows(meetings, columns),
  );
}

const kindColumn: Column = { heading: sv.meetings.columns.kind, cell: (m) => h('td', { 'data-testid': 'meeting-kind' }, m.kindLabel) };
const organiserColumn: Column = { heading: sv.meetings.columns.organiser, cell: (m) => h('td', {}, personText(m.organiser)) };
const myAnswerColumn: Column = {
  heading: sv.meetings.columns.myAnswer,
  cell: (m) =>
    h('td', {},
      m.isOrganiser
        ? badge(sv.meetings.mine.organiser, 'neutral', { 'data-testid': 'my-answer', 'data-answer': 'ORGANISER' })
        : m.myAnswer
          ? answerBadge(m.myAnswer, 'my-answer')
          : badge(sv.meetings.page.notInvited, 'neutral', { 'data-testid': 'my-answer', 'data-answer': 'NONE' })),
};

/** Barnets flik "Möten". */
export const renderChildMeetings: Tab = async (ctx, child) => {
  const meetings = await fetchChildMeetings(ctx, child.id);
  const { upcoming, past } = splitByTime(meetings);
  const columns = [kindColumn, organiserColumn, myAnswerColumn];
  const { element, heading } = section(sv.meetings.child.heading, { testid: 'child-meetings', intro: sv.meetings.child.intro });
  if (mayManage(child)) {
    element.append(
      h('p', { class: 'form-actions' },
        h('a', { href: newMeetingPath(child.id), class: 'button button--primary', 'data-testid': 'schedule-meeting' }, sv.meetings.child.schedule)),
    );
  }
  element.append(
    h('h3', {}, sv.meetings.child.upcomingHeading),
    meetingTable(upcoming, sv.meetings.child.upcomingCaption, sv.meetings.child.upcomingEmpty, 'meeting-list-upcoming', columns),
    h('h3', {}, sv.meetings.child.pastHeading),
    meetingTable(past, sv.meetings.child.pastCaption, sv.meetings.child.pastEmpty, 'meeting-list-past', columns),
  );
  return { element, heading };
};

/** "Mina möten": möten jag har kallat till eller är inbjuden till. */
export const showMyMeetings: View = async (ctx) => {
  const [meetings, names] = await Promise.all([fetchMyMeetings(ctx), childNames(ctx)]);
  const { upcoming, past } = splitByTime(meetings);
  const childColumn: Column = {
    heading: sv.meetings.columns.child,
    cell: (m) => h('td', { 'data-testid': 'meeting-child' }, names.get(m.childId) ?? ''),
  };
  const columns = names.size > 0 ? [childColumn, kindColumn, myAnswerColumn] : [kindColumn, myAnswerColumn];
  const upcomingSection = section(sv.meetings.mine.upcomingHeading, { testid: 'my-meetings' },
    meetingTable(upcoming, sv.meetings.mine.upcomingCaption, sv.meetings.mine.upcomingEmpty, 'meeting-list-upcoming', columns));
  const pastSection = section(sv.meetings.mine.pastHeading, { testid: 'my-past-meetings' },
    meetingTable(past, sv.meetings.mine.pastCaption, sv.meetings.mine.pastEmpty, 'meeting-list-past', columns));
  return {
    title: sv.meetings.mine.heading,
    content: h('div', { class: 'stack' }, h('p', { class: 'lead' }, sv.meetings.mine.intro), upcomingSection.element, pastSection.element),
  };
};

/** Barnens namn för yrkesverksamma (GET /api/children); andra får en tom tabell. */
async function childNames(ctx: AppContext): Promise<Map<string, string>> {
  if (!ctx.hasRole('professional')) return new Map();
  try {
    const r = await ctx.api.get<{ children: ChildSummary[] }>('/api/children');
    return new Map((r.children ?? []).map((c) => [c.id, c.name]));
  } catch {
    return new Map();
  }
}


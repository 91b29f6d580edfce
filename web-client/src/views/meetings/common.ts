/** Delat mellan mötesvyerna: API-anrop, etiketter (text, inte bara färg) och adresser. */
import '../../meetings.css';
import { href, type AppContext } from '../../app';
import { h } from '../../dom';
import { label, sv } from '../../i18n';
import { badge } from '../../widgets';
import type { AgendaTemplate, Answer, Delivery, Meeting, MeetingWarning, Participant } from './types';

export const enc = encodeURIComponent;

export function fetchMeeting(ctx: AppContext, id: string): Promise<Meeting> {
  return ctx.api.get<Meeting>(`/api/meetings/${enc(id)}`);
}

export function fetchChildMeetings(ctx: AppContext, childId: string): Promise<Meeting[]> {
  return ctx.api.get<{ meetings: Meeting[] }>(`/api/children/${enc(childId)}/meetings`).then((r) => r.meetings ?? []);
}

export function fetchMyMeetings(ctx: AppContext): Promise<Meeting[]> {
  return ctx.api.get<{ meetings: Meeting[] }>('/api/meetings').then((r) => r.meetings ?? []);
}

export function fetchInvitations(ctx: AppContext, id: string): Promise<Participant[]> {
  return ctx.api.get<{ invitations: Participant[] }>(`/api/meetings/${enc(id)}/invitations`).then((r) => r.invitations ?? []);
}

let templates: Promise<AgendaTemplate[]> | undefined;
/** Dagordningsmallarna (GET /api/agenda-templates), hämtas en gång. */
export function fetchTemplates(ctx: AppContext): Promise<AgendaTemplate[]> {
  templates ??= ctx.api
    .get<{ templates: AgendaTemplate[] }>('/api/agenda-templates')
    .then((r) => r.templates ?? [])
    .catch((error: unknown) => {
      templates = undefined;
      throw error;
    });
  return templates;
}

/** Adressen till ett möte, och till formuläret för att ändra det. */
export function meetingPath(id: string): string {
  return href('moten', id);
}
export function editMeetingPath(id: string): string {
  return href('moten', id, 'andra');
}
export function newMeetingPath(childId: string): string {
  return href('barn', childId, 'moten', 'nytt');
}
export function childMeetingsPath(childId: string): string {
  return href('barn', childId, 'moten');
}

const ANSWER_KIND: Record<Answer, 'ok' | 'bad' | 'warn' | 'pending'> = {
  ACCEPTED: 'ok',
  DECLINED: 'bad',
  TENTATIVE: 'warn',
  NEEDS_ACTION: 'pending',
};

export function answerBadge(answer: Answer | null | undefined, testid = 'participant-answer'): HTMLSpanElement {
  const value = answer ?? 'NEEDS_ACTION';
  return badge(label(sv.meetings.answers, value), ANSWER_KIND[value] ?? 'neutral', { 'data-testid': testid, 'data-answer': value });
}

/** Utskickets status; ett utskick som görs om efter ett fel (PENDING med försök) sägs med ord, inte bara färg. */
export function deliveryBadge(delivery: Delivery, testid = 'participant-delivery', attempts = 0): HTMLSpanElement {
  const retrying = delivery === 'PENDING' && attempts > 0;
  const kind = delivery === 'SENT' ? 'ok' : delivery === 'FAILED' ? 'bad' : retrying ? 'warn' : 'pending';
  return badge(retrying ? sv.meetings.retrying : label(sv.meetings.deliveries, delivery), kind, { 'data-testid': testid, 'data-delivery': delivery });
}

export function statusBadge(meeting: Meeting): HTMLSpanElement | null {
  if (meeting.status !== 'CANCELLED') return null;
  return badge(label(sv.meetings.status, 'CANCELLED'), 'bad', { 'data-testid': 'meeting-status', 'data-status': meeting.status });
}

/** Varningar (t.ex. överlappande möten) från det senaste sparandet, att visa på mötets sida. */
let pendingWarnings: { meetingId: string; warnings: MeetingWarning[]; saved: boolean } | undefined;

export function rememberSaved(meeting: Meeting): void {
  pendingWarnings = { meetingId: meeting.id, warnings: meeting.warnings ?? [], saved: true };
}

export function takeSaved(meetingId: string): { warnings: MeetingWarning[]; saved: boolean } | undefined {
  if (pendingWarnings?.meetingId !== meetingId) return undefined;
  const found = pendingWarnings;
  pendingWarnings = undefined;
  return found;
}

/** Länk till ett möte med rubrik och (för inställda) märkning i texten. */
export function meetingLink(meeting: Meeting): HTMLAnchorElement {
  return h('a', { href: meetingPath(meeting.id), 'data-testid': 'meeting-link', 'data-meeting-id': meeting.id }, meeting.title);
}

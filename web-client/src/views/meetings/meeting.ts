/**
 * Ett möte (#/moten/<id>): tid och plats, dagordning, deltagare med svar och utskick
 * (uppdateras automatiskt medan inbjudningar väntar på att skickas), mitt eget svar om
 * jag är inbjuden, anteckningar, och för den som kallat: "Ändra mötet" och "Ställ in mötet".
 */
import type { AppContext, View } from '../../app';
import { h } from '../../dom';
import { busy, Feedback, openDialog, submitButton, textArea } from '../../forms';
import { personText } from '../../format';
import { label, sv } from '../../i18n';
import { details, detailRow, emptyState, notice, section, table } from '../../widgets';
import {
  answerBadge,
  childMeetingsPath,
  deliveryBadge,
  editMeetingPath,
  enc,
  fetchInvitations,
  fetchMeeting,
  meetingPath,
  takeSaved,
} from './common';
import { formatMeetingTime, hasUnsentInvitations, ZONE } from './logic';
import type { ChildSummary } from '../../types';
import type { Answer, Meeting, Participant } from './types';

/** Hur ofta deltagarnas status hämtas medan något utskick väntar (ms). */
const POLL_MS = 3000;

export const showMeeting: View = async (ctx, route) => {
  const id = route.segments[1] ?? '';
  const meeting = await fetchMeeting(ctx, id);
  const saved = takeSaved(meeting.id);
  const cancelled = meeting.status === 'CANCELLED';
  const when = formatMeetingTime(meeting.start, meeting.end);

  const parts: HTMLElement[] = [];
  if (meeting.restricted) {
    // Ett Barnteam som också tar upp barn jag inte arbetar med: bara tid och plats.
    parts.push(notice(sv.meetings.page.restrictedTitle, h('p', {}, sv.meetings.page.restrictedBody), 'meeting-restricted'));
    if (cancelled) parts.push(notice(sv.meetings.page.cancelledTitle, h('p', {}, sv.meetings.page.cancelledBody), 'meeting-cancelled'));
    parts.push(overview(ctx, meeting, when, []));
    return {
      title: meeting.kindLabel,
      content: h('div', {
        class: 'stack meeting',
        'data-testid': 'meeting-page',
        'data-meeting-id': meeting.id,
        'data-status': meeting.status,
        'data-kind': meeting.kind,
        'data-restricted': 'true',
      }, ...parts),
    };
  }
  if (saved) parts.push(savedNotice(saved.saved, saved.warnings.map((w) => w.message ?? '').filter((m) => m !== '')));
  if (cancelled) {
    parts.push(notice(sv.meetings.page.cancelledTitle, h('p', {}, sv.meetings.page.cancelledBody), 'meeting-cancelled'));
  }
  parts.push(overview(ctx, meeting, when, await childNames(ctx, meeting)));
  const participants = participantsSection(ctx, meeting);
  if (meeting.myAnswer != null && !cancelled) parts.push(myAnswerSection(ctx, meeting, participants.update));
  parts.push(agendaSection(meeting), participants.element);
  const notes = notesSection(ctx, meeting);
  if (notes) parts.push(notes);
  if ((meeting.mayManage ?? meeting.isOrganiser) && !cancelled) parts.push(manageSection(ctx, meeting, when));

  return {
    title: meeting.title,
    content: h('div', {
      class: 'stack meeting',
      'data-testid': 'meeting-page',
      'data-meeting-id': meeting.id,
      'data-status': meeting.status,
      'data-kind': meeting.kind,
    }, ...parts),
  };
};

function savedNotice(saved: boolean, warnings: string[]): HTMLElement {
  const box = h('div', { class: 'stack', 'data-testid': 'meeting-saved' });
  if (saved) box.append(h('p', { class: 'feedback__status feedback__status--visible', role: 'status' }, sv.meetings.page.saved));
  if (warnings.length > 0) {
    box.append(notice(sv.meetings.page.warningsTitle, h('ul', { class: 'plain-list' }, ...warnings.map((w) => h('li', {}, w))), 'meeting-warnings'));
  }
  return box;
}

/** Namnen på barnen ett Barnteam tar upp (för yrkesverksamma; GET /api/children), annars inga. */
async function childNames(ctx: AppContext, meeting: Meeting): Promise<string[]> {
  if ((meeting.children ?? []).length < 2 || !ctx.hasRole('professional')) return [];
  try {
    const r = await ctx.api.get<{ children: ChildSummary[] }>('/api/children');
    const names = new Map((r.children ?? []).map((c) => [c.id, c.name]));
    return meeting.children.flatMap((id) => (names.has(id) ? [names.get(id) as string] : []));
  } catch {
    return [];
  }
}

function overview(ctx: AppContext, meeting: Meeting, when: string, children: string[]): HTMLElement {
  const video = meeting.videoLink
    ? h('a', { href: meeting.videoLink, rel: 'noopener noreferrer', target: '_blank', class: 'break' }, meeting.videoLink)
    : sv.meetings.page.noVideoLink;
  const { element } = section(sv.meetings.page.detailsHeading, { testid: 'meeting-details' },
    details(
      detailRow(sv.meetings.page.kind, meeting.kindLabel, 'meeting-kind'),
      detailRow(sv.meetings.page.when, h('span', { class: 'meeting-when' }, when), 'meeting-when'),
      detailRow(sv.meetings.page.location, meeting.location ? meeting.location : sv.meetings.page.noLocation, 'meeting-location'),
      detailRow(sv.meetings.page.videoLink, video, 'meeting-video-link'),
      detailRow(sv.meetings.page.organiser, personText(meeting.organiser), 'meeting-organiser'),
      children.length > 1
        ? detailRow(sv.meetings.page.children, h('ul', { class: 'plain-list' }, ...children.map((name) => h('li', { 'data-testid': 'meeting-child-name' }, name))), 'meeting-children')
        : null,
      ctx.hasRole('professional')
        ? detailRow(sv.meetings.page.child, h('a', { href: childMeetingsPath(meeting.childId), 'data-testid': 'meeting-child-link' }, sv.meetings.page.toChild))
        : null,
    ));
  return element;
}

function agendaSection(meeting: Meeting): HTMLElement {
  const items = meeting.agenda ?? [];
  const { element } = section(sv.meetings.page.agendaHeading, { testid: 'meeting-agenda' },
    items.length === 0
      ? emptyState(sv.meetings.page.agendaEmpty)
      : h('ol', { class: 'meeting-agenda' }, ...items.map((item) => h('li', { 'data-testid': 'agenda-item' }, item))));
  return element;
}

function participantRow(p: Participant): HTMLTableRowElement {
  return h('tr', {
    'data-testid': 'participant-row',
    'data-participant-id': p.id,
    'data-username': p.username ?? undefined,
    'data-email': p.email ?? undefined,
    'data-role': p.role,
    'data-answer': p.answer,
    'data-delivery': p.delivery,
  },
  h('th', { scope: 'row' }, p.name, p.email ? h('span', { class: 'muted-inline block' }, p.email) : null),
  h('td', {}, label(sv.meetings.participantRoles, p.role)),
  h('td', {}, answerBadge(p.answer)),
  h('td', {}, deliveryBadge(p.delivery, 'participant-delivery', p.attempts ?? 0), deliveryDetail(p)));
}

const clock = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** Varför ett utskick inte har gått fram, och när det görs om. */
function deliveryDetail(p: Participant): HTMLElement | null {
  if (p.delivery === 'SENT' || !p.lastError) return null;
  const next = p.delivery === 'PENDING' && p.nextAttemptAt ? ` ${sv.meetings.retryingAt(clock.format(new Date(p.nextAttemptAt)))}` : '';
  return h('span', { class: 'muted-inline block', 'data-testid': 'participant-delivery-error' }, `${p.lastError}${next}`);
}

/**
 * Deltagartabellen. Medan något utskick väntar (eller misslyckats och görs om)
 * hämtas GET /api/meetings/<id>/invitations var tredje sekund; ändringar läses upp.
 */
function participantsSection(ctx: AppContext, meeting: Meeting): { element: HTMLElement; update: (list: Participant[]) => boolean } {
  const slot = h('div', {});
  const pollNote = h('p', { class: 'notice-box', 'data-testid': 'invitations-pending', hidden: true });
  const live = h('p', { class: 'meeting-live', role: 'status', 'aria-live': 'polite', 'data-testid': 'invitations-status' });
  const refresh = h('button', { type: 'button', class: 'button button--secondary button--small', 'data-testid': 'invitations-refresh' }, sv.meetings.page.refresh);
  let current: Participant[] = meeting.participants ?? [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const polling = meeting.status !== 'CANCELLED';

  const draw = () => {
    slot.replaceChildren(
      current.length === 0
        ? emptyState(sv.meetings.page.participantsEmpty, 'participant-list-empty')
        : table(
            { caption: sv.meetings.page.participantsCaption, columns: [sv.meetings.page.name, sv.meetings.page.role, sv.meetings.page.answer, sv.meetings.page.delivery], testid: 'participant-list', captionHidden: true },
            current.map(participantRow),
          ),
    );
    const unsent = polling && hasUnsentInvitations(current);
    const failed = current.some((p) => p.delivery === 'FAILED');
    const retrying = current.some((p) => p.delivery === 'PENDING' && (p.attempts ?? 0) > 0);
    pollNote.hidden = !unsent && !failed;
    pollNote.textContent = failed ? sv.meetings.page.failedNote : retrying ? sv.meetings.page.retryNote : sv.meetings.page.pendingNote;
  };

  const announce = (before: Participant[], after: Participant[]) => {
    const previous = new Map(before.map((p) => [p.id, p]));
    const messages: string[] = [];
    for (const p of after) {
      const old = previous.get(p.id);
      if (!old) continue;
      if (old.answer !== p.answer) messages.push(sv.meetings.page.answerChanged(p.name, label(sv.meetings.answers, p.answer)));
      if (old.delivery !== p.delivery) messages.push(sv.meetings.page.deliveryChanged(p.name, label(sv.meetings.deliveries, p.delivery)));
    }
    if (hasUnsentInvitations(before) && !hasUnsentInvitations(after) && after.length > 0 && after.every((p) => p.delivery === 'SENT')) {
      messages.push(sv.meetings.page.allSent);
    }
    if (messages.length > 0) live.textContent = messages.join(' ');
    return messages.length > 0;
  };

  /** Ritar om med en ny lista; sant om någon ändring lästes upp. */
  const update = (list: Participant[]): boolean => {
    const changed = announce(current, list);
    current = list;
    draw();
    schedule();
    return changed;
  };

  const schedule = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (!polling || !hasUnsentInvitations(current)) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (!element.isConnected) return;
      fetchInvitations(ctx, meeting.id).then(
        (list) => {
          if (element.isConnected) update(list);
        },
        () => {
          // Tillfälligt fel: försök igen vid nästa tick.
          if (element.isConnected) schedule();
        },
      );
    }, POLL_MS);
  };

  refresh.addEventListener('click', () => {
    busy(refresh, sv.meetings.page.refreshing, () => fetchInvitations(ctx, meeting.id)).then(
      (list) => {
        if (!update(list)) live.textContent = sv.meetings.page.refreshed;
      },
      (error: unknown) => feedback.showError(error),
    );
  });

  const feedback = new Feedback('participants-feedback');
  const { element } = section(sv.meetings.page.participantsHeading, { testid: 'meeting-participants' },
    feedback.element, pollNote, slot, live, h('p', { class: 'form-actions' }, refresh));
  draw();
  schedule();
  return { element, update };
}

const ANSWER_BUTTONS: { answer: Exclude<Answer, 'NEEDS_ACTION'>; text: string; testid: string }[] = [
  { answer: 'ACCEPTED', text: sv.meetings.page.accept, testid: 'rsvp-accept' },
  { answer: 'TENTATIVE', text: sv.meetings.page.tentative, testid: 'rsvp-tentative' },
  { answer: 'DECLINED', text: sv.meetings.page.decline, testid: 'rsvp-decline' },
];

function myAnswerSection(ctx: AppContext, meeting: Meeting, onParticipants: (list: Participant[]) => unknown): HTMLElement {
  const feedback = new Feedback('my-answer-feedback');
  const current = h('p', { class: 'meeting-my-answer' });
  const buttons = ANSWER_BUTTONS.map(({ answer, text, testid }) => {
    const button = h('button', { type: 'button', class: 'button button--secondary', 'data-testid': testid, 'data-answer': answer }, text);
    button.addEventListener('click', () => {
      feedback.clear();
      busy(button, sv.meetings.page.answering, () => ctx.api.post<Meeting>(`/api/meetings/${enc(meeting.id)}/rsvp`, { answer })).then(
        (updated) => {
          show(updated.myAnswer ?? answer);
          onParticipants(updated.participants ?? []);
          feedback.showSuccess(sv.meetings.page.answered(label(sv.meetings.answers, updated.myAnswer ?? answer)));
        },
        (error: unknown) => feedback.showError(error),
      );
    });
    return button;
  });
  const show = (answer: Answer) => {
    current.replaceChildren(sv.meetings.page.myAnswerNow, ' ', answerBadge(answer, 'my-answer'));
    for (const b of buttons) {
      const pressed = b.dataset['answer'] === answer;
      b.setAttribute('aria-pressed', String(pressed));
      b.classList.toggle('button--primary', pressed);
      b.classList.toggle('button--secondary', !pressed);
    }
  };
  show(meeting.myAnswer ?? 'NEEDS_ACTION');
  const group = h('fieldset', { class: 'fieldset meeting-answer' },
    h('legend', { class: 'visually-hidden' }, sv.meetings.page.myAnswerLegend),
    h('div', { class: 'form-actions meeting-answer__buttons' }, ...buttons));
  const { element } = section(sv.meetings.page.myAnswerHeading, { testid: 'meeting-my-answer' }, current, group, feedback.element);
  return element;
}

function notesSection(ctx: AppContext, meeting: Meeting): HTMLElement | null {
  const me = ctx.me.username;
  const editable =
    meeting.isOrganiser || meeting.mayManage === true || (meeting.participants ?? []).some((p) => p.username === me && p.role === 'PROFESSIONAL');
  if (!editable) {
    if (!meeting.notes) return null;
    return section(sv.meetings.page.notesHeading, { testid: 'meeting-notes' }, h('p', { class: 'meeting-notes-text', 'data-testid': 'notes-text' }, meeting.notes)).element;
  }
  const feedback = new Feedback('notes-feedback');
  const notes = textArea({ name: 'notes', label: sv.meetings.page.notesLabel, hint: sv.meetings.page.notesHint, rows: 8, maxlength: 100000, value: meeting.notes ?? '', testid: 'notes-input' });
  const submit = submitButton(sv.meetings.page.notesSave, 'notes-save');
  const form = h('form', { class: 'form', novalidate: true, 'data-testid': 'notes-form' }, feedback.element, notes.field, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(submit, sv.meetings.page.notesSaving, () => ctx.api.put<Meeting>(`/api/meetings/${enc(meeting.id)}/notes`, { notes: notes.input.value })).then(
      (updated) => {
        notes.input.value = updated.notes ?? '';
        feedback.showSuccess(sv.meetings.page.notesSaved);
      },
      (error: unknown) => feedback.showError(error),
    );
  });
  return section(sv.meetings.page.notesHeading, { testid: 'meeting-notes' }, form).element;
}

function manageSection(ctx: AppContext, meeting: Meeting, when: string): HTMLElement {
  const feedback = new Feedback('manage-feedback');
  const edit = h('a', { href: editMeetingPath(meeting.id), class: 'button button--secondary', 'data-testid': 'edit-meeting' }, sv.meetings.page.edit);
  const cancel = h('button', { type: 'button', class: 'button button--danger-outline', 'data-testid': 'cancel-meeting' }, sv.meetings.page.cancel);
  cancel.addEventListener('click', () => {
    openDialog({
      title: sv.meetings.page.cancelHeading,
      body: [h('p', {}, sv.meetings.page.cancelConfirmText(meeting.title, when))],
      confirmLabel: sv.meetings.page.cancelDo,
      busyLabel: sv.meetings.page.cancelling,
      danger: true,
      testid: 'cancel-meeting-dialog',
      onConfirm: async () => {
        await ctx.api.delete(`/api/meetings/${enc(meeting.id)}`);
        ctx.navigate(meetingPath(meeting.id));
      },
    });
  });
  return section(sv.meetings.page.manageHeading, { testid: 'meeting-manage' }, feedback.element, h('div', { class: 'form-actions' }, edit, cancel)).element;
}

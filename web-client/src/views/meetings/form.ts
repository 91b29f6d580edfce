/**
 * "Kalla till möte" (#/barn/<id>/moten/nytt, POST) och "Ändra mötet" (#/moten/<id>/andra,
 * PATCH): typ av möte (fyller dagordningen från mallen; kan bytas), rubrik, datum och tider i
 * svensk tid, plats, videolänk, dagordning (lägg till, ta bort, flytta upp/ner), för ett
 * Barnteam fler av mina barn (kryssrutor), deltagare ur barnets team (kryssrutor) och personer
 * utan konto (namn, e-post, roll).
 */
import { ApiError } from '../../api';
import type { AppContext, View } from '../../app';
import { h } from '../../dom';
import {
  busy,
  Feedback,
  requiredErrors,
  resetInvalid,
  selectField,
  submitButton,
  textField,
  uid,
  type FieldError,
} from '../../forms';
import { organisationName } from '../../format';
import { label, sv } from '../../i18n';
import type { Child, ChildSummary, Team, TeamMember } from '../../types';
import { childPath } from '../child/common';
import { childMeetingsPath, enc, fetchMeeting, fetchTemplates, meetingPath, rememberSaved } from './common';
import { isHttpsLink, isoToStockholmLocal, looksLikeEmail, moveItem, stockholmLocalToIso } from './logic';
import type { AgendaTemplate, ExternalRole, Meeting, MeetingKind, NewParticipant } from './types';

const EXTERNAL_ROLES: ExternalRole[] = ['GUARDIAN', 'CHILD', 'OTHER'];

/** Barn som jag kan ta upp i ett Barnteam: de jag är barnkontakt eller stödsamordnare för. */
function fetchMyChildren(ctx: AppContext): Promise<ChildSummary[]> {
  return ctx.api
    .get<{ children: ChildSummary[] }>('/api/children')
    .then((r) => (r.children ?? []).filter((c) => c.myRole === 'CHILD_CONTACT' || c.myRole === 'SUPPORT_COORDINATOR'))
    .catch(() => [] as ChildSummary[]);
}

/** #/barn/<id>/moten/nytt */
export const showNewMeeting: View = async (ctx, route) => {
  const childId = route.segments[1] ?? '';
  const [child, team, templates, myChildren] = await Promise.all([
    ctx.api.get<Child>(`/api/children/${enc(childId)}`),
    ctx.api.get<Team>(`/api/children/${enc(childId)}/team`),
    fetchTemplates(ctx),
    fetchMyChildren(ctx),
  ]);
  const form = meetingForm(ctx, { child, team, templates, myChildren });
  return {
    title: sv.meetings.form.newHeading,
    content: h('div', { class: 'stack' },
      h('p', {}, h('a', { href: childMeetingsPath(child.id), 'data-testid': 'back-link' }, `← ${sv.meetings.form.backToChild}`)),
      h('p', { class: 'lead' }, sv.meetings.form.newIntro(child.name)),
      form),
  };
};

/** #/moten/<id>/andra */
export const showEditMeeting: View = async (ctx, route) => {
  const meetingId = route.segments[1] ?? '';
  const meeting = await fetchMeeting(ctx, meetingId);
  const [team, templates, myChildren] = await Promise.all([
    ctx.api.get<Team>(`/api/children/${enc(meeting.childId)}/team`).catch(() => ({ childId: meeting.childId, members: [] }) as Team),
    fetchTemplates(ctx).catch(() => [] as AgendaTemplate[]),
    fetchMyChildren(ctx),
  ]);
  const back = h('p', {}, h('a', { href: meetingPath(meeting.id), 'data-testid': 'back-link' }, `← ${sv.meetings.form.backToMeeting}`));
  if (meeting.status === 'CANCELLED') {
    return { title: sv.meetings.form.editHeading, content: h('div', { class: 'stack' }, back, h('p', { class: 'card' }, sv.meetings.page.cancelledTitle)) };
  }
  const form = meetingForm(ctx, { team, templates, meeting, myChildren });
  return {
    title: sv.meetings.form.editHeading,
    content: h('div', { class: 'stack' }, back, h('p', { class: 'lead' }, sv.meetings.form.editIntro), form),
  };
};

interface FormInput {
  team: Team;
  templates: AgendaTemplate[];
  myChildren: ChildSummary[];
  child?: Child;
  meeting?: Meeting;
}

interface ExternalRow {
  element: HTMLFieldSetElement;
  legend: HTMLLegendElement;
  name: HTMLInputElement;
  email: HTMLInputElement;
  role: HTMLSelectElement;
  remove: HTMLButtonElement;
}

function meetingForm(ctx: AppContext, input: FormInput): HTMLFormElement {
  const { meeting, templates } = input;
  const editing = meeting !== undefined;
  const childId = meeting?.childId ?? input.child?.id ?? '';
  const feedback = new Feedback('meeting-feedback');
  const live = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'data-testid': 'meeting-form-live' });
  const say = (text: string) => {
    live.textContent = '';
    // Nytt innehåll i nästa bildruta, så att samma text läses upp igen.
    requestAnimationFrame(() => {
      live.textContent = text;
    });
  };

  // ------------------------------------------------------------ typ och rubrik
  const kind = selectField({
    name: 'kind',
    label: sv.meetings.form.kind,
    required: true,
    hint: editing ? sv.meetings.form.kindChange : sv.meetings.form.kindHint,
    ...(editing ? {} : { placeholder: sv.meetings.form.kindChoose }),
    options: templates.length > 0
      ? templates.map((t) => ({ value: t.kind, label: t.label }))
      : meeting ? [{ value: meeting.kind, label: meeting.kindLabel }] : [],
    value: meeting?.kind ?? '',
    testid: 'meeting-kind-select',
  });
  const source = h('p', { class: 'field__hint', 'data-testid': 'template-source' });
  kind.field.append(source);

  const title = textField({ name: 'title', label: sv.meetings.form.title, hint: sv.meetings.form.titleHint, required: true, maxlength: 200, value: meeting?.title ?? '' });

  // ------------------------------------------------------------ tid
  const startLocal = meeting ? isoToStockholmLocal(meeting.start) : undefined;
  const endLocal = meeting ? isoToStockholmLocal(meeting.end) : undefined;
  const date = textField({ name: 'date', label: sv.meetings.form.date, type: 'date', required: true, value: startLocal?.date ?? '' });
  const start = textField({ name: 'startTime', label: sv.meetings.form.start, type: 'time', required: true, hint: sv.meetings.form.timeHint, value: startLocal?.time ?? '' });
  const end = textField({ name: 'endTime', label: sv.meetings.form.end, type: 'time', required: true, hint: sv.meetings.form.timeHint, value: endLocal?.time ?? '' });
  const time = h('fieldset', { class: 'fieldset meeting-time' },
    h('legend', { class: 'fieldset__legend' }, sv.meetings.form.timeLegend),
    h('div', { class: 'meeting-time__fields' }, date.field, start.field, end.field));

  const location = textField({ name: 'location', label: sv.meetings.form.location, hint: sv.meetings.form.locationHint, maxlength: 500, value: meeting?.location ?? '' });
  const videoLink = textField({ name: 'videoLink', label: sv.meetings.form.videoLink, hint: sv.meetings.form.videoLinkHint, type: 'url', maxlength: 2000, value: meeting?.videoLink ?? '', spellcheck: false });

  // ------------------------------------------------------------ dagordning
  let items: string[] = [...(meeting?.agenda ?? [])];
  let templateAgenda: string[] = [...items];
  let autoTitle = '';
  const agendaList = h('ol', { class: 'agenda-editor', 'data-testid': 'agenda-editor' });
  const agendaNotice = h('div', { class: 'agenda-notice' });
  const textareas = () => [...agendaList.querySelectorAll<HTMLTextAreaElement>('textarea')];
  const sync = () => {
    items = textareas().map((t) => t.value);
  };
  const renderAgenda = (focus?: { index: number; what: 'text' | 'up' | 'down' | 'add' }) => {
    agendaList.replaceChildren(...items.map((text, index) => agendaRow(text, index)));
    if (!focus) return;
    if (focus.what === 'add') {
      addItem.focus();
      return;
    }
    const row = agendaList.children[focus.index];
    if (!row) {
      addItem.focus();
      return;
    }
    const target =
      focus.what === 'text'
        ? row.querySelector<HTMLElement>('textarea')
        : row.querySelector<HTMLButtonElement>(`[data-action="${focus.what}"]:not([disabled])`) ?? row.querySelector<HTMLElement>('textarea');
    target?.focus();
  };
  const agendaRow = (text: string, index: number): HTMLLIElement => {
    const n = index + 1;
    const id = uid('agenda');
    // Höjd efter textens längd och rader (underpunkter), så att hela punkten syns.
    const lines = text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / 70)), 0);
    const rows = String(Math.min(10, Math.max(2, lines)));
    const area = h('textarea', { id, name: 'agenda', class: 'field__input field__textarea', rows, maxlength: '1000', 'data-testid': 'agenda-input' });
    area.value = text;
    const button = (action: 'up' | 'down' | 'remove', text: string, aria: string, disabled: boolean) =>
      h('button', { type: 'button', class: 'button button--secondary button--small', 'data-action': action, 'aria-label': aria, disabled }, text);
    const up = button('up', sv.meetings.form.agendaUp, sv.meetings.form.agendaUpLabel(n), index === 0);
    const down = button('down', sv.meetings.form.agendaDown, sv.meetings.form.agendaDownLabel(n), index === items.length - 1);
    const remove = button('remove', sv.meetings.form.agendaRemove, sv.meetings.form.agendaRemoveLabel(n), false);
    up.addEventListener('click', () => {
      sync();
      items = moveItem(items, index, index - 1);
      renderAgenda({ index: index - 1, what: index - 1 === 0 ? 'down' : 'up' });
      say(sv.meetings.form.agendaMoved(n, n - 1));
    });
    down.addEventListener('click', () => {
      sync();
      items = moveItem(items, index, index + 1);
      renderAgenda({ index: index + 1, what: index + 1 === items.length - 1 ? 'up' : 'down' });
      say(sv.meetings.form.agendaMoved(n, n + 1));
    });
    remove.addEventListener('click', () => {
      sync();
      items.splice(index, 1);
      renderAgenda(items.length === 0 ? { index: 0, what: 'add' } : { index: Math.min(index, items.length - 1), what: 'text' });
      say(sv.meetings.form.agendaRemoved(n));
    });
    return h('li', { class: 'agenda-editor__item', 'data-testid': 'agenda-row' },
      h('label', { for: id, class: 'field__label' }, sv.meetings.form.agendaItem(n)),
      area,
      h('div', { class: 'agenda-editor__actions' }, up, down, remove));
  };
  const addItem = h('button', { type: 'button', class: 'button button--secondary', 'data-testid': 'agenda-add' }, sv.meetings.form.agendaAdd);
  addItem.addEventListener('click', () => {
    sync();
    items.push('');
    renderAgenda({ index: items.length - 1, what: 'text' });
    say(sv.meetings.form.agendaAdded(items.length));
  });
  const agenda = h('fieldset', { class: 'fieldset', 'data-testid': 'agenda-fieldset' },
    h('legend', { class: 'fieldset__legend' }, sv.meetings.form.agendaLegend),
    h('p', { class: 'field__hint' }, sv.meetings.form.agendaHint),
    agendaNotice, agendaList, h('div', { class: 'form-actions' }, addItem));

  const templateFor = (k: string) => templates.find((t) => t.kind === k);
  const applyTemplate = (template: AgendaTemplate) => {
    items = [...template.agenda];
    templateAgenda = [...template.agenda];
    agendaNotice.replaceChildren();
    renderAgenda();
  };
  const showSource = () => {
    const t = templateFor(kind.input.value);
    source.textContent = t ? sv.meetings.form.templateSource(t.source) : '';
  };
  kind.input.addEventListener('change', () => {
    showSource();
    const template = templateFor(kind.input.value);
    if (!template) return;
    sync();
    // Rubriken följer typen så länge den inte är ändrad för hand.
    if (title.input.value.trim() === '' || title.input.value === autoTitle) {
      title.input.value = template.label;
      autoTitle = template.label;
    }
    // Ändras ett befintligt möte behålls dess dagordning (som på servern) om den inte är tom.
    const untouched = items.every((x) => x.trim() === '') || (!editing && JSON.stringify(items) === JSON.stringify(templateAgenda));
    if (untouched) {
      applyTemplate(template);
      return;
    }
    const replace = h('button', { type: 'button', class: 'button button--secondary button--small', 'data-testid': 'agenda-replace' }, sv.meetings.form.agendaReplace(template.label));
    replace.addEventListener('click', () => {
      applyTemplate(template);
      say(sv.meetings.form.agendaReplaced);
      textareas()[0]?.focus();
    });
    agendaNotice.replaceChildren(h('div', { class: 'notice-box' }, h('p', {}, sv.meetings.form.agendaKept), replace));
  });
  showSource();
  renderAgenda();

  // ------------------------------------------------------------ fler barn (Barnteam)
  const otherChildren = [...input.myChildren].filter((c) => c.id !== childId).sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  const childNames = new Map(input.myChildren.map((c) => [c.id, c.name]));
  const chosenChildren = new Set((meeting?.children ?? []).filter((c) => c !== childId));
  const childBoxes: HTMLInputElement[] = [];
  const childList = h('div', { class: 'checkbox-list' });
  for (const c of otherChildren) {
    const id = uid('child');
    const box = h('input', { id, type: 'checkbox', name: 'children', value: c.id, class: 'checkbox__input', 'data-testid': 'child-checkbox' });
    box.checked = chosenChildren.has(c.id);
    childBoxes.push(box);
    childList.append(h('div', { class: 'checkbox' }, box, h('label', { for: id, class: 'checkbox__label' }, c.name)));
  }
  const childrenFieldset = h('fieldset', { class: 'fieldset', 'data-testid': 'meeting-children' },
    h('legend', { class: 'fieldset__legend' }, sv.meetings.form.childrenLegend),
    h('p', { class: 'field__hint' }, sv.meetings.form.childrenHint),
    childBoxes.length === 0 ? h('p', { class: 'empty' }, sv.meetings.form.childrenEmpty) : childList);
  const showChildren = () => {
    childrenFieldset.hidden = kind.input.value !== 'STANDING_TEAM';
  };
  kind.input.addEventListener('change', showChildren);
  showChildren();

  // ------------------------------------------------------------ deltagare: teamet
  const me = ctx.me.username;
  const existing = meeting?.participants ?? [];
  const invitedUsernames = new Set(existing.flatMap((p) => (p.username ? [p.username] : [])));
  const members = (input.team.members ?? []).filter((m) => m.username !== me);
  const memberBoxes: HTMLInputElement[] = [];
  const memberList = h('div', { class: 'checkbox-list' });
  const memberOption = (value: string, text: string) => {
    const id = uid('member');
    const box = h('input', { id, type: 'checkbox', name: 'members', value, class: 'checkbox__input', 'data-testid': 'member-checkbox' });
    box.checked = invitedUsernames.has(value);
    memberBoxes.push(box);
    memberList.append(h('div', { class: 'checkbox' }, box, h('label', { for: id, class: 'checkbox__label' }, text)));
  };
  for (const m of [...members].sort((a, b) => a.name.localeCompare(b.name, 'sv'))) memberOption(m.username, memberText(m));
  // Inbjudna med konto som inte (längre) är med i teamet, t.ex. en vårdnadshavare med konto.
  for (const p of existing) {
    if (p.username && p.username !== me && !members.some((m) => m.username === p.username)) {
      memberOption(p.username, `${p.name} – ${label(sv.meetings.participantRoles, p.role)}`);
    }
  }
  const memberFieldset = h('fieldset', { class: 'fieldset', 'data-testid': 'meeting-members' },
    h('legend', { class: 'fieldset__legend' }, sv.meetings.form.membersLegend),
    h('p', { class: 'field__hint' }, sv.meetings.form.membersHint),
    memberBoxes.length === 0 ? h('p', { class: 'empty' }, sv.meetings.form.membersEmpty) : memberList);

  // ------------------------------------------------------------ deltagare: utan konto
  const externalRows: ExternalRow[] = [];
  const externalList = h('div', { class: 'external-list', 'data-testid': 'external-list' });
  const relabel = () => {
    externalRows.forEach((row, i) => {
      row.legend.textContent = sv.meetings.form.externalPerson(i + 1);
      row.remove.setAttribute('aria-label', sv.meetings.form.externalRemoveLabel(i + 1));
    });
  };
  const addExternal = (values: { name?: string; email?: string; role?: ExternalRole } = {}): ExternalRow => {
    const name = textField({ name: 'externalName', label: sv.meetings.form.externalName, maxlength: 200, value: values.name ?? '', autocomplete: 'off' });
    const email = textField({ name: 'externalEmail', label: sv.meetings.form.externalEmail, type: 'email', maxlength: 254, value: values.email ?? '', autocomplete: 'off', spellcheck: false });
    const role = selectField({
      name: 'externalRole',
      label: sv.meetings.form.externalRole,
      options: EXTERNAL_ROLES.map((r) => ({ value: r, label: label(sv.meetings.participantRoles, r) })),
      value: values.role ?? 'GUARDIAN',
    });
    const remove = h('button', { type: 'button', class: 'button button--danger-outline button--small', 'data-testid': 'external-remove' }, sv.meetings.form.externalRemove);
    const legend = h('legend', { class: 'fieldset__legend' }, '');
    const element = h('fieldset', { class: 'fieldset external-row', 'data-testid': 'external-row' },
      legend, h('div', { class: 'external-row__fields' }, name.field, email.field, role.field), h('div', { class: 'form-actions' }, remove));
    const row: ExternalRow = { element, legend, name: name.input, email: email.input, role: role.input, remove };
    remove.addEventListener('click', () => {
      const index = externalRows.indexOf(row);
      externalRows.splice(index, 1);
      element.remove();
      relabel();
      (externalRows[Math.min(index, externalRows.length - 1)]?.name ?? addPerson).focus();
      say(sv.meetings.form.externalRemoved(index + 1));
    });
    externalRows.push(row);
    externalList.append(element);
    relabel();
    return row;
  };
  const addPerson = h('button', { type: 'button', class: 'button button--secondary', 'data-testid': 'external-add' }, sv.meetings.form.externalAdd);
  addPerson.addEventListener('click', () => {
    const row = addExternal();
    row.name.focus();
    say(sv.meetings.form.externalAdded(externalRows.length));
  });
  if (meeting) {
    for (const p of existing) {
      if (!p.username && p.role !== 'PROFESSIONAL') addExternal({ name: p.name, email: p.email ?? '', role: p.role });
    }
  } else {
    for (const g of input.child?.guardians ?? []) {
      if (g.email) addExternal({ name: g.name, email: g.email, role: 'GUARDIAN' });
    }
  }
  const externalFieldset = h('fieldset', { class: 'fieldset', 'data-testid': 'meeting-external' },
    h('legend', { class: 'fieldset__legend' }, sv.meetings.form.externalLegend),
    h('p', { class: 'field__hint' }, sv.meetings.form.externalHint),
    externalList, h('div', { class: 'form-actions' }, addPerson));

  // ------------------------------------------------------------ formuläret
  const submit = submitButton(editing ? sv.meetings.form.submitEdit : sv.meetings.form.submitNew, 'meeting-submit');
  const form = h('form', { class: 'form meeting-form', novalidate: true, 'data-testid': 'meeting-form', 'data-mode': editing ? 'edit' : 'new' },
    feedback.element,
    kind.field, title.field, time, location.field, videoLink.field, agenda, childrenFieldset, memberFieldset, externalFieldset,
    h('div', { class: 'form-actions' }, submit),
    live);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    resetInvalid(form);
    sync();
    const errors: FieldError[] = [];
    if (!editing && kind.input.value === '') errors.push({ control: kind.input, message: sv.meetings.form.kindRequired });
    errors.push(...requiredErrors([
      { control: title.input, label: sv.meetings.form.title },
      { control: date.input, label: sv.meetings.form.date },
      { control: start.input, label: sv.meetings.form.start },
      { control: end.input, label: sv.meetings.form.end },
    ]));
    let startIso: string | undefined;
    let endIso: string | undefined;
    if (date.input.value !== '' && start.input.value !== '' && end.input.value !== '') {
      const s = stockholmLocalToIso(date.input.value, start.input.value);
      const e = stockholmLocalToIso(date.input.value, end.input.value);
      if (!s.ok) errors.push({ control: s.reason === 'nonexistent' ? start.input : date.input, message: s.reason === 'nonexistent' ? sv.meetings.form.timeMissing(start.input.value) : sv.meetings.form.timeInvalid });
      else startIso = s.iso;
      if (!e.ok) errors.push({ control: e.reason === 'nonexistent' ? end.input : date.input, message: e.reason === 'nonexistent' ? sv.meetings.form.timeMissing(end.input.value) : sv.meetings.form.timeInvalid });
      else endIso = e.iso;
      if (startIso && endIso && Date.parse(endIso) <= Date.parse(startIso)) {
        errors.push({ control: end.input, message: sv.meetings.form.endBeforeStart });
      }
    }
    if (!isHttpsLink(videoLink.input.value)) errors.push({ control: videoLink.input, message: sv.meetings.form.videoLinkInvalid });

    const participants: NewParticipant[] = memberBoxes.filter((b) => b.checked).map((b) => ({ username: b.value }));
    externalRows.forEach((row, i) => {
      const name = row.name.value.trim();
      const email = row.email.value.trim();
      if (name === '' && email === '') return;
      if (name === '' || email === '') {
        errors.push({ control: name === '' ? row.name : row.email, message: sv.meetings.form.externalIncomplete(i + 1) });
      } else if (!looksLikeEmail(email)) {
        errors.push({ control: row.email, message: sv.meetings.form.externalEmailInvalid(i + 1) });
      } else {
        participants.push({ name, email, role: row.role.value as ExternalRole });
      }
    });
    if (participants.length === 0 && errors.length === 0) {
      errors.push({ control: memberBoxes[0] ?? externalRows[0]?.name ?? addPerson, message: sv.meetings.form.noParticipants });
    }
    if (errors.length > 0) {
      feedback.showFieldErrors(errors);
      return;
    }

    const agendaItems = items.map((x) => x.trim()).filter((x) => x !== '');
    const body: Record<string, unknown> = {
      title: title.input.value.trim(),
      start: startIso,
      end: endIso,
      participants,
      agenda: agendaItems,
    };
    const loc = location.input.value.trim();
    const video = videoLink.input.value.trim();
    body['kind'] = kind.input.value as MeetingKind;
    // Bara ett Barnteam tar upp fler barn; byts typen bort från Barnteam tas de bort.
    const more = kind.input.value === 'STANDING_TEAM' ? childBoxes.filter((b) => b.checked).map((b) => b.value) : [];
    if (editing) {
      body['location'] = loc;
      body['videoLink'] = video;
      body['children'] = more;
    } else {
      if (loc !== '') body['location'] = loc;
      if (video !== '') body['videoLink'] = video;
      if (more.length > 0) body['children'] = more;
    }
    busy(submit, sv.meetings.form.submitting, () =>
      editing
        ? ctx.api.patch<Meeting>(`/api/meetings/${enc(meeting.id)}`, body)
        : ctx.api.post<Meeting>(`/api/children/${enc(childId)}/meetings`, body),
    ).then(
      (saved) => {
        rememberSaved(saved);
        ctx.navigate(meetingPath(saved.id));
      },
      (error: unknown) => {
        if (error instanceof ApiError && error.problemSlug === 'consent-required') {
          const missing = Array.isArray(error.problem?.['children']) ? (error.problem['children'] as unknown[]).map(String) : [];
          const names = missing.map((id) => childNames.get(id) ?? id);
          const extra = h('div', {},
            names.length > 0 ? h('p', { 'data-testid': 'consent-missing-children' }, sv.meetings.form.childrenMissingConsent(names.join(', '))) : null,
            consentLink(missing[0] ?? childId));
          feedback.showError(error, extra, 'consent-required-alert');
        } else {
          feedback.showError(error);
        }
      },
    );
  });
  return form;
}

function memberText(m: TeamMember): string {
  const org = organisationName(m.organisation);
  const base = `${m.name}${org ? `, ${org}` : ''} – ${label(sv.roles, m.role)}`;
  return m.access === 'NO_CONSENT' ? `${base} (${sv.meetings.form.memberNoConsent})` : base;
}

function consentLink(childId: string): HTMLElement {
  return h('p', { class: 'alert__actions' },
    h('a', { href: childPath(childId, 'samtycken'), class: 'button button--primary', 'data-testid': 'consent-required-register' }, sv.meetings.form.registerConsent));
}

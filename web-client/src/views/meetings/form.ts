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
import { busy, Feedback, resetInvalid, selectField, submitButton, textField, uid } from '../../forms';
import { label, sv } from '../../i18n';
import type { Child, ChildSummary, Team } from '../../types';
import { childPath } from '../child/common';
import { childMeetingsPath, enc, fetchMeeting, fetchTemplates, meetingPath, rememberSaved } from './common';
import {
  AgendaDraft,
  agendaRows,
  checkMeeting,
  childChoices,
  EXTERNAL_ROLES,
  initialExternals,
  memberChoices,
  missingConsentChildren,
  type AgendaChange,
  type AgendaFocus,
  type Choice,
  type ExternalValues,
  type FormField,
  type KindChange,
} from './form-state';
import { isoToStockholmLocal } from './logic';
import type { AgendaTemplate, ExternalRole, Meeting } from './types';

const f = sv.meetings.form;

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

/** Läser upp en ändring (aria-live); ny text i nästa bildruta, så att samma text läses upp igen. */
type Say = (text: string) => void;

function meetingForm(ctx: AppContext, input: FormInput): HTMLFormElement {
  const { meeting, templates } = input;
  const editing = meeting !== undefined;
  const childId = meeting?.childId ?? input.child?.id ?? '';
  const feedback = new Feedback('meeting-feedback');
  const live = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'data-testid': 'meeting-form-live' });
  const say: Say = (text) => {
    live.textContent = '';
    requestAnimationFrame(() => {
      live.textContent = text;
    });
  };

  const kind = kindField(templates, meeting);
  const title = textField({ name: 'title', label: f.title, hint: f.titleHint, required: true, maxlength: 200, value: meeting?.title ?? '' });
  const time = timeFields(meeting);
  const location = textField({ name: 'location', label: f.location, hint: f.locationHint, maxlength: 500, value: meeting?.location ?? '' });
  const videoLink = textField({ name: 'videoLink', label: f.videoLink, hint: f.videoLinkHint, type: 'url', maxlength: 2000, value: meeting?.videoLink ?? '', spellcheck: false });
  const agenda = new AgendaEditor(new AgendaDraft(meeting?.agenda ?? [], editing), say);
  const children = checkboxFieldset('meeting-children', 'children', 'child', childChoices(input.myChildren, childId, meeting), {
    legend: f.childrenLegend, hint: f.childrenHint, empty: f.childrenEmpty,
  });
  const members = checkboxFieldset('meeting-members', 'members', 'member', memberChoices(input.team.members ?? [], meeting?.participants ?? [], ctx.me.username), {
    legend: f.membersLegend, hint: f.membersHint, empty: f.membersEmpty,
  });
  const externals = new ExternalPeople(initialExternals(meeting, input.child?.guardians ?? []), say);

  // Typen avgör mallens källa och om fler barn kan väljas; byts den följer dagordningen och rubriken med.
  const showKind = (): AgendaTemplate | undefined => {
    const template = templates.find((candidate) => candidate.kind === kind.input.value);
    kind.source.textContent = template ? f.templateSource(template.source) : '';
    children.fieldset.hidden = kind.input.value !== 'STANDING_TEAM';
    return template;
  };
  kind.input.addEventListener('change', () => {
    const template = showKind();
    if (!template) return;
    const change = agenda.changeKind(template, title.input.value);
    if (change.title !== undefined) title.input.value = change.title;
  });
  showKind();

  const submit = submitButton(editing ? f.submitEdit : f.submitNew, 'meeting-submit');
  const form = h('form', { class: 'form meeting-form', novalidate: true, 'data-testid': 'meeting-form', 'data-mode': editing ? 'edit' : 'new' },
    feedback.element,
    kind.field, title.field, time.fieldset, location.field, videoLink.field, agenda.fieldset, children.fieldset, members.fieldset, externals.fieldset,
    h('div', { class: 'form-actions' }, submit),
    live);

  const controlFor = (field: FormField): HTMLElement | undefined => {
    if (typeof field === 'object') {
      const row = externals.rows[field.external];
      return field.part === 'name' ? row?.name : row?.email;
    }
    switch (field) {
      case 'kind':
        return kind.input;
      case 'title':
        return title.input;
      case 'date':
        return time.date;
      case 'startTime':
        return time.start;
      case 'endTime':
        return time.end;
      case 'videoLink':
        return videoLink.input;
      case 'participants':
        return members.boxes[0] ?? externals.rows[0]?.name ?? externals.addButton;
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    resetInvalid(form);
    const checked = checkMeeting({
      kind: kind.input.value,
      title: title.input.value,
      date: time.date.value,
      startTime: time.start.value,
      endTime: time.end.value,
      location: location.input.value,
      videoLink: videoLink.input.value,
      agenda: agenda.read(),
      members: members.checked(),
      externals: externals.values(),
      children: children.checked(),
    }, editing);
    if (!checked.ok) {
      feedback.showFieldErrors(checked.problems.map((p) => ({ control: controlFor(p.field), message: p.message })));
      return;
    }
    busy(submit, f.submitting, () =>
      editing
        ? ctx.api.patch<Meeting>(`/api/meetings/${enc(meeting.id)}`, checked.body)
        : ctx.api.post<Meeting>(`/api/children/${enc(childId)}/meetings`, checked.body),
    ).then(
      (saved) => {
        rememberSaved(saved);
        ctx.navigate(meetingPath(saved.id));
      },
      (error: unknown) => showSaveError(feedback, error, childId, new Map(input.myChildren.map((c) => [c.id, c.name]))),
    );
  });
  return form;
}

function kindField(templates: readonly AgendaTemplate[], meeting: Meeting | undefined) {
  const editing = meeting !== undefined;
  const kind = selectField({
    name: 'kind',
    label: f.kind,
    required: true,
    hint: editing ? f.kindChange : f.kindHint,
    ...(editing ? {} : { placeholder: f.kindChoose }),
    options: templates.length > 0
      ? templates.map((template) => ({ value: template.kind, label: template.label }))
      : meeting ? [{ value: meeting.kind, label: meeting.kindLabel }] : [],
    value: meeting?.kind ?? '',
    testid: 'meeting-kind-select',
  });
  const source = h('p', { class: 'field__hint', 'data-testid': 'template-source' });
  kind.field.append(source);
  return { field: kind.field, input: kind.input, source };
}

function timeFields(meeting: Meeting | undefined) {
  const startLocal = meeting ? isoToStockholmLocal(meeting.start) : undefined;
  const endLocal = meeting ? isoToStockholmLocal(meeting.end) : undefined;
  const date = textField({ name: 'date', label: f.date, type: 'date', required: true, value: startLocal?.date ?? '' });
  const start = textField({ name: 'startTime', label: f.start, type: 'time', required: true, hint: f.timeHint, value: startLocal?.time ?? '' });
  const end = textField({ name: 'endTime', label: f.end, type: 'time', required: true, hint: f.timeHint, value: endLocal?.time ?? '' });
  const fieldset = h('fieldset', { class: 'fieldset meeting-time' },
    h('legend', { class: 'fieldset__legend' }, f.timeLegend),
    h('div', { class: 'meeting-time__fields' }, date.field, start.field, end.field));
  return { fieldset, date: date.input, start: start.input, end: end.input };
}

/** Dagordningen: en rad per punkt med Upp, Ner och Ta bort; "Lägg till punkt"; erbjudandet att ta mallen. */
class AgendaEditor {
  readonly fieldset: HTMLFieldSetElement;
  private readonly list = h('ol', { class: 'agenda-editor', 'data-testid': 'agenda-editor' });
  private readonly notice = h('div', { class: 'agenda-notice' });
  private readonly addButton = h('button', { type: 'button', class: 'button button--secondary', 'data-testid': 'agenda-add' }, f.agendaAdd);

  constructor(private readonly draft: AgendaDraft, private readonly say: Say) {
    this.addButton.addEventListener('click', () => this.change(() => draft.add()));
    this.fieldset = h('fieldset', { class: 'fieldset', 'data-testid': 'agenda-fieldset' },
      h('legend', { class: 'fieldset__legend' }, f.agendaLegend),
      h('p', { class: 'field__hint' }, f.agendaHint),
      this.notice, this.list, h('div', { class: 'form-actions' }, this.addButton));
    this.render();
  }

  /** Punkterna som de står i textfälten nu. */
  read(): readonly string[] {
    this.draft.set(this.textareas().map((area) => area.value));
    return this.draft.items;
  }

  changeKind(template: AgendaTemplate, currentTitle: string): KindChange {
    this.read();
    const change = this.draft.changeKind(template, currentTitle);
    if (change.agenda === 'replaced') {
      this.notice.replaceChildren();
      this.render();
    } else {
      this.offerTemplate(template);
    }
    return change;
  }

  private offerTemplate(template: AgendaTemplate): void {
    const replace = h('button', { type: 'button', class: 'button button--secondary button--small', 'data-testid': 'agenda-replace' }, f.agendaReplace(template.label));
    replace.addEventListener('click', () => {
      this.draft.apply(template);
      this.notice.replaceChildren();
      this.render();
      this.say(f.agendaReplaced);
      this.textareas()[0]?.focus();
    });
    this.notice.replaceChildren(h('div', { class: 'notice-box' }, h('p', {}, f.agendaKept), replace));
  }

  private textareas(): HTMLTextAreaElement[] {
    return [...this.list.querySelectorAll<HTMLTextAreaElement>('textarea')];
  }

  private change(edit: () => AgendaChange): void {
    this.read();
    const { focus, announce } = edit();
    this.render(focus);
    this.say(announce);
  }

  private render(focus?: AgendaFocus): void {
    this.list.replaceChildren(...this.draft.items.map((text, index) => this.row(text, index)));
    if (!focus) return;
    const row = focus.what === 'add' ? undefined : this.list.children[focus.index];
    if (!row) {
      this.addButton.focus();
      return;
    }
    const target =
      focus.what === 'text'
        ? row.querySelector<HTMLElement>('textarea')
        : row.querySelector<HTMLButtonElement>(`[data-action="${focus.what}"]:not([disabled])`) ?? row.querySelector<HTMLElement>('textarea');
    target?.focus();
  }

  private row(text: string, index: number): HTMLLIElement {
    const n = index + 1;
    const id = uid('agenda');
    const area = h('textarea', { id, name: 'agenda', class: 'field__input field__textarea', rows: String(agendaRows(text)), maxlength: '1000', 'data-testid': 'agenda-input' });
    area.value = text;
    const button = (action: 'up' | 'down' | 'remove', label: string, aria: string, disabled: boolean, edit: () => AgendaChange) => {
      const b = h('button', { type: 'button', class: 'button button--secondary button--small', 'data-action': action, 'aria-label': aria, disabled }, label);
      b.addEventListener('click', () => this.change(edit));
      return b;
    };
    return h('li', { class: 'agenda-editor__item', 'data-testid': 'agenda-row' },
      h('label', { for: id, class: 'field__label' }, f.agendaItem(n)),
      area,
      h('div', { class: 'agenda-editor__actions' },
        button('up', f.agendaUp, f.agendaUpLabel(n), index === 0, () => this.draft.moveUp(index)),
        button('down', f.agendaDown, f.agendaDownLabel(n), index === this.draft.items.length - 1, () => this.draft.moveDown(index)),
        button('remove', f.agendaRemove, f.agendaRemoveLabel(n), false, () => this.draft.remove(index))));
  }
}

/** En grupp kryssrutor (mina andra barn, teamets medlemmar) med rubrik, hjälptext och text när den är tom. */
function checkboxFieldset(testid: string, name: string, prefix: string, choices: readonly Choice[], text: { legend: string; hint: string; empty: string }) {
  const boxes: HTMLInputElement[] = [];
  const list = h('div', { class: 'checkbox-list' });
  for (const choice of choices) {
    const id = uid(prefix);
    const box = h('input', { id, type: 'checkbox', name, value: choice.value, class: 'checkbox__input', 'data-testid': `${prefix}-checkbox` });
    box.checked = choice.checked;
    boxes.push(box);
    list.append(h('div', { class: 'checkbox' }, box, h('label', { for: id, class: 'checkbox__label' }, choice.text)));
  }
  const fieldset = h('fieldset', { class: 'fieldset', 'data-testid': testid },
    h('legend', { class: 'fieldset__legend' }, text.legend),
    h('p', { class: 'field__hint' }, text.hint),
    boxes.length === 0 ? h('p', { class: 'empty' }, text.empty) : list);
  return { fieldset, boxes, checked: () => boxes.filter((b) => b.checked).map((b) => b.value) };
}

interface ExternalRow {
  element: HTMLFieldSetElement;
  legend: HTMLLegendElement;
  name: HTMLInputElement;
  email: HTMLInputElement;
  role: HTMLSelectElement;
  remove: HTMLButtonElement;
}

/** Personer utan konto: en rad var (namn, e-post, roll), "Lägg till person" och "Ta bort". */
class ExternalPeople {
  readonly fieldset: HTMLFieldSetElement;
  readonly rows: ExternalRow[] = [];
  readonly addButton = h('button', { type: 'button', class: 'button button--secondary', 'data-testid': 'external-add' }, f.externalAdd);
  private readonly list = h('div', { class: 'external-list', 'data-testid': 'external-list' });

  constructor(initial: readonly ExternalValues[], private readonly say: Say) {
    this.addButton.addEventListener('click', () => {
      const row = this.add();
      row.name.focus();
      this.say(f.externalAdded(this.rows.length));
    });
    for (const values of initial) this.add(values);
    this.fieldset = h('fieldset', { class: 'fieldset', 'data-testid': 'meeting-external' },
      h('legend', { class: 'fieldset__legend' }, f.externalLegend),
      h('p', { class: 'field__hint' }, f.externalHint),
      this.list, h('div', { class: 'form-actions' }, this.addButton));
  }

  values(): ExternalValues[] {
    return this.rows.map((row) => ({ name: row.name.value, email: row.email.value, role: row.role.value as ExternalRole }));
  }

  private add(values: Partial<ExternalValues> = {}): ExternalRow {
    const name = textField({ name: 'externalName', label: f.externalName, maxlength: 200, value: values.name ?? '', autocomplete: 'off' });
    const email = textField({ name: 'externalEmail', label: f.externalEmail, type: 'email', maxlength: 254, value: values.email ?? '', autocomplete: 'off', spellcheck: false });
    const role = selectField({
      name: 'externalRole',
      label: f.externalRole,
      options: EXTERNAL_ROLES.map((r) => ({ value: r, label: label(sv.meetings.participantRoles, r) })),
      value: values.role ?? 'GUARDIAN',
    });
    const remove = h('button', { type: 'button', class: 'button button--danger-outline button--small', 'data-testid': 'external-remove' }, f.externalRemove);
    const legend = h('legend', { class: 'fieldset__legend' }, '');
    const element = h('fieldset', { class: 'fieldset external-row', 'data-testid': 'external-row' },
      legend, h('div', { class: 'external-row__fields' }, name.field, email.field, role.field), h('div', { class: 'form-actions' }, remove));
    const row: ExternalRow = { element, legend, name: name.input, email: email.input, role: role.input, remove };
    remove.addEventListener('click', () => this.remove(row));
    this.rows.push(row);
    this.list.append(element);
    this.relabel();
    return row;
  }

  private remove(row: ExternalRow): void {
    const index = this.rows.indexOf(row);
    this.rows.splice(index, 1);
    row.element.remove();
    this.relabel();
    (this.rows[Math.min(index, this.rows.length - 1)]?.name ?? this.addButton).focus();
    this.say(f.externalRemoved(index + 1));
  }

  private relabel(): void {
    this.rows.forEach((row, i) => {
      row.legend.textContent = f.externalPerson(i + 1);
      row.remove.setAttribute('aria-label', f.externalRemoveLabel(i + 1));
    });
  }
}

/** Serverns vägran i felrutan; saknas samtycke namnges barnen, med en länk till samtyckena. */
function showSaveError(feedback: Feedback, error: unknown, childId: string, childNames: ReadonlyMap<string, string>): void {
  if (!(error instanceof ApiError && error.problemSlug === 'consent-required')) {
    feedback.showError(error);
    return;
  }
  const missing = missingConsentChildren(error.problem, childNames);
  const extra = h('div', {},
    missing.names.length > 0 ? h('p', { 'data-testid': 'consent-missing-children' }, f.childrenMissingConsent(missing.names.join(', '))) : null,
    consentLink(missing.ids[0] ?? childId));
  feedback.showError(error, extra, 'consent-required-alert');
}

function consentLink(childId: string): HTMLElement {
  return h('p', { class: 'alert__actions' },
    h('a', { href: childPath(childId, 'samtycken'), class: 'button button--primary', 'data-testid': 'consent-required-register' }, f.registerConsent));
}

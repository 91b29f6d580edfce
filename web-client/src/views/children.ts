/** "Mina barn" för yrkesverksamma: barnlistan, "Registrera barn" och "Överlämningar att göra". */
import { href, type AppContext, type View } from '../app';
import { h } from '../dom';
import { busy, Feedback, requiredErrors, resetInvalid, selectField, submitButton, textField, type FieldError } from '../forms';
import { formatDate } from '../format';
import { label, sv } from '../i18n';
import type { Child, ChildSummary, DueHandover } from '../types';
import { emptyState, section, table } from '../widgets';

const SCHOOLING_ORDER = [
  'NOT_STARTED',
  'PRESCHOOL',
  'PRESCHOOL_CLASS',
  'COMPULSORY',
  'UPPER_SECONDARY',
  'UPPER_SECONDARY_OUTSIDE_REGION',
  'NOT_IN_UPPER_SECONDARY',
  'FINISHED',
] as const;

export const schoolingOptions = () => SCHOOLING_ORDER.map((value) => ({ value, label: label(sv.schooling, value) }));

/** Personnummer enligt kontraktet: (ÅÅ)ÅÅMMDD[-+]NNNN. */
const PERSONAL_NUMBER = /^(\d{2})?\d{6}[-+]?\d{4}$/;

export const showChildren: View = async (ctx) => {
  const childContact = ctx.hasRole('child-contact');
  const [children, due] = await Promise.all([
    ctx.api.get<{ children: ChildSummary[] }>('/api/children').then((r) => r.children ?? []),
    childContact
      ? ctx.api.get<{ handovers: DueHandover[] }>('/api/handovers/due').then((r) => r.handovers ?? [])
      : Promise.resolve([] as DueHandover[]),
  ]);
  const content = h('div', { class: 'stack' });
  content.append(childList(children));
  if (childContact) {
    content.append(dueHandovers(ctx, due));
    content.append(registerChild(ctx));
  }
  return { title: sv.children.heading, content };
};

function childList(children: ChildSummary[]): HTMLElement {
  if (children.length === 0) {
    return h('div', { class: 'card' }, emptyState(sv.children.empty, 'child-list-empty'));
  }
  const rows = [...children]
    .sort((a, b) => a.name.localeCompare(b.name, 'sv'))
    .map((child) =>
      h('tr', { 'data-testid': 'child-row', 'data-child-id': child.id },
        h('th', { scope: 'row' },
          h('a', { href: href('barn', child.id), 'data-testid': 'child-link', 'data-child-id': child.id }, child.name)),
        h('td', {}, formatDate(child.birthDate)),
        h('td', { 'data-testid': 'child-role' }, label(sv.roles, child.myRole)),
        h('td', {}, child.childContact?.name ?? ''),
      ),
    );
  return h('div', { class: 'card' },
    table({ caption: sv.children.listCaption, columns: [sv.children.name, sv.children.birthDate, sv.children.myRole, sv.children.childContact], testid: 'child-list' }, rows));
}

function dueHandovers(ctx: AppContext, due: DueHandover[]): HTMLElement {
  const list = h('ul', { class: 'link-list', 'data-testid': 'due-handover-list' });
  const kinds = new Map<string, string>();
  const kindLabel = (kind: string | null | undefined) => (kind ? kinds.get(kind) ?? kind : '');
  const render = () => {
    list.replaceChildren(
      ...due.map((item) =>
        h('li', { 'data-testid': 'due-handover', 'data-child-id': item.childId },
          h('a', { href: href('barn', item.childId, 'overlamning') }, item.name),
          ` (${formatDate(item.birthDate)}${item.ageYears !== undefined ? `, ${item.ageYears} år` : ''}). `,
          h('span', { class: 'muted-inline' },
            item.reason ?? [sv.children.dueCurrent(kindLabel(item.currentKind)), item.expectedKind ? sv.children.dueExpected(kindLabel(item.expectedKind)) : ''].filter(Boolean).join(' – ')),
        ),
      ),
    );
  };
  render();
  // Etiketterna för verksamheterna kommer från samverkansmodellen; listan fungerar även utan dem.
  ctx.careModel().then(
    (model) => {
      for (const k of model.contactKinds ?? []) kinds.set(k.kind, k.label);
      render();
    },
    () => undefined,
  );
  return section(sv.children.dueHeading, { testid: 'due-handovers', intro: due.length > 0 ? sv.children.dueIntro : undefined },
    due.length > 0 ? list : emptyState(sv.children.dueEmpty)).element;
}

function registerChild(ctx: AppContext): HTMLElement {
  const feedback = new Feedback('register-child-feedback');
  const name = textField({ name: 'name', label: sv.children.name, required: true, autocomplete: 'off', maxlength: 200 });
  const birthDate = textField({ name: 'birthDate', label: sv.children.birthDate, type: 'date', required: true, hint: sv.children.birthDateHint });
  const personalNumber = textField({
    name: 'personalNumber',
    label: sv.children.personalNumber,
    hint: sv.children.personalNumberHint,
    autocomplete: 'off',
    inputmode: 'numeric',
    maxlength: 13,
  });
  const schooling = selectField({
    name: 'schooling',
    label: sv.children.schooling,
    hint: sv.children.schoolingHint,
    options: schoolingOptions(),
    placeholder: sv.children.schoolingUnknown,
  });
  const submit = submitButton(sv.children.register, 'register-child-submit');
  const form = h('form', { class: 'form', novalidate: true, 'data-testid': 'register-child-form' },
    feedback.element, name.field, birthDate.field, personalNumber.field, schooling.field,
    h('div', { class: 'form-actions' }, submit));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    resetInvalid(form);
    const errors: FieldError[] = requiredErrors([
      { control: name.input, label: sv.children.name },
      { control: birthDate.input, label: sv.children.birthDate },
    ]);
    const pn = personalNumber.input.value.trim();
    if (pn !== '' && !PERSONAL_NUMBER.test(pn)) errors.push({ control: personalNumber.input, message: sv.children.personalNumberInvalid });
    if (errors.length > 0) {
      feedback.showFieldErrors(errors);
      return;
    }
    const body: Record<string, string> = { name: name.input.value.trim(), birthDate: birthDate.input.value };
    if (pn !== '') body['personalNumber'] = pn;
    if (schooling.input.value !== '') body['schooling'] = schooling.input.value;
    busy(submit, sv.children.registering, () => ctx.api.post<Child>('/api/children', body)).then(
      (child) => ctx.navigate(href('barn', child.id)),
      (error: unknown) => feedback.showError(error),
    );
  });

  return section(sv.children.registerHeading, { testid: 'register-child', intro: sv.children.registerIntro }, form).element;
}

/** Vårdnadshavare: lista och formulär för att lägga till (POST /api/children/{id}/guardians). */
import type { AppContext } from '../../app';
import { h } from '../../dom';
import { busy, Feedback, requiredErrors, resetInvalid, submitButton, textField, type FieldError } from '../../forms';
import { sv } from '../../i18n';
import type { Child, Guardian } from '../../types';
import { emptyState, section, table } from '../../widgets';
import { mayManage, type Tab } from './common';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export const renderGuardians: Tab = async (ctx, child) => {
  const guardians = [...(child.guardians ?? [])];
  const listSlot = h('div', {});
  const drawList = () => listSlot.replaceChildren(guardianList(guardians));
  drawList();
  const { element, heading } = section(sv.guardians.heading, { testid: 'guardians' }, listSlot);
  if (mayManage(child)) {
    element.append(guardianForm(ctx, child, (added) => {
      guardians.push(added);
      drawList();
    }));
  }
  return { element, heading };
};

function guardianList(guardians: Guardian[]): HTMLElement {
  if (guardians.length === 0) return emptyState(sv.guardians.empty, 'guardian-list-empty');
  return table(
    { caption: sv.guardians.caption, columns: [sv.guardians.name, sv.guardians.email, sv.guardians.phone, sv.guardians.username], testid: 'guardian-list' },
    guardians.map((g) =>
      h('tr', { 'data-testid': 'guardian-row', 'data-guardian-id': g.id },
        h('th', { scope: 'row' }, g.name),
        h('td', {}, g.email),
        h('td', {}, g.phone ?? ''),
        h('td', { 'data-testid': 'guardian-username' }, g.username ?? sv.guardians.noAccount),
      ),
    ),
  );
}

function guardianForm(ctx: AppContext, child: Child, onAdded: (guardian: Guardian) => void): HTMLElement {
  const feedback = new Feedback('guardian-feedback');
  const name = textField({ name: 'name', label: sv.guardians.name, required: true, autocomplete: 'off', maxlength: 200 });
  const email = textField({ name: 'email', label: sv.guardians.email, type: 'email', required: true, autocomplete: 'off', maxlength: 254 });
  const phone = textField({ name: 'phone', label: sv.guardians.phone, type: 'tel', autocomplete: 'off', maxlength: 40 });
  const username = textField({
    name: 'username',
    label: sv.guardians.usernameLong,
    hint: sv.guardians.usernameHint,
    autocomplete: 'off',
    spellcheck: false,
  });
  const submit = submitButton(sv.guardians.add, 'guardian-submit');
  const form = h('form', { class: 'form', novalidate: true, 'data-testid': 'guardian-form' },
    h('h3', {}, sv.guardians.addHeading),
    feedback.element, name.field, email.field, phone.field, username.field,
    h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    resetInvalid(form);
    const errors: FieldError[] = requiredErrors([
      { control: name.input, label: sv.guardians.name },
      { control: email.input, label: sv.guardians.email },
    ]);
    if (email.input.value.trim() !== '' && !EMAIL.test(email.input.value.trim())) {
      errors.push({ control: email.input, message: sv.guardians.emailInvalid });
    }
    if (errors.length > 0) {
      feedback.showFieldErrors(errors);
      return;
    }
    const body: Record<string, string> = { name: name.input.value.trim(), email: email.input.value.trim() };
    if (phone.input.value.trim() !== '') body['phone'] = phone.input.value.trim();
    if (username.input.value.trim() !== '') body['username'] = username.input.value.trim();
    busy(submit, sv.guardians.adding, () =>
      ctx.api.post<Guardian>(`/api/children/${encodeURIComponent(child.id)}/guardians`, body),
    ).then(
      (guardian) => {
        onAdded(guardian);
        form.reset();
        feedback.showSuccess(sv.guardians.added(guardian.name));
        name.input.focus();
      },
      (error: unknown) => feedback.showError(error),
    );
  });
  return form;
}

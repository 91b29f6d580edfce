/** Överlämning (bara barnkontakten): ny barnkontakt, skäl och verksamhet → POST handover. */
import { href } from '../../app';
import { h } from '../../dom';
import { busy, Feedback, requiredErrors, resetInvalid, selectField, submitButton, textArea, textField } from '../../forms';
import { personText } from '../../format';
import { sv } from '../../i18n';
import type { CareModel, Handover } from '../../types';
import { section } from '../../widgets';
import type { Tab } from './common';

export const renderHandover: Tab = async (ctx, child) => {
  const careModel: CareModel | null = await ctx.careModel().catch(() => null);
  const kinds = careModel?.contactKinds ?? [];
  const kindLabel = (kind: string) => kinds.find((k) => k.kind === kind)?.label ?? kind;
  const feedback = new Feedback('handover-feedback');
  const toUsername = textField({ name: 'toUsername', label: sv.handover.toUsername, hint: sv.handover.toUsernameHint, required: true, autocomplete: 'off', spellcheck: false });
  const reason = textArea({ name: 'reason', label: sv.handover.reason, required: true, maxlength: 2000 });
  const contactKind = selectField({
    name: 'contactKind',
    label: sv.handover.contactKind,
    placeholder: child.expectedContactKind
      ? `${sv.handover.contactKindDefault} (${kindLabel(child.expectedContactKind)})`
      : sv.handover.contactKindDefault,
    options: kinds.map((k) => ({ value: k.kind, label: k.label })),
  });
  const submit = submitButton(sv.handover.submit, 'handover-submit');
  const result = h('div', { 'data-testid': 'handover-result-slot' });
  const form = h('form', { class: 'form', novalidate: true, 'data-testid': 'handover-form' },
    feedback.element, toUsername.field, reason.field, contactKind.field, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    resetInvalid(form);
    const errors = requiredErrors([
      { control: toUsername.input, label: sv.handover.toUsername },
      { control: reason.input, label: sv.handover.reason },
    ]);
    if (errors.length > 0) {
      feedback.showFieldErrors(errors);
      return;
    }
    const body: Record<string, string> = { toUsername: toUsername.input.value.trim(), reason: reason.input.value.trim() };
    if (contactKind.input.value !== '') body['contactKind'] = contactKind.input.value;
    busy(submit, sv.handover.submitting, () =>
      ctx.api.post<Handover>(`/api/children/${encodeURIComponent(child.id)}/handover`, body),
    ).then(
      (handover) => {
        feedback.clear();
        form.hidden = true;
        const box = h('div', {
          class: `result-box ${handover.informationTransferred ? 'result-box--ok' : 'result-box--warn'}`,
          tabindex: '-1',
          role: 'status',
          'data-testid': 'handover-result',
          'data-transferred': handover.informationTransferred ? 'true' : 'false',
        },
        h('h3', {}, sv.handover.resultHeading),
        h('p', { class: 'result-box__main' }, handover.informationTransferred ? sv.handover.transferred : sv.handover.notTransferred),
        h('p', {}, sv.handover.resultDetail(personText(handover.to), kindLabel(handover.toKind))),
        h('p', {}, h('a', { href: href() }, sv.handover.back)));
        result.replaceChildren(box);
        box.focus();
      },
      (error: unknown) => feedback.showError(error),
    );
  });
  const { element, heading } = section(sv.handover.heading, { testid: 'handover', intro: sv.handover.intro }, result, form);
  return { element, heading };
};

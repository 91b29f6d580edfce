/**
 * Delningslogg för yrkesverksamma: posterna (verifierade i webbläsaren) och
 * formuläret för en delning som gjorts utanför Samverkan (POST sharing-log).
 */
import type { AppContext } from '../../app';
import { h } from '../../dom';
import {
  busy,
  checkbox,
  checkboxGroup,
  Feedback,
  requiredErrors,
  resetInvalid,
  selectField,
  submitButton,
  textArea,
  type FieldError,
} from '../../forms';
import { splitList } from '../../format';
import { sv } from '../../i18n';
import type { Child, Consent, Organisation, SharingLog, SharingLogEntry } from '../../types';
import { section } from '../../widgets';
import { createLogView } from '../sharing-log-view';
import { historyNotice, type Tab } from './common';
import { consentSummary, fetchConsents } from './consents';

export const renderSharingLog: Tab = async (ctx, child) => {
  const load = () =>
    ctx.api.get<SharingLog>(`/api/children/${encodeURIComponent(child.id)}/sharing-log`).then((r) => r.entries ?? []);
  const [entries, consents, organisations] = await Promise.all([
    load(),
    fetchConsents(ctx, child.id).catch(() => [] as Consent[]),
    ctx.organisations().catch(() => [] as Organisation[]),
  ]);
  const view = createLogView(ctx, { mode: 'professional', childId: child.id, load, emptyText: sv.log.empty }, entries);
  const { element, heading } = section(sv.log.heading, { testid: 'sharing-log-section', intro: sv.log.intro },
    historyNotice(child), view.element);
  element.append(manualForm(ctx, child, consents.filter((c) => c.status === 'IN_FORCE' && !c.restricted), organisations, (entry) => view.refresh(entry.logIndex)));
  return { element, heading };
};

function manualForm(
  ctx: AppContext,
  child: Child,
  consents: Consent[],
  organisations: Organisation[],
  onRecorded: (entry: SharingLogEntry) => Promise<void>,
): HTMLElement {
  const feedback = new Feedback('sharing-feedback');
  const what = textArea({ name: 'what', label: sv.log.whatLabel, required: true, maxlength: 2000 });
  const persons = textArea({ name: 'persons', label: sv.log.personsLabel, hint: sv.log.personsHint, rows: 2 });
  const orgs = checkboxGroup({
    name: 'organisations',
    legend: sv.log.organisationsLegend,
    options: [...organisations].sort((a, b) => a.name.localeCompare(b.name, 'sv')).map((o) => ({ value: o.alias, label: o.name })),
    testid: 'sharing-organisations',
  });
  const purpose = textArea({ name: 'purpose', label: sv.log.purposeLabel, required: true, maxlength: 2000 });
  const basis = selectField({
    name: 'legalBasis',
    label: sv.log.basisLabel,
    required: true,
    placeholder: sv.log.basisChoose,
    options: [
      ...consents.map((c) => ({ value: `CONSENT:${c.id}`, label: sv.log.basisConsent(consentSummary(c)) })),
      { value: 'DUTY_TO_REPORT', label: sv.log.basisDuty },
    ],
  });
  const notified = checkbox({ name: 'familyNotified', label: sv.log.familyNotified, checked: true });
  const withheld = textArea({ name: 'withheldReason', label: sv.log.withheldReason, hint: sv.log.withheldReasonHint, maxlength: 2000 });
  withheld.field.hidden = true;
  notified.input.addEventListener('change', () => {
    withheld.field.hidden = notified.input.checked;
    withheld.input.required = !notified.input.checked;
  });
  const submit = submitButton(sv.log.record, 'sharing-submit');
  const headingId = 'sharing-form-heading';
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': headingId, 'data-testid': 'sharing-form' },
    h('h3', { id: headingId }, sv.log.formHeading),
    h('p', { class: 'field__hint' }, sv.log.formIntro),
    feedback.element,
    what.field, persons.field, orgs.fieldset, purpose.field, basis.field, notified.field, withheld.field,
    h('div', { class: 'form-actions' }, submit));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    resetInvalid(form);
    const errors: FieldError[] = requiredErrors([{ control: what.input, label: sv.log.whatLabel }]);
    const people = splitList(persons.input.value);
    const chosen = orgs.values();
    if (people.length === 0 && chosen.length === 0) errors.push({ control: persons.input, message: sv.log.recipientsRequired });
    errors.push(...requiredErrors([{ control: purpose.input, label: sv.log.purposeLabel }]));
    if (basis.input.value === '') errors.push({ control: basis.input, message: sv.log.basisRequired });
    if (!notified.input.checked) errors.push(...requiredErrors([{ control: withheld.input, label: sv.log.withheldReason }]));
    if (errors.length > 0) {
      feedback.showFieldErrors(errors);
      return;
    }
    const [type, consentId] = basis.input.value.split(':', 2) as [string, string | undefined];
    const body: Record<string, unknown> = {
      what: what.input.value.trim(),
      recipients: { persons: people, organisations: chosen },
      purpose: purpose.input.value.trim(),
      legalBasis: consentId ? { type, consentId } : { type },
      familyNotified: notified.input.checked,
    };
    if (!notified.input.checked) body['withheldReason'] = withheld.input.value.trim();
    busy(submit, sv.log.recording, () =>
      ctx.api.post<SharingLogEntry>(`/api/children/${encodeURIComponent(child.id)}/sharing-log`, body),
    ).then(
      async (entry) => {
        form.reset();
        withheld.field.hidden = true;
        feedback.showSuccess(sv.log.recorded);
        await onRecorded(entry);
      },
      (error: unknown) => feedback.showError(error),
    );
  });
  return h('div', { class: 'subsection' }, form);
}

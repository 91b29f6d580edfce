/**
 * Samtycken: alla samtycken (även återkallade och utgångna), "Återkalla" i en
 * <dialog> med skäl, och formuläret "Registrera samtycke". Kommer man hit från
 * teamets "Samtycke saknas" är organisationen förvald (?org=…&person=…).
 */
import type { AppContext } from '../../app';
import { h } from '../../dom';
import {
  busy,
  checkbox,
  checkboxGroup,
  Feedback,
  openDialog,
  requiredErrors,
  resetInvalid,
  selectField,
  submitButton,
  textArea,
  textField,
  type FieldError,
} from '../../forms';
import { endOfSwedishDay, formatDate, formatDateTime, organisationName, personText, splitList } from '../../format';
import { label, sv } from '../../i18n';
import type { Child, Consent, Organisation } from '../../types';
import { parseExternalPersons } from '../meetings/logic';
import { badge, details, detailRow, emptyState, section } from '../../widgets';
import { childPath, historyNotice, mayManage, type Tab } from './common';

export const LEVEL_ORDER = ['ORAL', 'WRITTEN', 'WRITTEN_UPDATED'] as const;

export function consentStatusBadge(consent: Consent): HTMLSpanElement {
  const kind = consent.status === 'IN_FORCE' ? 'ok' : consent.status === 'WITHDRAWN' ? 'bad' : 'neutral';
  return badge(label(sv.consents.status, consent.status), kind, { 'data-testid': 'consent-status', 'data-status': consent.status });
}

export function fetchConsents(ctx: AppContext, childId: string): Promise<Consent[]> {
  return ctx.api
    .get<{ consents: Consent[] }>(`/api/children/${encodeURIComponent(childId)}/consents`)
    .then((r) => r.consents ?? []);
}

/** Kort beskrivning av ett samtycke, t.ex. för val av rättslig grund. */
export function consentSummary(consent: Consent): string {
  if (consent.restricted) {
    return `${label(sv.consents.levels, consent.level)}, ${formatDate(consent.validFrom)}`;
  }
  const scope = [
    ...consent.organisations.map((o) => organisationName(o) ?? o.alias),
    ...consent.persons.map((p) => p.name || p.username),
    ...(consent.externalPersons ?? []).map((p) => p.name),
  ];
  return `${label(sv.consents.levels, consent.level)}, ${formatDate(consent.validFrom)} – ${scope.join(', ')} – ${consent.purpose}`;
}

export const renderConsents: Tab = async (ctx, child, route) => {
  const [consents, organisations] = await Promise.all([fetchConsents(ctx, child.id), ctx.organisations().catch(() => [] as Organisation[])]);
  const manage = mayManage(child);
  const listFeedback = new Feedback('consent-list-feedback');
  const listSlot = h('div', { 'data-testid': 'consent-list' });
  const draw = (list: Consent[]) => {
    listSlot.replaceChildren(
      ...(list.length === 0
        ? [emptyState(sv.consents.empty, 'consent-list-empty')]
        : list.map((c) => consentCard(c, manage ? () => withdraw(ctx, child, c, reload) : undefined))),
    );
  };
  const reload = async (focusId?: string): Promise<void> => {
    const list = await fetchConsents(ctx, child.id);
    draw(list);
    if (focusId) listSlot.querySelector<HTMLElement>(`[data-consent-id="${CSS.escape(focusId)}"]`)?.focus();
  };
  draw(consents);
  const { element, heading } = section(sv.consents.heading, { testid: 'consents', intro: sv.consents.intro },
    historyNotice(child), listFeedback.element, listSlot);
  let focusHeading: HTMLElement = heading;
  if (manage) {
    const form = consentForm(ctx, child, organisations, route.query, async (created) => {
      await reload(created.id).catch(() => undefined);
    });
    element.append(form.element);
    if (route.query.has('org') || route.query.has('person')) focusHeading = form.heading;
  }
  return { element, heading: focusHeading };
};

/**
 * Ett samtycke. Ett som registrerades före en överlämning utan samtycke (restricted) visas bara med
 * det som behövs för att kunna återkalla det.
 */
function consentCard(consent: Consent, onWithdraw?: () => void): HTMLElement {
  const card = h('article', {
    class: `consent consent--${consent.status.toLowerCase()}`,
    tabindex: '-1',
    'data-testid': 'consent-row',
    'data-consent-id': consent.id,
    'data-status': consent.status,
    'data-level': consent.level,
    'data-restricted': consent.restricted ? 'true' : undefined,
  },
  h('div', { class: 'consent__header' },
    h('h3', { class: 'consent__title' }, `${label(sv.consents.levels, consent.level)} samtycke`),
    consentStatusBadge(consent)),
  ...(consent.restricted ? restrictedDetails(consent) : [consentDetails(consent)]));
  if (onWithdraw && consent.status === 'IN_FORCE') {
    const button = h('button', {
      type: 'button',
      class: 'button button--secondary',
      'data-testid': 'withdraw-button',
      'aria-label': `${sv.consents.withdraw}: ${consent.restricted ? consentSummary(consent).toLowerCase()
        : `${label(sv.consents.levels, consent.level).toLowerCase()} samtycke, ${consent.purpose}`}`,
    }, sv.consents.withdraw);
    button.addEventListener('click', onWithdraw);
    card.append(h('div', { class: 'form-actions' }, button));
  }
  return card;
}

function restrictedDetails(consent: Consent): HTMLElement[] {
  return [
    h('p', { class: 'muted', 'data-testid': 'consent-restricted' }, sv.history.restrictedConsent),
    details(
      detailRow(sv.consents.validFrom, formatDateTime(consent.validFrom)),
      detailRow(sv.consents.validUntil, consent.validUntil ? formatDateTime(consent.validUntil) : sv.consents.validUntilNone),
    ),
  ];
}

function consentDetails(consent: Consent): HTMLElement {
  const scope = h('ul', { class: 'plain-list', 'data-testid': 'consent-scope' },
    ...consent.organisations.map((o) => h('li', {}, organisationName(o) ?? o.alias)),
    ...consent.persons.map((p) => h('li', {}, personText(p, { withUsername: true }))),
    ...(consent.externalPersons ?? []).map((p) => h('li', { 'data-testid': 'consent-external-person' }, sv.consents.externalPerson(p.name, p.email))),
  );
  const withdrawal = consent.withdrawal;
  return details(
    detailRow(sv.consents.givenBy, h('span', {}, consent.givenBy.join(', '), consent.childParticipated ? h('span', { class: 'muted-inline' }, ` (${sv.consents.childParticipatedYes.toLowerCase()})`) : null), 'consent-given-by'),
    detailRow(sv.consents.scope, scope),
    detailRow(sv.consents.purpose, consent.purpose, 'consent-purpose'),
    detailRow(sv.consents.validFrom, formatDateTime(consent.validFrom)),
    detailRow(sv.consents.validUntil, consent.validUntil ? formatDateTime(consent.validUntil) : sv.consents.validUntilNone),
    detailRow(sv.consents.recordedBy, `${personText(consent.recordedBy)} (${formatDateTime(consent.recordedAt)})`),
    withdrawal
      ? detailRow(label(sv.consents.status, 'WITHDRAWN'),
          h('span', {},
            sv.consents.withdrawn(formatDateTime(withdrawal.at), withdrawal.by ? personText(withdrawal.by) : ''),
            withdrawal.reason ? h('span', { class: 'block' }, `${sv.consents.withdrawalReason}: ${withdrawal.reason}`) : null),
          'consent-withdrawal')
      : null,
  );
}

function withdraw(ctx: AppContext, child: Child, consent: Consent, reload: (focusId?: string) => Promise<void>): void {
  const reason = textArea({ name: 'reason', label: sv.consents.withdrawReason, required: true, maxlength: 2000, testid: 'withdraw-reason' });
  openDialog({
    title: sv.consents.withdrawHeading,
    body: [
      h('p', {}, sv.consents.withdrawIntro),
      h('p', { class: 'muted' }, consentSummary(consent)),
      reason.field,
    ],
    confirmLabel: sv.consents.withdrawConfirm,
    busyLabel: sv.consents.withdrawing,
    danger: true,
    testid: 'withdraw-dialog',
    validate: () => requiredErrors([{ control: reason.input, label: sv.consents.withdrawReason }]),
    onConfirm: async () => {
      await ctx.api.post<Consent>(
        `/api/children/${encodeURIComponent(child.id)}/consents/${encodeURIComponent(consent.id)}/withdraw`,
        { reason: reason.input.value.trim() },
      );
      await reload().catch(() => undefined);
    },
    focusAfter: () => document.querySelector<HTMLElement>(`[data-consent-id="${CSS.escape(consent.id)}"]`),
  });
  setTimeout(() => reason.input.focus(), 0);
}

function consentForm(
  ctx: AppContext,
  child: Child,
  organisations: Organisation[],
  query: URLSearchParams,
  onRecorded: (consent: Consent) => Promise<void>,
): { element: HTMLElement; heading: HTMLElement } {
  const prefillOrg = query.get('org');
  const prefillPerson = query.get('person');
  const feedback = new Feedback('consent-feedback');
  const level = selectField({
    name: 'level',
    label: sv.consents.level,
    required: true,
    hint: sv.consents.levelHint,
    placeholder: sv.consents.levelChoose,
    options: LEVEL_ORDER.map((value) => ({ value, label: label(sv.consents.levels, value) })),
    value: prefillOrg || prefillPerson ? 'WRITTEN_UPDATED' : '',
  });
  const givenBy = textArea({
    name: 'givenBy',
    label: sv.consents.givenByLabel,
    hint: sv.consents.givenByHint,
    required: true,
    rows: 2,
    value: (child.guardians ?? []).map((g) => g.name).join('\n'),
  });
  const childParticipated = checkbox({ name: 'childParticipated', label: sv.consents.childParticipated });
  const orgs = checkboxGroup({
    name: 'organisations',
    legend: sv.consents.organisationsLegend,
    options: [...organisations].sort((a, b) => a.name.localeCompare(b.name, 'sv')).map((o) => ({ value: o.alias, label: o.name })),
    checked: prefillOrg ? [prefillOrg] : [],
    testid: 'consent-organisations',
  });
  const persons = textArea({
    name: 'persons',
    label: sv.consents.personsLabel,
    hint: sv.consents.personsHint,
    rows: 2,
    value: prefillPerson && !prefillOrg ? prefillPerson : '',
  });
  const externalPersons = textArea({
    name: 'externalPersons',
    label: sv.consents.externalPersonsLabel,
    hint: sv.consents.externalPersonsHint,
    rows: 2,
    testid: 'consent-external-persons',
  });
  const purpose = textArea({ name: 'purpose', label: sv.consents.purposeLabel, required: true, maxlength: 2000 });
  const validUntil = textField({ name: 'validUntil', label: sv.consents.validUntilLabel, type: 'date', hint: sv.consents.validUntilHint });
  const submit = submitButton(sv.consents.record, 'consent-submit');
  const headingId = 'consent-form-heading';
  const heading = h('h3', { id: headingId, tabindex: '-1' }, sv.consents.formHeading);
  const backSlot = h('div', {});
  const who = prefillPerson ?? '';
  const form = h('form', { class: 'form', novalidate: true, 'aria-labelledby': headingId, 'data-testid': 'consent-form' },
    heading,
    prefillOrg || prefillPerson
      ? h('p', { class: 'notice-box', 'data-testid': 'consent-prefill-notice' },
          sv.consents.prefillNotice(`${who}${prefillOrg ? ` (${organisations.find((o) => o.alias === prefillOrg)?.name ?? prefillOrg})` : ''}`))
      : null,
    feedback.element,
    level.field, givenBy.field, childParticipated.field, orgs.fieldset, persons.field, externalPersons.field, purpose.field, validUntil.field,
    h('div', { class: 'form-actions' }, submit),
    backSlot,
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    resetInvalid(form);
    const errors: FieldError[] = [];
    if (level.input.value === '') errors.push({ control: level.input, message: sv.consents.levelRequired });
    const names = splitList(givenBy.input.value, { lines: true });
    if (names.length === 0) errors.push({ control: givenBy.input, message: sv.common.fieldRequired(sv.consents.givenBy) });
    const chosen = orgs.values();
    const people = splitList(persons.input.value);
    const external = parseExternalPersons(externalPersons.input.value);
    if (!external.ok) {
      const message = external.reason === 'no-email' ? sv.consents.externalPersonsNoEmail(external.line)
        : external.reason === 'no-name' ? sv.consents.externalPersonsNoName(external.line)
          : sv.consents.externalPersonsSeveral(external.line);
      errors.push({ control: externalPersons.input, message });
    }
    const outside = external.ok ? external.persons : [];
    if (chosen.length === 0 && people.length === 0 && outside.length === 0 && external.ok) {
      errors.push({ control: orgs.inputs[0] ?? persons.input, message: sv.consents.scopeRequired });
    }
    errors.push(...requiredErrors([{ control: purpose.input, label: sv.consents.purpose }]));
    if (errors.length > 0) {
      feedback.showFieldErrors(errors);
      return;
    }
    const body: Record<string, unknown> = {
      level: level.input.value,
      givenBy: names,
      childParticipated: childParticipated.input.checked,
      organisations: chosen,
      persons: people,
      purpose: purpose.input.value.trim(),
    };
    if (outside.length > 0) body['externalPersons'] = outside;
    if (validUntil.input.value !== '') body['validUntil'] = endOfSwedishDay(validUntil.input.value);
    busy(submit, sv.consents.recording, () =>
      ctx.api.post<Consent>(`/api/children/${encodeURIComponent(child.id)}/consents`, body),
    ).then(
      async (consent) => {
        form.reset();
        givenBy.input.value = names.join('\n');
        feedback.showSuccess(sv.consents.recorded);
        if (who) {
          backSlot.replaceChildren(
            h('p', {}, h('a', { href: childPath(child, 'team'), 'data-testid': 'consent-back-to-team' }, sv.consents.backToTeam(who))));
        }
        await onRecorded(consent);
      },
      (error: unknown) => feedback.showError(error),
    );
  });
  return { element: h('div', { class: 'subsection' }, form), heading };
}

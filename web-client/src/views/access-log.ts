/** Loggkontroll för säkerhetsadministratören: vem öppnade vilket barn-id, när och varför. Inget om barnen. */
import type { AppContext, View } from '../app';
import { h } from '../dom';
import { busy, Feedback, resetInvalid, selectField, submitButton, textField } from '../forms';
import { formatDateTime, swedishLocalToIso } from '../format';
import { label, sv } from '../i18n';
import type { AccessLogEntry, Organisation } from '../types';
import { badge, emptyState, section, table } from '../widgets';
import { permissions, queryString } from './security/logic';
import { exportButton, reviewSection, type Period } from './security/review';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function query(ctx: AppContext, filters: Record<string, string>): Promise<AccessLogEntry[]> {
  return ctx.api.get<{ entries: AccessLogEntry[] }>(`/api/admin/access-log${queryString(filters)}`).then((r) => r.entries ?? []);
}

export const showAccessLog: View = async (ctx, route) => {
  const initial = {
    child: route.query.get('child') ?? '',
    user: route.query.get('user') ?? '',
  };
  const [entries, organisations] = await Promise.all([
    query(ctx, initial),
    ctx.organisations().catch(() => [] as Organisation[]),
  ]);
  const orgName = (alias: string | null | undefined) =>
    alias ? organisations.find((o) => o.alias === alias)?.name ?? alias : '';
  const feedback = new Feedback('access-log-feedback');
  const child = textField({ name: 'child', label: sv.accessLog.child, hint: sv.accessLog.childHint, value: initial.child, autocomplete: 'off', spellcheck: false });
  const user = textField({ name: 'user', label: sv.accessLog.user, value: initial.user, autocomplete: 'off', spellcheck: false });
  const from = textField({ name: 'from', label: sv.accessLog.from, type: 'datetime-local' });
  const to = textField({ name: 'to', label: sv.accessLog.to, type: 'datetime-local' });
  const perms = permissions(ctx.me.roles);
  const own = ctx.me.organisation;
  const organisation = selectField({
    name: 'organisation', label: sv.accessLog.organisation, testid: 'access-log-organisation',
    ...(perms.anyOrganisation
      ? { placeholder: sv.security.people.allOrganisations, options: organisations.map((o) => ({ value: o.alias, label: o.name })) }
      : { options: own ? [{ value: own.alias, label: own.name }] : [] }),
  });
  const kind = selectField({
    name: 'kind', label: sv.security.review.kind, placeholder: sv.security.review.allKinds, testid: 'access-log-kind',
    options: Object.entries(sv.security.review.kinds).map(([value, text]) => ({ value, label: text })),
  });
  const iso = (input: HTMLInputElement) => (input.value ? swedishLocalToIso(input.value) : '');
  const period = (): Period => ({ from: iso(from.input), to: iso(to.input), organisation: organisation.input.value });
  const submit = submitButton(sv.accessLog.search, 'access-log-submit');
  const form = h('form', { class: 'form form--grid', novalidate: true, 'data-testid': 'access-log-form' },
    feedback.element, child.field, user.field, organisation.field, kind.field, from.field, to.field, h('div', { class: 'form-actions' }, submit));
  const results = h('div', { 'data-testid': 'access-log-results', 'aria-live': 'polite' });
  const draw = (rows: AccessLogEntry[]) => {
    results.replaceChildren(
      rows.length === 0
        ? emptyState(sv.accessLog.empty, 'access-log-empty')
        : table(
            {
              caption: sv.accessLog.caption(rows.length),
              columns: [sv.accessLog.when, sv.accessLog.who, sv.accessLog.organisation, sv.accessLog.action, sv.accessLog.childId, sv.accessLog.purpose, sv.accessLog.outcome],
              testid: 'access-log-table',
            },
            rows.map((e) =>
              h('tr', { 'data-testid': 'access-log-row', 'data-outcome': e.outcome, 'data-username': e.username },
                h('td', { class: 'nowrap' }, h('time', { datetime: e.at }, formatDateTime(e.at))),
                h('th', { scope: 'row' }, e.username),
                h('td', {}, orgName(e.organisation)),
                h('td', {}, h('code', {}, e.action)),
                h('td', {}, e.childId ? h('code', { class: 'code-id' }, e.childId) : ''),
                h('td', {}, e.purpose ?? ''),
                h('td', {}, badge(label(sv.accessLog.outcomes, e.outcome), e.outcome === 'GRANTED' ? 'ok' : 'bad'),
                  (e.count ?? 1) > 1 ? h('span', { 'data-testid': 'access-log-count' }, ` ${sv.accessLog.times(e.count ?? 1)}`) : ''),
              ),
            ),
          ),
    );
  };
  draw(entries);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    resetInvalid(form);
    const childId = child.input.value.trim();
    if (childId !== '' && !UUID.test(childId)) {
      feedback.showFieldErrors([{ control: child.input, message: sv.accessLog.childInvalid }]);
      return;
    }
    const filters = {
      child: childId,
      user: user.input.value.trim(),
      ...period(),
      kind: kind.input.value,
    };
    busy(submit, sv.accessLog.searching, () => query(ctx, filters)).then(
      (rows) => {
        feedback.clear();
        draw(rows);
        results.querySelector<HTMLElement>('caption, p')?.setAttribute('tabindex', '-1');
        results.querySelector<HTMLElement>('caption, p')?.focus();
      },
      (error: unknown) => feedback.showError(error),
    );
  });
  const filtersSection = section(sv.accessLog.filtersHeading, { testid: 'access-log-filters' }, form, exportButton(ctx, period, feedback));
  const content = h('div', { class: 'stack' }, h('p', { class: 'lead' }, sv.accessLog.intro), filtersSection.element, h('div', { class: 'card' }, results),
    reviewSection(ctx, period));
  return { title: sv.accessLog.heading, content };
};

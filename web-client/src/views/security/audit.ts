/** "Säkerhetslogg": vad säkerhetsadministratörer har ändrat, för personer i den inloggades ansvar. */
import type { View } from '../../app';
import { h } from '../../dom';
import { busy, Feedback, submitButton, textField } from '../../forms';
import { formatDateTime, swedishLocalToIso } from '../../format';
import { label, sv } from '../../i18n';
import { emptyState, section, table } from '../../widgets';
import { queryString } from './logic';

const t = sv.security.audit;

interface AuditEntry { at: string; actor: string; actorOrganisation: string | null; action: string; target: string; targetOrganisation: string | null; reason: string | null }

export const showAudit: View = async (ctx) => {
  const feedback = new Feedback('audit-feedback');
  const from = textField({ name: 'from', label: t.from, type: 'datetime-local' });
  const to = textField({ name: 'to', label: t.to, type: 'datetime-local' });
  const submit = submitButton(t.submit, 'audit-submit');
  const form = h('form', { class: 'form form--grid', novalidate: true, 'data-testid': 'audit-form' },
    feedback.element, from.field, to.field, h('div', { class: 'form-actions' }, submit));
  const results = h('div', { 'data-testid': 'audit-results', 'aria-live': 'polite' });
  const load = () => ctx.api.get<{ entries: AuditEntry[] }>(`/api/admin/audit${queryString({
    from: from.input.value ? swedishLocalToIso(from.input.value) : '',
    to: to.input.value ? swedishLocalToIso(to.input.value) : '',
  })}`).then((r) => r.entries ?? []);
  const draw = (rows: AuditEntry[]) => results.replaceChildren(rows.length === 0 ? emptyState(t.empty, 'audit-empty')
    : table({ caption: t.caption(rows.length), columns: [t.when, t.actor, t.action, t.target, t.organisation, t.reason], testid: 'audit-table' },
      rows.map((e) => h('tr', { 'data-testid': 'audit-row', 'data-action': e.action, 'data-target': e.target },
        h('td', { class: 'nowrap' }, h('time', { datetime: e.at }, formatDateTime(e.at))),
        h('td', {}, e.actor),
        h('th', { scope: 'row' }, label(t.actions, e.action)),
        h('td', {}, h('code', {}, e.target)),
        h('td', {}, e.targetOrganisation ?? ''),
        h('td', {}, e.reason ?? '')))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(submit, t.loading, load).then((rows) => { feedback.clear(); draw(rows); }, (e: unknown) => feedback.showError(e));
  });
  draw(await load());
  const content = h('div', { class: 'stack' }, h('p', { class: 'lead' }, t.intro), section(t.heading, { testid: 'audit-section' }, form, results).element);
  return { title: t.heading, content };
};

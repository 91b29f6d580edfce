/** "Inloggningar": Keycloaks inloggningshändelser med flaggade följder; administrationshändelser för länets säkerhetsteam. */
import type { View } from '../../app';
import { h } from '../../dom';
import { busy, Feedback, selectField, submitButton, textField } from '../../forms';
import { formatDateTime, swedishLocalToIso } from '../../format';
import { sv } from '../../i18n';
import { badge, emptyState, section, table } from '../../widgets';
import { formatBurst, inBurst, permissions, queryString, type LoginBurst } from './logic';

const t = sv.security.logins;
const TYPES = ['LOGIN', 'LOGIN_ERROR', 'LOGOUT', 'CODE_TO_TOKEN', 'IDENTITY_PROVIDER_LOGIN', 'REFRESH_TOKEN_ERROR'];

interface LoginEvent { time: string; type: string; username?: string | null; ipAddress?: string | null; identityProvider?: string | null; error?: string | null }
interface AdminEvent { time: string; operationType: string; resourceType: string; resourcePath?: string | null; actor?: string | null }

const iso = (input: HTMLInputElement) => (input.value ? swedishLocalToIso(input.value) : '');

export const showLogins: View = async (ctx) => {
  const perms = permissions(ctx.me.roles);
  const feedback = new Feedback('logins-feedback');
  const user = textField({ name: 'user', label: t.user, autocomplete: 'off', spellcheck: false });
  const type = selectField({ name: 'type', label: t.type, placeholder: t.allTypes, options: TYPES.map((v) => ({ value: v, label: v })) });
  const from = textField({ name: 'from', label: t.from, type: 'datetime-local' });
  const to = textField({ name: 'to', label: t.to, type: 'datetime-local' });
  const submit = submitButton(t.submit, 'logins-submit');
  const form = h('form', { class: 'form form--grid', novalidate: true, 'data-testid': 'logins-form' },
    feedback.element, user.field, type.field, from.field, to.field, h('div', { class: 'form-actions' }, submit));
  const results = h('div', { 'data-testid': 'logins-results', 'aria-live': 'polite' });
  const admin = h('div', { 'data-testid': 'admin-events-results', 'aria-live': 'polite' });

  const load = async () => {
    const period = { from: iso(from.input), to: iso(to.input) };
    const events = await ctx.api.get<{ events: LoginEvent[]; flags: LoginBurst[] }>(`/api/admin/login-events${queryString({ user: user.input.value, type: type.input.value, ...period })}`);
    const adminEvents = perms.adminEvents ? await ctx.api.get<{ events: AdminEvent[] }>(`/api/admin/admin-events${queryString(period)}`) : undefined;
    return { events, adminEvents };
  };
  const draw = ({ events, adminEvents }: Awaited<ReturnType<typeof load>>) => {
    const bursts = events.flags ?? [];
    results.replaceChildren(
      h('h3', {}, t.bursts),
      bursts.length === 0 ? emptyState(t.noBursts, 'bursts-empty')
        : h('ul', { 'data-testid': 'bursts' }, ...bursts.map((b) => h('li', { 'data-testid': 'burst' }, badge(formatBurst(b), 'bad'), ` ${formatDateTime(b.from)} – ${formatDateTime(b.to)}`))),
      events.events.length === 0 ? emptyState(t.empty, 'logins-empty')
        : table({ caption: t.caption(events.events.length), columns: [t.when, t.type, t.who, t.ip, t.provider, t.error, t.flag], testid: 'logins-table' },
          events.events.map((e) => {
            const flagged = inBurst(e, bursts);
            return h('tr', { 'data-testid': 'login-row', 'data-type': e.type, 'data-flagged': String(flagged) },
              h('td', { class: 'nowrap' }, h('time', { datetime: e.time }, formatDateTime(e.time))),
              h('th', { scope: 'row' }, e.type),
              h('td', {}, e.username ?? ''),
              h('td', {}, e.ipAddress ?? ''),
              h('td', {}, e.identityProvider ?? ''),
              h('td', {}, e.error ?? ''),
              h('td', {}, flagged ? badge(t.flagged, 'bad') : ''));
          })),
    );
    if (adminEvents) {
      admin.replaceChildren(adminEvents.events.length === 0 ? emptyState(t.adminEmpty, 'admin-events-empty')
        : table({ caption: t.adminCaption(adminEvents.events.length), columns: [t.when, t.operation, t.resource, t.path, t.actor], testid: 'admin-events-table' },
          adminEvents.events.map((e) => h('tr', { 'data-testid': 'admin-event-row' },
            h('td', { class: 'nowrap' }, h('time', { datetime: e.time }, formatDateTime(e.time))),
            h('th', { scope: 'row' }, e.operationType),
            h('td', {}, e.resourceType),
            h('td', {}, e.resourcePath ? h('code', {}, e.resourcePath) : ''),
            h('td', {}, e.actor ?? '')))));
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(submit, t.loading, load).then((r) => { feedback.clear(); draw(r); }, (e: unknown) => feedback.showError(e));
  });
  draw(await load());
  const content = h('div', { class: 'stack' },
    h('p', { class: 'lead' }, t.intro),
    section(t.heading, { testid: 'logins-section' }, form, results).element,
    perms.adminEvents ? section(t.adminHeading, { testid: 'admin-events-section' }, admin).element : null);
  return { title: t.heading, content };
};

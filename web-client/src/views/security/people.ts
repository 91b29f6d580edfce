/** "Personer": säkerhetsadministratörens sökning, sessioner, utloggning, spärr och roller. */
import type { AppContext, View } from '../../app';
import { h } from '../../dom';
import { busy, Feedback, openDialog, selectField, submitButton, textArea, textField } from '../../forms';
import { formatDateTime } from '../../format';
import { label, sv } from '../../i18n';
import type { Organisation } from '../../types';
import { badge, emptyState, section, table } from '../../widgets';
import { grantableRoles, permissions, queryString } from './logic';

const t = sv.security.people;

interface AdminUser {
  username: string;
  name: string;
  email: string | null;
  organisation: string | null;
  roles: string[];
  enabled: boolean;
  lastLogin: string | null;
}

interface UserSession {
  id: string;
  ipAddress: string | null;
  start: string | null;
  lastAccess: string | null;
  clients: string[];
}

const userPath = (username: string) => `/api/admin/users/${encodeURIComponent(username)}`;

function button(text: string, testid: string, kind = 'secondary'): HTMLButtonElement {
  return h('button', { type: 'button', class: `button button--${kind} button--small`, 'data-testid': testid }, text);
}

export const showPeople: View = async (ctx) => {
  const perms = permissions(ctx.me.roles);
  const organisations = perms.anyOrganisation ? await ctx.organisations().catch(() => [] as Organisation[]) : [];
  const feedback = new Feedback('people-feedback');
  const search = textField({ name: 'search', label: t.search, autocomplete: 'off', spellcheck: false, maxlength: 100, testid: 'people-search' });
  const org = perms.anyOrganisation
    ? selectField({ name: 'organisation', label: t.organisation, placeholder: t.allOrganisations, options: organisations.map((o) => ({ value: o.alias, label: o.name })), testid: 'people-organisation' })
    : undefined;
  const submit = submitButton(t.submit, 'people-submit');
  const form = h('form', { class: 'form form--grid', novalidate: true, 'data-testid': 'people-form' },
    feedback.element, search.field, org?.field, h('div', { class: 'form-actions' }, submit));
  const results = h('div', { 'data-testid': 'people-results', 'aria-live': 'polite' });
  const sessions = h('div', { 'data-testid': 'people-sessions' });

  const load = () => ctx.api.get<{ users: AdminUser[] }>(`/api/admin/users${queryString({ search: search.input.value, organisation: org?.input.value })}`).then((r) => r.users ?? []);
  const refresh = async () => draw(await load());
  const done = (text: string) => refresh().then(() => feedback.showSuccess(text));

  const actionsFor = (user: AdminUser): HTMLElement => {
    const cell = h('div', { class: 'button-row' });
    const sessionsButton = button(t.sessions, 'people-sessions-button');
    sessionsButton.addEventListener('click', () => void showSessions(ctx, user.username, sessions, feedback));
    const logout = button(t.logout, 'people-logout');
    logout.addEventListener('click', () => {
      const reason = textArea({ name: 'reason', label: t.reasonOptional, maxlength: 500 });
      openDialog({
        title: t.logoutTitle(user.username), body: [h('p', {}, t.logoutBody), reason.field], confirmLabel: t.logout, busyLabel: t.logoutBusy, danger: true, testid: 'logout-dialog',
        onConfirm: async () => {
          const text = reason.input.value.trim();
          await ctx.api.post(`${userPath(user.username)}/logout`, text ? { reason: text } : {});
          await done(t.loggedOut(user.username));
        },
      });
    });
    cell.append(sessionsButton, logout);
    if (user.enabled) {
      const disable = button(t.disable, 'people-disable', 'danger');
      disable.addEventListener('click', () => {
        const reason = textArea({ name: 'reason', label: t.reason, required: true, maxlength: 500 });
        openDialog({
          title: t.disableTitle(user.username), body: [h('p', {}, t.disableBody), reason.field], confirmLabel: t.disable, busyLabel: t.disableBusy, danger: true, testid: 'disable-dialog',
          validate: () => (reason.input.value.trim() === '' ? [{ control: reason.input, message: sv.common.fieldRequired(t.reason) }] : []),
          onConfirm: async () => {
            await ctx.api.post(`${userPath(user.username)}/disable`, { reason: reason.input.value.trim() });
            await done(t.disabledDone(user.username));
          },
        });
      });
      cell.append(disable);
    } else {
      const enable = button(t.enable, 'people-enable');
      enable.addEventListener('click', () => {
        busy(enable, t.enable, () => ctx.api.post(`${userPath(user.username)}/enable`)).then(() => done(t.enabledDone(user.username)), (e: unknown) => feedback.showError(e));
      });
      cell.append(enable);
    }
    for (const role of grantableRoles(perms)) {
      const held = user.roles.includes(role);
      const name = label(t.roleNames, role);
      const toggle = button(held ? t.revoke(name) : t.grant(name), `people-${held ? 'revoke' : 'grant'}-${role}`);
      toggle.addEventListener('click', () => {
        const path = `${userPath(user.username)}/roles/${role}`;
        busy(toggle, toggle.textContent ?? '', () => (held ? ctx.api.delete(path) : ctx.api.put(path))).then(
          () => done(held ? t.revoked(user.username, name) : t.granted(user.username, name)),
          (e: unknown) => feedback.showError(e),
        );
      });
      cell.append(toggle);
    }
    return cell;
  };

  const draw = (users: AdminUser[]) => {
    results.replaceChildren(users.length === 0
      ? emptyState(t.empty, 'people-empty')
      : table({ caption: t.caption(users.length), columns: [t.name, t.username, t.organisation, t.roles, t.enabled, t.lastLogin, t.actions], testid: 'people-table' },
        users.map((u) => h('tr', { 'data-testid': 'people-row', 'data-username': u.username, 'data-enabled': String(u.enabled) },
          h('th', { scope: 'row' }, u.name),
          h('td', {}, h('code', {}, u.username)),
          h('td', {}, u.organisation ? organisations.find((o) => o.alias === u.organisation)?.name ?? u.organisation : ''),
          h('td', {}, u.roles.map((r) => label(t.roleNames, r)).join(', ')),
          h('td', {}, badge(u.enabled ? t.active : t.disabled, u.enabled ? 'ok' : 'bad')),
          h('td', { class: 'nowrap' }, u.lastLogin ? h('time', { datetime: u.lastLogin }, formatDateTime(u.lastLogin)) : t.never),
          h('td', {}, actionsFor(u)),
        ))));
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(submit, t.searching, load).then((users) => { feedback.clear(); draw(users); }, (e: unknown) => feedback.showError(e));
  });
  draw(await load());
  const content = h('div', { class: 'stack' },
    h('p', { class: 'lead' }, t.intro),
    h('p', { 'data-testid': 'next-version' }, sv.security.nextVersion),
    section(t.heading, { testid: 'people-filters' }, form, results).element,
    sessions);
  return { title: t.heading, content };
};

async function showSessions(ctx: AppContext, username: string, target: HTMLElement, feedback: Feedback): Promise<void> {
  try {
    const { sessions } = await ctx.api.get<{ sessions: UserSession[] }>(`${userPath(username)}/sessions`);
    const body = sessions.length === 0
      ? emptyState(t.noSessions, 'sessions-empty')
      : table({ caption: t.sessionsCaption(sessions.length), columns: [t.ip, t.started, t.lastAccess, t.clients], testid: 'sessions-table' },
        sessions.map((s) => h('tr', { 'data-testid': 'session-row' },
          h('td', {}, s.ipAddress ?? ''),
          h('td', {}, formatDateTime(s.start)),
          h('td', {}, formatDateTime(s.lastAccess)),
          h('td', {}, s.clients.join(', ')))));
    const part = section(t.sessionsOf(username), { testid: 'sessions-section' }, body);
    target.replaceChildren(part.element);
    part.heading.focus();
  } catch (error) {
    feedback.showError(error);
  }
}

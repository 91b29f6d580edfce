/**
 * Team: medlemmar med roll och åtkomst, "Lägg till i teamet" (som kräver ett
 * gällande uppdaterat skriftligt samtycke), "Ta bort" och "Utse till
 * stödsamordnare". Saknas samtycke visas det tydligt, med en länk till
 * samtyckesformuläret.
 */
import { ApiError } from '../../api';
import type { AppContext } from '../../app';
import { h } from '../../dom';
import { busy, Feedback, openDialog, requiredErrors, resetInvalid, submitButton, textField } from '../../forms';
import { organisationName } from '../../format';
import { label, sv } from '../../i18n';
import type { Child, Team, TeamMember } from '../../types';
import { badge, emptyState, section, table } from '../../widgets';
import { childPath, historyNotice, mayManage, type Tab } from './common';
import { writeDirectButton } from '../direct/write';

function fetchTeam(ctx: AppContext, childId: string): Promise<Team> {
  return ctx.api.get<Team>(`/api/children/${encodeURIComponent(childId)}/team`);
}

const ROLE_ORDER: Record<string, number> = { CHILD_CONTACT: 0, SUPPORT_COORDINATOR: 1, MEMBER: 2 };

export const renderTeam: Tab = async (ctx, child) => {
  const team = await fetchTeam(ctx, child.id);
  const manage = mayManage(child);
  const listFeedback = new Feedback('team-feedback');
  const listSlot = h('div', {});

  const draw = (current: Team) => {
    const members = [...(current.members ?? [])].sort(
      (a, b) => (ROLE_ORDER[a.role] ?? 9) - (ROLE_ORDER[b.role] ?? 9) || a.name.localeCompare(b.name, 'sv'),
    );
    if (members.length === 0) {
      listSlot.replaceChildren(emptyState(sv.team.empty));
      return;
    }
    listSlot.replaceChildren(
      table(
        {
          caption: sv.team.caption,
          columns: [sv.team.name, sv.team.organisation, sv.team.role, sv.team.access, sv.direct.nav, ...(manage ? [sv.team.actions] : [])],
          testid: 'team-list',
        },
        members.map((m) => memberRow(ctx, child, m, manage, refresh, listFeedback)),
      ),
    );
  };
  const refresh = async (focusUsername?: string): Promise<void> => {
    draw(await fetchTeam(ctx, child.id));
    if (focusUsername) {
      listSlot.querySelector<HTMLElement>(`[data-testid="team-member-row"][data-username="${CSS.escape(focusUsername)}"] th`)?.focus();
    }
  };
  draw(team);

  const directNote = h('p', { class: 'field__hint', 'data-testid': 'direct-guardians-note' }, sv.direct.guardiansNote);
  const { element, heading } = section(sv.team.heading, { testid: 'team' }, historyNotice(child), listFeedback.element, listSlot, directNote);
  if (manage) element.append(addMemberForm(ctx, child, refresh));
  return { element, heading };
};

function memberRow(
  ctx: AppContext,
  child: Child,
  member: TeamMember,
  manage: boolean,
  refresh: (focus?: string) => Promise<void>,
  feedback: Feedback,
): HTMLTableRowElement {
  const access = badge(label(sv.team.accessLabels, member.access), member.access === 'ACTIVE' ? 'ok' : 'warn', {
    'data-testid': 'member-access',
    'data-access': member.access,
  });
  const row = h('tr', { 'data-testid': 'team-member-row', 'data-username': member.username, 'data-role': member.role, 'data-access': member.access },
    h('th', { scope: 'row', tabindex: '-1' }, member.name, h('span', { class: 'muted-inline block' }, member.username)),
    h('td', {}, organisationName(member.organisation) ?? sv.team.noOrganisation),
    h('td', { 'data-testid': 'member-role' }, label(sv.roles, member.role)),
    h('td', {}, access),
    h('td', {}, writeDirectButton(ctx, child, member, feedback)),
  );
  if (!manage) return row;
  const actions = h('td', { class: 'table__actions' });
  if (member.role !== 'CHILD_CONTACT') {
    if (child.myRole === 'CHILD_CONTACT' && member.role === 'MEMBER' && member.access === 'ACTIVE') {
      const appoint = h('button', {
        type: 'button',
        class: 'button button--secondary button--small',
        'data-testid': 'appoint-coordinator-button',
        'aria-label': sv.team.appointLabel(member.name),
      }, sv.team.appoint);
      appoint.addEventListener('click', () => {
        busy(appoint, sv.team.appointing, () =>
          ctx.api.post<Team>(`/api/children/${encodeURIComponent(child.id)}/team/coordinator`, { username: member.username }),
        ).then(
          async () => {
            await refresh(member.username);
            feedback.showSuccess(sv.team.appointed(member.name));
          },
          (error: unknown) => feedback.showError(error),
        );
      });
      actions.append(appoint);
    }
    const remove = h('button', {
      type: 'button',
      class: 'button button--danger-outline button--small',
      'data-testid': 'remove-member-button',
      'aria-label': sv.team.removeLabel(member.name),
    }, sv.team.remove);
    remove.addEventListener('click', () => {
      openDialog({
        title: sv.team.removeHeading,
        body: [h('p', {}, sv.team.removeConfirm(member.name))],
        confirmLabel: sv.team.removeDo,
        busyLabel: sv.team.removing,
        danger: true,
        testid: 'remove-member-dialog',
        onConfirm: async () => {
          await ctx.api.delete(`/api/children/${encodeURIComponent(child.id)}/team/members/${encodeURIComponent(member.username)}`);
          await refresh().catch(() => undefined);
          feedback.showSuccess(sv.team.removed(member.name));
        },
        focusAfter: () => document.querySelector<HTMLElement>('[data-testid="team"] h2'),
      });
    });
    actions.append(remove);
  }
  row.append(actions);
  return row;
}

function addMemberForm(ctx: AppContext, child: Child, refresh: (focus?: string) => Promise<void>): HTMLElement {
  const feedback = new Feedback('add-member-feedback');
  const username = textField({
    name: 'username',
    label: sv.team.username,
    hint: sv.team.usernameHint,
    required: true,
    autocomplete: 'off',
    spellcheck: false,
  });
  const submit = submitButton(sv.team.add, 'add-member-submit');
  const form = h('form', { class: 'form', novalidate: true, 'data-testid': 'add-member-form' },
    h('h3', {}, sv.team.addHeading),
    h('p', { class: 'field__hint' }, sv.team.addIntro),
    feedback.element, username.field, h('div', { class: 'form-actions' }, submit));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    resetInvalid(form);
    const errors = requiredErrors([{ control: username.input, label: sv.team.username }]);
    if (errors.length > 0) {
      feedback.showFieldErrors(errors);
      return;
    }
    const wanted = username.input.value.trim();
    busy(submit, sv.team.adding, () =>
      ctx.api.post<TeamMember>(`/api/children/${encodeURIComponent(child.id)}/team/members`, { username: wanted }),
    ).then(
      async (member) => {
        form.reset();
        await refresh().catch(() => undefined);
        feedback.showSuccess(sv.team.added(member.name));
        document.querySelector<HTMLElement>(`[data-testid="team-member-row"][data-username="${CSS.escape(member.username)}"] th`)?.focus();
      },
      (error: unknown) => {
        if (error instanceof ApiError && error.problemSlug === 'consent-required') {
          feedback.showError(error, consentLink(child, error, wanted), 'consent-required-alert');
        } else {
          feedback.showError(error);
        }
      },
    );
  });
  return h('div', { class: 'subsection' }, form);
}

/** "Registrera samtycke" – till samtyckesformuläret med personens organisation förvald. */
function consentLink(child: Child, error: ApiError, username: string): HTMLElement {
  const missing = error.problem?.['missing'];
  const params = new URLSearchParams();
  let person = username;
  if (typeof missing === 'object' && missing !== null) {
    const { username: missingUser, organisation } = missing as { username?: unknown; organisation?: unknown };
    if (typeof missingUser === 'string' && missingUser !== '') person = missingUser;
    if (typeof organisation === 'string' && organisation !== '') params.set('org', organisation);
  }
  params.set('person', person);
  return h('p', { class: 'alert__actions' },
    h('a', {
      href: `${childPath(child, 'samtycken')}?${params.toString()}`,
      class: 'button button--primary',
      'data-testid': 'consent-required-register',
    }, sv.team.registerConsent));
}

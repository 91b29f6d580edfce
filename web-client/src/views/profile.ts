import type { Api } from '../api';
import type { View } from '../app';
import { h } from '../dom';
import { roleLabel, sv } from '../i18n';
import type { Me } from '../types';

/** Hämtar den inloggade användaren från servern. */
export function fetchMe(api: Api): Promise<Me> {
  return api.get<Me>('/api/me');
}

/** "Min profil" (#/profil): namn, användarnamn, organisation och roller. Hämtas på nytt varje gång. */
export const profileView: View = async (ctx) => {
  const me = await fetchMe(ctx.api);
  return { title: sv.profile.heading, content: renderProfile(me) };
};

export function renderProfile(me: Me): HTMLElement {
  const roles = me.roles ?? [];
  return h(
    'section',
    { class: 'card profile', 'aria-labelledby': 'profile-name' },
    h('h2', { class: 'profile__name', id: 'profile-name', 'data-testid': 'user-name' }, me.name),
    h(
      'dl',
      { class: 'details' },
      h('div', { class: 'details__row' },
        h('dt', {}, sv.profile.username),
        h('dd', { 'data-testid': 'user-username' }, me.username),
      ),
      h('div', { class: 'details__row' },
        h('dt', {}, sv.profile.organisation),
        h('dd', { 'data-testid': 'user-organisation' }, me.organisation?.name ?? sv.profile.noOrganisation),
      ),
      h('div', { class: 'details__row' },
        h('dt', {}, sv.profile.roles),
        h('dd', {},
          roles.length > 0
            ? h('ul', { class: 'tags', 'data-testid': 'user-roles' },
                ...roles.map((role) => h('li', { class: 'tag', 'data-role': role }, roleLabel(role))))
            : h('p', { class: 'muted', 'data-testid': 'user-roles' }, sv.profile.noRoles),
        ),
      ),
    ),
  );
}

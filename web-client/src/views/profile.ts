import type { Api } from '../api';
import { h } from '../dom';
import { roleLabel, sv } from '../i18n';
import type { Me } from '../types';
import { setHeading, showLoading, showView } from '../ui';

/** Hämtar den inloggade användaren från servern. */
export function fetchMe(api: Api): Promise<Me> {
  return api.get<Me>('/api/me');
}

/** Visar "Min profil": namn, användarnamn, organisation och roller. */
export async function showProfile(api: Api): Promise<Me> {
  showLoading();
  const me = await fetchMe(api);
  setHeading(sv.profile.heading);
  showView(renderProfile(me));
  return me;
}

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

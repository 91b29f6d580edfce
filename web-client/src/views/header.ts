import type { Session } from '../auth';
import { h, requireElement } from '../dom';
import { sv } from '../i18n';
import { setHeaderUser } from '../ui';

/** Visar vem som är inloggad och knappen "Logga ut" i sidhuvudet. */
export function showSignedIn(session: Session, displayName?: string): void {
  const name = displayName ?? session.username;
  const logout = h('button', { type: 'button', class: 'button button--secondary', 'data-testid': 'logout' }, sv.logout);
  logout.addEventListener('click', () => {
    logout.disabled = true;
    logout.textContent = sv.loggingOut;
    session.logout().catch((error: unknown) => {
      console.error('Utloggningen misslyckades', error);
      logout.disabled = false;
      logout.textContent = sv.logout;
    });
  });
  setHeaderUser(
    name ? h('span', { class: 'site-header__name', 'data-testid': 'header-user-name' }, sv.profile.signedInAs(name)) : null,
    logout,
  );
}

export interface NavItem {
  href: string;
  label: string;
  testid: string;
  /** Första delen av sökvägen som hör till punkten ("" för startsidan). */
  section: string;
}

/** Huvudmenyn i sidhuvudet (vilka punkter beror på användarens roller). */
export function showNavigation(items: NavItem[]): void {
  const nav = requireElement('site-nav');
  const list = requireElement('site-nav-list');
  list.replaceChildren(
    ...items.map((item) =>
      h('li', { class: 'site-nav__item' },
        h('a', { href: item.href, class: 'site-nav__link', 'data-testid': item.testid, 'data-section': item.section }, item.label)),
    ),
  );
  nav.hidden = items.length === 0;
}

/** Markerar menypunkten för den aktuella sidan med aria-current="page". */
export function markCurrentSection(section: string): void {
  for (const link of requireElement('site-nav-list').querySelectorAll<HTMLAnchorElement>('a[data-section]')) {
    if (link.dataset['section'] === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

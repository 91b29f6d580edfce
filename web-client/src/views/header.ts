import type { Session } from '../auth';
import { h } from '../dom';
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
    name ? h('span', { class: 'site-header__name' }, sv.profile.signedInAs(name)) : null,
    logout,
  );
}

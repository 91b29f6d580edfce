/** Delat mellan barnets flikar. */
import { href, type AppContext, type Route } from '../../app';
import { h } from '../../dom';
import { formatDate } from '../../format';
import { sv } from '../../i18n';
import type { Child } from '../../types';

export interface TabResult {
  element: HTMLElement;
  /** Avsnittets rubrik; får fokus när man byter flik. */
  heading: HTMLElement;
}

export type Tab = (ctx: AppContext, child: Child, route: Route) => Promise<TabResult>;

/** Får användaren ändra barnets uppgifter (barnkontakt eller stödsamordnare)? */
export function mayManage(child: Child): boolean {
  return child.myRole === 'CHILD_CONTACT' || child.myRole === 'SUPPORT_COORDINATOR';
}

/** Adressen till en flik på barnets sida. */
export function childPath(child: Child | string, tab = ''): string {
  const id = typeof child === 'string' ? child : child.id;
  return tab === '' ? href('barn', id) : href('barn', id, tab);
}

/** Upplysningen till en barnkontakt som tog över utan samtycke; inget annars. */
export function historyNotice(child: Child): HTMLElement | null {
  if (!child.historyFrom) return null;
  return h('div', { class: 'notice-box', role: 'note', 'data-testid': 'history-notice' },
    h('p', { class: 'notice-box__title' }, sv.history.title),
    h('p', {}, sv.history.notice(formatDate(child.historyFrom))));
}

/**
 * Hash-routing: `#/`, `#/barn/<id>[/vardnadshavare|/samtycken|/team|/delningslogg|/overlamning]`,
 * `#/familj[/<id>[/samtycken]]`, `#/loggkontroll`, `#/profil`, `#/direkt[/<id>|/enheter]`.
 * Varje navigering ritar om vy-ytan, sätter h1 och dokumentets titel och flyttar
 * fokus till rubriken (eller det vyn anger), så att skärmläsare hör den nya sidan.
 */
import { type AppContext, parseRoute, type Route, type View, type ViewResult } from './app';
import { h } from './dom';
import { sv } from './i18n';
import { setHeading, showError, showLoading, showView } from './ui';
import { markCurrentSection } from './views/header';

export interface RouteTable {
  /** Vilken vy som visar en sökväg, och vilken menypunkt den hör till. */
  resolve(route: Route): { view: View; section: string } | { redirect: string } | undefined;
}

export function startRouter(ctx: AppContext, table: RouteTable): void {
  let generation = 0;
  let firstRender = true;
  let previous: Route | undefined;

  const render = async (): Promise<void> => {
    const hash = window.location.hash;
    // Andra fragment (t.ex. hopplänken "#main") är ingen sida.
    if (hash !== '' && !hash.startsWith('#/')) return;
    const current = ++generation;
    const route: Route = { ...parseRoute(hash), previous };
    previous = { ...parseRoute(hash) };
    const match = table.resolve(route);
    if (match && 'redirect' in match) {
      window.location.replace(match.redirect);
      return;
    }
    markCurrentSection(match?.section ?? '');
    showLoading();
    let result: ViewResult;
    try {
      result = match ? await match.view(ctx, route) : notFound();
    } catch (error) {
      if (current !== generation) return;
      console.error('Samverkan:', error);
      setHeading(sv.errors.generic);
      showError(error, () => void render());
      return;
    }
    if (current !== generation) return;
    setHeading(result.title);
    document.title = result.title === sv.appName ? sv.appName : `${result.title} – ${sv.appName}`;
    showView(result.content);
    if (!firstRender || result.focus) {
      const target = result.focus ?? document.getElementById('page-heading');
      target?.focus();
    }
    firstRender = false;
  };

  window.addEventListener('hashchange', () => void render());
  void render();
}

function notFound(): ViewResult {
  return {
    title: sv.notFound.heading,
    content: h('div', { class: 'card' },
      h('p', {}, sv.notFound.detail),
      h('p', {}, h('a', { href: '#/' }, sv.notFound.home))),
  };
}

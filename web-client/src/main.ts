/**
 * Start av webbklienten: läs inställningar, logga in via Keycloak, hämta vem
 * användaren är (GET /api/me) och visa sidorna via hash-routing.
 */
import { createApi, type Api } from './api';
import { createContext, href, type AppContext, type Route, type View } from './app';
import { signIn, type Session } from './auth';
import { loadConfig } from './config';
import { AppError } from './errors';
import { sv } from './i18n';
import { startRouter } from './router';
import type { Me } from './types';
import { showError, showLoading } from './ui';
import { showAccessLog } from './views/access-log';
import { showAudit } from './views/security/audit';
import { permissions } from './views/security/logic';
import { showLogins } from './views/security/logins';
import { showPeople } from './views/security/people';
import { showChild } from './views/child/page';
import { showChildren } from './views/children';
import { showFamilyChild, showFamilyChildren } from './views/family';
import { showNavigation, showSignedIn, type NavItem } from './views/header';
import { fetchMe, profileView } from './views/profile';
import { showEditMeeting, showNewMeeting } from './views/meetings/form';
import { showMyMeetings } from './views/meetings/lists';
import { showMeeting } from './views/meetings/meeting';
import { showConversation } from './views/direct/conversation';
import { showDirectDevices } from './views/direct/devices';
import { showDirectList } from './views/direct/list';

interface AppState {
  session: Session;
  api: Api;
}

let state: AppState | undefined;
let started = false;

async function start(): Promise<void> {
  showLoading();
  try {
    const { session, api } = state ?? (state = await authenticate());
    const me = await fetchMe(api);
    showSignedIn(session, me.name);
    if (started) {
      // "Försök igen" efter ett fel vid start: routern lyssnar redan.
      window.dispatchEvent(new HashChangeEvent('hashchange'));
      return;
    }
    started = true;
    const ctx = createContext(api, me, (hash) => {
      if (window.location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
      else window.location.hash = hash;
    });
    showNavigation(navigation(ctx));
    startRouter(ctx, { resolve: (route) => resolve(ctx, route) });
  } catch (error) {
    fail(error);
  }
}

async function authenticate(): Promise<AppState> {
  const config = await loadConfig();
  const session = await signIn(config);
  showSignedIn(session);
  return { session, api: createApi(session) };
}

function navigation(ctx: AppContext): NavItem[] {
  const items: NavItem[] = [];
  const professional = ctx.hasRole('professional');
  if (professional) items.push({ href: '#/', label: sv.nav.children, testid: 'nav-children', section: '' });
  if (ctx.hasRole('guardian')) {
    items.push({
      href: href('familj'),
      label: professional ? sv.nav.familyWhenProfessional : sv.nav.family,
      testid: 'nav-family',
      section: 'familj',
    });
  }
  if (professional || ctx.hasRole('guardian')) {
    items.push({ href: href('moten'), label: sv.meetings.nav, testid: 'nav-meetings', section: 'moten' });
  }
  if (professional) items.push({ href: href('direkt'), label: sv.direct.nav, testid: 'nav-direct', section: 'direkt' });
  if (permissions(ctx.me.roles).securityPages) {
    items.push({ href: href('personer'), label: sv.security.nav.people, testid: 'nav-people', section: 'personer' });
    items.push({ href: href('loggkontroll'), label: sv.nav.accessLog, testid: 'nav-access-log', section: 'loggkontroll' });
    items.push({ href: href('inloggningar'), label: sv.security.nav.logins, testid: 'nav-logins', section: 'inloggningar' });
    items.push({ href: href('sakerhetslogg'), label: sv.security.nav.audit, testid: 'nav-audit', section: 'sakerhetslogg' });
  }
  items.push({ href: href('profil'), label: sv.nav.profile, testid: 'nav-profile', section: 'profil' });
  return items;
}

/** Startsidan beror på rollen: yrkesverksam → Mina barn, vårdnadshavare → familjevyn, säkerhet → loggkontroll. */
function home(me: Me): string | undefined {
  const roles = me.roles ?? [];
  if (roles.includes('professional')) return undefined;
  if (roles.includes('guardian')) return href('familj');
  if (roles.includes('security-admin')) return href('loggkontroll');
  return href('profil');
}

function resolve(ctx: AppContext, route: Route): { view: View; section: string } | { redirect: string } | undefined {
  const [first, second, third, ...rest] = route.segments;
  if (first === undefined) {
    const redirect = home(ctx.me);
    return redirect ? { redirect } : { view: showChildren, section: '' };
  }
  // #/barn/<id>/moten/nytt: "Kalla till möte".
  if (first === 'barn' && second !== undefined && third === 'moten' && rest.length === 1 && rest[0] === 'nytt') {
    return { view: showNewMeeting, section: '' };
  }
  if (rest.length > 0) return undefined;
  switch (first) {
    case 'profil':
      return second === undefined ? { view: profileView, section: 'profil' } : undefined;
    case 'barn':
      return second !== undefined ? { view: showChild, section: '' } : { redirect: '#/' };
    case 'familj':
      if (second === undefined) return { view: showFamilyChildren, section: 'familj' };
      if (third === undefined || third === 'samtycken') return { view: showFamilyChild, section: 'familj' };
      return undefined;
    case 'loggkontroll':
      return second === undefined ? { view: showAccessLog, section: 'loggkontroll' } : undefined;
    case 'personer':
      return second === undefined ? { view: showPeople, section: 'personer' } : undefined;
    case 'inloggningar':
      return second === undefined ? { view: showLogins, section: 'inloggningar' } : undefined;
    case 'sakerhetslogg':
      return second === undefined ? { view: showAudit, section: 'sakerhetslogg' } : undefined;
    case 'moten':
      if (second === undefined) return { view: showMyMeetings, section: 'moten' };
      if (third === undefined) return { view: showMeeting, section: 'moten' };
      return third === 'andra' ? { view: showEditMeeting, section: 'moten' } : undefined;
    case 'direkt':
      if (third !== undefined) return undefined;
      if (second === undefined) return { view: showDirectList, section: 'direkt' };
      return { view: second === 'enheter' ? showDirectDevices : showConversation, section: 'direkt' };
    default:
      return undefined;
  }
}

function fail(error: unknown): void {
  console.error('Samverkan:', error);
  showError(error, () => {
    const retry = error instanceof AppError ? error.retry : 'restart';
    if (retry === 'login' && state) {
      showLoading();
      state.session.login().catch(fail);
    } else {
      void start();
    }
  });
}

// Hopplänken "Hoppa till innehållet" ska flytta fokus, inte byta sida.
document.querySelector<HTMLAnchorElement>('a.skip-link')?.addEventListener('click', (event) => {
  event.preventDefault();
  document.getElementById('main')?.focus();
});

void start();

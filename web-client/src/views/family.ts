/**
 * Familjevyn för vårdnadshavare (#/familj): barnen, "Vad har delats om ditt
 * barn" (samma verifierade lista som yrkesverksamma ser, utom poster som
 * undanhålls av hänsyn till barnet) och samtyckena.
 */
import { href, type AppContext, type View } from '../app';
import { h } from '../dom';
import { AppError } from '../errors';
import { formatDate, formatDateTime, organisationName, personText } from '../format';
import { label, sv } from '../i18n';
import type { Consent, FamilyChild, SharingLog } from '../types';
import { details, detailRow, emptyState, section } from '../widgets';
import { consentStatusBadge } from './child/consents';
import { createLogView } from './sharing-log-view';

function fetchFamilyChildren(ctx: AppContext): Promise<FamilyChild[]> {
  return ctx.api.get<{ children: FamilyChild[] }>('/api/family/children').then((r) => r.children ?? []);
}

export const showFamilyChildren: View = async (ctx) => {
  const children = await fetchFamilyChildren(ctx);
  const content = h('div', { class: 'stack' }, h('p', { class: 'lead' }, sv.family.intro));
  if (children.length === 0) {
    content.append(h('div', { class: 'card' }, emptyState(sv.family.empty, 'family-empty')));
  } else {
    content.append(
      h('ul', { class: 'card-list', 'data-testid': 'family-child-list' },
        ...children.map((child) =>
          h('li', { class: 'card family-child', 'data-testid': 'family-child', 'data-child-id': child.id },
            h('h2', {}, child.name),
            details(
              detailRow(sv.child.birthDate, formatDate(child.birthDate)),
              child.childContact ? detailRow(sv.family.childContact, personText(child.childContact)) : null,
            ),
            h('ul', { class: 'link-list' },
              h('li', {}, h('a', { href: href('familj', child.id), 'data-testid': 'family-child-link', 'data-child-id': child.id }, sv.family.sharedLink(child.name))),
              h('li', {}, h('a', { href: href('familj', child.id, 'samtycken'), 'data-testid': 'family-consents-link', 'data-child-id': child.id }, sv.family.consentsLink(child.name))),
            ),
          ),
        ),
      ),
    );
  }
  return { title: sv.family.heading, content };
};

export const showFamilyChild: View = async (ctx, route) => {
  const [, id = '', tab = ''] = route.segments;
  const children = await fetchFamilyChildren(ctx);
  const child = children.find((c) => c.id === id);
  if (!child) throw new AppError(sv.family.notFoundTitle, sv.family.notFoundDetail);
  const consentsTab = tab === 'samtycken';
  const nav = h('nav', { class: 'subnav', 'aria-label': sv.family.navLabel, 'data-testid': 'family-nav' },
    h('ul', { class: 'subnav__list' },
      h('li', { class: 'subnav__item' },
        h('a', { href: href('familj', child.id), class: 'subnav__link', 'aria-current': consentsTab ? undefined : 'page', 'data-testid': 'family-tab-log' }, sv.family.sharedTab)),
      h('li', { class: 'subnav__item' },
        h('a', { href: href('familj', child.id, 'samtycken'), class: 'subnav__link', 'aria-current': consentsTab ? 'page' : undefined, 'data-testid': 'family-tab-consents' }, sv.family.consentsTab)),
    ));
  const same = route.previous?.segments[0] === 'familj' && route.previous.segments[1] === id;
  const body = consentsTab ? await familyConsents(ctx, child) : await familyLog(ctx, child);
  return {
    title: child.name,
    content: h('div', { class: 'stack', 'data-testid': 'family-child-page', 'data-child-id': child.id }, nav, body.element),
    focus: same ? body.heading : undefined,
  };
};

async function familyLog(ctx: AppContext, child: FamilyChild): Promise<{ element: HTMLElement; heading: HTMLElement }> {
  const load = () =>
    ctx.api.get<SharingLog>(`/api/family/children/${encodeURIComponent(child.id)}/sharing-log`).then((r) => r.entries ?? []);
  const entries = await load();
  const view = createLogView(ctx, { mode: 'family', childId: child.id, load, emptyText: sv.family.sharedEmpty }, entries);
  return section(sv.family.sharedHeading, { testid: 'family-log-section', intro: sv.family.sharedIntro }, view.element);
}

async function familyConsents(ctx: AppContext, child: FamilyChild): Promise<{ element: HTMLElement; heading: HTMLElement }> {
  const consents = await ctx.api
    .get<{ consents: Consent[] }>(`/api/family/children/${encodeURIComponent(child.id)}/consents`)
    .then((r) => r.consents ?? []);
  const intro = h('div', {},
    h('p', { class: 'section__intro' }, sv.family.consentsIntro),
    child.childContact ? h('p', { class: 'section__intro' }, sv.family.contactLine(personText(child.childContact))) : null);
  const list = consents.length === 0
    ? emptyState(sv.family.consentsEmpty, 'family-consents-empty')
    : h('ul', { class: 'card-list', 'data-testid': 'family-consent-list' }, ...consents.map((c) => h('li', {}, familyConsentCard(c))));
  return section(sv.family.consentsHeading, { testid: 'family-consents' }, intro, list);
}

function familyConsentCard(consent: Consent): HTMLElement {
  const who = [
    ...consent.organisations.map((o) => organisationName(o) ?? o.alias),
    ...consent.persons.map((p) => personText(p)),
    ...(consent.externalPersons ?? []).map((p) => sv.consents.externalPerson(p.name, p.email)),
  ];
  return h('article', { class: 'consent', 'data-testid': 'family-consent', 'data-consent-id': consent.id, 'data-status': consent.status },
    h('div', { class: 'consent__header' },
      h('h3', { class: 'consent__title' }, sv.family.consentTitle(label(sv.consents.levels, consent.level), formatDate(consent.validFrom))),
      consentStatusBadge(consent)),
    details(
      detailRow(sv.family.consentWho, h('ul', { class: 'plain-list' }, ...who.map((w) => h('li', {}, w)))),
      detailRow(sv.family.consentWhy, consent.purpose),
      detailRow(sv.family.consentGivenBy, `${consent.givenBy.join(', ')}${consent.childParticipated ? sv.family.consentChildWasThere : ''}`),
      detailRow(sv.family.consentUntil, consent.validUntil ? formatDate(consent.validUntil) : sv.family.consentUntilWithdrawn),
      consent.withdrawal
        ? detailRow(sv.family.consentWithdrawn, `${formatDateTime(consent.withdrawal.at)}${consent.withdrawal.reason ? ` – ${consent.withdrawal.reason}` : ''}`)
        : null,
    ));
}

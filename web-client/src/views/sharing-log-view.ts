/**
 * Delningsloggen som lista (nyast först) med verifiering i webbläsaren. Samma
 * vy används av yrkesverksamma och av vårdnadshavare.
 *
 * Varje post visas från sin `canonical`-text – den text som hashades in i
 * loggen – aldrig från serverns övriga fält. Direkt när listan visas, och med
 * knappen "Verifiera", kontrolleras att (a) texten ger postens lövhash, (b)
 * loggens kontrollpunkt är signerad med loggens nyckel, (c) varje post finns i
 * den signerade kontrollpunkten, och (d) loggen bara har vuxit sedan förra
 * besöket (konsistensbevis), signerad med samma nyckel som då eller en som den
 * nyckeln signerat över till. Resultatet visas med text, inte bara färg, och
 * läses upp (aria-live). Nyckelns fingeravtryck visas, så att det kan jämföras
 * med det verksamheten publicerar.
 */
import type { AppContext } from '../app';
import { append, h } from '../dom';
import { uid } from '../forms';
import { formatDateTime, organisationName } from '../format';
import { label, sv } from '../i18n';
import { checkpointStore, logSource } from '../transparency';
import type { SharingLogEntry } from '../types';
import type { CanonicalEntry, EntryOrganisation, EntryPerson } from '../verify/entry.js';
import { checkEntries, verifyLog, type EntryCheck, type LeafCheck, type LogReport } from '../verify/verifier.js';
import { emptyState } from '../widgets';

export type LogMode = 'professional' | 'family';

export interface LogViewOptions {
  mode: LogMode;
  childId: string;
  load: () => Promise<SharingLogEntry[]>;
  emptyText: string;
}

export interface LogView {
  element: HTMLElement;
  /** Hämtar posterna på nytt och verifierar dem; fokus till posten `focusIndex` om den anges. */
  refresh(focusIndex?: number): Promise<void>;
}

type State = 'pending' | 'verified' | 'failed' | 'error';

export function createLogView(ctx: AppContext, options: LogViewOptions, initial: SharingLogEntry[]): LogView {
  const entryTestid = options.mode === 'family' ? 'family-entry' : 'sharing-entry';
  const statusTitle = h('p', { class: 'log-status__title' });
  const statusDetail = h('p', { class: 'log-status__detail' });
  const statusContinuity = h('p', { class: 'log-status__detail' });
  const status = h('div', {
    class: 'log-status',
    role: 'status',
    'aria-live': 'polite',
    'data-testid': 'log-status',
    'data-state': 'pending',
  }, statusTitle, statusDetail, statusContinuity);
  // Utanför aria-live: ett långt hexvärde ska inte läsas upp vid varje kontroll.
  const fingerprint = h('p', { class: 'log-key__fingerprint', 'data-testid': 'log-key-fingerprint' });
  const keyInfo = h('div', { class: 'log-key', hidden: true }, fingerprint, h('p', { class: 'log-key__hint muted' }, sv.log.keyFingerprintHint));
  const verifyButton = h('button', { type: 'button', class: 'button button--secondary', 'data-testid': 'verify-button' }, sv.log.verify);
  const listId = uid('log');
  const list = h('ol', {
    class: 'log-list',
    id: listId,
    'aria-label': sv.log.listLabel,
    'data-testid': options.mode === 'family' ? 'family-log' : 'sharing-log',
  });
  const listSlot = h('div', {});
  const element = h('div', { class: 'log-view' },
    h('div', { class: 'log-status-wrap' }, status, h('div', { class: 'form-actions' }, verifyButton)),
    keyInfo,
    listSlot);

  const badges = new Map<number, { badge: HTMLElement; reason: HTMLElement; article: HTMLElement }>();
  let run = 0;

  const setStatus = (state: State, title: string, detail = '', continuity = '') => {
    status.dataset['state'] = state;
    status.setAttribute('aria-live', state === 'failed' ? 'assertive' : 'polite');
    status.className = `log-status log-status--${state}`;
    statusTitle.textContent = title;
    statusDetail.textContent = detail;
    statusContinuity.textContent = continuity;
    statusDetail.hidden = detail === '';
    statusContinuity.hidden = continuity === '';
  };

  const markEntry = (check: EntryCheck) => {
    const slot = badges.get(check.logIndex);
    if (!slot) return;
    const verified = check.status === 'verified';
    slot.badge.textContent = verified ? sv.log.entryVerified : sv.log.entryFailed;
    slot.badge.dataset['state'] = verified ? 'verified' : 'failed';
    slot.badge.className = `badge badge--${verified ? 'ok' : 'bad'}`;
    slot.reason.textContent = check.status === 'failed' ? `(${label(sv.log.reasons, check.reason)})` : '';
    slot.reason.hidden = check.status !== 'failed';
    slot.article.dataset['verified'] = verified ? 'true' : 'false';
  };

  const render = (served: SharingLogEntry[], leaves: LeafCheck[]) => {
    badges.clear();
    if (served.length === 0) {
      listSlot.replaceChildren(emptyState(options.emptyText, options.mode === 'family' ? 'family-log-empty' : 'sharing-log-empty'));
      return;
    }
    const byIndex = new Map(leaves.map((l) => [l.logIndex, l]));
    const newestFirst = [...served].sort((a, b) => b.logIndex - a.logIndex);
    list.replaceChildren(
      ...newestFirst.map((item) => {
        const leaf = byIndex.get(item.logIndex);
        const { li, badge, reason, article } = renderEntry(item, leaf?.entry ?? null, options.mode, entryTestid);
        badges.set(item.logIndex, { badge, reason, article });
        return li;
      }),
    );
    listSlot.replaceChildren(list);
  };

  const begin = (): number => {
    setStatus('pending', sv.log.statusPending);
    // aria-disabled i stället för disabled: knappen behåller fokus medan kontrollen pågår.
    verifyButton.setAttribute('aria-disabled', 'true');
    verifyButton.textContent = sv.log.verifying;
    element.setAttribute('aria-busy', 'true');
    return ++run;
  };

  const end = (current: number) => {
    if (current !== run) return;
    verifyButton.removeAttribute('aria-disabled');
    verifyButton.textContent = sv.log.verify;
    element.removeAttribute('aria-busy');
  };

  const verify = async (served: SharingLogEntry[], current: number): Promise<void> => {
    try {
      const leaves = await checkEntries(served, options.childId);
      if (current !== run) return;
      render(served, leaves);
      const report = await verifyLog(leaves, logSource(ctx.api), checkpointStore, {
        // The source collects the proofs asked for together into few requests.
        concurrency: 256,
        onEntry: (check) => {
          if (current === run) markEntry(check);
        },
      });
      if (current !== run) return;
      for (const check of report.entries) markEntry(check);
      showReport(report, served.length);
    } catch (error) {
      if (current !== run) return;
      console.error('Samverkan: verifieringen misslyckades', error);
      setStatus('error', sv.log.statusError, sv.log.statusErrorDetail);
    } finally {
      end(current);
    }
  };

  const showReport = (report: LogReport, total: number) => {
    const continuity = continuityText(report);
    fingerprint.textContent = report.key ? sv.log.keyFingerprint(report.key.fingerprint) : '';
    keyInfo.hidden = report.key === null;
    if (report.status === 'verified') {
      setStatus('verified', sv.log.statusVerified(total), sv.log.statusVerifiedDetail(report.checkpoint?.treeSize ?? 0), continuity);
    } else if (report.status === 'error') {
      setStatus('error', sv.log.statusError, sv.log.statusErrorDetail, continuity);
    } else {
      const failed = report.entries.filter((e) => e.status === 'failed').length;
      const reason = report.failure ? ` (${label(sv.log.reasons, report.failure)})` : '';
      setStatus('failed', sv.log.statusFailed(failed, total), `${sv.log.statusFailedDetail}${reason}`, continuity);
    }
  };

  verifyButton.addEventListener('click', () => {
    if (verifyButton.getAttribute('aria-disabled') !== 'true') void refresh();
  });

  const refresh = async (focusIndex?: number): Promise<void> => {
    // Statusen visar "Kontrollerar…" direkt, redan medan posterna hämtas.
    const current = begin();
    let served: SharingLogEntry[];
    try {
      served = await options.load();
    } catch (error) {
      if (current !== run) return;
      console.error('Samverkan: kunde inte hämta delningsloggen', error);
      setStatus('error', sv.log.statusError, sv.log.statusErrorDetail);
      end(current);
      return;
    }
    if (current !== run) return;
    await verify(served, current);
    if (focusIndex !== undefined) badges.get(focusIndex)?.article.focus();
  };

  void verify(initial, begin());
  return { element, refresh };
}

function continuityText(report: LogReport): string {
  const c = report.continuity;
  if (!c) return '';
  switch (c.kind) {
    case 'first':
      return sv.log.continuity.first;
    case 'unchanged':
      return rotated(report, sv.log.continuity.unchanged);
    case 'grown':
      return rotated(report, sv.log.continuity.grown(c.from, c.to));
    case 'failed':
      return sv.log.continuity.failed;
  }
}

function rotated(report: LogReport, text: string): string {
  return report.keyChanged ? `${text} ${sv.log.keyRotated}` : text;
}

function personLine(person: EntryPerson, mode: LogMode): string {
  const org = organisationName(person.organisation);
  const name = mode === 'professional' && person.username && person.username !== person.name
    ? `${person.name} (${person.username})`
    : person.name || person.username;
  return org ? `${name}, ${org}` : name;
}

function recipientsList(persons: EntryPerson[], organisations: EntryOrganisation[], mode: LogMode): HTMLElement {
  // En organisation som redan står vid en mottagande person upprepas inte.
  const named = new Set(persons.map((p) => p.organisation?.alias).filter(Boolean));
  const items = [
    ...persons.map((p) => personLine(p, mode)),
    ...organisations.filter((o) => !named.has(o.alias)).map((o) => o.name || o.alias),
  ];
  if (items.length === 0) return h('span', {}, sv.log.nobody);
  return h('ul', { class: 'plain-list', 'data-testid': 'entry-recipients' }, ...items.map((text) => h('li', {}, text)));
}

function row(term: string, value: Node | string, testid?: string): HTMLDivElement {
  return h('div', { class: 'details__row' }, h('dt', {}, term), h('dd', { 'data-testid': testid }, value));
}

function renderEntry(
  served: SharingLogEntry,
  entry: CanonicalEntry | null,
  mode: LogMode,
  testid: string,
): { li: HTMLLIElement; badge: HTMLElement; reason: HTMLElement; article: HTMLElement } {
  const badge = h('span', { class: 'badge badge--pending', 'data-testid': 'entry-verified', 'data-state': 'pending' }, sv.log.entryPending);
  const reason = h('span', { class: 'entry__reason', hidden: true });
  const headingId = uid('entry');
  const category = entry?.category ?? served.category;
  const sharedAt = entry?.sharedAt ?? served.sharedAt;
  const article = h('article', {
    class: 'entry',
    tabindex: '-1',
    'aria-labelledby': headingId,
    'data-testid': testid,
    'data-log-index': String(served.logIndex),
    'data-category': category,
  });
  append(article,
    h('div', { class: 'entry__header' },
      h('h3', { class: 'entry__title', id: headingId }, label(sv.log.categories, category)),
      h('time', { class: 'entry__time', datetime: sharedAt, 'data-testid': 'entry-time' }, formatDateTime(sharedAt)),
    ),
    h('p', { class: 'entry__verification' }, badge, ' ', reason),
  );
  if (!entry) {
    // Texten gick inte att läsa: visa ingenting som inte kunde kontrolleras.
    append(article, h('p', { class: 'muted' }, label(sv.log.reasons, 'malformed')));
    return { li: h('li', { class: 'log-list__item' }, article), badge, reason, article };
  }
  const family = mode === 'family';
  const rows = [
    row(family ? sv.family.what : sv.log.what, entry.what, 'entry-what'),
    row(family ? sv.family.toWhom : sv.log.toWhom, recipientsList(entry.recipients.persons, entry.recipients.organisations, mode), 'entry-to'),
    row(family ? sv.family.why : sv.log.why, entry.purpose || sv.log.nobody, 'entry-purpose'),
    row(family ? sv.family.basis : sv.log.legalBasis, label(sv.log.bases, entry.legalBasis.type), 'entry-basis'),
    row(family ? sv.family.sharedBy : sv.log.sharedBy, entry.sharedBy ? personLine(entry.sharedBy, mode) : sv.log.nobody, 'entry-shared-by'),
  ];
  if (!family) {
    rows.push(row(
      sv.log.familyTold,
      entry.familyNotified ? sv.log.familyToldYes : sv.log.familyToldNo(entry.withheldReason ?? ''),
      'entry-family-notified',
    ));
  }
  append(article,
    h('dl', { class: 'details details--compact' }, ...rows),
    h('p', { class: 'entry__position' }, sv.log.position(entry.logIndex)));
  article.dataset['familyNotified'] = entry.familyNotified ? 'true' : 'false';
  return { li: h('li', { class: 'log-list__item' }, article), badge, reason, article };
}

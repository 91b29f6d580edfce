/** Loggkontrollens Stickprov (seedat urval med flaggor och granskning) och export som CSV. */
import type { AppContext } from '../../app';
import { h } from '../../dom';
import { busy, Feedback, openDialog, resetInvalid, submitButton, textArea, textField, type FieldError } from '../../forms';
import { formatDateTime } from '../../format';
import { label, sv } from '../../i18n';
import type { AccessLogEntry } from '../../types';
import { badge, emptyState, section, table } from '../../widgets';
import { flagTexts, parseSampleSize, parseSeed, queryString } from './logic';

const t = sv.security.review;

/** Perioden och organisationen ur Loggkontrollens filter (ISO-tider eller ''). */
export type Period = { from: string; to: string; organisation: string };

interface Mark { entryId: number; verdict: string; note?: string | null; by: string; at: string }
interface ReviewEntry extends AccessLogEntry { kind?: string | null; flags: string[]; review: Mark | null }
interface AccessReview { seed: number; period: { from: string; to: string }; entries: ReviewEntry[] }

export function reviewSection(ctx: AppContext, period: () => Period): HTMLElement {
  const feedback = new Feedback('review-feedback');
  const size = textField({ name: 'sample', label: t.size, value: '20', inputmode: 'numeric', testid: 'review-size' });
  const seed = textField({ name: 'seed', label: t.seed, hint: t.seedHint, inputmode: 'numeric', autocomplete: 'off', testid: 'review-seed' });
  const submit = submitButton(t.draw, 'review-submit');
  const form = h('form', { class: 'form form--grid', novalidate: true, 'data-testid': 'review-form' },
    feedback.element, size.field, seed.field, h('div', { class: 'form-actions' }, submit));
  const results = h('div', { 'data-testid': 'review-results', 'aria-live': 'polite' });
  let lastQuery = '';

  const load = () => ctx.api.get<AccessReview>(`/api/admin/access-review${lastQuery}`);
  const draw = (review: AccessReview) => {
    seed.input.value = String(review.seed);
    results.replaceChildren(
      h('p', { 'data-testid': 'review-seed-shown', 'data-seed': String(review.seed) }, t.seedShown(review.seed, formatDateTime(review.period.from), formatDateTime(review.period.to))),
      review.entries.length === 0 ? emptyState(sv.accessLog.empty, 'review-empty')
        : table({ caption: t.caption(review.entries.length), columns: [sv.accessLog.when, sv.accessLog.who, sv.accessLog.action, t.kind, sv.accessLog.childId, t.flags, t.review, sv.accessLog.outcome], testid: 'review-table' },
          review.entries.map((e) => row(e))),
    );
  };
  const row = (e: ReviewEntry) => {
    const mark = (verdict: 'CHECKED' | 'QUESTIONED') => {
      const note = textArea({ name: 'note', label: t.note, maxlength: 2000 });
      openDialog({
        title: t.markTitle(label(t.verdicts, verdict)), body: [note.field], confirmLabel: verdict === 'CHECKED' ? t.check : t.question, busyLabel: t.saving, testid: 'mark-dialog',
        onConfirm: async () => {
          const text = note.input.value.trim();
          await ctx.api.post(`/api/admin/access-log/${e.id}/review`, text ? { verdict, note: text } : { verdict });
          draw(await load());
          feedback.showSuccess(t.marked(label(t.verdicts, verdict)));
        },
      });
    };
    const check = h('button', { type: 'button', class: 'button button--secondary button--small', 'data-testid': 'review-check' }, t.check);
    const question = h('button', { type: 'button', class: 'button button--secondary button--small', 'data-testid': 'review-question' }, t.question);
    check.addEventListener('click', () => mark('CHECKED'));
    question.addEventListener('click', () => mark('QUESTIONED'));
    return h('tr', { 'data-testid': 'review-row', 'data-flags': e.flags.join(' '), 'data-verdict': e.review?.verdict ?? '' },
      h('td', { class: 'nowrap' }, h('time', { datetime: e.at }, formatDateTime(e.at))),
      h('th', { scope: 'row' }, e.username),
      h('td', {}, h('code', {}, e.action)),
      h('td', {}, label(t.kinds, e.kind ?? null)),
      h('td', {}, e.childId ? h('code', { class: 'code-id' }, e.childId) : ''),
      h('td', {}, ...flagTexts(e.flags).map((f) => badge(f, 'warn'))),
      h('td', {}, e.review ? `${label(t.verdicts, e.review.verdict)} (${e.review.by}, ${formatDateTime(e.review.at)})${e.review.note ? `: ${e.review.note}` : ''}` : t.notReviewed,
        h('div', { class: 'button-row' }, check, question)),
      h('td', {}, badge(label(sv.accessLog.outcomes, e.outcome), e.outcome === 'GRANTED' ? 'ok' : 'bad')),
    );
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    resetInvalid(form);
    const sample = parseSampleSize(size.input.value);
    const seedValue = parseSeed(seed.input.value);
    const errors: FieldError[] = [];
    if (sample === null) errors.push({ control: size.input, message: t.sizeInvalid });
    if (seedValue === null) errors.push({ control: seed.input, message: t.seedInvalid });
    if (errors.length > 0) {
      feedback.showFieldErrors(errors);
      return;
    }
    lastQuery = queryString({ sample, seed: seedValue, ...period() });
    busy(submit, t.drawing, load).then((r) => { feedback.clear(); draw(r); }, (e: unknown) => feedback.showError(e));
  });
  return section(t.heading, { testid: 'review-section', intro: t.intro }, form, results).element;
}

/** "Exportera CSV": hämtar periodens CSV med token och sparar den som fil. */
export function exportButton(ctx: AppContext, period: () => Period, feedback: Feedback): HTMLElement {
  const button = h('button', { type: 'button', class: 'button button--secondary', 'data-testid': 'access-log-export' }, t.export);
  const path = () => `/api/admin/access-log/export${queryString(period())}`;
  const update = () => button.setAttribute('data-href', path());
  update();
  button.addEventListener('focus', update);
  button.addEventListener('click', () => {
    update();
    busy(button, t.exporting, async () => {
      const response = await fetch(path(), { headers: { Authorization: `Bearer ${await ctx.api.accessToken()}` }, cache: 'no-store' });
      if (!response.ok) throw new Error(sv.errors.httpStatus(response.status));
      const url = URL.createObjectURL(await response.blob());
      const link = h('a', { href: url, download: 'loggkontroll.csv' });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    }).catch((e: unknown) => feedback.showError(e));
  });
  return h('div', { class: 'stack' }, h('p', { class: 'field__hint' }, t.exportHint), button);
}

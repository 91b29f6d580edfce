import { append, h, requireElement, type Child } from './dom';
import { AppError } from './errors';
import { sv } from './i18n';

/**
 * Sidans fasta delar (se index.html): rubrik, statusrad (aria-live), felruta
 * (role="alert") och ytan där vyerna ritas.
 */
const heading = () => requireElement<HTMLHeadingElement>('page-heading');
const status = () => requireElement('status');
const errorRegion = () => requireElement('error');
const view = () => requireElement('view');
const headerUser = () => requireElement('header-user');

/** Sätter sidans synliga h1. */
export function setHeading(text: string): void {
  heading().textContent = text;
}

/** Visar en laddningsindikator som läses upp av skärmläsare. */
export function showLoading(message: string = sv.loading): void {
  hideError();
  view().setAttribute('aria-busy', 'true');
  status().textContent = message;
  status().classList.remove('status--hidden');
}

export function hideLoading(): void {
  view().removeAttribute('aria-busy');
  status().textContent = '';
  status().classList.add('status--hidden');
}

/** Ersätter innehållet i vy-ytan. */
export function showView(...content: Node[]): void {
  hideLoading();
  hideError();
  view().replaceChildren(...content);
}

/** Innehållet till höger i sidhuvudet (t.ex. användarnamn och utloggningsknapp). */
export function setHeaderUser(...content: Child[]): void {
  const container = headerUser();
  container.replaceChildren();
  append(container, ...content);
}

/**
 * Visar ett fel i `role="alert"`-ytan med knappen "Försök igen".
 */
export function showError(error: unknown, onRetry: () => void): void {
  hideLoading();
  view().replaceChildren();
  const { title, detail } = toDisplayable(error);
  const retry = h('button', { type: 'button', class: 'button button--primary', 'data-testid': 'retry' }, sv.retry);
  retry.addEventListener('click', () => {
    retry.disabled = true;
    onRetry();
  });
  const region = errorRegion();
  region.replaceChildren();
  append(
    region,
    h('h2', { class: 'alert__title' }, title),
    detail ? h('p', { class: 'alert__detail' }, detail) : null,
    h('div', { class: 'alert__actions' }, retry),
  );
  region.hidden = false;
}

export function hideError(): void {
  const region = errorRegion();
  region.hidden = true;
  region.replaceChildren();
}

function toDisplayable(error: unknown): { title: string; detail: string | undefined } {
  if (error instanceof AppError) return { title: error.title, detail: error.detail };
  return { title: sv.errors.generic, detail: sv.errors.genericDetail };
}

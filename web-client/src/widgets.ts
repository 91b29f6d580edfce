/** Återkommande byggstenar för vyerna: avsnitt med rubrik, uppgiftslistor, tabeller, tomlägen. */
import { append, h, type Child } from './dom';
import { uid } from './forms';

/** Ett <section> med rubrik (h2/h3) som avsnittet är märkt med. */
export function section(
  heading: string,
  options: { level?: 2 | 3 | undefined; testid?: string | undefined; className?: string | undefined; intro?: string | undefined } = {},
  ...children: Child[]
): { element: HTMLElement; heading: HTMLHeadingElement } {
  const id = uid('section');
  const headingElement = h(options.level === 3 ? 'h3' : 'h2', { id, tabindex: '-1', class: 'section__heading' }, heading);
  const element = h('section', { class: `section ${options.className ?? 'card'}`, 'aria-labelledby': id, 'data-testid': options.testid },
    headingElement,
    options.intro ? h('p', { class: 'section__intro' }, options.intro) : null,
  );
  append(element, ...children);
  return { element, heading: headingElement };
}

/** En rad i en uppgiftslista (<dl>). */
export function detailRow(term: string, value: Child, testid?: string): HTMLDivElement {
  return h('div', { class: 'details__row' }, h('dt', {}, term), h('dd', { 'data-testid': testid }, value));
}

export function details(...rows: (HTMLDivElement | null | false)[]): HTMLDListElement {
  const list = h('dl', { class: 'details' });
  append(list, ...rows);
  return list;
}

export function emptyState(text: string, testid?: string): HTMLParagraphElement {
  return h('p', { class: 'empty', 'data-testid': testid }, text);
}

/** En tabell med <caption> och kolumnrubriker (<th scope="col">). */
export function table(options: { caption: string; columns: string[]; testid?: string | undefined; captionHidden?: boolean | undefined }, rows: HTMLTableRowElement[]): HTMLDivElement {
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'table', 'data-testid': options.testid },
      h('caption', { class: options.captionHidden ? 'visually-hidden' : 'table__caption' }, options.caption),
      h('thead', {}, h('tr', {}, ...options.columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...rows),
    ),
  );
}

/** En liten etikett med text (aldrig bara färg), t.ex. status för ett samtycke. */
export function badge(text: string, kind: 'ok' | 'warn' | 'bad' | 'neutral' | 'pending', attributes: Record<string, string> = {}): HTMLSpanElement {
  return h('span', { class: `badge badge--${kind}`, ...attributes }, text);
}

/** En informationsruta (inte ett fel), t.ex. "Dags för överlämning". */
export function notice(title: string, body: Child, testid?: string): HTMLDivElement {
  return h('div', { class: 'notice-box', 'data-testid': testid }, h('p', { class: 'notice-box__title' }, title), body);
}

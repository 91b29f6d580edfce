/** Små hjälpfunktioner för att bygga DOM utan ramverk (och utan innerHTML). */

type Attributes = Record<string, string | boolean | undefined>;
export type Child = Node | string | null | undefined | false;

/**
 * Skapar ett element. Attribut med värdet `true` blir tomma attribut, `false`
 * och `undefined` utelämnas. Text läggs alltid in som textnoder (ingen HTML-tolkning).
 * Sätt aldrig `style` här: serverns CSP förbjuder inline-stilar; använd klasser.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Hämtar ett element som måste finnas i index.html. */
export function requireElement<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`Elementet #${id} saknas i index.html`);
  return element as T;
}

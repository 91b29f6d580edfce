/**
 * Formulärhjälp: fält med <label> och hjälptext, felsammanfattning (role="alert")
 * som får fokus, knappar som visar att något pågår, och en tillgänglig <dialog>.
 */
import { ApiError } from './api';
import { append, h, type Child } from './dom';
import { AppError } from './errors';
import { sv } from './i18n';

let counter = 0;
/** Ett unikt id för element som ska kopplas ihop (label/for, aria-describedby). */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface FieldOptions {
  name: string;
  label: string;
  required?: boolean;
  hint?: string;
  value?: string;
  autocomplete?: string;
  testid?: string;
}

function describe(control: Control, field: HTMLElement, label: string, options: FieldOptions): void {
  const labelElement = h('label', { for: control.id, class: 'field__label' }, label);
  if (options.required) {
    append(labelElement, ' ', h('span', { class: 'field__required' }, sv.common.required));
  }
  append(field, labelElement);
  if (options.hint) {
    const hintId = `${control.id}-hint`;
    append(field, h('p', { id: hintId, class: 'field__hint' }, options.hint));
    control.setAttribute('aria-describedby', hintId);
  }
  append(field, control);
}

export function textField(
  options: FieldOptions & { type?: string; inputmode?: string; maxlength?: number; spellcheck?: boolean },
): { field: HTMLDivElement; input: HTMLInputElement } {
  const input = h('input', {
    id: uid(`f-${options.name}`),
    name: options.name,
    type: options.type ?? 'text',
    class: 'field__input',
    required: options.required ?? false,
    autocomplete: options.autocomplete,
    inputmode: options.inputmode,
    maxlength: options.maxlength === undefined ? undefined : String(options.maxlength),
    spellcheck: options.spellcheck === false ? 'false' : undefined,
    'data-testid': options.testid,
  });
  if (options.value !== undefined) input.value = options.value;
  const field = h('div', { class: 'field' });
  describe(input, field, options.label, options);
  return { field, input };
}

export function textArea(options: FieldOptions & { rows?: number; maxlength?: number }): {
  field: HTMLDivElement;
  input: HTMLTextAreaElement;
} {
  const input = h('textarea', {
    id: uid(`f-${options.name}`),
    name: options.name,
    class: 'field__input field__textarea',
    rows: String(options.rows ?? 3),
    required: options.required ?? false,
    maxlength: options.maxlength === undefined ? undefined : String(options.maxlength),
    'data-testid': options.testid,
  });
  if (options.value !== undefined) input.value = options.value;
  const field = h('div', { class: 'field' });
  describe(input, field, options.label, options);
  return { field, input };
}

export interface Option {
  value: string;
  label: string;
}

export function selectField(options: FieldOptions & { options: Option[]; placeholder?: string }): {
  field: HTMLDivElement;
  input: HTMLSelectElement;
} {
  const input = h('select', {
    id: uid(`f-${options.name}`),
    name: options.name,
    class: 'field__input field__select',
    required: options.required ?? false,
    'data-testid': options.testid,
  });
  if (options.placeholder !== undefined) append(input, h('option', { value: '' }, options.placeholder));
  for (const option of options.options) append(input, h('option', { value: option.value }, option.label));
  if (options.value !== undefined) input.value = options.value;
  const field = h('div', { class: 'field' });
  describe(input, field, options.label, options);
  return { field, input };
}

export function checkbox(options: { name: string; label: string; value?: string; checked?: boolean; hint?: string; testid?: string }): {
  field: HTMLDivElement;
  input: HTMLInputElement;
} {
  const input = h('input', {
    id: uid(`f-${options.name}`),
    type: 'checkbox',
    name: options.name,
    value: options.value,
    class: 'checkbox__input',
    'data-testid': options.testid,
  });
  input.checked = options.checked ?? false;
  const field = h('div', { class: 'checkbox' }, input, h('label', { for: input.id, class: 'checkbox__label' }, options.label));
  if (options.hint) {
    const hintId = `${input.id}-hint`;
    append(field, h('p', { id: hintId, class: 'field__hint checkbox__hint' }, options.hint));
    input.setAttribute('aria-describedby', hintId);
  }
  return { field, input };
}

/** En grupp kryssrutor i en <fieldset> med <legend>. */
export function checkboxGroup(options: {
  name: string;
  legend: string;
  options: Option[];
  checked?: readonly string[];
  hint?: string;
  testid?: string;
}): { fieldset: HTMLFieldSetElement; inputs: HTMLInputElement[]; values: () => string[] } {
  const fieldset = h('fieldset', { class: 'fieldset', 'data-testid': options.testid }, h('legend', { class: 'fieldset__legend' }, options.legend));
  if (options.hint) {
    const hintId = uid('hint');
    append(fieldset, h('p', { id: hintId, class: 'field__hint' }, options.hint));
    fieldset.setAttribute('aria-describedby', hintId);
  }
  const inputs: HTMLInputElement[] = [];
  const list = h('div', { class: 'checkbox-list' });
  for (const option of options.options) {
    const { field, input } = checkbox({ name: options.name, label: option.label, value: option.value, checked: options.checked?.includes(option.value) ?? false });
    inputs.push(input);
    append(list, field);
  }
  append(fieldset, list);
  return { fieldset, inputs, values: () => inputs.filter((i) => i.checked).map((i) => i.value) };
}

/** Ett fel i ett formulär: vilket fält och vad som är fel. */
export interface FieldError {
  control?: HTMLElement | undefined;
  message: string;
}

export interface Displayable {
  title: string;
  detail: string | undefined;
  errors: string[];
}

/** Rubrik, förklaring och ev. fältfel ur ett fel (problem+json: title + detail + errors). */
export function displayable(error: unknown): Displayable {
  if (error instanceof ApiError) {
    const list = Array.isArray(error.problem?.['errors']) ? (error.problem['errors'] as unknown[]) : [];
    const errors = list
      .map((item) => {
        if (typeof item !== 'object' || item === null) return '';
        const { location, message } = item as { location?: unknown; message?: unknown };
        const text = typeof message === 'string' ? message : '';
        return typeof location === 'string' && location !== '' ? `${location}: ${text}` : text;
      })
      .filter((text) => text !== '');
    return { title: error.title, detail: error.detail, errors };
  }
  if (error instanceof AppError) return { title: error.title, detail: error.detail, errors: [] };
  return { title: sv.errors.generic, detail: sv.errors.genericDetail, errors: [] };
}

/**
 * En plats i ett formulär för fel och kvitton. Fel visas i en ruta med
 * role="alert" som får fokus; kvitton i en role="status"-rad.
 */
export class Feedback {
  readonly element: HTMLDivElement;
  private readonly status: HTMLParagraphElement;
  private readonly alertSlot: HTMLDivElement;

  constructor(testid?: string) {
    this.alertSlot = h('div', { class: 'feedback__alert' });
    this.status = h('p', { class: 'feedback__status', role: 'status', 'aria-live': 'polite', 'data-testid': testid ? `${testid}-status` : undefined });
    this.element = h('div', { class: 'feedback', 'data-testid': testid }, this.alertSlot, this.status);
  }

  clear(): void {
    this.alertSlot.replaceChildren();
    this.status.textContent = '';
    this.status.classList.remove('feedback__status--visible');
  }

  /** Visar ett serverfel (rubrik + förklaring) och flyttar fokus dit. */
  showError(error: unknown, extra?: Child, testid?: string): HTMLElement {
    const { title, detail, errors } = displayable(error);
    return this.showAlert(title, detail, errors, extra, testid);
  }

  /** Visar en felsammanfattning för fält som behöver rättas. */
  showFieldErrors(errors: FieldError[]): void {
    for (const { control } of errors) control?.setAttribute('aria-invalid', 'true');
    const list = h('ul', { class: 'alert__list' });
    for (const { control, message } of errors) {
      if (control) {
        const link = h('button', { type: 'button', class: 'link-button' }, message);
        link.addEventListener('click', () => control.focus());
        append(list, h('li', {}, link));
      } else {
        append(list, h('li', {}, message));
      }
    }
    this.showAlert(sv.common.errorSummary, undefined, [], list);
  }

  showAlert(title: string, detail: string | undefined, errors: string[], extra?: Child, testid?: string): HTMLElement {
    this.clear();
    const box = h(
      'div',
      { class: 'alert', role: 'alert', tabindex: '-1', 'data-testid': testid ?? 'form-error' },
      h('h3', { class: 'alert__title' }, title),
      detail ? h('p', { class: 'alert__detail' }, detail) : null,
      errors.length > 0 ? h('ul', { class: 'alert__list' }, ...errors.map((e) => h('li', {}, e))) : null,
      extra ?? null,
    );
    this.alertSlot.replaceChildren(box);
    box.focus();
    return box;
  }

  /** Ett kvitto som läses upp (role="status"). */
  showSuccess(text: string): void {
    this.alertSlot.replaceChildren();
    this.status.textContent = text;
    this.status.classList.add('feedback__status--visible');
  }
}

/** Tar bort aria-invalid från formulärets fält (inför en ny kontroll). */
export function resetInvalid(form: HTMLElement): void {
  for (const element of form.querySelectorAll('[aria-invalid]')) element.removeAttribute('aria-invalid');
}

/** Kontrollerar att obligatoriska fält är ifyllda; returnerar fel för dem som inte är det. */
export function requiredErrors(fields: { control: Control; label: string }[]): FieldError[] {
  return fields
    .filter(({ control }) => control.value.trim() === '')
    .map(({ control, label }) => ({ control, message: sv.common.fieldRequired(label) }));
}

/**
 * Kör `action` medan knappen visar att något pågår (inaktiv, annan text,
 * aria-busy på formuläret).
 */
export async function busy<T>(button: HTMLButtonElement, busyText: string, action: () => Promise<T>): Promise<T> {
  const text = button.textContent ?? '';
  const form = button.form;
  button.disabled = true;
  button.textContent = busyText;
  form?.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } finally {
    button.disabled = false;
    button.textContent = text;
    form?.removeAttribute('aria-busy');
  }
}

export function submitButton(text: string, testid?: string): HTMLButtonElement {
  return h('button', { type: 'submit', class: 'button button--primary', 'data-testid': testid }, text);
}

/**
 * Öppnar en modal <dialog> (webbläsarens egen: fokus stannar i dialogen, Esc
 * stänger). `onConfirm` körs när formuläret skickas; kastar den visas felet i
 * dialogen. Fokus går tillbaka till det som hade fokus innan.
 */
export function openDialog(options: {
  title: string;
  body: Child[];
  confirmLabel: string;
  busyLabel: string;
  danger?: boolean;
  testid?: string;
  /** Kontroll av formulärets fält innan `onConfirm`; returnera fel att visa. */
  validate?: () => FieldError[];
  onConfirm: () => Promise<void>;
  /** Vart fokus ska efter en lyckad åtgärd (annars tillbaka till det som öppnade dialogen). */
  focusAfter?: () => HTMLElement | null;
}): HTMLDialogElement {
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const titleId = uid('dialog-title');
  const feedback = new Feedback();
  const confirm = h('button', { type: 'submit', class: `button ${options.danger ? 'button--danger' : 'button--primary'}`, 'data-testid': options.testid ? `${options.testid}-confirm` : undefined }, options.confirmLabel);
  const cancel = h('button', { type: 'button', class: 'button button--secondary' }, sv.common.cancel);
  const form = h('form', { class: 'dialog__form', novalidate: true, 'data-testid': options.testid ? `${options.testid}-form` : undefined },
    h('h2', { id: titleId, class: 'dialog__title' }, options.title),
    feedback.element,
    ...options.body,
    h('div', { class: 'form-actions' }, confirm, cancel),
  );
  const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId, 'data-testid': options.testid }, form);
  let succeeded = false;
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    dialog.remove();
    const target = succeeded ? options.focusAfter?.() ?? opener : opener;
    if (target && target.isConnected) target.focus();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    resetInvalid(form);
    const errors = options.validate?.() ?? [];
    if (errors.length > 0) {
      feedback.showFieldErrors(errors);
      return;
    }
    busy(confirm, options.busyLabel, options.onConfirm).then(
      () => {
        succeeded = true;
        dialog.close();
      },
      (error: unknown) => feedback.showError(error),
    );
  });
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

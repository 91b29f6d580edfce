/** Översikt: barnets uppgifter, barnkontakt, stödsamordnare och skolgång (ändras med PATCH). */
import type { AppContext } from '../../app';
import { h } from '../../dom';
import { busy, Feedback, selectField, submitButton } from '../../forms';
import { ageFrom, formatDate, personText } from '../../format';
import { label, sv } from '../../i18n';
import type { CareModel, Child } from '../../types';
import { details, detailRow, notice, section } from '../../widgets';
import { schoolingOptions } from '../children';
import { childPath, mayManage, type Tab } from './common';

export const renderOverview: Tab = async (ctx, child) => {
  const careModel = await ctx.careModel().catch(() => null);
  const { element, heading } = section(sv.child.tabs.overview, { testid: 'child-overview' });
  const body = h('div', {});
  element.append(body);
  const draw = (current: Child, saved?: string) => {
    body.replaceChildren(overviewContent(current, careModel));
    if (mayManage(current)) body.append(schoolingForm(ctx, current, draw, saved));
  };
  draw(child);
  return { element, heading };
};

function kindLabel(careModel: CareModel | null, kind: string | null | undefined): string | null {
  if (!kind) return null;
  return careModel?.contactKinds?.find((k) => k.kind === kind)?.label ?? kind;
}

function overviewContent(child: Child, careModel: CareModel | null): HTMLElement {
  const age = child.ageYears ?? ageFrom(child.birthDate);
  const contactKind = kindLabel(careModel, child.contactKind);
  const container = h('div', {});
  if (child.handoverDue) {
    container.append(
      notice(
        sv.child.handoverDue,
        h('p', {},
          sv.child.handoverDueDetail(kindLabel(careModel, child.expectedContactKind)),
          child.myRole === 'CHILD_CONTACT' ? ' ' : null,
          child.myRole === 'CHILD_CONTACT' ? h('a', { href: childPath(child, 'overlamning') }, sv.child.handoverDueLink) : null,
        ),
        'handover-due-notice',
      ),
    );
  }
  container.append(
    details(
      detailRow(sv.child.birthDate, formatDate(child.birthDate), 'child-birthdate'),
      detailRow(sv.child.age, age === undefined ? sv.common.notGiven : sv.common.years(age), 'child-age'),
      detailRow(sv.child.personalNumber, child.personalNumber || sv.common.notGiven, 'child-personal-number'),
      detailRow(sv.child.schooling, label(sv.schooling, child.schooling), 'child-schooling'),
      detailRow(
        careModel?.contactTitle && careModel.contactTitle !== sv.child.childContact
          ? `${sv.child.childContact} (${careModel.contactTitle})`
          : sv.child.childContact,
        h('span', {}, personText(child.childContact), contactKind ? h('span', { class: 'muted-inline' }, ` – ${contactKind}`) : null),
        'child-contact',
      ),
      detailRow(
        sv.child.coordinator,
        child.supportCoordinator ? personText(child.supportCoordinator) : sv.child.noCoordinator,
        'support-coordinator',
      ),
      detailRow(sv.child.myRole, label(sv.roles, child.myRole), 'child-my-role'),
      careModel ? detailRow(sv.child.careModel, careModel.name, 'care-model') : null,
    ),
  );
  return container;
}

function schoolingForm(ctx: AppContext, child: Child, redraw: (child: Child, saved?: string) => void, saved?: string): HTMLElement {
  const feedback = new Feedback('schooling-feedback');
  const schooling = selectField({ name: 'schooling', label: sv.child.schooling, options: schoolingOptions(), value: child.schooling });
  const submit = submitButton(sv.child.schoolingSave, 'schooling-submit');
  const form = h('form', { class: 'form form--inline', novalidate: true, 'data-testid': 'schooling-form' },
    h('h3', {}, sv.child.schoolingFormHeading), feedback.element, schooling.field, h('div', { class: 'form-actions' }, submit));
  if (saved) feedback.showSuccess(saved);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(submit, sv.common.saving, () =>
      ctx.api.patch<Child>(`/api/children/${encodeURIComponent(child.id)}`, { schooling: schooling.input.value }),
    ).then(
      (updated) => {
        redraw(updated, sv.child.schoolingSaved);
        // Fokus till det nya formulärets kvitto-område (knappen ersattes).
        document.querySelector<HTMLElement>('[data-testid="schooling-form"] select')?.focus();
      },
      (error: unknown) => feedback.showError(error),
    );
  });
  return form;
}

// Unit tests for the meeting form's pure logic (form-state.ts), run by `npm run test:unit`: the agenda
// (move, remove, add, what a change of type does), what the form starts with, and the check of what
// was filled in (problems per field in the order shown, or the body for POST/PATCH).
import assert from 'node:assert/strict';
import test from 'node:test';

import type { Guardian, Person, TeamMember } from '../../types.js';
import {
  AgendaDraft,
  agendaRows,
  checkMeeting,
  childChoices,
  initialExternals,
  memberChoices,
  missingConsentChildren,
  type MeetingFormValues,
} from './form-state.js';
import type { AgendaTemplate, Meeting, Participant } from './types.js';

const FIRST: AgendaTemplate = { kind: 'CHILD_TEAM_FIRST', label: 'Individuellt barnteam – första mötet', source: 'Samverkansmodellen', agenda: ['Presentation', 'Barnets behov'] };
const FOLLOW: AgendaTemplate = { kind: 'FOLLOW_UP', label: 'Uppföljning', source: 'Samverkansmodellen', agenda: ['Hur har det gått?'] };
const ANNA: Person = { username: 'anna.bvc', name: 'Anna Bergström' };

function participant(extra: Partial<Participant>): Participant {
  return { id: 'p', name: 'Namn', role: 'PROFESSIONAL', answer: 'NEEDS_ACTION', delivery: 'SENT', ...extra };
}

function meeting(extra: Partial<Meeting> = {}): Meeting {
  return {
    id: 'm1', childId: 'c1', children: ['c1'], kind: 'FOLLOW_UP', kindLabel: 'Uppföljning', title: 'Uppföljning',
    start: '2026-07-01T08:00:00Z', end: '2026-07-01T09:00:00Z', organiser: ANNA, status: 'SCHEDULED', sequence: 0,
    participants: [], isOrganiser: true, ...extra,
  };
}

function member(username: string, name: string, extra: Partial<TeamMember> = {}): TeamMember {
  return { username, name, role: 'MEMBER', access: 'ACTIVE', addedAt: '2026-01-01T00:00:00Z', ...extra };
}

function values(extra: Partial<MeetingFormValues> = {}): MeetingFormValues {
  return {
    kind: 'FOLLOW_UP', title: ' Uppföljning ', date: '2026-07-01', startTime: '10:00', endTime: '11:00', location: '', videoLink: '',
    agenda: [' Punkt ', '  '], members: ['erik.rektor'], externals: [], children: [], ...extra,
  };
}

// ------------------------------------------------------------------ agenda

test('agenda: moving, removing and adding say where focus goes and what is read out', () => {
  const draft = new AgendaDraft(['a', 'b', 'c'], false);
  assert.deepEqual(draft.moveUp(1), { focus: { index: 0, what: 'down' }, announce: 'Punkt 2 är nu punkt 1.' }, 'at the top only Ner is left');
  assert.deepEqual(draft.items, ['b', 'a', 'c']);
  assert.deepEqual(draft.moveUp(2), { focus: { index: 1, what: 'up' }, announce: 'Punkt 3 är nu punkt 2.' });
  assert.deepEqual(draft.moveDown(1), { focus: { index: 2, what: 'up' }, announce: 'Punkt 2 är nu punkt 3.' }, 'at the bottom only Upp is left');
  assert.deepEqual(draft.moveDown(0), { focus: { index: 1, what: 'down' }, announce: 'Punkt 1 är nu punkt 2.' });
  assert.deepEqual(draft.items, ['a', 'b', 'c']);
  assert.deepEqual(draft.remove(2), { focus: { index: 1, what: 'text' }, announce: 'Punkt 3 är borttagen.' }, 'the last one: focus moves up');
  assert.deepEqual(draft.remove(0), { focus: { index: 0, what: 'text' }, announce: 'Punkt 1 är borttagen.' });
  assert.deepEqual(draft.remove(0), { focus: { index: 0, what: 'add' }, announce: 'Punkt 1 är borttagen.' }, 'none left: "Lägg till punkt"');
  assert.deepEqual(draft.add(), { focus: { index: 0, what: 'text' }, announce: 'Punkt 1 är tillagd.' });
  assert.deepEqual(draft.items, ['']);
  draft.set(['skrivet']);
  assert.deepEqual(draft.items, ['skrivet']);
});

test('agenda: a new meeting follows the type until its agenda or title is changed by hand', () => {
  const draft = new AgendaDraft([], false);
  assert.deepEqual(draft.changeKind(FIRST, ''), { title: FIRST.label, agenda: 'replaced' });
  assert.deepEqual(draft.items, FIRST.agenda);
  assert.deepEqual(draft.changeKind(FOLLOW, FIRST.label), { title: FOLLOW.label, agenda: 'replaced' }, 'the template\'s own agenda and title follow');
  draft.set([...FOLLOW.agenda, 'Egen punkt']);
  assert.deepEqual(draft.changeKind(FIRST, 'Egen rubrik'), { title: undefined, agenda: 'kept' }, 'changed by hand: kept');
  assert.deepEqual(draft.items, [...FOLLOW.agenda, 'Egen punkt']);
  draft.apply(FIRST);
  assert.deepEqual(draft.items, FIRST.agenda, 'the offer to use the template replaces it');
});

test('agenda: a meeting being changed keeps its agenda unless it is empty', () => {
  const draft = new AgendaDraft(['Mötets punkt'], true);
  assert.deepEqual(draft.changeKind(FIRST, 'Uppföljning'), { title: undefined, agenda: 'kept' });
  assert.deepEqual(draft.items, ['Mötets punkt']);
  const empty = new AgendaDraft(['', ' '], true);
  assert.equal(empty.changeKind(FIRST, '').agenda, 'replaced');
  assert.deepEqual(empty.items, FIRST.agenda);
});

test('agenda: the text area grows with the text, from 2 to 10 rows', () => {
  assert.equal(agendaRows(''), 2);
  assert.equal(agendaRows('kort'), 2);
  assert.equal(agendaRows('a\nb\nc'), 3);
  assert.equal(agendaRows('x'.repeat(141)), 3);
  assert.equal(agendaRows('rad\n'.repeat(30)), 10);
});

// ------------------------------------------------------------------ what the form starts with

test('choices: my other children in order, those already taken up checked; never the meeting\'s own child', () => {
  const mine = [
    { id: 'c1', name: 'Egna barnet' },
    { id: 'c3', name: 'Örjan' },
    { id: 'c2', name: 'Alva' },
  ].map((c) => ({ ...c, birthDate: '2016-01-01', myRole: 'CHILD_CONTACT' as const, childContact: ANNA }));
  assert.deepEqual(childChoices(mine, 'c1', undefined), [
    { value: 'c2', text: 'Alva', checked: false },
    { value: 'c3', text: 'Örjan', checked: false },
  ]);
  assert.deepEqual(childChoices(mine, 'c1', meeting({ children: ['c1', 'c3'] })).map((c) => c.checked), [false, true]);
});

test('choices: the team except me, in order, with organisation, role and a missing consent; invited ones outside the team last', () => {
  const team = [
    member('erik.rektor', 'Erik Lindqvist', { organisation: { alias: 'vaxjo', name: 'Växjö kommun' }, role: 'SUPPORT_COORDINATOR' }),
    member('anna.bvc', 'Anna Bergström', { role: 'CHILD_CONTACT' }),
    member('maria.polis', 'Maria Ek', { access: 'NO_CONSENT' }),
  ];
  const invited = [
    participant({ username: 'maria.polis', name: 'Maria Ek' }),
    participant({ username: 'karin.vh', name: 'Karin Vårdnadshavare', role: 'GUARDIAN' }),
    participant({ username: 'anna.bvc', name: 'Anna Bergström' }),
    participant({ name: 'Utan konto', role: 'GUARDIAN', email: 'u@example.se' }),
  ];
  assert.deepEqual(memberChoices(team, invited, 'anna.bvc'), [
    { value: 'erik.rektor', text: 'Erik Lindqvist, Växjö kommun – Stödsamordnare', checked: false },
    { value: 'maria.polis', text: 'Maria Ek – Teammedlem (samtycke saknas)', checked: true },
    { value: 'karin.vh', text: 'Karin Vårdnadshavare – Vårdnadshavare', checked: true },
  ]);
});

test('choices: people without an account come from the meeting, or for a new one from the guardians with e-mail', () => {
  const guardians: Guardian[] = [
    { id: 'g1', name: 'Karin', email: 'karin@example.se' },
    { id: 'g2', name: 'Utan e-post', email: '' },
  ];
  assert.deepEqual(initialExternals(undefined, guardians), [{ name: 'Karin', email: 'karin@example.se', role: 'GUARDIAN' }]);
  const invited = meeting({
    participants: [
      participant({ username: 'erik.rektor' }),
      participant({ name: 'Psykolog', email: 'p@example.se', role: 'OTHER' }),
      participant({ name: 'Barnet', email: null, role: 'CHILD' }),
    ],
  });
  assert.deepEqual(initialExternals(invited, guardians), [
    { name: 'Psykolog', email: 'p@example.se', role: 'OTHER' },
    { name: 'Barnet', email: '', role: 'CHILD' },
  ], 'a meeting being changed never adds the guardians again');
});

// ------------------------------------------------------------------ the check

test('check: a new meeting becomes a POST body in Swedish time; empty optional fields and other children left out', () => {
  const checked = checkMeeting(values({ externals: [{ name: ' Karin ', email: ' karin@example.se ', role: 'GUARDIAN' }, { name: '', email: '', role: 'OTHER' }] }), false);
  assert.deepEqual(checked, {
    ok: true,
    body: {
      title: 'Uppföljning',
      start: '2026-07-01T10:00:00+02:00',
      end: '2026-07-01T11:00:00+02:00',
      participants: [{ username: 'erik.rektor' }, { name: 'Karin', email: 'karin@example.se', role: 'GUARDIAN' }],
      agenda: ['Punkt'],
      kind: 'FOLLOW_UP',
    },
  });
  const standing = checkMeeting(values({ kind: 'STANDING_TEAM', location: ' Skolan ', videoLink: 'https://video.example/rum', children: ['c2'] }), false);
  assert.ok(standing.ok);
  assert.equal(standing.body['location'], 'Skolan');
  assert.equal(standing.body['videoLink'], 'https://video.example/rum');
  assert.deepEqual(standing.body['children'], ['c2']);
});

test('check: a change is a PATCH body that always says location, video link and children', () => {
  const checked = checkMeeting(values({ children: ['c2'] }), true);
  assert.ok(checked.ok);
  assert.equal(checked.body['location'], '');
  assert.equal(checked.body['videoLink'], '');
  assert.deepEqual(checked.body['children'], [], 'only a Barnteam takes up other children: changing the type away removes them');
});

test('check: problems per field, in the order the form shows them', () => {
  const checked = checkMeeting(values({ kind: '', title: ' ', date: '', startTime: '', endTime: '', videoLink: 'http://video.example' }), false);
  assert.deepEqual(checked, {
    ok: false,
    problems: [
      { field: 'kind', message: 'Välj typ av möte.' },
      { field: 'title', message: 'Fyll i rubrik.' },
      { field: 'date', message: 'Fyll i datum.' },
      { field: 'startTime', message: 'Fyll i starttid.' },
      { field: 'endTime', message: 'Fyll i sluttid.' },
      { field: 'videoLink', message: 'Videolänken måste börja med https://.' },
    ],
  });
  assert.equal(checkMeeting(values({ kind: '' }), true).ok, true, 'a meeting being changed always has a type');
});

test('check: a time that does not exist, an invalid date, an end before the start', () => {
  const missing = checkMeeting(values({ date: '2026-03-29', startTime: '02:30', endTime: '03:30' }), false);
  assert.deepEqual(missing, { ok: false, problems: [{ field: 'startTime', message: 'Tiden 02:30 finns inte den dagen (klockan ställs fram till sommartid). Välj en annan tid.' }] });
  const invalid = checkMeeting(values({ date: '2026-02-30' }), false);
  assert.deepEqual(invalid.ok ? [] : invalid.problems.map((p) => p.field), ['date', 'date']);
  const backwards = checkMeeting(values({ startTime: '11:00', endTime: '10:00' }), false);
  assert.deepEqual(backwards, { ok: false, problems: [{ field: 'endTime', message: 'Sluttiden måste vara efter starttiden.' }] });
  const same = checkMeeting(values({ startTime: '10:00', endTime: '10:00' }), false);
  assert.equal(same.ok, false);
});

test('check: a half-filled or wrong row of a person without an account; nobody invited', () => {
  const rows = checkMeeting(values({
    externals: [
      { name: 'Karin', email: '', role: 'GUARDIAN' },
      { name: '', email: 'x@example.se', role: 'GUARDIAN' },
      { name: 'Bo', email: 'inte en adress', role: 'OTHER' },
    ],
  }), false);
  assert.deepEqual(rows, {
    ok: false,
    problems: [
      { field: { external: 0, part: 'email' }, message: 'Fyll i namn och e-post för person 1, eller ta bort raden.' },
      { field: { external: 1, part: 'name' }, message: 'Fyll i namn och e-post för person 2, eller ta bort raden.' },
      { field: { external: 2, part: 'email' }, message: 'E-postadressen för person 3 ser inte rätt ut.' },
    ],
  });
  assert.deepEqual(checkMeeting(values({ members: [] }), false), { ok: false, problems: [{ field: 'participants', message: 'Bjud in minst en person.' }] });
  const other = checkMeeting(values({ members: [], title: '' }), false);
  assert.deepEqual(other.ok ? [] : other.problems.map((p) => p.field), ['title'], '"nobody invited" only when nothing else is wrong');
});

test('consent refused: the children the server names, by name when known', () => {
  const names = new Map([['c2', 'Alva']]);
  assert.deepEqual(missingConsentChildren({ children: ['c2', 'c9'] }, names), { ids: ['c2', 'c9'], names: ['Alva', 'c9'] });
  assert.deepEqual(missingConsentChildren({ title: 'x' }, names), { ids: [], names: [] });
  assert.deepEqual(missingConsentChildren(undefined, names), { ids: [], names: [] });
});


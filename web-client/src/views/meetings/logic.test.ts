// Unit tests for the meetings' pure logic (src/views/meetings/logic.ts), run by `npm run test:unit`
// (which first compiles it with tsconfig.unit.json into .unit-build/views/meetings).
//
// Swedish time: CET (+01:00) in winter, CEST (+02:00) in summer; in 2026 summer time starts on
// Sunday 29 March at 02:00 (clocks jump to 03:00) and ends on Sunday 25 October at 03:00 (clocks
// go back to 02:00, so 02:00–02:59 happens twice).
import assert from 'node:assert/strict';
import test from 'node:test';

import {
  stockholmLocalToIso, isoToStockholmLocal, stockholmOffsetMinutes, formatMeetingTime, formatMeetingTimeShort, splitByTime, moveItem, looksLikeEmail, isHttpsLink, hasUnsentInvitations, parseExternalPersons } from './logic.js';

function iso(date: string, time: string): string {
  const result = stockholmLocalToIso(date, time);
  assert.ok(result.ok, `${date} ${time} should exist: ${JSON.stringify(result)}`);
  return result.iso;
}

test('winter: +01:00', () => {
  assert.equal(iso('2026-01-15', '10:00'), '2026-01-15T10:00:00+01:00');
  assert.equal(iso('2026-12-31', '23:59'), '2026-12-31T23:59:00+01:00');
  assert.equal(iso('2027-02-28', '00:00'), '2027-02-28T00:00:00+01:00');
  assert.equal(new Date(iso('2026-01-15', '10:00')).toISOString(), '2026-01-15T09:00:00.000Z');
});

test('summer: +02:00', () => {
  assert.equal(iso('2026-07-01', '10:00'), '2026-07-01T10:00:00+02:00');
  assert.equal(iso('2026-06-21', '00:30'), '2026-06-21T00:30:00+02:00');
  assert.equal(new Date(iso('2026-07-01', '10:00')).toISOString(), '2026-07-01T08:00:00.000Z');
});

test('the day summer time starts (2026-03-29): before +01:00, after +02:00, 02:xx does not exist', () => {
  assert.equal(iso('2026-03-29', '00:00'), '2026-03-29T00:00:00+01:00');
  assert.equal(iso('2026-03-29', '01:59'), '2026-03-29T01:59:00+01:00');
  assert.equal(iso('2026-03-29', '03:00'), '2026-03-29T03:00:00+02:00');
  assert.equal(iso('2026-03-29', '10:00'), '2026-03-29T10:00:00+02:00');
  assert.equal(iso('2026-03-29', '23:30'), '2026-03-29T23:30:00+02:00');
  for (const time of ['02:00', '02:30', '02:59']) {
    assert.deepEqual(stockholmLocalToIso('2026-03-29', time), { ok: false, reason: 'nonexistent' }, time);
  }
  // 01:00 → 10:00 that day is 8 hours, not 9.
  const hours = (Date.parse(iso('2026-03-29', '10:00')) - Date.parse(iso('2026-03-29', '01:00'))) / 3_600_000;
  assert.equal(hours, 8);
});

test('the day summer time ends (2026-10-25): before +02:00, after +01:00, 02:xx twice (first chosen)', () => {
  assert.equal(iso('2026-10-25', '00:30'), '2026-10-25T00:30:00+02:00');
  assert.equal(iso('2026-10-25', '01:59'), '2026-10-25T01:59:00+02:00');
  const ambiguous = stockholmLocalToIso('2026-10-25', '02:30');
  assert.deepEqual(ambiguous, { ok: true, iso: '2026-10-25T02:30:00+02:00', offset: '+02:00', ambiguous: true });
  assert.equal((stockholmLocalToIso('2026-10-25', '10:00') as { ambiguous?: boolean }).ambiguous, false);
  assert.equal(iso('2026-10-25', '03:00'), '2026-10-25T03:00:00+01:00');
  assert.equal(iso('2026-10-25', '10:00'), '2026-10-25T10:00:00+01:00');
  assert.equal(iso('2026-10-25', '23:59'), '2026-10-25T23:59:00+01:00');
  // 01:00 → 10:00 that day is 10 hours.
  const hours = (Date.parse(iso('2026-10-25', '10:00')) - Date.parse(iso('2026-10-25', '01:00'))) / 3_600_000;
  assert.equal(hours, 10);
});

test('other years follow the EU rule (last Sunday of March/October)', () => {
  assert.equal(iso('2025-03-30', '10:00'), '2025-03-30T10:00:00+02:00');
  assert.equal(iso('2025-03-29', '10:00'), '2025-03-29T10:00:00+01:00');
  assert.equal(stockholmLocalToIso('2025-03-30', '02:15').ok, false);
  assert.equal(iso('2027-10-31', '10:00'), '2027-10-31T10:00:00+01:00');
  assert.equal(iso('2027-10-30', '10:00'), '2027-10-30T10:00:00+02:00');
});

test('invalid input is refused', () => {
  for (const [date, time] of [['', '10:00'], ['2026-01-15', ''], ['2026-02-30', '10:00'], ['2026-13-01', '10:00'], ['2026-01-15', '24:00'], ['2026-01-15', '10:60'], ['15/1/2026', '10:00'], ['2026-01-15', '10']] as [string, string][]) {
    assert.deepEqual(stockholmLocalToIso(date, time), { ok: false, reason: 'invalid' }, `${date} ${time}`);
  }
  assert.equal(iso('2028-02-29', '12:00'), '2028-02-29T12:00:00+01:00');
});

test('round trip: every quarter hour of the change days and two normal days', () => {
  for (const date of ['2026-01-15', '2026-03-29', '2026-07-01', '2026-10-25']) {
    for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
      const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      const result = stockholmLocalToIso(date, time);
      if (!result.ok) {
        assert.equal(date, '2026-03-29', `${date} ${time} only missing on the spring day`);
        assert.match(time, /^02:/);
        continue;
      }
      assert.deepEqual(isoToStockholmLocal(result.iso), { date, time }, `${date} ${time} → ${result.iso}`);
    }
  }
});

test('isoToStockholmLocal accepts Z and other offsets; offsets in minutes', () => {
  assert.deepEqual(isoToStockholmLocal('2026-01-15T09:00:00Z'), { date: '2026-01-15', time: '10:00' });
  assert.deepEqual(isoToStockholmLocal('2026-07-01T08:00:00Z'), { date: '2026-07-01', time: '10:00' });
  assert.deepEqual(isoToStockholmLocal('2026-10-25T00:30:00Z'), { date: '2026-10-25', time: '02:30' });
  assert.deepEqual(isoToStockholmLocal('2026-10-25T01:30:00Z'), { date: '2026-10-25', time: '02:30' });
  assert.deepEqual(isoToStockholmLocal('2026-12-31T23:30:00Z'), { date: '2027-01-01', time: '00:30' });
  assert.equal(isoToStockholmLocal('nonsense'), undefined);
  assert.equal(stockholmOffsetMinutes(new Date('2026-01-15T12:00:00Z')), 60);
  assert.equal(stockholmOffsetMinutes(new Date('2026-07-15T12:00:00Z')), 120);
  assert.equal(stockholmOffsetMinutes(new Date('2026-03-29T00:59:59Z')), 60);
  assert.equal(stockholmOffsetMinutes(new Date('2026-03-29T01:00:00Z')), 120);
  assert.equal(stockholmOffsetMinutes(new Date('2026-10-25T00:59:59Z')), 120);
  assert.equal(stockholmOffsetMinutes(new Date('2026-10-25T01:00:00Z')), 60);
});

test('meeting times are written in Swedish time', () => {
  assert.equal(formatMeetingTime('2026-03-10T09:00:00Z', '2026-03-10T10:30:00Z'), 'tisdag 10 mars 2026 kl. 10:00–11:30');
  assert.equal(formatMeetingTime('2026-07-01T08:00:00Z', '2026-07-01T09:00:00Z'), 'onsdag 1 juli 2026 kl. 10:00–11:00');
  assert.equal(formatMeetingTime('2026-03-10T22:00:00Z', '2026-03-11T00:30:00Z'), 'tisdag 10 mars 2026 kl. 23:00 – onsdag 11 mars 2026 kl. 01:30');
  assert.equal(formatMeetingTimeShort('2026-03-10T09:00:00Z', '2026-03-10T10:30:00Z'), '2026-03-10 10:00–11:30');
  assert.equal(formatMeetingTimeShort('2026-07-01T08:00:00+00:00', '2026-07-01T09:00:00+00:00'), '2026-07-01 10:00–11:00');
});

test('upcoming (soonest first) and past (latest first)', () => {
  const now = new Date('2026-05-01T12:00:00Z');
  const m = (id: string, start: string, end: string) => ({ id, start, end });
  const list = [
    m('past-old', '2026-04-01T08:00:00Z', '2026-04-01T09:00:00Z'),
    m('later', '2026-06-01T08:00:00Z', '2026-06-01T09:00:00Z'),
    m('ongoing', '2026-05-01T11:00:00Z', '2026-05-01T13:00:00Z'),
    m('past-new', '2026-04-30T08:00:00Z', '2026-04-30T09:00:00Z'),
    m('soon', '2026-05-02T08:00:00Z', '2026-05-02T09:00:00Z'),
  ];
  const { upcoming, past } = splitByTime(list, now);
  assert.deepEqual(upcoming.map((x) => x.id), ['ongoing', 'soon', 'later']);
  assert.deepEqual(past.map((x) => x.id), ['past-new', 'past-old']);
});

test('agenda items move, and bad moves change nothing', () => {
  const items = ['a', 'b', 'c', 'd'];
  assert.deepEqual(moveItem(items, 0, 1), ['b', 'a', 'c', 'd']);
  assert.deepEqual(moveItem(items, 3, 2), ['a', 'b', 'd', 'c']);
  assert.deepEqual(moveItem(items, 1, 3), ['a', 'c', 'd', 'b']);
  assert.deepEqual(moveItem(items, 0, -1), items);
  assert.deepEqual(moveItem(items, 3, 4), items);
  assert.deepEqual(items, ['a', 'b', 'c', 'd'], 'the original is untouched');
});

test('small checks', () => {
  assert.equal(looksLikeEmail('karin+123@example.se'), true);
  assert.equal(looksLikeEmail('karin@example'), false);
  assert.equal(looksLikeEmail('karin example.se'), false);
  assert.equal(isHttpsLink(''), true);
  assert.equal(isHttpsLink('https://meet.example.se/abc'), true);
  assert.equal(isHttpsLink('http://meet.example.se/abc'), false);
  assert.equal(isHttpsLink('meet.example.se'), false);
  assert.equal(hasUnsentInvitations([{ delivery: 'SENT' }, { delivery: 'PENDING' }]), true);
  // FAILED is final (the server gave up): nothing more to wait for.
  assert.equal(hasUnsentInvitations([{ delivery: 'SENT' }, { delivery: 'FAILED' }]), false);
  assert.equal(hasUnsentInvitations([{ delivery: 'SENT' }]), false);
  assert.equal(hasUnsentInvitations([]), false);
});

test('external persons of a consent: one per line, with a name and one address', () => {
  assert.deepEqual(parseExternalPersons('Anna Psykolog, anna@psyk.se\n\n  Bo Coach <bo@ik.se>  \n'), {
    ok: true,
    persons: [{ name: 'Anna Psykolog', email: 'anna@psyk.se' }, { name: 'Bo Coach', email: 'bo@ik.se' }],
  });
  assert.deepEqual(parseExternalPersons(''), { ok: true, persons: [] });
  assert.deepEqual((parseExternalPersons('Anna, anna@psyk.se\nAnna igen, ANNA@psyk.se') as { persons?: unknown }).persons, [{ name: 'Anna', email: 'anna@psyk.se' }],
    'the same address once, whatever its case');
  assert.deepEqual(parseExternalPersons('Anna, anna@psyk.se\nBara ett namn'), { ok: false, line: 2, reason: 'no-email' });
  assert.deepEqual(parseExternalPersons('anna@psyk.se'), { ok: false, line: 1, reason: 'no-name' });
  assert.deepEqual(parseExternalPersons('Anna a@b.se c@d.se'), { ok: false, line: 1, reason: 'several-emails' });
});

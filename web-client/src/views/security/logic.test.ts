import assert from 'node:assert/strict';
import test from 'node:test';
import { flagTexts, formatBurst, formatFlags, grantableRoles, inBurst, parseSampleSize, parseSeed, permissions, queryString } from './logic.js';

test('queryString skips empty filters and encodes the rest', () => {
  assert.equal(queryString({}), '');
  assert.equal(queryString({ user: '', child: undefined, kind: null }), '');
  assert.equal(queryString({ user: ' anna.bvc ', kind: 'READ', seed: 0 }), '?user=anna.bvc&kind=READ&seed=0');
  assert.equal(queryString({ from: '2026-01-01T00:00:00+01:00' }), '?from=2026-01-01T00%3A00%3A00%2B01%3A00');
});

test('flags are shown in Swedish, unknown ones as they are', () => {
  assert.deepEqual(flagTexts(['OUTSIDE_OFFICE_HOURS', 'DENIED', 'NEW']), ['Utanför kontorstid', 'Nekad åtkomst', 'NEW']);
  assert.equal(formatFlags([]), 'Inga flaggor');
  assert.equal(formatFlags(null), 'Inga flaggor');
  assert.equal(formatFlags(['MANY_CHILDREN']), 'Många barn');
});

test('a burst names the user or the identity provider', () => {
  const base = { kind: 'failed-login-burst', count: 5, from: '2026-01-01T10:00:00Z', to: '2026-01-01T10:05:00Z' };
  assert.equal(formatBurst({ ...base, username: 'anna.bvc' }), '5 misslyckade inloggningar inom 10 minuter för anna.bvc');
  assert.match(formatBurst({ ...base, identityProvider: 'siths' }), /inloggningstjänsten siths$/);
});

test('only failed logins of the burst\'s user within its period are in the burst', () => {
  const bursts = [{ kind: 'failed-login-burst', username: 'anna.bvc', count: 5, from: '2026-01-01T10:00:00Z', to: '2026-01-01T10:05:00Z' }];
  assert.equal(inBurst({ time: '2026-01-01T10:02:00Z', type: 'LOGIN_ERROR', username: 'anna.bvc' }, bursts), true);
  assert.equal(inBurst({ time: '2026-01-01T10:02:00Z', type: 'LOGIN', username: 'anna.bvc' }, bursts), false);
  assert.equal(inBurst({ time: '2026-01-01T10:02:00Z', type: 'LOGIN_ERROR', username: 'erik.rektor' }, bursts), false);
  assert.equal(inBurst({ time: '2026-01-01T10:06:00Z', type: 'LOGIN_ERROR', username: 'anna.bvc' }, bursts), false);
});

test('only security-admin-all may grant Säkerhetsadministratör, pick any organisation and see admin events', () => {
  const org = permissions(['security-admin']);
  assert.deepEqual(org, { securityPages: true, anyOrganisation: false, grantSecurityAdmin: false, adminEvents: false });
  assert.deepEqual(grantableRoles(org), ['child-contact']);
  const all = permissions(['security-admin', 'security-admin-all']);
  assert.deepEqual(all, { securityPages: true, anyOrganisation: true, grantSecurityAdmin: true, adminEvents: true });
  assert.deepEqual(grantableRoles(all), ['child-contact', 'security-admin']);
  assert.equal(permissions(['professional']).securityPages, false);
  assert.equal(permissions(undefined).securityPages, false);
});

test('seed and sample size are checked before asking the server', () => {
  assert.equal(parseSeed(''), undefined);
  assert.equal(parseSeed(' 42 '), 42);
  assert.equal(parseSeed('0'), 0);
  assert.equal(parseSeed('-1'), null);
  assert.equal(parseSeed('1.5'), null);
  assert.equal(parseSeed('99999999999999999'), null);
  assert.equal(parseSampleSize(''), 20);
  assert.equal(parseSampleSize('500'), 500);
  assert.equal(parseSampleSize('0'), null);
  assert.equal(parseSampleSize('501'), null);
  assert.equal(parseSampleSize('x'), null);
});

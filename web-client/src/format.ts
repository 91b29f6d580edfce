/** Hur datum, tider och personer skrivs i gränssnittet (svenska, svensk tid). */
import type { Organisation, Person } from './types';

const dateTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

const dateOnly = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Europe/Stockholm',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** "2025-05-10 10:15" (svensk tid); okända värden visas som de är. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** "2025-05-10" för en tidpunkt (svensk tid) eller ett datum. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateOnly.format(date);
}

/** Ålder i hela år för ett födelsedatum (ÅÅÅÅ-MM-DD), i dag. */
export function ageFrom(birthDate: string, today: Date = new Date()): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  let age = today.getFullYear() - year;
  if (today.getMonth() + 1 < month || (today.getMonth() + 1 === month && today.getDate() < day)) age -= 1;
  return Math.max(age, 0);
}

export function organisationName(org: Organisation | null | undefined): string | undefined {
  return org ? org.name || org.alias : undefined;
}

/** "Anna Bergström (Region Kronoberg)". */
export function personText(person: Person | null | undefined, { withUsername = false } = {}): string {
  if (!person) return '';
  const org = organisationName(person.organisation);
  const name = withUsername && person.username && person.username !== person.name
    ? `${person.name} (${person.username})`
    : person.name || person.username;
  return org ? `${name}, ${org}` : name;
}

/** Delar upp "a, b\nc" i ["a","b","c"] (användarnamn, namn). */
export function splitList(text: string, { lines = false } = {}): string[] {
  const parts = lines ? text.split(/\r?\n/) : text.split(/[\s,;]+/);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of parts) {
    const value = part.trim();
    if (value !== '' && !seen.has(value)) {
      seen.add(value);
      out.push(value);
    }
  }
  return out;
}

/**
 * Ett datum (ÅÅÅÅ-MM-DD) som tidpunkten 23:59:59 svensk tid den dagen, med
 * tidszon (servern kräver det), t.ex. "2027-06-30T23:59:59+02:00".
 */
export function endOfSwedishDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // Prova båda svenska förskjutningarna och välj den som faktiskt gäller den dagen.
  for (const offset of ['+02:00', '+01:00']) {
    const candidate = `${date}T23:59:59${offset}`;
    const parts = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Stockholm',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hour12: false,
    }).formatToParts(new Date(candidate));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    if (get('year') === y && get('month') === m && get('day') === d && get('hour') === 23) return candidate;
  }
  return `${date}T23:59:59+01:00`;
}

/** Ett datetime-local-värde ("2025-05-10T10:15") tolkat som svensk tid, med tidszon. */
export function swedishLocalToIso(local: string): string {
  const date = new Date(local);
  // Webbläsaren tolkar datetime-local i sin egen tidszon; det räcker för en sökning.
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
}

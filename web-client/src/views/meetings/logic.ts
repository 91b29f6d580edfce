/**
 * Ren logik för möten (ingen DOM, bara Intl): svensk tid åt båda hållen, hur ett
 * mötes tid skrivs, sortering i kommande/tidigare och flytt av punkter i dagordningen.
 * Enhetstestas i logic.test.ts.
 */

export const ZONE = 'Europe/Stockholm';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Väggklockan i Stockholm vid en tidpunkt. */
export function stockholmParts(instant: Date): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = partsFormat.formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') };
}

/** Stockholms förskjutning från UTC i minuter vid en tidpunkt (60 vintertid, 120 sommartid). */
export function stockholmOffsetMinutes(instant: Date): number {
  const p = stockholmParts(instant);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - whole) / 60_000);
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export type LocalTimeResult =
  | { ok: true; iso: string; offset: string; ambiguous: boolean }
  | { ok: false; reason: 'invalid' | 'nonexistent' };

/**
 * Datum (ÅÅÅÅ-MM-DD) och klockslag (TT:MM) i svensk tid → ISO 8601 med rätt
 * förskjutning den dagen, t.ex. "2026-07-01T10:00:00+02:00".
 *
 * Dagen då sommartiden börjar finns inte 02:00–02:59 ("nonexistent"). Dagen då den
 * slutar finns 02:00–02:59 två gånger; då väljs den första (sommartid, +02:00) och
 * `ambiguous` är sann.
 */
export function stockholmLocalToIso(date: string, time: string): LocalTimeResult {
  const d = DATE_RE.exec(date);
  const t = TIME_RE.exec(time);
  if (!d || !t) return { ok: false, reason: 'invalid' };
  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [hour, minute, second] = [Number(t[1]), Number(t[2]), Number(t[3] ?? '0')];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return { ok: false, reason: 'invalid' };
  const naive = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(naive);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return { ok: false, reason: 'invalid' };
  // Förskjutningarna som gäller runt den dagen (före och efter ett eventuellt byte).
  const offsets = [...new Set([stockholmOffsetMinutes(new Date(naive - 86_400_000)), stockholmOffsetMinutes(new Date(naive + 86_400_000)), stockholmOffsetMinutes(new Date(naive))])];
  // Störst förskjutning först = tidigast tidpunkt först.
  offsets.sort((a, b) => b - a);
  const matching = offsets.filter((offset) => {
    const p = stockholmParts(new Date(naive - offset * 60_000));
    return p.year === year && p.month === month && p.day === day && p.hour === hour && p.minute === minute && p.second === second;
  });
  const chosen = matching[0];
  if (chosen === undefined) return { ok: false, reason: 'nonexistent' };
  const offset = formatOffset(chosen);
  const hh = String(hour).padStart(2, '0');
  const mm = String(minute).padStart(2, '0');
  const ss = String(second).padStart(2, '0');
  return { ok: true, iso: `${date}T${hh}:${mm}:${ss}${offset}`, offset, ambiguous: matching.length > 1 };
}

/** En tidpunkt (ISO) → datum och klockslag i svensk tid, för formulärets fält. */
export function isoToStockholmLocal(iso: string): { date: string; time: string } | undefined {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return undefined;
  const p = stockholmParts(instant);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

const dayFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const clockFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const shortFormat = new Intl.DateTimeFormat('sv-SE', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "tisdag 10 mars 2026 kl. 10:00–11:30" (svensk tid); över midnatt skrivs båda dagarna. */
export function formatMeetingTime(startIso: string, endIso: string): string {
  const start = new Date(startIso);
  const end = new Date(endIso);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return `${startIso} – ${endIso}`;
  const sameDay = dayFormat.format(start) === dayFormat.format(end);
  if (sameDay) return `${dayFormat.format(start)} kl. ${clockFormat.format(start)}–${clockFormat.format(end)}`;
  return `${dayFormat.format(start)} kl. ${clockFormat.format(start)} – ${dayFormat.format(end)} kl. ${clockFormat.format(end)}`;
}

/** "2026-03-10 10:00–11:30" för tabeller (svensk tid). */
export function formatMeetingTimeShort(startIso: string, endIso: string): string {
  const start = new Date(startIso);
  const end = new Date(endIso);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return `${startIso} – ${endIso}`;
  const s = shortFormat.format(start);
  const e = shortFormat.format(end);
  const sameDay = s.slice(0, 10) === e.slice(0, 10);
  return sameDay ? `${s}–${e.slice(11)}` : `${s} – ${e}`;
}

/** Kommande (slutar efter `now`, närmast först) och tidigare (senaste först). */
export function splitByTime<T extends { start: string; end: string }>(meetings: readonly T[], now: Date = new Date()): { upcoming: T[]; past: T[] } {
  const t = now.getTime();
  const upcoming = meetings.filter((m) => Date.parse(m.end) > t).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const past = meetings.filter((m) => !(Date.parse(m.end) > t)).sort((a, b) => Date.parse(b.start) - Date.parse(a.start));
  return { upcoming, past };
}

/** Flyttar punkt `from` till plats `to` (ny lista); ogiltiga index ger en oförändrad kopia. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = [...list];
  if (from < 0 || from >= copy.length || to < 0 || to >= copy.length || from === to) return copy;
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item as T);
  return copy;
}

/** Enkel kontroll av en e-postadress (servern gör den riktiga). */
export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());
}

/** Är videolänken en https-adress (eller tom)? */
export function isHttpsLink(value: string): boolean {
  const text = value.trim();
  if (text === '') return true;
  try {
    return new URL(text).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Väntar något utskick fortfarande (PENDING, även medan det görs om)? FAILED är slutgiltigt –
 * servern har gett upp – så det finns inget mer att vänta på.
 */
export function hasUnsentInvitations(participants: readonly { delivery: string }[]): boolean {
  return participants.some((p) => p.delivery === 'PENDING');
}

export type ExternalPersonsResult =
  | { ok: true; persons: { name: string; email: string }[] }
  | { ok: false; line: number; reason: 'no-email' | 'no-name' | 'several-emails' };

const EMAIL_TOKEN = /[^\s<>,;]+@[^\s<>,;]+\.[^\s<>,;]+/g;

/**
 * Personer utan konto som ett samtycke nämner, en per rad: "Namn, adress" eller "Namn <adress>".
 * Tomma rader hoppas över; samma adress (oavsett skiftläge) räknas en gång. Ett fel anger raden.
 */
export function parseExternalPersons(text: string): ExternalPersonsResult {
  const persons: { name: string; email: string }[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    const emails = line.match(EMAIL_TOKEN) ?? [];
    if (emails.length === 0) return { ok: false, line: i + 1, reason: 'no-email' };
    if (emails.length > 1) return { ok: false, line: i + 1, reason: 'several-emails' };
    const email = emails[0] as string;
    const name = line.replace(email, '').replace(/[<>,;]/g, ' ').replace(/\s+/g, ' ').trim();
    if (name === '') return { ok: false, line: i + 1, reason: 'no-name' };
    const key = email.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    persons.push({ name, email });
  }
  return { ok: true, persons };
}

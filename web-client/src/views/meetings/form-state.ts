/**
 * Ren logik för formuläret "Kalla till möte"/"Ändra mötet" (ingen DOM): dagordningens punkter
 * och vad som händer när typen byts, vilka kryssrutor och rader formuläret börjar med, och
 * kontrollen av det ifyllda (fel per fält, eller kroppen till POST/PATCH). Vyn (form.ts) ritar
 * och kopplar händelser. Enhetstestas i form-state.test.ts.
 */
import { organisationName } from '../../format.js';
import { label, sv } from '../../i18n.js';
import type { ChildSummary, Guardian, TeamMember } from '../../types.js';
import { isHttpsLink, looksLikeEmail, moveItem, stockholmLocalToIso } from './logic.js';
import type { AgendaTemplate, ExternalRole, Meeting, MeetingKind, NewParticipant, Participant } from './types.js';

const t = sv.meetings.form;

export const EXTERNAL_ROLES: readonly ExternalRole[] = ['GUARDIAN', 'CHILD', 'OTHER'];

// ------------------------------------------------------------------ dagordningen

/** Vad som ska ha fokus efter en ändring: punktens textfält, dess Upp/Ner, eller "Lägg till punkt". */
export interface AgendaFocus {
  index: number;
  what: 'text' | 'up' | 'down' | 'add';
}

/** En ändring av dagordningen: vart fokus går och vad som läses upp. */
export interface AgendaChange {
  focus: AgendaFocus;
  announce: string;
}

/** Vad ett byte av typ gör: rubriken (om den följer typen) och dagordningen (bytt, eller kvar med ett erbjudande). */
export interface KindChange {
  title: string | undefined;
  agenda: 'replaced' | 'kept';
}

/** Dagordningens punkter medan formuläret fylls i, och mallen de kom från. */
export class AgendaDraft {
  private list: string[];
  private template: string[];
  private autoTitle = '';

  constructor(initial: readonly string[], private readonly editing: boolean) {
    this.list = [...initial];
    this.template = [...initial];
  }

  get items(): readonly string[] {
    return this.list;
  }

  /** Textfältens värden just nu (vyn läser dem före varje ändring). */
  set(values: readonly string[]): void {
    this.list = [...values];
  }

  moveUp(index: number): AgendaChange {
    const n = index + 1;
    this.list = moveItem(this.list, index, index - 1);
    return { focus: { index: index - 1, what: index - 1 === 0 ? 'down' : 'up' }, announce: t.agendaMoved(n, n - 1) };
  }

  moveDown(index: number): AgendaChange {
    const n = index + 1;
    this.list = moveItem(this.list, index, index + 1);
    return { focus: { index: index + 1, what: index + 1 === this.list.length - 1 ? 'up' : 'down' }, announce: t.agendaMoved(n, n + 1) };
  }

  remove(index: number): AgendaChange {
    this.list.splice(index, 1);
    const focus: AgendaFocus = this.list.length === 0 ? { index: 0, what: 'add' } : { index: Math.min(index, this.list.length - 1), what: 'text' };
    return { focus, announce: t.agendaRemoved(index + 1) };
  }

  add(): AgendaChange {
    this.list.push('');
    return { focus: { index: this.list.length - 1, what: 'text' }, announce: t.agendaAdded(this.list.length) };
  }

  /** Dagordningen blir mallens. */
  apply(template: AgendaTemplate): void {
    this.list = [...template.agenda];
    this.template = [...template.agenda];
  }

  /**
   * Typen byts till `template`. Rubriken följer typen så länge den inte är ändrad för hand.
   * Dagordningen byts om den är tom eller (i ett nytt möte) fortfarande mallens; annars är den
   * kvar – ändras ett befintligt möte behålls dess dagordning, som på servern.
   */
  changeKind(template: AgendaTemplate, currentTitle: string): KindChange {
    let title: string | undefined;
    if (currentTitle.trim() === '' || currentTitle === this.autoTitle) {
      title = template.label;
      this.autoTitle = template.label;
    }
    const untouched = this.list.every((x) => x.trim() === '') || (!this.editing && JSON.stringify(this.list) === JSON.stringify(this.template));
    if (!untouched) return { title, agenda: 'kept' };
    this.apply(template);
    return { title, agenda: 'replaced' };
  }
}

/** Textfältets höjd efter textens längd och rader (underpunkter), så att hela punkten syns. */
export function agendaRows(text: string): number {
  const lines = text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / 70)), 0);
  return Math.min(10, Math.max(2, lines));
}

// ------------------------------------------------------------------ vad formuläret börjar med

/** En kryssruta: värdet som skickas, texten bredvid och om den är ikryssad från början. */
export interface Choice {
  value: string;
  text: string;
  checked: boolean;
}

/** Mina andra barn (ett Barnteam kan ta upp dem), i bokstavsordning; de mötet redan tar upp är ikryssade. */
export function childChoices(myChildren: readonly ChildSummary[], childId: string, meeting: Meeting | undefined): Choice[] {
  const chosen = new Set((meeting?.children ?? []).filter((c) => c !== childId));
  return [...myChildren]
    .filter((c) => c.id !== childId)
    .sort((a, b) => a.name.localeCompare(b.name, 'sv'))
    .map((c) => ({ value: c.id, text: c.name, checked: chosen.has(c.id) }));
}

/**
 * Barnets team utom jag, i bokstavsordning, och sedan inbjudna med konto som inte (längre) är
 * med i teamet (t.ex. en vårdnadshavare med konto); de inbjudna är ikryssade.
 */
export function memberChoices(members: readonly TeamMember[], participants: readonly Participant[], me: string): Choice[] {
  const invited = new Set(participants.flatMap((p) => (p.username ? [p.username] : [])));
  const others = members.filter((m) => m.username !== me);
  const choices = [...others]
    .sort((a, b) => a.name.localeCompare(b.name, 'sv'))
    .map((m) => ({ value: m.username, text: memberText(m), checked: invited.has(m.username) }));
  for (const p of participants) {
    if (p.username && p.username !== me && !others.some((m) => m.username === p.username)) {
      choices.push({ value: p.username, text: `${p.name} – ${label(sv.meetings.participantRoles, p.role)}`, checked: invited.has(p.username) });
    }
  }
  return choices;
}

function memberText(m: TeamMember): string {
  const org = organisationName(m.organisation);
  const base = `${m.name}${org ? `, ${org}` : ''} – ${label(sv.roles, m.role)}`;
  return m.access === 'NO_CONSENT' ? `${base} (${t.memberNoConsent})` : base;
}

/** En person utan konto som formuläret visar som en rad. */
export interface ExternalValues {
  name: string;
  email: string;
  role: ExternalRole;
}

/** Ett mötes inbjudna utan konto; för ett nytt möte barnets vårdnadshavare med e-post. */
export function initialExternals(meeting: Meeting | undefined, guardians: readonly Guardian[]): ExternalValues[] {
  if (meeting) {
    return meeting.participants.flatMap((p) =>
      !p.username && p.role !== 'PROFESSIONAL' ? [{ name: p.name, email: p.email ?? '', role: p.role }] : []);
  }
  return guardians.flatMap((g) => (g.email ? [{ name: g.name, email: g.email, role: 'GUARDIAN' as const }] : []));
}

// ------------------------------------------------------------------ kontrollen

/** Det ifyllda, som vyn läser ur fälten när formuläret skickas. */
export interface MeetingFormValues {
  kind: string;
  title: string;
  date: string;
  startTime: string;
  endTime: string;
  location: string;
  videoLink: string;
  agenda: readonly string[];
  /** Ikryssade i teamet (användarnamn). */
  members: readonly string[];
  externals: readonly ExternalValues[];
  /** Ikryssade av mina andra barn (id). */
  children: readonly string[];
}

/** Fältet ett fel gäller; `participants` är listan av deltagare som helhet. */
export type FormField =
  | 'kind'
  | 'title'
  | 'date'
  | 'startTime'
  | 'endTime'
  | 'videoLink'
  | 'participants'
  | { external: number; part: 'name' | 'email' };

export interface FormProblem {
  field: FormField;
  message: string;
}

export type MeetingCheck = { ok: true; body: Record<string, unknown> } | { ok: false; problems: FormProblem[] };

/**
 * Kontrollerar det ifyllda i formulärets ordning och ger antingen felen (ett per fält, i den
 * ordning de visas) eller kroppen för POST (nytt möte) eller PATCH (`editing`).
 */
export function checkMeeting(values: MeetingFormValues, editing: boolean): MeetingCheck {
  const problems: FormProblem[] = [];
  if (!editing && values.kind === '') problems.push({ field: 'kind', message: t.kindRequired });
  for (const [field, text] of [['title', t.title], ['date', t.date], ['startTime', t.start], ['endTime', t.end]] as const) {
    if (values[field].trim() === '') problems.push({ field, message: sv.common.fieldRequired(text) });
  }
  const times = checkTimes(values, problems);
  if (!isHttpsLink(values.videoLink)) problems.push({ field: 'videoLink', message: t.videoLinkInvalid });

  const participants: NewParticipant[] = values.members.map((username) => ({ username }));
  values.externals.forEach((row, i) => {
    const name = row.name.trim();
    const email = row.email.trim();
    if (name === '' && email === '') return;
    if (name === '' || email === '') {
      problems.push({ field: { external: i, part: name === '' ? 'name' : 'email' }, message: t.externalIncomplete(i + 1) });
    } else if (!looksLikeEmail(email)) {
      problems.push({ field: { external: i, part: 'email' }, message: t.externalEmailInvalid(i + 1) });
    } else {
      participants.push({ name, email, role: row.role });
    }
  });
  if (participants.length === 0 && problems.length === 0) problems.push({ field: 'participants', message: t.noParticipants });
  if (problems.length > 0) return { ok: false, problems };

  const body: Record<string, unknown> = {
    title: values.title.trim(),
    start: times.start,
    end: times.end,
    participants,
    agenda: values.agenda.map((x) => x.trim()).filter((x) => x !== ''),
  };
  const location = values.location.trim();
  const video = values.videoLink.trim();
  body['kind'] = values.kind as MeetingKind;
  // Bara ett Barnteam tar upp fler barn; byts typen bort från Barnteam tas de bort.
  const more = values.kind === 'STANDING_TEAM' ? [...values.children] : [];
  if (editing) {
    body['location'] = location;
    body['videoLink'] = video;
    body['children'] = more;
  } else {
    if (location !== '') body['location'] = location;
    if (video !== '') body['videoLink'] = video;
    if (more.length > 0) body['children'] = more;
  }
  return { ok: true, body };
}

/** Start och slut i svensk tid → ISO; fel läggs till i `problems`. */
function checkTimes(values: MeetingFormValues, problems: FormProblem[]): { start?: string; end?: string } {
  if (values.date === '' || values.startTime === '' || values.endTime === '') return {};
  const out: { start?: string; end?: string } = {};
  for (const [field, time] of [['startTime', values.startTime], ['endTime', values.endTime]] as const) {
    const result = stockholmLocalToIso(values.date, time);
    if (result.ok) {
      out[field === 'startTime' ? 'start' : 'end'] = result.iso;
    } else if (result.reason === 'nonexistent') {
      problems.push({ field, message: t.timeMissing(time) });
    } else {
      problems.push({ field: 'date', message: t.timeInvalid });
    }
  }
  if (out.start && out.end && Date.parse(out.end) <= Date.parse(out.start)) problems.push({ field: 'endTime', message: t.endBeforeStart });
  return out;
}

/** Namnen på barnen som servern säger saknar samtycke (`children` i problem+json); okända visas med id. */
export function missingConsentChildren(problem: Record<string, unknown> | undefined, names: ReadonlyMap<string, string>): { ids: string[]; names: string[] } {
  const ids = Array.isArray(problem?.['children']) ? (problem['children'] as unknown[]).map(String) : [];
  return { ids, names: ids.map((id) => names.get(id) ?? id) };
}

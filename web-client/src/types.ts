/** Datatyper som servern skickar (se src/main/resources/openapi.yaml). */

export interface Organisation {
  alias: string;
  name: string;
}

/** Svaret från `GET /api/me`. */
export interface Me {
  username: string;
  name: string;
  organisation: Organisation | null;
  roles: string[];
}

export interface Person {
  username: string;
  name: string;
  organisation?: Organisation | null;
}

export type TeamRole = 'CHILD_CONTACT' | 'SUPPORT_COORDINATOR' | 'MEMBER';

export type Schooling =
  | 'NOT_STARTED'
  | 'PRESCHOOL'
  | 'PRESCHOOL_CLASS'
  | 'COMPULSORY'
  | 'UPPER_SECONDARY'
  | 'UPPER_SECONDARY_OUTSIDE_REGION'
  | 'NOT_IN_UPPER_SECONDARY'
  | 'FINISHED';

export type ContactKind =
  | 'MATERNITY_CARE'
  | 'CHILD_HEALTH_CARE'
  | 'PRESCHOOL'
  | 'SCHOOL'
  | 'FOLLOW_UP_HOME_MUNICIPALITY'
  | 'KAA';

export interface CareModel {
  id: string;
  name: string;
  contactTitle?: string;
  contactKinds: { kind: ContactKind; label: string }[];
}

export interface ChildSummary {
  id: string;
  name: string;
  birthDate: string;
  myRole: TeamRole;
  childContact: Person;
}

export interface Guardian {
  id: string;
  name: string;
  email: string;
  phone?: string | null;
  username?: string | null;
}

export interface Child {
  id: string;
  name: string;
  birthDate: string;
  personalNumber?: string | null;
  ageYears?: number;
  schooling: Schooling;
  childContact: Person;
  contactKind: ContactKind;
  expectedContactKind: ContactKind | null;
  handoverDue?: boolean;
  supportCoordinator?: Person | null;
  myRole: TeamRole;
  guardians: Guardian[];
  createdAt: string;
  /** Följer skolgången vad barnkontakten angett (true) eller skolåldern (false)? */
  schoolingStated?: boolean;
  /** Satt när barnkontakten tog över utan samtycke: barnets historik visas först härifrån. */
  historyFrom?: string | null;
}

export type ConsentLevel = 'ORAL' | 'WRITTEN' | 'WRITTEN_UPDATED';

export interface ExternalPerson {
  name: string;
  email: string;
}
export type ConsentStatus = 'IN_FORCE' | 'WITHDRAWN' | 'EXPIRED';

export interface Consent {
  id: string;
  level: ConsentLevel;
  givenBy: string[];
  childParticipated?: boolean;
  organisations: Organisation[];
  persons: Person[];
  /** Personer utan konto i Samverkan som samtycket nämner (t.ex. en privatpsykolog). */
  externalPersons?: ExternalPerson[];
  purpose: string;
  validFrom: string;
  validUntil?: string | null;
  recordedBy: Person;
  recordedAt: string;
  status: ConsentStatus;
  withdrawal?: { at?: string; by?: Person; reason?: string } | null;
  /** Registrerat före överlämningen till en barnkontakt utan samtycke: innehållet visas inte. */
  restricted?: boolean;
}

export interface TeamMember {
  username: string;
  name: string;
  organisation?: Organisation | null;
  role: TeamRole;
  access: 'ACTIVE' | 'NO_CONSENT';
  consentId?: string | null;
  addedAt: string;
  addedBy?: string | null;
}

export interface Team {
  childId: string;
  childContact?: Person;
  supportCoordinator?: Person | null;
  historyFrom?: string | null;
  members: TeamMember[];
}

export interface Handover {
  id: string;
  childId: string;
  from: Person;
  to: Person;
  fromKind?: ContactKind;
  toKind: ContactKind;
  at: string;
  informationTransferred: boolean;
  consentId?: string | null;
}

export interface DueHandover {
  childId: string;
  name: string;
  birthDate: string;
  ageYears?: number;
  schooling?: Schooling;
  currentKind: ContactKind;
  expectedKind?: ContactKind | null;
  reason?: string;
}

/** En post i delningsloggen som servern skickar den; klienten visar bara det som står i `canonical`. */
export interface SharingLogEntry {
  logIndex: number;
  leafHash: string;
  canonical: string;
  category: string;
  sharedAt: string;
  familyNotified: boolean;
  what?: string;
}

export interface SharingLog {
  childId: string;
  entries: SharingLogEntry[];
}

export interface FamilyChild {
  id: string;
  name: string;
  birthDate: string;
  childContact?: Person;
}

export interface AccessLogEntry {
  id: number;
  at: string;
  username: string;
  organisation?: string | null;
  action: string;
  childId?: string | null;
  purpose?: string | null;
  outcome: 'GRANTED' | 'DENIED';
  /** Identical refusals within a few seconds are one row with their count. */
  count?: number;
}

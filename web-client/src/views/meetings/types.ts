/** Mötenas datatyper som servern skickar (openapi.yaml: Meeting, Participant, AgendaTemplate). */
import type { Person } from '../../types';

export type MeetingKind = 'STANDING_TEAM' | 'CHILD_TEAM_FIRST' | 'CHILD_TEAM' | 'FOLLOW_UP' | 'CLOSING' | 'COLLABORATION';
export type Answer = 'NEEDS_ACTION' | 'ACCEPTED' | 'DECLINED' | 'TENTATIVE';
export type Delivery = 'PENDING' | 'SENT' | 'FAILED';
export type ParticipantRole = 'PROFESSIONAL' | 'GUARDIAN' | 'CHILD' | 'OTHER';
export type ExternalRole = 'GUARDIAN' | 'CHILD' | 'OTHER';

export interface AgendaTemplate {
  kind: MeetingKind;
  label: string;
  source: string;
  agenda: string[];
}

export interface Participant {
  id: string;
  username?: string | null;
  name: string;
  email?: string | null;
  role: ParticipantRole;
  answer: Answer;
  /** PENDING (med attempts > 0: görs om efter ett tillfälligt fel), SENT, FAILED (gavs upp; lastError säger varför). */
  delivery: Delivery;
  attempts?: number;
  lastError?: string | null;
  nextAttemptAt?: string | null;
}

export interface MeetingWarning {
  type?: string;
  username?: string;
  message?: string;
}

export interface Meeting {
  id: string;
  childId: string;
  children: string[];
  kind: MeetingKind;
  kindLabel: string;
  title: string;
  start: string;
  end: string;
  location?: string | null;
  videoLink?: string | null;
  agenda?: string[];
  notes?: string | null;
  organiser: Person;
  status: 'SCHEDULED' | 'CANCELLED';
  sequence: number;
  participants: Participant[];
  myAnswer?: Answer | null;
  isOrganiser: boolean;
  /** Ett Barnteam som också tar upp barn jag inte arbetar med: bara typ, tid, plats och mina barn. */
  restricted?: boolean;
  /** Organiser, or the child's ChildContact/SupportCoordinator: may change and cancel. */
  mayManage?: boolean;
  warnings?: MeetingWarning[];
}

/** En deltagare som den skickas i NewMeeting/MeetingChange. */
export type NewParticipant = { username: string } | { name: string; email: string; role: ExternalRole };

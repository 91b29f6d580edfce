package se.samverkan.meeting;

import se.samverkan.policy.MeetingBasis;

/** How someone takes part in a meeting; the names are the values of {@code meeting_participant.role} and of the API. */
public enum ParticipantRole {
  PROFESSIONAL, GUARDIAN, CHILD, OTHER;

  /** The family is invited on its own right, not on a consent. */
  boolean family() {
    return this == GUARDIAN || this == CHILD;
  }

  MeetingBasis.Invited invited() {
    return switch (this) {
      case PROFESSIONAL -> MeetingBasis.Invited.PROFESSIONAL;
      case GUARDIAN -> MeetingBasis.Invited.GUARDIAN;
      case CHILD -> MeetingBasis.Invited.CHILD;
      case OTHER -> MeetingBasis.Invited.OTHER;
    };
  }
}

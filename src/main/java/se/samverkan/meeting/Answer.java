package se.samverkan.meeting;

import se.samverkan.shared.ProblemException;

/**
 * A participant's answer; the names are the values of {@code meeting_participant.answer} (V4), of the
 * API and of the iCalendar PARTSTAT the mails carry. NEEDS_ACTION is the state before an answer (and
 * again after the time moved), never one a person gives.
 */
public enum Answer {
  NEEDS_ACTION, ACCEPTED, DECLINED, TENTATIVE;

  /** An answer as a person gives it in the app or through a link; anything else is refused (400). */
  static Answer given(String value) {
    return switch (value == null ? "" : value) {
      case "ACCEPTED" -> ACCEPTED;
      case "DECLINED" -> DECLINED;
      case "TENTATIVE" -> TENTATIVE;
      default -> throw notGiven();
    };
  }

  /** The refusal of an answer nobody can give (NEEDS_ACTION, or anything that is no answer). */
  static ProblemException notGiven() {
    return ProblemException.invalid("Svaret måste vara ACCEPTED, DECLINED eller TENTATIVE.");
  }

  /**
   * A reminder goes to those who accepted or have not answered, as the issue asks; who declined or is
   * unsure has answered and is not pressed.
   */
  boolean remindable() {
    return this == ACCEPTED || this == NEEDS_ACTION;
  }
}

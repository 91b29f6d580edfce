package se.samverkan.crypto;

/**
 * The kind of record a sealed field belongs to, bound into its associated data. The strings are
 * part of every stored ciphertext: renaming one makes that field undecryptable, so they never
 * change; a new kind of field gets a new constant.
 */
public enum SealLabel {
  CHILD_NAME("child.name"),
  CHILD_PERSONAL_NUMBER("child.personal-number"),
  GUARDIAN_NAME("guardian.name"),
  GUARDIAN_EMAIL("guardian.email"),
  GUARDIAN_PHONE("guardian.phone"),
  GUARDIAN_USERNAME("guardian.username"),
  HANDOVER_REASON("handover.reason"),
  CONSENT_GIVEN_BY("consent.given-by"),
  CONSENT_PERSONS("consent.persons"),
  CONSENT_PURPOSE("consent.purpose"),
  CONSENT_WITHDRAWAL_REASON("consent.withdrawal-reason"),
  CONSENT_EXTERNAL_PERSONS("consent.external-persons"),
  MEETING_TITLE("meeting.title"),
  MEETING_LOCATION("meeting.location"),
  MEETING_VIDEO_LINK("meeting.video-link"),
  MEETING_AGENDA("meeting.agenda"),
  MEETING_NOTES("meeting.notes"),
  PARTICIPANT_NAME("participant.name"),
  PARTICIPANT_EMAIL("participant.email"),
  MESSAGE_TEXT("message.text"),
  SHARING_LOG_ENTRY("sharing-log.entry");

  private final String label;

  SealLabel(String label) {
    this.label = label;
  }

  /** The exact string stored in the associated data of existing ciphertexts. */
  public String label() {
    return label;
  }
}

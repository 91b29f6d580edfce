package se.samverkan.meeting;

/** What an outbox row sends; the names are the values of {@code mail_outbox.kind}. */
enum MailKind {
  /** An invitation, or a changed time or place (iTIP REQUEST). */
  REQUEST,
  /** A cancelled meeting or a withdrawn invitation (iTIP CANCEL). */
  CANCEL,
  /** The day-before reminder. */
  REMINDER
}

package se.samverkan.meeting;

/**
 * Whether a meeting takes place; the names are the values of {@code meeting.status} (V4) and of the
 * API. A cancelled meeting is kept, with its sequence raised, so that its CANCEL can be sent and its
 * history read.
 */
public enum MeetingStatus {
  SCHEDULED, CANCELLED
}

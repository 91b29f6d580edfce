package se.samverkan.meeting;

/**
 * The state of an outbox row; the names are the values of {@code mail_outbox.status} and, except
 * SUPERSEDED (never shown), of a participant's {@code delivery} in the API.
 */
enum DeliveryStatus {
  PENDING, SENT, FAILED, SUPERSEDED
}

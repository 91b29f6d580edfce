package se.samverkan.meeting;

/**
 * A rendered mail: a plain-text part and, for invitations and cancellations, an iCalendar part.
 *
 * @param calendar       the iCalendar object, or null
 * @param calendarMethod REQUEST or CANCEL (the iTIP method, also the MIME parameter)
 * @param messageId      stable per outbox row, so a mail sent twice can be recognised as one
 */
public record OutgoingMail(String to, String subject, String text, String calendar, String calendarMethod, String messageId) {
}

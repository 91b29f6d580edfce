package se.samverkan.meeting;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import se.samverkan.identity.Organisation;

/**
 * A meeting opened for the caller, as {@link MeetingJson} renders it. A restricted sight (a Barnteam
 * seen through some of its children) opens only the place: {@code details} is null then.
 * {@code warnings} is null except in the answer to a create or a change.
 */
record MeetingView(Seen seen, String location, Map<String, Organisation> orgs, Details details, List<Overlap> warnings) {

  /** What only a full sight opens. {@code notes} is null for whoever may not read the protocol. */
  record Details(String title, String videoLink, List<String> agenda, String notes, List<Invitation> participants,
                 Answer myAnswer) {
  }

  /** An invited person with their opened address and name and how the newest mail to them went. */
  record Invitation(ParticipantRecord participant, String email, String name, Delivery delivery) {
  }

  /**
   * The delivery of the newest mail: SENT, FAILED (given up, with the reason), or PENDING — with the
   * attempts so far, the last error and the next try while it is being retried.
   */
  record Delivery(DeliveryStatus status, int attempts, String lastError, Instant nextAttemptAt) {
    static final Delivery NONE_YET = new Delivery(DeliveryStatus.PENDING, 0, null, null);
  }

  /** An invitee with an account who already has an accepted meeting at that time. */
  record Overlap(String username, String name) {
  }

  MeetingView withWarnings(List<Overlap> overlaps) {
    return new MeetingView(seen, location, orgs, details, overlaps);
  }

  /** What the RSVP page of a personal link shows. {@code name} is null for the child, greeted without it. */
  record LinkAnswer(MeetingRecord meeting, String location, String videoLink, String organiser, ParticipantRecord participant,
                    boolean changed, String name) {
  }
}

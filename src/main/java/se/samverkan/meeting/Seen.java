package se.samverkan.meeting;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.policy.MeetingBasis;
import se.samverkan.policy.MeetingSight;
import se.samverkan.policy.MeetingSight.Level;
import se.samverkan.policy.MeetingSight.Sight;

/** A meeting with what {@link MeetingSight} lets the caller see of it. */
record Seen(MeetingRecord meeting, List<UUID> children, List<ParticipantRecord> participants, Sight sight) {

  static Future<Optional<Seen>> see(MeetingSight sight, MeetingRecord m, List<UUID> children,
      List<ParticipantRecord> participants) {
    Map<String, MeetingBasis.Invitation> invited = new HashMap<>();
    participants.stream().filter(p -> p.active() && p.subject() != null).forEach(p -> invited.put(p.subject().toString(),
        new MeetingBasis.Invitation(p.role().invited(), p.addedAt())));
    return sight.see(new MeetingSight.Meeting(m.childId(), m.organiserSubject(), m.createdAt(), children, invited,
            ConsentGate.requiredLevel(m.kind())))
        .map(seen -> seen.map(s -> new Seen(m, children, participants, s)));
  }

  Level level() {
    return sight.level();
  }

  boolean organiser() {
    return sight.organiser();
  }

  boolean invited() {
    return sight.invited();
  }

  List<UUID> visibleChildren() {
    return sight.visibleChildren();
  }

  boolean manages() {
    return sight.manages();
  }

  boolean full() {
    return sight.level() == Level.FULL;
  }

  /** May change or cancel it now (a cancelled meeting is final). */
  boolean mayManage() {
    return sight.manages() && !meeting.cancelled();
  }

  /** The child a restricted view is shown through (the meeting's own child when it is one of them). */
  UUID shownChild() {
    List<UUID> visible = sight.visibleChildren();
    return visible.contains(meeting.childId()) || visible.isEmpty() ? meeting.childId() : visible.get(0);
  }
}

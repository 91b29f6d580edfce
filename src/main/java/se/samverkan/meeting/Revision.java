package se.samverkan.meeting;

import io.vertx.core.json.JsonArray;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.SealLabel;

/**
 * What a change does to a stored meeting: the meeting as it will be, the children and people added
 * and taken off, who newly learns that a child is taken up, and whether those already invited get a
 * new calendar version (and, if the time moved, must answer again).
 */
record Revision(MeetingRecord before, MeetingRecord changed, Draft draft, List<UUID> childrenAfter, List<UUID> addedChildren,
                List<UUID> removedChildren, List<ParticipantRecord> participantsBefore, List<Invitee> added,
                List<ParticipantRecord> removed, Map<UUID, List<Invitee>> reveal, boolean timeMoved, boolean newSequence) {

  static Revision of(Seen seen, List<ParticipantRecord> participantsBefore, Draft draft, boolean childrenGiven, DataKey key,
      Instant reminderAt) {
    MeetingRecord m = seen.meeting();
    List<UUID> childrenBefore = seen.children();
    List<UUID> childrenAfter = new ArrayList<>();
    childrenAfter.add(m.childId());
    (childrenGiven ? draft.extraChildren() : childrenBefore).stream()
        .filter(c -> !childrenAfter.contains(c)).forEach(childrenAfter::add);
    List<UUID> addedChildren = childrenAfter.stream().filter(c -> !childrenBefore.contains(c)).toList();
    List<UUID> removedChildren = childrenBefore.stream().filter(c -> !childrenAfter.contains(c)).toList();

    Map<String, ParticipantRecord> existing = new LinkedHashMap<>();
    for (ParticipantRecord p : participantsBefore) {
      existing.put(keyOf(p, key), p);
    }
    List<Invitee> added = draft.invitees().stream().filter(i -> !existing.containsKey(i.key())).toList();
    Set<String> kept = new LinkedHashSet<>();
    draft.invitees().forEach(i -> kept.add(i.key()));
    List<ParticipantRecord> removed = participantsBefore.stream().filter(p -> !kept.contains(keyOf(p, key))).toList();

    boolean kindChanged = draft.kind() != m.kind();
    // Who newly learns that a child is taken up: everyone invited, for a child added to the list
    // or when the kind changes (a new purpose, another consent level); otherwise the newly invited.
    Map<UUID, List<Invitee>> reveal = new LinkedHashMap<>();
    for (UUID child : childrenAfter) {
      List<Invitee> told = kindChanged || addedChildren.contains(child) ? draft.invitees() : added;
      if (!told.isEmpty()) {
        reveal.put(child, told);
      }
    }

    boolean timeMoved = !draft.start().equals(m.start()) || !draft.end().equals(m.end());
    boolean placeChanged = !sameText(draft.location(), key.open(SealLabel.MEETING_LOCATION, m.id(), m.locationSealed()))
        || !sameText(draft.videoLink(), key.open(SealLabel.MEETING_VIDEO_LINK, m.id(), m.videoLinkSealed()));
    // Title, agenda, children and new participants are not news to those already invited: no mail
    // to them, and their pending invitations stay current. Anything in their calendar entry is —
    // the kind is the entry's SUMMARY.
    boolean newSequence = timeMoved || placeChanged || kindChanged || !removed.isEmpty();
    return new Revision(m, changed(m, draft, key, reminderAt), draft, childrenAfter, addedChildren, removedChildren,
        participantsBefore, added, removed, reveal, timeMoved, newSequence);
  }

  private static MeetingRecord changed(MeetingRecord m, Draft draft, DataKey key, Instant reminderAt) {
    return new MeetingRecord(m.id(), m.childId(), draft.kind(),
        key.seal(SealLabel.MEETING_TITLE, m.id(), draft.title()), key.seal(SealLabel.MEETING_LOCATION, m.id(), draft.location()),
        key.seal(SealLabel.MEETING_VIDEO_LINK, m.id(), draft.videoLink()),
        key.seal(SealLabel.MEETING_AGENDA, m.id(), new JsonArray(draft.agenda()).encode()), m.notesSealed(),
        draft.start(), draft.end(), m.organiserSubject(), m.organiserUsername(), m.organiserName(),
        m.organiserOrganisation(), m.organiserEmail(), m.icalUid(), m.sequence(), m.status(),
        reminderAt, m.createdAt(), m.updatedAt());
  }

  private static boolean sameText(String a, String b) {
    return Objects.equals(a == null || a.isBlank() ? null : a.strip(), b == null || b.isBlank() ? null : b.strip());
  }

  private static String keyOf(ParticipantRecord p, DataKey key) {
    return p.hasAccount() ? "user:" + p.username()
        : "mail:" + key.open(SealLabel.PARTICIPANT_EMAIL, p.id(), p.emailSealed()).toLowerCase(Locale.ROOT);
  }
}

package se.samverkan.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.samverkan.policy.MeetingSight.Level;
import se.samverkan.policy.MeetingSight.Sight;

/** The meeting's JSON in both directions, without the stack: pure mapping of records. */
class MeetingJsonTest {

  private static final UUID CHILD = UUID.randomUUID();
  private static final UUID OTHER_CHILD = UUID.randomUUID();
  private static final MeetingRecord MEETING = new MeetingRecord(UUID.randomUUID(), CHILD, MeetingKind.STANDING_TEAM,
      null, null, null, null, null, Instant.parse("2027-03-30T08:00:00Z"), Instant.parse("2027-03-30T09:00:00Z"),
      UUID.randomUUID(), "anna", "Anna", null, "anna@example.se", "x@samverkan", 0, MeetingStatus.SCHEDULED, null, null, null);

  @Test
  void restrictedViewShouldKeepTheFullViewsKeysAndBlankAllButTimeAndPlace() {
    ParticipantRecord p = new ParticipantRecord(UUID.randomUUID(), MEETING.id(), null, null, null, null, null,
        ParticipantRole.OTHER, Answer.NEEDS_ACTION, 0, null, null, null, null);
    MeetingView.Details details = new MeetingView.Details("Hemlig titel", "https://video.example/x", List.of("Punkt"), "Anteckning",
        List.of(new MeetingView.Invitation(p, "e@example.se", "Eva", MeetingView.Delivery.NONE_YET)), Answer.ACCEPTED);
    Seen fully = new Seen(MEETING, List.of(CHILD, OTHER_CHILD), List.of(p), new Sight(Level.FULL, false, true,
        List.of(CHILD, OTHER_CHILD), false));
    Seen partly = new Seen(MEETING, List.of(CHILD, OTHER_CHILD), List.of(p), new Sight(Level.RESTRICTED, false, false,
        List.of(OTHER_CHILD), false));

    JsonObject full = MeetingJson.meeting(new MeetingView(fully, "Skolan", Map.of(), details, null));
    JsonObject restricted = MeetingJson.meeting(new MeetingView(partly, "Skolan", Map.of(), null, null));

    assertEquals(full.fieldNames(), restricted.fieldNames());
    assertEquals("Skolan", restricted.getString("location"));
    assertEquals(MEETING.start().toString(), restricted.getString("start"));
    assertEquals(MeetingKind.STANDING_TEAM.label(), restricted.getString("title"));
    assertEquals(OTHER_CHILD.toString(), restricted.getString("childId"));
    assertEquals(new JsonArray().add(OTHER_CHILD.toString()), restricted.getJsonArray("children"));
    assertTrue(restricted.getJsonArray("participants").isEmpty());
    assertTrue(restricted.getJsonArray("agenda").isEmpty());
    assertNull(restricted.getString("videoLink"));
    assertNull(restricted.getString("notes"));
    assertEquals("Hemlig titel", full.getString("title"));
    assertEquals("PENDING", full.getJsonArray("participants").getJsonObject(0).getString("delivery"));
  }

  @Test
  void aChangeShouldLeaveWhatItOmitsUnset() {
    MeetingRequest change = MeetingRequest.from(new JsonObject().put("title", " Ny titel ").put("children", new JsonArray()));

    assertEquals("Ny titel", change.title());
    assertEquals(List.of(), change.children());
    assertNull(change.kind());
    assertNull(change.start());
    assertNull(change.location());
    assertNull(change.agenda());
    assertNull(change.participants());
  }
}

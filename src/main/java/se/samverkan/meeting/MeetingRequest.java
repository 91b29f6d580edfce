package se.samverkan.meeting;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import se.samverkan.shared.ProblemException;

/**
 * A meeting as requested (NewMeeting) or the fields a change gives (MeetingChange), from the body the
 * contract has already validated. A null field was not given: the contract has no nullable fields, so
 * a change keeps what it leaves out.
 */
record MeetingRequest(MeetingKind kind, String title, Instant start, Instant end, String location, String videoLink,
                      List<String> agenda, List<ParticipantRequest> participants, List<UUID> children) {

  /** One participant as requested: an account by username, or a name, an address and a role. */
  record ParticipantRequest(String username, String name, String email, ParticipantRole role) {
  }

  static MeetingRequest from(JsonObject body) {
    return new MeetingRequest(
        body.containsKey("kind") ? MeetingKind.valueOf(body.getString("kind")) : null,
        body.containsKey("title") ? body.getString("title").trim() : null,
        instant(body, "start"), instant(body, "end"),
        body.getString("location"), body.getString("videoLink"),
        strings(body.getJsonArray("agenda")), participants(body.getJsonArray("participants")),
        uuids(body.getJsonArray("children")));
  }

  private static Instant instant(JsonObject body, String field) {
    if (!body.containsKey(field)) {
      return null;
    }
    try {
      return OffsetDateTime.parse(body.getString(field)).toInstant();
    } catch (DateTimeParseException e) {
      throw ProblemException.invalid("start och end anges som ISO 8601 med tidszon, t.ex. 2027-03-30T10:00:00+02:00.");
    }
  }

  private static List<String> strings(JsonArray array) {
    if (array == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    array.forEach(a -> out.add(String.valueOf(a)));
    return out;
  }

  private static List<UUID> uuids(JsonArray array) {
    if (array == null) {
      return null;
    }
    List<UUID> out = new ArrayList<>();
    array.forEach(c -> out.add(UUID.fromString((String) c)));
    return out;
  }

  private static List<ParticipantRequest> participants(JsonArray array) {
    if (array == null) {
      return null;
    }
    List<ParticipantRequest> out = new ArrayList<>();
    for (Object o : array) {
      JsonObject p = (JsonObject) o;
      String username = p.getString("username");
      out.add(username != null ? new ParticipantRequest(username, null, null, null)
          : new ParticipantRequest(null, p.getString("name").trim(), p.getString("email").trim(),
              ParticipantRole.valueOf(p.getString("role"))));
    }
    return out;
  }
}

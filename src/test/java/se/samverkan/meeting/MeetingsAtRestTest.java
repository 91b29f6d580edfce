package se.samverkan.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Api;
import se.samverkan.testing.DatabaseDump;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/** A dump of the database holds no guardian's name and no external person's name or address from meetings. */
@ExtendWith(SamverkanExtension.class)
class MeetingsAtRestTest {

  private static TestStack stack;
  private static Api api;

  @BeforeAll
  static void api(TestStack testStack) {
    stack = testStack;
    api = new Api(testStack);
  }

  @Test
  void aLinkedGuardianInvitedByHerAccountShouldNotBeNamedInClearInTheDatabase() throws Exception {
    String child = api.registerChild("anna.bvc").getString("id");
    api.addGuardian("anna.bvc", child, "karin.guardian");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    Http.Response scheduled = api.post("anna.bvc", "/api/children/" + child + "/meetings", new JsonObject()
        .put("kind", "CHILD_TEAM").put("title", "Arbetsmöte").put("start", "2027-10-05T13:00:00+02:00")
        .put("end", "2027-10-05T14:00:00+02:00")
        .put("participants", new JsonArray().add(new JsonObject().put("username", "karin.guardian"))
            .add(new JsonObject().put("username", "erik.rektor"))));
    assertEquals(201, scheduled.status(), scheduled.toString());
    JsonObject karin = scheduled.json().getJsonArray("participants").stream().map(p -> (JsonObject) p)
        .filter(p -> "karin.guardian".equals(p.getString("username"))).findFirst().orElseThrow();
    assertEquals("Karin Johansson", karin.getString("name"), "the API still names her");
    assertEquals("GUARDIAN", karin.getString("role"));

    String dump = DatabaseDump.allTables(stack);
    assertTrue(dump.contains(scheduled.json().getString("id")), "the dump must hold the meeting, else it proves nothing");
    assertFalse(dump.contains("Karin Johansson"), "a guardian's name is in clear in the database");
    assertFalse(dump.contains("karin.guardian@example.se"), "a guardian's address is in clear in the database");

    // A row from before V6, whose clear name V6 removed and which has no sealed one: named from the directory.
    String meeting = scheduled.json().getString("id");
    try (java.sql.Connection db = stack.jdbc(); java.sql.PreparedStatement q = db.prepareStatement(
        "UPDATE meeting_participant SET name_ct = NULL, display_name = NULL WHERE meeting_id = ?::uuid AND username = 'karin.guardian'")) {
      q.setString(1, meeting);
      assertEquals(1, q.executeUpdate());
    }
    JsonObject legacy = api.get("anna.bvc", "/api/meetings/" + meeting).json().getJsonArray("participants").stream()
        .map(p -> (JsonObject) p).filter(p -> "karin.guardian".equals(p.getString("username"))).findFirst().orElseThrow();
    assertEquals("Karin Johansson", legacy.getString("name"));
  }
}

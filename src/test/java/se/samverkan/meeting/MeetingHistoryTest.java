package se.samverkan.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.samverkan.testing.Api.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Api;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/**
 * A ChildContact who received a child in a handover without consent sees its history only from the
 * handover on (decision 13): meetings scheduled before it stay hidden from them, unless they were
 * invited to them; meetings from then on are theirs.
 */
@ExtendWith(SamverkanExtension.class)
class MeetingHistoryTest {

  private static JsonObject meeting(String kind, String start, String end, String... usernames) {
    JsonArray participants = new JsonArray();
    for (String u : usernames) {
      participants.add(new JsonObject().put("username", u));
    }
    return new JsonObject().put("kind", kind).put("title", "Möte före överlämningen")
        .put("start", start).put("end", end).put("participants", participants);
  }

  private static List<String> ids(Http.Response list) {
    assertEquals(200, list.status(), list.toString());
    return list.json().getJsonArray("meetings").stream().map(m -> ((JsonObject) m).getString("id")).toList();
  }

  @Test
  void aContactWhoReceivedOnlyTheResponsibilityShouldNotSeeMeetingsFromBeforeTheHandover(TestStack stack) {
    Api api = new Api(stack);
    String child = api.registerChild("anna.bvc").getString("id");
    // Consent for the police only: erik (Växjö kommun) will receive the child without its information.
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("polisen"), List.of());
    api.addMemberOk("anna.bvc", child, "maria.polis");
    Http.Response before = api.post("anna.bvc", "/api/children/" + child + "/meetings",
        meeting("CHILD_TEAM", "2027-08-17T09:00:00+02:00", "2027-08-17T10:00:00+02:00", "maria.polis"));
    assertEquals(201, before.status(), before.toString());
    String hidden = before.json().getString("id");
    // Nor could he have been invited to a Barnteam before: the consent for the police does not name him.
    Http.Response barnteam = api.post("anna.bvc", "/api/children/" + child + "/meetings",
        meeting("STANDING_TEAM", "2027-08-18T09:00:00+02:00", "2027-08-18T10:00:00+02:00", "erik.rektor"));
    assertProblem(barnteam, 403, "consent-required");

    Http.Response handover = api.post("anna.bvc", "/api/children/" + child + "/handover",
        new JsonObject().put("toUsername", "erik.rektor").put("reason", "Skolstart"));
    assertEquals(200, handover.status(), handover.toString());
    assertFalse(handover.json().getBoolean("informationTransferred"));

    List<String> seen = ids(api.get("erik.rektor", "/api/children/" + child + "/meetings"));
    assertFalse(seen.contains(hidden), "a meeting from before the handover is shown to the new contact");
    assertProblem(api.get("erik.rektor", "/api/meetings/" + hidden), 404, "not-found");
    assertProblem(api.get("erik.rektor", "/api/meetings/" + hidden + "/invitations"), 404, "not-found");
    assertEquals(200, api.get("maria.polis", "/api/meetings/" + hidden).status(), "the team still sees it");

    Http.Response after = api.post("erik.rektor", "/api/children/" + child + "/meetings",
        meeting("CHILD_TEAM", "2027-09-07T09:00:00+02:00", "2027-09-07T10:00:00+02:00", "maria.polis"));
    assertEquals(201, after.status(), after.toString());
    assertTrue(ids(api.get("erik.rektor", "/api/children/" + child + "/meetings")).contains(after.json().getString("id")));
  }
}

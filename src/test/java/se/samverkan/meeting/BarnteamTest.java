package se.samverkan.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.samverkan.testing.Api.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Api;
import se.samverkan.testing.Http;
import se.samverkan.testing.Mails;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/**
 * The standing Barnteam takes up several children, each with a written consent in force; its list of
 * children changes by PATCH like any other field; and each child's team sees of the meeting only what
 * concerns their child.
 */
@ExtendWith(SamverkanExtension.class)
class BarnteamTest {

  private static TestStack stack;
  private static Api api;

  @BeforeAll
  static void api(TestStack testStack) {
    stack = testStack;
    api = new Api(testStack);
  }

  private static String child(String consentLevel) {
    String child = api.registerChild("anna.bvc").getString("id");
    if (consentLevel != null) {
      api.recordConsent("anna.bvc", child, consentLevel, List.of("vaxjo"), List.of());
    }
    return child;
  }

  private static JsonObject barnteam(List<String> moreChildren, String... usernames) {
    JsonArray participants = new JsonArray();
    for (String u : usernames) {
      participants.add(new JsonObject().put("username", u));
    }
    return new JsonObject().put("kind", "STANDING_TEAM").put("title", "Barnteam 1–6 år " + UUID.randomUUID())
        .put("start", "2027-04-13T13:00:00+02:00").put("end", "2027-04-13T15:00:00+02:00")
        .put("children", new JsonArray(moreChildren)).put("participants", participants);
  }

  private static JsonObject schedule(String child, JsonObject body) {
    Http.Response r = api.post("anna.bvc", "/api/children/" + child + "/meetings", body);
    assertEquals(201, r.status(), r.toString());
    return r.json();
  }

  /** The meeting's own child first, the others in any order. */
  private static void assertChildren(JsonArray actual, String own, String... others) {
    assertEquals(own, actual.getString(0), actual.encode());
    assertEquals(java.util.Set.of(others), new java.util.HashSet<>(actual.getList().subList(1, actual.size())), actual.encode());
  }

  private static List<String> meetingIds(String user, String child) {
    Http.Response r = api.get(user, "/api/children/" + child + "/meetings");
    assertEquals(200, r.status(), r.toString());
    return r.json().getJsonArray("meetings").stream().map(m -> ((JsonObject) m).getString("id")).toList();
  }

  private static JsonObject listed(String user, String child, String meetingId) {
    return api.get(user, "/api/children/" + child + "/meetings").json().getJsonArray("meetings").stream()
        .map(m -> (JsonObject) m).filter(m -> meetingId.equals(m.getString("id"))).findFirst()
        .orElseThrow(() -> new AssertionError(meetingId + " is not in " + child + "'s list for " + user));
  }

  private static List<JsonObject> invitationEntries(String child, String meetingId) {
    return api.sharingLog("anna.bvc", child).stream().map(e -> (JsonObject) e)
        .filter(e -> "MEETING_INVITATION".equals(e.getString("category")) && ("meeting:" + meetingId).equals(e.getString("reference")))
        .toList();
  }

  private static String consentOf(String child) {
    return api.get("anna.bvc", "/api/children/" + child + "/consents").json().getJsonArray("consents").getJsonObject(0).getString("id");
  }

  private static void saveNotes(String meetingId, String notes) {
    Http.Response saved = stack.http().send("PUT", "/api/meetings/" + meetingId + "/notes",
        Map.of("Authorization", "Bearer " + stack.token("anna.bvc"), "Content-Type", "application/json"),
        new JsonObject().put("notes", notes).encode());
    assertEquals(200, saved.status(), saved.toString());
  }

  @Test
  void aBarnteamForTwoChildrenWithWrittenConsentShouldShowInBothChildrensLists() {
    String a = child("WRITTEN");
    String b = child("WRITTEN");
    JsonObject meeting = schedule(a, barnteam(List.of(b), "erik.rektor"));
    String id = meeting.getString("id");
    assertChildren(meeting.getJsonArray("children"), a, b);
    assertTrue(meetingIds("anna.bvc", a).contains(id));
    assertTrue(meetingIds("anna.bvc", b).contains(id));

    // Each child's log tells that erik learnt of that child, on that child's written consent.
    for (String child : List.of(a, b)) {
      List<JsonObject> entries = invitationEntries(child, id);
      assertEquals(1, entries.size(), entries.toString());
      assertEquals(consentOf(child), entries.get(0).getJsonObject("legalBasis").getString("consentId"));
      assertEquals("erik.rektor", entries.get(0).getJsonObject("recipients").getJsonArray("persons").getJsonObject(0).getString("username"));
    }
  }

  @Test
  void aBarnteamInvitationShouldNeedAWrittenConsentThatNamesTheInvitee() {
    String child = api.registerChild("anna.bvc").getString("id");
    String bvcOnly = api.recordConsent("anna.bvc", child, "WRITTEN", List.of("region-kronoberg"), List.of());
    Http.Response refused = api.post("anna.bvc", "/api/children/" + child + "/meetings",
        barnteam(List.of(), "maria.polis", "lars.soc"));
    assertProblem(refused, 403, "consent-required");
    assertEquals(java.util.Set.of("maria.polis", "lars.soc"), refused.json().getJsonArray("missing").stream()
        .map(m -> ((JsonObject) m).getString("username")).collect(java.util.stream.Collectors.toSet()), refused.toString());
    assertTrue(meetingIds("anna.bvc", child).isEmpty(), "nothing was stored");
    assertTrue(api.sharingLog("anna.bvc", child).stream().noneMatch(e -> "MEETING_INVITATION".equals(((JsonObject) e)
        .getString("category"))), "nobody was logged as told");

    // With a consent for Växjö kommun too, Lars may be told — on that consent, never on the newer one naming only BVC.
    String vaxjo = api.recordConsent("anna.bvc", child, "WRITTEN", List.of("vaxjo"), List.of());
    api.recordConsent("anna.bvc", child, "WRITTEN", List.of("region-kronoberg"), List.of());
    String id = schedule(child, barnteam(List.of(), "lars.soc")).getString("id");
    List<JsonObject> entries = invitationEntries(child, id);
    assertEquals(1, entries.size(), entries.toString());
    assertEquals(vaxjo, entries.get(0).getJsonObject("legalBasis").getString("consentId"), entries.toString());
    assertFalse(entries.get(0).encode().contains(bvcOnly));
    assertProblem(api.patch("anna.bvc", "/api/meetings/" + id, new JsonObject().put("participants", new JsonArray()
        .add(new JsonObject().put("username", "lars.soc")).add(new JsonObject().put("username", "maria.polis")))),
        403, "consent-required");
  }

  @Test
  void addingChildrenWithoutWrittenConsentShouldBeRefusedNamingEveryOneOfThem() {
    String a = child("WRITTEN");
    String b = child("WRITTEN");
    String c = child(null);
    String d = child("ORAL");
    Http.Response refusedAtOnce = api.post("anna.bvc", "/api/children/" + a + "/meetings", barnteam(List.of(c, b, d), "erik.rektor"));
    assertProblem(refusedAtOnce, 403, "consent-required");
    assertEquals(java.util.Set.of(c, d), new java.util.HashSet<>(refusedAtOnce.json().getJsonArray("children").getList()),
        refusedAtOnce.toString());
    assertTrue(meetingIds("anna.bvc", c).isEmpty(), "nothing was stored");

    String id = schedule(a, barnteam(List.of(b), "erik.rektor")).getString("id");
    Http.Response third = api.patch("anna.bvc", "/api/meetings/" + id, new JsonObject().put("children", new JsonArray().add(b).add(c)));
    assertProblem(third, 403, "consent-required");
    assertEquals("WRITTEN", third.json().getString("requiredLevel"));
    assertEquals(c, third.json().getString("childId"));
    assertEquals(new JsonArray().add(c), third.json().getJsonArray("children"));
    assertFalse(third.json().getString("detail").contains("Testbarn"), "a problem's detail never names a child: " + third);

    Http.Response two = api.patch("anna.bvc", "/api/meetings/" + id, new JsonObject().put("children", new JsonArray().add(b).add(c).add(d)));
    assertProblem(two, 403, "consent-required");
    assertEquals(java.util.Set.of(c, d), new java.util.HashSet<>(two.json().getJsonArray("children").getList()),
        "every child without consent: " + two);
    assertChildren(api.get("anna.bvc", "/api/meetings/" + id).json().getJsonArray("children"), a, b);

    // With consent, the third child is added: its list shows the meeting, its log names who learnt of it.
    api.recordConsent("anna.bvc", c, "WRITTEN", List.of("vaxjo"), List.of());
    Http.Response added = api.patch("anna.bvc", "/api/meetings/" + id, new JsonObject().put("children", new JsonArray().add(b).add(c)));
    assertEquals(200, added.status(), added.toString());
    assertChildren(added.json().getJsonArray("children"), a, b, c);
    assertEquals(0, added.json().getInteger("sequence"), "the children are not in anyone's calendar");
    assertTrue(meetingIds("anna.bvc", c).contains(id));
    List<JsonObject> logged = invitationEntries(c, id);
    assertEquals(1, logged.size(), logged.toString());
    assertEquals(consentOf(c), logged.get(0).getJsonObject("legalBasis").getString("consentId"));
    assertEquals(1, invitationEntries(b, id).size(), "erik already knew of b: no new entry");
  }

  @Test
  void aChildTakenOffTheListShouldNoLongerBeSeenByItsTeam() {
    String a = child("WRITTEN_UPDATED");
    String b = child("WRITTEN_UPDATED");
    api.addMemberOk("anna.bvc", b, "sara.elevhalsa");
    String id = schedule(a, barnteam(List.of(b), "erik.rektor")).getString("id");
    assertTrue(meetingIds("sara.elevhalsa", b).contains(id));

    Http.Response removed = api.patch("anna.bvc", "/api/meetings/" + id, new JsonObject().put("children", new JsonArray()));
    assertEquals(200, removed.status(), removed.toString());
    assertEquals(new JsonArray().add(a), removed.json().getJsonArray("children"));
    assertFalse(meetingIds("sara.elevhalsa", b).contains(id), "b's team still sees the meeting");
    assertFalse(meetingIds("anna.bvc", b).contains(id));
    assertProblem(api.get("sara.elevhalsa", "/api/meetings/" + id), 404, "not-found");
  }

  @Test
  void someoneInOnlyOneListedChildsTeamShouldSeeWhenAndWhereButNothingAboutTheOtherChild() {
    String a = child("WRITTEN_UPDATED");
    String b = child("WRITTEN_UPDATED");
    api.addMemberOk("anna.bvc", b, "sara.elevhalsa");
    api.addMemberOk("anna.bvc", a, "lars.soc");
    api.addMemberOk("anna.bvc", b, "lars.soc");
    JsonObject body = barnteam(List.of(b), "erik.rektor");
    String title = body.getString("title");
    String id = schedule(a, body).getString("id");
    String secret = "Protokoll om barn A " + UUID.randomUUID();
    saveNotes(id, secret);

    for (Http.Response seen : List.of(api.get("sara.elevhalsa", "/api/meetings/" + id),
        api.get("sara.elevhalsa", "/api/children/" + b + "/meetings"))) {
      assertEquals(200, seen.status(), seen.toString());
      assertFalse(seen.body().contains(secret), "another child's protocol: " + seen.body());
      assertFalse(seen.body().contains(title), "the title may name another child: " + seen.body());
      assertFalse(seen.body().contains(a), "another child's id: " + seen.body());
      assertFalse(seen.body().contains("erik.rektor"), "the participants: " + seen.body());
    }
    JsonObject restricted = listed("sara.elevhalsa", b, id);
    assertTrue(restricted.getBoolean("restricted"));
    assertEquals(b, restricted.getString("childId"));
    assertEquals(new JsonArray().add(b), restricted.getJsonArray("children"));
    assertEquals("2027-04-13T11:00:00Z", restricted.getString("start"), "when it is");
    assertNull(restricted.getString("notes"));
    assertFalse(restricted.getBoolean("mayManage"));
    assertProblem(api.get("sara.elevhalsa", "/api/meetings/" + id + "/invitations"), 403, "forbidden");
    assertProblem(api.patch("sara.elevhalsa", "/api/meetings/" + id, new JsonObject().put("location", "Rum 9")), 403, "forbidden");

    // lars works with both children: he sees it all, though not invited; erik was invited.
    for (String user : List.of("lars.soc", "erik.rektor")) {
      JsonObject full = api.get(user, "/api/meetings/" + id).json();
      assertFalse(full.getBoolean("restricted"), user);
      assertEquals(secret, full.getString("notes"), user);
      assertEquals(title, full.getString("title"), user);
    }
    assertEquals(secret, listed("lars.soc", b, id).getString("notes"));
  }

  @Test
  void patchShouldChangeTheKindAndRunTheNewKindsConsentGate() throws Exception {
    String child = child("WRITTEN");
    JsonObject body = barnteam(List.of(), "erik.rektor");
    String id = schedule(child, body).getString("id");
    List<String> barnteamAgenda = api.get("anna.bvc", "/api/meetings/" + id).json().getJsonArray("agenda").stream()
        .map(String::valueOf).toList();

    // The child's own team needs an updated written consent covering erik: a written one is not enough.
    Http.Response refused = api.patch("anna.bvc", "/api/meetings/" + id, new JsonObject().put("kind", "CHILD_TEAM"));
    assertProblem(refused, 403, "consent-required");
    assertEquals("WRITTEN_UPDATED", refused.json().getString("requiredLevel"));
    assertEquals("erik.rektor", refused.json().getJsonArray("missing").getJsonObject(0).getString("username"));
    assertEquals("STANDING_TEAM", api.get("anna.bvc", "/api/meetings/" + id).json().getString("kind"));

    String updated = api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    Http.Response changed = api.patch("anna.bvc", "/api/meetings/" + id, new JsonObject().put("kind", "CHILD_TEAM"));
    assertEquals(200, changed.status(), changed.toString());
    assertEquals("CHILD_TEAM", changed.json().getString("kind"));
    assertEquals(1, changed.json().getInteger("sequence"), "the kind is the calendar entry's summary");
    assertEquals(barnteamAgenda, changed.json().getJsonArray("agenda").stream().map(String::valueOf).toList(),
        "the agenda stays as it was");
    String uid = id + "@" + java.net.URI.create(stack.baseUrl()).getHost();
    List<Mails> update = stack.smtp().await(m -> {
      Mails mail = Mails.of(m);
      return mail.calendarText() != null && uid.equals(mail.uid()) && mail.sequence() == 1;
    }, 1, Duration.ofSeconds(60)).stream().map(Mails::of).toList();
    assertEquals(1, update.size());
    assertEquals("Individuellt barnteam – arbetsmöte", update.get(0).event().getProperty("SUMMARY").orElseThrow().getValue());
    assertTrue(invitationEntries(child, id).stream()
            .anyMatch(e -> updated.equals(e.getJsonObject("legalBasis").getString("consentId"))),
        "the new purpose is logged on the updated consent");

    // An empty agenda takes the new kind's template.
    String empty = schedule(child, barnteam(List.of(), "erik.rektor").put("agenda", new JsonArray())).getString("id");
    JsonObject followUp = api.patch("anna.bvc", "/api/meetings/" + empty, new JsonObject().put("kind", "FOLLOW_UP")).json();
    assertEquals(MeetingKind.FOLLOW_UP.agenda(), followUp.getJsonArray("agenda").stream().map(String::valueOf).toList());
  }

  @Test
  void onlyABarnteamShouldTakeUpSeveralChildrenAndNeverWithTheFamily() {
    String a = child("WRITTEN_UPDATED");
    String b = child("WRITTEN_UPDATED");
    String id = schedule(a, barnteam(List.of(b), "erik.rektor")).getString("id");
    assertProblem(api.patch("anna.bvc", "/api/meetings/" + id, new JsonObject().put("kind", "CHILD_TEAM")), 400, "invalid-request");
    Http.Response withFamily = api.patch("anna.bvc", "/api/meetings/" + id, new JsonObject().put("participants", new JsonArray()
        .add(new JsonObject().put("username", "erik.rektor"))
        .add(new JsonObject().put("name", "Karin Johansson").put("email", "karin@example.se").put("role", "GUARDIAN"))));
    assertProblem(withFamily, 400, "invalid-request");
    // Taking the second child off and changing the kind in one change is fine.
    Http.Response both = api.patch("anna.bvc", "/api/meetings/" + id,
        new JsonObject().put("kind", "CHILD_TEAM").put("children", new JsonArray()));
    assertEquals(200, both.status(), both.toString());
    assertEquals(new JsonArray().add(a), both.json().getJsonArray("children"));
  }
}

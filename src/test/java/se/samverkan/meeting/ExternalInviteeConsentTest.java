package se.samverkan.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.samverkan.testing.Api.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Api;
import se.samverkan.testing.DatabaseDump;
import se.samverkan.testing.Http;
import se.samverkan.testing.Mails;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/**
 * Someone outside the family without an account (role OTHER, e.g. a private psychologist) may be
 * invited only when a consent in force at the meeting's level names them; the sharing log records
 * the consent that covers each person told, and the family on its own basis.
 */
@ExtendWith(SamverkanExtension.class)
class ExternalInviteeConsentTest {

  private static TestStack stack;
  private static Api api;

  @BeforeAll
  static void api(TestStack testStack) {
    stack = testStack;
    api = new Api(testStack);
  }

  private static String psychologist() {
    return "psykolog+" + UUID.randomUUID().toString().substring(0, 8) + "@example.se";
  }

  private static JsonObject firstTeamMeeting(String otherEmail, String... more) {
    JsonArray participants = new JsonArray().add(new JsonObject().put("name", "Privat Psykolog").put("email", otherEmail).put("role", "OTHER"));
    for (String username : more) {
      participants.add(new JsonObject().put("username", username));
    }
    return new JsonObject().put("kind", "CHILD_TEAM_FIRST").put("title", "Första mötet")
        .put("start", "2027-05-10T10:00:00+02:00").put("end", "2027-05-10T11:00:00+02:00").put("participants", participants);
  }

  private static JsonObject consentNaming(String level, List<String> organisations, String name, String email) {
    return api.consent(level, organisations, List.of())
        .put("externalPersons", new JsonArray().add(new JsonObject().put("name", name).put("email", email)));
  }

  private static int queuedMails(String child) throws Exception {
    try (Connection db = stack.jdbc(); PreparedStatement q = db.prepareStatement(
        "SELECT count(*) FROM mail_outbox o JOIN meeting m ON m.id = o.meeting_id WHERE m.child_id = ?::uuid")) {
      q.setString(1, child);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static List<JsonObject> invitationEntries(String child, String meetingId) {
    return api.sharingLog("anna.bvc", child).stream().map(e -> (JsonObject) e)
        .filter(e -> "MEETING_INVITATION".equals(e.getString("category")) && ("meeting:" + meetingId).equals(e.getString("reference")))
        .toList();
  }

  private static List<String> recipientNames(JsonObject entry) {
    return entry.getJsonObject("recipients").getJsonArray("persons").stream().map(p -> ((JsonObject) p).getString("name")).toList();
  }

  @Test
  void anOtherInviteeWithoutAConsentNamingThemShouldBeRefusedAndNothingSent() throws Exception {
    String bare = api.registerChild("anna.bvc").getString("id");
    String email = psychologist();
    Http.Response refused = api.post("anna.bvc", "/api/children/" + bare + "/meetings", firstTeamMeeting(email));
    assertProblem(refused, 403, "consent-required");
    assertEquals("WRITTEN_UPDATED", refused.json().getString("requiredLevel"));
    assertEquals(new JsonArray().add(new JsonObject().put("name", "Privat Psykolog").put("email", email)),
        refused.json().getJsonArray("missing"), refused.toString());
    assertTrue(refused.json().getString("detail").contains("Privat Psykolog"), refused.toString());

    // A consent for the organisations in the team does not name her either; refusals name everyone missing at once.
    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    Http.Response both = api.post("anna.bvc", "/api/children/" + child + "/meetings", firstTeamMeeting(email, "erik.rektor", "maria.polis"));
    assertProblem(both, 403, "consent-required");
    assertEquals(new JsonArray().add(new JsonObject().put("name", "Privat Psykolog").put("email", email))
            .add(new JsonObject().put("username", "maria.polis").put("organisation", "polisen")),
        both.json().getJsonArray("missing"), "every uncovered person, not just the first: " + both);

    assertEquals(0, queuedMails(bare), "no mail queued");
    assertEquals(0, queuedMails(child), "no mail queued");
    stack.awaitMailOutboxPass();
    assertTrue(stack.smtp().received().stream().map(Mails::of).noneMatch(m -> m.to().equals(email)), "a mail was sent");
  }

  @Test
  void aConsentNamingTheOtherInviteeShouldLetThemBeInvitedAndTheLogShouldCarryThatConsent() throws Exception {
    String child = api.registerChild("anna.bvc").getString("id");
    String email = psychologist();
    Http.Response recorded = api.post("anna.bvc", "/api/children/" + child + "/consents",
        consentNaming("WRITTEN_UPDATED", List.of("vaxjo"), "Privat Psykolog", email.toUpperCase()));
    assertEquals(201, recorded.status(), recorded.toString());
    String consentId = recorded.json().getString("id");
    assertEquals(new JsonArray().add(new JsonObject().put("name", "Privat Psykolog").put("email", email.toUpperCase())),
        recorded.json().getJsonArray("externalPersons"));
    assertEquals(recorded.json().getJsonArray("externalPersons"), api.get("anna.bvc", "/api/children/" + child + "/consents")
        .json().getJsonArray("consents").getJsonObject(0).getJsonArray("externalPersons"), "listed with the consent");

    JsonObject body = firstTeamMeeting(email, "erik.rektor");
    String karin = "karin+" + UUID.randomUUID().toString().substring(0, 6) + "@example.se";
    api.addGuardianAddress("anna.bvc", child, karin);
    body.getJsonArray("participants").add(new JsonObject().put("name", "Karin Johansson").put("email", karin).put("role", "GUARDIAN"));
    Http.Response scheduled = api.post("anna.bvc", "/api/children/" + child + "/meetings", body);
    assertEquals(201, scheduled.status(), "the address is compared without regard to case: " + scheduled);
    String id = scheduled.json().getString("id");
    List<Mails> got = stack.smtp().await(m -> Mails.of(m).to().equals(email), 1, Duration.ofSeconds(60)).stream().map(Mails::of).toList();
    assertEquals(1, got.size(), "the psychologist gets her invitation");

    List<JsonObject> entries = invitationEntries(child, id);
    assertEquals(2, entries.size(), entries.toString());
    JsonObject onConsent = entries.stream().filter(e -> "CONSENT".equals(e.getJsonObject("legalBasis").getString("type")))
        .findFirst().orElseThrow();
    assertEquals(consentId, onConsent.getJsonObject("legalBasis").getString("consentId"));
    assertEquals(List.of("Erik Lindqvist", "Privat Psykolog"), recipientNames(onConsent).stream().sorted().toList(), onConsent.encode());
    assertEquals("vaxjo", onConsent.getJsonObject("recipients").getJsonArray("organisations").getJsonObject(0).getString("alias"));
    assertTrue(onConsent.getString("what").startsWith("Inbjudan till individuellt barnteam"), onConsent.getString("what"));
    JsonObject family = entries.stream().filter(e -> "FAMILY".equals(e.getJsonObject("legalBasis").getString("type")))
        .findFirst().orElseThrow();
    assertEquals(null, family.getJsonObject("legalBasis").getString("consentId"));
    assertEquals(List.of("Karin Johansson"), recipientNames(family));
    assertTrue(api.sharingLog("anna.bvc", child).stream().map(e -> ((JsonObject) e).getJsonObject("legalBasis"))
            .noneMatch(b -> "CONSENT".equals(b.getString("type")) && b.getString("consentId") == null),
        "an entry claims a consent that does not exist");
  }

  @Test
  void aWithdrawnConsentShouldNoLongerLetTheExternalPersonBeInvited() {
    String child = api.registerChild("anna.bvc").getString("id");
    String email = psychologist();
    Http.Response recorded = api.post("anna.bvc", "/api/children/" + child + "/consents",
        consentNaming("WRITTEN_UPDATED", List.of(), "Privat Psykolog", email));
    assertEquals(201, recorded.status(), "a consent may name only someone outside Samverkan: " + recorded);
    assertEquals(200, api.withdraw("anna.bvc", child, recorded.json().getString("id")).status());
    assertProblem(api.post("anna.bvc", "/api/children/" + child + "/meetings", firstTeamMeeting(email)), 403, "consent-required");
  }

  @Test
  void aBarnteamShouldNeedAWrittenConsentThatNamesTheExternalPerson() {
    String child = api.registerChild("anna.bvc").getString("id");
    String email = psychologist();
    api.recordConsent("anna.bvc", child, "WRITTEN", List.of("vaxjo"), List.of());
    JsonObject barnteam = firstTeamMeeting(email, "erik.rektor").put("kind", "STANDING_TEAM");
    Http.Response refused = api.post("anna.bvc", "/api/children/" + child + "/meetings", barnteam);
    assertProblem(refused, 403, "consent-required");
    assertEquals("WRITTEN", refused.json().getString("requiredLevel"));
    assertEquals(email, refused.json().getJsonArray("missing").getJsonObject(0).getString("email"));

    assertEquals(201, api.post("anna.bvc", "/api/children/" + child + "/consents",
        consentNaming("WRITTEN", List.of(), "Privat Psykolog", email)).status());
    assertEquals(201, api.post("anna.bvc", "/api/children/" + child + "/meetings", barnteam).status());
  }

  @Test
  void theFamilyShouldSeeWhomTheirConsentNamesAndTheDatabaseShouldNot() throws Exception {
    String child = api.registerChild("anna.bvc").getString("id");
    api.addGuardian("anna.bvc", child, "karin.guardian");
    String unique = "Psykolog" + UUID.randomUUID().toString().substring(0, 6);
    String email = unique.toLowerCase() + "@example.se";
    assertEquals(201, api.post("anna.bvc", "/api/children/" + child + "/consents",
        consentNaming("WRITTEN_UPDATED", List.of("vaxjo"), "Doktor " + unique, email)).status());
    assertEquals(201, api.post("anna.bvc", "/api/children/" + child + "/meetings", firstTeamMeeting(email)).status());

    JsonArray seen = api.get("karin.guardian", "/api/family/children/" + child + "/consents").json()
        .getJsonArray("consents").getJsonObject(0).getJsonArray("externalPersons");
    assertEquals(new JsonArray().add(new JsonObject().put("name", "Doktor " + unique).put("email", email)), seen);

    String dump = DatabaseDump.allTables(stack);
    assertTrue(dump.contains(child), "the dump must hold the child's rows, else it proves nothing");
    assertFalse(dump.contains(unique), "an external person's name is in clear in the database");
    assertFalse(dump.contains(email), "an external person's address is in clear in the database");
  }

  @Test
  void withdrawnConsentShouldStopTheRsvpLinkAndCancelForThemOnly() throws Exception {
    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    String email = psychologist();
    Http.Response naming = api.post("anna.bvc", "/api/children/" + child + "/consents",
        consentNaming("WRITTEN_UPDATED", List.of(), "Privat Psykolog", email));
    assertEquals(201, naming.status(), naming.toString());
    Http.Response scheduled = api.post("anna.bvc", "/api/children/" + child + "/meetings", firstTeamMeeting(email, "erik.rektor"));
    assertEquals(201, scheduled.status(), scheduled.toString());
    String id = scheduled.json().getString("id");
    Mails invitation = Mails.of(stack.smtp().await(m -> Mails.of(m).to().equals(email), 1, Duration.ofSeconds(60)).get(0));
    String token = invitation.rsvpToken().orElseThrow();
    assertEquals(200, stack.http().get("/rsvp/" + token).status());

    // The link says nothing to whoever sees it: neither the participant nor the meeting can be read from it.
    String participant = api.get("anna.bvc", "/api/meetings/" + id + "/invitations").json().getJsonArray("invitations").stream()
        .map(o -> (JsonObject) o).filter(p -> email.equals(p.getString("email"))).findFirst().orElseThrow().getString("id");
    String raw = java.util.HexFormat.of().formatHex(java.util.Base64.getUrlDecoder().decode(token));
    for (String readable : List.of(participant, id)) {
      assertFalse(raw.contains(readable.replace("-", "")), "the token carries " + readable + " in clear");
    }

    assertEquals(200, api.withdraw("anna.bvc", child, naming.json().getString("id")).status());
    assertEquals(404, stack.http().get("/rsvp/" + token).status(), "the link works no more");
    Http.Response answered = stack.http().send("POST", "/rsvp/" + token, java.util.Map.of("Content-Type", "application/json"),
        new JsonObject().put("answer", "ACCEPTED").encode());
    assertProblem(answered, 404, "not-found");
    String uid = id + "@" + java.net.URI.create(stack.baseUrl()).getHost();
    List<Mails> cancels = stack.smtp().await(m -> uid.equals(Mails.of(m).uid()) && "CANCEL".equals(Mails.of(m).method()), 1,
        Duration.ofSeconds(60)).stream().map(Mails::of).toList();
    assertEquals(List.of(email), cancels.stream().map(Mails::to).toList());
    assertEquals("NEEDS_ACTION", api.get("anna.bvc", "/api/meetings/" + id).json().getJsonArray("participants")
        .getJsonObject(0).getString("answer"), "the refused answer changed nothing");
    assertEquals(1, api.get("anna.bvc", "/api/meetings/" + id).json().getJsonArray("participants").size(), "only Erik is left");
  }
}

package se.samverkan.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.samverkan.testing.Api.assertProblem;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Api;
import se.samverkan.testing.Eventually;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;
import se.samverkan.testing.WsClient;

/** The ChildContact follows the child's age; a handover is logged and moves information only with consent. */
@ExtendWith(SamverkanExtension.class)
class HandoverTest {

  private static Api api;

  @BeforeAll
  static void api(TestStack stack) {
    api = new Api(stack);
  }

  @Test
  void aChildWhoStartedSchoolShouldBeDueForHandoverFromChildHealthCare() {
    String birth = LocalDate.now().minusYears(7).toString();
    Http.Response r = api.post("anna.bvc", "/api/children", new JsonObject().put("name", "Skolbarn Due")
        .put("birthDate", birth).put("schooling", "PRESCHOOL").put("contactKind", "CHILD_HEALTH_CARE"));
    assertEquals(201, r.status(), r.toString());
    String child = r.json().getString("id");
    assertEquals("PRESCHOOL", r.json().getString("expectedContactKind"));
    assertTrue(r.json().getBoolean("handoverDue"));

    assertEquals("SCHOOL", api.patch("anna.bvc", "/api/children/" + child, new JsonObject().put("schooling", "COMPULSORY"))
        .json().getString("expectedContactKind"));
    JsonObject due = api.get("anna.bvc", "/api/handovers/due").json().getJsonArray("handovers").stream()
        .map(o -> (JsonObject) o).filter(h -> h.getString("childId").equals(child)).findFirst().orElseThrow();
    assertEquals("CHILD_HEALTH_CARE", due.getString("currentKind"));
    assertEquals("SCHOOL", due.getString("expectedKind"));
    assertEquals("Skolbarn Due", due.getString("name"));
    assertProblem(api.get("maria.polis", "/api/handovers/due"), 403, "forbidden");
  }

  @Test
  void handoverWithConsentShouldTransferInformationAndEndTheOldContactsAccess() {
    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    Http.Response r = api.post("anna.bvc", "/api/children/" + child + "/handover",
        new JsonObject().put("toUsername", "erik.rektor").put("reason", "Barnet har börjat i skolan"));
    assertEquals(200, r.status(), r.toString());
    assertTrue(r.json().getBoolean("informationTransferred"));
    assertEquals("erik.rektor", r.json().getJsonObject("to").getString("username"));

    JsonObject seen = api.get("erik.rektor", "/api/children/" + child).json();
    assertEquals("CHILD_CONTACT", seen.getString("myRole"));
    assertEquals("SCHOOL", seen.getString("contactKind"));
    assertProblem(api.get("anna.bvc", "/api/children/" + child), 404, "not-found");

    List<String> categories = api.sharingLog("erik.rektor", child).stream()
        .map(e -> ((JsonObject) e).getString("category")).toList();
    assertTrue(categories.contains("HANDOVER"), categories.toString());
  }

  @Test
  void handoverWithoutConsentShouldMoveOnlyTheResponsibility() {
    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("polisen"), List.of());
    api.addMemberOk("anna.bvc", child, "maria.polis");
    Http.Response r = api.post("anna.bvc", "/api/children/" + child + "/handover",
        new JsonObject().put("toUsername", "erik.rektor").put("reason", "Skolstart"));
    assertEquals(200, r.status(), r.toString());
    assertFalse(r.json().getBoolean("informationTransferred"));
    List<JsonObject> seen = api.sharingLog("erik.rektor", child).stream().map(e -> (JsonObject) e).toList();
    assertEquals(List.of("HANDOVER"), seen.stream().map(e -> e.getString("category")).toList(),
        "history from before the handover stays hidden from the new contact");
    assertEquals("CARE_MODEL", seen.get(0).getJsonObject("legalBasis").getString("type"));
    assertEquals(2, api.sharingLog("maria.polis", child).size(), "the team still sees its history");
  }

  @Test
  void aContactWhoTookOverWithoutConsentShouldNotLearnWhoWorkedWithTheChildBefore() {
    String child = api.registerChild("anna.bvc").getString("id");
    String consent = api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("polisen"), List.of());
    api.addMemberOk("anna.bvc", child, "maria.polis");
    assertEquals(200, api.post("anna.bvc", "/api/children/" + child + "/team/coordinator",
        new JsonObject().put("username", "maria.polis")).status());
    Http.Response r = api.post("anna.bvc", "/api/children/" + child + "/handover",
        new JsonObject().put("toUsername", "erik.rektor").put("reason", "Skolstart"));
    assertFalse(r.json().getBoolean("informationTransferred"), r.toString());

    JsonObject team = api.get("erik.rektor", "/api/children/" + child + "/team").json();
    List<String> members = team.getJsonArray("members").stream().map(m -> ((JsonObject) m).getString("username")).toList();
    assertEquals(List.of("erik.rektor"), members, "the police's membership is information about the child");
    assertEquals(null, team.getValue("supportCoordinator"));
    assertTrue(team.getString("historyFrom") != null);
    JsonObject childView = api.get("erik.rektor", "/api/children/" + child).json();
    assertEquals(null, childView.getValue("supportCoordinator"));
    assertEquals(team.getString("historyFrom"), childView.getString("historyFrom"));

    JsonObject shown = api.get("erik.rektor", "/api/children/" + child + "/consents").json().getJsonArray("consents").getJsonObject(0);
    assertEquals(consent, shown.getString("id"));
    assertTrue(shown.getBoolean("restricted"));
    assertTrue(shown.getJsonArray("organisations").isEmpty(), shown.encode());
    assertEquals(null, shown.getValue("purpose"));
    assertFalse(shown.encode().contains("polis"), shown.encode());
    assertProblem(api.delete("erik.rektor", "/api/children/" + child + "/team/members/maria.polis"), 404, "not-found");

    // The team keeps working as before, and sees its own history in full.
    JsonObject mariasView = api.get("maria.polis", "/api/children/" + child + "/team").json();
    assertEquals(null, mariasView.getValue("historyFrom"));
    assertTrue(mariasView.encode().contains("maria.polis"));
    assertFalse(api.get("maria.polis", "/api/children/" + child + "/consents").json()
        .getJsonArray("consents").getJsonObject(0).getBoolean("restricted"));

    // The guardians may still withdraw that consent through the new ChildContact.
    assertEquals(200, api.withdraw("erik.rektor", child, consent).status());
    assertProblem(api.get("maria.polis", "/api/children/" + child), 404, "not-found");
  }

  /** A child whose team (maria.polis under a consent for the police) was handed to erik.rektor without consent. */
  private static String[] handedOverWithoutConsent() {
    String child = api.registerChild("anna.bvc").getString("id");
    String consent = api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("polisen"), List.of());
    api.addMemberOk("anna.bvc", child, "maria.polis");
    Http.Response r = api.post("anna.bvc", "/api/children/" + child + "/handover",
        new JsonObject().put("toUsername", "erik.rektor").put("reason", "Skolstart"));
    assertFalse(r.json().getBoolean("informationTransferred"), r.toString());
    return new String[] {child, consent};
  }

  private static List<String> markerNames(String user, String child) {
    Http.Response r = api.get(user, "/api/children/" + child + "/team/read-markers");
    assertEquals(200, r.status(), r.toString());
    return r.json().getJsonArray("markers").stream().map(m -> ((JsonObject) m).getString("username")).toList();
  }

  private static void readUpTo(String user, String child, long seq) {
    assertEquals(204, api.post(user, "/api/children/" + child + "/team/read-markers", new JsonObject().put("seq", seq)).status());
  }

  @Test
  void aContactWhoTookOverWithoutConsentShouldSeeNoReadMarkersOfTheEarlierTeam() {
    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("polisen"), List.of());
    api.addMemberOk("anna.bvc", child, "maria.polis");
    long seq = api.post("maria.polis", "/api/children/" + child + "/team/messages",
        new JsonObject().put("clientId", "m1").put("text", "Polisen har haft kontakt med familjen")).json().getLong("seq");
    readUpTo("maria.polis", child, seq);
    readUpTo("anna.bvc", child, seq);
    assertEquals(200, api.post("anna.bvc", "/api/children/" + child + "/handover",
        new JsonObject().put("toUsername", "erik.rektor").put("reason", "Skolstart")).status());

    assertEquals(List.of(), markerNames("erik.rektor", child), "a marker tells who was in the team before");
    readUpTo("erik.rektor", child, seq);
    assertEquals(List.of("erik.rektor"), markerNames("erik.rektor", child));
    assertEquals(List.of("anna.bvc", "erik.rektor", "maria.polis"), markerNames("maria.polis", child),
        "the team itself sees every marker as before");
  }

  @Test
  void aContactWhoTookOverWithoutConsentShouldGetNoLiveFramesOfHiddenMembers(TestStack stack) {
    String child = handedOverWithoutConsent()[0];
    api.recordConsent("erik.rektor", child, "WRITTEN_UPDATED", List.of("ljungby"), List.of());
    api.addMemberOk("erik.rektor", child, "olof.ljungby");
    long seq = api.post("olof.ljungby", "/api/children/" + child + "/team/messages",
        new JsonObject().put("clientId", "o1").put("text", "Hej från elevhälsan")).json().getLong("seq");
    try (WsClient erik = WsClient.as(stack, "erik.rektor"); WsClient olof = WsClient.as(stack, "olof.ljungby");
         WsClient maria = WsClient.as(stack, "maria.polis")) {
      assertEquals("subscribed", erik.subscribe(child, null).getString("type"));
      assertEquals("subscribed", olof.subscribe(child, null).getString("type"));
      assertEquals("subscribed", maria.subscribe(child, null).getString("type"), "maria's own access is not ended");

      // maria is hidden from erik: olof, who sees the whole team, receives her frames first ...
      maria.send(new JsonObject().put("type", "typing").put("childId", child));
      olof.await(f -> "typing".equals(f.getString("type")) && "maria.polis".equals(f.getString("username")), "maria typing");
      readUpTo("maria.polis", child, seq);
      olof.await(f -> "receipt".equals(f.getString("type")) && "maria.polis".equals(f.getString("username")), "maria's receipt");
      // ... then olof's, which erik does see, arrive after them on the same channel.
      olof.send(new JsonObject().put("type", "typing").put("childId", child));
      erik.await(f -> "typing".equals(f.getString("type")) && "olof.ljungby".equals(f.getString("username")), "olof typing");
      readUpTo("olof.ljungby", child, seq);
      erik.await(f -> "receipt".equals(f.getString("type")) && "olof.ljungby".equals(f.getString("username")), "olof's receipt");

      assertEquals(List.of(), erik.frames().filter(f -> "maria.polis".equals(f.getString("username"))).toList(),
          "a live frame tells who was in the team before");
    }
  }

  @Test
  void addingAHiddenMemberShouldAnswerAsForSomeoneWhoWasNeverInTheTeam() {
    String child = handedOverWithoutConsent()[0];
    String members = "/api/children/" + child + "/team";

    // The consent that admitted maria is from before erik's time: he cannot rely on what he cannot read.
    Http.Response hidden = api.addMember("erik.rektor", child, "maria.polis");
    Http.Response stranger = api.addMember("erik.rektor", child, "olof.ljungby");
    assertProblem(hidden, 403, "consent-required");
    assertProblem(stranger, 403, "consent-required");
    assertEquals(stranger.json().fieldNames(), hidden.json().fieldNames());
    assertEquals(List.of("erik.rektor"), api.get("erik.rektor", members).json().getJsonArray("members").stream()
        .map(m -> ((JsonObject) m).getString("username")).toList());

    // With a consent of his own, both join alike, from now on.
    String consent = api.recordConsent("erik.rektor", child, "WRITTEN_UPDATED", List.of("polisen", "ljungby"), List.of());
    Http.Response maria = api.addMember("erik.rektor", child, "maria.polis");
    Http.Response olof = api.addMember("erik.rektor", child, "olof.ljungby");
    assertEquals(201, maria.status(), maria.toString());
    assertEquals(201, olof.status(), olof.toString());
    assertEquals(olof.json().fieldNames(), maria.json().fieldNames());
    assertEquals(consent, maria.json().getString("consentId"));
    assertEquals("erik.rektor", maria.json().getString("addedBy"));
    JsonObject team = api.get("erik.rektor", members).json();
    JsonObject shown = team.getJsonArray("members").stream().map(m -> (JsonObject) m)
        .filter(m -> "maria.polis".equals(m.getString("username"))).findFirst().orElseThrow();
    assertFalse(java.time.Instant.parse(shown.getString("addedAt")).isBefore(java.time.Instant.parse(team.getString("historyFrom"))),
        shown.encode());
    assertEquals("MEMBER", shown.getString("role"));
    assertProblem(api.addMember("erik.rektor", child, "maria.polis"), 409, "conflict");
    assertEquals("MEMBER", api.get("maria.polis", "/api/children/" + child).json().getString("myRole"));
  }

  @Test
  void theWithdrawAnswerShouldShowNoMoreThanTheRestrictedList() {
    String[] handedOver = handedOverWithoutConsent();
    String child = handedOver[0];
    Http.Response withdrawn = api.withdraw("erik.rektor", child, handedOver[1]);
    assertEquals(200, withdrawn.status(), withdrawn.toString());
    assertTrue(withdrawn.json().getBoolean("restricted"), withdrawn.toString());
    assertFalse(withdrawn.body().contains("polis"), withdrawn.body());
    assertEquals("WITHDRAWN", withdrawn.json().getString("status"));
    JsonObject listed = api.get("erik.rektor", "/api/children/" + child + "/consents").json().getJsonArray("consents")
        .getJsonObject(0);
    assertEquals(listed, withdrawn.json(), "the answer is the list's entry");

    JsonObject logged = api.sharingLog("erik.rektor", child).stream().map(e -> (JsonObject) e)
        .filter(e -> "CONSENT_WITHDRAWN".equals(e.getString("category"))).findFirst().orElseThrow();
    assertTrue(logged.getJsonObject("recipients").getJsonArray("persons").isEmpty(), logged.encode());
    assertFalse(logged.getString("canonical").contains("maria"), "the entry does not name whom it ended: " + logged.encode());
    assertProblem(api.get("maria.polis", "/api/children/" + child), 404, "not-found");
  }

  @Test
  void aConsentTheNewContactRecordsShouldNotQuietlyGiveAHiddenMemberAccessAgain() throws Exception {
    String child = api.registerChild("anna.bvc").getString("id");
    java.time.Instant until = java.time.Instant.now().plusSeconds(4).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    assertEquals(201, api.post("anna.bvc", "/api/children/" + child + "/consents",
        api.consent("WRITTEN_UPDATED", List.of("polisen"), List.of()).put("validUntil", until.toString().replace("Z", "+00:00")))
        .status());
    api.addMemberOk("anna.bvc", child, "maria.polis");
    assertEquals(200, api.post("anna.bvc", "/api/children/" + child + "/handover",
        new JsonObject().put("toUsername", "erik.rektor").put("reason", "Skolstart")).status());
    Eventually.await(java.time.Duration.ofSeconds(20), "the consent did not run out",
        () -> api.get("maria.polis", "/api/children/" + child).status() == 404);

    api.recordConsent("erik.rektor", child, "WRITTEN_UPDATED", List.of("polisen"), List.of());
    assertEquals(List.of("HANDOVER"), api.sharingLog("erik.rektor", child).stream()
        .map(e -> ((JsonObject) e).getString("category")).toList(), "no entry tells erik that maria was there");
    assertProblem(api.get("maria.polis", "/api/children/" + child), 404, "not-found");

    // He may add her as anyone new, and that is logged where he and the family see it.
    api.addMemberOk("erik.rektor", child, "maria.polis");
    assertEquals("MEMBER", api.get("maria.polis", "/api/children/" + child).json().getString("myRole"));
    assertEquals(List.of("HANDOVER", "TEAM_MEMBERSHIP"), api.sharingLog("erik.rektor", child).stream()
        .map(e -> ((JsonObject) e).getString("category")).toList());
  }

  @Test
  void aManualSharingShouldNotLetTheNewContactProbeARestrictedConsent() {
    String[] handedOver = handedOverWithoutConsent();
    String child = handedOver[0];
    java.util.function.Function<String, Http.Response> shareWithUnder = consentId -> api.post("erik.rektor",
        "/api/children/" + child + "/sharing-log", new JsonObject()
            .put("what", "Elevhälsans bedömning")
            .put("recipients", new JsonObject().put("persons", new io.vertx.core.json.JsonArray())
                .put("organisations", new io.vertx.core.json.JsonArray().add("polisen")))
            .put("purpose", "Samordnat stöd")
            .put("legalBasis", new JsonObject().put("type", "CONSENT").put("consentId", consentId))
            .put("familyNotified", true));
    Http.Response covered = shareWithUnder.apply(handedOver[1]);
    Http.Response unknown = shareWithUnder.apply(java.util.UUID.randomUUID().toString());
    assertProblem(covered, 403, "consent-required");
    assertProblem(unknown, 403, "consent-required");
    assertEquals(unknown.json(), covered.json(), "a restricted consent answers like one that does not exist");
    assertEquals(List.of("HANDOVER"), api.sharingLog("erik.rektor", child).stream()
        .map(e -> ((JsonObject) e).getString("category")).toList());
  }

  @Test
  void aChildKeptAtHomeShouldBecomeDueForTheSchoolWhenItStartsForskoleklass(TestStack stack) throws Exception {
    LocalDate today = LocalDate.now(java.time.ZoneId.of("Europe/Stockholm"));
    int schoolYearBegan = today.getMonthValue() >= 8 ? today.getYear() : today.getYear() - 1;
    LocalDate born = LocalDate.of(schoolYearBegan - 6, 1, 15);
    Http.Response r = api.post("anna.bvc", "/api/children", new JsonObject().put("name", "Hemmabarn")
        .put("birthDate", born.toString()).put("schooling", "NOT_STARTED").put("contactKind", "CHILD_HEALTH_CARE"));
    assertEquals(201, r.status(), r.toString());
    String child = r.json().getString("id");
    assertEquals("NOT_STARTED", r.json().getString("schooling"), "stated this school year: it holds");
    assertFalse(r.json().getBoolean("handoverDue"));

    // Stated years ago, when the child was a toddler: förskoleklass, which every child starts, overtakes it.
    try (java.sql.Connection c = stack.jdbc();
         java.sql.PreparedStatement s = c.prepareStatement("UPDATE child SET schooling_stated_at = ? WHERE id = ?")) {
      s.setObject(1, java.time.OffsetDateTime.of(born.plusYears(2).atStartOfDay(), java.time.ZoneOffset.UTC));
      s.setObject(2, java.util.UUID.fromString(child));
      assertEquals(1, s.executeUpdate());
    }
    JsonObject seen = api.get("anna.bvc", "/api/children/" + child).json();
    assertEquals("PRESCHOOL_CLASS", seen.getString("schooling"));
    assertFalse(seen.getBoolean("schoolingStated"));
    assertEquals("SCHOOL", seen.getString("expectedContactKind"));
    assertTrue(seen.getBoolean("handoverDue"));
    assertTrue(api.get("anna.bvc", "/api/handovers/due").json().getJsonArray("handovers").stream()
        .anyMatch(h -> ((JsonObject) h).getString("childId").equals(child)));
  }

  @Test
  void aChildRegisteredWithoutSchoolingShouldFollowTheSchoolCalendar() {
    LocalDate today = LocalDate.now(java.time.ZoneId.of("Europe/Stockholm"));
    int schoolYearBegan = today.getMonthValue() >= 8 ? today.getYear() : today.getYear() - 1;
    Http.Response r = api.post("anna.bvc", "/api/children", new JsonObject().put("name", "Elva år")
        .put("birthDate", LocalDate.of(schoolYearBegan - 11, 3, 3).toString()));
    assertEquals(201, r.status(), r.toString());
    assertEquals("COMPULSORY", r.json().getString("schooling"));
    assertFalse(r.json().getBoolean("schoolingStated"));
    JsonObject patched = api.patch("anna.bvc", "/api/children/" + r.json().getString("id"),
        new JsonObject().put("schooling", "NOT_IN_UPPER_SECONDARY")).json();
    assertEquals("NOT_IN_UPPER_SECONDARY", patched.getString("schooling"));
    assertTrue(patched.getBoolean("schoolingStated"));
  }

  @Test
  void onlyAChildContactMayReceiveAHandover() {
    String child = api.registerChild("anna.bvc").getString("id");
    assertProblem(api.post("anna.bvc", "/api/children/" + child + "/handover",
        new JsonObject().put("toUsername", "sara.elevhalsa").put("reason", "x")), 422, "wrong-role");
    assertProblem(api.post("anna.bvc", "/api/children/" + child + "/handover",
        new JsonObject().put("toUsername", "anna.bvc").put("reason", "x")), 409, "conflict");
  }

  @Test
  void theCareModelShouldBeServed() {
    JsonObject model = api.get("maria.polis", "/api/care-model").json();
    assertEquals("kronobarnsmodellen", model.getString("id"));
    assertTrue(model.getJsonArray("contactKinds").encode().contains("KAA"));
  }

  @Test
  void anInvalidPersonnummerShouldBeRefused() {
    assertProblem(api.post("anna.bvc", "/api/children", new JsonObject().put("name", "X").put("birthDate", "2012-12-12")
        .put("personalNumber", "20121212-1213")), 400, "invalid-request");
    assertProblem(api.post("anna.bvc", "/api/children", new JsonObject().put("name", "X").put("birthDate", "2012-12-13")
        .put("personalNumber", "20121212-1212")), 400, "invalid-request");
  }
}

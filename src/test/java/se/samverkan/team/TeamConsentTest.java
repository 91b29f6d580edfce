package se.samverkan.team;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.samverkan.testing.Api.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Api;
import se.samverkan.testing.Eventually;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/** Issue 3 acceptance: consent gates the child's team, and withdrawal takes effect at once. */
@ExtendWith(SamverkanExtension.class)
class TeamConsentTest {

  private static Api api;

  @BeforeAll
  static void api(TestStack stack) {
    api = new Api(stack);
  }

  @Test
  void addMemberShouldBeRefusedWithoutConsentAndTheChildStaysInvisible() {
    String child = api.registerChild("anna.bvc").getString("id");
    Http.Response refused = api.addMember("anna.bvc", child, "maria.polis");
    assertProblem(refused, 403, "consent-required");
    assertTrue(refused.json().getString("detail").contains("Polismyndigheten"), refused.toString());
    assertEquals("maria.polis", refused.json().getJsonObject("missing").getString("username"));
    assertProblem(api.get("maria.polis", "/api/children/" + child), 404, "not-found");
    assertEquals(0, api.get("maria.polis", "/api/children").json().getJsonArray("children").stream()
        .filter(c -> ((JsonObject) c).getString("id").equals(child)).count());
  }

  @Test
  void writtenUpdatedConsentForVaxjoAndPolisenShouldAdmitThemButNotLjungby() {
    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo", "polisen"), List.of());
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    api.addMemberOk("anna.bvc", child, "sara.elevhalsa");
    api.addMemberOk("anna.bvc", child, "maria.polis");
    assertProblem(api.addMember("anna.bvc", child, "olof.ljungby"), 403, "consent-required");
    assertProblem(api.get("olof.ljungby", "/api/children/" + child), 404, "not-found");

    for (String member : List.of("erik.rektor", "sara.elevhalsa", "maria.polis")) {
      Http.Response r = api.get(member, "/api/children/" + child);
      assertEquals(200, r.status(), member + ": " + r);
      assertEquals("MEMBER", r.json().getString("myRole"));
    }
    JsonArray members = api.get("anna.bvc", "/api/children/" + child + "/team").json().getJsonArray("members");
    assertEquals(List.of("anna.bvc", "erik.rektor", "sara.elevhalsa", "maria.polis"),
        members.stream().map(m -> ((JsonObject) m).getString("username")).toList());
    assertTrue(members.stream().allMatch(m -> "ACTIVE".equals(((JsonObject) m).getString("access"))), members.encode());
  }

  @Test
  void oralOrWrittenConsentShouldNotBeEnoughForTheChildsTeam() {
    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "ORAL", List.of("polisen"), List.of());
    api.recordConsent("anna.bvc", child, "WRITTEN", List.of("polisen"), List.of("maria.polis"));
    assertProblem(api.addMember("anna.bvc", child, "maria.polis"), 403, "consent-required");
  }

  @Test
  void consentNamingThePersonShouldAdmitOnlyThatPerson() {
    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of(), List.of("sara.elevhalsa"));
    api.addMemberOk("anna.bvc", child, "sara.elevhalsa");
    assertProblem(api.addMember("anna.bvc", child, "lars.soc"), 403, "consent-required");
  }

  @Test
  void withdrawingConsentShouldEndAccessAtOnceAndBeInTheSharingLog() {
    String child = api.registerChild("anna.bvc").getString("id");
    String consent = api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("polisen"), List.of());
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    api.addMemberOk("anna.bvc", child, "maria.polis");
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    assertEquals(200, api.get("maria.polis", "/api/children/" + child).status());

    Http.Response withdrawn = api.withdraw("anna.bvc", child, consent);
    assertEquals(200, withdrawn.status(), withdrawn.toString());
    assertEquals("WITHDRAWN", withdrawn.json().getString("status"));

    assertProblem(api.get("maria.polis", "/api/children/" + child), 404, "not-found");
    assertProblem(api.get("maria.polis", "/api/children/" + child + "/sharing-log"), 404, "not-found");
    assertEquals(200, api.get("erik.rektor", "/api/children/" + child).status(), "erik rests on the other consent");

    JsonObject entry = api.sharingLog("anna.bvc", child).stream().map(e -> (JsonObject) e)
        .filter(e -> "CONSENT_WITHDRAWN".equals(e.getString("category"))).findFirst().orElseThrow();
    assertEquals("consent:" + consent, entry.getString("reference"));
    assertEquals("maria.polis", entry.getJsonObject("recipients").getJsonArray("persons").getJsonObject(0).getString("username"));
    assertEquals(new JsonObject().put("type", "CONSENT").put("consentId", consent), entry.getJsonObject("legalBasis"));

    assertProblem(api.withdraw("anna.bvc", child, consent), 409, "conflict");
    assertProblem(api.addMember("anna.bvc", child, "maria.polis"), 403, "consent-required");
  }

  @Test
  void anExpiredConsentShouldNoLongerGiveAccess() throws Exception {
    String child = api.registerChild("anna.bvc").getString("id");
    Http.Response r = api.post("anna.bvc", "/api/children/" + child + "/consents",
        api.consent("WRITTEN_UPDATED", List.of("polisen"), List.of()).put("validUntil", Instant.now().plusSeconds(3).toString()));
    assertEquals(201, r.status(), r.toString());
    api.addMemberOk("anna.bvc", child, "maria.polis");
    assertEquals(200, api.get("maria.polis", "/api/children/" + child).status());
    awaitExpiry(child);
    assertProblem(api.get("maria.polis", "/api/children/" + child), 404, "not-found");
    JsonObject member = api.get("anna.bvc", "/api/children/" + child + "/team").json().getJsonArray("members").stream()
        .map(m -> (JsonObject) m).filter(m -> m.getString("username").equals("maria.polis")).findFirst().orElseThrow();
    assertEquals("NO_CONSENT", member.getString("access"));
  }

  @Test
  void aNewConsentAfterExpiryShouldRestoreAccessAndBeInTheSharingLog() throws Exception {
    String child = api.registerChild("anna.bvc").getString("id");
    Http.Response r = api.post("anna.bvc", "/api/children/" + child + "/consents",
        api.consent("WRITTEN_UPDATED", List.of("polisen"), List.of()).put("validUntil", Instant.now().plusSeconds(3).toString()));
    assertEquals(201, r.status(), r.toString());
    api.addMemberOk("anna.bvc", child, "maria.polis");
    awaitExpiry(child);
    assertProblem(api.get("maria.polis", "/api/children/" + child), 404, "not-found");
    int before = api.sharingLog("anna.bvc", child).size();

    String renewed = api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("polisen"), List.of());
    assertEquals(200, api.get("maria.polis", "/api/children/" + child).status());
    List<JsonObject> entries = api.sharingLog("anna.bvc", child).stream().map(e -> (JsonObject) e).toList();
    assertEquals(before + 1, entries.size(), "restoring access is a disclosure");
    JsonObject entry = entries.get(entries.size() - 1);
    assertEquals("TEAM_MEMBERSHIP", entry.getString("category"));
    assertEquals(new JsonObject().put("type", "CONSENT").put("consentId", renewed), entry.getJsonObject("legalBasis"));
    assertTrue(entry.getJsonObject("recipients").encode().contains("maria.polis"), entry.encode());

    // A consent that restores nobody's access adds no entry.
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    assertEquals(before + 1, api.sharingLog("anna.bvc", child).size());
  }

  @Test
  void membersShouldNotManageTheTeamButMayLeaveIt() {
    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    assertProblem(api.addMember("erik.rektor", child, "sara.elevhalsa"), 403, "forbidden");
    assertProblem(api.post("erik.rektor", "/api/children/" + child + "/consents",
        api.consent("WRITTEN_UPDATED", List.of("ljungby"), List.of())), 403, "forbidden");
    assertEquals(204, api.delete("erik.rektor", "/api/children/" + child + "/team/members/erik.rektor").status());
    assertProblem(api.get("erik.rektor", "/api/children/" + child), 404, "not-found");
  }

  @Test
  void aSupportCoordinatorShouldManageTheTeamLikeTheChildContact() {
    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    api.addMemberOk("anna.bvc", child, "lars.soc");
    assertProblem(api.post("anna.bvc", "/api/children/" + child + "/team/coordinator",
        new JsonObject().put("username", "sara.elevhalsa")), 409, "conflict");
    Http.Response appointed = api.post("anna.bvc", "/api/children/" + child + "/team/coordinator",
        new JsonObject().put("username", "lars.soc"));
    assertEquals(200, appointed.status(), appointed.toString());
    assertEquals("lars.soc", appointed.json().getJsonObject("supportCoordinator").getString("username"));
    assertEquals("SUPPORT_COORDINATOR", api.get("lars.soc", "/api/children/" + child).json().getString("myRole"));
    api.addMemberOk("lars.soc", child, "sara.elevhalsa");
    assertProblem(api.post("lars.soc", "/api/children/" + child + "/team/coordinator",
        new JsonObject().put("username", "sara.elevhalsa")), 403, "forbidden");
    assertProblem(api.delete("anna.bvc", "/api/children/" + child + "/team/members/anna.bvc"), 409, "conflict");
  }

  @Test
  void addingSomeoneWhoIsNotAProfessionalShouldBeRefused() {
    String child = api.registerChild("anna.bvc").getString("id");
    assertProblem(api.addMember("anna.bvc", child, "karin.guardian"), 422, "wrong-role");
    assertProblem(api.addMember("anna.bvc", child, "no.such.person"), 422, "unknown-user");
  }

  @Test
  void addingAMemberShouldBeADisclosureInTheSharingLog() {
    String child = api.registerChild("anna.bvc").getString("id");
    String consent = api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("polisen"), List.of());
    api.addMemberOk("anna.bvc", child, "maria.polis");
    JsonObject entry = api.sharingLog("anna.bvc", child).getJsonObject(0);
    assertEquals("TEAM_MEMBERSHIP", entry.getString("category"));
    assertEquals("Polismyndigheten", entry.getJsonObject("recipients").getJsonArray("organisations").getJsonObject(0).getString("name"));
    assertEquals(consent, entry.getJsonObject("legalBasis").getString("consentId"));
    assertEquals("anna.bvc", entry.getJsonObject("sharedBy").getString("username"));
    assertEquals("Samordnat stöd i skolan och hemma", entry.getString("purpose"));
    assertTrue(entry.getBoolean("familyNotified"));
  }

  /** Waits until the 3-second consent has run out for maria: polled, as the server's clock decides. */
  private static void awaitExpiry(String child) throws InterruptedException {
    Eventually.await(Duration.ofSeconds(15), "the consent ran out",
        () -> api.get("maria.polis", "/api/children/" + child).status() == 404);
  }
}

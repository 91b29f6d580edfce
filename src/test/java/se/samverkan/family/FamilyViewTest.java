package se.samverkan.family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.samverkan.testing.Api.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Api;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/** The guardian sees what was shared about her child — not withheld entries, nothing about other children. */
@ExtendWith(SamverkanExtension.class)
class FamilyViewTest {

  private static Api api;

  @BeforeAll
  static void api(TestStack stack) {
    api = new Api(stack);
  }

  @Test
  void guardianShouldSeeHerChildsEntriesButNotWithheldOnesNorOtherChildren() {
    JsonObject child = api.registerChild("anna.bvc");
    String childId = child.getString("id");
    api.addGuardian("anna.bvc", childId, "karin.guardian");
    String consent = api.recordConsent("anna.bvc", childId, "WRITTEN_UPDATED", List.of("polisen", "vaxjo"), List.of());
    api.addMemberOk("anna.bvc", childId, "maria.polis");
    Http.Response withheld = api.post("anna.bvc", "/api/children/" + childId + "/sharing-log", new JsonObject()
        .put("what", "Orosanmälan till socialtjänsten")
        .put("recipients", new JsonObject().put("persons", new JsonArray().add("lars.soc")).put("organisations", new JsonArray()))
        .put("purpose", "Anmälningsplikt enligt SoL 14 kap. 1 §")
        .put("legalBasis", new JsonObject().put("type", "DUTY_TO_REPORT"))
        .put("familyNotified", false)
        .put("withheldReason", "Att berätta nu kan skada barnet"));
    assertEquals(201, withheld.status(), withheld.toString());
    Http.Response told = api.post("anna.bvc", "/api/children/" + childId + "/sharing-log", new JsonObject()
        .put("what", "Skolans åtgärdsprogram")
        .put("recipients", new JsonObject().put("persons", new JsonArray()).put("organisations", new JsonArray().add("vaxjo")))
        .put("purpose", "Anpassningar i skolan")
        .put("legalBasis", new JsonObject().put("type", "CONSENT").put("consentId", consent))
        .put("familyNotified", true));
    assertEquals(201, told.status(), told.toString());

    // Another child, of another family, that karin must never see.
    String other = api.registerChild("erik.rektor").getString("id");

    JsonArray mine = api.get("karin.guardian", "/api/family/children").json().getJsonArray("children");
    // Other tests link karin to their own children in the shared stack, so look for this one by id.
    List<String> mineIds = mine.stream().map(c -> ((JsonObject) c).getString("id")).toList();
    assertTrue(mineIds.contains(childId), mineIds.toString());
    assertFalse(mineIds.contains(other), "karin sees a child she is not guardian of");
    JsonObject listed = mine.getJsonObject(mineIds.indexOf(childId));
    assertEquals(child.getString("name"), listed.getString("name"));

    JsonArray entries = api.get("karin.guardian", "/api/family/children/" + childId + "/sharing-log").json().getJsonArray("entries");
    List<String> whats = entries.stream().map(e -> ((JsonObject) e).getString("what")).toList();
    assertEquals(3, entries.size(), entries.encode());
    assertTrue(whats.stream().anyMatch(w -> w.startsWith("Vårdnadshavarens konto kopplades till barnet")), whats.toString());
    assertTrue(whats.stream().anyMatch(w -> w.startsWith("Tillagd i barnets team")), whats.toString());
    assertTrue(whats.contains("Skolans åtgärdsprogram"), whats.toString());
    assertFalse(entries.encode().contains("Orosanmälan"), "a withheld entry reached the family");

    JsonArray professionalView = api.sharingLog("anna.bvc", childId);
    assertEquals(4, professionalView.size(), "the team sees the withheld entry too");

    assertProblem(api.get("karin.guardian", "/api/family/children/" + other + "/sharing-log"), 404, "not-found");
    assertProblem(api.get("karin.guardian", "/api/family/children/" + other + "/consents"), 404, "not-found");
    assertProblem(api.get("karin.guardian", "/api/children/" + childId), 403, "forbidden");

    JsonArray consents = api.get("karin.guardian", "/api/family/children/" + childId + "/consents").json().getJsonArray("consents");
    assertEquals(1, consents.size());
    assertEquals("WRITTEN_UPDATED", consents.getJsonObject(0).getString("level"));
  }

  private static List<JsonObject> accountEntries(JsonArray entries) {
    return entries.stream().map(e -> (JsonObject) e).filter(e -> "GUARDIAN_ACCOUNT".equals(e.getString("category"))).toList();
  }

  private static List<String> familyChildren() {
    return api.get("karin.guardian", "/api/family/children").json().getJsonArray("children").stream()
        .map(c -> ((JsonObject) c).getString("id")).toList();
  }

  @Test
  void linkingAGuardianAccountShouldWriteASharingLogEntryTheFamilySees() {
    String childId = api.registerChild("anna.bvc").getString("id");
    String guardian = api.addGuardian("anna.bvc", childId, "karin.guardian").getString("id");

    List<JsonObject> seen = accountEntries(
        api.get("karin.guardian", "/api/family/children/" + childId + "/sharing-log").json().getJsonArray("entries"));
    assertEquals(1, seen.size(), seen.toString());
    JsonObject linked = seen.get(0);
    assertEquals("guardian:" + guardian, linked.getString("reference"));
    assertEquals("karin.guardian", linked.getJsonObject("recipients").getJsonArray("persons").getJsonObject(0).getString("username"));
    assertEquals("FAMILY", linked.getJsonObject("legalBasis").getString("type"));
    assertEquals("anna.bvc", linked.getJsonObject("sharedBy").getString("username"));
    assertTrue(linked.getBoolean("familyNotified"));
    assertEquals(1, accountEntries(api.sharingLog("anna.bvc", childId)).size());

    // A guardian recorded without an account links nothing, so logs nothing.
    api.addGuardian("anna.bvc", childId, null);
    assertEquals(1, accountEntries(api.sharingLog("anna.bvc", childId)).size());
  }

  @Test
  void unlinkingAGuardianAccountShouldEndTheFamilyViewAndBeLogged() {
    String childId = api.registerChild("anna.bvc").getString("id");
    String guardian = api.addGuardian("anna.bvc", childId, "karin.guardian").getString("id");
    String account = "/api/children/" + childId + "/guardians/" + guardian + "/account";
    assertTrue(familyChildren().contains(childId));

    Http.Response unlinked = api.delete("anna.bvc", account);
    assertEquals(204, unlinked.status(), unlinked.toString());
    assertProblem(api.get("karin.guardian", "/api/family/children/" + childId + "/sharing-log"), 404, "not-found");
    assertProblem(api.get("karin.guardian", "/api/family/children/" + childId + "/consents"), 404, "not-found");
    assertFalse(familyChildren().contains(childId));

    JsonObject stillOnRecord = api.get("anna.bvc", "/api/children/" + childId).json().getJsonArray("guardians").getJsonObject(0);
    assertEquals(guardian, stillOnRecord.getString("id"));
    assertEquals("Karin Johansson", stillOnRecord.getString("name"));
    assertEquals(null, stillOnRecord.getValue("username"));
    List<JsonObject> logged = accountEntries(api.sharingLog("anna.bvc", childId));
    assertEquals(2, logged.size(), logged.toString());
    JsonObject last = logged.get(logged.size() - 1);
    assertTrue(last.getString("what").startsWith("Vårdnadshavarens konto kopplades bort"), last.encode());
    assertEquals("karin.guardian", last.getJsonObject("recipients").getJsonArray("persons").getJsonObject(0).getString("username"));
    assertTrue(last.getBoolean("familyNotified"), "the family sees the unlinking");

    assertProblem(api.delete("anna.bvc", account), 409, "conflict");
    assertProblem(api.delete("anna.bvc", "/api/children/" + childId + "/guardians/" + java.util.UUID.randomUUID() + "/account"),
        404, "not-found");
    String otherChild = api.registerChild("anna.bvc").getString("id");
    assertProblem(api.delete("anna.bvc", "/api/children/" + otherChild + "/guardians/" + guardian + "/account"), 404, "not-found");

    // Linked again (as a new record), the account sees the child once more.
    api.addGuardian("anna.bvc", childId, "karin.guardian");
    assertTrue(familyChildren().contains(childId));
  }

  @Test
  void aGuardianAccountNotMatchingTheGuardianOnRecordShouldBeRefused() {
    String childId = api.registerChild("anna.bvc").getString("id");
    Http.Response refused = api.post("anna.bvc", "/api/children/" + childId + "/guardians", new JsonObject()
        .put("name", "Per Johansson").put("email", "per.johansson@example.se").put("username", "karin.guardian"));
    assertProblem(refused, 422, "guardian-mismatch");
    assertFalse(refused.body().contains("karin.guardian@example.se"), "the account's own address is not told");
    assertEquals(0, api.get("anna.bvc", "/api/children/" + childId).json().getJsonArray("guardians").size());
    assertFalse(familyChildren().contains(childId));
    assertEquals(0, accountEntries(api.sharingLog("anna.bvc", childId)).size());

    // The address on record matches whatever its case.
    Http.Response linked = api.post("anna.bvc", "/api/children/" + childId + "/guardians", new JsonObject()
        .put("name", "Karin Johansson").put("email", "Karin.Guardian@Example.se").put("username", "karin.guardian"));
    assertEquals(201, linked.status(), linked.toString());
    assertTrue(familyChildren().contains(childId));
  }

  @Test
  void professionalsShouldNotUseTheFamilyView() {
    assertProblem(api.get("anna.bvc", "/api/family/children"), 403, "forbidden");
  }

  @Test
  void withholdingWithoutAReasonShouldBeRefused() {
    String childId = api.registerChild("anna.bvc").getString("id");
    assertProblem(api.post("anna.bvc", "/api/children/" + childId + "/sharing-log", new JsonObject()
        .put("what", "Något")
        .put("recipients", new JsonObject().put("persons", new JsonArray().add("lars.soc")).put("organisations", new JsonArray()))
        .put("purpose", "Anmälningsplikt")
        .put("legalBasis", new JsonObject().put("type", "DUTY_TO_REPORT"))
        .put("familyNotified", false)), 400, "invalid-request");
  }

  @Test
  void manualSharingUnderAConsentThatDoesNotCoverTheRecipientShouldBeRefused() {
    String childId = api.registerChild("anna.bvc").getString("id");
    String consent = api.recordConsent("anna.bvc", childId, "WRITTEN", List.of("vaxjo"), List.of());
    assertProblem(api.post("anna.bvc", "/api/children/" + childId + "/sharing-log", new JsonObject()
        .put("what", "Journalanteckning")
        .put("recipients", new JsonObject().put("persons", new JsonArray().add("maria.polis")).put("organisations", new JsonArray()))
        .put("purpose", "Samverkan")
        .put("legalBasis", new JsonObject().put("type", "CONSENT").put("consentId", consent))
        .put("familyNotified", true)), 403, "consent-required");
  }

  @Test
  void theDutyToReportShouldNeverBeBlockedByMissingConsent() {
    String childId = api.registerChild("anna.bvc").getString("id");
    Http.Response r = api.post("anna.bvc", "/api/children/" + childId + "/sharing-log", new JsonObject()
        .put("what", "Orosanmälan")
        .put("recipients", new JsonObject().put("persons", new JsonArray().add("lars.soc")).put("organisations", new JsonArray()))
        .put("purpose", "SoL 14 kap. 1 §")
        .put("legalBasis", new JsonObject().put("type", "DUTY_TO_REPORT"))
        .put("familyNotified", true));
    assertEquals(201, r.status(), r.toString());
    assertEquals("DUTY_TO_REPORT", r.json().getJsonObject("legalBasis").getString("type"));
  }
}

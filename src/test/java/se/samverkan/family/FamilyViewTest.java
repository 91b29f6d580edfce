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
    assertEquals(2, entries.size(), entries.encode());
    assertTrue(whats.stream().anyMatch(w -> w.startsWith("Tillagd i barnets team")), whats.toString());
    assertTrue(whats.contains("Skolans åtgärdsprogram"), whats.toString());
    assertFalse(entries.encode().contains("Orosanmälan"), "a withheld entry reached the family");

    JsonArray professionalView = api.sharingLog("anna.bvc", childId);
    assertEquals(3, professionalView.size(), "the team sees the withheld entry too");

    assertProblem(api.get("karin.guardian", "/api/family/children/" + other + "/sharing-log"), 404, "not-found");
    assertProblem(api.get("karin.guardian", "/api/family/children/" + other + "/consents"), 404, "not-found");
    assertProblem(api.get("karin.guardian", "/api/children/" + childId), 403, "forbidden");

    JsonArray consents = api.get("karin.guardian", "/api/family/children/" + childId + "/consents").json().getJsonArray("consents");
    assertEquals(1, consents.size());
    assertEquals("WRITTEN_UPDATED", consents.getJsonObject(0).getString("level"));
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

package se.samverkan.consent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.samverkan.identity.Organisation;
import se.samverkan.shared.ConsentLevel;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;

/** The consent's JSON in both directions, without the stack: pure mapping of records. */
class ConsentJsonTest {

  private static final Map<String, Organisation> ORGS = Map.of("vaxjo", new Organisation("1", "vaxjo", "Växjö kommun"));
  private static final ConsentRecord WITHDRAWN = new ConsentRecord(UUID.randomUUID(), UUID.randomUUID(), ConsentLevel.WRITTEN,
      new byte[0], true, List.of("vaxjo"), List.of("pelle"), new byte[0], new byte[0], Instant.parse("2027-01-01T10:00:00Z"), null,
      "anna", Instant.parse("2027-01-01T10:00:00Z"), Instant.parse("2027-02-01T10:00:00Z"), "bertil", new byte[0], null);

  @Test
  void restrictedViewShouldKeepTheFullViewsKeysAndBlankWhatTheConsentSays() {
    ConsentView.Content content = new ConsentView.Content(List.of("Mamma"),
        List.of(new ConsentView.Person("pelle", "Pelle", "vaxjo", "Växjö (då)")), List.of(new ExternalPerson("Eva", "eva@example.se")),
        "Samordning", "Vill inte längre");

    JsonObject full = ConsentJson.consent(new ConsentView(WITHDRAWN, ConsentRecord.Status.WITHDRAWN, ORGS, content));
    JsonObject restricted = ConsentJson.consent(new ConsentView(WITHDRAWN, ConsentRecord.Status.WITHDRAWN, ORGS, null));

    assertEquals(full.fieldNames(), restricted.fieldNames());
    assertTrue(restricted.getBoolean("restricted"));
    assertFalse(full.getBoolean("restricted"));
    assertEquals("WITHDRAWN", restricted.getString("status"));
    assertTrue(restricted.containsKey("purpose") && restricted.getString("purpose") == null);
    assertTrue(restricted.containsKey("recordedBy") && restricted.getValue("recordedBy") == null);
    assertTrue(restricted.containsKey("validUntil") && restricted.getValue("validUntil") == null);
    assertTrue(restricted.getJsonArray("givenBy").isEmpty());
    assertTrue(restricted.getJsonArray("persons").isEmpty());
    assertEquals(new JsonObject().put("at", "2027-02-01T10:00:00Z"), restricted.getJsonObject("withdrawal"));

    assertEquals(new JsonArray().add("Mamma"), full.getJsonArray("givenBy"));
    assertEquals(new JsonObject().put("username", "pelle").put("name", "Pelle")
        .put("organisation", new JsonObject().put("alias", "vaxjo").put("name", "Växjö (då)")), full.getJsonArray("persons").getJsonObject(0));
    assertEquals(new JsonObject().put("alias", "vaxjo").put("name", "Växjö kommun"), full.getJsonArray("organisations").getJsonObject(0));
    assertEquals(new JsonObject().put("name", "Eva").put("email", "eva@example.se"), full.getJsonArray("externalPersons").getJsonObject(0));
    assertEquals(new JsonObject().put("username", "anna").put("name", "anna").putNull("organisation"), full.getJsonObject("recordedBy"));
    assertEquals("Vill inte längre", full.getJsonObject("withdrawal").getString("reason"));
    assertEquals("bertil", full.getJsonObject("withdrawal").getJsonObject("by").getString("username"));
  }

  @Test
  void aListShouldSayFromWhenTheCallerSeesTheHistoryEvenWhenFromTheStart() {
    JsonObject list = ConsentJson.list(new ConsentList(List.of(), null));

    assertTrue(list.containsKey("historyFrom"));
    assertNull(list.getValue("historyFrom"));
    assertTrue(list.getJsonArray("consents").isEmpty());
  }

  @Test
  void aRequestShouldBeTrimmedAndNameEachPersonOnce() {
    ConsentRequest request = ConsentRequest.from(new JsonObject().put("level", "ORAL")
        .put("givenBy", new JsonArray().add(" Mamma ").add("  "))
        .put("organisations", new JsonArray().add("vaxjo").add("vaxjo"))
        .put("persons", new JsonArray())
        .put("externalPersons", new JsonArray().add(new JsonObject().put("name", " Eva ").put("email", "Eva@Example.se"))
            .add(new JsonObject().put("name", "Eva igen").put("email", "eva@example.se")))
        .put("purpose", " Samordning "));

    assertEquals(List.of("Mamma"), request.givenBy());
    assertEquals(List.of("vaxjo"), request.organisations());
    assertEquals(List.of(new ExternalPerson("Eva", "Eva@Example.se")), request.externalPersons());
    assertEquals("Samordning", request.purpose());
    assertFalse(request.childParticipated());
    assertNull(request.validUntil());
  }

  @Test
  void aRequestWithoutAnyoneToShareWithOrAPassedValidityShouldBeInvalid() {
    JsonObject nobody = new JsonObject().put("level", "ORAL").put("givenBy", new JsonArray().add("Mamma"))
        .put("organisations", new JsonArray()).put("persons", new JsonArray()).put("purpose", "Samordning");
    JsonObject passed = nobody.copy().put("organisations", new JsonArray().add("vaxjo")).put("validUntil", "2020-01-01T00:00:00Z");

    assertEquals(ProblemType.INVALID_REQUEST, assertThrows(ProblemException.class, () -> ConsentRequest.from(nobody)).problem().type());
    assertEquals(ProblemType.INVALID_REQUEST, assertThrows(ProblemException.class, () -> ConsentRequest.from(passed)).problem().type());
  }
}

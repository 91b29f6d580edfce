package se.samverkan.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Api;
import se.samverkan.testing.DatabaseDump;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/** A dump of the whole database holds no child's name, personnummer, or guardian contact details. */
@ExtendWith(SamverkanExtension.class)
class EncryptionAtRestTest {

  @Test
  void aDatabaseDumpShouldContainNeitherNameNorPersonnummer(TestStack stack) throws Exception {
    Api api = new Api(stack);
    String unique = "Zlatana" + UUID.randomUUID().toString().substring(0, 6);
    Http.Response created = api.post("anna.bvc", "/api/children", new JsonObject()
        .put("name", unique + " Ekström")
        .put("birthDate", "2012-12-12")
        .put("personalNumber", "20121212-1212"));
    assertEquals(201, created.status(), created.toString());
    String childId = created.json().getString("id");
    assertEquals("20121212-1212", created.json().getString("personalNumber"), "readable through the API");
    stack.http().post("/api/children/" + childId + "/guardians", stack.token("anna.bvc"), new JsonObject()
        .put("name", "Mamma " + unique).put("email", unique.toLowerCase() + "@example.se").put("phone", "070-9988776"));
    api.recordConsent("anna.bvc", childId, "WRITTEN_UPDATED", List.of("polisen"), List.of());
    api.addMemberOk("anna.bvc", childId, "maria.polis");

    String dump = DatabaseDump.allTables(stack);
    assertTrue(dump.contains(childId), "the dump must contain the child's rows, else it proves nothing");
    for (String secret : List.of(unique, "20121212-1212", "201212121212", "121212-1212", "070-9988776",
        unique.toLowerCase() + "@example.se", "Samordnat stöd i skolan")) {
      assertFalse(dump.contains(secret), "the database holds in clear: " + secret);
    }
  }

  @Test
  void aGuardiansAccountShouldBeLinkedToTheChildOnlyUnderTheChildsKey(TestStack stack) throws Exception {
    Api api = new Api(stack);
    String childId = api.registerChild("anna.bvc").getString("id");
    JsonObject guardian = api.addGuardian("anna.bvc", childId, "karin.guardian");
    assertEquals("karin.guardian", guardian.getString("username"));
    assertEquals("karin.guardian", api.get("anna.bvc", "/api/children/" + childId).json()
        .getJsonArray("guardians").getJsonObject(0).getString("username"), "readable through the API");
    try (java.sql.Connection c = stack.jdbc();
         java.sql.PreparedStatement s = c.prepareStatement("SELECT username, username_ct FROM guardian WHERE child_id = ?")) {
      s.setObject(1, UUID.fromString(childId));
      try (java.sql.ResultSet rs = s.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(null, rs.getString("username"));
        byte[] sealed = rs.getBytes("username_ct");
        assertTrue(sealed != null && sealed.length > "karin.guardian".length());
        assertFalse(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1).contains("karin"));
      }
    }
  }
}

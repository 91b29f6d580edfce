package se.samverkan.child;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import se.samverkan.testing.Api;
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

    String dump = dumpAllTables(stack);
    assertTrue(dump.contains(childId), "the dump must contain the child's rows, else it proves nothing");
    for (String secret : List.of(unique, "20121212-1212", "201212121212", "121212-1212", "070-9988776",
        unique.toLowerCase() + "@example.se", "Samordnat stöd i skolan")) {
      assertFalse(dump.contains(secret), "the database holds in clear: " + secret);
    }
  }

  /** COPY of every table of the public schema, as a dump would read it. */
  static String dumpAllTables(TestStack stack) throws Exception {
    StringWriter out = new StringWriter();
    try (Connection c = stack.jdbc()) {
      List<String> tables = new ArrayList<>();
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      for (String table : tables) {
        out.write("-- " + table + "\n");
        // Text and binary columns both: bytea is dumped as hex, so also look for the bytes in hex.
        copy.copyOut("COPY " + table + " TO STDOUT", out);
      }
    }
    String text = out.toString();
    return text + "\n" + new String(hexDecoded(text), java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** The bytes of every \\x… hex literal in the dump, so that clear text inside bytea is found too. */
  private static byte[] hexDecoded(String dump) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\\\\\\\x([0-9a-f]+)").matcher(dump);
    while (m.find()) {
      bytes.writeBytes(java.util.HexFormat.of().parseHex(m.group(1).length() % 2 == 0 ? m.group(1) : m.group(1).substring(1)));
      bytes.write('\n');
    }
    return bytes.toByteArray();
  }
}

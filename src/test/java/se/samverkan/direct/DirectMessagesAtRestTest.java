package se.samverkan.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.embedded.EmbeddedStack;
import se.samverkan.testing.Api;
import se.samverkan.testing.DatabaseDump;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/**
 * A direct message's text is sealed by the client (HPKE, the contract's suite) before it reaches the
 * server: neither a dump of every table nor any file of PostgreSQL's data directory (tables, WAL)
 * holds it, while the message itself is there.
 */
@ExtendWith(SamverkanExtension.class)
class DirectMessagesAtRestTest {

  private static TestStack stack;

  @BeforeAll
  static void prepare(TestStack testStack) {
    stack = testStack;
  }

  @Test
  void theDatabaseDumpAndTheDataDirectoryShouldHoldNoDirectMessageText() throws Exception {
    Api api = new Api(stack);
    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    String conversation = api.post("anna.bvc", "/api/children/" + child + "/conversations",
        new JsonObject().put("with", "erik.rektor")).json().getString("id");
    Sealer.Device anna = Sealer.register(api, "anna.bvc", "Jobbdator");
    Sealer.Device annaOther = Sealer.register(api, "anna.bvc", "Telefon");
    Sealer.Device erik = Sealer.register(api, "erik.rektor", "Skolan");
    try {
      String secret = "Orosanmälan-kvitto-" + UUID.randomUUID();
      String clientId = UUID.randomUUID().toString();
      JsonArray copies = Sealer.copiesForAll(api, "anna.bvc", List.of("anna.bvc", "erik.rektor"), conversation, clientId,
          anna.id(), secret);
      Http.Response sent = api.post("anna.bvc", "/api/conversations/" + conversation + "/messages",
          Sealer.send(clientId, anna.id(), copies));
      assertEquals(201, sent.status(), sent.toString());
      String messageId = sent.json().getString("id");
      JsonObject mine = api.get("erik.rektor", "/api/conversations/" + conversation + "/messages?deviceId=" + erik.id())
          .json().getJsonArray("messages").getJsonObject(0);
      assertEquals(secret, Sealer.open(erik, mine.getString("enc"), mine.getString("ciphertext"),
          Sealer.aad(conversation, clientId, anna.id())), "the copy stored is the sealed text");

      // No CHECKPOINT (the server's role may not): the committed rows are in the WAL, which is searched too.
      String dump = DatabaseDump.allTables(stack);
      assertTrue(dump.contains(messageId), "the dump has the message row");
      assertTrue(dump.contains(HexFormat.of().formatHex(Sealer.unb64(mine.getString("ciphertext")))), "and its ciphertext");
      assertFalse(dump.contains(secret), "a table holds the text");

      byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
      Path data = EmbeddedStack.postgresDir(stack.embedded().settings().dataDir());
      List<Path> files = new ArrayList<>();
      try (Stream<Path> walk = Files.walk(data)) {
        walk.filter(Files::isRegularFile).forEach(files::add);
      }
      assertTrue(files.stream().anyMatch(p -> p.toString().contains("pg_wal")), "the WAL is among the files: " + data);
      boolean clientIdFound = false;
      for (Path f : files) {
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(f);
        } catch (java.io.IOException unreadable) {
          continue;
        }
        assertFalse(contains(bytes, needle), "the text is in " + f);
        clientIdFound |= contains(bytes, clientId.getBytes(StandardCharsets.US_ASCII));
      }
      assertTrue(clientIdFound, "the message's clientId (stored in clear) is found in some file: the search works");
    } finally {
      for (Sealer.Device d : List.of(anna, annaOther, erik)) {
        api.delete(d.owner(), "/api/devices/" + d.id());
      }
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}

package se.samverkan.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.samverkan.testing.Api.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.config.AppConfig;
import se.samverkan.testing.Api;
import se.samverkan.testing.DatabaseDump;
import se.samverkan.testing.Eventually;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestJwts;
import se.samverkan.testing.TestStack;
import se.samverkan.testing.WsClient;

/** Issue 4: the team channel, live over WebSocket and through REST. */
@ExtendWith(SamverkanExtension.class)
class TeamMessagingTest {

  private static TestStack stack;
  private static Api api;

  @BeforeAll
  static void prepare(TestStack testStack) {
    stack = testStack;
    api = new Api(stack);
  }

  /** A child with anna (contact), erik and maria (members) under one consent; returns {child, consent}. */
  static String[] team() {
    String child = api.registerChild("anna.bvc").getString("id");
    String consent = api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo", "polisen"), List.of());
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    api.addMemberOk("anna.bvc", child, "maria.polis");
    return new String[] {child, consent};
  }

  static Http.Response post(String user, String child, String clientId, String text) {
    return api.post(user, "/api/children/" + child + "/team/messages", new JsonObject().put("clientId", clientId).put("text", text));
  }

  @Test
  void twoMembersShouldSeeEachOthersMessagesLiveAndInOrder() {
    String child = team()[0];
    try (WsClient anna = WsClient.as(stack, "anna.bvc"); WsClient erik = WsClient.as(stack, "erik.rektor")) {
      assertEquals("subscribed", anna.subscribe(child, 0L).getString("type"));
      assertEquals("subscribed", erik.subscribe(child, 0L).getString("type"));
      for (int i = 1; i <= 25; i++) {
        anna.send(new JsonObject().put("type", "send").put("childId", child).put("clientId", "a-" + i).put("text", "Hej " + i));
      }
      List<JsonObject> received = erik.messages(child, 25);
      assertEquals(IntStream.rangeClosed(1, 25).boxed().toList(), received.stream().map(m -> m.getInteger("seq")).toList());
      // One client's sends keep their order.
      assertEquals(IntStream.rangeClosed(1, 25).mapToObj(i -> "Hej " + i).toList(),
          received.stream().map(m -> m.getString("text")).toList());
      assertEquals("anna.bvc", received.get(0).getJsonObject("sender").getString("username"));
      JsonObject ack = anna.await(f -> "ack".equals(f.getString("type")) && "a-25".equals(f.getString("clientId")), "ack 25");
      assertEquals(25, ack.getInteger("seq"));

      erik.send(new JsonObject().put("type", "send").put("childId", child).put("clientId", "e-1").put("text", "Tack!"));
      JsonObject reply = anna.await(f -> "message".equals(f.getString("type")) && f.getInteger("seq") == 26, "erik's reply");
      assertEquals("Tack!", reply.getString("text"));
      assertEquals("erik.rektor", reply.getJsonObject("sender").getString("username"));
    }
  }

  @Test
  void someoneOutsideTheTeamShouldNotSubscribeReadOrSend() {
    String child = team()[0];
    try (WsClient olof = WsClient.as(stack, "olof.ljungby")) {
      JsonObject refused = olof.subscribe(child, 0L);
      assertEquals("error", refused.getString("type"));
      assertEquals("not-found", refused.getString("code"));
      olof.send(new JsonObject().put("type", "send").put("childId", child).put("clientId", "x").put("text", "Hej"));
      assertEquals("not-found", olof.await(f -> "error".equals(f.getString("type")) && "x".equals(f.getString("clientId")), "send refusal")
          .getString("code"));
    }
    assertProblem(api.get("olof.ljungby", "/api/children/" + child + "/team/messages"), 404, "not-found");
    assertProblem(post("olof.ljungby", child, "y", "Hej"), 404, "not-found");
    assertProblem(post("sec.admin", child, "z", "Hej"), 403, "forbidden");
    assertEquals(0, api.get("anna.bvc", "/api/children/" + child + "/team/messages").json().getJsonArray("messages").size());
  }

  @Test
  void resendingTheSameClientIdShouldReturnTheOriginalAndLeaveNoGap() {
    String child = team()[0];
    Http.Response first = post("anna.bvc", child, "same-1", "Första");
    assertEquals(201, first.status(), first.toString());
    Http.Response again = post("anna.bvc", child, "same-1", "Första (igen)");
    assertEquals(200, again.status(), again.toString());
    assertEquals(first.json().getString("id"), again.json().getString("id"));
    assertEquals("Första", again.json().getString("text"));
    assertEquals(201, post("anna.bvc", child, "same-2", "Andra").status());
    // The same clientId from another sender is another message.
    assertEquals(201, post("erik.rektor", child, "same-1", "Eriks").status());
    List<Integer> seqs = api.get("anna.bvc", "/api/children/" + child + "/team/messages?afterSeq=0").json()
        .getJsonArray("messages").stream().map(m -> ((JsonObject) m).getInteger("seq")).toList();
    assertEquals(List.of(1, 2, 3), seqs);
  }

  @Test
  void concurrentSendsShouldGetGapFreeSequenceNumbers() throws Exception {
    String child = team()[0];
    List<Thread> threads = new ArrayList<>();
    List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
    for (String user : List.of("anna.bvc", "erik.rektor", "maria.polis")) {
      for (int i = 0; i < 15; i++) {
        int n = i;
        threads.add(Thread.ofVirtual().start(() -> statuses.add(post(user, child, user + "-" + n, "m" + n).status())));
      }
    }
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(45, statuses.size(), "every send answered");
    assertTrue(statuses.stream().allMatch(s -> s == 201), statuses.toString());
    List<Integer> seqs = api.get("anna.bvc", "/api/children/" + child + "/team/messages?afterSeq=0&limit=200").json()
        .getJsonArray("messages").stream().map(m -> ((JsonObject) m).getInteger("seq")).toList();
    assertEquals(IntStream.rangeClosed(1, 45).boxed().toList(), seqs);
  }

  @Test
  void aTextOver16KiBShouldBeRefusedWith413() {
    String child = team()[0];
    assertProblem(post("anna.bvc", child, "big", "ö".repeat(8193)), 413, "payload-too-large");
    assertEquals(201, post("anna.bvc", child, "fits", "a".repeat(16 * 1024)).status());
    try (WsClient anna = WsClient.as(stack, "anna.bvc")) {
      anna.send(new JsonObject().put("type", "send").put("childId", child).put("clientId", "big-ws").put("text", "x".repeat(20_000)));
      assertEquals("payload-too-large", anna.await(f -> "error".equals(f.getString("type")), "refusal").getString("code"));
    }
  }

  @Test
  void historyShouldPageBothWaysAndStartWhereTheMemberJoined() {
    String[] t = team();
    String child = t[0];
    for (int i = 1; i <= 30; i++) {
      assertEquals(201, post("anna.bvc", child, "h" + i, "Meddelande " + i).status());
    }
    String base = "/api/children/" + child + "/team/messages";
    assertEquals(IntStream.rangeClosed(1, 10).boxed().toList(), seqs(api.get("erik.rektor", base + "?afterSeq=0&limit=10")));
    assertEquals(IntStream.rangeClosed(11, 20).boxed().toList(), seqs(api.get("erik.rektor", base + "?afterSeq=10&limit=10")));
    assertEquals(IntStream.rangeClosed(26, 30).boxed().toList(), seqs(api.get("erik.rektor", base + "?beforeSeq=31&limit=5")));
    assertEquals(IntStream.rangeClosed(21, 25).boxed().toList(), seqs(api.get("erik.rektor", base + "?beforeSeq=26&limit=5")));
    assertEquals(IntStream.rangeClosed(21, 30).boxed().toList(), seqs(api.get("erik.rektor", base + "?limit=10")));

    api.addMemberOk("anna.bvc", child, "sara.elevhalsa");
    assertEquals(List.of(), seqs(api.get("sara.elevhalsa", base + "?afterSeq=0")), "a new member sees history from joining");
    assertEquals(201, post("anna.bvc", child, "h31", "Välkommen Sara").status());
    assertEquals(List.of(31), seqs(api.get("sara.elevhalsa", base + "?afterSeq=0")));
  }

  private static List<Integer> seqs(Http.Response r) {
    assertEquals(200, r.status(), r.toString());
    return r.json().getJsonArray("messages").stream().map(m -> ((JsonObject) m).getInteger("seq")).toList();
  }

  @Test
  void membersShouldEditAndRedactOnlyTheirOwnMessages() {
    String child = team()[0];
    String id = post("erik.rektor", child, "e1", "Mötet flyttas till tisdag").json().getString("id");
    String path = "/api/children/" + child + "/team/messages/" + id;
    try (WsClient anna = WsClient.as(stack, "anna.bvc")) {
      anna.subscribe(child, null);
      Http.Response edited = api.patch("erik.rektor", path, new JsonObject().put("text", "Mötet flyttas till onsdag"));
      assertEquals(200, edited.status(), edited.toString());
      assertEquals("Mötet flyttas till onsdag", edited.json().getString("text"));
      assertEquals("Mötet flyttas till onsdag",
          anna.await(f -> "edited".equals(f.getString("type")), "edit event").getString("text"));
      assertProblem(api.patch("anna.bvc", path, new JsonObject().put("text", "Nej")), 403, "forbidden");
      assertProblem(api.delete("maria.polis", path), 403, "forbidden");
      assertEquals(204, api.delete("erik.rektor", path).status());
      JsonObject tombstone = anna.await(f -> "redacted".equals(f.getString("type")), "redaction event");
      assertNull(tombstone.getString("text"));
    }
    JsonObject kept = api.get("maria.polis", "/api/children/" + child + "/team/messages?afterSeq=0").json()
        .getJsonArray("messages").getJsonObject(0);
    assertTrue(kept.getBoolean("redacted"));
    assertNull(kept.getString("text"));
    assertEquals("erik.rektor", kept.getJsonObject("sender").getString("username"));
    assertProblem(api.patch("erik.rektor", "/api/children/" + child + "/team/messages/" + id,
        new JsonObject().put("text", "igen")), 409, "conflict");
  }

  @Test
  void withdrawingTheConsentShouldEndTheMembersSubscriptionWithinOneSecond() {
    String[] t = team();
    String child = t[0];
    try (WsClient maria = WsClient.as(stack, "maria.polis"); WsClient erik = WsClient.as(stack, "erik.rektor")) {
      assertEquals("subscribed", maria.subscribe(child, null).getString("type"));
      erik.subscribe(child, null);
      // Another consent keeps erik (Växjö) in the team.
      api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
      long start = System.nanoTime();
      assertEquals(200, api.withdraw("anna.bvc", child, t[1]).status());
      JsonObject revoked = maria.await(f -> "error".equals(f.getString("type")), "revocation", Duration.ofSeconds(1));
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1));
      assertEquals("access-revoked", revoked.getString("code"));
      assertEquals(child, revoked.getString("childId"));

      assertEquals(201, post("anna.bvc", child, "after", "Efter återkallelsen").status());
      assertEquals("Efter återkallelsen", erik.messages(child, 1).get(0).getString("text"));
      assertTrue(maria.frames().noneMatch(f -> "message".equals(f.getString("type"))), "nothing more reaches maria");
      maria.send(new JsonObject().put("type", "send").put("childId", child).put("clientId", "m").put("text", "Hej"));
      assertEquals("not-found", maria.await(f -> "error".equals(f.getString("type")) && "m".equals(f.getString("clientId")),
          "send refusal").getString("code"));
    }
  }

  @Test
  void reconnectingWithAfterSeqShouldResumeWithoutLossOrDuplicates() {
    String child = team()[0];
    try (WsClient erik = WsClient.as(stack, "erik.rektor")) {
      erik.subscribe(child, 0L);
      for (int i = 1; i <= 5; i++) {
        post("anna.bvc", child, "r" + i, "före " + i);
      }
      assertEquals(5, erik.messages(child, 5).get(4).getInteger("seq"));
    }
    for (int i = 6; i <= 12; i++) {
      post("anna.bvc", child, "r" + i, "medan erik var borta " + i);
    }
    try (WsClient erik = WsClient.as(stack, "erik.rektor")) {
      erik.subscribe(child, 5L);
      post("anna.bvc", child, "r13", "live igen");
      List<Integer> seqs = erik.messages(child, 8).stream().map(m -> m.getInteger("seq")).toList();
      assertEquals(IntStream.rangeClosed(6, 13).boxed().toList(), seqs);
    }
  }

  @Test
  void readReceiptsAndTypingShouldReachTheOtherMembers() {
    String child = team()[0];
    post("anna.bvc", child, "q", "Fråga");
    try (WsClient anna = WsClient.as(stack, "anna.bvc"); WsClient erik = WsClient.as(stack, "erik.rektor")) {
      anna.subscribe(child, null);
      erik.subscribe(child, null);
      erik.send(new JsonObject().put("type", "read").put("childId", child).put("seq", 1));
      JsonObject receipt = anna.await(f -> "receipt".equals(f.getString("type")), "receipt");
      assertEquals("erik.rektor", receipt.getString("username"));
      assertEquals(1, receipt.getInteger("seq"));
      erik.send(new JsonObject().put("type", "typing").put("childId", child));
      assertEquals("erik.rektor", anna.await(f -> "typing".equals(f.getString("type")), "typing").getString("username"));
    }
    JsonArray markers = api.get("maria.polis", "/api/children/" + child + "/team/read-markers").json().getJsonArray("markers");
    assertEquals("erik.rektor", markers.getJsonObject(0).getString("username"));
  }

  @Test
  void malformedFramesAndFloodsShouldNotHarmOtherSockets() throws Exception {
    String child = team()[0];
    try (WsClient bystander = WsClient.as(stack, "erik.rektor")) {
      bystander.subscribe(child, null);
      try (WsClient bad = WsClient.as(stack, "anna.bvc")) {
        bad.sendRaw("{not json");
        assertEquals("malformed", nextError(bad, "not json").getString("code"));
        bad.sendRaw("[1, 2]");
        assertEquals("malformed", nextError(bad, "an array").getString("code"));
        bad.send(new JsonObject().put("type", "explode"));
        assertEquals("unknown-type", nextError(bad, "unknown type").getString("code"));
        bad.send(new JsonObject().put("type", "subscribe").put("childId", "not-a-uuid"));
        assertEquals("malformed", nextError(bad, "bad uuid").getString("code"));
        bad.sendBinary(new byte[] {1, 2, 3});
        assertEquals("malformed", nextError(bad, "binary").getString("code"));
        // Frames that lack a field or carry one of the wrong type: each is answered, none kills the socket.
        List<JsonObject> broken = List.of(
            new JsonObject().put("type", "subscribe"),
            new JsonObject().put("type", "subscribe").put("childId", 42),
            new JsonObject().put("type", "subscribe").put("childId", child).put("afterSeq", "12"),
            new JsonObject().put("type", "subscribe").put("childId", child).put("afterSeq", -1),
            new JsonObject().put("type", "subscribe").put("childId", child).put("afterSeq", 1.5),
            new JsonObject().put("type", "unsubscribe"),
            new JsonObject().put("type", "send").put("clientId", "c").put("text", "x"),
            new JsonObject().put("type", "send").put("childId", child).put("clientId", 7).put("text", "x"),
            new JsonObject().put("type", "send").put("childId", child).put("clientId", "c"),
            new JsonObject().put("type", "read").put("childId", child),
            new JsonObject().put("type", "read").put("childId", child).put("seq", "three"),
            new JsonObject().put("type", "read").put("seq", 3),
            new JsonObject().put("type", "typing"),
            new JsonObject().put("type", "auth"),
            new JsonObject().put("type", "auth").put("token", 12));
        for (JsonObject frame : broken) {
          bad.send(frame);
          JsonObject refusal = nextError(bad, frame.encode());
          assertEquals("malformed", refusal.getString("code"), frame.encode());
          assertFalse(bad.isClosed(), "the socket stays open after " + frame.encode());
        }
        // A send that names its clientId gets it back, so the client knows which send failed.
        bad.send(new JsonObject().put("type", "send").put("childId", child).put("clientId", "no-text"));
        assertEquals("no-text", nextError(bad, "send without text").getString("clientId"));
        // The socket still works.
        assertEquals("subscribed", bad.subscribe(child, null).getString("type"));
      }
      // On a gateway of its own: its frame budget per user is apart from the stack's, which other tests use.
      try (GatewayServer own = GatewayServer.start(stack, AppConfig.WebSockets.DEFAULT);
          WsClient flooder = WsClient.connect(own.baseUrl(), stack.token("anna.bvc"))) {
        for (int i = 0; i < 5_000 && !flooder.isClosed(); i++) {
          if (!trySend(flooder, new JsonObject().put("type", "typing").put("childId", child).encode())) {
            break;
          }
        }
        assertEquals(4429, flooder.awaitClose(Duration.ofSeconds(5)));
      }
      try (WsClient huge = WsClient.as(stack, "anna.bvc")) {
        // The server may close while the frame is still being written; the close code is what counts.
        trySend(huge, "{\"type\":\"typing\",\"pad\":\"" + "x".repeat(100_000) + "\"}");
        assertEquals(1009, huge.awaitClose(Duration.ofSeconds(5)));
      }
      try (WsClient anonymous = WsClient.connect(stack)) {
        anonymous.send(new JsonObject().put("type", "subscribe").put("childId", child));
        assertEquals(4401, anonymous.awaitClose(Duration.ofSeconds(5)));
      }
      assertEquals(201, post("anna.bvc", child, "still-ok", "Servern lever").status());
      assertEquals("Servern lever", bystander.messages(child, 1).get(0).getString("text"));
    }
  }

  /** The next error frame (an error is expected, so waiting for it cannot pass by accident). */
  private static JsonObject nextError(WsClient ws, String what) {
    return ws.await(f -> "error".equals(f.getString("type")), "error frame for " + what, Duration.ofSeconds(5));
  }

  /** Sends a text frame; false when the server has already closed the socket under us. */
  static boolean trySend(WsClient ws, String text) {
    try {
      ws.sendRaw(text);
      return true;
    } catch (java.util.concurrent.CompletionException closed) {
      return false;
    }
  }

  @Test
  void anExpiredSessionShouldBeClosedWithAClearReasonAndARefreshShouldKeepItOpen() throws Exception {
    TestJwts trusted = TestJwts.registeredInRealm(stack, "ws-expiry-" + System.nanoTime());
    // Make the server learn the new key before relying on it.
    String probe = trusted.sign(TestJwts.annaClaims(stack.issuer()));
    Eventually.await(Duration.ofSeconds(30), "new key never accepted", () -> stack.http().get("/api/me", probe).status() == 200);
    long now = Instant.now().getEpochSecond();
    try (WsClient ws = WsClient.connect(stack)) {
      ws.send(new JsonObject().put("type", "auth").put("token", trusted.sign(TestJwts.annaClaims(stack.issuer()).put("exp", now + 3))));
      ws.await(f -> "authenticated".equals(f.getString("type")), "authenticated");
      ws.send(new JsonObject().put("type", "auth").put("token", trusted.sign(TestJwts.annaClaims(stack.issuer()).put("exp", now + 6))));
      ws.await(f -> "authenticated".equals(f.getString("type")), "refreshed");
      // The behaviour under test is a clock's: the first token's expiry (plus a second for the
      // server's timer) must pass with the socket still open. Nothing to poll for but the time.
      Thread.sleep(Math.max(0, Duration.between(Instant.now(), Instant.ofEpochSecond(now + 4)).toMillis()));
      assertFalse(ws.isClosed(), "the refreshed session must outlive the first token");
      assertEquals(4402, ws.awaitClose(Duration.ofSeconds(6)));
      assertTrue(ws.closeReason().contains("gått ut"), ws.closeReason());
    }
  }

  @Test
  void sendsBeyondTheRateLimitShouldGet429() {
    String child = team()[0];
    int limited = 0;
    for (int i = 0; i < 120; i++) {
      Http.Response r = post("maria.polis", child, "flood-" + i + "-" + UUID.randomUUID(), "x");
      if (r.status() == 429) {
        assertEquals("https://samverkan.se/problems/too-many-requests", r.json().getString("type"));
        limited++;
      }
    }
    assertTrue(limited > 0, "no 429 after 120 rapid sends");
  }

  @Test
  void aDatabaseDumpShouldNotContainAnyMessageText() throws Exception {
    String child = team()[0];
    String secret = "Hemligt-" + UUID.randomUUID();
    assertEquals(201, post("anna.bvc", child, "s1", secret).status());
    String edited = "Ändrat-" + UUID.randomUUID();
    String id = post("anna.bvc", child, "s2", "tillfälligt").json().getString("id");
    api.patch("anna.bvc", "/api/children/" + child + "/team/messages/" + id, new JsonObject().put("text", edited));
    String dump = DatabaseDump.allTables(stack);
    assertTrue(dump.contains(child));
    assertFalse(dump.contains(secret), "message text in clear in the database");
    assertFalse(dump.contains(edited), "edited text in clear in the database");
    assertFalse(dump.contains("tillfälligt"));
  }

  @Test
  void theFamilyShouldSeeThatMessagesWereExchangedAndWithWhom() throws Exception {
    String child = team()[0];
    api.addGuardian("anna.bvc", child, "karin.guardian");
    post("anna.bvc", child, "f1", "Hur går det i skolan?");
    post("erik.rektor", child, "f2", "Bättre nu.");
    // Close the hour now instead of waiting for it.
    Integer written = stack.vertx().eventBus().<Integer>request(MessageLogJob.FLUSH_ADDRESS,
        Instant.now().plusSeconds(3600).toString()).await(30, TimeUnit.SECONDS).body();
    assertTrue(written >= 1);
    JsonObject entry = api.get("karin.guardian", "/api/family/children/" + child + "/sharing-log").json()
        .getJsonArray("entries").stream().map(e -> (JsonObject) e)
        .filter(e -> "TEAM_MESSAGES".equals(e.getString("category"))).findFirst().orElseThrow();
    assertTrue(entry.getString("what").startsWith("2 meddelanden skrevs i barnets team"), entry.getString("what"));
    assertTrue(entry.getString("what").contains("Anna Bergström") && entry.getString("what").contains("Erik Lindqvist"));
    List<String> readers = entry.getJsonObject("recipients").getJsonArray("persons").stream()
        .map(p -> ((JsonObject) p).getString("username")).toList();
    assertEquals(List.of("anna.bvc", "erik.rektor", "maria.polis"), readers);
    assertFalse(entry.encode().contains("skolan?"), "the log says that, not what");
  }
}

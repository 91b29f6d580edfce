package se.samverkan.direct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.samverkan.testing.Api.assertProblem;

import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.shared.EventAddresses;
import se.samverkan.testing.TestUsers;
import se.samverkan.testing.Api;
import se.samverkan.testing.Eventually;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/** Issue 12: devices, conversations and per-device sealed messages through the real stack. */
@ExtendWith(SamverkanExtension.class)
class DirectMessagesTest {

  private static TestStack stack;
  private static Api api;
  private static DirectFixture direct;

  @BeforeAll
  static void prepare(TestStack testStack) {
    stack = testStack;
    api = new Api(stack);
    direct = new DirectFixture(api);
  }

  @AfterEach
  void removeDevices() {
    direct.removeDevices();
  }

  @Test
  void devicesShouldBeRegisteredListedAndRemovedByTheirOwnerOnly() {
    Sealer.Device laptop = Sealer.register(api, "anna.bvc", "Jobbdator");
    Sealer.Device phone = Sealer.register(api, "anna.bvc", "Telefon");
    JsonArray mine = api.get("anna.bvc", "/api/devices").json().getJsonArray("devices");
    assertEquals(2, mine.size(), mine.encode());
    JsonObject first = mine.getJsonObject(0);
    assertEquals(laptop.id(), first.getString("id"));
    assertEquals("Jobbdator", first.getString("label"));
    assertEquals(DeviceKey.fromBase64Url(laptop.publicKey()).fingerprint(), first.getString("fingerprint"));

    assertEquals(404, api.delete("erik.rektor", "/api/devices/" + phone.id()).status(), "someone else's device");
    assertEquals(204, api.delete("anna.bvc", "/api/devices/" + phone.id()).status());
    assertEquals(404, api.delete("anna.bvc", "/api/devices/" + phone.id()).status(), "already removed");
    JsonArray after = api.get("anna.bvc", "/api/devices").json().getJsonArray("devices");
    assertEquals(List.of(laptop.id()), after.stream().map(d -> ((JsonObject) d).getString("id")).toList());

    byte[] offCurve = Sealer.unb64(laptop.publicKey());
    offCurve[64] ^= 1;
    assertProblem(api.post("anna.bvc", "/api/devices",
        new JsonObject().put("publicKey", Sealer.b64(offCurve)).put("label", "Fel")), 400, "invalid-request");
    assertProblem(api.post("karin.guardian", "/api/devices",
        new JsonObject().put("publicKey", Sealer.freshPublicKey()).put("label", "Hemma")), 403, "forbidden");
  }

  @Test
  void aPersonShouldHaveAtMostTenActiveDevices() {
    for (int i = 0; i < DeviceService.MAX_ACTIVE_DEVICES; i++) {
      Sealer.register(api, "maria.polis", "Enhet " + i);
    }
    assertProblem(api.post("maria.polis", "/api/devices",
        new JsonObject().put("publicKey", Sealer.freshPublicKey()).put("label", "Elfte")), 409, "conflict");
  }

  @Test
  void anOutsiderShouldNotSeeDevicesNorOpenNorReadNorWriteAConversation() throws Exception {
    String child = direct.team().child();
    String conversation = direct.conversation(child);
    Sealer.Device erik = Sealer.register(api, "erik.rektor", "Skolan");
    // a professional who exists only in this test: no child in common with anyone
    String outsider = TestUsers.create(stack, "prov", "vaxjo");
    Sealer.Device outsiderDevice = Sealer.register(api, outsider, "Soc");

    assertEquals(200, api.get("anna.bvc", "/api/users/erik.rektor/devices").status(), "anna shares the child with erik");
    assertEquals(erik.publicKey(), api.get("anna.bvc", "/api/users/erik.rektor/devices").json().getJsonArray("devices")
        .getJsonObject(0).getString("publicKey"));
    assertProblem(api.get(outsider, "/api/users/erik.rektor/devices"), 404, "not-found");
    assertProblem(api.get(outsider, "/api/users/nobody.here/devices"), 404, "not-found");
    assertProblem(direct.start(outsider, child, "erik.rektor"), 404, "not-found");
    assertProblem(api.get(outsider, "/api/conversations/" + conversation + "/messages?deviceId=" + outsiderDevice.id()), 404, "not-found");
    assertProblem(direct.send(outsider, conversation, Sealer.send("x", outsiderDevice.id(), new JsonArray()
        .add(Sealer.seal(erik.id(), erik.publicKey(), "a", "hej")))), 404, "not-found");
    assertProblem(api.post(outsider, "/api/conversations/" + conversation + "/read", new JsonObject().put("seq", 1)),
        404, "not-found");
    assertTrue(api.get(outsider, "/api/conversations").json().getJsonArray("conversations").isEmpty());
  }

  @Test
  void openingTwiceInEitherOrderShouldGiveTheSameConversation() {
    String child = direct.team().child();
    Http.Response first = direct.start("anna.bvc", child, "erik.rektor");
    assertEquals(201, first.status(), first.toString());
    JsonObject c = first.json();
    assertEquals(child, c.getString("childId"));
    assertEquals("erik.rektor", c.getJsonObject("with").getString("username"));
    assertTrue(c.getBoolean("open"));
    assertEquals(0, c.getInteger("lastSeq"));
    assertFalse(c.getString("childName").isBlank());

    Http.Response again = direct.start("anna.bvc", child, "erik.rektor");
    assertEquals(200, again.status(), again.toString());
    assertEquals(c.getString("id"), again.json().getString("id"));
    Http.Response reversed = direct.start("erik.rektor", child, "anna.bvc");
    assertEquals(200, reversed.status(), reversed.toString());
    assertEquals(c.getString("id"), reversed.json().getString("id"));
    assertEquals("anna.bvc", reversed.json().getJsonObject("with").getString("username"));

    assertEquals(400, direct.start("anna.bvc", child, "anna.bvc").status(), "with oneself");
    assertEquals(422, direct.start("anna.bvc", child, "karin.guardian").status(), "guardians are not in direct conversations");
    assertEquals(422, direct.start("anna.bvc", child, "sara.elevhalsa").status(), "covered by the consent but not in the team");
    assertNotEquals(c.getString("id"), direct.start("anna.bvc", child, "maria.polis").json().getString("id"));
  }

  @Test
  void aSendMissingACopyShouldBe409WithTheDevicesAndTheResendShouldStoreOneMessage() {
    String conversation = direct.conversation(direct.team().child());
    Sealer.Device anna = Sealer.register(api, "anna.bvc", "Jobbdator");
    Sealer.Device erik1 = Sealer.register(api, "erik.rektor", "Skolan");
    Sealer.Device erik2 = Sealer.register(api, "erik.rektor", "Hemma");
    String clientId = UUID.randomUUID().toString();
    String aad = Sealer.aad(conversation, clientId, anna.id());

    Http.Response partial = direct.send("anna.bvc", conversation,
        Sealer.send(clientId, anna.id(), new JsonArray().add(Sealer.seal(erik1.id(), erik1.publicKey(), aad, "Hej Erik"))));
    assertProblem(partial, 409, "device-list-changed");
    Set<String> listed = new TreeSet<>();
    for (Object o : partial.json().getJsonArray("devices")) {
      JsonObject d = (JsonObject) o;
      listed.add(d.getString("id"));
      assertEquals("erik.rektor", d.getString("owner"));
      assertTrue(d.getString("fingerprint").matches("\\d{4} \\d{4} \\d{4}"));
    }
    assertEquals(new TreeSet<>(List.of(erik1.id(), erik2.id())), listed);

    Http.Response unknown = direct.send("anna.bvc", conversation, Sealer.send(clientId, anna.id(), new JsonArray()
        .add(Sealer.seal(erik1.id(), erik1.publicKey(), aad, "Hej")).add(Sealer.seal(erik2.id(), erik2.publicKey(), aad, "Hej"))
        .add(Sealer.seal(UUID.randomUUID().toString(), erik2.publicKey(), aad, "Hej"))));
    assertProblem(unknown, 409, "device-list-changed");

    Http.Response full = direct.sendToAll(anna, conversation, clientId, "Hej Erik");
    assertEquals(201, full.status(), full.toString());
    Http.Response resent = direct.sendToAll(anna, conversation, clientId, "Hej Erik");
    assertEquals(200, resent.status(), resent.toString());
    assertEquals(full.json(), resent.json());
    assertEquals(1, full.json().getInteger("seq"));
    JsonArray forErik2 = direct.messages("erik.rektor", conversation, erik2.id());
    assertEquals(1, forErik2.size(), forErik2.encode());
    assertEquals("Hej Erik", Sealer.open(erik2, forErik2.getJsonObject(0).getString("enc"),
        forErik2.getJsonObject(0).getString("ciphertext"), aad));

    assertProblem(direct.send("anna.bvc", conversation, Sealer.send("other", erik1.id(), new JsonArray()
        .add(Sealer.seal(erik2.id(), erik2.publicKey(), aad, "x")))), 422, "unknown-device");
  }

  @Test
  void concurrentSendsShouldGetGapFreeSequenceNumbersAndUnreadCountsShouldFollow() throws Exception {
    String conversation = direct.conversation(direct.team().child());
    Sealer.Device anna = Sealer.register(api, "anna.bvc", "Jobbdator");
    Sealer.Device erik = Sealer.register(api, "erik.rektor", "Skolan");
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Http.Response>> sends = new java.util.ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String clientId = "c-" + i;
        sends.add(pool.submit(() -> direct.sendToAll(anna, conversation, clientId, "Meddelande")));
      }
      Set<Integer> seqs = new TreeSet<>();
      for (Future<Http.Response> f : sends) {
        Http.Response r = f.get();
        assertEquals(201, r.status(), r.toString());
        seqs.add(r.json().getInteger("seq"));
      }
      Set<Integer> expected = new TreeSet<>();
      for (int i = 1; i <= 12; i++) {
        expected.add(i);
      }
      assertEquals(expected, seqs);
    } finally {
      pool.shutdownNow();
    }
    JsonObject forErik = only(api.get("erik.rektor", "/api/conversations").json(), conversation);
    assertEquals(12, forErik.getInteger("unread"));
    assertEquals(12, forErik.getInteger("lastSeq"));
    assertEquals(0, only(api.get("anna.bvc", "/api/conversations").json(), conversation).getInteger("unread"));
    assertEquals(204, api.post("erik.rektor", "/api/conversations/" + conversation + "/read", new JsonObject().put("seq", 10)).status());
    assertEquals(2, only(api.get("erik.rektor", "/api/conversations").json(), conversation).getInteger("unread"));

    Http.Response page = api.get("erik.rektor", "/api/conversations/" + conversation + "/messages?deviceId=" + erik.id()
        + "&afterSeq=5&limit=4");
    assertEquals(List.of(6, 7, 8, 9), page.json().getJsonArray("messages").stream()
        .map(m -> ((JsonObject) m).getInteger("seq")).toList());
    assertTrue(page.json().getBoolean("hasMore"));
  }

  private static JsonObject only(JsonObject list, String conversation) {
    return list.getJsonArray("conversations").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("id").equals(conversation)).findFirst().orElseThrow();
  }

  @Test
  void eachDeviceShouldGetOnlyItsCopyAndANewDeviceItsHistoryOnceUploaded() throws Exception {
    String conversation = direct.conversation(direct.team().child());
    Sealer.Device anna = Sealer.register(api, "anna.bvc", "Jobbdator");
    Sealer.Device erikOld = Sealer.register(api, "erik.rektor", "Skolan");
    ConcurrentLinkedQueue<JsonObject> toOld = listen(erikOld.id());
    String clientId = UUID.randomUUID().toString();
    Http.Response sent = direct.sendToAll(anna, conversation, clientId, "Före den nya enheten");
    assertEquals(201, sent.status(), sent.toString());
    String aad = Sealer.aad(conversation, clientId, anna.id());
    Eventually.await(Duration.ofSeconds(5), "the live copy", () -> toOld.stream().anyMatch(f -> "direct".equals(f.getString("type"))));
    JsonObject live = toOld.stream().filter(f -> "direct".equals(f.getString("type"))).findFirst().orElseThrow();
    assertEquals(conversation, live.getString("conversationId"));
    assertEquals("Före den nya enheten", Sealer.open(erikOld, live.getString("enc"), live.getString("ciphertext"), aad));

    ConcurrentLinkedQueue<JsonObject> toAnna = listen(anna.id());
    Sealer.Device erikNew = Sealer.register(api, "erik.rektor", "Ny dator");
    Eventually.await(Duration.ofSeconds(5), "erik's old device hears of the new one",
        () -> toOld.stream().anyMatch(f -> "device-added".equals(f.getString("type")) && erikNew.id().equals(f.getString("deviceId"))));
    Eventually.await(Duration.ofSeconds(5), "anna hears that erik's devices changed",
        () -> toAnna.stream().anyMatch(f -> "direct-devices".equals(f.getString("type")) && "added".equals(f.getString("change"))
            && erikNew.id().equals(f.getString("deviceId")) && conversation.equals(f.getString("conversationId"))));

    JsonObject before = direct.messages("erik.rektor", conversation, erikNew.id()).getJsonObject(0);
    assertNull(before.getValue("enc"), before.encode());
    assertNull(before.getValue("ciphertext"), before.encode());
    JsonObject old = direct.messages("erik.rektor", conversation, erikOld.id()).getJsonObject(0);
    assertNotEquals(null, old.getString("ciphertext"));

    ConcurrentLinkedQueue<JsonObject> toNew = listen(erikNew.id());
    String text = Sealer.open(erikOld, old.getString("enc"), old.getString("ciphertext"), aad);
    JsonObject copy = Sealer.seal(erikNew.id(), erikNew.publicKey(), aad, text);
    JsonObject history = new JsonObject().put("fromDeviceId", erikOld.id()).put("copies", new JsonArray().add(new JsonObject()
        .put("messageId", old.getString("id")).put("enc", copy.getString("enc")).put("ciphertext", copy.getString("ciphertext"))));
    assertEquals(204, api.post("erik.rektor", "/api/devices/" + erikNew.id() + "/history", history).status());
    assertEquals(204, api.post("erik.rektor", "/api/devices/" + erikNew.id() + "/history", history).status(), "idempotent");
    Eventually.await(Duration.ofSeconds(5), "history-added", () -> toNew.stream()
        .anyMatch(f -> "history-added".equals(f.getString("type")) && f.getInteger("count") == 1));
    JsonObject after = direct.messages("erik.rektor", conversation, erikNew.id()).getJsonObject(0);
    assertEquals("Före den nya enheten", Sealer.open(erikNew, after.getString("enc"), after.getString("ciphertext"), aad));

    assertEquals(422, api.post("erik.rektor", "/api/devices/" + erikNew.id() + "/history",
        history.copy().put("fromDeviceId", erikNew.id())).status(), "from the device itself");
    assertEquals(404, api.post("anna.bvc", "/api/devices/" + erikNew.id() + "/history",
        history.copy().put("fromDeviceId", anna.id())).status(), "to someone else's device");
    Sealer.Device annaNew = Sealer.register(api, "anna.bvc", "Ny");
    JsonObject foreign = new JsonObject().put("fromDeviceId", anna.id()).put("copies", new JsonArray().add(new JsonObject()
        .put("messageId", UUID.randomUUID().toString()).put("enc", copy.getString("enc")).put("ciphertext", copy.getString("ciphertext"))));
    assertEquals(400, api.post("anna.bvc", "/api/devices/" + annaNew.id() + "/history", foreign).status(), "not her message");
    assertEquals(422, api.get("anna.bvc", "/api/conversations/" + conversation + "/messages?deviceId=" + erikOld.id()).status(),
        "not her device");

    assertEquals(204, api.delete("erik.rektor", "/api/devices/" + erikNew.id()).status());
    Eventually.await(Duration.ofSeconds(5), "device-removed", () -> toNew.stream().anyMatch(f -> "device-removed".equals(f.getString("type"))));
  }

  /** The frames published for one device, as the gateway would forward them. */
  private static ConcurrentLinkedQueue<JsonObject> listen(String deviceId) throws Exception {
    ConcurrentLinkedQueue<JsonObject> frames = new ConcurrentLinkedQueue<>();
    MessageConsumer<JsonObject> consumer = stack.vertx().eventBus()
        .consumer(EventAddresses.directDevice(UUID.fromString(deviceId)), m -> frames.add(m.body()));
    consumer.completion().toCompletionStage().toCompletableFuture().get();
    return frames;
  }

  @Test
  void withdrawingTheConsentShouldCloseTheConversationWithinOneSecondAndRefuseSends() throws Exception {
    DirectFixture.Team team = direct.team();
    String child = team.child();
    String conversation = direct.conversation(child);
    Sealer.Device anna = Sealer.register(api, "anna.bvc", "Jobbdator");
    Sealer.Device erik = Sealer.register(api, "erik.rektor", "Skolan");
    assertEquals(201, direct.sendToAll(anna, conversation, "before", "Innan").status());
    ConcurrentLinkedQueue<JsonObject> toAnna = listen(anna.id());
    ConcurrentLinkedQueue<JsonObject> toErik = listen(erik.id());

    assertEquals(200, api.withdraw("anna.bvc", child, team.consent()).status());
    long withdrawn = System.nanoTime();
    Eventually.await(Duration.ofSeconds(1), "direct-closed to both parties", () -> closed(toAnna, conversation, child)
        && closed(toErik, conversation, child));
    assertTrue(System.nanoTime() - withdrawn < Duration.ofSeconds(1).toNanos());

    assertProblem(direct.sendToAll(anna, conversation, "after", "Efter"), 403, "conversation-closed");
    assertProblem(direct.send("erik.rektor", conversation, Sealer.send("after", erik.id(), new JsonArray()
        .add(Sealer.seal(anna.id(), anna.publicKey(), "a", "Efter")))), 404, "not-found");
    assertFalse(only(api.get("anna.bvc", "/api/conversations").json(), conversation).getBoolean("open"));
    assertTrue(api.get("erik.rektor", "/api/conversations").json().getJsonArray("conversations").stream()
        .noneMatch(c -> ((JsonObject) c).getString("id").equals(conversation)), "erik no longer sees the child");
    assertEquals(1, direct.messages("anna.bvc", conversation, anna.id()).size(), "what was sent stays readable to anna");
  }

  private static boolean closed(ConcurrentLinkedQueue<JsonObject> frames, String conversation, String child) {
    return frames.stream().anyMatch(f -> "direct-closed".equals(f.getString("type"))
        && conversation.equals(f.getString("conversationId")) && child.equals(f.getString("childId")));
  }

  @Test
  void theSharingLogShouldNameBothPartiesOncePerConversationDayAndNoContent() {
    String child = direct.team().child();
    api.addGuardian("anna.bvc", child, "karin.guardian");
    String conversation = direct.conversation(child);
    Sealer.Device anna = Sealer.register(api, "anna.bvc", "Jobbdator");
    Sealer.Device erik = Sealer.register(api, "erik.rektor", "Skolan");
    String secret = "Hemligt-" + UUID.randomUUID();
    assertEquals(201, direct.sendToAll(anna, conversation, "one", secret).status());
    assertEquals(201, direct.sendToAll(erik, conversation, "two", secret).status());
    assertEquals(201, direct.sendToAll(anna, conversation, "three", secret).status());

    List<JsonObject> direct = api.sharingLog("anna.bvc", child).stream().map(JsonObject.class::cast)
        .filter(e -> "DIRECT_MESSAGES".equals(e.getString("category"))).toList();
    assertEquals(1, direct.size(), direct.toString());
    String entry = direct.get(0).encode();
    assertTrue(entry.contains("anna.bvc") && entry.contains("erik.rektor"), entry);
    assertFalse(entry.contains(secret), entry);
    assertEquals("CONSENT", direct.get(0).getJsonObject("legalBasis").getString("type"), entry);

    JsonArray family = api.get("karin.guardian", "/api/family/children/" + child + "/sharing-log").json().getJsonArray("entries");
    assertEquals(1, family.stream().map(JsonObject.class::cast).filter(e -> "DIRECT_MESSAGES".equals(e.getString("category"))).count(),
        family.encode());
  }
}

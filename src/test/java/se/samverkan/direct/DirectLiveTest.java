package se.samverkan.direct;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.samverkan.testing.Api.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.crypto.DirectHpke;
import se.samverkan.testing.Api;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;
import se.samverkan.testing.WsClient;

/**
 * Issue 12 end to end: the running stack's {@code /api/ws} over a real WebSocket, the gateway
 * asking the direct feature's real device port, messages sent over REST with copies sealed by
 * {@link DirectHpke}. No stand-in anywhere between the REST call and the frame on the socket.
 */
@ExtendWith(SamverkanExtension.class)
class DirectLiveTest {

  /** The contract's bound from an access revocation to direct-closed on the devices. */
  private static final Duration CLOSE_BOUND = Duration.ofSeconds(1);
  private static final Duration FRAME_WAIT = Duration.ofSeconds(5);

  private static TestStack stack;
  private static Api api;
  private static DirectFixture direct;
  private final List<WsClient> sockets = new ArrayList<>();

  /** A device of the test: registered through the API, its key pair DirectHpke's. */
  private record LiveDevice(String owner, String id, DirectHpke.KeyPair keys) {
  }

  @BeforeAll
  static void prepare(TestStack testStack) {
    stack = testStack;
    api = new Api(stack);
    direct = new DirectFixture(api);
  }

  @AfterEach
  void closeSocketsAndRemoveDevices() {
    sockets.forEach(WsClient::close);
    sockets.clear();
    direct.removeDevices();
  }

  @Test
  void aSubscribedDeviceShouldGetTheDirectFrameOfARestSendWithItsOwnCopy() {
    String conversation = direct.conversation(direct.team().child());
    LiveDevice anna = register("anna.bvc", "Jobbdator");
    LiveDevice annaPhone = register("anna.bvc", "Telefon");
    LiveDevice erik = register("erik.rektor", "Skolan");
    List<LiveDevice> required = List.of(annaPhone, erik);
    assertEquals(ids(required), direct.devicesOf("anna.bvc", List.of("anna.bvc", "erik.rektor")).stream()
        .map(d -> d.getString("id")).filter(id -> !id.equals(anna.id())).collect(Collectors.toSet()),
        "the copies go to every device the server requires");
    WsClient erikSocket = follow(erik);
    WsClient phoneSocket = follow(annaPhone);

    String clientId = UUID.randomUUID().toString();
    Http.Response sent = sendSealed(anna, conversation, clientId, "Hej Erik, ring mig", required);
    assertEquals(201, sent.status(), sent.toString());
    String messageId = sent.json().getString("id");

    JsonObject frame = erikSocket.await(f -> "direct".equals(f.getString("type")) && messageId.equals(f.getString("id")),
        "the direct frame for erik's device", FRAME_WAIT);
    JsonArray stored = direct.messages("erik.rektor", conversation, erik.id());
    assertEquals(1, stored.size(), stored.encode());
    JsonObject rest = stored.getJsonObject(0);
    for (String field : List.of("id", "clientId", "sender", "senderDeviceId", "enc", "ciphertext", "sentAt")) {
      assertEquals(rest.getString(field), frame.getString(field), field);
    }
    assertEquals(rest.getLong("seq"), frame.getLong("seq"), "seq");
    assertEquals(conversation, frame.getString("conversationId"));
    assertEquals(sent.json().getLong("seq"), frame.getLong("seq"));
    assertEquals(sent.json().getString("sentAt"), frame.getString("sentAt"));
    assertEquals(clientId, frame.getString("clientId"));
    assertEquals("anna.bvc", frame.getString("sender"));
    assertEquals(anna.id(), frame.getString("senderDeviceId"));
    assertEquals("Hej Erik, ring mig", open(erik, frame, conversation));

    JsonObject toPhone = phoneSocket.await(f -> "direct".equals(f.getString("type")) && messageId.equals(f.getString("id")),
        "the direct frame for anna's other device", FRAME_WAIT);
    assertNotEquals(frame.getString("ciphertext"), toPhone.getString("ciphertext"), "each device gets its own copy");
    assertEquals("Hej Erik, ring mig", open(annaPhone, toPhone, conversation));
  }

  @Test
  void subscribingToSomeoneElsesDeviceShouldBeRefusedWithUnknownDevice() {
    LiveDevice anna = register("anna.bvc", "Jobbdator");
    LiveDevice erik = register("erik.rektor", "Skolan");
    WsClient erikSocket = open("erik.rektor");

    JsonObject refused = subscribeDirect(erikSocket, anna.id());
    assertEquals("error", refused.getString("type"), refused.encode());
    assertEquals("unknown-device", refused.getString("code"), refused.encode());
    assertEquals("subscribed-direct", subscribeDirect(erikSocket, erik.id()).getString("type"), "his own device he may follow");

    WsClient annaSocket = follow(anna);
    LiveDevice annaPhone = register("anna.bvc", "Telefon");
    annaSocket.await(f -> "device-added".equals(f.getString("type")) && annaPhone.id().equals(f.getString("deviceId")),
        "anna's device hears of her new one", FRAME_WAIT);
    assertTrue(erikSocket.frames().noneMatch(f -> "device-added".equals(f.getString("type"))),
        "nothing of anna's device reaches erik's socket");
  }

  @Test
  void withdrawingTheConsentShouldSendDirectClosedToBothSocketsWithinOneSecondAndRefuseTheNextSend() {
    DirectFixture.Team team = direct.team();
    String conversation = direct.conversation(team.child());
    LiveDevice anna = register("anna.bvc", "Jobbdator");
    LiveDevice erik = register("erik.rektor", "Skolan");
    WsClient annaSocket = follow(anna);
    WsClient erikSocket = follow(erik);
    assertEquals(201, sendSealed(anna, conversation, "before", "Innan", List.of(erik)).status());

    Http.Response withdrawn = api.withdraw("anna.bvc", team.child(), team.consent());
    long answered = System.nanoTime();
    assertEquals(200, withdrawn.status(), withdrawn.toString());
    awaitClosed(annaSocket, conversation, team.child(), answered, "anna's");
    awaitClosed(erikSocket, conversation, team.child(), answered, "erik's");
    Duration took = Duration.ofNanos(System.nanoTime() - answered);
    assertTrue(took.compareTo(CLOSE_BOUND) < 0, "direct-closed on both sockets took " + took);

    assertProblem(sendSealed(anna, conversation, "after", "Efter", List.of(erik)), 403, "conversation-closed");
  }

  @Test
  void removingADeviceShouldTellItsSocketAndTheCorrespondentsDevice() {
    String conversation = direct.conversation(direct.team().child());
    LiveDevice anna = register("anna.bvc", "Jobbdator");
    LiveDevice erikSchool = register("erik.rektor", "Skolan");
    LiveDevice erikHome = register("erik.rektor", "Hemma");
    WsClient annaSocket = follow(anna);
    WsClient homeSocket = follow(erikHome);

    assertEquals(204, api.delete("erik.rektor", "/api/devices/" + erikHome.id()).status());

    homeSocket.await(f -> "device-removed".equals(f.getString("type")) && erikHome.id().equals(f.getString("deviceId")),
        "device-removed on the removed device's socket", FRAME_WAIT);
    JsonObject changed = annaSocket.await(f -> "direct-devices".equals(f.getString("type"))
        && conversation.equals(f.getString("conversationId")) && erikHome.id().equals(f.getString("deviceId")),
        "direct-devices on anna's device", FRAME_WAIT);
    assertEquals("removed", changed.getString("change"), changed.encode());
    assertEquals("erik.rektor", changed.getString("username"), changed.encode());

    JsonObject again = subscribeDirect(homeSocket, erikHome.id());
    assertEquals("unknown-device", again.getString("code"), "the subscription ended and the removed device is not his now: "
        + again.encode());
    assertEquals("subscribed-direct", subscribeDirect(homeSocket, erikSchool.id()).getString("type"));
  }

  private static LiveDevice register(String user, String label) {
    DirectHpke.KeyPair keys = DirectHpke.generateKeyPair();
    return new LiveDevice(user, direct.registerDevice(user, keys.publicKeyBase64url(), label), keys);
  }

  private static Set<String> ids(List<LiveDevice> devices) {
    return devices.stream().map(LiveDevice::id).collect(Collectors.toSet());
  }

  /** An authenticated socket of the user on the running stack, closed after the test. */
  private WsClient open(String user) {
    WsClient ws = WsClient.as(stack, user);
    sockets.add(ws);
    return ws;
  }

  /** A socket of the device's owner following that device. */
  private WsClient follow(LiveDevice device) {
    WsClient ws = open(device.owner());
    JsonObject answer = subscribeDirect(ws, device.id());
    assertEquals("subscribed-direct", answer.getString("type"), answer.encode());
    return ws;
  }

  /** Sends subscribe-direct and returns its answer: subscribed-direct or an error naming the device. */
  private static JsonObject subscribeDirect(WsClient ws, String deviceId) {
    ws.send(new JsonObject().put("type", "subscribe-direct").put("deviceId", deviceId));
    return ws.await(f -> deviceId.equals(f.getString("deviceId"))
        && ("subscribed-direct".equals(f.getString("type")) || "error".equals(f.getString("type"))),
        "the answer to subscribe-direct " + deviceId, FRAME_WAIT);
  }

  /** Sends {@code {"text": text}} from {@code from}, sealed with DirectHpke to each of {@code to}. */
  private static Http.Response sendSealed(LiveDevice from, String conversation, String clientId, String text,
      List<LiveDevice> to) {
    byte[] aad = DirectHpke.aad(conversation, clientId, from.id());
    byte[] plaintext = new JsonObject().put("text", text).encode().getBytes(UTF_8);
    JsonArray copies = new JsonArray();
    for (LiveDevice d : to) {
      DirectHpke.Sealed sealed = DirectHpke.seal(d.keys().publicKey(), aad, plaintext);
      copies.add(new JsonObject().put("deviceId", d.id()).put("enc", sealed.encBase64url())
          .put("ciphertext", sealed.ciphertextBase64url()));
    }
    return direct.send(from.owner(), conversation, Sealer.send(clientId, from.id(), copies));
  }

  /** The text of a direct frame's copy, opened with the device's private key and the frame's own aad fields. */
  private static String open(LiveDevice device, JsonObject frame, String conversation) {
    byte[] aad = DirectHpke.aad(conversation, frame.getString("clientId"), frame.getString("senderDeviceId"));
    byte[] plaintext = DirectHpke.open(device.keys(), DirectHpke.fromBase64url(frame.getString("enc")), aad,
        DirectHpke.fromBase64url(frame.getString("ciphertext")));
    return new JsonObject(new String(plaintext, UTF_8)).getString("text");
  }

  /** Waits for direct-closed on the socket, no longer than the bound counted from the withdrawal's answer. */
  private static void awaitClosed(WsClient ws, String conversation, String child, long answered, String whose) {
    Duration left = CLOSE_BOUND.minusNanos(System.nanoTime() - answered);
    ws.await(f -> "direct-closed".equals(f.getString("type")) && conversation.equals(f.getString("conversationId"))
        && child.equals(f.getString("childId")), "direct-closed on " + whose + " socket",
        left.isNegative() ? Duration.ZERO : left);
  }
}

package se.samverkan.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.config.AppConfig;
import se.samverkan.shared.EventAddresses;
import se.samverkan.testing.Api;
import se.samverkan.testing.Eventually;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;
import se.samverkan.testing.WsClient;

/**
 * Live direct-message frames over {@code /api/ws}: a socket follows one of its user's devices and
 * gets what the direct feature publishes on the device's event-bus address, unchanged. The port
 * that says which devices are the user's is a stand-in here that knows one device of erik's (the
 * real one is the direct feature's, tested there); the sockets, tokens, event bus and gateway are real.
 */
@ExtendWith(SamverkanExtension.class)
class DirectSubscriptionTest {

  private static TestStack stack;
  private static Api api;
  /** Erik's one device for the running test: fresh per test, so no test sees another's consumers. */
  private static volatile UUID eriksDevice;
  private static final DirectDevices ONE_DEVICE_OF_ERIKS = (who, deviceId) ->
      Future.succeededFuture("erik.rektor".equals(who.username()) && deviceId.equals(eriksDevice));

  @BeforeAll
  static void prepare(TestStack testStack) {
    stack = testStack;
    api = new Api(stack);
  }

  @BeforeEach
  void newDevice() {
    eriksDevice = UUID.randomUUID();
  }

  private static GatewayServer gateway() throws Exception {
    return GatewayServer.start(stack, AppConfig.WebSockets.DEFAULT, ONE_DEVICE_OF_ERIKS);
  }

  private static AppConfig.WebSockets bounds(int subscriptionsPerSocket, double framesPerSecond, int frameBurst) {
    AppConfig.WebSockets d = AppConfig.WebSockets.DEFAULT;
    return new AppConfig.WebSockets(d.authTimeout(), d.unauthenticatedPerAddress(), d.unauthenticatedTotal(),
        d.socketsPerUser(), subscriptionsPerSocket, framesPerSecond, frameBurst);
  }

  private static JsonObject subscribeDirect(UUID device) {
    return new JsonObject().put("type", "subscribe-direct").put("deviceId", device.toString());
  }

  /** Sends subscribe-direct and returns its answer: subscribed-direct or an error naming the device. */
  private static JsonObject subscribe(WsClient ws, UUID device) {
    ws.send(subscribeDirect(device));
    return ws.await(f -> device.toString().equals(f.getString("deviceId"))
        && ("subscribed-direct".equals(f.getString("type")) || "error".equals(f.getString("type"))), "answer for " + device);
  }

  private static void publish(UUID device, JsonObject frame) {
    stack.vertx().eventBus().publish(EventAddresses.directDevice(device), frame);
  }

  private static JsonObject directFrame(UUID device, int seq) {
    return new JsonObject().put("type", "direct").put("conversationId", UUID.randomUUID().toString())
        .put("id", UUID.randomUUID().toString()).put("seq", seq).put("clientId", "c-" + seq)
        .put("sender", "anna.bvc").put("senderDeviceId", UUID.randomUUID().toString())
        .put("enc", "BOr3hW0Kx4m").put("ciphertext", "q83vEjRWeJA").put("sentAt", "2026-12-04T19:00:00Z");
  }

  /**
   * Whether anything consumes the device's address: a request to nobody fails at once with
   * NO_HANDLERS, one to a consumer that does not reply (the gateway's) runs into its timeout.
   */
  private static boolean consumed(UUID device) throws InterruptedException {
    try {
      stack.vertx().eventBus().request(EventAddresses.directDevice(device), new JsonObject().put("type", "probe"),
          new DeliveryOptions().setSendTimeout(300)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException e) {
      return !(e.getCause() instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the probe request did not complete", e);
    }
  }

  private static void awaitNoConsumer(UUID device, String what) throws Exception {
    Eventually.await(Duration.ofSeconds(5), () -> assertFalse(consumed(device), what));
  }

  private static List<JsonObject> framesOfType(WsClient ws, String type) throws InterruptedException {
    Thread.sleep(ChannelSubscriptionTest.STRAGGLERS);
    return ws.frames().filter(f -> type.equals(f.getString("type"))).toList();
  }

  @Test
  void aFramePublishedForMyDeviceShouldReachMySocketUnchanged() throws Exception {
    try (GatewayServer server = gateway();
        WsClient erik = WsClient.connect(server.baseUrl(), stack.token("erik.rektor"))) {
      assertFalse(consumed(eriksDevice), "nobody follows the device before the subscribe");
      assertEquals("subscribed-direct", subscribe(erik, eriksDevice).getString("type"));
      assertTrue(consumed(eriksDevice), "the socket's consumer is registered once subscribed-direct came");
      JsonObject direct = directFrame(eriksDevice, 7);
      publish(eriksDevice, direct);
      assertEquals(direct, erik.await(f -> "direct".equals(f.getString("type")), "the direct frame"));
      JsonObject added = new JsonObject().put("type", "device-added").put("deviceId", UUID.randomUUID().toString())
          .put("label", "Firefox på jobbet").put("fingerprint", "0123 4567 8901");
      publish(eriksDevice, added);
      assertEquals(added, erik.await(f -> "device-added".equals(f.getString("type")), "the device-added frame"));

      JsonObject again = subscribe(erik, eriksDevice);
      assertEquals("already-subscribed", again.getString("code"), again.encode());
      erik.send(new JsonObject().put("type", "unsubscribe-direct").put("deviceId", eriksDevice.toString()));
      assertEquals(eriksDevice.toString(), erik.await(f -> "unsubscribed-direct".equals(f.getString("type")),
          "unsubscribed-direct").getString("deviceId"));
      awaitNoConsumer(eriksDevice, "the consumer unregistered after unsubscribe-direct");
      publish(eriksDevice, directFrame(eriksDevice, 8));
      assertEquals(List.of(), framesOfType(erik, "direct"), "nothing after unsubscribed-direct");
    }
  }

  @Test
  void aDeviceThatIsNotTheUsersShouldBeRefusedAsUnknownAndFollowedByNobody() throws Exception {
    UUID stranger = UUID.randomUUID();
    try (GatewayServer server = gateway();
        WsClient erik = WsClient.connect(server.baseUrl(), stack.token("erik.rektor"));
        WsClient maria = WsClient.connect(server.baseUrl(), stack.token("maria.polis"))) {
      JsonObject unknown = subscribe(erik, stranger);
      assertEquals("error", unknown.getString("type"));
      assertEquals("unknown-device", unknown.getString("code"), unknown.encode());
      JsonObject notHers = subscribe(maria, eriksDevice);
      assertEquals("unknown-device", notHers.getString("code"), "the port is asked for the socket's own user");
      assertFalse(consumed(stranger));
      assertFalse(consumed(eriksDevice));
      publish(eriksDevice, directFrame(eriksDevice, 1));
      assertEquals(List.of(), framesOfType(maria, "direct"), "maria gets nothing of erik's device");

      erik.sendRaw("{\"type\":\"subscribe-direct\",\"deviceId\":\"not-a-uuid\"}");
      JsonObject malformed = erik.await(f -> "error".equals(f.getString("type")), "the malformed frame's error");
      assertEquals("malformed", malformed.getString("code"), malformed.encode());
    }
  }

  @Test
  void deviceRemovedShouldBeForwardedAndThenEndTheDevicesSubscriptionOnEverySocket() throws Exception {
    try (GatewayServer server = gateway();
        WsClient tab1 = WsClient.connect(server.baseUrl(), stack.token("erik.rektor"));
        WsClient tab2 = WsClient.connect(server.baseUrl(), stack.token("erik.rektor"))) {
      assertEquals("subscribed-direct", subscribe(tab1, eriksDevice).getString("type"));
      assertEquals("subscribed-direct", subscribe(tab2, eriksDevice).getString("type"));
      JsonObject removed = new JsonObject().put("type", "device-removed").put("deviceId", eriksDevice.toString());
      publish(eriksDevice, removed);
      assertEquals(removed, tab1.await(f -> "device-removed".equals(f.getString("type")), "device-removed on tab 1"));
      assertEquals(removed, tab2.await(f -> "device-removed".equals(f.getString("type")), "device-removed on tab 2"));
      awaitNoConsumer(eriksDevice, "no consumer left for the removed device");
      publish(eriksDevice, directFrame(eriksDevice, 2));
      assertEquals(List.of(), framesOfType(tab1, "direct"), "nothing after device-removed");
      assertEquals(List.of(), framesOfType(tab2, "direct"), "nothing after device-removed");
      // Ended on the server, not only muted: the socket may subscribe anew (the real port would say no).
      assertEquals("subscribed-direct", subscribe(tab1, eriksDevice).getString("type"));
    }
  }

  @Test
  void closingTheSocketShouldLeaveNoConsumerOnTheDevicesAddress() throws Exception {
    try (GatewayServer server = gateway()) {
      WsClient tab1 = WsClient.connect(server.baseUrl(), stack.token("erik.rektor"));
      WsClient tab2 = WsClient.connect(server.baseUrl(), stack.token("erik.rektor"));
      assertEquals("subscribed-direct", subscribe(tab1, eriksDevice).getString("type"));
      assertEquals("subscribed-direct", subscribe(tab2, eriksDevice).getString("type"));
      tab1.close();
      JsonObject direct = directFrame(eriksDevice, 3);
      publish(eriksDevice, direct);
      assertEquals(direct, tab2.await(f -> "direct".equals(f.getString("type")), "the frame on the open socket"));
      assertTrue(consumed(eriksDevice), "the open socket still follows the device");
      tab2.close();
      awaitNoConsumer(eriksDevice, "no consumer left once both sockets closed");
    }
  }

  @Test
  void directSubscriptionsShouldCountTowardThePerSocketSubscriptionCap() throws Exception {
    String first = teamWithErik();
    String second = teamWithErik();
    try (GatewayServer server = GatewayServer.start(stack, bounds(2, 50, 500), ONE_DEVICE_OF_ERIKS);
        WsClient erik = WsClient.connect(server.baseUrl(), stack.token("erik.rektor"))) {
      assertEquals("subscribed-direct", subscribe(erik, eriksDevice).getString("type"));
      assertEquals("subscribed", erik.subscribe(first, null).getString("type"));
      JsonObject channelRefused = erik.subscribe(second, null);
      assertEquals("too-many-subscriptions", channelRefused.getString("code"), "a direct subscription takes a place");
      erik.send(new JsonObject().put("type", "unsubscribe-direct").put("deviceId", eriksDevice.toString()));
      erik.await(f -> "unsubscribed-direct".equals(f.getString("type")), "unsubscribed-direct");
      assertEquals("subscribed", erik.subscribe(second, null).getString("type"));
      JsonObject directRefused = subscribe(erik, eriksDevice);
      assertEquals("too-many-subscriptions", directRefused.getString("code"), "channels take the places of direct ones");
      assertFalse(consumed(eriksDevice), "a refused subscription registers nothing");
    }
  }

  @Test
  void directFramesShouldDrawOnTheUsersFrameRate() throws Exception {
    // Two frames at once, then one per 20 s: the third at once is dropped.
    try (GatewayServer server = GatewayServer.start(stack, bounds(50, 0.05, 2), ONE_DEVICE_OF_ERIKS);
        WsClient erik = WsClient.connect(server.baseUrl(), stack.token("erik.rektor"))) {
      assertEquals("subscribed-direct", subscribe(erik, eriksDevice).getString("type"));
      erik.send(new JsonObject().put("type", "unsubscribe-direct").put("deviceId", eriksDevice.toString()));
      erik.await(f -> "unsubscribed-direct".equals(f.getString("type")), "unsubscribed-direct");
      erik.send(subscribeDirect(eriksDevice));
      JsonObject dropped = erik.await(f -> "error".equals(f.getString("type")), "the dropped frame's error");
      assertEquals("too-many-requests", dropped.getString("code"), dropped.encode());
      assertFalse(consumed(eriksDevice), "the dropped subscribe registered nothing");
    }
  }

  private static String teamWithErik() {
    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    return child;
  }
}

package se.samverkan.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.config.AppConfig;
import se.samverkan.testing.Api;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;
import se.samverkan.testing.WsClient;

/**
 * The socket's timers and bounds, against a gateway whose settings are shortened (the production
 * values are minutes and megabytes): idle sockets survive the HTTP idle timeout because the server
 * pings, a peer that stopped answering is closed, a socket that never authenticates is closed, and
 * a client that does not read is closed once its backlog passes the byte bound.
 */
@ExtendWith(SamverkanExtension.class)
class ChannelConnectionLimitsTest {

  private static TestStack stack;
  private static Api api;

  @BeforeAll
  static void prepare(TestStack testStack) {
    stack = testStack;
    api = new Api(stack);
  }

  private static TeamChannelGateway.Settings settings(Duration ping, Duration pongTimeout, long maxQueuedBytes) {
    TeamChannelGateway.Settings d = TeamChannelGateway.Settings.DEFAULT;
    return new TeamChannelGateway.Settings(ping, pongTimeout, d.maxQueuedFrames(), maxQueuedBytes, d.accessRecheck());
  }

  private static AppConfig.WebSockets authTimeout(Duration timeout) {
    AppConfig.WebSockets d = AppConfig.WebSockets.DEFAULT;
    return new AppConfig.WebSockets(timeout, d.unauthenticatedPerAddress(), d.unauthenticatedTotal(), d.socketsPerUser(),
        d.subscriptionsPerSocket(), d.framesPerSecond(), d.frameBurst());
  }

  private static String teamWithErik() {
    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    return child;
  }

  private static JsonObject subscribe(String child) {
    return new JsonObject().put("type", "subscribe").put("childId", child);
  }

  @Test
  void anIdleSocketShouldOutliveTheHttpIdleTimeoutBecauseTheServerPings() throws Exception {
    String child = teamWithErik();
    // HTTP idle timeout 2 s; pings every 0.5 s.
    try (GatewayServer server = GatewayServer.start(stack,
            settings(Duration.ofMillis(500), Duration.ofSeconds(5), 4L << 20), 2, 0);
        WsClient erik = WsClient.connect(server.baseUrl(), stack.token("erik.rektor"))) {
      assertEquals("subscribed", erik.subscribe(child, null).getString("type"));
      // Longer than the idle timeout and the pong timeout: only answered pings keep the socket.
      Thread.sleep(7_000);
      assertFalse(erik.isClosed(), "closed after " + erik.closeReason());
      assertEquals(201, api.post("anna.bvc", "/api/children/" + child + "/team/messages",
          new JsonObject().put("clientId", "after-idle").put("text", "Efter tystnaden")).status());
      assertEquals("Efter tystnaden", erik.messages(child, 1).get(0).getString("text"));
    }
  }

  @Test
  void aPeerThatStopsAnsweringPingsShouldBeClosed() throws Exception {
    try (GatewayServer server = GatewayServer.start(stack,
            settings(Duration.ofMillis(300), Duration.ofSeconds(1), 4L << 20), 120, 0);
        RawWebSocket silent = RawWebSocket.connect(server.port(), 0)) {
      silent.sendText(new JsonObject().put("type", "auth").put("token", stack.token("erik.rektor")).encode());
      assertEquals("authenticated", new JsonObject(silent.awaitText(Duration.ofSeconds(10))).getString("type"));
      assertTrue(silent.pinged(Duration.ofSeconds(2)), "the server pings");
      // Pings go unanswered from here on.
      assertEquals(4410, silent.awaitClose(Duration.ofSeconds(5)));
    }
  }

  @Test
  void aSocketThatNeverAuthenticatesShouldBeClosedWithAReason() throws Exception {
    try (GatewayServer server = GatewayServer.start(stack,
            settings(Duration.ofSeconds(30), Duration.ofSeconds(75), 4L << 20), authTimeout(Duration.ofMillis(700)), 120, 0);
        RawWebSocket anonymous = RawWebSocket.connect(server.port(), 0)) {
      long start = System.nanoTime();
      RawWebSocket.Frame close = anonymous.awaitCloseFrame(Duration.ofSeconds(5));
      assertTrue(close != null, "a close frame, not just a dropped connection");
      assertEquals(4401, close.closeCode());
      assertTrue(close.closeReason().contains("Autentisering krävs"), close.closeReason());
      assertTrue(System.nanoTime() - start >= Duration.ofMillis(600).toNanos(), "not before the timeout");
    }
  }

  @Test
  void aClientThatDoesNotReadShouldBeClosedOnceItsBacklogPassesTheByteBound() throws Exception {
    String child = teamWithErik();
    // 64 KiB of backlog at most; a 2,000-frame bound alone would let this client hold 2,000 × 8 KiB.
    try (GatewayServer server = GatewayServer.start(stack,
            settings(Duration.ofSeconds(30), Duration.ofSeconds(75), 64 * 1024), 120, 8 * 1024);
        RawWebSocket slow = RawWebSocket.connect(server.port(), 4 * 1024)) {
      slow.sendText(new JsonObject().put("type", "auth").put("token", stack.token("erik.rektor")).encode());
      assertEquals("authenticated", new JsonObject(slow.awaitText(Duration.ofSeconds(10))).getString("type"));
      slow.sendText(subscribe(child).encode());
      assertEquals("subscribed", new JsonObject(slow.awaitText(Duration.ofSeconds(10))).getString("type"));
      // The client stops reading; 40 messages of 8 KiB (~330 KiB) go to it.
      String text = "x".repeat(8 * 1024);
      for (int i = 0; i < 40; i++) {
        assertEquals(201, api.post(i % 2 == 0 ? "anna.bvc" : "erik.rektor", "/api/children/" + child + "/team/messages",
            new JsonObject().put("clientId", "big-" + i).put("text", text)).status());
      }
      Thread.sleep(500);
      assertEquals(4408, slow.awaitClose(Duration.ofSeconds(10)));
    }
  }
}

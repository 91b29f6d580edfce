package se.samverkan.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.bench.InflateBenchmark;
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

  private static AppConfig.WebSockets unauthenticatedCaps(int perAddress, int total) {
    AppConfig.WebSockets d = AppConfig.WebSockets.DEFAULT;
    return new AppConfig.WebSockets(d.authTimeout(), perAddress, total, d.socketsPerUser(), d.subscriptionsPerSocket(),
        d.framesPerSecond(), d.frameBurst());
  }

  private static AppConfig.WebSockets userCaps(int socketsPerUser, int subscriptionsPerSocket, double framesPerSecond,
      int frameBurst) {
    AppConfig.WebSockets d = AppConfig.WebSockets.DEFAULT;
    return new AppConfig.WebSockets(d.authTimeout(), d.unauthenticatedPerAddress(), d.unauthenticatedTotal(),
        socketsPerUser, subscriptionsPerSocket, framesPerSecond, frameBurst);
  }

  private static String auth(String user) {
    return new JsonObject().put("type", "auth").put("token", stack.token(user)).encode();
  }

  private static void authenticates(RawWebSocket ws, String user) throws Exception {
    ws.sendText(auth(user));
    assertEquals("authenticated", new JsonObject(ws.awaitText(Duration.ofSeconds(10))).getString("type"));
  }

  private static void closeAll(List<? extends AutoCloseable> sockets) throws Exception {
    for (AutoCloseable s : sockets) {
      s.close();
    }
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
    // HTTP idle timeout 2 s; pings every 0.5 s, answered within 3 s or the socket is closed.
    try (GatewayServer server = GatewayServer.start(stack,
            settings(Duration.ofMillis(500), Duration.ofSeconds(3), 4L << 20), 2, 0);
        WsClient erik = WsClient.connect(server.baseUrl(), stack.token("erik.rektor"))) {
      assertEquals("subscribed", erik.subscribe(child, null).getString("type"));
      // Longer than the idle timeout and the pong timeout: only answered pings keep the socket. The
      // silence itself is what is tested, so this is a wait for time, not for a condition.
      Thread.sleep(4_000);
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
  void compressionShouldNotBeNegotiatedSoACompressedOversizeFrameCannotInflate() throws Exception {
    // Against the stack's own server: its options are production's.
    try (RawWebSocket attacker = RawWebSocket.connect(null, stack.app().port(), 0,
        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, x-webkit-deflate-frame\r\n")) {
      assertFalse(attacker.handshake().toLowerCase(Locale.ROOT).contains("sec-websocket-extensions"),
          "no extension accepted: " + attacker.handshake());
      // ~50 KB on the wire, 50 MiB inflated: with deflate on, this was inflated before the 64 KiB check.
      byte[] bomb = InflateBenchmark.deflatedText(InflateBenchmark.INFLATED_BYTES);
      assertTrue(bomb.length < TeamChannelGateway.MAX_FRAME_BYTES, "fits the frame limit: " + bomb.length);
      attacker.sendCompressedText(bomb);
      RawWebSocket.Frame close = attacker.awaitCloseFrame(Duration.ofSeconds(5));
      // A compressed frame without a negotiated extension is a protocol error; it is never inflated.
      assertTrue(close == null || close.closeCode() == 1002, "closed as a protocol error: " + (close == null ? "" : close.closeCode()));
    }
    try (WsClient anna = WsClient.as(stack, "anna.bvc")) {
      assertFalse(anna.isClosed(), "the server still serves");
    }
  }

  @Test
  void unauthenticatedSocketsBeyondTheCapOfOneAddressShouldBeClosedWhileOtherAddressesGetIn() throws Exception {
    List<RawWebSocket> held = new ArrayList<>();
    try (GatewayServer server = GatewayServer.start(stack, unauthenticatedCaps(3, 100))) {
      for (int i = 0; i < 3; i++) {
        held.add(RawWebSocket.connect("127.0.0.1", server.port(), 0, ""));
      }
      try (RawWebSocket fourth = RawWebSocket.connect("127.0.0.1", server.port(), 0, "")) {
        RawWebSocket.Frame close = fourth.awaitCloseFrame(Duration.ofSeconds(5));
        assertTrue(close != null, "a close frame");
        assertEquals(1013, close.closeCode());
        assertTrue(close.closeReason().contains("din adress"), close.closeReason());
      }
      try (RawWebSocket elsewhere = RawWebSocket.connect("127.0.0.2", server.port(), 0, "")) {
        authenticates(elsewhere, "erik.rektor");
      }
      // A socket that logs in gives its place back.
      authenticates(held.get(0), "anna.bvc");
      try (RawWebSocket again = RawWebSocket.connect("127.0.0.1", server.port(), 0, "")) {
        authenticates(again, "erik.rektor");
      }
    } finally {
      closeAll(held);
    }
  }

  @Test
  void unauthenticatedSocketsBeyondTheTotalCapShouldBeClosed() throws Exception {
    List<RawWebSocket> held = new ArrayList<>();
    try (GatewayServer server = GatewayServer.start(stack, unauthenticatedCaps(2, 3))) {
      held.add(RawWebSocket.connect("127.0.0.2", server.port(), 0, ""));
      held.add(RawWebSocket.connect("127.0.0.2", server.port(), 0, ""));
      held.add(RawWebSocket.connect("127.0.0.3", server.port(), 0, ""));
      try (RawWebSocket fourth = RawWebSocket.connect("127.0.0.4", server.port(), 0, "")) {
        RawWebSocket.Frame close = fourth.awaitCloseFrame(Duration.ofSeconds(5));
        assertTrue(close != null, "a close frame");
        assertEquals(1013, close.closeCode());
        assertFalse(close.closeReason().contains("adress"), close.closeReason());
      }
      // A closed socket gives its place back (the server sees the close asynchronously).
      held.remove(0).close();
      awaitAdmitted(server, "127.0.0.4");
    } finally {
      closeAll(held);
    }
  }

  /** Polls until a socket from the address is admitted and authenticates. */
  private static void awaitAdmitted(GatewayServer server, String from) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try (RawWebSocket ws = RawWebSocket.connect(from, server.port(), 0, "")) {
        ws.sendText(auth("erik.rektor"));
        String first;
        try {
          first = ws.awaitText(Duration.ofSeconds(5));
        } catch (AssertionError closed) {
          if (System.nanoTime() > deadline) {
            throw closed;
          }
          continue;
        }
        assertEquals("authenticated", new JsonObject(first).getString("type"));
        return;
      }
    }
  }

  @Test
  void anythingButAnAuthFrameBeforeLoginShouldCloseTheSocketAtOnce() throws Exception {
    try (RawWebSocket anonymous = RawWebSocket.connect(stack.app().port(), 0)) {
      long start = System.nanoTime();
      anonymous.sendText("kein json");
      RawWebSocket.Frame close = anonymous.awaitCloseFrame(Duration.ofSeconds(5));
      assertTrue(close != null, "a close frame");
      assertEquals(4401, close.closeCode());
      assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "at once, not at the 10 s auth timeout");
    }
  }

  @Test
  void socketsPerUserShouldBeCapped() throws Exception {
    List<RawWebSocket> held = new ArrayList<>();
    try (GatewayServer server = GatewayServer.start(stack, userCaps(2, 50, 50, 500))) {
      for (int i = 0; i < 2; i++) {
        RawWebSocket ws = RawWebSocket.connect(server.port(), 0);
        held.add(ws);
        authenticates(ws, "erik.rektor");
      }
      try (RawWebSocket third = RawWebSocket.connect(server.port(), 0)) {
        third.sendText(auth("erik.rektor"));
        RawWebSocket.Frame close = third.awaitCloseFrame(Duration.ofSeconds(10));
        assertTrue(close != null, "a close frame");
        assertEquals(4409, close.closeCode());
        assertTrue(close.closeReason().contains("För många öppna anslutningar"), close.closeReason());
      }
      try (RawWebSocket anna = RawWebSocket.connect(server.port(), 0)) {
        authenticates(anna, "anna.bvc");
      }
    } finally {
      closeAll(held);
    }
  }

  @Test
  void aUserFloodingFramesShouldGetErrorFramesThenBeClosedWhileAnotherUserKeepsWorking() throws Exception {
    String child = teamWithErik();
    // 20 frames/s and 40 at once per user; old limit was 200/s and 1,000 per socket, which this stays under.
    try (GatewayServer server = GatewayServer.start(stack, userCaps(20, 50, 20, 40));
        WsClient flooder = WsClient.connect(server.baseUrl(), stack.token("erik.rektor"));
        WsClient second = WsClient.connect(server.baseUrl(), stack.token("erik.rektor"));
        WsClient anna = WsClient.connect(server.baseUrl(), stack.token("anna.bvc"))) {
      JsonObject churn = new JsonObject().put("type", "unsubscribe").put("childId", child);
      // The user's two sockets share one budget: 30 frames each, fast, is over it.
      for (int i = 0; i < 30; i++) {
        flooder.send(churn);
        second.send(churn);
      }
      JsonObject refused = second.await(f -> "error".equals(f.getString("type")), "an error frame", Duration.ofSeconds(10));
      assertEquals("too-many-requests", refused.getString("code"));
      assertEquals("subscribed", anna.subscribe(child, null).getString("type"), "anna is not held back by erik");
      // Keeping on after the error frames closes the socket.
      for (int i = 0; i < 1_000 && !flooder.isClosed(); i++) {
        try {
          flooder.send(churn);
        } catch (RuntimeException closedUnderUs) {
          break;
        }
      }
      assertEquals(4429, flooder.awaitClose(Duration.ofSeconds(10)));
      anna.send(new JsonObject().put("type", "send").put("childId", child).put("clientId", "after-flood").put("text", "Hej"));
      assertEquals("after-flood", anna.await(f -> "ack".equals(f.getString("type")), "ack").getString("clientId"));
    }
  }

  @Test
  void subscriptionsPerSocketShouldBeCapped() throws Exception {
    String first = teamWithErik();
    String second = teamWithErik();
    try (GatewayServer server = GatewayServer.start(stack, userCaps(20, 1, 50, 500));
        WsClient erik = WsClient.connect(server.baseUrl(), stack.token("erik.rektor"))) {
      assertEquals("subscribed", erik.subscribe(first, null).getString("type"));
      JsonObject refused = erik.subscribe(second, null);
      assertEquals("too-many-subscriptions", refused.getString("code"), refused.encode());
      erik.send(new JsonObject().put("type", "unsubscribe").put("childId", first));
      erik.await(f -> "unsubscribed".equals(f.getString("type")), "unsubscribed");
      assertEquals("subscribed", erik.subscribe(second, null).getString("type"));
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
      assertEquals(4408, slow.awaitClose(Duration.ofSeconds(10)));
    }
  }
}

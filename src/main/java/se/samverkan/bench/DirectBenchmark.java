package se.samverkan.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import se.samverkan.bench.DirectSetup.Device;
import se.samverkan.bench.DirectSetup.Target;
import se.samverkan.crypto.DirectHpke;

/**
 * {@code bench --mode direct}: end-to-end encrypted direct messages under load. Pairs of dev users
 * (disjoint pairs first), two devices each (DirectHpke key pairs registered through the REST API),
 * one conversation per pair about the benchmark's first child ({@link DevServer#prepareChannels}).
 * Every device holds a socket on {@code /api/ws} subscribed with {@code subscribe-direct}; both
 * persons of a pair send {@code --messages} messages each (after a tenth as warm-up), one after the
 * other per sender, sealed per device to the full device list ({@code POST
 * /api/conversations/{id}/messages}). Prints accepted sends/s and the send→delivery percentiles,
 * where delivery is the recipient's device receiving the {@code direct} frame and opening it.
 */
final class DirectBenchmark {

  /** Pairs of {@link DevServer#MEMBERS} by index: disjoint ones first, then every other of the ten. */
  private static final int[][] PAIRS = {{0, 1}, {2, 3}, {4, 0}, {1, 2}, {3, 4}, {0, 2}, {1, 3}, {2, 4}, {3, 0}, {4, 1}};
  static final int DEVICES_PER_USER = 2;
  private static final String TEXT = "Belastningstest av direktmeddelanden ";
  private static final long DELIVERY_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final DevServer server;
  private final BenchOptions options;
  private final PrintStream out;
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final DirectSetup setup;
  private final DirectStats stats = new DirectStats();
  /** clientId → nanoTime just before its POST, for measured messages only. */
  private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
  private final List<DeviceSocket> sockets = new ArrayList<>();
  private final AtomicLong clientIds = new AtomicLong();
  private final String runId = "bench-direct-" + Long.toString(System.currentTimeMillis(), 36);
  private volatile boolean stopping;

  DirectBenchmark(DevServer server, BenchOptions options, PrintStream out) {
    this.server = server;
    this.options = options;
    this.out = out;
    this.setup = new DirectSetup(server, tokens);
  }

  /** One person sending in one conversation from their first device, to {@code targets}. */
  private record Sender(String user, String conversationId, Device from, List<Target> targets) {
  }

  /** A device's socket, subscribed to its direct frames. */
  private static final class DeviceSocket {
    final Device device;
    volatile WebSocket ws;
    volatile boolean ready;

    DeviceSocket(Device device) {
      this.device = device;
    }
  }

  int run() throws Exception {
    int pairs = Math.max(1, Math.min(PAIRS.length, options.pairs()));
    out.printf("Samverkan direct-message benchmark: server=%s pairs=%d messages=%d per sender (+%d warm-up) devices=%d per user%n",
        options.url(), pairs, options.messages(), warmup(), DEVICES_PER_USER);
    long t0 = System.nanoTime();
    long renewEverySeconds = logIn();
    String childId = server.prepareChannels(tokens.get(DevServer.MEMBERS.get(0)), 1).get(0);
    Map<String, List<Device>> devices = new ConcurrentHashMap<>();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
        .name("bench-token-renewal").factory());
    renewals.scheduleAtFixedRate(this::renewTokens, renewEverySeconds, renewEverySeconds, TimeUnit.SECONDS);
    try {
      List<Sender> senders = prepare(childId, pairs, devices);
      out.printf("  setup: %d users × %d devices registered, %d conversations (%.1f s)%n", devices.size(), DEVICES_PER_USER,
          pairs, (System.nanoTime() - t0) / 1e9);
      connectAll(vertx, devices);
      measure(senders);
    } finally {
      stopping = true;
      renewals.shutdownNow();
      vertx.close().await(30, TimeUnit.SECONDS);
      setup.removeDevices(devices.values().stream().flatMap(List::stream).toList());
    }
    return 0;
  }

  private int warmup() {
    return Math.max(1, options.messages() / 10);
  }

  /** Devices for every user in the pairs, a conversation per pair, and both persons of each as senders. */
  private List<Sender> prepare(String childId, int pairs, Map<String, List<Device>> devices) throws Exception {
    LinkedHashSet<String> users = new LinkedHashSet<>();
    for (int i = 0; i < pairs; i++) {
      users.add(DevServer.MEMBERS.get(PAIRS[i][0]));
      users.add(DevServer.MEMBERS.get(PAIRS[i][1]));
    }
    for (String user : users) {
      devices.put(user, setup.registerDevices(user, DEVICES_PER_USER));
    }
    List<Sender> senders = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      String a = DevServer.MEMBERS.get(PAIRS[i][0]);
      String b = DevServer.MEMBERS.get(PAIRS[i][1]);
      String conversationId = setup.openConversation(childId, a, b);
      senders.add(sender(a, b, conversationId, devices.get(a).get(0)));
      senders.add(sender(b, a, conversationId, devices.get(b).get(0)));
    }
    return senders;
  }

  /** The full list a send must cover: every active device of both persons (devices outside the benchmark too). */
  private Sender sender(String user, String recipient, String conversationId, Device from) throws Exception {
    List<Target> targets = new ArrayList<>(setup.devicesOf(user, user));
    targets.addAll(setup.devicesOf(user, recipient));
    targets.removeIf(t -> t.id().equals(from.id()));
    return new Sender(user, conversationId, from, List.copyOf(targets));
  }

  private long logIn() throws Exception {
    long renewEverySeconds = Long.MAX_VALUE;
    for (String user : DevServer.MEMBERS) {
      JsonObject grant = server.tokenResponse(user);
      tokens.put(user, grant.getString("access_token"));
      renewEverySeconds = Math.min(renewEverySeconds, Math.max(10, grant.getLong("expires_in", 300L) - 60));
    }
    return renewEverySeconds;
  }

  /** New tokens for the REST calls and, as an auth frame, for every open socket. */
  private void renewTokens() {
    for (String user : DevServer.MEMBERS) {
      try {
        tokens.put(user, server.tokenResponse(user).getString("access_token"));
      } catch (Exception e) {
        stats.failedRequests.increment();
      }
    }
    for (DeviceSocket s : sockets) {
      if (s.ready && s.ws != null && !s.ws.isClosed()) {
        s.ws.writeTextMessage(authFrame(s.device.user()));
      }
    }
  }

  private String authFrame(String user) {
    return new JsonObject().put("type", "auth").put("token", tokens.get(user)).encode();
  }

  /** One socket per device, authenticated and subscribed; the run stops here if any is not. */
  private void connectAll(Vertx vertx, Map<String, List<Device>> devices) throws Exception {
    long t1 = System.nanoTime();
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(10_000));
    URI url = URI.create(options.url());
    List<Future<Void>> subscribed = new ArrayList<>();
    for (List<Device> ofUser : devices.values()) {
      for (Device d : ofUser) {
        DeviceSocket s = new DeviceSocket(d);
        sockets.add(s);
        subscribed.add(client.connect(new WebSocketConnectOptions().setHost(url.getHost())
            .setPort(url.getPort() > 0 ? url.getPort() : 80).setURI("/api/ws")).compose(ws -> subscribe(s, ws)));
      }
    }
    Future.all(subscribed).await(60, TimeUnit.SECONDS);
    out.printf("  connected, authenticated and subscribed: %d device sockets (%.1f s)%n", sockets.size(),
        (System.nanoTime() - t1) / 1e9);
  }

  private Future<Void> subscribe(DeviceSocket s, WebSocket ws) {
    s.ws = ws;
    Promise<Void> subscribed = Promise.promise();
    ws.textMessageHandler(text -> onFrame(s, new JsonObject(text), subscribed));
    ws.closeHandler(v -> {
      if (!stopping) {
        stats.closedSockets.increment();
      }
    });
    ws.writeTextMessage(authFrame(s.device.user()));
    return subscribed.future().timeout(30, TimeUnit.SECONDS);
  }

  private void onFrame(DeviceSocket s, JsonObject frame, Promise<Void> subscribed) {
    switch (frame.getString("type", "")) {
      case "authenticated" -> {
        if (!s.ready) {
          s.ws.writeTextMessage(new JsonObject().put("type", "subscribe-direct").put("deviceId", s.device.id()).encode());
        }
      }
      case "subscribed-direct" -> {
        s.ready = true;
        subscribed.tryComplete();
      }
      case "direct" -> onDirect(s.device, frame);
      case "error" -> {
        stats.errorFrames.increment();
        subscribed.tryFail("error frame " + frame.getString("code") + " for device " + s.device.id());
      }
      default -> {
        // device-added, direct-devices, ...: not counted
      }
    }
  }

  /**
   * Opens the frame's copy as the recipient's device would; a measured message opened there is a
   * delivery. The copy to the sender's other device is only counted: opening it too would take the
   * event loops' time from the measured opens.
   */
  private void onDirect(Device device, JsonObject frame) {
    if (device.user().equals(frame.getString("sender"))) {
      stats.ownDeviceCopies.increment();
      return;
    }
    String clientId = frame.getString("clientId", "");
    try {
      byte[] aad = DirectHpke.aad(frame.getString("conversationId"), clientId, frame.getString("senderDeviceId"));
      byte[] plaintext = DirectHpke.open(device.keys(), DirectHpke.fromBase64url(frame.getString("enc")), aad,
          DirectHpke.fromBase64url(frame.getString("ciphertext")));
      if (!(TEXT + clientId).equals(new JsonObject(new String(plaintext, StandardCharsets.UTF_8)).getString("text"))) {
        stats.wrongPlaintexts.increment();
        return;
      }
    } catch (RuntimeException e) {
      stats.openFailures.increment();
      return;
    }
    Long sent = sentAt.get(clientId);
    if (sent != null) {
      stats.delivered(sent);
    }
  }

  /** Warm-up, then the measured sends of every sender at once, then waits for the deliveries. */
  private void measure(List<Sender> senders) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(senders.size(), Thread.ofPlatform().daemon().name("bench-sender-", 0)
        .factory());
    try {
      runAll(pool, senders, warmup(), false);
      long begin = System.nanoTime();
      runAll(pool, senders, options.messages(), true);
      double seconds = (System.nanoTime() - begin) / 1e9;
      long expected = stats.sends() * DEVICES_PER_USER;
      long waitUntil = System.nanoTime() + DELIVERY_WAIT_NANOS;
      while (stats.deliveries() < expected && System.nanoTime() < waitUntil) {
        Thread.sleep(50);
      }
      JsonObject status = server.serverStatus();
      out.printf(Locale.ROOT, "  results (%d warm-up and %d measured messages per sender, %.1f s measured):%n", warmup(),
          options.messages(), seconds);
      stats.printResults(out, seconds, expected, senders.get(0).targets().size());
      Report.printHeap(out, status);
    } finally {
      pool.shutdownNow();
    }
  }

  private void runAll(ExecutorService pool, List<Sender> senders, int count, boolean measured) throws Exception {
    List<Callable<Void>> tasks = new ArrayList<>();
    for (Sender s : senders) {
      tasks.add(() -> {
        for (int i = 0; i < count && !stopping; i++) {
          sendOne(s, measured);
        }
        return null;
      });
    }
    for (var f : pool.invokeAll(tasks)) {
      f.get();
    }
  }

  /** Seals one message per target device and posts it; the time is taken after sealing, just before the POST. */
  private void sendOne(Sender s, boolean measured) {
    String clientId = runId + "-" + clientIds.incrementAndGet();
    byte[] plaintext = new JsonObject().put("text", TEXT + clientId).encode().getBytes(StandardCharsets.UTF_8);
    byte[] aad = DirectHpke.aad(s.conversationId(), clientId, s.from().id());
    JsonArray copies = new JsonArray();
    for (Target t : s.targets()) {
      DirectHpke.Sealed sealed = DirectHpke.seal(t.publicKey(), aad, plaintext);
      copies.add(new JsonObject().put("deviceId", t.id()).put("enc", sealed.encBase64url())
          .put("ciphertext", sealed.ciphertextBase64url()));
    }
    JsonObject body = new JsonObject().put("clientId", clientId).put("senderDeviceId", s.from().id()).put("copies", copies);
    long now = System.nanoTime();
    if (measured) {
      sentAt.put(clientId, now);
    }
    try {
      HttpResponse<String> r = server.exchange("POST", "/api/conversations/" + s.conversationId() + "/messages",
          tokens.get(s.user()), body);
      if (r.statusCode() == 201 || r.statusCode() == 200) {
        if (measured) {
          stats.accepted(now);
        }
      } else {
        sentAt.remove(clientId);
        stats.refused(r.statusCode());
      }
    } catch (Exception e) {
      sentAt.remove(clientId);
      stats.failedRequests.increment();
    }
  }
}

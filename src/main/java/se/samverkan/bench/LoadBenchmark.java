package se.samverkan.bench;

import io.vertx.core.Future;
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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * {@code java -jar samverkan.jar bench}: a load generator for the team channels of a running
 * server (dev mode with the dev users). It logs in the dev users, prepares channels (children with a
 * consent and a team), opens many WebSocket clients, sends at a set rate (or as fast as the server
 * acknowledges), and prints acknowledged sends/s, deliveries/s, send→delivery and send→ack latency
 * percentiles (HdrHistogram), errors and the server's heap (read as sec.admin from
 * {@code /api/admin/server-status}).
 *
 * <p>Modes: {@code load} (a fixed rate), {@code saturate} (each client sends its next message when
 * the previous is acknowledged), {@code idle} (connect, authenticate and subscribe, then only hold),
 * {@code inflate} (sockets that never log in send compressed frames that inflate a thousandfold:
 * {@link InflateBenchmark}).
 * Every loop is bounded in time and count, and it only talks to the URLs it is given. Tokens are
 * renewed before they expire and sent to every socket as a new auth frame, so a run may last longer
 * than a token (5 minutes in the dev realm); failed connects, error frames and closed sockets are
 * counted and printed with every result.
 */
public final class LoadBenchmark {

  static final List<String> MEMBERS = List.of("anna.bvc", "erik.rektor", "sara.elevhalsa", "lars.soc", "maria.polis");
  static final String PASSWORD = "samverkan";
  /** Reads the server's heap and connection figures (GET /api/admin/server-status is for security-admins). */
  static final String STATUS_READER = "sec.admin";
  private static final String STATUS_UNAVAILABLE = "unavailable";
  static final String CHANNEL_PREFIX = "Belastningstest ";
  /** A server under attack may not answer at all: the run still ends and says so. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  record Options(String url, String keycloak, String mode, int channels, int clients, int rate, int durationSeconds,
                 int warmupSeconds, int holdSeconds) {

    static Options parse(String[] args) {
      Map<String, String> o = new HashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (args[i].startsWith("--") && i + 1 < args.length) {
          o.put(args[i].substring(2), args[++i]);
        } else {
          throw new IllegalArgumentException("Unknown argument " + args[i] + "; see `bench --help`");
        }
      }
      return new Options(
          o.getOrDefault("url", "http://localhost:8080"),
          o.getOrDefault("keycloak", "http://localhost:8180"),
          o.getOrDefault("mode", "load"),
          Integer.parseInt(o.getOrDefault("channels", "100")),
          Integer.parseInt(o.getOrDefault("clients", "1000")),
          Integer.parseInt(o.getOrDefault("rate", "2000")),
          Integer.parseInt(o.getOrDefault("duration", "30")),
          Integer.parseInt(o.getOrDefault("warmup", "5")),
          Integer.parseInt(o.getOrDefault("hold", "20")));
    }
  }

  public static final String USAGE = """
      Usage: java -jar samverkan.jar bench [--mode load|saturate|idle|inflate] [--url http://localhost:8080]
             [--keycloak http://localhost:8180] [--channels 100] [--clients 1000] [--rate 2000]
             [--duration 30] [--warmup 5] [--hold 20]

      --mode inflate: --clients sockets (no login) offer permessage-deflate and send frames of 48 KiB
      that inflate to 50 MiB, for --duration seconds at most, while anna.bvc sends to erik.rektor once
      a second; prints the server's heap before, at its peak and after, and the round trips.

      Runs against a server started with `dev` (the dev users must exist). Start that server with
      limits that allow the load (five users hold all the sockets and send all the frames), e.g.
      SAMVERKAN_MESSAGE_RATE_PER_SECOND=100000 SAMVERKAN_MESSAGE_BURST=100000
      SAMVERKAN_WS_FRAMES_PER_SECOND=100000 SAMVERKAN_WS_FRAME_BURST=100000
      SAMVERKAN_WS_SOCKETS_PER_USER=10000 SAMVERKAN_WS_UNAUTHENTICATED_PER_ADDRESS=1000
      SAMVERKAN_WS_UNAUTHENTICATED_TOTAL=1000; the inflate mode needs none of them. See docs/BENCHMARKS.md.
      """;

  private final Options options;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Histogram delivery = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
  private final Histogram ack = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
  private final LongAdder acks = new LongAdder();
  private final LongAdder deliveries = new LongAdder();
  private final LongAdder errorFrames = new LongAdder();
  private final LongAdder closedSockets = new LongAdder();
  private final LongAdder sendFailures = new LongAdder();
  private final LongAdder connectFailures = new LongAdder();
  private final LongAdder reauths = new LongAdder();
  private final Map<String, LongAdder> failureReasons = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<Integer, LongAdder> closeCodes = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, String> tokens = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Client> allClients = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicLong clientIds = new AtomicLong();
  private final String runId = "bench-" + Long.toString(System.currentTimeMillis(), 36);
  private volatile boolean measuring;

  private volatile boolean stopping;

  public LoadBenchmark(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public static int run(String[] args, PrintStream out) throws Exception {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println(USAGE);
      return 0;
    }
    Options options = Options.parse(args);
    if (options.mode().equals("inflate")) {
      // One channel is enough for the round trip.
      Options oneChannel = new Options(options.url(), options.keycloak(), options.mode(), 1, options.clients(),
          options.rate(), options.durationSeconds(), options.warmupSeconds(), options.holdSeconds());
      return new InflateBenchmark(new LoadBenchmark(oneChannel, out), options, out).run();
    }
    return new LoadBenchmark(options, out).run();
  }

  /** One WebSocket client: one user, one channel. */
  private final class Client {
    final String user;
    final String childId;
    volatile WebSocket socket;
    /** clientId → nanoTime at send, for the ack latency. */
    final Map<String, Long> pending = new LinkedHashMap<>();
    volatile boolean ready;
    volatile boolean closed;

    Client(String user, String childId) {
      this.user = user;
      this.childId = childId;
    }

    void onFrame(String text, Runnable onAck) {
      JsonObject f = new JsonObject(text);

      switch (f.getString("type")) {
        case "message" -> {
          String body = f.getString("text", "");
          if (body.startsWith("bench:") && !user.equals(f.getJsonObject("sender").getString("username"))) {
            long sent = Long.parseLong(body.substring(6, body.indexOf(':', 6)));
            if (measuring) {
              deliveries.increment();
              delivery.recordValue(Math.max(0, (System.nanoTime() - sent) / 1000));
            }
          }
        }
        case "authenticated" -> reauths.increment();
        case "ack" -> {
          Long sent;
          synchronized (pending) {
            sent = pending.remove(f.getString("clientId"));
          }
          if (sent != null && measuring) {
            acks.increment();
            ack.recordValue(Math.max(0, (System.nanoTime() - sent) / 1000));
          }
          onAck.run();
        }
        case "error" -> {
          errorFrames.increment();
          if (f.getString("clientId") != null) {
            synchronized (pending) {
              pending.remove(f.getString("clientId"));
            }
            sendFailures.increment();
            onAck.run();
          }
        }
        default -> {
          // subscribed, authenticated, receipts: nothing to count
        }
      }
    }

    void send() {
      if (!ready || stopping) {
        return;
      }
      // Unique across runs: the server rightly answers a reused clientId with the original message.
      String clientId = runId + "-" + clientIds.incrementAndGet();
      long now = System.nanoTime();
      synchronized (pending) {
        pending.put(clientId, now);
      }
      socket.writeTextMessage(new JsonObject().put("type", "send").put("childId", childId).put("clientId", clientId)
          .put("text", "bench:" + now + ":Belastningstest av teamkanalen").encode());
    }
  }

  int run() throws Exception {
    out.printf("Samverkan load benchmark: mode=%s server=%s channels=%d clients=%d%s%n", options.mode(), options.url(),
        options.channels(), options.clients(),
        options.mode().equals("load") ? " rate=" + options.rate() + "/s duration=" + options.durationSeconds() + "s"
            : options.mode().equals("saturate") ? " duration=" + options.durationSeconds() + "s" : " hold=" + options.holdSeconds() + "s");
    long t0 = System.nanoTime();
    long renewEverySeconds = Long.MAX_VALUE;
    for (String user : MEMBERS) {
      JsonObject grant = tokenResponse(user);
      tokens.put(user, grant.getString("access_token"));
      renewEverySeconds = Math.min(renewEverySeconds, Math.max(10, grant.getLong("expires_in", 300L) - 60));
    }
    List<String> channels = prepareChannels(tokens.get("anna.bvc"));
    out.printf("  setup: %d channels ready (%.1f s)%n", channels.size(), (System.nanoTime() - t0) / 1e9);

    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    java.util.concurrent.ScheduledExecutorService renewals = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-token-renewal");
      t.setDaemon(true);
      return t;
    });
    renewals.scheduleAtFixedRate(this::renewTokens, renewEverySeconds, renewEverySeconds, TimeUnit.SECONDS);
    try {
      URI server = URI.create(options.url());
      WebSocketClient wsClient = vertx.createWebSocketClient(new WebSocketClientOptions()
          .setMaxConnections(options.clients() + 10)
          .setConnectTimeout(10_000));
      List<Client> clients = new ArrayList<>();
      for (int i = 0; i < options.clients(); i++) {
        String user = MEMBERS.get((i / channels.size()) % MEMBERS.size());
        clients.add(new Client(user, channels.get(i % channels.size())));
      }
      allClients.addAll(clients);
      long t1 = System.nanoTime();
      connectAll(vertx, wsClient, server, clients);
      long readyCount = clients.stream().filter(c -> c.ready).count();
      out.printf("  connected, authenticated and subscribed: %d of %d clients (%.1f s)%n", readyCount, clients.size(),
          (System.nanoTime() - t1) / 1e9);
      if (connectFailures.sum() > 0) {
        out.printf("  connect failures: %d %s%n", connectFailures.sum(), tally(failureReasons));
      }

      switch (options.mode()) {
        case "idle" -> {
          Thread.sleep(TimeUnit.SECONDS.toMillis(options.holdSeconds()));
          JsonObject status = serverStatus();
          long stillOpen = clients.stream().filter(c -> c.ready && !c.closed).count();
          out.printf("  held %d idle authenticated connections for %d s; %d still open at the end%n", readyCount,
              options.holdSeconds(), stillOpen);
          printErrors();
          printHeap(status);
        }
        case "load", "saturate" -> measure(vertx, clients);
        default -> throw new IllegalArgumentException("unknown mode " + options.mode());
      }
      stopping = true;
      for (Client c : clients) {
        if (c.socket != null) {
          c.socket.close();
        }
      }
    } finally {
      renewals.shutdownNow();
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    return 0;
  }

  /** New tokens for every user, sent to their open sockets before the old ones expire. */
  private void renewTokens() {
    for (String user : MEMBERS) {
      try {
        tokens.put(user, tokenResponse(user).getString("access_token"));
      } catch (Exception e) {
        failureReasons.computeIfAbsent("token renewal: " + e.getClass().getSimpleName(), k -> new LongAdder()).increment();
        continue;
      }
      String frame = new JsonObject().put("type", "auth").put("token", tokens.get(user)).encode();
      for (Client c : allClients) {
        if (c.user.equals(user) && c.ready && !c.closed && c.socket != null) {
          c.socket.writeTextMessage(frame);
        }
      }
    }
  }

  private void printErrors() {
    out.printf(Locale.ROOT, "    errors                 : %d failed connects, %d error frames (%d refused sends), %d sockets closed %s%n",
        connectFailures.sum(), errorFrames.sum(), sendFailures.sum(), closedSockets.sum(), tally(closeCodes));
    out.printf(Locale.ROOT, "    token renewals         : %d acknowledged re-auths%n", reauths.sum());
  }

  private static String tally(Map<?, LongAdder> counts) {
    if (counts.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("(");
    counts.forEach((k, n) -> b.append(b.length() > 1 ? ", " : "").append(k).append(": ").append(n.sum()));
    return b.append(")").toString();
  }

  private void measure(Vertx vertx, List<Client> clients) throws Exception {
    boolean saturate = options.mode().equals("saturate");
    List<Client> ready = clients.stream().filter(c -> c.ready).toList();
    if (saturate) {
      // Closed loop: every client keeps one send in flight; the next goes when the previous is acked.
      ready.forEach(c -> vertx.runOnContext(v -> c.send()));
    } else {
      // Open loop at the given rate, spread over the clients every millisecond.
      AtomicLong due = new AtomicLong();
      long start = System.nanoTime();
      int[] next = {0};
      vertx.setPeriodic(1, id -> {
        if (stopping) {
          vertx.cancelTimer(id);
          return;
        }
        long shouldHaveSent = (long) ((System.nanoTime() - start) / 1e9 * options.rate());
        while (due.get() < shouldHaveSent) {
          Client c = ready.get(next[0]++ % ready.size());
          c.send();
          due.incrementAndGet();
        }
      });
    }
    Thread.sleep(TimeUnit.SECONDS.toMillis(options.warmupSeconds()));
    measuring = true;
    long begin = System.nanoTime();
    Thread.sleep(TimeUnit.SECONDS.toMillis(options.durationSeconds()));
    measuring = false;
    double seconds = (System.nanoTime() - begin) / 1e9;
    JsonObject status = serverStatus();
    stopping = true;
    out.printf("  results (%d s warm-up, %.1f s measured):%n", options.warmupSeconds(), seconds);
    out.printf(Locale.ROOT, "    sends acknowledged     : %,d (%,.1f/s)%n", acks.sum(), acks.sum() / seconds);
    out.printf(Locale.ROOT, "    deliveries             : %,d (%,.1f/s)%n", deliveries.sum(), deliveries.sum() / seconds);
    out.printf(Locale.ROOT, "    latency send→delivery  : %s%n", percentiles(delivery));
    out.printf(Locale.ROOT, "    latency send→ack       : %s%n", percentiles(ack));
    printErrors();
    printHeap(status);
  }

  private static String percentiles(Histogram h) {
    if (h.getTotalCount() == 0) {
      return "no samples";
    }
    return String.format(Locale.ROOT, "p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms  (%,d samples)",
        h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(95) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
        h.getMaxValue() / 1000.0, h.getTotalCount());
  }

  void printHeap(JsonObject status) {
    if (status.containsKey(STATUS_UNAVAILABLE)) {
      out.printf("    server heap            : not available (%s)%n", status.getString(STATUS_UNAVAILABLE));
      return;
    }
    long mib = 1024 * 1024;
    out.printf(Locale.ROOT, "    server heap            : used %d MiB, live after last GC %d MiB, max %d MiB; %d WebSocket connections%n",
        status.getLong("heapUsedBytes", 0L) / mib, status.getLong("heapUsedAfterLastGcBytes", 0L) / mib,
        status.getLong("heapMaxBytes", 0L) / mib, status.getInteger("webSocketConnections", 0));
  }

  private void connectAll(Vertx vertx, WebSocketClient wsClient, URI server, List<Client> clients) throws Exception {
    int port = server.getPort() > 0 ? server.getPort() : 80;
    List<Future<Void>> all = new ArrayList<>();
    // Connect in batches so that the server (and loopback) are not hit with every handshake at once.
    int batch = 200;
    for (int from = 0; from < clients.size(); from += batch) {
      List<Future<Void>> wave = new ArrayList<>();
      for (Client c : clients.subList(from, Math.min(clients.size(), from + batch))) {
        wave.add(wsClient.connect(new WebSocketConnectOptions().setHost(server.getHost()).setPort(port).setURI("/api/ws"))
            .compose(ws -> {
              c.socket = ws;
              io.vertx.core.Promise<Void> subscribed = io.vertx.core.Promise.promise();
              ws.textMessageHandler(text -> {
                if (!c.ready) {
                  JsonObject f = new JsonObject(text);
                  if ("authenticated".equals(f.getString("type"))) {
                    ws.writeTextMessage(new JsonObject().put("type", "subscribe").put("childId", c.childId).encode());
                  } else if ("subscribed".equals(f.getString("type"))) {
                    c.ready = true;
                    subscribed.tryComplete();
                  } else if ("error".equals(f.getString("type"))) {
                    subscribed.tryFail(f.getString("code"));
                  }
                  return;
                }
                c.onFrame(text, () -> {
                  if (options.mode().equals("saturate") && !stopping) {
                    c.send();
                  }
                });
              });
              ws.closeHandler(v -> {
                c.closed = true;
                if (!stopping) {
                  closedSockets.increment();
                  Short code = ws.closeStatusCode();
                  closeCodes.computeIfAbsent(code == null ? -1 : (int) code, k -> new LongAdder()).increment();
                }
              });
              ws.writeTextMessage(new JsonObject().put("type", "auth").put("token", tokens.get(c.user)).encode());
              return subscribed.future().timeout(30, TimeUnit.SECONDS);
            })
            .recover(err -> {
              // Counted and printed: a run where clients never got in must not look like a clean one.
              connectFailures.increment();
              String reason = err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
              failureReasons.computeIfAbsent(reason.length() > 60 ? reason.substring(0, 60) : reason, k -> new LongAdder())
                  .increment();
              if (c.socket != null) {
                c.socket.close();
              }
              return Future.succeededFuture();
            }));
      }
      Future.join(wave).await(2, TimeUnit.MINUTES);
      all.addAll(wave);
    }
  }

  /** Children named "Belastningstest n" with a consent and the five dev members; created once, then reused. */
  List<String> prepareChannels(String annaToken) throws Exception {
    Map<String, String> existing = new HashMap<>();
    JsonArray children = new JsonObject(get("/api/children", annaToken)).getJsonArray("children");
    for (Object o : children) {
      JsonObject c = (JsonObject) o;
      if (c.getString("name").startsWith(CHANNEL_PREFIX) && "CHILD_CONTACT".equals(c.getString("myRole"))) {
        existing.put(c.getString("name"), c.getString("id"));
      }
    }
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= options.channels(); i++) {
      String name = CHANNEL_PREFIX + i;
      String id = existing.get(name);
      if (id == null) {
        id = new JsonObject(post("/api/children", annaToken, new JsonObject().put("name", name).put("birthDate", "2015-06-01")))
            .getString("id");
        post("/api/children/" + id + "/consents", annaToken, new JsonObject().put("level", "WRITTEN_UPDATED")
            .put("givenBy", new JsonArray().add("Vårdnadshavare (belastningstest)"))
            .put("organisations", new JsonArray().add("vaxjo").add("polisen")).put("persons", new JsonArray())
            .put("purpose", "Belastningstest av teamkanalen"));
        for (String member : MEMBERS.subList(1, MEMBERS.size())) {
          post("/api/children/" + id + "/team/members", annaToken, new JsonObject().put("username", member));
        }
      }
      ids.add(id);
    }
    return ids;
  }

  /** The server's own figures, or why they could not be read; the run's measurements are printed either way. */
  JsonObject serverStatus() {
    try {
      // A fresh token: the run may outlast the first ones (5 min).
      return new JsonObject(get("/api/admin/server-status", tokenResponse(STATUS_READER).getString("access_token")));
    } catch (Exception e) {
      return new JsonObject().put(STATUS_UNAVAILABLE, String.valueOf(e.getMessage()));
    }
  }

  private String get(String path, String token) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(options.url() + path)).timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + token).GET().build(), 200);
  }

  private String post(String path, String token, JsonObject body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(options.url() + path)).timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), 201);
  }

  private String send(HttpRequest request, int expected) throws Exception {
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  JsonObject tokenResponse(String user) throws Exception {
    String form = "grant_type=password&client_id=samverkan-dev-cli&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
        + "&password=" + PASSWORD;
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(options.keycloak()
            + "/realms/samverkan/protocol/openid-connect/token")).timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("Could not log in " + user + " (is the server running with `dev`?): " + r.body());
    }
    return new JsonObject(r.body());
  }
}

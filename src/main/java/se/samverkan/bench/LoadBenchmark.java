package se.samverkan.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench --mode load|saturate|idle}: a load generator for the team channels of a running
 * server (dev mode with the dev users). It logs in the dev users, prepares channels (children with a
 * consent and a team), opens many WebSocket clients, sends at a set rate (or as fast as the server
 * acknowledges), and prints acknowledged sends/s, deliveries/s, send→delivery and send→ack latency
 * percentiles (HdrHistogram), errors and the server's heap (read as sec.admin from
 * {@code /api/admin/server-status}).
 *
 * <p>Modes: {@code load} (a fixed rate), {@code saturate} (each client sends its next message when
 * the previous is acknowledged), {@code idle} (connect, authenticate and subscribe, then only hold).
 * Every loop is bounded in time and count, and it only talks to the URLs it is given. Tokens are
 * renewed before they expire and sent to every socket as a new auth frame, so a run may last longer
 * than a token (5 minutes in the dev realm); failed connects, error frames and closed sockets are
 * counted and printed with every result ({@link LoadStats}).
 */
final class LoadBenchmark {

  /** Connects go in waves so that the server (and loopback) are not hit with every handshake at once. */
  private static final int CONNECT_WAVE = 200;

  private final DevServer server;
  private final BenchOptions options;
  private final PrintStream out;
  private final LoadStats stats = new LoadStats();
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final List<Client> allClients = new CopyOnWriteArrayList<>();
  private final AtomicLong clientIds = new AtomicLong();
  private final String runId = "bench-" + Long.toString(System.currentTimeMillis(), 36);
  private volatile boolean stopping;

  LoadBenchmark(DevServer server, BenchOptions options, PrintStream out) {
    this.server = server;
    this.options = options;
    this.out = out;
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

    /** Until subscribed: answers "authenticated" with the subscription and completes {@code subscribed}. */
    void onHandshakeFrame(String text, Promise<Void> subscribed) {
      JsonObject f = new JsonObject(text);
      if ("authenticated".equals(f.getString("type"))) {
        socket.writeTextMessage(new JsonObject().put("type", "subscribe").put("childId", childId).encode());
      } else if ("subscribed".equals(f.getString("type"))) {
        ready = true;
        subscribed.tryComplete();
      } else if ("error".equals(f.getString("type"))) {
        subscribed.tryFail(f.getString("code"));
      }
    }

    void onFrame(String text, Runnable onAck) {
      JsonObject f = new JsonObject(text);
      switch (f.getString("type")) {
        case "message" -> {
          String body = f.getString("text", "");
          if (body.startsWith("bench:") && !user.equals(f.getJsonObject("sender").getString("username"))) {
            stats.delivered(Long.parseLong(body.substring(6, body.indexOf(':', 6))));
          }
        }
        case "authenticated" -> stats.reauths.increment();
        case "ack" -> {
          Long sent = settle(f.getString("clientId"));
          if (sent != null) {
            stats.acknowledged(sent);
          }
          onAck.run();
        }
        case "error" -> {
          stats.errorFrames.increment();
          if (f.getString("clientId") != null) {
            settle(f.getString("clientId"));
            stats.sendFailures.increment();
            onAck.run();
          }
        }
        default -> {
          // subscribed, receipts: nothing to count
        }
      }
    }

    private Long settle(String clientId) {
      synchronized (pending) {
        return pending.remove(clientId);
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
    printHeader();
    long t0 = System.nanoTime();
    long renewEverySeconds = logIn();
    List<String> channels = server.prepareChannels(tokens.get("anna.bvc"), options.channels());
    out.printf("  setup: %d channels ready (%.1f s)%n", channels.size(), (System.nanoTime() - t0) / 1e9);

    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-token-renewal");
      t.setDaemon(true);
      return t;
    });
    renewals.scheduleAtFixedRate(this::renewTokens, renewEverySeconds, renewEverySeconds, TimeUnit.SECONDS);
    try {
      List<Client> clients = connectClients(vertx, channels);
      switch (options.mode()) {
        case "idle" -> hold(clients);
        case "load", "saturate" -> measure(vertx, clients);
        default -> throw new IllegalArgumentException("unknown mode " + options.mode());
      }
      stopping = true;
      clients.stream().filter(c -> c.socket != null).forEach(c -> c.socket.close());
    } finally {
      renewals.shutdownNow();
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    return 0;
  }

  private void printHeader() {
    out.printf("Samverkan load benchmark: mode=%s server=%s channels=%d clients=%d%s%n", options.mode(), options.url(),
        options.channels(), options.clients(),
        options.mode().equals("load") ? " rate=" + options.rate() + "/s duration=" + options.durationSeconds() + "s"
            : options.mode().equals("saturate") ? " duration=" + options.durationSeconds() + "s" : " hold=" + options.holdSeconds() + "s");
  }

  /** Logs in every member; returns how often their tokens are to be renewed (a minute before the shortest expires). */
  private long logIn() throws Exception {
    long renewEverySeconds = Long.MAX_VALUE;
    for (String user : DevServer.MEMBERS) {
      JsonObject grant = server.tokenResponse(user);
      tokens.put(user, grant.getString("access_token"));
      renewEverySeconds = Math.min(renewEverySeconds, Math.max(10, grant.getLong("expires_in", 300L) - 60));
    }
    return renewEverySeconds;
  }

  /** New tokens for every user, sent to their open sockets before the old ones expire. */
  private void renewTokens() {
    for (String user : DevServer.MEMBERS) {
      try {
        tokens.put(user, server.tokenResponse(user).getString("access_token"));
      } catch (Exception e) {
        stats.failure("token renewal: " + e.getClass().getSimpleName());
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

  /** The clients spread over the channels and the members, connected, authenticated and subscribed. */
  private List<Client> connectClients(Vertx vertx, List<String> channels) throws Exception {
    WebSocketClient wsClient = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(options.clients() + 10)
        .setConnectTimeout(10_000));
    List<Client> clients = new ArrayList<>();
    for (int i = 0; i < options.clients(); i++) {
      String user = DevServer.MEMBERS.get((i / channels.size()) % DevServer.MEMBERS.size());
      clients.add(new Client(user, channels.get(i % channels.size())));
    }
    allClients.addAll(clients);
    long t1 = System.nanoTime();
    URI url = URI.create(options.url());
    for (int from = 0; from < clients.size(); from += CONNECT_WAVE) {
      List<Future<Void>> wave = new ArrayList<>();
      for (Client c : clients.subList(from, Math.min(clients.size(), from + CONNECT_WAVE))) {
        wave.add(connect(wsClient, url, c));
      }
      Future.join(wave).await(2, TimeUnit.MINUTES);
    }
    long readyCount = clients.stream().filter(c -> c.ready).count();
    out.printf("  connected, authenticated and subscribed: %d of %d clients (%.1f s)%n", readyCount, clients.size(),
        (System.nanoTime() - t1) / 1e9);
    stats.printConnectFailures(out);
    return clients;
  }

  /** Never fails: a client that does not get in is counted, with the reason, and left out. */
  private Future<Void> connect(WebSocketClient wsClient, URI url, Client c) {
    int port = url.getPort() > 0 ? url.getPort() : 80;
    return wsClient.connect(new WebSocketConnectOptions().setHost(url.getHost()).setPort(port).setURI("/api/ws"))
        .compose(ws -> subscribe(c, ws))
        .recover(err -> {
          stats.connectFailures.increment();
          String reason = err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
          stats.failure(reason.length() > 60 ? reason.substring(0, 60) : reason);
          if (c.socket != null) {
            c.socket.close();
          }
          return Future.succeededFuture();
        });
  }

  private Future<Void> subscribe(Client c, WebSocket ws) {
    c.socket = ws;
    Promise<Void> subscribed = Promise.promise();
    ws.textMessageHandler(text -> {
      if (!c.ready) {
        c.onHandshakeFrame(text, subscribed);
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
        stats.closedByServer(ws.closeStatusCode());
      }
    });
    ws.writeTextMessage(new JsonObject().put("type", "auth").put("token", tokens.get(c.user)).encode());
    return subscribed.future().timeout(30, TimeUnit.SECONDS);
  }

  /** {@code idle}: only hold the connections, then say how many are still open and what the server holds. */
  private void hold(List<Client> clients) throws InterruptedException {
    long readyCount = clients.stream().filter(c -> c.ready).count();
    Thread.sleep(TimeUnit.SECONDS.toMillis(options.holdSeconds()));
    JsonObject status = server.serverStatus();
    long stillOpen = clients.stream().filter(c -> c.ready && !c.closed).count();
    out.printf("  held %d idle authenticated connections for %d s; %d still open at the end%n", readyCount,
        options.holdSeconds(), stillOpen);
    stats.printErrors(out);
    Report.printHeap(out, status);
  }

  private void measure(Vertx vertx, List<Client> clients) throws Exception {
    List<Client> ready = clients.stream().filter(c -> c.ready).toList();
    if (options.mode().equals("saturate")) {
      // Closed loop: every client keeps one send in flight; the next goes when the previous is acked.
      ready.forEach(c -> vertx.runOnContext(v -> c.send()));
    } else {
      sendAtRate(vertx, ready);
    }
    Thread.sleep(TimeUnit.SECONDS.toMillis(options.warmupSeconds()));
    stats.measuring = true;
    long begin = System.nanoTime();
    Thread.sleep(TimeUnit.SECONDS.toMillis(options.durationSeconds()));
    stats.measuring = false;
    double seconds = (System.nanoTime() - begin) / 1e9;
    JsonObject status = server.serverStatus();
    stopping = true;
    stats.printResults(out, options.warmupSeconds(), seconds);
    Report.printHeap(out, status);
  }

  /** Open loop at the given rate, spread over the clients every millisecond. */
  private void sendAtRate(Vertx vertx, List<Client> ready) {
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
        ready.get(next[0]++ % ready.size()).send();
        due.incrementAndGet();
      }
    });
  }
}

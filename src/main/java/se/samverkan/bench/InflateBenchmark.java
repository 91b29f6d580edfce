package se.samverkan.bench;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.Deflater;

/**
 * {@code bench --mode inflate}: the memory bomb before login. {@code --clients} sockets (at most 32
 * at a time, none of them logged in) offer permessage-deflate and each sends up to
 * {@link #FRAMES_PER_SOCKET} text frames of about 50 KB whose payload inflates to 50 MiB — whether
 * or not the server accepted the extension, because an attacker need not care. Meanwhile anna.bvc
 * sends erik.rektor a message once a second over the team channel. Prints the server's heap before,
 * at its highest during and after the attack (from {@code /api/admin/server-status}), whether the
 * extension was negotiated, how the server closed the sockets, and the round trips. Bounded by
 * {@code --clients} and {@code --duration}; it only talks to the URLs it is given.
 */
public final class InflateBenchmark {

  public static final int INFLATED_BYTES = 50 * 1024 * 1024;
  static final int FRAMES_PER_SOCKET = 3;
  private static final int CONCURRENT_SOCKETS = 32;
  private static final String ROUND_TRIP = "inflate-rt:";

  private final DevServer server;
  private final BenchOptions options;
  private final PrintStream out;
  private final LongAdder negotiated = new LongAdder();
  private final LongAdder refusedHandshakes = new LongAdder();
  private final LongAdder framesSent = new LongAdder();
  private final Map<String, LongAdder> endings = new ConcurrentHashMap<>();
  private final Map<Integer, Long> sentAt = new ConcurrentHashMap<>();
  private final java.util.Set<Integer> delivered = ConcurrentHashMap.newKeySet();
  private final java.util.Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
  private final LongAdder roundTrips = new LongAdder();
  private final AtomicLong slowestRoundTripMicros = new AtomicLong();
  private final AtomicInteger started = new AtomicInteger();
  /** Only the run's own thread reads the server's status: no need to share these. */
  private long peakUsed;
  private int unanswered;

  InflateBenchmark(DevServer server, BenchOptions options, PrintStream out) {
    this.server = server;
    this.options = options;
    this.out = out;
  }

  /** A permessage-deflate payload (RFC 7692: raw DEFLATE, the final empty block's 00 00 ff ff left off). */
  public static byte[] deflatedText(int inflatedBytes) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    byte[] chunk = new byte[1 << 20];
    java.util.Arrays.fill(chunk, (byte) 'a');
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    for (int fed = 0; fed < inflatedBytes; fed += chunk.length) {
      deflater.setInput(chunk, 0, Math.min(chunk.length, inflatedBytes - fed));
      while (!deflater.needsInput()) {
        compressed.write(buffer, 0, deflater.deflate(buffer, 0, buffer.length, Deflater.NO_FLUSH));
      }
    }
    int n;
    while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
      compressed.write(buffer, 0, n);
    }
    deflater.end();
    byte[] all = compressed.toByteArray();
    return java.util.Arrays.copyOf(all, all.length - 4);
  }

  int run() throws Exception {
    byte[] bomb = deflatedText(INFLATED_BYTES);
    URI url = URI.create(options.url());
    out.printf(Locale.ROOT, "Samverkan inflate benchmark: server=%s sockets=%d frames/socket=%d, each %,d bytes inflating to %,d%n",
        url, options.clients(), FRAMES_PER_SOCKET, bomb.length, INFLATED_BYTES);
    String anna = server.tokenResponse("anna.bvc").getString("access_token");
    String erik = server.tokenResponse("erik.rektor").getString("access_token");
    // One channel is enough for the round trip.
    String channel = server.prepareChannels(anna, 1).get(0);
    HttpClient http = HttpClient.newHttpClient();
    WebSocket erikSocket = open(http, url, erik, channel, true);
    WebSocket annaSocket = open(http, url, anna, channel, false);

    JsonObject before = server.serverStatus();
    out.print("  before: ");
    Report.printHeap(out, before);
    peakUsed = before.getLong("heapUsedBytes", 0L);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.durationSeconds());
    ExecutorService pool = startAttack(url, bomb, deadline);
    ScheduledExecutorService roundTripTimer = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger sends = new AtomicInteger();
    roundTripTimer.scheduleAtFixedRate(() -> sendRoundTrip(annaSocket, channel, sends.getAndIncrement()), 0, 1,
        TimeUnit.SECONDS);
    long t0 = System.nanoTime();
    watchHeap(pool, deadline);
    roundTripTimer.shutdownNow();
    double seconds = (System.nanoTime() - t0) / 1e9;
    int sentDuringAttack = sends.get();
    long deliveredDuringAttack = roundTrips.sum();
    boolean afterwards = roundTripAfterwards(annaSocket, channel, sentDuringAttack);
    Thread.sleep(1_000);
    JsonObject after = server.serverStatus();

    printAttack(seconds, before);
    out.print("  after: ");
    Report.printHeap(out, after);
    out.printf(Locale.ROOT, "  round trips anna.bvc → erik.rektor during the attack: %d of %d delivered (slowest %.1f ms); afterwards: %s%n",
        deliveredDuringAttack, sentDuringAttack, slowestRoundTripMicros.get() / 1000.0, afterwards ? "delivered" : "NOT delivered");
    annaSocket.abort();
    erikSocket.abort();
    return afterwards ? 0 : 1;
  }

  /** {@link #CONCURRENT_SOCKETS} threads open attacking sockets one after another until the deadline or --clients. */
  private ExecutorService startAttack(URI url, byte[] bomb, long deadline) {
    ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT_SOCKETS);
    for (int i = 0; i < CONCURRENT_SOCKETS; i++) {
      pool.execute(() -> {
        while (System.nanoTime() < deadline && started.incrementAndGet() <= options.clients()) {
          attack(url, bomb, deadline);
        }
      });
    }
    pool.shutdown();
    return pool;
  }

  /** The server's heap twice a second while the attack lasts; a status request it does not answer is counted. */
  private void watchHeap(ExecutorService pool, long deadline) throws InterruptedException {
    // Sockets stuck on a server that no longer reads are cut off 15 s after the attack's end.
    long hardStop = deadline + TimeUnit.SECONDS.toNanos(15);
    while (!pool.awaitTermination(500, TimeUnit.MILLISECONDS)) {
      JsonObject status = server.serverStatus();
      if (status.containsKey("heapUsedBytes")) {
        peakUsed = Math.max(peakUsed, status.getLong("heapUsedBytes"));
      } else {
        unanswered++;
      }
      if (System.nanoTime() > hardStop) {
        openSockets.forEach(InflateBenchmark::closeQuietly);
        pool.shutdownNow();
      }
    }
  }

  /** One more round trip once the attack is over: does the channel still work (within 30 s)? */
  private boolean roundTripAfterwards(WebSocket anna, String channel, int n) throws InterruptedException {
    sendRoundTrip(anna, channel, n);
    long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!delivered.contains(n) && System.nanoTime() < waitUntil) {
      Thread.sleep(50);
    }
    return delivered.contains(n);
  }

  private void printAttack(double seconds, JsonObject before) {
    long mib = 1024 * 1024;
    out.printf(Locale.ROOT, "  attack: %.1f s, %d sockets opened, permessage-deflate negotiated on %d, %d handshakes refused, %d compressed frames sent%n",
        seconds, Math.min(started.get(), options.clients()), negotiated.sum(), refusedHandshakes.sum(), framesSent.sum());
    out.printf("  how the server ended the sockets: %s%n", endings);
    out.printf(Locale.ROOT, "  server heap used at its highest during the attack: %d MiB (before: %d MiB); status requests unanswered: %d%n",
        peakUsed / mib, before.getLong("heapUsedBytes", 0L) / mib, unanswered);
  }

  /** One socket that never logs in: handshake offering deflate, the frames, then how it ended. */
  private void attack(URI url, byte[] bomb, long deadline) {
    int port = url.getPort() > 0 ? url.getPort() : 80;
    try (Socket socket = new Socket()) {
      openSockets.add(socket);
      socket.connect(new InetSocketAddress(url.getHost(), port), 5_000);
      socket.setSoTimeout(5_000);
      OutputStream output = socket.getOutputStream();
      DataInputStream input = new DataInputStream(socket.getInputStream());
      output.write(RawFrames.upgradeRequest(url.getHost(), port,
          "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"));
      output.flush();
      String head = RawFrames.readHead(input);
      if (!head.startsWith("HTTP/1.1 101")) {
        refusedHandshakes.increment();
        return;
      }
      if (head.toLowerCase(Locale.ROOT).contains("sec-websocket-extensions: permessage-deflate")) {
        negotiated.increment();
      }
      try {
        for (int i = 0; i < FRAMES_PER_SOCKET && System.nanoTime() < deadline; i++) {
          // FIN, RSV1 (compressed), text.
          output.write(RawFrames.clientFrame(0x80 | 0x40 | 1, bomb));
          output.flush();
          framesSent.increment();
        }
      } catch (IOException closedWhileSending) {
        // The server may close before the last frame; how it did is read below.
      }
      endings.computeIfAbsent(ending(input), k -> new LongAdder()).increment();
    } catch (java.net.SocketTimeoutException e) {
      endings.computeIfAbsent("no handshake answer within 5 s", k -> new LongAdder()).increment();
    } catch (IOException e) {
      endings.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
    } finally {
      openSockets.removeIf(Socket::isClosed);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Cut off anyway.
    }
  }

  /** Reads until the server's close frame or the end of the connection. */
  private static String ending(DataInputStream input) {
    try {
      while (true) {
        int b0 = input.read();
        if (b0 < 0) {
          return "connection ended without a close frame";
        }
        byte[] payload = RawFrames.readPayload(input);
        if ((b0 & 0x0f) == 8) {
          int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
          return "close " + code;
        }
      }
    } catch (java.net.SocketTimeoutException e) {
      return "no answer within 5 s";
    } catch (IOException e) {
      return "connection reset";
    }
  }

  private void sendRoundTrip(WebSocket anna, String channel, int n) {
    sentAt.put(n, System.nanoTime());
    anna.sendText(new JsonObject().put("type", "send").put("childId", channel)
        .put("clientId", "inflate-" + Long.toString(System.currentTimeMillis(), 36) + "-" + n)
        .put("text", ROUND_TRIP + n).encode(), true);
  }

  /** A logged-in team-channel socket (the JDK client, which offers no compression), subscribed to the channel. */
  private WebSocket open(HttpClient http, URI url, String token, String channel, boolean countsDeliveries)
      throws Exception {
    java.util.concurrent.CompletableFuture<Void> subscribed = new java.util.concurrent.CompletableFuture<>();
    WebSocket ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
        .buildAsync(URI.create(url.toString().replaceFirst("^http", "ws") + "/api/ws"), new WebSocket.Listener() {
          private final StringBuilder partial = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              JsonObject f = new JsonObject(partial.toString());
              partial.setLength(0);
              switch (String.valueOf(f.getString("type"))) {
                case "authenticated" -> socket.sendText(
                    new JsonObject().put("type", "subscribe").put("childId", channel).encode(), true);
                case "subscribed" -> subscribed.complete(null);
                case "message" -> {
                  String text = f.getString("text", "");
                  if (countsDeliveries && text.startsWith(ROUND_TRIP)) {
                    int n = Integer.parseInt(text.substring(ROUND_TRIP.length()));
                    roundTrips.increment();
                    delivered.add(n);
                    slowestRoundTripMicros.accumulateAndGet((System.nanoTime() - sentAt.get(n)) / 1000, Math::max);
                  }
                }
                default -> {
                }
              }
            }
            socket.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    ws.sendText(new JsonObject().put("type", "auth").put("token", token).encode(), true);
    subscribed.get(10, TimeUnit.SECONDS);
    return ws;
  }
}

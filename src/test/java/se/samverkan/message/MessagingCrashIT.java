package se.samverkan.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.config.AppConfig;
import se.samverkan.testing.Api;
import se.samverkan.testing.Eventually;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;
import se.samverkan.testing.WsClient;

/**
 * Kill the server mid-stream (SIGKILL, not a graceful stop): every acknowledged message survives,
 * resending the unacknowledged ones creates no duplicates, and the sequence has no gaps. The server
 * under test is the packaged jar in {@code serve} mode, on the test stack's PostgreSQL and Keycloak.
 */
@ExtendWith(SamverkanExtension.class)
class MessagingCrashIT {

  private static final Path JAR = Path.of(System.getProperty("samverkan.jar", "target/samverkan.jar")).toAbsolutePath();

  /** A serve process; closing it kills it (a failing test must not leave it running). */
  private record Server(Process process, String baseUrl, List<String> output) implements AutoCloseable {
    @Override
    public void close() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static Server startServer(TestStack stack, int port) throws Exception {
    AppConfig config = stack.config();
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toString(), "serve").redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("SAMVERKAN_"));
    env.putAll(Map.of(
        "SAMVERKAN_HTTP_HOST", "127.0.0.1",
        "SAMVERKAN_HTTP_PORT", Integer.toString(port),
        "SAMVERKAN_DB_HOST", config.database().host(),
        "SAMVERKAN_DB_PORT", Integer.toString(config.database().port()),
        "SAMVERKAN_DB_USER", config.database().user(),
        "SAMVERKAN_DB_PASSWORD", config.database().password(),
        "SAMVERKAN_OIDC_ISSUER", config.oidc().issuer().toString(),
        "SAMVERKAN_KEYCLOAK_CLIENT_SECRET", config.oidc().serverClientSecret(),
        "SAMVERKAN_MASTER_KEY_FILE", config.masterKeyFile().toString()));
    env.put("SAMVERKAN_MESSAGE_RATE_PER_SECOND", "100000");
    env.put("SAMVERKAN_MESSAGE_BURST", "100000");
    env.put("SAMVERKAN_SMTP_HOST", "127.0.0.1");
    env.put("SAMVERKAN_SMTP_PORT", Integer.toString(stack.smtp().port()));
    env.put("SAMVERKAN_SMTP_TLS", "NONE");
    // The stack's Keycloak is reached over http on loopback; its tokens come from a script client that
    // this serve allows (serve never allows the dev CLI).
    env.put("SAMVERKAN_OIDC_ALLOW_HTTP_ISSUER", "true");
    env.put("SAMVERKAN_OIDC_ALLOWED_CLIENTS", "samverkan-web," + CLIENT);
    env.put("SAMVERKAN_WS_FRAMES_PER_SECOND", "100000");
    env.put("SAMVERKAN_WS_FRAME_BURST", "100000");
    Process process = pb.start();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          output.add(line);
          System.out.println("[serve] " + line);
        }
      } catch (Exception e) {
        // process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (output.stream().noneMatch(l -> l.startsWith("Samverkan is ready at"))) {
      assertTrue(process.isAlive(), "serve exited:\n" + String.join("\n", output));
      assertTrue(System.nanoTime() < deadline, "serve not ready:\n" + String.join("\n", output));
      Thread.sleep(100);
    }
    return new Server(process, "http://localhost:" + port, output);
  }

  private static final String CLIENT = "samverkan-crash-test";

  private static String token(TestStack stack, String user) {
    stack.addPasswordGrantClient(CLIENT);
    return stack.passwordGrant(stack.issuer(), CLIENT, user, TestStack.PASSWORD).getString("access_token");
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** One sending socket: a user in a channel; its clientIds are unique per sender. */
  private record Sender(String user, String child, String prefix) {
    String clientId(int i) {
      return prefix + "-" + i;
    }

    /** How history names this sender's message: the unique key is (child, sender, clientId). */
    String key(String clientId) {
      return child + "/" + user + "/" + clientId;
    }
  }

  private static Set<String> ackedClientIds(WsClient ws) {
    Set<String> acked = new LinkedHashSet<>();
    ws.frames().filter(f -> "ack".equals(f.getString("type"))).forEach(f -> acked.add(f.getString("clientId")));
    return acked;
  }

  @Test
  void killingTheServerShouldLoseNoAcknowledgedMessageAndResendsShouldNotDuplicate(TestStack stack) throws Exception {
    Api api = new Api(stack);
    List<String> children = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      String child = api.registerChild("anna.bvc").getString("id");
      api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo", "polisen"), List.of());
      api.addMemberOk("anna.bvc", child, "erik.rektor");
      api.addMemberOk("anna.bvc", child, "maria.polis");
      children.add(child);
    }
    // 24 sockets, each with its sends in flight one after the other: on each event loop many sends
    // wait while a batch commits, so the kill hits multi-row batches (SendBatcher), not single sends.
    List<Sender> senders = new ArrayList<>();
    for (String child : children) {
      for (String user : List.of("anna.bvc", "erik.rektor", "maria.polis")) {
        for (int n = 0; n < 4; n++) {
          senders.add(new Sender(user, child, "c" + children.indexOf(child) + "-n" + n));
        }
      }
    }
    int perSender = 40;
    int total = senders.size() * perSender;
    int port = freePort();
    Server server = startServer(stack, port);

    Map<Sender, Set<String>> acked = new HashMap<>();
    List<WsClient> sockets = new ArrayList<>();
    try (server) {
      for (Sender s : senders) {
        sockets.add(WsClient.connect(server.baseUrl(), token(stack, s.user())));
      }
      for (int i = 0; i < perSender; i++) {
        for (int k = 0; k < senders.size(); k++) {
          Sender s = senders.get(k);
          sockets.get(k).send(new JsonObject().put("type", "send").put("childId", s.child()).put("clientId", s.clientId(i))
              .put("text", "Meddelande " + s.clientId(i)));
        }
      }
      // Let part of them be stored and acknowledged, then kill the server hard.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (sockets.stream().mapToInt(ws -> ackedClientIds(ws).size()).sum() < total / 4) {
        assertTrue(System.nanoTime() < deadline, "acks too slow before the kill");
        Thread.sleep(5);
      }
      server.process().destroyForcibly();
      assertTrue(server.process().waitFor(30, TimeUnit.SECONDS));
      // Acks that were already on the wire before the kill count too: a socket reports its close
      // after every frame before it.
      Eventually.await(Duration.ofSeconds(30), "every socket saw the server go", () -> sockets.stream().allMatch(WsClient::isClosed));
      for (int k = 0; k < senders.size(); k++) {
        acked.put(senders.get(k), ackedClientIds(sockets.get(k)));
      }
    } finally {
      sockets.forEach(WsClient::close);
    }
    int ackedCount = acked.values().stream().mapToInt(Set::size).sum();
    assertTrue(ackedCount < total, "the kill must interrupt the stream for the test to mean anything");

    Server restarted = startServer(stack, port);
    List<WsClient> again = new ArrayList<>();
    try (restarted) {
      for (Sender s : senders) {
        WsClient ws = WsClient.connect(restarted.baseUrl(), token(stack, s.user()));
        again.add(ws);
        // A client resends everything it has no ack for — and, being unsure, a few it has.
        int resent = 0;
        for (int i = 0; i < perSender; i++) {
          if (!acked.get(s).contains(s.clientId(i)) || i % 10 == 0) {
            ws.send(new JsonObject().put("type", "send").put("childId", s.child()).put("clientId", s.clientId(i))
                .put("text", "Meddelande " + s.clientId(i)));
            resent++;
          }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ackedClientIds(ws).size() < resent) {
          int expected = resent;
          assertTrue(System.nanoTime() < deadline, () -> "resends not acknowledged after the restart: "
              + ackedClientIds(ws).size() + " of " + expected + ", other frames "
              + ws.frames().filter(f -> !"ack".equals(f.getString("type"))).toList() + ", closed " + ws.closeReason());
          Thread.sleep(10);
        }
      }
    } finally {
      again.forEach(WsClient::close);
    }

    int stored = 0;
    for (String child : children) {
      List<JsonObject> history = new ArrayList<>();
      long after = 0;
      while (true) {
        Http.Response page = api.get("anna.bvc", "/api/children/" + child + "/team/messages?afterSeq=" + after + "&limit=200");
        List<JsonObject> messages = page.json().getJsonArray("messages").stream().map(m -> (JsonObject) m).toList();
        if (messages.isEmpty()) {
          break;
        }
        history.addAll(messages);
        after = messages.get(messages.size() - 1).getLong("seq");
      }
      Map<String, Integer> perKey = new HashMap<>();
      history.forEach(m -> perKey.merge(child + "/" + m.getJsonObject("sender").getString("username") + "/"
          + m.getString("clientId"), 1, Integer::sum));
      for (Sender s : senders.stream().filter(x -> x.child().equals(child)).toList()) {
        for (String clientId : acked.get(s)) {
          assertEquals(1, perKey.getOrDefault(s.key(clientId), 0), "acknowledged " + s.key(clientId) + " must be stored exactly once");
        }
      }
      assertTrue(perKey.values().stream().allMatch(n -> n == 1), "no duplicates in " + child);
      assertEquals(IntStream.rangeClosed(1, history.size()).boxed().toList(),
          history.stream().map(m -> m.getInteger("seq")).toList(), "sequence numbers without gaps in " + child);
      stored += history.size();
    }
    assertEquals(total, stored, "every message exactly once after the resends");
  }
}

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

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void killingTheServerShouldLoseNoAcknowledgedMessageAndResendsShouldNotDuplicate(TestStack stack) throws Exception {
    Api api = new Api(stack);
    String child = api.registerChild("anna.bvc").getString("id");
    int total = 400;
    int port = freePort();
    Server server = startServer(stack, port);

    Set<String> acked = new LinkedHashSet<>();
    try (server; WsClient anna = WsClient.connect(server.baseUrl(), stack.token("anna.bvc"))) {
      for (int i = 0; i < total; i++) {
        anna.send(new JsonObject().put("type", "send").put("childId", child).put("clientId", "m-" + i).put("text", "Meddelande " + i));
      }
      // Let part of them be stored and acknowledged, then kill the server hard.
      while (acked.size() < 40) {
        acked.add(anna.await(f -> "ack".equals(f.getString("type")), "an ack").getString("clientId"));
      }
      server.process().destroyForcibly();
      assertTrue(server.process().waitFor(30, TimeUnit.SECONDS));
      // Acks that were already on the wire before the kill count too.
      try {
        while (true) {
          acked.add(anna.await(f -> "ack".equals(f.getString("type")), "late ack", Duration.ofMillis(300)).getString("clientId"));
        }
      } catch (AssertionError noMore) {
        // all received
      }
    }
    assertTrue(acked.size() < total, "the kill must interrupt the stream for the test to mean anything");

    Server restarted = startServer(stack, port);
    try (restarted; WsClient anna = WsClient.connect(restarted.baseUrl(), stack.token("anna.bvc"))) {
      // A client resends everything it has no ack for — and, being unsure, a few it has.
      List<String> resend = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        if (!acked.contains("m-" + i) || i % 50 == 0) {
          resend.add("m-" + i);
        }
      }
      for (String clientId : resend) {
        anna.send(new JsonObject().put("type", "send").put("childId", child).put("clientId", clientId)
            .put("text", "Meddelande " + clientId.substring(2)));
      }
      for (int i = 0; i < resend.size(); i++) {
        anna.await(f -> "ack".equals(f.getString("type")), "ack after restart", Duration.ofSeconds(30));
      }
    }

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
    Map<String, Integer> perClientId = new HashMap<>();
    history.forEach(m -> perClientId.merge(m.getString("clientId"), 1, Integer::sum));
    for (String clientId : acked) {
      assertEquals(1, perClientId.getOrDefault(clientId, 0), "acknowledged " + clientId + " must be stored exactly once");
    }
    assertEquals(total, history.size(), "every message exactly once after the resends");
    assertTrue(perClientId.values().stream().allMatch(n -> n == 1), "no duplicates");
    assertEquals(IntStream.rangeClosed(1, total).boxed().toList(), history.stream().map(m -> m.getInteger("seq")).toList(),
        "sequence numbers without gaps");
  }
}

package se.samverkan.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;
import se.samverkan.testing.WsClient;

/**
 * The server's log (everything it writes through JUL, at every level, the access log included)
 * while people use it with tokens and register a child by name: neither may show up in it.
 */
@ExtendWith(SamverkanExtension.class)
class LogsCarryNoSecretsTest {

  /** Collects every record, formatted as the console would print it (parameters and stack traces included). */
  private static final class Capture extends Handler {
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void publish(LogRecord record) {
      lines.add(record.getLoggerName() + " " + formatter.format(record));
    }

    synchronized String text() {
      return String.join("", lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  }

  @Test
  void logsShouldCarryNeitherBearerTokensNorChildNames(TestStack stack) throws Exception {
    String token = stack.token("anna.bvc");
    String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);
    String childName = "Loggprov " + UUID.randomUUID().toString().substring(0, 8) + " Barnsson";
    // The test configuration silences the access log and libraries; here every level is captured.
    Map<Logger, Level> levels = new LinkedHashMap<>();
    for (String name : List.of("", "se.samverkan", "se.samverkan.access", "io.vertx", "io.netty")) {
      Logger logger = Logger.getLogger(name);
      levels.put(logger, logger.getLevel());
      logger.setLevel(Level.ALL);
    }
    Capture capture = new Capture();
    capture.setLevel(Level.ALL);
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    try {
      assertEquals(200, stack.http().get("/api/me", token).status());
      Http.Response registered = stack.http().post("/api/children", token,
          new JsonObject().put("name", childName).put("birthDate", "2017-03-04"));
      assertEquals(201, registered.status(), registered.toString());
      String childId = registered.json().getString("id");
      assertEquals(200, stack.http().get("/api/children/" + childId, token).status());
      // Failures are where names and tokens tend to leak: a refused body, a forged token, a bad socket auth.
      Http.Response invalid = stack.http().post("/api/children", token,
          new JsonObject().put("name", childName).put("birthDate", "not a date"));
      assertEquals(400, invalid.status(), invalid.toString());
      assertEquals(401, stack.http().get("/api/me", forged).status());
      try (WsClient ws = WsClient.connect(stack)) {
        ws.send(new JsonObject().put("type", "auth").put("token", forged));
        ws.awaitClose(java.time.Duration.ofSeconds(10));
      }
      try (WsClient ws = WsClient.connect(stack)) {
        ws.send(new JsonObject().put("type", "auth").put("token", token));
        ws.await(f -> "authenticated".equals(f.getString("type")), "authenticated");
        ws.subscribe(childId, null);
      }
    } finally {
      root.removeHandler(capture);
      levels.forEach(Logger::setLevel);
    }

    String log = capture.text();
    assertTrue(log.contains("registerChild") && log.contains("getMe"), "the capture should hold the access log:\n" + log);
    String signature = token.substring(token.lastIndexOf('.') + 1);
    String payload = token.split("\\.")[1];
    assertFalse(log.contains(signature) || log.contains(payload), "a bearer token is in the log:\n" + log);
    assertFalse(log.contains(forged.substring(forged.lastIndexOf('.') + 1)), "the forged token is in the log:\n" + log);
    assertFalse(log.contains(childName) || log.contains("Barnsson"), "the child's name is in the log:\n" + log);
  }
}

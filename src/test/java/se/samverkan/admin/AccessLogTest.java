package se.samverkan.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.samverkan.testing.Api.assertProblem;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.Application;
import se.samverkan.config.AppConfig;
import se.samverkan.testing.Api;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/** Loggkontroll: every read of a child's data is logged; the security team reads the log, never the child. */
@ExtendWith(SamverkanExtension.class)
class AccessLogTest {

  @Test
  void readsAndRefusalsShouldBeLoggedAndQueryableByChildAndUser(TestStack stack) {
    Api api = new Api(stack);
    JsonObject created = api.registerChild("anna.bvc");
    String child = created.getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("polisen"), List.of());
    api.addMemberOk("anna.bvc", child, "maria.polis");
    assertEquals(200, api.get("maria.polis", "/api/children/" + child).status());
    assertEquals(404, api.get("olof.ljungby", "/api/children/" + child).status());

    JsonArray byChild = api.get("sec.admin", "/api/admin/access-log?child=" + child).json().getJsonArray("entries");
    assertTrue(byChild.stream().map(e -> (JsonObject) e).anyMatch(e -> e.getString("username").equals("maria.polis")
        && e.getString("action").equals("child.read") && e.getString("outcome").equals("GRANTED")
        && "polisen".equals(e.getString("organisation")) && "Individuellt barnteam".equals(e.getString("purpose"))), byChild.encode());
    assertTrue(byChild.stream().map(e -> (JsonObject) e).anyMatch(e -> e.getString("username").equals("olof.ljungby")
        && e.getString("outcome").equals("DENIED")), byChild.encode());
    assertFalse(byChild.encode().contains(created.getString("name")), "the access log must not show child content");

    JsonArray byUser = api.get("sec.admin", "/api/admin/access-log?user=maria.polis").json().getJsonArray("entries");
    assertTrue(byUser.stream().allMatch(e -> ((JsonObject) e).getString("username").equals("maria.polis")));
    assertTrue(byUser.size() >= 1);
  }

  @Test
  void guardianHammeringRandomChildIdsShouldGet429AndLeaveCountedRowsNotThousands(TestStack stack) throws Exception {
    // A second server on the same database whose request limit is small enough to reach quickly;
    // the suite's own server runs with the defaults.
    AppConfig real = stack.config();
    AppConfig config = new AppConfig(new AppConfig.Http("127.0.0.1", 0, stack.app().publicUrl()), real.database(),
        real.oidc(), real.masterKeyFile(), real.careModel(),
        new AppConfig.Limits(real.limits().messagesPerSecond(), real.limits().messageBurst(), 2, 40,
            real.limits().webSockets()), real.mail());
    String token = stack.token("karin.guardian");
    String since = java.time.Instant.now().toString();
    Vertx vertx = Vertx.vertx();
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    List<Http.Response> tooMany = new java.util.concurrent.CopyOnWriteArrayList<>();
    int attempts = 400;
    try {
      Application limited = Application.start(vertx, config).await(2, TimeUnit.MINUTES);
      Http http = new Http("http://localhost:" + limited.port());
      ExecutorService clients = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
          sent.add(clients.submit(() -> {
            Http.Response r = http.get("/api/family/children/" + UUID.randomUUID() + "/consents", token);
            statuses.merge(r.status(), 1, Integer::sum);
            if (r.status() == 429) {
              tooMany.add(r);
            }
          }));
        }
        for (Future<?> f : sent) {
          f.get(2, TimeUnit.MINUTES);
        }
      } finally {
        clients.shutdown();
        // Closing writes the counts still folded.
        limited.close().await(30, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    int refused = statuses.getOrDefault(404, 0);
    assertEquals(attempts, refused + statuses.getOrDefault(429, 0), statuses.toString());
    assertFalse(tooMany.isEmpty(), "no request was limited: " + statuses);
    Http.Response limitedAnswer = tooMany.get(0);
    assertEquals("application/problem+json", limitedAnswer.header("Content-Type"));
    assertEquals("https://samverkan.se/problems/too-many-requests", limitedAnswer.json().getString("type"));
    assertTrue(Integer.parseInt(limitedAnswer.header("Retry-After")) >= 1, limitedAnswer.toString());

    JsonArray entries = new Api(stack).get("sec.admin", "/api/admin/access-log?user=karin.guardian&from=" + since)
        .json().getJsonArray("entries");
    List<JsonObject> refusals = entries.stream().map(JsonObject.class::cast)
        .filter(e -> "family.consents".equals(e.getString("action")) && "DENIED".equals(e.getString("outcome")))
        .filter(e -> e.getValue("childId") == null)
        .toList();
    // The first refusal is a row at once, the rest fold into a few counted rows (one per 10 s window);
    // made-up child ids name no child, so they are all one kind of refusal.
    assertTrue(refusals.size() >= 2 && refusals.size() <= 6, refusals.size() + " rows: " + refusals);
    assertEquals(refused, refusals.stream().mapToInt(e -> e.getInteger("count")).sum(), refusals.toString());
    assertEquals(1, refusals.get(refusals.size() - 1).getInteger("count"), "the first refusal is written at once, alone");
  }

  @Test
  void theSecurityAdminShouldNotReadChildContent(TestStack stack) {
    Api api = new Api(stack);
    String child = api.registerChild("anna.bvc").getString("id");
    assertProblem(api.get("sec.admin", "/api/children/" + child), 403, "forbidden");
    assertProblem(api.get("sec.admin", "/api/children/" + child + "/sharing-log"), 403, "forbidden");
    assertProblem(api.get("sec.admin", "/api/children"), 403, "forbidden");
  }

  @Test
  void onlySecurityAdminsShouldQueryTheAccessLog(TestStack stack) {
    Api api = new Api(stack);
    for (String user : List.of("anna.bvc", "maria.polis", "karin.guardian")) {
      assertProblem(api.get(user, "/api/admin/access-log"), 403, "forbidden");
    }
  }
}

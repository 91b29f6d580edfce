package se.samverkan.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.Application;
import se.samverkan.config.AppConfig;
import se.samverkan.testing.Eventually;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

@ExtendWith(SamverkanExtension.class)
class ReadinessTest {

  @Test
  void manyReadinessCallsShouldAskTheDatabaseAndTheIssuerAtMostOncePerInterval(TestStack stack) throws Exception {
    // The issuer as this server reaches it is a stand-in that counts the key-set fetches it serves.
    Vertx vertx = Vertx.vertx();
    AtomicInteger keySetFetches = new AtomicInteger();
    HttpServer issuer = vertx.createHttpServer().requestHandler(request -> {
      if (request.path().endsWith("/protocol/openid-connect/certs")) {
        keySetFetches.incrementAndGet();
      }
      request.response().putHeader("Content-Type", "application/json").end("{\"keys\":[]}");
    }).listen(0, "127.0.0.1").await(30, TimeUnit.SECONDS);
    AppConfig real = stack.config();
    AppConfig.Oidc oidc = real.oidc();
    AppConfig config = new AppConfig(new AppConfig.Http("127.0.0.1", 0, stack.app().publicUrl()), real.database(),
        new AppConfig.Oidc(oidc.issuer(), URI.create("http://127.0.0.1:" + issuer.actualPort() + "/realms/" + oidc.realm()),
            oidc.audience(), oidc.clockSkew(), oidc.webClientId(), oidc.serverClientId(), oidc.serverClientSecret()),
        real.masterKeyFile(), real.careModel(), real.limits(), real.mail());
    try {
      Application app = Application.start(vertx, config).await(2, TimeUnit.MINUTES);
      try {
        Http http = new Http("http://localhost:" + app.port());
        int atStart = keySetFetches.get(); // each event loop's token validator loads the keys once
        long started = System.nanoTime();
        for (int i = 0; i < 60; i++) {
          Http.Response r = http.get("/ready");
          assertEquals(200, r.status(), r.toString());
        }
        long intervals = 1 + (System.nanoTime() - started) / Readiness.FRESH_FOR.toNanos();
        int fetched = keySetFetches.get() - atStart;
        assertTrue(fetched >= 1 && fetched <= intervals, fetched + " key-set fetches for 60 calls in " + intervals + " interval(s)");
        assertEquals(fetched, app.shared().readiness().checksRun(), "each check asks the database and the issuer once");

        // The answer is cached, not frozen: once the interval has passed, a call checks again.
        Eventually.await(Readiness.FRESH_FOR.multipliedBy(3), "a check after the interval", () -> {
          assertEquals(200, http.get("/ready").status());
          return keySetFetches.get() - atStart != fetched;
        });
        assertEquals(fetched + 1, keySetFetches.get() - atStart);
      } finally {
        app.close().await(30, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void readinessShouldBe503ProblemJsonWhenTheIssuerIsUnreachable(TestStack stack) throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    // A second server on the same database whose way to Keycloak leads nowhere.
    AppConfig real = stack.config();
    AppConfig.Oidc oidc = real.oidc();
    AppConfig config = new AppConfig(
        // The same public URL: should its mail job send a queued mail, the links still lead to the real server.
        new AppConfig.Http("127.0.0.1", 0, stack.app().publicUrl()),
        real.database(),
        new AppConfig.Oidc(oidc.issuer(), URI.create("http://127.0.0.1:" + closedPort + "/realms/" + oidc.realm()),
            oidc.audience(), oidc.clockSkew(), oidc.webClientId(), oidc.serverClientId(), oidc.serverClientSecret()),
        real.masterKeyFile(), real.careModel(), real.limits(), real.mail());
    Vertx vertx = Vertx.vertx();
    try {
      Application cutOff = Application.start(vertx, config).await(2, TimeUnit.MINUTES);
      try {
        Http.Response r = new Http("http://localhost:" + cutOff.port()).get("/ready");
        assertEquals(503, r.status(), r.toString());
        assertEquals("application/problem+json", r.header("Content-Type"));
        JsonObject problem = r.json();
        assertEquals("https://samverkan.se/problems/service-unavailable", problem.getString("type"));
        assertEquals(503, problem.getInteger("status"));
        assertEquals(new JsonObject().put("database", "UP").put("issuer", "DOWN"), problem.getJsonObject("checks"));
      } finally {
        cutOff.close().await(30, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}

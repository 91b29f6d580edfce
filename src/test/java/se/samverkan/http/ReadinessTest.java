package se.samverkan.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.Application;
import se.samverkan.config.AppConfig;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

@ExtendWith(SamverkanExtension.class)
class ReadinessTest {

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

package se.samverkan.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

@ExtendWith(SamverkanExtension.class)
class HttpBasicsTest {

  @Test
  void healthShouldAnswerWithoutAToken(TestStack stack) {
    Http.Response r = stack.http().get("/health");
    assertEquals(200, r.status());
    assertEquals("UP", r.json().getString("status"));
  }

  @Test
  void healthShouldTellStrangersNothingButUpAndTheVersion(TestStack stack) {
    JsonObject health = stack.http().get("/health").json();
    assertEquals(Set.of("status", "version"), health.fieldNames(), "no heap or connection figures: " + health);
    assertEquals(se.samverkan.BuildInfo.properties().getProperty("version"), health.getString("version"));
  }

  // The test client asks for an h2c upgrade on every request; the server must decline it, or the
  // header limit does not apply and the connection ends without an answer.
  @Test
  void oversizedRequestHeaderShouldBeRefusedWith431ProblemJson(TestStack stack) {
    Http.Response r = stack.http().send("GET", "/api/me",
        Map.of("Authorization", "Bearer " + stack.token("anna.bvc"), "X-Padding", "a".repeat(20 * 1024)), null);
    assertEquals(431, r.status(), r.toString());
    assertEquals("application/problem+json", r.header("Content-Type"));
    assertEquals("https://samverkan.se/problems/request-header-fields-too-large", r.json().getString("type"));
    assertEquals("nosniff", r.header("X-Content-Type-Options"));
  }

  @Test
  void overlongRequestLineShouldBeRefusedWith414ProblemJson(TestStack stack) {
    Http.Response r = stack.http().get("/api/children?x=" + "a".repeat(10 * 1024), stack.token("anna.bvc"));
    assertEquals(414, r.status(), r.toString());
    assertEquals("application/problem+json", r.header("Content-Type"));
    assertEquals("https://samverkan.se/problems/uri-too-long", r.json().getString("type"));
  }

  @Test
  void knownApiPathWithTheWrongMethodShouldBe405WithAllow(TestStack stack) {
    Http.Response r = stack.http().delete("/api/me", stack.token("anna.bvc"));
    assertEquals(405, r.status(), r.toString());
    assertEquals("application/problem+json", r.header("Content-Type"));
    assertEquals("https://samverkan.se/problems/method-not-allowed", r.json().getString("type"));
    assertEquals("GET", r.header("Allow"));

    Http.Response children = stack.http().send("PUT", "/api/children/" + java.util.UUID.randomUUID(),
        Map.of("Authorization", "Bearer " + stack.token("anna.bvc"), "Content-Type", "application/json"), "{}");
    assertEquals(405, children.status(), children.toString());
    assertEquals(Set.of("GET", "PATCH"), Set.of(children.header("Allow").split(", ")));
  }

  @Test
  void wrongMethodShouldStillNeedATokenAndUnknownPathsStay404(TestStack stack) {
    assertEquals(401, stack.http().delete("/api/me", null).status(), "strangers learn nothing about paths");
    Http.Response unknown = stack.http().delete("/api/no-such-thing", stack.token("anna.bvc"));
    assertEquals(404, unknown.status(), unknown.toString());
    Http.Response health = stack.http().send("POST", "/health", Map.of(), "");
    assertEquals(405, health.status(), health.toString());
    assertEquals("GET", health.header("Allow"));
  }

  @Test
  void readinessShouldCheckTheDatabaseAndTheIssuer(TestStack stack) {
    Http.Response r = stack.http().get("/ready");
    assertEquals(200, r.status(), r.toString());
    assertEquals(new JsonObject().put("status", "UP")
        .put("checks", new JsonObject().put("database", "UP").put("issuer", "UP")), r.json());
  }

  @Test
  void everyResponseShouldCarryTheSecurityHeaders(TestStack stack) {
    for (Http.Response r : new Http.Response[] {
        stack.http().get("/"), stack.http().get("/health"), stack.http().get("/api/me"),
        stack.http().get("/api/me", stack.token("anna.bvc"))}) {
      String csp = r.header("Content-Security-Policy");
      assertNotNull(csp, "CSP on " + r);
      assertTrue(csp.contains("default-src 'self'"), csp);
      assertTrue(csp.contains("script-src 'self'"), csp);
      assertTrue(csp.contains("frame-ancestors 'none'"), csp);
      assertTrue(csp.contains("connect-src 'self' " + stack.keycloakUrl()), csp);
      assertEquals("nosniff", r.header("X-Content-Type-Options"));
      assertEquals("no-referrer", r.header("Referrer-Policy"));
      assertEquals("DENY", r.header("X-Frame-Options"));
    }
    assertEquals("no-store", stack.http().get("/api/me", stack.token("anna.bvc")).header("Cache-Control"));
  }

  @Test
  void unknownApiPathShouldNotRevealItselfToStrangers(TestStack stack) {
    Http.Response anonymous = stack.http().get("/api/no-such-thing");
    assertEquals(401, anonymous.status());
    Http.Response signedIn = stack.http().get("/api/no-such-thing", stack.token("anna.bvc"));
    assertEquals(404, signedIn.status());
    assertEquals("application/problem+json", signedIn.header("Content-Type"));
    assertEquals("https://samverkan.se/problems/not-found", signedIn.json().getString("type"));
  }

  @Test
  void oversizedBodyShouldBeRefusedWith413ProblemJson(TestStack stack) {
    String big = "{\"x\":\"" + "a".repeat(400 * 1024) + "\"}";
    Http.Response r = stack.http().send("POST", "/api/me",
        Map.of("Content-Type", "application/json", "Authorization", "Bearer " + stack.token("anna.bvc")), big);
    assertEquals(413, r.status(), r.toString());
    assertEquals("application/problem+json", r.header("Content-Type"));
    assertEquals("https://samverkan.se/problems/payload-too-large", r.json().getString("type"));
  }

  @Test
  void clientConfigShouldTellTheBrowserWhereToLogIn(TestStack stack) {
    Http.Response r = stack.http().get("/config.json");
    assertEquals(200, r.status());
    assertEquals(new JsonObject().put("keycloakUrl", stack.keycloakUrl()).put("realm", "samverkan")
        .put("clientId", "samverkan-web"), r.json());
  }

  @Test
  void webClientShouldBeServedAtTheRoot(TestStack stack) {
    Http.Response r = stack.http().get("/");
    assertEquals(200, r.status(), "web client not built? " + r);
    assertTrue(r.header("Content-Type").startsWith("text/html"), r.header("Content-Type"));
    assertTrue(r.body().contains("<html lang=\"sv\""), r.body());
    assertTrue(!r.body().contains("<script>") && !r.body().contains("style=\""), "no inline script or style");
  }

  @Test
  void webClientShouldNotWeakenTheServersReferrerPolicy(TestStack stack) {
    Http.Response r = stack.http().get("/");
    assertEquals(200, r.status(), r.toString());
    assertEquals("no-referrer", r.header("Referrer-Policy"));
    // A <meta name="referrer"> in the page would override the header for everything the page loads.
    assertTrue(!r.body().contains("name=\"referrer\""), r.body());
  }

  @Test
  void unknownStaticPathShouldBeProblemJson404(TestStack stack) {
    Http.Response r = stack.http().get("/no/such/file.txt");
    assertEquals(404, r.status());
    assertEquals("application/problem+json", r.header("Content-Type"));
  }

  @Test
  void errorsShouldNeverCarryStackTraces(TestStack stack) {
    Http.Response r = stack.http().send("POST", "/api/me",
        Map.of("Content-Type", "application/json", "Authorization", "Bearer " + stack.token("anna.bvc")), "{not json");
    assertTrue(r.status() >= 400, r.toString());
    assertTrue(!r.body().contains("Exception") && !r.body().contains("\tat "), r.body());
  }
}

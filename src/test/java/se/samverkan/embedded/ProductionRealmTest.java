package se.samverkan.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code keycloak-realm/samverkan-realm.json} is what production imports: it must hold no dev
 * values. Where the web client lives is added per installation ({@code allowWebClientAt}, run by
 * {@code dev}, the tests and {@code setup-keycloak}); BrowserLoginTest shows that suffices.
 */
class ProductionRealmTest {

  private static JsonObject realm() throws Exception {
    return new JsonObject(Files.readString(Path.of("keycloak-realm/samverkan-realm.json"), StandardCharsets.UTF_8));
  }

  private static JsonObject client(JsonObject realm, String clientId) {
    return realm.getJsonArray("clients").stream().map(JsonObject.class::cast)
        .filter(c -> clientId.equals(c.getString("clientId")))
        .findFirst().orElseThrow(() -> new AssertionError("no client " + clientId));
  }

  @Test
  void productionRealmShouldNameNoDevelopmentUrls() throws Exception {
    String text = realm().encode();
    assertFalse(text.contains("localhost") || text.contains("127.0.0.1"),
        "the production realm names a development host: " + text);
  }

  @Test
  void webClientShouldRedirectNowhereUntilAnInstallationAllowsItsUrl() throws Exception {
    JsonObject web = client(realm(), "samverkan-web");
    assertEquals(new JsonArray(), web.getJsonArray("redirectUris", new JsonArray()));
    assertEquals("", web.getJsonObject("attributes").getString("post.logout.redirect.uris", ""));
    // "+" = the origins of the redirect URIs, i.e. exactly what allowWebClientAt adds.
    assertEquals(new JsonArray().add("+"), web.getJsonArray("webOrigins"));
    assertTrue(web.getBoolean("publicClient"));
    assertEquals("S256", web.getJsonObject("attributes").getString("pkce.code.challenge.method"));
  }
}

package se.samverkan.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Eventually;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestJwts;
import se.samverkan.testing.TestStack;

/**
 * Every /api route needs a bearer token the server validates itself. Real Keycloak tokens for the
 * good path; for the bad paths, tokens that differ from a valid one in exactly one respect, signed
 * by a key the realm publishes (so only the claim under test can be the reason for refusal).
 */
@ExtendWith(SamverkanExtension.class)
class AuthenticationTest {

  private static TestJwts trusted;
  private static String issuer;

  @BeforeAll
  static void publishATestKeyInTheRealm(TestStack stack) throws Exception {
    issuer = stack.issuer();
    trusted = TestJwts.registeredInRealm(stack, "authentication-test-key-" + System.nanoTime());
    // The server learns the new key when it first sees its kid (key rotation). Every HTTP verticle
    // has its own key cache with a refresh throttle, so poll until all of them accept it.
    String token = trusted.sign(TestJwts.annaClaims(issuer));
    Eventually.await(java.time.Duration.ofSeconds(30), () -> {
      for (int inARow = 0; inARow < 8; inARow++) {
        Http.Response r = stack.http().get("/api/me", token);
        assertEquals(200, r.status(), "a token signed with a newly published realm key was never accepted: " + r);
      }
    });
  }

  private static void assertUnauthorized(Http.Response r) {
    assertEquals(401, r.status(), r.toString());
    assertEquals("application/problem+json", r.header("Content-Type"));
    JsonObject problem = r.json();
    assertEquals("https://samverkan.se/problems/unauthorized", problem.getString("type"));
    assertEquals(401, problem.getInteger("status"));
    assertTrue(r.header("WWW-Authenticate").startsWith("Bearer"), r.header("WWW-Authenticate"));
  }

  @Test
  void realKeycloakTokenShouldBeAccepted(TestStack stack) {
    Http.Response r = stack.http().get("/api/me", stack.token("anna.bvc"));
    assertEquals(200, r.status(), r.toString());
    assertEquals("region-kronoberg", r.json().getJsonObject("organisation").getString("alias"));
  }

  @Test
  void tokenSignedWithANewlyPublishedRealmKeyShouldBeAccepted(TestStack stack) {
    Http.Response r = stack.http().get("/api/me", trusted.sign(TestJwts.annaClaims(issuer)));
    assertEquals(200, r.status(), r.toString());
    assertEquals("anna.bvc", r.json().getString("username"));
  }

  @Test
  void requestWithoutTokenShouldBeRefused(TestStack stack) {
    Http.Response r = stack.http().get("/api/me");
    assertUnauthorized(r);
    assertEquals("Bearer realm=\"samverkan\"", r.header("WWW-Authenticate"));
  }

  @Test
  void garbageShouldBeRefused(TestStack stack) {
    for (String garbage : new String[] {"garbage", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.e30.", "....", "x".repeat(5_000)}) {
      Http.Response r = stack.http().get("/api/me", garbage);
      assertUnauthorized(r);
      assertTrue(r.header("WWW-Authenticate").contains("invalid_token"), r.header("WWW-Authenticate"));
    }
  }

  @Test
  void otherAuthorizationSchemesShouldBeRefused(TestStack stack) {
    Http.Response r = stack.http().send("GET", "/api/me",
        Map.of("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("anna.bvc:samverkan".getBytes(StandardCharsets.UTF_8))),
        null);
    assertUnauthorized(r);
  }

  @Test
  void tokenInTheQueryStringShouldBeIgnored(TestStack stack) {
    assertUnauthorized(stack.http().get("/api/me?access_token=" + stack.token("anna.bvc")));
  }

  @Test
  void unsignedTokenWithAlgNoneShouldBeRefused(TestStack stack) {
    assertUnauthorized(stack.http().get("/api/me", TestJwts.unsigned(TestJwts.annaClaims(issuer))));
  }

  @Test
  void hmacTokenKeyedWithThePublicKeyShouldBeRefused(TestStack stack) {
    String realKid = TestJwts.header(stack.token("anna.bvc")).getString("kid");
    String forged = TestJwts.hmac(TestJwts.annaClaims(issuer), realKid, realKid.getBytes(StandardCharsets.UTF_8));
    assertUnauthorized(stack.http().get("/api/me", forged));
  }

  @Test
  void tokenSignedByAForeignKeyUnderTheRealmsKidShouldBeRefused(TestStack stack) {
    String realKid = TestJwts.header(stack.token("anna.bvc")).getString("kid");
    String forged = TestJwts.unregistered(realKid).sign(TestJwts.annaClaims(issuer));
    assertUnauthorized(stack.http().get("/api/me", forged));
  }

  @Test
  void tokenSignedByAForeignKeyUnderAnUnknownKidShouldBeRefused(TestStack stack) {
    String forged = TestJwts.unregistered("attacker-" + System.nanoTime()).sign(TestJwts.annaClaims(issuer));
    assertUnauthorized(stack.http().get("/api/me", forged));
  }

  @Test
  void tokenWithAnEmbeddedKeyShouldBeRefused(TestStack stack) {
    JsonObject header = new JsonObject().put("alg", "RS256").put("kid", trusted.kid())
        .put("jwk", new JsonObject().put("kty", "RSA"));
    assertUnauthorized(stack.http().get("/api/me", trusted.sign(header, TestJwts.annaClaims(issuer))));
  }

  @Test
  void expiredTokenShouldBeRefused(TestStack stack) {
    long now = Instant.now().getEpochSecond();
    JsonObject claims = TestJwts.annaClaims(issuer).put("iat", now - 900).put("exp", now - 120);
    assertUnauthorized(stack.http().get("/api/me", trusted.sign(claims)));
  }

  @Test
  void tokenExpiredWithinTheClockSkewShouldStillBeAccepted(TestStack stack) {
    long now = Instant.now().getEpochSecond();
    JsonObject claims = TestJwts.annaClaims(issuer).put("iat", now - 300).put("exp", now - 5);
    assertEquals(200, stack.http().get("/api/me", trusted.sign(claims)).status());
  }

  @Test
  void tokenWithoutExpiryShouldBeRefused(TestStack stack) {
    JsonObject claims = TestJwts.annaClaims(issuer);
    claims.remove("exp");
    assertUnauthorized(stack.http().get("/api/me", trusted.sign(claims)));
  }

  @Test
  void tokenNotYetValidShouldBeRefused(TestStack stack) {
    long now = Instant.now().getEpochSecond();
    JsonObject claims = TestJwts.annaClaims(issuer).put("nbf", now + 600).put("exp", now + 900);
    assertUnauthorized(stack.http().get("/api/me", trusted.sign(claims)));
  }

  @Test
  void tokenFromAnotherIssuerShouldBeRefused(TestStack stack) {
    String other = issuer.replace("localhost", "127.0.0.1");
    assertUnauthorized(stack.http().get("/api/me", trusted.sign(TestJwts.annaClaims(other))));
    assertUnauthorized(stack.http().get("/api/me", trusted.sign(TestJwts.annaClaims(issuer.replace("/samverkan", "/master")))));
  }

  @Test
  void tokenForAnotherAudienceShouldBeRefused(TestStack stack) {
    assertUnauthorized(stack.http().get("/api/me",
        trusted.sign(TestJwts.annaClaims(issuer).put("aud", new JsonArray().add("account")))));
    JsonObject noAudience = TestJwts.annaClaims(issuer);
    noAudience.remove("aud");
    assertUnauthorized(stack.http().get("/api/me", trusted.sign(noAudience)));
  }

  @Test
  void realTokenOfAnotherKeycloakClientShouldBeRefusedForItsAudience(TestStack stack) {
    // admin-cli exists in every realm and allows the password grant; its tokens are not for us.
    JsonObject response = stack.passwordGrant(issuer, "admin-cli", "anna.bvc", TestStack.PASSWORD);
    String token = response.getString("access_token");
    Object aud = TestJwts.claims(token).getValue("aud");
    assertFalse(String.valueOf(aud).contains("samverkan-api"), "precondition: admin-cli token has aud " + aud);
    assertUnauthorized(stack.http().get("/api/me", token));
  }

  @Test
  void realTokenOfAnotherRealmClientWithOurAudienceShouldBeRefused(TestStack stack) throws Exception {
    // A leftover password-grant client that someone gave our audience mapper: its logins skip the
    // browser flow (federation, MFA), so its tokens must not open the API although aud matches.
    String clientId = "samverkan-leftover-script";
    stack.addPasswordGrantClient(clientId);
    String token = stack.passwordGrant(issuer, clientId, "anna.bvc", TestStack.PASSWORD).getString("access_token");
    JsonObject claims = TestJwts.claims(token);
    assertTrue(String.valueOf(claims.getValue("aud")).contains("samverkan-api"), "precondition: aud " + claims.getValue("aud"));
    assertEquals(clientId, claims.getString("azp"));
    assertUnauthorized(stack.http().get("/api/me", token));
    // The clients of the dev and test stacks still are ours.
    assertEquals(200, stack.http().get("/api/me", stack.token("anna.bvc")).status());
  }

  @Test
  void tokenNamingNoAllowedClientShouldBeRefused(TestStack stack) {
    assertUnauthorized(stack.http().get("/api/me", trusted.sign(TestJwts.annaClaims(issuer).put("azp", "account"))));
    JsonObject noClient = TestJwts.annaClaims(issuer);
    noClient.remove("azp");
    assertUnauthorized(stack.http().get("/api/me", trusted.sign(noClient)));
    assertEquals(200, stack.http().get("/api/me",
        trusted.sign(TestJwts.annaClaims(issuer).put("azp", "samverkan-web"))).status());
  }

  @Test
  void idTokenShouldNotOpenTheApi(TestStack stack) {
    String idToken = stack.passwordGrant(issuer, TestStack.DEV_CLI, "anna.bvc", TestStack.PASSWORD).getString("id_token");
    assertUnauthorized(stack.http().get("/api/me", idToken));
    // Even an ID token that names our audience is not an access token.
    assertUnauthorized(stack.http().get("/api/me", trusted.sign(TestJwts.annaClaims(issuer).put("typ", "ID"))));
  }
}

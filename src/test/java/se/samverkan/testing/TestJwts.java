package se.samverkan.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Crafts JWTs for authentication tests. A key registered in the realm (so Keycloak publishes it in
 * its JWKS) lets a test sign tokens the server must trust by signature, and then vary exactly one
 * claim at a time; an unregistered key plays the attacker.
 */
public final class TestJwts {

  private final KeyPair keyPair;
  private final String kid;

  private TestJwts(KeyPair keyPair, String kid) {
    this.keyPair = keyPair;
    this.kid = kid;
  }

  public static KeyPair newRsaKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An attacker's key: not in the realm. */
  public static TestJwts unregistered(String kid) {
    return new TestJwts(newRsaKey(), kid);
  }

  /**
   * Adds a passive-priority RSA key to the realm through the admin API (Keycloak keeps signing with
   * its own key but publishes this one) and returns a signer with Keycloak's kid for it.
   */
  public static TestJwts registeredInRealm(TestStack stack, String name) throws Exception {
    KeyPair pair = newRsaKey();
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    String realmId = new JsonObject(body(stack.realmAdmin().send("GET", "", null))).getString("id");
    JsonObject component = new JsonObject()
        .put("name", name)
        .put("providerId", "rsa")
        .put("providerType", "org.keycloak.keys.KeyProvider")
        .put("parentId", realmId)
        .put("config", new JsonObject()
            .put("priority", new JsonArray().add("1"))
            .put("enabled", new JsonArray().add("true"))
            .put("active", new JsonArray().add("true"))
            .put("algorithm", new JsonArray().add("RS256"))
            .put("privateKey", new JsonArray().add(pem)));
    HttpResponse<String> created = stack.realmAdmin().send("POST", "/components", component.encode());
    if (created.statusCode() != 201) {
      throw new IllegalStateException("could not add a key to the realm: " + created.statusCode() + " " + created.body());
    }
    String location = created.headers().firstValue("Location").orElseThrow();
    String componentId = location.substring(location.lastIndexOf('/') + 1);
    JsonObject keys = new JsonObject(body(stack.realmAdmin().send("GET", "/keys", null)));
    for (Object k : keys.getJsonArray("keys")) {
      JsonObject key = (JsonObject) k;
      if (componentId.equals(key.getString("providerId"))) {
        return new TestJwts(pair, key.getString("kid"));
      }
    }
    throw new IllegalStateException("Keycloak lists no key for component " + componentId + ": " + keys);
  }

  private static String body(HttpResponse<String> r) {
    if (r.statusCode() != 200) {
      throw new IllegalStateException("admin API answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  public String kid() {
    return kid;
  }

  /** Claims of a valid Samverkan access token for anna.bvc, as Keycloak would issue them. */
  public static JsonObject annaClaims(String issuer) {
    long now = Instant.now().getEpochSecond();
    return new JsonObject()
        .put("iss", issuer)
        .put("aud", new JsonArray().add("samverkan-api"))
        .put("sub", "0b1a6c2e-1d8e-4a40-9a51-5c0f0a000001")
        .put("typ", "Bearer")
        .put("azp", "samverkan-dev-cli")
        .put("jti", UUID.randomUUID().toString())
        .put("iat", now)
        .put("exp", now + 300)
        .put("preferred_username", "anna.bvc")
        .put("name", "Anna Bergström")
        .put("email", "anna.bvc@regionkronoberg.se")
        .put("organization", new JsonArray().add("region-kronoberg"))
        .put("realm_access", new JsonObject().put("roles", new JsonArray().add("professional").add("child-contact")));
  }

  public String sign(JsonObject claims) {
    return sign(new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", kid), claims);
  }

  public String sign(JsonObject header, JsonObject claims) {
    String signingInput = segment(header) + "." + segment(claims);
    return signingInput + "." + base64url(rsaSign(keyPair.getPrivate(), signingInput));
  }

  /** alg=none: header and claims, empty signature. */
  public static String unsigned(JsonObject claims) {
    return segment(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + segment(claims) + ".";
  }

  /** The classic algorithm-confusion attack: HS256 keyed with bytes the attacker can know. */
  public static String hmac(JsonObject claims, String kid, byte[] key) {
    String input = segment(new JsonObject().put("alg", "HS256").put("typ", "JWT").put("kid", kid)) + "." + segment(claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return input + "." + base64url(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String segment(JsonObject json) {
    return base64url(json.encode().getBytes(StandardCharsets.UTF_8));
  }

  public static String base64url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The decoded header of a token. */
  public static JsonObject header(String jwt) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8));
  }

  /** The decoded claims of a token. */
  public static JsonObject claims(String jwt) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  private static byte[] rsaSign(PrivateKey key, String input) {
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

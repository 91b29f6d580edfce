package se.samverkan.identity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.NoSuchKeyIdException;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.config.AppConfig;

/**
 * Validates Keycloak access tokens locally: signature against the realm's JWKS, issuer, audience,
 * authorized party ({@code azp}, the client that logged the user in), expiry with a small clock skew,
 * asymmetric algorithms only.
 *
 * <p>vertx-auth-oauth2 checks the signature, but on its own it would fall back to introspection or
 * userinfo when local validation fails (accepting tokens meant for other audiences), accept tokens
 * without {@code aud} or {@code exp}, and treat a key set that failed to load as "no checks". So the
 * provider is built without introspection/userinfo endpoints and without a client secret, and every
 * token is checked here before and after it: header shape and algorithm first, claims last.
 */
public final class TokenValidator {

  private static final Logger LOG = LoggerFactory.getLogger(TokenValidator.class);

  static final Set<String> ASYMMETRIC_ALGORITHMS =
      Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");
  private static final int MAX_TOKEN_LENGTH = 8 * 1024;
  /** An unknown kid triggers at most one JWKS fetch per interval, so garbage tokens cannot hammer Keycloak. */
  private static final Duration MIN_KEY_REFRESH_INTERVAL = Duration.ofSeconds(10);
  private static final Duration KEY_SET_MAX_AGE = Duration.ofMinutes(10);

  private final Vertx vertx;
  private final WebClient client;
  private final AppConfig.Oidc oidc;
  private final String jwksUrl;
  private final Clock clock;

  /** Rebuilt from a fresh key set on every refresh; null until the first key set arrived. */
  private volatile OAuth2Auth provider;
  private Future<Void> refreshInFlight;
  private Instant lastRefresh = Instant.EPOCH;
  private long periodicRefresh = -1;
  /** Per-user not-before set by the security team's logout; null: none checked (tests of the validator alone). */
  private volatile NotBefore notBefore;

  private TokenValidator(Vertx vertx, AppConfig.Oidc oidc, Clock clock) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000));
    this.oidc = oidc;
    this.jwksUrl = oidc.internalRealmBase() + "/protocol/openid-connect/certs";
    this.clock = clock;
  }

  public static TokenValidator create(Vertx vertx, AppConfig.Oidc oidc) {
    return new TokenValidator(vertx, oidc, Clock.systemUTC());
  }

  /**
   * Loads the key set and refreshes it every ten minutes. The server starts even if Keycloak is
   * down (readiness reports it); tokens are refused until keys arrive.
   */
  public Future<Void> loadKeys() {
    if (periodicRefresh < 0) {
      periodicRefresh = vertx.setPeriodic(KEY_SET_MAX_AGE.toMillis(), id -> refreshKeys(true));
    }
    return refreshKeys(true);
  }

  /** From now on, tokens issued before their user's not-before are refused. */
  public TokenValidator checking(NotBefore notBefore) {
    this.notBefore = notBefore;
    return this;
  }

  public boolean keysLoaded() {
    return provider != null;
  }

  public void close() {
    if (periodicRefresh >= 0) {
      vertx.cancelTimer(periodicRefresh);
    }
    client.close();
  }

  public Future<Principal> validate(String token) {
    try {
      checkShape(token);
    } catch (InvalidTokenException e) {
      return Future.failedFuture(e);
    }
    Future<Void> keys = provider != null ? Future.succeededFuture() : refreshKeys(false);
    return keys
        .recover(err -> Future.failedFuture(new InvalidTokenException("signing keys unavailable")))
        .compose(v -> provider.authenticate(new TokenCredentials(token)))
        .recover(err -> {
          if (err instanceof NoSuchKeyIdException) {
            // A kid we have not seen: Keycloak may have rotated its keys. Refetch once, then retry.
            return refreshKeys(false)
                .recover(e -> Future.failedFuture(new InvalidTokenException("unknown signing key")))
                .compose(v -> provider.authenticate(new TokenCredentials(token)));
          }
          return Future.failedFuture(err);
        })
        .recover(err -> Future.failedFuture(err instanceof InvalidTokenException
            ? err : new InvalidTokenException("signature or claims rejected")))
        .compose(this::checkClaims);
  }

  private synchronized Future<Void> refreshKeys(boolean force) {
    if (refreshInFlight != null) {
      return refreshInFlight;
    }
    Instant now = clock.instant();
    if (!force && provider != null && now.isBefore(lastRefresh.plus(MIN_KEY_REFRESH_INTERVAL))) {
      return Future.succeededFuture();
    }
    lastRefresh = now;
    Future<Void> refresh = client.getAbs(jwksUrl)
        .putHeader("Accept", "application/jwk-set+json, application/json")
        .timeout(10_000)
        .send()
        .compose(response -> {
          if (response.statusCode() != 200) {
            return Future.failedFuture("JWKS answered " + response.statusCode());
          }
          List<JsonObject> keys = signingKeys(response.bodyAsJsonObject());
          if (keys.isEmpty()) {
            // An empty key set would put the JWT library into "unsecured" mode: never build one.
            return Future.failedFuture("JWKS has no usable signing keys");
          }
          provider = OAuth2Auth.create(vertx, options(keys));
          return Future.<Void>succeededFuture();
        });
    refreshInFlight = refresh;
    refresh.onComplete(ar -> {
      synchronized (this) {
        refreshInFlight = null;
      }
      if (ar.failed()) {
        LOG.warn("Could not load the signing keys of {}: {}", oidc.issuer(), ar.cause().getMessage());
      }
    });
    return refresh;
  }

  /** Only public signature keys with an allowed algorithm; Keycloak also publishes encryption keys. */
  static List<JsonObject> signingKeys(JsonObject jwks) {
    List<JsonObject> out = new ArrayList<>();
    JsonArray keys = jwks == null ? null : jwks.getJsonArray("keys");
    if (keys == null) {
      return out;
    }
    for (Object o : keys) {
      if (o instanceof JsonObject key
          && (key.getString("use") == null || "sig".equals(key.getString("use")))
          && ASYMMETRIC_ALGORITHMS.contains(key.getString("alg"))
          && key.getString("kid") != null
          && !"oct".equals(key.getString("kty"))) {
        out.add(key);
      }
    }
    return out;
  }

  private OAuth2Options options(List<JsonObject> keys) {
    // Deliberately no introspection path, userinfo path or client secret: see the class comment.
    return new OAuth2Options()
        .setClientId(oidc.audience())
        .setSite(oidc.internalRealmBase())
        .setJwks(keys)
        .setJWTOptions(new JWTOptions()
            .setIssuer(oidc.issuer().toString())
            .setAudience(List.of(oidc.audience()))
            .setLeeway((int) oidc.clockSkew().toSeconds()));
  }

  private static JsonObject checkShape(String token) throws InvalidTokenException {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      throw new InvalidTokenException("missing or oversized token");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[2].isEmpty()) {
      throw new InvalidTokenException("not a signed JWT");
    }
    JsonObject header = decodeSegment(parts[0]);
    String alg = header.getValue("alg") instanceof String s ? s : null;
    if (alg == null || !ASYMMETRIC_ALGORITHMS.contains(alg)) {
      throw new InvalidTokenException("algorithm not allowed");
    }
    if (!(header.getValue("kid") instanceof String)) {
      throw new InvalidTokenException("no key id");
    }
    if (header.containsKey("crit") || header.containsKey("jku") || header.containsKey("x5u")
        || header.containsKey("jwk") || header.containsKey("x5c")) {
      // Keys must come from the issuer's JWKS, never from the token itself.
      throw new InvalidTokenException("embedded key references are not accepted");
    }
    decodeSegment(parts[1]);
    return header;
  }

  private static JsonObject decodeSegment(String segment) throws InvalidTokenException {
    try {
      return new JsonObject(Buffer.buffer(Base64.getUrlDecoder().decode(segment)));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      throw new InvalidTokenException("malformed token");
    }
  }

  private Future<Principal> checkClaims(User user) {
    JsonObject claims = user.attributes().getJsonObject("accessToken");
    if (claims == null) {
      return Future.failedFuture(new InvalidTokenException("not validated locally"));
    }
    try {
      return Future.succeededFuture(toPrincipal(claims));
    } catch (InvalidTokenException e) {
      return Future.failedFuture(e);
    }
  }

  Principal toPrincipal(JsonObject claims) throws InvalidTokenException {
    if (!oidc.issuer().toString().equals(claims.getValue("iss"))) {
      throw new InvalidTokenException("wrong issuer");
    }
    if (!audiences(claims).contains(oidc.audience())) {
      throw new InvalidTokenException("wrong audience");
    }
    if (!(claims.getValue("azp") instanceof String azp) || !oidc.authorizedParties().contains(azp)) {
      // Any realm client can carry our audience mapper; only our own clients' logins count.
      throw new InvalidTokenException("client not allowed");
    }
    if (!"Bearer".equals(claims.getValue("typ"))) {
      // Keycloak marks access tokens typ=Bearer; ID and refresh tokens must not open the API.
      throw new InvalidTokenException("not an access token");
    }
    long skew = oidc.clockSkew().toSeconds();
    long now = clock.instant().getEpochSecond();
    Long exp = number(claims, "exp");
    if (exp == null || now > exp + skew) {
      throw new InvalidTokenException("expired");
    }
    Long nbf = number(claims, "nbf");
    if (nbf != null && nbf > now + skew) {
      throw new InvalidTokenException("not yet valid");
    }
    Long iat = number(claims, "iat");
    if (iat != null && iat > now + skew) {
      throw new InvalidTokenException("issued in the future");
    }
    String subject = claims.getValue("sub") instanceof String s ? s : null;
    String username = claims.getValue("preferred_username") instanceof String s ? s : null;
    if (subject == null || username == null) {
      throw new InvalidTokenException("no subject");
    }
    NotBefore signedOut = notBefore;
    if (signedOut != null && signedOut.refuses(subject, iat)) {
      throw new InvalidTokenException("issued before the user was signed out");
    }
    return new Principal(subject, username,
        claims.getValue("name") instanceof String s ? s : username,
        claims.getValue("email") instanceof String s ? s : null,
        organisations(claims.getValue("organization")),
        roles(claims.getJsonObject("realm_access")),
        Instant.ofEpochSecond(exp));
  }

  private static List<String> audiences(JsonObject claims) {
    Object aud = claims.getValue("aud");
    if (aud instanceof String s) {
      return List.of(s);
    }
    if (aud instanceof JsonArray a) {
      List<String> out = new ArrayList<>();
      a.forEach(x -> {
        if (x instanceof String s) {
          out.add(s);
        }
      });
      return out;
    }
    return List.of();
  }

  private static Long number(JsonObject claims, String name) throws InvalidTokenException {
    Object v = claims.getValue(name);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    throw new InvalidTokenException("malformed " + name);
  }

  /** Keycloak sends a list of aliases by default, or an object keyed by alias when attributes are mapped. */
  static List<String> organisations(Object claim) {
    List<String> out = new ArrayList<>();
    if (claim instanceof JsonArray array) {
      array.forEach(x -> {
        if (x instanceof String s) {
          out.add(s);
        }
      });
    } else if (claim instanceof JsonObject object) {
      out.addAll(object.fieldNames());
    } else if (claim instanceof String s) {
      out.add(s);
    }
    out.sort(null);
    return out;
  }

  private static Set<Role> roles(JsonObject realmAccess) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    if (realmAccess != null && realmAccess.getValue("roles") instanceof JsonArray array) {
      array.forEach(r -> {
        if (r instanceof String s) {
          Role.fromClaim(s).ifPresent(roles::add);
        }
      });
    }
    return roles;
  }

  /** The token was not accepted; the reason is for logs and tests, never for the response body. */
  public static final class InvalidTokenException extends Exception {
    public InvalidTokenException(String reason) {
      super(reason, null, false, false);
    }
  }
}

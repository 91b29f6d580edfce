package se.samverkan.identity;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import se.samverkan.config.AppConfig;
import se.samverkan.shared.DependencyUnavailableException;

/**
 * Looks people and organisations up in Keycloak through the admin REST API, as the
 * {@code samverkan-server} service account. Non-blocking (Vert.x WebClient), so it may be called from
 * handlers; see docs/DECISIONS.md for why not the blocking keycloak-admin-client.
 */
public final class KeycloakDirectory {

  private static final Duration ORGANISATION_CACHE_TTL = Duration.ofMinutes(5);
  private static final Duration TOKEN_EARLY_RENEWAL = Duration.ofSeconds(30);

  private final WebClient client;
  private final AppConfig.Oidc oidc;
  private final String adminBase;
  private final Clock clock;

  private Future<String> serviceToken;
  private Instant serviceTokenRenewAt = Instant.EPOCH;
  private volatile Map<String, Organisation> organisationsByAlias = Map.of();
  private volatile Instant organisationsLoadedAt = Instant.EPOCH;

  private KeycloakDirectory(Vertx vertx, AppConfig.Oidc oidc, Clock clock) {
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setUserAgent("samverkan-server")
        .setConnectTimeout(5_000)
        .setIdleTimeout(30));
    this.oidc = oidc;
    this.adminBase = oidc.internalKeycloakUrl() + "/admin/realms/" + oidc.realm();
    this.clock = clock;
  }

  public static KeycloakDirectory create(Vertx vertx, AppConfig.Oidc oidc) {
    return new KeycloakDirectory(vertx, oidc, Clock.systemUTC());
  }

  /** The person with exactly this username, with organisations and effective realm roles. */
  public Future<Optional<DirectoryUser>> findByUsername(String username) {
    return get("/users", MultiMap.caseInsensitiveMultiMap()
        .add("username", username).add("exact", "true").add("briefRepresentation", "false"))
        .compose(body -> {
          JsonArray users = body.toJsonArray();
          JsonObject match = null;
          for (Object o : users) {
            JsonObject u = (JsonObject) o;
            // exact=true is a filter hint; compare ourselves, case-insensitively as Keycloak stores lower case.
            if (username.equalsIgnoreCase(u.getString("username"))) {
              match = u;
            }
          }
          if (match == null) {
            return Future.succeededFuture(Optional.empty());
          }
          JsonObject user = match;
          String id = user.getString("id");
          return Future.all(roles(id), organisationsOf(id))
              .map(all -> Optional.of(new DirectoryUser(
                  id,
                  user.getString("username"),
                  displayName(user),
                  user.getString("email"),
                  user.getBoolean("enabled", false),
                  all.resultAt(1),
                  all.resultAt(0),
                  user.getBoolean("emailVerified", false))));
        });
  }

  /** The organisation with this alias, from a short-lived cache of the realm's organisations. */
  public Future<Optional<Organisation>> organisation(String alias) {
    if (clock.instant().isBefore(organisationsLoadedAt.plus(ORGANISATION_CACHE_TTL))
        && organisationsByAlias.containsKey(alias)) {
      return Future.succeededFuture(Optional.of(organisationsByAlias.get(alias)));
    }
    return allOrganisations().map(all -> Optional.ofNullable(all.get(alias)));
  }

  /** All organisations by alias, from the short-lived cache when it is fresh. */
  public Future<Map<String, Organisation>> organisations() {
    if (clock.instant().isBefore(organisationsLoadedAt.plus(ORGANISATION_CACHE_TTL))) {
      return Future.succeededFuture(organisationsByAlias);
    }
    return allOrganisations();
  }

  /**
   * The organisations for display names: an empty map when Keycloak cannot be asked, so that a page
   * about a child still renders (with aliases in place of names) while the directory is down.
   */
  public Future<Map<String, Organisation>> organisationNames() {
    return organisations().otherwise(Map.of());
  }

  public Future<Map<String, Organisation>> allOrganisations() {
    return get("/organizations", MultiMap.caseInsensitiveMultiMap()
        .add("briefRepresentation", "true").add("first", "0").add("max", "1000"))
        .map(body -> {
          Map<String, Organisation> byAlias = new ConcurrentHashMap<>();
          for (Object o : body.toJsonArray()) {
            Organisation org = organisation((JsonObject) o);
            byAlias.put(org.alias(), org);
          }
          organisationsByAlias = Map.copyOf(byAlias);
          organisationsLoadedAt = clock.instant();
          return organisationsByAlias;
        });
  }

  private Future<Set<Role>> roles(String userId) {
    return get("/users/" + userId + "/role-mappings/realm/composite", MultiMap.caseInsensitiveMultiMap())
        .map(body -> {
          Set<Role> roles = EnumSet.noneOf(Role.class);
          for (Object o : body.toJsonArray()) {
            Role.fromClaim(((JsonObject) o).getString("name")).ifPresent(roles::add);
          }
          return roles;
        });
  }

  private Future<List<Organisation>> organisationsOf(String userId) {
    return get("/organizations/members/" + userId + "/organizations",
        MultiMap.caseInsensitiveMultiMap().add("briefRepresentation", "true"))
        .map(body -> {
          List<Organisation> orgs = new ArrayList<>();
          for (Object o : body.toJsonArray()) {
            orgs.add(organisation((JsonObject) o));
          }
          orgs.sort((a, b) -> a.alias().compareTo(b.alias()));
          return orgs;
        });
  }

  private static Organisation organisation(JsonObject json) {
    return new Organisation(json.getString("id"), json.getString("alias"), json.getString("name"));
  }

  private static String displayName(JsonObject user) {
    String first = user.getString("firstName", "");
    String last = user.getString("lastName", "");
    String name = (first + " " + last).trim();
    return name.isEmpty() ? user.getString("username") : name;
  }

  /** A GET of the admin REST API as the service account (also {@link KeycloakEvents}'s). */
  Future<Buffer> get(String path, MultiMap query) {
    return token().compose(token -> {
      var request = client.getAbs(adminBase + path).bearerTokenAuthentication(token).timeout(10_000);
      query.forEach(e -> request.addQueryParam(e.getKey(), e.getValue()));
      return request.send();
    }).compose(response -> expectOk(response, path));
  }

  /**
   * Any admin call as the service account (for {@link KeycloakAdmin}); the body is sent as JSON when
   * not null. The response is returned whatever its status: the caller decides.
   */
  Future<HttpResponse<Buffer>> call(io.vertx.core.http.HttpMethod method, String path, Object body) {
    return token().compose(token -> {
      var request = client.requestAbs(method, adminBase + path).bearerTokenAuthentication(token).timeout(10_000);
      return body == null ? request.send() : request.sendJson(body);
    });
  }

  /** A GET of the admin API as the service account, its body when it answered 200. */
  Future<Buffer> read(String path, MultiMap query) {
    return get(path, query);
  }

  static String callShape(String path) {
    return templateOf(path);
  }

  private static Future<Buffer> expectOk(HttpResponse<Buffer> response, String path) {
    if (response.statusCode() == 200) {
      return Future.succeededFuture(response.body() == null ? Buffer.buffer("[]") : response.body());
    }
    return Future.failedFuture(new DirectoryException(
        "Keycloak admin API answered " + response.statusCode() + " for " + templateOf(path)));
  }

  private static String templateOf(String path) {
    // Never log user ids or usernames; only the shape of the call.
    return path.replaceAll("/[0-9a-f-]{36}", "/{id}");
  }

  private synchronized Future<String> token() {
    if (serviceToken != null && clock.instant().isBefore(serviceTokenRenewAt)) {
      return serviceToken;
    }
    Future<String> fresh = client.postAbs(oidc.internalRealmBase() + "/protocol/openid-connect/token")
        .timeout(10_000)
        .sendForm(MultiMap.caseInsensitiveMultiMap()
            .add("grant_type", "client_credentials")
            .add("client_id", oidc.serverClientId())
            .add("client_secret", oidc.serverClientSecret()))
        .compose(response -> {
          if (response.statusCode() != 200) {
            return Future.failedFuture(new DirectoryException(
                "Keycloak refused the service account login (" + response.statusCode() + ")"));
          }
          JsonObject json = response.bodyAsJsonObject();
          long expiresIn = json.getLong("expires_in", 60L);
          synchronized (this) {
            serviceTokenRenewAt = clock.instant().plusSeconds(expiresIn).minus(TOKEN_EARLY_RENEWAL);
          }
          return Future.succeededFuture(json.getString("access_token"));
        });
    fresh.onFailure(err -> {
      synchronized (this) {
        serviceToken = null;
      }
    });
    serviceToken = fresh;
    serviceTokenRenewAt = clock.instant().plus(Duration.ofSeconds(30));
    return fresh;
  }

  /** Keycloak could not be asked; callers answer 503, not "no such user". */
  public static final class DirectoryException extends DependencyUnavailableException {
    public DirectoryException(String message) {
      super(message);
    }
  }
}

package se.samverkan.identity;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;

/** {@code GET /api/me}: who the caller is, as Samverkan sees them. */
public final class MeRoutes {

  private final KeycloakDirectory directory;
  private final KnownUserRepository knownUsers;

  public MeRoutes(KeycloakDirectory directory, KnownUserRepository knownUsers) {
    this.directory = directory;
    this.knownUsers = knownUsers;
  }

  public Future<JsonObject> organisations(RoutingContext ctx) {
    return directory.organisations().map(all -> {
      JsonArray list = new JsonArray();
      all.values().stream().sorted(java.util.Comparator.comparing(Organisation::name))
          .forEach(o -> list.add(new JsonObject().put("alias", o.alias()).put("name", o.name())));
      return new JsonObject().put("organisations", list);
    });
  }

  public Future<JsonObject> me(RoutingContext ctx) {
    Principal principal = BearerAuthHandler.principal(ctx);
    Future<JsonObject> organisation = principal.organisation()
        .map(alias -> directory.organisation(alias)
            .map(found -> found.map(Organisation::name).orElse(alias))
            // The token already proves the membership; only the display name needs Keycloak.
            .otherwise(alias)
            .map(name -> new JsonObject().put("alias", alias).put("name", name)))
        .orElse(Future.succeededFuture(null));
    return knownUsers.recordSeen(principal)
        .compose(v -> organisation)
        .map(org -> new JsonObject()
            .put("username", principal.username())
            .put("name", principal.name())
            .put("organisation", org)
            .put("roles", new JsonArray(principal.roles().stream()
                .sorted(Comparator.naturalOrder())
                .map(Role::claimValue)
                .toList())));
  }
}

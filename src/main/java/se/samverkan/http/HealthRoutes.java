package se.samverkan.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import se.samverkan.store.Database;

/**
 * {@code /health}: the process answers. {@code /ready}: it can do its work, i.e. the database
 * answers and the issuer's signing keys can be fetched. Neither needs a token, so neither says more
 * than up/down per dependency: process figures (heap, connections) tell a stranger how busy the
 * service is and are behind the security team's login ({@code /api/admin/server-status}).
 */
public final class HealthRoutes {

  private final Pool pool;
  private final WebClient client;
  private final String jwksUrl;
  private final JsonObject up;

  public HealthRoutes(Pool pool, WebClient client, String jwksUrl, String version) {
    this.pool = pool;
    this.client = client;
    this.jwksUrl = jwksUrl;
    this.up = new JsonObject().put("status", "UP").put("version", version);
  }

  public void health(RoutingContext ctx) {
    ctx.json(up);
  }

  /** 200 with the checks, or 503 problem+json carrying the same checks. */
  public void ready(RoutingContext ctx) {
    Future<Boolean> database = Database.ping(pool).map(true).otherwise(false);
    Future<Boolean> issuer = client.getAbs(jwksUrl).timeout(3_000).send()
        .map(r -> r.statusCode() == 200)
        .otherwise(false);
    Future.join(database, issuer).onComplete(ar -> {
      boolean dbUp = database.result();
      boolean issuerUp = issuer.result();
      JsonObject checks = new JsonObject()
          .put("database", dbUp ? "UP" : "DOWN")
          .put("issuer", issuerUp ? "UP" : "DOWN");
      if (dbUp && issuerUp) {
        ctx.json(new JsonObject().put("status", "UP").put("checks", checks));
      } else {
        ErrorHandler.send(ctx, Problem.of(ProblemType.SERVICE_UNAVAILABLE,
            "Samverkan når inte " + (dbUp ? "inloggningstjänsten" : issuerUp ? "databasen" : "databasen eller inloggningstjänsten") + ".")
            .with("checks", checks));
      }
    });
  }
}

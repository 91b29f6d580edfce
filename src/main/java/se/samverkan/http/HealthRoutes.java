package se.samverkan.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import se.samverkan.store.Database;

/**
 * {@code /health}: the process answers. {@code /ready}: it can do its work, i.e. the database
 * answers and the issuer's signing keys can be fetched. Neither needs a token; neither says more
 * than up/down per dependency.
 */
public final class HealthRoutes {

  private final Pool pool;
  private final WebClient client;
  private final String jwksUrl;

  public HealthRoutes(Pool pool, WebClient client, String jwksUrl) {
    this.pool = pool;
    this.client = client;
    this.jwksUrl = jwksUrl;
  }

  public void health(RoutingContext ctx) {
    ctx.json(new JsonObject().put("status", "UP"));
  }

  public void ready(RoutingContext ctx) {
    Future<Boolean> database = Database.ping(pool).map(true).otherwise(false);
    Future<Boolean> issuer = client.getAbs(jwksUrl).timeout(3_000).send()
        .map(r -> r.statusCode() == 200)
        .otherwise(false);
    Future.join(database, issuer).onComplete(ar -> {
      boolean dbUp = database.result();
      boolean issuerUp = issuer.result();
      boolean up = dbUp && issuerUp;
      ctx.response().setStatusCode(up ? 200 : 503);
      ctx.json(new JsonObject()
          .put("status", up ? "UP" : "DOWN")
          .put("checks", new JsonObject()
              .put("database", dbUp ? "UP" : "DOWN")
              .put("issuer", issuerUp ? "UP" : "DOWN")));
    });
  }
}

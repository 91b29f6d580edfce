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
  private final java.util.concurrent.atomic.AtomicInteger openWebSockets;

  public HealthRoutes(Pool pool, WebClient client, String jwksUrl, java.util.concurrent.atomic.AtomicInteger openWebSockets) {
    this.pool = pool;
    this.client = client;
    this.jwksUrl = jwksUrl;
    this.openWebSockets = openWebSockets;
  }

  /** Up, plus the process figures an operator (and the load benchmark) watches: heap and live connections. */
  public void health(RoutingContext ctx) {
    java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
    long afterLastGc = 0;
    for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
        afterLastGc += pool.getCollectionUsage().getUsed();
      }
    }
    ctx.json(new JsonObject()
        .put("status", "UP")
        .put("heapUsedBytes", memory.getHeapMemoryUsage().getUsed())
        .put("heapUsedAfterLastGcBytes", afterLastGc)
        .put("heapMaxBytes", memory.getHeapMemoryUsage().getMax())
        .put("webSocketConnections", openWebSockets.get()));
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

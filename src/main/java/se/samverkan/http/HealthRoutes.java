package se.samverkan.http;

import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import se.samverkan.shared.Problem;
import se.samverkan.shared.ProblemType;

/**
 * {@code /health}: the process answers. {@code /ready}: it can do its work, i.e. the database
 * answers and the issuer's signing keys can be fetched. Neither needs a token, so neither says more
 * than up/down per dependency: process figures (heap, connections) tell a stranger how busy the
 * service is and are behind the security team's login ({@code /api/admin/server-status}). The
 * checks are {@link Readiness}'s, shared by the process and a few seconds old at most.
 */
public final class HealthRoutes {

  private final Readiness readiness;
  private final JsonObject up;

  public HealthRoutes(Readiness readiness, String version) {
    this.readiness = readiness;
    this.up = new JsonObject().put("status", "UP").put("version", version);
  }

  public void health(RoutingContext ctx) {
    ctx.json(up);
  }

  /** 200 with the checks, or 503 problem+json carrying the same checks. */
  public void ready(RoutingContext ctx) {
    // The shared check may complete on another event loop: answer on this request's own.
    Context here = ctx.vertx().getOrCreateContext();
    readiness.checks().onComplete(ar -> here.runOnContext(v -> answer(ctx, ar.result())));
  }

  private static void answer(RoutingContext ctx, Readiness.Checks result) {
    boolean dbUp = result.database();
    boolean issuerUp = result.issuer();
    JsonObject checks = new JsonObject()
        .put("database", dbUp ? "UP" : "DOWN")
        .put("issuer", issuerUp ? "UP" : "DOWN");
    if (result.up()) {
      ctx.json(new JsonObject().put("status", "UP").put("checks", checks));
    } else {
      ErrorHandler.send(ctx, Problem.of(ProblemType.SERVICE_UNAVAILABLE,
          "Samverkan når inte " + (dbUp ? "inloggningstjänsten" : issuerUp ? "databasen" : "databasen eller inloggningstjänsten") + ".")
          .with("checks", checks));
    }
  }
}

package se.samverkan.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import se.samverkan.shared.ProblemException;

/** Reading a request that the OpenAPI router has already validated against the contract. */
public final class Requests {

  private Requests() {
  }

  public static UUID uuid(RoutingContext ctx, String pathParam) {
    try {
      return UUID.fromString(ctx.pathParam(pathParam));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ProblemException.invalid("Ogiltigt id.");
    }
  }

  public static JsonObject body(RoutingContext ctx) {
    JsonObject body = ctx.body() == null ? null : ctx.body().asJsonObject();
    if (body == null) {
      throw ProblemException.invalid("Begäran saknar JSON-innehåll.");
    }
    return body;
  }

  public static long longQuery(RoutingContext ctx, String name) {
    try {
      return Long.parseLong(ctx.queryParams().get(name));
    } catch (NumberFormatException | NullPointerException e) {
      throw ProblemException.invalid("Parametern " + name + " måste vara ett heltal.");
    }
  }
}

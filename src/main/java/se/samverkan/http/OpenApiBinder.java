package se.samverkan.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.List;
import java.util.function.Function;

/**
 * Binds handlers to the operations of {@code openapi.yaml}. Requests are validated against the
 * contract before a handler runs; a contract operation without a handler stops the server at start
 * (rather than answering 503 at run time).
 *
 * <p>Authentication is not wired per operation: {@code /api/**} as a whole sits behind the bearer
 * handler, so that an unknown API path also answers 401 to a stranger instead of revealing 404.
 */
public final class OpenApiBinder {

  private final RouterBuilder builder;

  public OpenApiBinder(RouterBuilder builder) {
    this.builder = builder;
  }

  public static OpenApiBinder create(io.vertx.core.Vertx vertx, OpenAPIContract contract) {
    // BodyHandler has already read the body (with a size limit); the validator must take it from the context.
    return new OpenApiBinder(RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler()));
  }

  /** 200 with the JSON the function produces. */
  public OpenApiBinder json(String operationId, Function<RoutingContext, Future<?>> function) {
    return handler(operationId, ctx -> function.apply(ctx)
        .onSuccess(result -> sendJson(ctx, 200, result))
        .onFailure(ctx::fail));
  }

  /** 201 with the JSON the function produces. */
  public OpenApiBinder created(String operationId, Function<RoutingContext, Future<?>> function) {
    return handler(operationId, ctx -> function.apply(ctx)
        .onSuccess(result -> sendJson(ctx, 201, result))
        .onFailure(ctx::fail));
  }

  /** 204 once the function's future completes. */
  public OpenApiBinder noContent(String operationId, Function<RoutingContext, Future<?>> function) {
    return handler(operationId, ctx -> function.apply(ctx)
        .onSuccess(result -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail));
  }

  public OpenApiBinder handler(String operationId, Handler<RoutingContext> handler) {
    OpenAPIRoute route = builder.getRoute(operationId);
    if (route == null) {
      throw new IllegalStateException("openapi.yaml has no operation " + operationId);
    }
    route.setDoSecurity(false).addHandler(ctx -> {
      ctx.put(AccessLogHandler.OPERATION, operationId);
      handler.handle(ctx);
    });
    return this;
  }

  public Router createRouter() {
    List<String> unbound = builder.getRoutes().stream()
        .filter(r -> r.getHandlers().isEmpty())
        .map(r -> r.getOperation().getOperationId())
        .sorted()
        .toList();
    if (!unbound.isEmpty()) {
      throw new IllegalStateException("Operations in openapi.yaml without a handler: " + unbound);
    }
    return builder.createRouter();
  }

  private static void sendJson(RoutingContext ctx, int status, Object result) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json");
    if (result instanceof JsonObject o) {
      ctx.response().end(o.toBuffer());
    } else if (result instanceof JsonArray a) {
      ctx.response().end(a.toBuffer());
    } else {
      ctx.response().end(io.vertx.core.json.Json.encodeToBuffer(result));
    }
  }
}

package se.samverkan.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request. It names the matched route template (e.g. {@code /api/children/:id}),
 * never the concrete path or query, and never headers: paths may carry secrets (RSVP tokens) and
 * queries may carry search terms about people.
 */
public final class AccessLogHandler implements Handler<RoutingContext> {

  public static final String REQUEST_ID = "samverkan.requestId";
  /** Set by {@link OpenApiBinder} to the contract's operationId once a request reaches its handler. */
  public static final String OPERATION = "samverkan.operation";
  private static final Logger LOG = LoggerFactory.getLogger("se.samverkan.access");

  public static AccessLogHandler create() {
    return new AccessLogHandler();
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    String requestId = UUID.randomUUID().toString();
    ctx.put(REQUEST_ID, requestId);
    ctx.response().putHeader("X-Request-Id", requestId);
    ctx.addBodyEndHandler(v -> {
      if (LOG.isInfoEnabled()) {
        long micros = (System.nanoTime() - start) / 1_000;
        LOG.info("{} {} {} {} {}ms", requestId, ctx.request().method(), routeName(ctx),
            ctx.response().getStatusCode(), micros / 1000.0);
      }
    });
    ctx.next();
  }

  /** The operationId, else the matched route template, else the first path segment. */
  static String routeName(RoutingContext ctx) {
    String operation = ctx.get(OPERATION);
    if (operation != null) {
      return operation;
    }
    String path = ctx.request().path();
    if (ctx.currentRoute() != null && ctx.currentRoute().getPath() != null) {
      return ctx.currentRoute().getPath();
    }
    // Unmatched: keep only the first segment so an unknown path cannot smuggle data into the log.
    int second = path.indexOf('/', 1);
    return second > 0 ? path.substring(0, second) + "/…" : path;
  }
}

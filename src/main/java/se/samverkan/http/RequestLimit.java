package se.samverkan.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import se.samverkan.identity.BearerAuthHandler;
import se.samverkan.shared.Problem;
import se.samverkan.shared.ProblemType;

/**
 * Per-user REST request limit, behind {@link BearerAuthHandler}: every refusal writes an access-log
 * row and costs a query, so one account must not be able to send them without bound. Over the limit
 * the answer is 429 problem+json with {@code Retry-After} in whole seconds.
 */
public final class RequestLimit implements Handler<RoutingContext> {

  private final RateLimiter limiter;

  public RequestLimit(RateLimiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long waitNanos = limiter.waitNanos(BearerAuthHandler.principal(ctx).subject());
    if (waitNanos == 0) {
      ctx.next();
      return;
    }
    long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
    ctx.response().putHeader("Retry-After", Long.toString(seconds));
    ErrorHandler.send(ctx, Problem.of(ProblemType.TOO_MANY_REQUESTS,
        "För många förfrågningar på kort tid. Försök igen om " + seconds + " s."));
  }
}
